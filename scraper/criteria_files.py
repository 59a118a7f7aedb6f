"""Structuring criteria files (`trialwatch criteria`): one file's job, and every file's result in order, here or
in worker processes. The command only checks its options and prints what comes back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from scraper.errors import TrialwatchError
from scraper.exits import exit_code
from scraper.inputs import read_text

Job = tuple[str, str | None, int | None]
"""A file to structure: its path (`-` is stdin), the trial it belongs to when the user named one, the size cap."""

WARM_UP = ("Inclusion Criteria:\n* Age ≥ 18 years\n* ANC ≥ 1.5 × 10^9/L within 28 days of enrollment\n"
           "Exclusion Criteria:\n* Pregnant")
"""A text that takes the engine through its stages, parsed before workers are forked."""


def structure_file(job: Job) -> tuple[int, str]:
    """One file as `(0, its JSON document)`, or `(exit code, the error line naming it)`: in a worker process a
    failure comes back as data, so the other files still come out."""
    from parser.criteria import parse_criteria
    from parser.documents import criteria_input

    path, nct_id, max_input = job
    try:
        text, found = criteria_input(read_text(path, max_input), Path(path).name)
    except TrialwatchError as error:
        message = " ".join(str(error).split())
        return exit_code(error), message if message.startswith((path, "stdin")) else f"{path}: {message}"
    document = parse_criteria(text, nct_id=nct_id or found, path=None if path == "-" else path)
    return 0, document.model_dump_json(by_alias=True, exclude_none=True)


@contextmanager
def structured(work: Sequence[Job], jobs: int) -> Iterator[Iterator[tuple[int, str]]]:
    """Each file's result in order: in this process (`jobs` 0, or one file), else from `jobs` worker processes
    forked once the engine is warm, in few large chunks (each costs a round trip to a worker)."""
    if jobs == 0 or len(work) == 1:
        yield (structure_file(job) for job in work)
        return
    from parser.criteria import parse_criteria
    from scraper.pool import forked_pool

    with forked_pool(jobs, lambda: parse_criteria(WARM_UP)) as pool:
        yield pool.map(structure_file, work, chunksize=max(1, len(work) // (jobs * 4)))
