"""A hostile source in batch: endless searches, records no reader should take, a source that keeps saying 429,
redirects elsewhere. The run ends, says in one line how far it got, and keeps every trial it could."""

from __future__ import annotations

import json
import re

import pytest

from fakes import IDS, QUERY, ids_path, page, query_path, record_path, serve_ids, study
from scraper.cli import CHANGED, EXIT_CODES

UPSTREAM = next(code for cls, code, _ in EXIT_CODES if cls.__name__ == "FetchError")


def stored(store, nct_id: str) -> bool:
    return bool(store.versions(nct_id, "ctgov"))


def test_an_empty_page_offering_another_page_stops_the_search(batch, server, reply, store) -> None:
    server.route(query_path(2), reply(body=page([study(IDS[0]), study(IDS[1])], token="t1", total=1000)))
    server.route(query_path(2, "t1"), reply(body=page([], token="t2")))
    server.route(query_path(2, "t2"), reply(body=page([], token="t3")))
    summary = batch().refresh_query(QUERY)
    (failure,) = summary.failures
    assert failure.line() == "search stopped after 2 page(s), 2 studies: page 2 was empty yet offered another page " \
                             "(the source is looping)"
    assert (len(server.requests), stored(store, IDS[0])) == (2, True)


def test_a_search_offering_more_pages_than_its_total_count_needs_stops(batch, server, reply) -> None:
    server.route(query_path(2), reply(body=page([study(IDS[0]), study(IDS[1])], token="t1", total=2)))
    server.route(query_path(2, "t1"), reply(body=page([study(IDS[2]), study(IDS[3])], token="t2")))
    server.route(query_path(2, "t2"), reply(body=page([study(IDS[4])], token="t3")))
    summary = batch().refresh_query(QUERY)
    (failure,) = summary.failures
    assert "search stopped after 2 page(s), 4 studies: the source offered page 3 though its totalCount of 2" \
        in failure.line()
    assert len(server.requests) == 2


def test_a_search_stops_at_the_page_limit(batch, server, reply) -> None:
    tokens = [None, "t1", "t2", "t3"]
    for number, token in enumerate(tokens):
        server.route(query_path(1, token), reply(body=page([study(IDS[number])], token=f"t{number + 1}")))
    run = batch(page_size=1)
    run.max_pages = 3
    (failure,) = run.refresh_query(QUERY).failures
    assert failure.line() == "search stopped after 3 page(s), 3 studies: reached the limit of 3 pages per search"
    assert len(server.requests) == 3


HUGE_NUMBER = b"9" * 5000


def test_a_study_with_a_5000_digit_number_fails_alone(run, server, reply, tmp_path) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text("\n".join(IDS[:3]))
    bodies = {nct_id: json.dumps(study(nct_id)).encode() for nct_id in IDS[:3]}
    bodies[IDS[1]] = bodies[IDS[1]].replace(b'{"protocolSection"', b'{"n": ' + HUGE_NUMBER + b', "protocolSection"')
    server.route(ids_path(IDS[:3]), reply(body=b'{"studies": [' + b", ".join(bodies.values()) + b"]}"))
    for nct_id, body in bodies.items():
        server.route(record_path(nct_id), reply(body=body))
    result = run("--ids-file", str(listed), "--page-size", "3", "--ctgov-url", server.url, "--json")
    assert result.exit_code == CHANGED, result.output
    document = json.loads(result.stdout)
    (failed,) = [trial for trial in document["trials"] if trial["outcome"] == "failed"]
    assert (document["counts"]["new_versions"], failed["nct_id"]) == (2, IDS[1])
    (problem,) = failed["problems"]
    assert problem.startswith(f"{IDS[1]}: not JSON we can read: Exceeds the limit")
    assert "Traceback" not in result.output


def test_a_search_page_nested_100k_deep_is_read_trial_by_trial(batch, server, reply, store) -> None:
    server.route(ids_path(IDS[:2]), reply(body=b'{"studies": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"))
    for nct_id in IDS[:2]:
        server.route(record_path(nct_id), reply(body=json.dumps(study(nct_id)).encode()))
    summary = batch().refresh_ids(IDS[:2])
    assert (summary.failures, summary.counts.new_versions) == ([], 2)


def test_429_on_every_request_stops_asking_and_reports_what_was_left_undone(batch, server, reply, store) -> None:
    for start in range(0, 5):
        server.route(ids_path(IDS[start:start + 1]), reply(429))
        server.route(record_path(IDS[start]), reply(429))
    summary = batch(page_size=1, connections=2, max_attempts=3, breaker_threshold=4).refresh_ids(IDS)
    assert len(server.requests) <= 4 + 1  # the threshold, and one attempt already in flight on the other connection
    stop = summary.failures[0].line()
    assert re.fullmatch(r"stopped asking 127\.0\.0\.1:\d+ after [45] failed attempts in a row \(last: 429 Too Many "
                        rf"Requests\); {len(summary.undone)} trial\(s\) left undone \({', '.join(summary.undone)}\); "
                        "run again later to refresh them", stop), stop
    assert len(summary.undone) >= 3 and not any(stored(store, nct_id) for nct_id in IDS)


def test_429_on_every_request_exits_4_with_one_line_for_what_was_left_undone(run, server, reply, ids_file,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIALWATCH_BREAKER_THRESHOLD", "2")
    server.route(ids_path(IDS[:3]), reply(429))
    for nct_id in IDS[:3]:
        server.route(record_path(nct_id), reply(429))
    result = run("--ids-file", str(ids_file), "--page-size", "3", "--ctgov-url", server.url)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.exit_code == UPSTREAM
    assert errors[0].startswith("error: stopped asking") and "3 trial(s) left undone" in errors[0]
    assert len(server.requests) == 2


def test_a_page_redirected_to_another_host_is_not_read_and_each_trial_is_asked_for_alone(batch, server, reply,
                                                                                         store) -> None:
    elsewhere = server.url.replace("127.0.0.1", "localhost") + "/elsewhere"
    server.route(ids_path(IDS[:2]), reply(302, headers={"Location": elsewhere}))
    serve_ids(server, reply, IDS[:2], page_size=1)
    for nct_id in IDS[:2]:
        server.route(record_path(nct_id), reply(body=json.dumps(study(nct_id)).encode()))
    summary = batch().refresh_ids(IDS[:2])
    assert (summary.failures, "/elsewhere" in server.paths()) == ([], False)
    fetched = store.latest_fetch(IDS[0], "ctgov")
    assert fetched is not None and fetched.url.startswith(server.url)
