"""`trialwatch schema`: the JSON Schemas of the published contracts and of every command's `--json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scraper.outputs import OutputError, output_dir
from scraper.settings import SettingsError


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
