"""Batch refresh (`track --ids-file` / `--query`): search pages on a loopback server, incremental, resumable."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fakes import IDS, QUERY, ids_path, page, query_path, serve_ids, study
from parser import diff
from parser.criteria import engine
from parser.models.criteria import Criteria
from parser.models.trial import Trial
from scraper.batch.job import ParseJob, parse_record
from scraper.batch.selection import parse_query, read_ids
from scraper.cli import CHANGED
from scraper.http import Timing
from scraper.pool import parse_pool
from scraper.settings import SettingsError
from scraper.store import StoredVersion, stored_document


def test_ids_are_fetched_in_chunks_of_the_page_size_through_the_search_endpoint(batch, server, reply) -> None:
    serve_ids(server, reply, IDS)
    batch(page_size=2).refresh_ids(IDS)
    assert sorted(server.paths()) == sorted(ids_path(IDS[i:i + 2]) for i in (0, 2, 4))


def test_each_trial_of_a_first_run_is_stored_as_its_first_version(batch, server, reply, store) -> None:
    serve_ids(server, reply, IDS)
    summary = batch().refresh_ids(IDS)
    assert [(c.nct_id, c.first) for c in sorted(summary.changes, key=lambda c: c.nct_id)] == [(i, True) for i in IDS]
    assert all(len(store.versions(nct_id, "ctgov")) == 1 for nct_id in IDS)


def test_a_query_follows_next_page_tokens_to_the_last_page(batch, server, reply, store) -> None:
    server.route(query_path(2), reply(body=page([study(IDS[0]), study(IDS[1])], token="p2", total=3)))
    server.route(query_path(2, "p2"), reply(body=page([study(IDS[2])])))
    summary = batch(page_size=2).refresh_query(QUERY)
    assert (summary.counts.seen, summary.counts.total, summary.failures) == (3, 3, [])
    assert server.paths() == [query_path(2), query_path(2, "p2")]


def test_the_search_asks_only_for_the_fields_the_parser_reads(batch, server, reply) -> None:
    serve_ids(server, reply, IDS[:1])
    batch().refresh_ids(IDS[:1])
    assert "fields=protocolSection" in server.paths()[0]


def test_an_unchanged_trial_costs_no_parse_and_no_write(batch, server, reply, store, executor) -> None:
    serve_ids(server, reply, IDS)
    batch().refresh_ids(IDS)
    before, parsed = store.stats(), len(executor.parsed)
    again = batch().refresh_ids(IDS)
    assert (again.counts.unchanged, len(executor.parsed) - parsed, store.stats()) == (len(IDS), 0, before)


def test_a_changed_trial_is_stored_as_a_new_version_with_what_changed(batch, server, reply, store) -> None:
    serve_ids(server, reply, IDS[:2])
    batch().refresh_ids(IDS[:2])
    changed = study(IDS[0])
    changed["protocolSection"]["statusModule"]["overallStatus"] = "ACTIVE_NOT_RECRUITING"
    serve_ids(server, reply, IDS[:2], studies={IDS[0]: changed, IDS[1]: study(IDS[1])})
    summary = batch().refresh_ids(IDS[:2])
    (change,) = summary.changes
    assert (change.nct_id, change.first, summary.changed) == (IDS[0], False, True)
    assert any("status: Recruiting → Active not recruiting" in line for line in change.changes), change.changes
    assert len(store.versions(IDS[0], "ctgov")) == 2


def test_requests_in_flight_together_still_keep_the_per_host_rate_limit(batch, server, reply, sleeps) -> None:
    serve_ids(server, reply, IDS)
    frozen = Timing(monotonic=lambda: 50.0, jitter=lambda delay: delay)
    batch(page_size=2, timing=frozen, min_interval=1.0).refresh_ids(IDS)
    assert sorted(sleeps) == [1.0, 2.0]


def test_an_interrupted_run_resumes_without_parsing_what_it_stored(batch, server, reply, store, executor) -> None:
    class InterruptedStore:
        """The real store until the third trial is about to be written, then Ctrl-C."""

        def __init__(self) -> None:
            self.writes = 0

        def __getattr__(self, name: str) -> Any:
            return getattr(store, name)

        def save_version(self, *args: Any) -> Any:
            self.writes += 1
            if self.writes == 3:
                raise KeyboardInterrupt
            return store.save_version(*args)

    serve_ids(server, reply, IDS, page_size=5)
    with pytest.raises(KeyboardInterrupt):
        batch(page_size=5, connections=1, target=InterruptedStore()).refresh_ids(IDS)
    stored = [nct_id for nct_id in IDS if store.versions(nct_id, "ctgov")]
    executor.parsed.clear()
    batch(page_size=5).refresh_ids(IDS)
    assert len(stored) == 2
    assert sorted(executor.parsed) == sorted(set(IDS) - set(stored))
    assert all(len(store.versions(nct_id, "ctgov")) == 1 for nct_id in IDS)


def test_no_store_call_of_a_run_blocks_the_event_loop(batch, server, reply, store) -> None:
    class LoopWatchingStore:
        """The real store, noting each call's name and whether an event loop runs in the calling thread."""

        def __init__(self) -> None:
            self.calls: list[tuple[str, bool]] = []

        def __getattr__(self, name: str) -> Any:
            def call(*args: Any) -> Any:
                try:
                    asyncio.get_running_loop()
                    self.calls.append((name, True))
                except RuntimeError:
                    self.calls.append((name, False))
                return getattr(store, name)(*args)

            return call

    serve_ids(server, reply, IDS[:2])
    batch().refresh_ids(IDS[:2])
    changed = study(IDS[0])
    changed["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    serve_ids(server, reply, IDS[:2], studies={IDS[0]: changed, IDS[1]: study(IDS[1])})
    watched = LoopWatchingStore()
    batch(target=watched).refresh_ids(IDS[:2])
    assert sorted(set(watched.calls)) == [("latest_fetch", False), ("latest_parsed", False), ("save_version", False)]


def test_a_record_parses_the_same_in_a_worker_process_as_in_this_one() -> None:
    job = ParseJob(IDS[0], json.dumps(study(IDS[0])).encode(), None)
    with parse_pool(1) as pool:
        in_worker = pool.submit(parse_record, job).result(timeout=60)
    assert in_worker == parse_record(job)


def changed_record() -> ParseJob:
    """The job for a record's next body, one criterion added, against its first version as stored."""
    body = study(IDS[0])
    first = parse_record(ParseJob(IDS[0], json.dumps(body).encode(), None)).new
    assert first is not None
    previous = StoredVersion(1, IDS[0], "ctgov", None, None, None, "", stored_document(first.trial),
                             stored_document(first.criteria), first.parser_version, None)
    body["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] += "\n* Known HIV infection"
    return ParseJob(IDS[0], json.dumps(body).encode(), previous)


def test_a_changed_record_is_parsed_once_and_diffed_once(monkeypatch) -> None:
    job = changed_record()
    calls: list[str] = []
    for module, name in ((engine, "parse_many"), (diff, "diff_trials")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _call=original, _name=name, **options:
                            calls.append(_name) or _call(*args, **options))
    parsed = parse_record(job)
    assert parsed.changes and calls == ["parse_many", "diff_trials"]


def test_a_changed_record_is_validated_only_from_the_stored_version_it_is_diffed_against(monkeypatch) -> None:
    job = changed_record()
    validated: list[str] = []
    for model in (Trial, Criteria):
        monkeypatch.setattr(model, "model_validate", lambda document, _call=model.model_validate, _name=model.__name__,
                            **options: validated.append(_name) or _call(document, **options))
    parsed = parse_record(job)
    assert parsed.changes and validated == ["Trial", "Criteria"]  # the new ones stay the models the parse made


def test_a_query_is_read_as_search_parameters() -> None:
    assert parse_query("condition=rectal cancer, status=recruiting|not_yet_recruiting") == {
        "query.cond": "rectal cancer", "filter.overallStatus": "RECRUITING|NOT_YET_RECRUITING"}


@pytest.mark.parametrize("text", ["condition", "colour=red", "status=recruiting now", "condition="])
def test_a_query_that_is_not_key_value_pairs_we_know_is_a_settings_error(text: str) -> None:
    with pytest.raises(SettingsError, match="--query"):
        parse_query(text)


def test_an_ids_file_skips_blank_lines_comments_and_repeats(tmp_path: Path) -> None:
    listed = tmp_path / "ids.txt"
    listed.write_text(f"# portfolio\n{IDS[0]}\n\n{IDS[1].lower()}  # lower case is fine\n{IDS[0]}\n")
    assert read_ids(listed) == IDS[:2]


def test_track_ids_file_prints_each_first_version_and_exits_10(run, server, reply, ids_file: Path) -> None:
    serve_ids(server, reply, IDS[:3], page_size=100)
    result = run("--ids-file", str(ids_file), "--ctgov-url", server.url)
    assert result.exit_code == CHANGED, result.output
    assert result.stdout.splitlines() == [f"{nct_id}: first version stored (o{n})"
                                          for n, nct_id in enumerate(IDS[:3], 1)]


def test_track_exits_10_when_a_refreshed_trial_changed(run, server, reply, ids_file: Path) -> None:
    serve_ids(server, reply, IDS[:3], page_size=100)
    run("--ids-file", str(ids_file), "--ctgov-url", server.url)
    changed = study(IDS[1])
    changed["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    serve_ids(server, reply, IDS[:3], page_size=100, studies={**{i: study(i) for i in IDS[:3]}, IDS[1]: changed})
    result = run("--ids-file", str(ids_file), "--ctgov-url", server.url)
    assert result.exit_code == CHANGED, result.output
    assert result.stdout.splitlines() == [f"{IDS[1]} o4 (2025-04-04): 1 change(s)",
                                          "  • status: Recruiting → Completed"]


def test_track_query_json_counts_what_it_saw(run, server, reply) -> None:
    server.route(query_path(100), reply(body=page([study(IDS[0]), study(IDS[1])], total=2)))
    result = run("--query", "condition=rectal cancer,status=RECRUITING", "--json", "--ctgov-url", server.url)
    counts = json.loads(result.stdout)["counts"]
    assert (result.exit_code, counts["seen"], counts["new_versions"], counts["failed"]) == (CHANGED, 2, 2, 0)


def test_progress_is_plain_log_lines_when_stdout_is_not_a_terminal(run, server, reply, ids_file: Path) -> None:
    serve_ids(server, reply, IDS[:3], page_size=100)
    result = run("--ids-file", str(ids_file), "--ctgov-url", server.url)
    lines = result.stderr.splitlines()
    progress = r"refresh: [0-3]/3 trials seen, [0-3] new versions, 0 errors, [0-9.]+ trials/s(, ETA \d+ s)?"
    assert all(re.fullmatch(progress, line) for line in lines), lines
    assert lines[-1].startswith("refresh: 3/3 trials seen, 3 new versions, 0 errors, ")


def test_batch_skips_history_unless_asked(run, server, reply, ids_file: Path) -> None:
    serve_ids(server, reply, IDS[:3], page_size=100)
    run("--ids-file", str(ids_file), "--ctgov-url", server.url)
    assert not [path for path in server.paths() if path.startswith("/api/int/")]


def test_batch_with_history_backfills_each_trial_it_saw(run, server, reply, ids_file: Path) -> None:
    serve_ids(server, reply, IDS[:3], page_size=100)
    for nct_id in IDS[:3]:
        server.route(f"/api/int/studies/{nct_id}/history", reply(body=b'{"changes": []}'))
    run("--ids-file", str(ids_file), "--history", "--ctgov-url", server.url)
    assert sorted(path for path in server.paths() if path.startswith("/api/int/")) == sorted(
        f"/api/int/studies/{nct_id}/history" for nct_id in IDS[:3])


def test_nct_ids_with_an_ids_file_is_a_usage_error(run, ids_file: Path) -> None:
    result = run(IDS[0], "--ids-file", str(ids_file))
    assert result.exit_code == 2
    assert result.stderr == "error: give NCT ids, or --ids-file FILE, or --query KEY=VALUE,… (exactly one of them)\n"


def test_plain_progress_writes_a_line_at_most_once_per_interval_and_one_at_the_end() -> None:
    import io

    from scraper.batch.progress import PlainProgress
    from scraper.batch.summary import Counts

    now = [0.0]
    stream = io.StringIO()
    progress = PlainProgress(stream, every=10.0, clock=lambda: now[0])
    counts = Counts(total=4, started=0.0)
    for second in (1.0, 2.0, 12.0, 13.0):
        now[0] = second
        counts.seen += 1
        progress(counts)
    progress.close(counts)
    assert [line.split(" trials seen")[0] for line in stream.getvalue().splitlines()] == [
        "refresh: 1/4", "refresh: 3/4", "refresh: 4/4"]


def test_batch_out_writes_a_folder_for_each_trial_with_a_new_version(run, server, reply, ids_file: Path,
                                                                     tmp_path: Path) -> None:
    serve_ids(server, reply, IDS[:3], page_size=100)
    run("--ids-file", str(ids_file), "--out", str(tmp_path / "out"), "--ctgov-url", server.url)
    assert sorted(path.parent.name for path in (tmp_path / "out").glob("NCT*/trial.json")) == IDS[:3]
