"""Tracking: bring a trial's stored versions up to date, and say what changed since the version before.

One run per trial: backfill ClinicalTrials.gov's record history (the change list, then each version not stored
yet), observe the live record, and store every version whose content is new. Versions are ordered by the
source (history numbers, then the source's dates), never by the local clock. The history endpoints are
undocumented: the first time they fail or change shape, history is switched off for the run, the reason is
given once, and tracking goes on from live observations. A history version whose body cannot be parsed is
kept raw with its reason and reported; the others go on. Each version is stored in its own transaction, so a
failure mid-run leaves every earlier state intact.

Parsing and diffing are `parser`'s pure functions; this module only decides what to fetch, store and compare.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import count as count_from
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parser.errors import MalformedRecord, ParseError
from parser.ids import normalize_nct_id
from scraper.errors import FetchError
from scraper.settings import SettingsError
from scraper.store import NewVersion, Store, StoredVersion, field_paths, stored_document, with_version

if TYPE_CHECKING:
    from pydantic import BaseModel

    from parser.models.criteria import Criteria
    from parser.models.diff import TrialDiff
    from parser.models.trial import Trial
    from scraper.http import Client
    from scraper.records import FetchResult

VOLATILE = {"ctgov": {"version_holder"}, "clinconnect": {"current_as_of"}}
"""Fields that change without the record changing (the database's data version, the page's "current as of")."""


@dataclass(frozen=True)
class Source:
    """How to fetch and parse one source; functions are named, not imported, until used (spaCy is slow)."""

    fetch: str
    parse: str
    title: str
    status: str


SOURCES: dict[str, Source] = {
    "ctgov": Source("scraper.ctgov.fetch_study", "parser.ctgov.parse_study", "brief_title", "overall_status"),
    "clinconnect": Source("scraper.clinconnect.fetch_page", "parser.clinconnect.parse_page", "title", "status"),
}


def load(dotted: str) -> Callable[..., Any]:
    """The function named `module.name`, imported on first use."""
    module, name = dotted.rsplit(".", 1)
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


@dataclass(frozen=True)
class Observation:
    """A live fetch, parsed but not yet stored: `body` is the stored one when the source answered 304."""

    result: FetchResult
    body: bytes
    model: Any


def observe(client: Client, store: Store, source: str, nct_id: str, *, conditional: bool = True) -> Observation:
    """Fetch (conditionally, if fetched before) and parse; raises before anything is stored if either fails."""
    spec = SOURCES[source]
    previous = store.latest_fetch(nct_id, source)
    validators = previous.headers if previous and conditional else {}
    result = load(spec.fetch)(client, nct_id, etag=validators.get("etag"),
                              last_modified=validators.get("last-modified"))
    body = store.body(previous.body_sha256) if result.unchanged and previous and previous.body_sha256 else result.body
    try:
        model = load(spec.parse)(body)
    except ParseError as error:  # name the trial and URL: with many trials the bare reason is not enough
        raise type(error)(f"{nct_id} from {result.url}: {error}") from None
    if model.nct_id != nct_id:
        raise MalformedRecord(f"asked {result.url} for {nct_id}, got {model.nct_id}")
    return Observation(result, body, model)


def parser_version() -> str:
    """What parsed a stored version: re-parse when this changes (the raw body is kept for that)."""
    from parser.criteria import PARSER_VERSION

    return f"criteria {PARSER_VERSION}"


@dataclass(frozen=True)
class Step:
    """One version and the version before it, with what changed between them."""

    old: StoredVersion
    new: StoredVersion
    diff: TrialDiff


@dataclass
class Tracked:
    """What one run found for one trial."""

    nct_id: str
    new_versions: list[StoredVersion] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    page_changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    latest: StoredVersion | None = None
    timeline: list[StoredVersion] = field(default_factory=list)
    """Every ClinicalTrials.gov version stored after the run, in the source's order (what `write_extracted` writes)."""
    diffs: dict[int, TrialDiff] = field(default_factory=dict)
    """Each version this run stored, by id: its diff from the version before it, made from the models just parsed
    when it was stored; its step reuses it instead of validating both versions back and diffing again."""

    @property
    def changed(self) -> bool:
        """A version that differs from the one before it was seen for the first time in this run."""
        return any(step.diff.has_changes for step in self.steps) or bool(self.page_changes)


