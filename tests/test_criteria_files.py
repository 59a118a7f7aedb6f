"""scraper.criteria_files, the service behind `trialwatch criteria`: every file's result in order, the same in this
process as in forked workers, a failure as data naming its file; and `scraper.pool.forked_pool`, which warms up
before it forks."""

import json
import os
from pathlib import Path

from scraper.criteria_files import structure_file, structured
from scraper.pool import forked_pool


def _work(tmp_path: Path) -> list[tuple[str, str | None, int | None]]:
    named = tmp_path / "NCT01234567.txt"
    named.write_text("Inclusion Criteria:\n* Age ≥ 18 years\n", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("Exclusion Criteria:\n* Platelets < 100 × 10^9/L\n", encoding="utf-8")
    binary = tmp_path / "binary.bin"
    binary.write_bytes(bytes(range(256)))
    return [(str(named), None, None), (str(binary), None, None), (str(plain), "NCT07654321", None)]


def test_workers_give_what_this_process_gives_in_the_same_order(tmp_path: Path) -> None:
    work = _work(tmp_path)
    with structured(work, 0) as here:
        alone = list(here)
    with structured(work, 2) as forked:
        assert list(forked) == alone
    (ok, first), (code, error), (_, last) = alone
    assert (ok, json.loads(first)["nct_id"], json.loads(last)["nct_id"]) == (0, "NCT01234567", "NCT07654321")
    assert code == 5 and error.startswith(work[1][0]) and "is not text" in error


def test_a_missing_file_is_its_error_line_not_a_raise(tmp_path: Path) -> None:
    code, line = structure_file((str(tmp_path / "gone.txt"), None, None))
    assert code != 0 and "gone.txt" in line


def _pid_and_warm(_: int) -> tuple[int, bool]:
    return os.getpid(), bool(os.environ.get("TRIALWATCH_TEST_WARM"))


def test_a_forked_pool_runs_its_warm_up_here_before_forking(monkeypatch) -> None:
    def warm_up() -> None:
        monkeypatch.setenv("TRIALWATCH_TEST_WARM", "1")

    with forked_pool(2, warm_up) as pool:
        results = list(pool.map(_pid_and_warm, range(4)))
    assert all(warm and pid != os.getpid() for pid, warm in results)
