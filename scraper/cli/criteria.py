"""`trialwatch criteria`: eligibility criteria files structured into criteria documents.

Structuring many files (in worker processes) is `scraper.criteria_files`' job; spaCy is loaded only when criteria
are parsed, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.cli.common import InputSize, Jobs
from scraper.settings import SettingsError

PROGRESS_EVERY = 10.0
"""Seconds between two progress lines on stderr in a run over many files."""


def criteria(
    files: Annotated[list[str], typer.Argument(help="Criteria text files (markdown, plain, bullets, HTML, a page, "
                                               "or a CT.gov JSON record); - reads stdin.")],
    nct_id: Annotated[str | None, typer.Option("--nct-id", help="The trial the text belongs to (one FILE only).")]
    = None,
    jobs: Jobs = None,
    max_input: InputSize = None,
) -> None:
    """Structure eligibility criteria: one FILE prints one JSON document, several print JSON Lines in order.

    A file that cannot be read or is not text is one `error:` line naming it; the others still come out, and the
    exit code is the first failure's.
    """
    if nct_id is not None and len(files) != 1:
        raise SettingsError(f"--nct-id names the trial of one FILE; {len(files)} were given")
    from scraper.criteria_files import structured

    nct = normalize_nct_id(nct_id) if nct_id else None
    work = [(path, nct, max_input) for path in files]
    failures = []
    with structured(work, jobs or 0) as results:
        shown = started = time.monotonic()
        for done, (code, line) in enumerate(results, start=1):
            if code:
                typer.echo(f"error: {line}", err=True)
                failures.append(code)
            elif len(work) == 1:
                typer.echo(json.dumps(json.loads(line), ensure_ascii=False, indent=2))
            else:
                typer.echo(line)
            if time.monotonic() - shown >= PROGRESS_EVERY:
                shown = time.monotonic()
                typer.echo(f"criteria: {done}/{len(work)} files in {shown - started:.0f} s", err=True)
    if failures:
        raise typer.Exit(failures[0])
