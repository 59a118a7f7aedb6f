"""ClinicalTrials.gov fetching: ids checked before any request, the API's paths, replay of real records."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import httpx
import pytest

from parser.errors import InvalidNctId, MalformedRecord
from scraper.ctgov import fetch_history, fetch_study, fetch_version
from scraper.errors import StudyNotFound
from scraper.http import build_client
from scraper.settings import Settings

CASSETTES = Path(__file__).parent / "cassettes"
SAMPLE_IDS = ("NCT03745326", "NCT05288205", "NCT05438667", "NCT06008288", "NCT06388018", "NCT06411691",
              "NCT06898385")


def recording(response: httpx.Response):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    return handler, seen


@pytest.mark.parametrize("bad_id", ["NCT123", "../etc", "NCT05628038/../../x", ""])
def test_a_malformed_id_is_rejected_before_any_request(make_client, bad_id: str) -> None:
    handler, seen = recording(httpx.Response(200))
    with pytest.raises(InvalidNctId):
        fetch_study(make_client(handler), bad_id)
    assert seen == []


def test_an_id_in_lower_case_with_spaces_is_normalised_into_the_url(make_client) -> None:
    handler, seen = recording(httpx.Response(200, json={}))
    fetch_study(make_client(handler), " nct05628038 ")
    assert seen[0].url.path == "/api/v2/studies/NCT05628038"


def test_a_404_raises_study_not_found(make_client) -> None:
    handler, _ = recording(httpx.Response(404, json={"message": "not found"}))
    with pytest.raises(StudyNotFound, match="NCT05628038.*404"):
        fetch_study(make_client(handler), "NCT05628038")


def test_the_history_endpoint_yields_the_change_list(make_client) -> None:
    changes = [{"version": 0, "date": "2022-11-17", "status": "NOT_YET_RECRUITING", "moduleLabels": []}]
    handler, seen = recording(httpx.Response(200, json={"changes": changes}))
    history = fetch_history(make_client(handler), "NCT05628038")
    assert seen[0].url.path == "/api/int/studies/NCT05628038/history"
    assert history.changes == changes and json.loads(history.fetch.body) == {"changes": changes}


@pytest.mark.parametrize("body", [b"<html>maintenance</html>", b'{"changes": {}}', b'{"other": []}'])
def test_a_history_that_is_not_a_change_list_is_a_malformed_record(make_client, body: bytes) -> None:
    handler, _ = recording(httpx.Response(200, content=body))
    with pytest.raises(MalformedRecord, match="history of NCT05628038"):
        fetch_history(make_client(handler), "NCT05628038")


def test_one_version_is_fetched_from_its_own_path(make_client) -> None:
    handler, seen = recording(httpx.Response(200, json={"studyVersion": 3, "study": {}}))
    fetch_version(make_client(handler), "NCT05628038", 3)
    assert seen[0].url.path == "/api/int/studies/NCT05628038/history/3"


def test_a_negative_version_is_refused_before_any_request(make_client) -> None:
    handler, seen = recording(httpx.Response(200))
    with pytest.raises(ValueError, match="non-negative"):
        fetch_version(make_client(handler), "NCT05628038", -1)
    assert seen == []


@pytest.mark.parametrize("nct_id", SAMPLE_IDS)
def test_each_sample_record_replays_as_the_api_sends_it(cassette, nct_id: str) -> None:
    with cassette.use_cassette("ctgov-samples.yaml"), build_client(Settings(min_interval=0), "ctgov") as client:
        result = fetch_study(client, nct_id)
    assert result.headers["content-type"] == "application/json"
    assert {"etag", "date"} <= result.headers.keys()
    assert json.loads(result.body)["protocolSection"]["identificationModule"]["nctId"] == nct_id


def test_nct05628038_replays_its_reconstructed_record(cassette) -> None:
    with cassette.use_cassette("NCT05628038.yaml"), build_client(Settings(min_interval=0), "ctgov") as client:
        result = fetch_study(client, "NCT05628038")
    study = json.loads(result.body)
    assert study["protocolSection"]["identificationModule"]["acronym"] == "TORCH-R"
    assert "lastUpdatePostDateStruct" not in study["protocolSection"]["statusModule"]


@pytest.mark.parametrize("name", ["NCT05628038.yaml", "ctgov-samples.yaml"])
def test_each_cassette_is_exactly_what_build_py_makes_from_the_fixtures(name: str) -> None:
    assert (CASSETTES / name).read_text(encoding="utf-8") == runpy.run_path(str(CASSETTES / "build.py"))["build"](name)
