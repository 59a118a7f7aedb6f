"""What a batch run covers: NCT ids from a file, or a `--query` turned into search parameters.

Both are read and checked whole before any request is made, so a typo costs one `error:` line, not a run.
"""

from __future__ import annotations

import re
from pathlib import Path

from parser.errors import InvalidNctId
from parser.ids import normalize_nct_id
from scraper.settings import SettingsError

QUERY_KEYS = {"condition": "query.cond", "term": "query.term", "intervention": "query.intr",
              "sponsor": "query.spons", "location": "query.locn", "status": "filter.overallStatus"}
"""`--query` keys and the search parameters they become."""

_STATUSES = re.compile(r"[A-Z_]+(?:\|[A-Z_]+)*")


def parse_query(text: str) -> dict[str, str]:
    """`"condition=rectal cancer,status=RECRUITING"` -> search parameters; several statuses join with `|`."""
    params: dict[str, str] = {}
    for pair in text.split(","):
        key, equals, value = (part.strip() for part in pair.partition("="))
        if not equals or not value:
            raise SettingsError(f"--query: {pair.strip()!r} is not key=value (keys: {', '.join(QUERY_KEYS)})")
        if key.lower() not in QUERY_KEYS:
            raise SettingsError(f"--query: unknown key {key!r} (keys: {', '.join(QUERY_KEYS)})")
        if key.lower() == "status" and not _STATUSES.fullmatch(value := value.upper()):
            raise SettingsError(f"--query: status {value!r} is not like RECRUITING or RECRUITING|NOT_YET_RECRUITING")
        params[QUERY_KEYS[key.lower()]] = value
    return params


def read_ids(path: Path) -> list[str]:
    """NCT ids from a file, one a line (`#` starts a comment); every id is checked before any request is made."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read --ids-file {path}: {getattr(error, 'strerror', None) or error}") from None
    ids: dict[str, None] = {}
    for number, line in enumerate(lines, start=1):
        if value := line.split("#", 1)[0].strip():
            try:
                ids.setdefault(normalize_nct_id(value))
            except InvalidNctId as error:
                raise InvalidNctId(f"{path}:{number}: {error}") from None
    if not ids:
        raise SettingsError(f"--ids-file {path} lists no NCT ids")
    return list(ids)
