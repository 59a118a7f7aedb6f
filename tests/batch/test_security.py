"""Security: ids checked before URLs and paths, writes confined to --out, size caps on the batch path too,
HTML parsed inert, no credentials in messages or the store, and a User-Agent and rate limit always on."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from fakes import IDS, ids_path, page, query_path, record_path, serve_ids, study
from parser.clinconnect import parse_page
from scraper.http import Timing, build_async_client, build_client, get, user_agent
from scraper.settings import Settings, SettingsError
from scraper.track import write_extracted

if TYPE_CHECKING:
    from conftest import LoopbackServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("bad", ["../../etc/passwd", "NCT0562803", "NCT０５６２８０３８", "NCT05628038/history",
                                 "NCT05628038?x=1"])
def test_an_invalid_id_in_the_ids_file_is_refused_with_its_line_before_any_request(run, server, tmp_path,
                                                                                    bad: str) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text(f"{IDS[0]}\n{bad}\n")
    result = run("--ids-file", str(listed), "--ctgov-url", server.url)
    assert (result.exit_code, server.requests) == (2, [])
    assert result.stderr == f"error: {listed}:2: not an NCT id: {bad!r} (expected NCT followed by 8 digits)\n"


def test_a_study_with_a_bad_id_on_a_search_page_is_set_aside_unused(batch, server, reply, store) -> None:
    forged = study(IDS[1])
    forged["protocolSection"]["identificationModule"]["nctId"] = "../../NCT05288205"
    server.route(query_path(2), reply(body=page([study(IDS[0]), forged], total=2)))
    summary = batch().refresh_query({"query.cond": "rectal cancer", "filter.overallStatus": "RECRUITING"})
    (failure,) = summary.failures
    assert failure.line() == (f"search page {server.url}{query_path(2)}: a study with a bad id, skipped: "
                              "not an NCT id: '../../NCT05288205' (expected NCT followed by 8 digits)")
    assert (summary.counts.new_versions, server.paths()) == (1, [query_path(2)])


def test_out_refuses_a_symlink_planted_to_lead_outside(batch, server, reply, store, tmp_path: Path) -> None:
    serve_ids(server, reply, IDS[:1])
    batch().refresh_ids(IDS[:1])
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / IDS[0]).symlink_to(elsewhere)
    with pytest.raises(SettingsError, match="leads outside"):
        write_extracted(out, IDS[0], store.versions(IDS[0], "ctgov"))
    assert list(elsewhere.iterdir()) == []


def test_a_search_page_over_the_size_cap_is_refused_and_each_trial_asked_for_alone(batch, server, reply,
                                                                                   store) -> None:
    bodies = {nct_id: json.dumps(study(nct_id)).encode() for nct_id in IDS[:2]}
    server.route(ids_path(IDS[:2]), reply(body=page([study(nct_id) for nct_id in IDS[:2]])))
    for nct_id, body in bodies.items():
        server.route(record_path(nct_id), reply(body=body))
    cap = max(map(len, bodies.values())) + 100
    summary = batch(max_bytes=cap).refresh_ids(IDS[:2])
    assert (summary.failures, summary.counts.new_versions) == ([], 2)
    assert server.paths() == [ids_path(IDS[:2]), record_path(IDS[0]), record_path(IDS[1])]


def test_a_compressed_page_that_inflates_past_the_cap_stores_nothing_of_it(batch, server, reply, store) -> None:
    bomb = gzip.compress(b" " * 2_000_000)
    server.route(ids_path(IDS[:2]), reply(headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
                                          body=bomb))
    for nct_id in IDS[:2]:
        server.route(record_path(nct_id), reply(body=json.dumps(study(nct_id)).encode()))
    summary = batch(max_bytes=100_000).refresh_ids(IDS[:2])
    assert (summary.failures, server.paths()[1:]) == ([], [record_path(IDS[0]), record_path(IDS[1])])
    assert store.stats().bodies == 2


def test_html_is_parsed_without_running_scripts_or_fetching_sub_resources(server: LoopbackServer) -> None:
    html = (FIXTURES / "clinconnect" / "NCT05628038.html").read_text(encoding="utf-8")
    lure = (f'<img src="{server.url}/img"><script src="{server.url}/js"></script>'
            f'<script>fetch("{server.url}/inline")</script><link rel="stylesheet" href="{server.url}/css">'
            f'<iframe src="{server.url}/frame"></iframe><object data="{server.url}/object"></object>')
    doctype = (f'<!DOCTYPE html [<!ENTITY local SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM '
               f'"{server.url}/entity">]>')
    hostile = html.replace("<!DOCTYPE html>", doctype, 1).replace("<body>", "<body>" + lure + "&local;&remote;", 1)
    assert doctype in hostile and lure in hostile
    parsed = parse_page(hostile)
    assert (parsed.nct_id, server.requests) == ("NCT05628038", [])
    assert "root:" not in parsed.model_dump_json()


def test_credentials_in_the_source_url_never_reach_messages_or_the_store(batch, server, reply, store) -> None:
    secret_url = server.url.replace("http://", "http://reader:s3cret@")
    server.route(ids_path(IDS[:2]), reply(body=page([study(IDS[0])])))
    summary = batch(ctgov_url=secret_url).refresh_ids(IDS[:2])
    (failure,) = summary.failures
    fetched = store.latest_fetch(IDS[0], "ctgov")
    assert fetched is not None and "s3cret" not in fetched.url and "reader" not in fetched.url
    assert "s3cret" not in failure.line() and server.url in failure.line()


def test_a_blank_user_agent_on_a_request_is_replaced_by_ours() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("user-agent", ""))
        return httpx.Response(200, content=b"{}")

    with build_client(Settings(min_interval=0), "ctgov", transport=httpx.MockTransport(handler)) as client:
        client.get("/x", headers={"User-Agent": ""})

    async def run_async() -> None:
        async with build_async_client(Settings(min_interval=0), "ctgov",
                                      transport=httpx.MockTransport(handler)) as client:
            await client.get("/x", headers={"User-Agent": " "})

    asyncio.run(run_async())
    assert seen == [user_agent(), user_agent()]


def test_a_client_on_a_transport_of_its_own_still_keeps_the_rate_limit() -> None:
    waits: list[float] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"{}"))
    client = build_client(Settings(), "ctgov", transport=transport, sleep=waits.append,
                          timing=Timing(monotonic=lambda: 0.0))
    with client:
        get(client, "/a")
        get(client, "/b")
    assert waits == [1.0]


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_rate_limit_setting_keeps_the_default_rate_limit(blank: str) -> None:
    assert Settings.from_env({"TRIALWATCH_MIN_INTERVAL": blank}).min_interval == 1.0