class Tracker:
    """Tracks trials against one store with one client per source; remembers across trials that history is down."""

    def __init__(self, store: Store, ctgov: Client, clinconnect: Client | None = None, *,
                 history: bool = True) -> None:
        self.store, self.ctgov, self.clinconnect = store, ctgov, clinconnect
        self.history_unavailable: str | None = None if history else "switched off (--no-history)"

    def track(self, nct_id: str, stored: list[StoredVersion]) -> Tracked:
        """Backfill history, observe the live record, store what is new, and diff each new version. `stored` is the
        trial's ClinicalTrials.gov versions as read before the run (`store.versions`): each stored version is read
        and decoded once per run, and every step adds what it stores to that list for the next."""
        tracked = Tracked(nct_id)
        before = {version.id for version in stored}
        timeline = self._observe_record(nct_id, tracked, self.backfill(nct_id, tracked, stored))
        tracked.timeline = timeline
        tracked.new_versions = [version for version in timeline if version.id not in before]
        parsed = [version for version in timeline if version.trial is not None]
        tracked.steps = steps(parsed, known=before, diffs=tracked.diffs)
        tracked.latest = parsed[-1] if parsed else None
        return tracked

    def observe_page(self, nct_id: str, tracked: Tracked, history: list[StoredVersion]) -> str | None:
        """Store the ClinConnect page as a version when its content (not its "current as of") is new, `history`
        being the trial's ClinConnect versions as stored; returns the new version's label, or None when the page
        was the same."""
        if self.clinconnect is None:
            return None
        observation = observe(self.clinconnect, self.store, "clinconnect", nct_id, conditional=bool(history))
        page = stored_document(observation.model) or {}
        latest = history[-1].trial if history else None
        changed = _changed_fields(latest, page, VOLATILE["clinconnect"]) if latest is not None else []
        if observation.result.unchanged or (latest is not None and not changed):
            self.store.save_fetch(nct_id, "clinconnect", observation.result)
            return None
        current = page.get("current_as_of")
        stored, _ = self.store.save_version(nct_id, "clinconnect", observation.result, NewVersion(
            version=None, observed_on=observation.result.served_at, source_date=current, trial=observation.model,
            criteria=None, parser_version=parser_version(), changed=field_paths([f"/{name}" for name in changed])))
        tracked.page_changes = [f"ClinConnect page changed: {name}" for name in changed]
        return stored.label

    def backfill(self, nct_id: str, tracked: Tracked, stored: list[StoredVersion]) -> list[StoredVersion]:
        """Store every version the record's history lists and `stored` (the trial's versions as stored) lacks;
        problems go to `tracked`. Returns `stored` with the versions this stored, in the source's order."""
        if self.history_unavailable is not None:
            return stored
        from scraper.ctgov import fetch_history, fetch_version

        try:
            history = fetch_history(self.ctgov, nct_id)
            entries = history.entries()
        except (FetchError, MalformedRecord) as error:
            self.history_unavailable = " ".join(str(error).split())
            return stored
        self.store.save_fetch(nct_id, "ctgov", history.fetch)
        if not entries:
            tracked.problems.append(f"{nct_id}: the history lists no versions")
            return stored
        if gaps := skipped_versions({entry.version for entry in entries}):
            tracked.problems.append(f"{nct_id}: the history skips {gaps}")
        numbered = {version.version: version for version in stored if version.version is not None}
        for entry in entries:
            if entry.version in numbered:
                continue
            try:
                result = fetch_version(self.ctgov, nct_id, entry.version)
            except FetchError as error:
                tracked.problems.append(f"{nct_id} v{entry.version} not fetched (next run retries): {error}")
                continue
            new = parsed_version(nct_id, result.body, version=entry.version, source_date=entry.date)
            if new.parse_error:
                tracked.problems.append(f"{nct_id} v{entry.version} kept raw, not parsed: {new.parse_error}")
            before = [numbered[number] for number in sorted(numbered) if number < entry.version]
            previous = next((version for version in reversed(before) if version.trial is not None), None)
            diff = changes_since(previous, new) if previous is not None and new.trial is not None else None
            numbered[entry.version], _ = self.store.save_version(nct_id, "ctgov", result, with_changes(new, diff))
            stored = with_version(stored, numbered[entry.version])
            if diff is not None:
                tracked.diffs[numbered[entry.version].id] = diff
        return stored

    def _observe_record(self, nct_id: str, tracked: Tracked, timeline: list[StoredVersion]) -> list[StoredVersion]:
        """Store the live record when it differs from the latest parsed version of `timeline` (its diff goes to
        `tracked`); returns `timeline` with it."""
        parsed = [version for version in timeline if version.trial is not None]
        latest = parsed[-1] if parsed else None
        observation = observe(self.ctgov, self.store, "ctgov", nct_id, conditional=latest is not None)
        if observation.result.unchanged or (latest is not None and same_fields(latest, observation.model)):
            self.store.save_fetch(nct_id, "ctgov", observation.result)
            return timeline
        new = parsed_version(nct_id, observation.body, observed_on=observation.result.served_at,
                             trial=observation.model)
        diff = changes_since(latest, new) if latest is not None else None
        if diff is not None and not diff.has_changes:
            self.store.save_fetch(nct_id, "ctgov", observation.result)
            return timeline
        stored, _ = self.store.save_version(nct_id, "ctgov", observation.result, with_changes(new, diff))
        if diff is not None:
            tracked.diffs[stored.id] = diff
        return with_version(timeline, stored)



