"""The stored versions `history` lists and `diff` compares: read from the store, and chosen by the labels
`history` shows, each refusal one typed line naming what is stored."""

from __future__ import annotations

from collections.abc import Sequence

from scraper.errors import NotTracked
from scraper.settings import Settings, SettingsError
from scraper.store import StoredVersion
from scraper.stores import open_store


def stored_versions(settings: Settings, nct_ids: Sequence[str]) -> list[StoredVersion]:
    """Every stored version of each trial, ClinicalTrials.gov's then ClinConnect's, oldest first in each source's
    order; `NotTracked` names the trials of which nothing is stored."""
    with open_store(settings) as opened:
        versions = [version for nct_id in nct_ids for source in ("ctgov", "clinconnect")
                    for version in opened.versions(nct_id, source)]
    if missing := [nct_id for nct_id in nct_ids if not any(v.nct_id == nct_id for v in versions)]:
        raise _not_tracked(missing, settings)
    return versions


def version_pair(settings: Settings, nct_id: str, from_label: str | None, to_label: str | None
                 ) -> tuple[StoredVersion, StoredVersion]:
    """The two parsed ClinicalTrials.gov versions a diff compares: `to_label` (default the latest) and `from_label`
    (default the one before it). ClinConnect pages are listed by `history` but never diffed."""
    with open_store(settings) as opened:
        parsed = [v for v in opened.versions(nct_id, "ctgov") if v.trial is not None]
        pages = [v.label for v in opened.versions(nct_id, "clinconnect")]
    if not parsed and not pages:
        raise _not_tracked([nct_id], settings)
    labels = [v.label for v in parsed]
    for label in (from_label, to_label):
        if label in pages:
            raise SettingsError(f"{label} is a ClinConnect page of {nct_id}; diff compares ClinicalTrials.gov "
                                f"versions: {', '.join(labels) or 'none stored'}")
        if label is not None and label not in labels:
            raise SettingsError(f"{nct_id} has no parsed version {label!r}; stored: {', '.join(labels) or 'none'}")
    new = labels.index(to_label) if to_label else len(parsed) - 1
    old = labels.index(from_label) if from_label else new - 1
    if old < 0 or new < 0:
        raise SettingsError(f"{nct_id} has {len(parsed)} parsed version(s) stored: nothing to diff "
                            "(run `trialwatch track` first)")
    return parsed[old], parsed[new]


def _not_tracked(nct_ids: Sequence[str], settings: Settings) -> NotTracked:
    return NotTracked(f"no stored version of {', '.join(nct_ids)} in {settings.store} (run `trialwatch track` first)")
