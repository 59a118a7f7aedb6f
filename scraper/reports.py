"""What `--json` prints: one pydantic model per command's output, so programs read a declared shape, published as a
JSON Schema beside the contracts' (`REPORT_SCHEMAS`, written by `trialwatch schema`).

`track` prints a `TrackReport` whether it refreshed one trial or a portfolio: a run over NCT ids lists every
trial, a batch run lists the trials that changed or failed and counts the rest. What a service answers in a shape
of its own is declared beside it and only listed here: the store's `StoreStats` and `ChangedVersion`, the
re-parse's `ReparseReport`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from parser.models.diff import TrialDiff
from parser.models.trial import ListingPage, MergedTrial, Trial
from parser.schema import published
from scraper.reparse import ReparseReport
from scraper.store import ChangedVersion, StoreStats

Outcome = Literal["first_version", "changed", "unchanged", "failed"]


class _Report(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)


class StepReport(_Report):
    """A new version against the one before it: a line per change, and the whole diff where the run kept it."""

    from_version: str | None = Field(description="The version before (null when the batch run did not keep it).")
    to_version: str
    title: str = Field(description="The new version's label and the source's date, as the text output shows it.")
    summary: list[str]
    diff: TrialDiff | None = None


class TrialReport(_Report):
    nct_id: str
    outcome: Outcome
    latest: str | None = Field(description="The latest parsed ClinicalTrials.gov version, as `diff --to` takes it.")
    new_versions: list[str]
    steps: list[StepReport]
    page_changes: list[str]
    problems: list[str] = Field(description="Notes and errors for this trial, one line each.")


class TrackCounts(_Report):
    seen: int
    new_versions: int
    unchanged: int
    failed: int


class TrackReport(_Report):
    trials: list[TrialReport]
    counts: TrackCounts
    notes: list[str]
    undone: list[str] = Field(description="Trials not asked for because the source stopped answering.")


class FetchItem(_Report):
    nct_id: str
    source: str
    url: str
    status: int
    sha256: str
    new_body: bool
    record: Trial | ListingPage


class FetchReport(_Report):
    fetches: list[FetchItem]
    trials: list[MergedTrial]


class VersionReport(_Report):
    """A stored version as `history --json` lists it (without the parsed trial: `versions/` files carry that)."""

    nct_id: str
    label: str
    source: str
    version: int | None
    observed_on: str | None
    source_date: str | None
    body_sha256: str
    parser_version: str
    parse_error: str | None


class HistoryReport(RootModel[list[VersionReport]]):
    """`history --json`: the stored versions of the trials asked about, oldest first in the source's order."""

    model_config = ConfigDict(frozen=True)


class ChangesReport(RootModel[list[ChangedVersion]]):
    """`changes --json`: one item per version, by date then NCT id."""

    model_config = ConfigDict(frozen=True)


REPORT_SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    name: partial(published, model, name, "serialization") for name, model in (
        ("track", TrackReport), ("fetch", FetchReport), ("history", HistoryReport), ("stats", StoreStats),
        ("changes", ChangesReport), ("reparse", ReparseReport))}
"""The command whose `--json` a schema describes (`extracted/schema/<command>.schema.json`) to its generator."""
