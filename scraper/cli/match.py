"""`trialwatch match`: one patient against the latest criteria of the store's trials, best match first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scraper.cli.common import MaxLabAge, StorePath, iso_date
from scraper.inputs import read_input


def match(
    patient: Annotated[Path, typer.Option("--patient", exists=True, dir_okay=False, help="One patient JSON document.")],
    store: StorePath = None,
    ids_file: Annotated[Path | None, typer.Option(
        "--ids-file", exists=True, dir_okay=False, help="Only these trials: one NCT id per line.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Screen as of this date (YYYY-MM-DD); default: the patient's as_of.")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON verdict per trial per line, best match first.")] = False,
    max_lab_age: MaxLabAge = 28,
) -> None:
    """Screen one patient against the latest criteria of every trial in the store (or those of --ids-file), ranked."""
    from parser.match import deciding_reason, open_criteria
    from parser.screen.intake import patient_from_json
    from scraper.batch.selection import read_ids
    from scraper.matching import match_patient
    from scraper.settings import Settings
    from scraper.stores import open_store

    day = iso_date(as_of, "--as-of") if as_of else None
    person = patient_from_json(read_input(str(patient)))
    settings = Settings.from_env(store=store)
    wanted = read_ids(ids_file) if ids_file else None
    with open_store(settings) as opened:
        ranked = match_patient(opened, person, nct_ids=wanted, as_of=day, max_lab_age=max_lab_age or None)
    if as_json:
        for verdict in ranked:
            typer.echo(verdict.model_dump_json())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("trial", "verdict", "open criteria", "deciding", show_header=True, header_style="bold")
    for verdict in ranked:
        table.add_row(verdict.nct_id or "?", verdict.verdict, str(open_criteria(verdict)), deciding_reason(verdict))
    Console().print(table)
