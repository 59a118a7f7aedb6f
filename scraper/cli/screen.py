"""`trialwatch screen`: patients of a file against a criteria document, a verdict each.

The patient file is read by `parser.screen.intake`, the `--uln` table by `scraper.inputs`; this command hands them
the files, prints each verdict and an `error:` line for each patient it could not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scraper.cli.common import MaxLabAge, iso_date, report
from scraper.inputs import read_input, read_upper_limits

if TYPE_CHECKING:  # types only: the command imports the screener when it runs, to keep start-up fast
    from parser.models.patient import Patient
    from parser.screen import Verdict


def _patients(path: Path, failed: list[int]) -> Iterator[Patient]:
    """The patients of `path`; a JSON Lines line that is none is one `error:` line, its number kept in `failed`."""
    from parser.screen.intake import PatientLineError, patients_from_json

    for entry in patients_from_json(path.read_bytes()):
        if isinstance(entry, PatientLineError):
            failed.append(entry.line)
            report(f"{path.name} line {entry.line}: {entry.error}")
        else:
            yield entry


def screen(
    criteria_file: Annotated[Path, typer.Option(
        "--criteria", exists=True, dir_okay=False, help="A criteria JSON document (trialwatch criteria output).")],
    patient: Annotated[Path, typer.Option(
        "--patient", exists=True, dir_okay=False, help="A patient JSON document, or JSON Lines of patients.")],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Screen as of this date (YYYY-MM-DD); default: each patient's as_of.")] = None,
    uln: Annotated[Path | None, typer.Option(
        "--uln", exists=True, dir_okay=False,
        help="JSON object: measure (name, key or LOINC) to its upper limit of normal.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON verdict per patient per line.")] = False,
    max_lab_age: MaxLabAge = 28,
) -> None:
    """Screen patients against structured criteria: eligible, ineligible or needs_review, with a reason per
    criterion."""
    from parser.screen import criteria_from_json, screen_many

    limits = read_upper_limits(str(uln)) if uln else None
    day = iso_date(as_of, "--as-of") if as_of else None
    criteria = criteria_from_json(read_input(str(criteria_file)))
    failed: list[int] = []
    patients = _patients(patient, failed)
    for verdict in screen_many(criteria, patients, as_of=day, uln=limits, max_lab_age=max_lab_age or None):
        if as_json:
            typer.echo(verdict.model_dump_json())
            continue
        _render_verdict(verdict)
    if failed:
        from parser.errors import InvalidPatient

        raise InvalidPatient(f"{len(failed)} patient(s) of {patient.name} could not be read (line "
                             f"{', '.join(map(str, failed))}); the others were screened")


def _render_verdict(verdict: Verdict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    style = {"eligible": "green", "ineligible": "red", "needs_review": "yellow"}[verdict.verdict]
    who = f"patient {verdict.patient_id} " if verdict.patient_id else ""
    console.print(f"[bold {style}]{verdict.verdict}[/] {who}{verdict.nct_id or ''} as of {verdict.as_of or 'today'}",
                  highlight=False)
    table = Table("criterion", "result", "reason", show_header=True, header_style="bold")
    for result in verdict.criteria:
        mark = "*" if result.id in verdict.deciding else ""
        table.add_row(f"{result.id}{mark}", result.result, result.reason + (" (computed)" if result.computed else ""))
    console.print(table)
    for flag in verdict.flags:
        console.print(f"flag {flag.field}: {flag.message}", markup=False, highlight=False)
