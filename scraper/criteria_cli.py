"""The `criteria`, `screen`, `match` and `schema` commands: the published JSON contracts in and out.

Kept apart from `cli.py` because all four are about the criteria contract; `cli.py` registers them. Structuring
many files (in worker processes) is `scraper.criteria_files`' job; spaCy is loaded only when criteria are parsed, so
the rest of the CLI starts fast.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.inputs import InputSize, read_input
from scraper.options import Jobs, MaxLabAge, StorePath
from scraper.outputs import OutputError, output_dir
from scraper.settings import SettingsError

if TYPE_CHECKING:  # types only: the command imports the screener when it runs, to keep start-up fast
    from parser.models.patient import Patient
    from parser.screen import Verdict

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


def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write <name>.schema.json files into this directory.")]
    = None,
    name: Annotated[str | None, typer.Argument(help="A contract (criteria, trial, patient, verdict, diff) or a "
                                               "command whose --json it describes (track, fetch, history, stats, "
                                               "changes, reparse); all when omitted.")] = None,
) -> None:
    """Print (or write with --out) the JSON Schemas of the published contracts and of every command's --json
    output: one schema, or one JSON object of all of them keyed by name."""
    from parser.schema import SCHEMAS
    from scraper.reports import REPORT_SCHEMAS

    schemas = {**SCHEMAS, **REPORT_SCHEMAS}
    if name is not None and name not in schemas:
        raise SettingsError(f"unknown schema {name!r}; one of {', '.join(schemas)}")
    chosen = {name: schemas[name]} if name else schemas
    if out is None:
        document = chosen[name]() if name else {stem: generate() for stem, generate in chosen.items()}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    folder = output_dir(out)
    for stem, generate in chosen.items():
        path = folder / f"{stem}.schema.json"
        try:
            path.write_text(json.dumps(generate(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            raise OutputError(f"--out: cannot write {path}: {error.strerror or error}") from None
        typer.echo(f"wrote {out / path.name}")


def _patients(path: Path, failed: list[int]) -> Iterator[Patient]:
    """The patients of `path`; a JSON Lines line that is none is one `error:` line, its number kept in `failed`."""
    from parser.screen.intake import PatientLineError, patients_from_json
    from scraper.cli import report

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

    limits = _upper_limits(uln) if uln else None
    day = _date(as_of, "--as-of") if as_of else None
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


def _upper_limits(path: Path) -> dict[str, float]:
    """`--uln`: a JSON object from a measure (name, key or LOINC) to its upper limit of normal, a number."""
    try:
        limits = json.loads(path.read_bytes())
    except (ValueError, OSError, RecursionError) as error:
        raise SettingsError(f"--uln {path}: not a JSON object ({' '.join(str(error).split())[:200]})") from None
    if not isinstance(limits, dict):
        raise SettingsError(f"--uln {path}: want a JSON object of measure to number, got {type(limits).__name__}")
    bad = [name for name, value in limits.items()
           if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf")]
    if bad:
        raise SettingsError(f"--uln {path}: the limit of {bad[0]!r} is not a finite positive number")
    return {name: float(value) for name, value in limits.items()}


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise SettingsError(f"{option} {text!r}: not a date YYYY-MM-DD ({error})") from None


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

    day = _date(as_of, "--as-of") if as_of else None
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