def skipped_versions(numbers: set[int], shown: int = 10) -> str | None:
    """The version numbers below the highest that `numbers` lacks, counted and the first `shown` listed; in time
    and memory bounded by the list, not by the highest number (a hostile history may list version 2**31 - 1)."""
    count = max(numbers) + 1 - len(numbers)
    if not count:
        return None
    first = list(islice((number for number in count_from(0) if number not in numbers), min(count, shown)))
    more = f", … ({count:,} in all)" if count > shown else ""
    return f"version(s) {', '.join(map(str, first))}{more}"


def parsed_version(nct_id: str, body: bytes, *, version: int | None = None, observed_on: datetime | None = None,
                   source_date: str | None = None, trial: Trial | None = None) -> NewVersion:
    """A version with its trial and criteria parsed, or with the reason they could not be."""
    from parser.criteria import parse_criteria
    from parser.ctgov import parse_study

    try:
        trial = trial or parse_study(body)
        if trial.nct_id != nct_id:
            raise MalformedRecord(f"the body is {trial.nct_id}'s record, not {nct_id}'s")
    except ParseError as error:
        return NewVersion(version, observed_on, source_date, None, None, parser_version(),
                          " ".join(str(error).split()))
    text = trial.eligibility.criteria_text
    criteria = parse_criteria(text, nct_id=nct_id) if text else None
    date = source_date or (trial.last_update_posted.date if trial.last_update_posted else None)
    return NewVersion(version, observed_on, date, trial, criteria, parser_version())


def with_changes(new: NewVersion, diff: TrialDiff | None) -> NewVersion:
    """`new` with the paths of what `diff` (from the version before it in the source's order) finds changed,
    stored with it so `changes --since` is a query; none without a diff (first sight, or no parse)."""
    if diff is None:
        return new
    return replace(new, changed=field_paths([change.path for change in diff.changes]))


def _changed_fields(old: dict[str, Any], new: dict[str, Any], volatile: set[str]) -> list[str]:
    return [name for name in sorted(set(old) | set(new)) if name not in volatile and old.get(name) != new.get(name)]


def same_fields(stored: StoredVersion, trial: BaseModel) -> bool:
    """True when `trial` (just parsed) has the fields of `stored`, but for those that move on every fetch: the same
    record, known without parsing its criteria; compared as stored, so `trial` is dumped and `stored` not validated."""
    if stored.trial is None:
        return False
    return not _changed_fields(stored.trial, stored_document(trial) or {}, VOLATILE["ctgov"])


def changes_since(stored: StoredVersion, new: NewVersion) -> TrialDiff:
    """What `new`, just parsed, changed since `stored`: one diff of `new`'s own models (nothing is parsed or
    validated again). No change means the same record in another rendering (the history's HTML and API v2's
    markdown of one record differ in rendering only)."""
    from parser.models.trial import Trial

    assert isinstance(new.trial, Trial), "only a parsed ClinicalTrials.gov version is diffed"
    return diff_models(models_of(stored), (new.trial, new.criteria))


def trial_of(version: StoredVersion) -> Trial:
    """A stored version's trial as a model, validated from its stored document when a caller needs the model."""
    from parser.models.trial import Trial

    return Trial.model_validate(version.trial or {})


def criteria_of(version: StoredVersion) -> Criteria | None:
    """A stored version's criteria as a model, if it has criteria."""
    from parser.models.criteria import Criteria

    return None if version.criteria is None else Criteria.model_validate(version.criteria)


def models_of(version: StoredVersion) -> tuple[Trial, Criteria | None]:
    """A stored version's trial and criteria as models, what a diff of it takes."""
    return trial_of(version), criteria_of(version)


