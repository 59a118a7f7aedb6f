"""Issue 15, upstream family: generated ClinicalTrials.gov API v2 studies, search pages and history change lists
(the real samples' shapes with hostile values: huge or deep structures within the readers' limits, wrong types at
any key, unicode, huge integers, nulls, odd dates, keys missing) and ClinConnect pages (the real page truncated,
nested, with garbage around its structure), fed to the pure functions the fetchers use and, through a loopback
server, to `trialwatch track`.

Property: a validated model that survives the store's JSON round trip unchanged, or the documented typed error
(at the CLI: one `error:` line and its exit code); never another exception, and a trial's stored versions are
never replaced by worse data.

Examples are derandomised so CI is stable; `FUZZ_EXAMPLES=5000 pytest tests/test_hostile_upstream.py` searches
further, at random.
"""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from typer.testing import CliRunner

from parser.clinconnect import parse_page
from parser.ctgov import load_json, parse_age, parse_studies
from parser.ctgov_search import cut_search_page
from parser.errors import MalformedRecord, PageLayoutChanged, ParseError
from parser.models.trial import ListingPage, Trial
from parser.text import html_to_text
from scraper.cli import app
from scraper.ctgov import History
from scraper.records import FetchResult
from scraper.sqlite_store import SQLiteStore
from scraper.track import skipped_versions

if TYPE_CHECKING:
    from conftest import LoopbackServer, Reply

FIXTURES = Path(__file__).parent / "fixtures"
NCT = "NCT05628038"
RECORD = json.loads((FIXTURES / "ctgov" / f"{NCT}.json").read_text(encoding="utf-8"))
VERSION = json.loads((FIXTURES / "ctgov" / "NCT06008288.history-version.json").read_text(encoding="utf-8"))
HISTORY = json.loads((FIXTURES / "ctgov" / f"{NCT}.history.json").read_text(encoding="utf-8"))
PAGES = [(FIXTURES / "clinconnect" / name).read_text(encoding="utf-8")
         for name in (f"{NCT}.html", f"{NCT}.next.html")]
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None,
                derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

ODD_DATES = ["2024-13-45", "2023-02-29", "٢٠٢٤-٠١-٠١", "２０２４-０１", "0000-00-00", "99999-01-01", "2024-1-1", "",
             "2024-02-29T00:00:00Z", "soon", "2024-06"]
ODD_TEXTS = ["\ud800", "\udfff x", "\u202eRTL", "\u200b", "\x00", "\x1b[31m", "🩸" * 50, "A\u030a", "x" * 100_000,
             "\\<\\>\\^\\*", "<ol start=\"²\"><li>item</li></ol>", "<ol start=\"" + "9" * 5000 + "\"><li>a</li></ol>",
             "<div>" * 300 + "deep", "18 Years", "9" * 400 + " Years", "N/A", "1e400 Years", "١٨ Years"]
LEAVES = st.one_of(
    st.none(), st.booleans(), st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**4000]),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(ODD_DATES), st.sampled_from(ODD_TEXTS),
    st.text(max_size=30), st.just({}), st.just([]))
VALUES = st.recursive(LEAVES, lambda children: st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=8)
DEEP = st.integers(1, 400).map(lambda depth: json.loads("[" * depth + "]" * depth))  # within json's own limit


def key_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path into a JSON document, below the document itself."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    return [path for key, child in items for path in [(*prefix, key), *key_paths(child, (*prefix, key))]]


STUDY_PATHS = key_paths(RECORD)
DATES, AGES, TEXTS = st.sampled_from(ODD_DATES), st.sampled_from([text for text in ODD_TEXTS if "Years" in text]), \
    st.sampled_from(ODD_TEXTS)
TYPED = {"date": DATES, "studyFirstSubmitDate": DATES, "lastUpdateSubmitDate": DATES, "statusVerifiedDate": DATES,
         "minimumAge": AGES, "maximumAge": AGES, "eligibilityCriteria": TEXTS, "briefSummary": TEXTS,
         "count": st.sampled_from([10**4000, 2**63, -1, 1.5, "12"]), "nctId": st.sampled_from(["nct05628038 ", "NCT1"]),
         "sex": st.sampled_from(["X", "all"]), "healthyVolunteers": st.sampled_from(["yes", 1])}
"""The keys the parser reads as more than text (dates, ages, counts, ids, flags, HTML or markdown), each with its
own hostile values."""
TYPED_PATHS = [path for path in STUDY_PATHS if path[-1] in TYPED]


