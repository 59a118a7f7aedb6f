"""`trialwatch track --distributed` with `trialwatch worker` processes on a real Redis, against the fake
ClinicalTrials.gov: every version stored exactly once, whatever happens to a worker or to Redis mid-run."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable

import psycopg
import pytest

from conftest import CLI
from fake_ctgov import nct_id

RUN_LIMIT = 240
"""Seconds a coordinator may take before the test calls it hung (a bound, not a speed target)."""
SHORT_VISIBILITY = "5"
"""Seconds before a lost shard is delivered again, where a test loses one on purpose. Elsewhere the default
holds: on a busy machine a shard may take longer than this, and its second delivery, harmless to the store,
would count its trials as unchanged."""


def track(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "track", *args, "--json"], env=env, capture_output=True, text=True,
                          timeout=RUN_LIMIT)


def start_track(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "track", *args, "--json"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(stored: Callable[[], dict[str, int]], versions: int) -> None:
    """Until the store holds `versions` versions: the run is under way."""
    deadline = time.monotonic() + RUN_LIMIT
    while sum(stored().values()) < versions:
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.2)


def test_two_workers_store_each_of_2000_trials_exactly_once(env, ctgov, workers, ids_file, stored) -> None:
    env["TRIALWATCH_CTGOV_URL"] = ctgov(2000)
    workers(2)
    done = track(env, "--ids-file", str(ids_file(2000)), "--distributed")
    counts = json.loads(done.stdout)["counts"]
    assert (done.returncode, counts["seen"], counts["new_versions"], counts["failed"]) == (10, 2000, 2000, 0)
    assert stored() == {nct_id(index): 1 for index in range(2000)}


@pytest.mark.postgres
def test_two_workers_sharing_a_postgresql_store_store_each_trial_once(fresh_database, env, ctgov, workers,
                                                                     ids_file) -> None:
    env.update(TRIALWATCH_CTGOV_URL=ctgov(200), TRIALWATCH_STORE=fresh_database)
    workers(2)
    done = track(env, "--ids-file", str(ids_file(200)), "--distributed", "--page-size", "20")
    with psycopg.connect(fresh_database) as db:
        stored = dict(db.execute("SELECT nct_id, count(*) FROM versions GROUP BY nct_id").fetchall())
    assert (done.returncode, stored) == (10, {nct_id(index): 1 for index in range(200)}), done.stderr


def test_the_distributed_report_is_the_local_batch_report(env, ctgov, workers, tmp_path) -> None:
    env["TRIALWATCH_CTGOV_URL"] = ctgov(30)
    local = track({**env, "TRIALWATCH_STORE": str(tmp_path / "local.sqlite")}, "--query", "condition=x", "--jobs",
                  "0")
    workers(2)
    distributed = track(env, "--query", "condition=x", "--distributed", "--page-size", "7")

    def report(done: subprocess.CompletedProcess[str]) -> tuple[int, dict[str, object]]:
        document = json.loads(done.stdout)
        document["trials"] = sorted(document["trials"], key=lambda trial: trial["nct_id"])
        for trial in document["trials"]:  # labels of live sightings name the store's row: the stores number apart
            trial.pop("latest")
            trial.pop("new_versions")
        return done.returncode, document

    assert report(distributed) == report(local)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(env, ctgov, workers, ids_file, stored) -> None:
    env.update(TRIALWATCH_CTGOV_URL=ctgov(600), TRIALWATCH_VISIBILITY_TIMEOUT=SHORT_VISIBILITY)
    victim, _ = workers(2)
    run = start_track(env, "--ids-file", str(ids_file(600)), "--distributed", "--page-size", "50")
    wait_for(stored, 100)
    victim.send_signal(signal.SIGKILL)
    out, err = run.communicate(timeout=RUN_LIMIT)
    assert (run.returncode, json.loads(out)["counts"]["failed"]) == (10, 0), err
    assert stored() == {nct_id(index): 1 for index in range(600)}


def test_a_redis_restart_mid_run_loses_and_duplicates_nothing(env, ctgov, workers, ids_file, stored,
                                                              private_redis) -> None:
    env.update(TRIALWATCH_CTGOV_URL=ctgov(600), TRIALWATCH_BROKER=private_redis.url,
               TRIALWATCH_VISIBILITY_TIMEOUT=SHORT_VISIBILITY)
    workers(2)
    run = start_track(env, "--ids-file", str(ids_file(600)), "--distributed", "--page-size", "50")
    wait_for(stored, 100)
    private_redis.stop()
    time.sleep(1)
    private_redis.start()
    out, err = run.communicate(timeout=RUN_LIMIT)
    assert (run.returncode, json.loads(out)["counts"]["failed"]) == (10, 0), err
    assert stored() == {nct_id(index): 1 for index in range(600)}


def test_a_coordinator_that_cannot_reach_the_broker_exits_7_with_one_line(env, ids_file) -> None:
    done = track({**env, "TRIALWATCH_BROKER": "redis://127.0.0.1:9/0", "TRIALWATCH_BROKER_WAIT": "1"},
                 "--ids-file", str(ids_file(3)), "--distributed")
    assert done.returncode == 7
    assert [line for line in done.stderr.splitlines() if line.startswith("error:")] == done.stderr.splitlines()[-1:]
    assert "Traceback" not in done.stderr


def test_a_worker_that_cannot_reach_the_broker_when_it_starts_exits_7_with_one_line(env) -> None:
    done = subprocess.run([*CLI, "worker"], env={**env, "TRIALWATCH_BROKER": "redis://127.0.0.1:9/0",
                                                 "TRIALWATCH_BROKER_WAIT": "1"},
                          capture_output=True, text=True, timeout=RUN_LIMIT)
    assert (done.returncode, done.stderr.splitlines()[-1:]) == (7, [line for line in done.stderr.splitlines()
                                                                   if line.startswith("error:")])
    assert "Traceback" not in done.stderr


def test_a_distributed_reparse_parses_each_stale_version_once(env, ctgov, workers, ids_file, tmp_path) -> None:
    env["TRIALWATCH_CTGOV_URL"] = ctgov(40)
    workers(2)
    track(env, "--ids-file", str(ids_file(40)), "--distributed")
    with sqlite3.connect(env["TRIALWATCH_STORE"]) as db:
        db.execute("UPDATE versions SET parser_version = 'criteria 0.0.1'")

    def reparse() -> dict[str, object]:
        done = subprocess.run([*CLI, "reparse", "--distributed", "--json"], env=env, capture_output=True, text=True,
                              timeout=RUN_LIMIT)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert [reparse()["parsed"], reparse()["parsed"]] == [40, 0]