def diff_models(old: tuple[Trial, Criteria | None], new: tuple[Trial, Criteria | None]) -> TrialDiff:
    """The diff of two versions' `models_of`, using the criteria stored with them rather than parsing again."""
    from parser.diff import diff_trials

    return diff_trials(old[0], new[0], old_criteria=old[1], new_criteria=new[1])


def diff_versions(old: StoredVersion, new: StoredVersion) -> TrialDiff:
    """The diff of two stored versions."""
    return diff_models(models_of(old), models_of(new))


def steps(parsed: list[StoredVersion], known: Container[int] = frozenset(),
          diffs: Mapping[int, TrialDiff] | None = None) -> list[Step]:
    """Each parsed version against the one before it, in the source's order, but for the versions whose ids are
    `known` (stored before this run): a run diffs what it stored, not the whole history again, and takes the diff
    made when storing a version from `diffs` (by the version's id) rather than making it again. Each version left
    to diff is validated once, though it is the newer side of one step and the older of the next."""
    made = diffs or {}
    pairs = [(old, new) for old, new in pairwise(parsed) if new.id not in known]
    wanted = {version.id for old, new in pairs if new.id not in made for version in (old, new)}
    models = {version.id: models_of(version) for version in parsed if version.id in wanted}
    return [Step(old, new, made[new.id] if new.id in made else diff_models(models[old.id], models[new.id]))
            for old, new in pairs]


def version_title(version: StoredVersion) -> str:
    """`v1`, `v1 (2023-02-01)` or `o7 (seen 2025-06-26)`: the label and the source's own date, if known."""
    if version.source_date:
        return f"{version.label} ({version.source_date})"
    if version.observed_on:
        return f"{version.label} (seen {version.observed_on.date().isoformat()})"
    return version.label


def version_document(version: StoredVersion) -> dict[str, Any]:
    """A version as written to `versions/`: where it came from, and the trial parsed from it."""
    return {"nct_id": version.nct_id, "label": version.label, "source": version.source, "version": version.version,
            "observed_on": version.observed_on.isoformat() if version.observed_on else None,
            "source_date": version.source_date, "body_sha256": version.body_sha256,
            "parser_version": version.parser_version, "parse_error": version.parse_error, "trial": version.trial}


def changes_markdown(nct_id: str, history: Iterable[Step]) -> str:
    """CHANGES.md: every step, newest first, each a section rendered by `parser.diff.to_markdown`."""
    from parser.diff import to_markdown

    parts = [f"# {nct_id}: changes between record versions", "",
             "A field or criterion one version does not state is listed as added or removed: a record only shows",
             "what its source published, so \"added\" can also mean \"first stated\".", ""]
    for step in reversed(list(history)):
        section = to_markdown(step.diff, title=f"{version_title(step.old)} → {version_title(step.new)}")
        parts.append("\n".join("#" + line if line.startswith("#") else line for line in section.splitlines()))
        parts.append("")
    return "\n".join(parts)


def write_extracted(out: Path, nct_id: str, timeline: list[StoredVersion],
                    diffs: Mapping[int, TrialDiff] | None = None) -> Path:
    """Write `out/NCT…/` from `timeline`, the trial's ClinicalTrials.gov versions in the source's order (as
    `store.versions` gives them): trial.json and criteria.json (latest version), versions/, CHANGES.md; returns the
    folder. `diffs` are those a run made when it stored versions (`Tracked.diffs`): their steps are not diffed again."""
    nct_id = normalize_nct_id(nct_id)
    parsed = [version for version in timeline if version.trial is not None]
    folder = inside(out, nct_id)
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    documents = {f"{version.label}.json": version_document(version) for version in timeline}
    for stale in inside(out, nct_id, "versions").glob("*.json"):
        if stale.name not in documents:
            stale.unlink()
    for name, document in documents.items():
        _write_json(inside(out, nct_id, "versions", name), document)
    if parsed:
        _write_json(inside(out, nct_id, "trial.json"), parsed[-1].trial)
        _write_json(inside(out, nct_id, "criteria.json"), parsed[-1].criteria)
    inside(out, nct_id, "CHANGES.md").write_text(changes_markdown(nct_id, steps(parsed, diffs=diffs)), encoding="utf-8")
    return folder


def inside(out: Path, *parts: str) -> Path:
    """`out/parts…`, refused when it resolves elsewhere (a symlink planted in the tree): writes stay under `out`."""
    path = out.joinpath(*parts)
    if not path.resolve().is_relative_to(out.resolve()):
        raise SettingsError(f"--out: {path} leads outside {out} (a symlink?); nothing written there")
    return path


def _write_json(path: Path, document: object) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