@st.composite
def hostile_studies(draw: st.DrawFn) -> dict[str, Any]:
    """The real record with a few of its keys removed or set to a hostile value (or a deep, empty structure)."""
    study = copy.deepcopy(RECORD)
    for path in draw(st.lists(st.sampled_from(TYPED_PATHS) | st.sampled_from(STUDY_PATHS), min_size=1, max_size=5)):
        parent: Any = study
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["delete", "value", "typed", "deep"]))
            if action == "delete":
                del parent[path[-1]]
            else:
                strategy = {"value": VALUES, "typed": TYPED.get(path[-1], VALUES), "deep": DEEP}[action]
                parent[path[-1]] = draw(strategy)
        except (KeyError, IndexError, TypeError):  # an earlier change removed or replaced the way there
            continue
    return study


@st.composite
def hostile_bodies(draw: st.DrawFn) -> bytes:
    """A hostile study as the three shapes the store keeps: bare, a search page, a history version."""
    study = draw(hostile_studies())
    shape = draw(st.sampled_from(["bare", "search", "version"]))
    if shape == "search":
        document: Any = {"studies": [study, *draw(st.lists(hostile_studies(), max_size=2))],
                         "nextPageToken": draw(VALUES), "totalCount": draw(VALUES)}
    elif shape == "version":
        document = {**VERSION, "studyVersion": draw(VALUES), "study": study}
    else:
        document = study
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


