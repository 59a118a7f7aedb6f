"""ClinConnect fetching: the trial page's path, HTML asked for, and the reconstructed page replayed."""

from __future__ import annotations

import httpx
import pytest

from parser.errors import InvalidNctId
from scraper.clinconnect import fetch_page
from scraper.http import build_client
from scraper.settings import Settings


def test_the_page_is_fetched_from_trials_slash_id_asking_for_html(make_client) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, html="<html></html>")

    fetch_page(make_client(handler, source="clinconnect"), "nct05628038")
    assert seen[0].url == "https://clinconnect.io/trials/NCT05628038"
    assert seen[0].headers["accept"].startswith("text/html")


def test_a_malformed_id_never_reaches_the_site(make_client) -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(InvalidNctId):
        fetch_page(make_client(lambda request: seen.append(request) or httpx.Response(200),
                               source="clinconnect"), "../admin")
    assert seen == []


def test_nct05628038_replays_as_a_nextjs_page(cassette) -> None:
    with cassette.use_cassette("NCT05628038.yaml"), \
            build_client(Settings(min_interval=0), "clinconnect") as client:
        result = fetch_page(client, "NCT05628038")
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert b"Trial NCT05628038" in result.body
