"""`scraper.inputs.read_upper_limits`: the `screen --uln` table, read and checked before any patient is screened."""

import re
from pathlib import Path

import pytest

from scraper.inputs import read_upper_limits
from scraper.settings import SettingsError


def _table(tmp_path: Path, body: str) -> str:
    path = tmp_path / "uln.json"
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_whole_and_decimal_limits_are_read_as_numbers(tmp_path: Path) -> None:
    assert read_upper_limits(_table(tmp_path, '{"ALT": 40, "1975-2": 1.2}')) == {"ALT": 40.0, "1975-2": 1.2}


@pytest.mark.parametrize(("body", "why"), [
    ("[1, 2]", "got list"), ('"ALT"', "got str"), ("40", "got int"), ("{bad json", "not a JSON object"),
    ('{"ALT": "forty"}', "'ALT' is not"), ('{"ALT": true}', "'ALT' is not"), ('{"ALT": 0}', "'ALT' is not"),
    ('{"ALT": -40}', "'ALT' is not"), ('{"ALT": NaN}', "'ALT' is not"), ('{"ALT": Infinity}', "'ALT' is not"),
    ('{"ALT": 1' + "0" * 400 + "}", "'ALT' is not"),
])
def test_a_table_that_is_not_an_object_of_positive_numbers_is_one_usage_error_naming_the_option(
        tmp_path: Path, body: str, why: str) -> None:
    path = _table(tmp_path, body)
    with pytest.raises(SettingsError, match=f"^--uln {re.escape(path)}: .*{why}"):
        read_upper_limits(path)


def test_a_missing_table_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="no such file"):
        read_upper_limits(str(tmp_path / "absent.json"))
