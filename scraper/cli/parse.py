"""`trialwatch parse`: a saved record or page, whichever it is (`parser.documents` says), printed as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scraper.cli.common import InputSize
from scraper.inputs import read_input


def parse(
    file: Annotated[Path, typer.Argument(help="A CT.gov JSON record, or a ClinConnect page (HTML or its text).")],
    max_input: InputSize = None,
) -> None:
    """Parse a saved record or page, detecting which it is, and print the result as JSON."""
    from parser.documents import parse_saved

    parsed = parse_saved(read_input(str(file), max_input))
    if not isinstance(parsed, list):
        typer.echo(parsed.model_dump_json(indent=2))
    elif len(parsed) == 1:
        typer.echo(parsed[0].model_dump_json(indent=2))
    else:
        typer.echo(json.dumps([t.model_dump(mode="json") for t in parsed], ensure_ascii=False, indent=2))
