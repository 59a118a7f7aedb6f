"""The `criteria`, `screen` and `schema` commands: the published JSON contracts in and out.

Kept apart from `cli.py` because all three are about the criteria contract; `cli.py` registers them.
spaCy is imported inside the `criteria` command only, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.options import MaxLabAge, StorePath

_NCT_IN_TEXT = re.compile(r"\bNCT[0-9]{8}\b")


def _read(path: str) -> tuple[str, str | None]:
    """The criteria text of FILE and the trial it names (`-` is stdin; a CT.gov JSON record gives its criteria)."""
    raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        from parser.ctgov import parse_study

        trial = parse_study(raw)
        return trial.eligibility.criteria_text or "", trial.nct_id
    text = _decode(raw)
    found = _NCT_IN_TEXT.search(Path(path).name) or _NCT_IN_TEXT.search(text)
    return text, found.group(0) if found else None


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark); files saved by older Windows tools are often cp1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _parse_file(job: tuple[str, str | None]) -> str:
    """Parse one FILE into one JSON document (runs in a worker process when `--jobs` > 1)."""
    from parser.criteria import parse_criteria

    path, nct_id = job
    text, found = _read(path)
    document = parse_criteria(text, nct_id=nct_id or found, path=None if path == "-" else path)
    return document.model_dump_json(by_alias=True, exclude_none=True)


def criteria(
    files: Annotated[list[str], typer.Argument(help="Criteria text files (markdown, plain, bullets, HTML, a page, or a CT.gov JSON record); - reads stdin.")],
    nct_id: Annotated[str | None, typer.Option("--nct-id", help="The trial the text belongs to (one FILE).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 = all cores.")] = 1,
) -> None:
    """Structure eligibility criteria: one FILE prints one JSON document, several print JSON Lines in order."""
    nct = normalize_nct_id(nct_id) if nct_id else None
    for path in files:
        if path != "-" and not Path(path).is_file():
            raise typer.BadParameter(f"no such file: {path}", param_hint="FILES")
    work = [(path, nct) for path in files]
    workers = os.cpu_count() or 1 if jobs == 0 else jobs
    if len(files) == 1:
        typer.echo(json.dumps(json.loads(_parse_file(work[0])), ensure_ascii=False, indent=2))
        return
    if workers > 1:
        from parser.criteria import pipeline

        pipeline.load()  # built here once: workers forked from this process start with it, sharing its pages
        chunk = max(1, len(work) // (workers * 4))  # few large chunks: each costs a round trip to a worker
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for line in pool.map(_parse_file, work, chunksize=chunk):
                typer.echo(line)
    else:
        for job in work:
            typer.echo(_parse_file(job))


def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write <name>.schema.json files into this directory.")] = None,
    name: Annotated[str | None, typer.Argument(help="criteria, trial or patient; all when omitted.")] = None,
) -> None:
    """Print (or write with --out) the JSON Schemas of the published contracts."""
    from parser.schema import SCHEMAS

    if name is not None and name not in SCHEMAS:
        raise typer.BadParameter(f"unknown schema {name!r}; one of {', '.join(SCHEMAS)}", param_hint="NAME")
    chosen = {name: SCHEMAS[name]} if name else SCHEMAS
    if out is None:
        for generate in chosen.values():
            typer.echo(json.dumps(generate(), ensure_ascii=False, indent=2))
        return
    out.mkdir(parents=True, exist_ok=True)
    for stem, generate in chosen.items():
        (out / f"{stem}.schema.json").write_text(json.dumps(generate(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        typer.echo(f"wrote {out / f'{stem}.schema.json'}")


def _patients(path: Path, failures: list[str]) -> Iterator:
    """Patients from one JSON document (pretty-printed or not) or JSON Lines, validated one by one.

    In JSON Lines a bad line is reported by number and skipped, so one typo does not stop the others;
    `failures` collects the lines for the exit code.
    """
    from parser.errors import ParseError
    from parser.models.patient import patient_from_json

    body = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        whole = json.loads(body)
    except ValueError:
        whole = None
    if isinstance(whole, dict):
        yield patient_from_json(body)
        return
    for number, line in enumerate(body.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield patient_from_json(line)
        except ParseError as error:
            failures.append(f"{path.name} line {number}: {error}")
            typer.echo(f"error: {path.name} line {number}: {' '.join(str(error).split())}", err=True)


def screen(
    criteria_file: Annotated[Path, typer.Option("--criteria", exists=True, dir_okay=False, help="A criteria JSON document (trialwatch criteria output).")],
    patient: Annotated[Path, typer.Option("--patient", exists=True, dir_okay=False, help="A patient JSON document, or JSON Lines of patients.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen as of this date (YYYY-MM-DD); default: each patient's as_of.")] = None,
    uln: Annotated[Path | None, typer.Option("--uln", exists=True, dir_okay=False, help="JSON object: measure (name, key or LOINC) to its upper limit of normal.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON verdict per patient per line.")] = False,
    max_lab_age: MaxLabAge = 28,
) -> None:
    """Screen patients against structured criteria: eligible, ineligible or needs_review, with a reason per criterion."""
    from parser.screen import criteria_from_json, screen_many

    limits = _upper_limits(uln) if uln else None
    day = _date(as_of, "--as-of") if as_of else None
    criteria = criteria_from_json(criteria_file.read_bytes())
    failures: list[str] = []
    for verdict in screen_many(criteria, _patients(patient, failures), as_of=day, uln=limits, max_lab_age=max_lab_age or None):
        if as_json:
            typer.echo(verdict.model_dump_json())
            continue
        _render_verdict(verdict)
    if failures:
        from parser.errors import InvalidPatient

        lines = ", ".join(failure.split(":")[0].rsplit(" ", 1)[-1] for failure in failures)
        raise InvalidPatient(f"{len(failures)} patient(s) of {patient.name} could not be read (line {lines}); the others were screened")


def _upper_limits(path: Path) -> dict[str, float]:
    """`--uln`: a JSON object from a measure (name, key or LOINC) to its upper limit of normal, a number."""
    from scraper.settings import SettingsError

    try:
        limits = json.loads(path.read_bytes())
    except (ValueError, OSError) as error:
        raise SettingsError(f"--uln {path}: not a JSON object ({error})") from None
    if not isinstance(limits, dict):
        raise SettingsError(f"--uln {path}: want a JSON object of measure to number, got {type(limits).__name__}")
    bad = [name for name, value in limits.items() if isinstance(value, bool) or not isinstance(value, (int, float))]
    if bad:
        raise SettingsError(f"--uln {path}: the limit of {bad[0]!r} is not a number")
    return {name: float(value) for name, value in limits.items()}


def _date(text: str, option: str) -> dt.date:
    from scraper.settings import SettingsError

    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise SettingsError(f"{option} {text!r}: not a date YYYY-MM-DD ({error})") from None


def _render_verdict(verdict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    style = {"eligible": "green", "ineligible": "red", "needs_review": "yellow"}[verdict.verdict]
    who = f"patient {verdict.patient_id} " if verdict.patient_id else ""
    console.print(f"[bold {style}]{verdict.verdict}[/] {who}{verdict.nct_id or ''} as of {verdict.as_of or 'today'}", highlight=False)
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
    ids_file: Annotated[Path | None, typer.Option("--ids-file", exists=True, dir_okay=False, help="Only these trials: one NCT id per line.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Screen as of this date (YYYY-MM-DD); default: the patient's as_of.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON verdict per trial per line, best match first.")] = False,
    max_lab_age: MaxLabAge = 28,
) -> None:
    """Screen one patient against the latest criteria of every trial in the store (or those of --ids-file), ranked."""
    from parser.match import deciding_reason, open_criteria
    from scraper.matching import match_patient
    from scraper.settings import Settings
    from scraper.store import SQLiteStore

    day = _date(as_of, "--as-of") if as_of else None
    failures: list[str] = []
    (person, *more) = list(_patients(patient, failures)) or [None]
    if person is None or more or failures:
        from scraper.settings import SettingsError

        raise SettingsError(f"--patient {patient}: want exactly one readable patient")
    settings = Settings.from_env(store=store)
    wanted = [normalize_nct_id(line) for line in ids_file.read_text(encoding="utf-8").split() if line.strip()] if ids_file else None
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened:
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
