"""Faults a batch refresh survives, each injected by the loopback server (or a resetting front to it).

The run finishes every trial it can, reports each failure in one line, exits non-zero when any trial failed,
and never replaces a stored good version with a failed or partial one. Sleeps are recorded, not slept.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
from collections.abc import Iterator

from fakes import IDS, ids_path, page, query_path, record_path, serve_ids, study
from scraper.cli import CHANGED, EXIT_CODES
from scraper.sqlite_store import SQLiteStore

PARSE = next(code for cls, code, _ in EXIT_CODES if cls.__name__ == "ParseError")


def stored(store, nct_id: str) -> list[str]:
    return [version.label for version in store.versions(nct_id, "ctgov")]


def test_429_with_retry_after_is_waited_out_as_told(batch, server, reply, store, sleeps) -> None:
    server.route(ids_path(IDS[:2]), reply(429, headers={"Retry-After": "7"}), reply(body=page([study(IDS[0]),
                                                                                            study(IDS[1])])))
    summary = batch().refresh_ids(IDS[:2])
    assert (sleeps, summary.failures, summary.counts.new_versions) == ([7.0], [], 2)


def test_a_burst_of_503s_is_waited_out_with_doubling_backoff(batch, server, reply, sleeps) -> None:
    server.route(ids_path(IDS[:2]), reply(503), reply(503), reply(503), reply(body=page([study(IDS[0]),
                                                                                       study(IDS[1])])))
    summary = batch(max_attempts=4, backoff_base=0.5).refresh_ids(IDS[:2])
    assert (sleeps, summary.failures, summary.counts.new_versions) == ([0.5, 1.0, 2.0], [], 2)


@contextlib.contextmanager
def resetting_front(backend: str, resets: int) -> Iterator[str]:
    """A TCP front on 127.0.0.1 that resets its first `resets` connections and relays the rest to `backend`."""
    host, port = backend.removeprefix("http://").split(":")
    listener = socket.create_server(("127.0.0.1", 0))
    remaining = [resets]

    def relay(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                if remaining[0] > 0:
                    remaining[0] -= 1
                    client.recv(65536)
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    client.close()  # RST, not FIN: "connection reset by peer"
                    continue
                upstream = socket.create_connection((host, int(port)))
                for pair in ((client, upstream), (upstream, client)):
                    threading.Thread(target=relay, args=pair, daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def test_a_connection_reset_is_retried(batch, server, reply, store) -> None:
    serve_ids(server, reply, IDS[:2])
    with resetting_front(server.url, resets=1) as front:
        summary = batch(ctgov_url=front, connections=1).refresh_ids(IDS[:2])
    assert (summary.failures, stored(store, IDS[0]) != []) == ([], True)


def test_a_read_timeout_is_retried(batch, server, reply, store) -> None:
    body = page([study(IDS[0]), study(IDS[1])])
    server.route(ids_path(IDS[:2]), reply(body=body, delay=0.6), reply(body=body))
    summary = batch(read_timeout=0.2).refresh_ids(IDS[:2])
    assert (summary.failures, server.paths()) == ([], [ids_path(IDS[:2])] * 2)


def test_a_body_cut_off_mid_json_is_fetched_again(batch, server, reply) -> None:
    body = page([study(IDS[0]), study(IDS[1])])
    server.route(ids_path(IDS[:2]), reply(body=body[: len(body) // 2], declared_length=len(body)), reply(body=body))
    summary = batch().refresh_ids(IDS[:2])
    assert (summary.failures, summary.counts.new_versions) == ([], 2)


def test_a_page_of_truncated_json_falls_back_to_asking_for_each_trial(batch, server, reply) -> None:
    body = page([study(IDS[0]), study(IDS[1])])
    server.route(ids_path(IDS[:2]), reply(body=body[: len(body) // 2]))
    for nct_id in IDS[:2]:
        server.route(record_path(nct_id), reply(body=json.dumps(study(nct_id)).encode()))
    summary = batch().refresh_ids(IDS[:2])
    assert (summary.failures, summary.counts.new_versions) == ([], 2)
    assert server.paths()[1:] == [record_path(IDS[0]), record_path(IDS[1])]


def test_a_trial_that_fails_after_all_retries_is_one_line_and_the_others_are_stored(batch, server, reply,
                                                                                     store) -> None:
    serve_ids(server, reply, IDS[:4])
    server.route(ids_path(IDS[2:4]), reply(503))
    server.route(record_path(IDS[2]), reply(503))
    server.route(record_path(IDS[3]), reply(body=json.dumps(study(IDS[3])).encode()))
    summary = batch().refresh_ids(IDS[:4])
    (failure,) = summary.failures
    assert (failure.nct_id, "503" in failure.line(), "\n" in failure.line()) == (IDS[2], True, False)
    assert [bool(stored(store, nct_id)) for nct_id in IDS[:4]] == [True, True, False, True]


def test_a_study_gone_between_pages_is_reported_as_not_found(run, server, reply, tmp_path) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text("\n".join(IDS[:3]))
    server.route(ids_path(IDS[:3]), reply(body=page([study(IDS[0]), study(IDS[2])])))
    result = run("--ids-file", str(listed), "--page-size", "3", "--ctgov-url", server.url)
    assert result.exit_code == CHANGED, result.output  # the two others are new: the alert wins, the error is shown
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {IDS[1]} not found (gone from the source?): {server.url}{record_path(IDS[1])} answered 404 Not Found"]


def test_a_repeated_page_token_stops_the_search_and_keeps_what_it_got(run, server, reply) -> None:
    server.route(query_path(2), reply(body=page([study(IDS[0]), study(IDS[1])], token="same", total=6)))
    server.route(query_path(2, "same"), reply(body=page([study(IDS[2]), study(IDS[3])], token="same")))
    result = run("--query", "condition=rectal cancer,status=RECRUITING", "--page-size", "2", "--json",
                 "--ctgov-url", server.url)
    document = json.loads(result.stdout)
    assert (result.exit_code, document["counts"]["new_versions"]) == (CHANGED, 4)
    (note,) = document["notes"]
    assert note == ("search stopped after 2 page(s), 4 studies: page token 'same' came back again "
                    "(the source is looping)")


def test_a_lost_page_token_is_reported_with_how_many_studies_are_missing(run, server, reply) -> None:
    server.route(query_path(2), reply(body=page([study(IDS[0]), study(IDS[1])], total=5)))
    result = run("--query", "condition=rectal cancer,status=RECRUITING", "--page-size", "2",
                 "--ctgov-url", server.url)
    assert result.exit_code == CHANGED
    assert result.stderr.splitlines()[-1] == ("error: search ended after 2 of 5 studies: a page came without its "
                                              "nextPageToken; the rest were not refreshed")


def test_a_page_that_repeats_settles_its_trials_once(batch, server, reply, executor) -> None:
    first = page([study(IDS[0]), study(IDS[1])], token="p2", total=4)
    server.route(query_path(2), reply(body=first))
    server.route(query_path(2, "p2"), reply(body=page([study(IDS[0]), study(IDS[1])], token="p3")))
    server.route(query_path(2, "p3"), reply(body=page([study(IDS[2]), study(IDS[3])])))
    summary = batch().refresh_query({"query.cond": "rectal cancer", "filter.overallStatus": "RECRUITING"})
    assert (sorted(executor.parsed), summary.counts.seen, summary.failures) == (sorted(IDS[:4]), 4, [])


def test_a_bad_body_never_replaces_the_stored_good_version(run, server, reply, tmp_path) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text(IDS[0])
    serve_ids(server, reply, IDS[:1])
    run("--ids-file", str(listed), "--ctgov-url", server.url)
    broken = study(IDS[0])
    broken["protocolSection"]["statusModule"]["overallStatus"] = 42
    server.route(ids_path(IDS[:1]), reply(body=page([broken])))
    result = run("--ids-file", str(listed), "--ctgov-url", server.url)
    with SQLiteStore(tmp_path / "cli.sqlite") as opened:
        versions = opened.versions(IDS[0], "ctgov")
    assert result.exit_code == PARSE
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {IDS[0]} not parsed, nothing stored: $.protocolSection.statusModule.overallStatus: expected a "
        "string, got int"]
    assert [(version.parse_error, version.trial["overall_status"]) for version in versions] == [(None, "RECRUITING")]
