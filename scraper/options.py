"""Command-line options several commands share, defined once so their names and help never drift apart."""

from __future__ import annotations

from typing import Annotated

import typer

StorePath = Annotated[str | None, typer.Option(
    "--store", metavar="PATH|URL", help="SQLite store file, or postgresql://user@host:port/db (env TRIALWATCH_STORE; "
    "default: a file in the user data dir)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]
MaxLabAge = Annotated[float, typer.Option(
    "--max-lab-age", min=0, help="Days a reading stays current when a criterion states no window; 0: no limit.")]