def survives_the_store(model: BaseModel) -> None:
    """What the store writes (JSON of the model) reads back as the same model: nothing worse is ever stored."""
    written = json.dumps(model.model_dump(mode="json"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert type(model).model_validate(json.loads(written)) == model


@FUZZ
@given(hostile_bodies())
def test_a_hostile_record_parses_to_trials_the_store_keeps_or_raises_parse_error(body: bytes) -> None:
    try:
        trials = parse_studies(body)
    except ParseError:
        return
    for trial in trials:
        assert isinstance(trial, Trial)
        survives_the_store(trial)


@FUZZ
@given(hostile_bodies())
def test_a_hostile_search_page_is_cut_into_named_studies_or_raises_malformed_record(body: bytes) -> None:
    try:
        cut = cut_search_page(body, "http://127.0.0.1/api/v2/studies")
    except MalformedRecord:
        return
    assert cut.token is None or (isinstance(cut.token, str) and cut.token)
    assert cut.total is None or type(cut.total) is int
    for nct_id, study in cut.studies:
        assert re.fullmatch(r"NCT[0-9]{8}", nct_id)
        json.loads(study)


CHANGES = st.fixed_dictionaries({"version": st.one_of(st.integers(0, 40), LEAVES)},
                                optional={"date": st.one_of(st.sampled_from(ODD_DATES), LEAVES),
                                          "status": LEAVES, "moduleLabels": VALUES})


@FUZZ
@given(st.lists(st.one_of(CHANGES, VALUES), max_size=12))
def test_a_hostile_change_list_gives_checked_entries_or_raises_malformed_record(changes: list[Any]) -> None:
    fetch = FetchResult(url="http://127.0.0.1/history", status=200, headers={},
                        body=json.dumps({"changes": changes}).encode(), fetched_at=datetime(2025, 1, 1, tzinfo=UTC))
    try:
        entries = History(fetch, changes).entries()
    except MalformedRecord:
        return
    assert [entry.version for entry in entries] == sorted(entry.version for entry in entries)
    assert all(entry.date is None or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", entry.date) for entry in entries)
    if entries:
        gaps = skipped_versions({entry.version for entry in entries})
        assert gaps is None or len(gaps) < 200


PIECES = st.one_of(st.text(max_size=20), st.sampled_from(
    ["<div>", "</div>", "<ul><li>", "</li></ul>", "<ol start=\"²\"><li>", "<ol start=\"-1\">", "<script>", "<!--",
     "<br>", "\x00", "&#0;", "&nbsp;", "<h2>Eligibility criteria</h2>", "Current as of June 26, 2025",
     "Patients applied", "<p>" + "9" * 5000 + " patients applied</p>", "Trial Officials", "<table><tr><td>",
     "<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\": {\"pageProps\": {\"trial\": "
     "{\"nctId\": \"NCT05628038\", \"title\": \"\\ud800\"}}}}</script>"]))


@st.composite
def hostile_pages(draw: st.DrawFn) -> str:
    """The real page (with or without its data script) truncated, nested in wrappers, with garbage in it."""
    page = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["truncate", "nest", "insert"]))
        at = draw(st.integers(0, len(page)))
        if action == "truncate":
            page = page[:max(at, len(page) // 2)]
        elif action == "nest":
            depth = draw(st.integers(1, 300))
            page = page[:at] + "<div>" * depth + page[at:]
        else:
            page = page[:at] + "".join(draw(st.lists(PIECES, min_size=1, max_size=4))) + page[at:]
    return page


@FUZZ
@given(hostile_pages(), st.booleans())
def test_a_hostile_clinconnect_page_parses_to_a_page_the_store_keeps_or_raises_parse_error(page: str,
                                                                                          as_bytes: bool) -> None:
    try:
        listing = parse_page(page.encode("utf-8", "surrogatepass") if as_bytes else page)
    except ParseError:
        return
    assert isinstance(listing, ListingPage)
    survives_the_store(listing)


DOCUMENTED = {0, 2, 3, 4, 5, 6, 10}


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 25))
@given(study=hostile_studies())
def test_track_on_a_hostile_record_exits_with_one_error_line_and_keeps_the_stored_versions(
        study: dict[str, Any], server: LoopbackServer, reply: type[Reply], tmp_path: Path) -> None:
    store_path = tmp_path / f"store-{os.urandom(6).hex()}.sqlite"
    env = {"TRIALWATCH_STORE": str(store_path), "TRIALWATCH_CTGOV_URL": server.url,
           "TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_BACKOFF_BASE": "0", "TRIALWATCH_MAX_ATTEMPTS": "1"}
    track = ["track", NCT, "--source", "ctgov", "--no-history", "--out", str(tmp_path / "out")]
    server.route(f"/api/v2/studies/{NCT}", reply(body=json.dumps(RECORD).encode()))
    assert CliRunner().invoke(app, track, env=env).exit_code == 10
    with SQLiteStore(store_path) as store:
        (good,) = store.versions(NCT, "ctgov")

    server.route(f"/api/v2/studies/{NCT}", reply(body=json.dumps(study).encode()))
    result = CliRunner().invoke(app, track, env=env)

    assert result.exit_code in DOCUMENTED, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == (result.exit_code not in (0, 10)), result.stderr
    with SQLiteStore(store_path) as store:
        versions = store.versions(NCT, "ctgov")
    assert versions[0] == good
    for version in versions[1:]:
        survives_the_store(Trial.model_validate(version.trial))


# What the properties found, each pinned by its example.

def test_an_ordered_list_starting_at_a_digit_int_refuses_is_numbered_from_one() -> None:
    assert html_to_text('<ol start="²"><li>first</li></ol>') == "1. first"
    assert html_to_text(f'<ol start="{"9" * 5000}"><li>first</li></ol>') == "1. first"


def test_a_page_counting_patients_in_5000_digits_raises_page_layout_changed() -> None:
    pasted = (FIXTURES / "clinconnect" / f"{NCT}.txt").read_text(encoding="utf-8")
    page = pasted.replace("\n0 patients applied", f"\n{'9' * 5000} patients applied")
    with pytest.raises(PageLayoutChanged, match="5,000 digits"):
        parse_page(page)


def test_an_age_of_400_digits_is_a_malformed_record_not_infinity() -> None:
    with pytest.raises(MalformedRecord, match="not a finite number"):
        parse_age("9" * 400 + " Years")


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "٢٠٢٤-٠١-٠١", "2024-00"])
def test_a_date_off_the_calendar_or_in_other_digits_is_a_malformed_record(date: str) -> None:
    study = copy.deepcopy(RECORD)
    study["protocolSection"]["statusModule"]["studyFirstPostDateStruct"]["date"] = date
    with pytest.raises(MalformedRecord, match="studyFirstPostDateStruct"):
        parse_studies(json.dumps(study))


def test_a_string_escaping_half_a_surrogate_pair_is_a_malformed_record() -> None:
    with pytest.raises(MalformedRecord, match="half a UTF-16 pair"):
        load_json('{"protocolSection": {"identificationModule": {"briefTitle": "\\ud800"}}}')
    assert load_json('{"title": "\\ud83e\\ude78"}') == {"title": "🩸"}


def test_a_history_version_beyond_what_the_store_holds_is_a_malformed_record() -> None:
    fetch = FetchResult(url="http://127.0.0.1/history", status=200, headers={}, body=b"{}",
                        fetched_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(MalformedRecord, match="from 0 to 2147483647"):
        History(fetch, [{"version": 2**63}]).entries()


def test_versions_a_history_skips_are_counted_not_all_listed() -> None:
    assert skipped_versions({0, 2**31 - 1}) == "version(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (2,147,483,646 in all)"
    assert skipped_versions({0, 3}) == "version(s) 1, 2"
    assert skipped_versions({0, 1}) is None
