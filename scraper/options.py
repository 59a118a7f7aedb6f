"""Command-line options several commands share, defined once so their names and help never drift apart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scraper.settings import DEFAULT_CLINCONNECT_URL, DEFAULT_CTGOV_URL

StorePath = Annotated[Path | None, typer.Option(
    "--store", help="SQLite store file (env TRIALWATCH_STORE; default in the user data dir)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]
MaxLabAge = Annotated[float, typer.Option(
    "--max-lab-age", min=0, help="Days a reading stays current when a criterion states no window; 0: no limit.")]
Broker = Annotated[str | None, typer.Option(
    "--broker", metavar="URL", help="Redis URL of distributed runs (env TRIALWATCH_BROKER; default "
    "redis://127.0.0.1:6379/0)")]

CtgovUrl = Annotated[str | None, typer.Option(
    "--ctgov-url", help=f"ClinicalTrials.gov base URL (env TRIALWATCH_CTGOV_URL; default {DEFAULT_CTGOV_URL})")]
ClinconnectUrl = Annotated[str | None, typer.Option(
    "--clinconnect-url",
    help=f"ClinConnect base URL (env TRIALWATCH_CLINCONNECT_URL; default {DEFAULT_CLINCONNECT_URL})")]
