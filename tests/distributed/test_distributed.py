"""`trialwatch track --distributed` with `trialwatch worker` processes on a real Redis, against the fake
ClinicalTrials.gov: every version stored exactly once, whatever happens to a worker or to Redis mid-run."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable

from conftest import CLI

from fake_ctgov import nct_id

RUN_LIMIT = 240
"""Seconds a coordinator may take before the test calls it hung (a bound, not a speed target)."""


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
    report = json.loads(done.stdout)
    assert (done.returncode, report["seen"], report["new_versions"], report["failed"]) == (0, 2000, 2000, [])
    assert stored() == {nct_id(index): 1 for index in range(2000)}


def test_the_distributed_report_is_the_local_batch_report(env, ctgov, workers, tmp_path) -> None:
    env["TRIALWATCH_CTGOV_URL"] = ctgov(30)
    local = track({**env, "TRIALWATCH_STORE": str(tmp_path / "local.sqlite")}, "--query", "condition=x", "--jobs",
                  "0")
    workers(2)
    distributed = track(env, "--query", "condition=x", "--distributed", "--page-size", "7")

    def report(done: subprocess.CompletedProcess[str]) -> tuple[int, dict[str, object]]:
        document = json.loads(done.stdout)
        document["changed"] = sorted(document["changed"], key=lambda change: change["nct_id"])
        for change in document["changed"]:
            change.pop("version")  # the store's row number: the two stores number their rows apart
        return done.returncode, document

    assert report(distributed) == report(local)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(env, ctgov, workers, ids_file, stored) -> None:
    env["TRIALWATCH_CTGOV_URL"] = ctgov(600)
    victim, _ = workers(2)
    run = start_track(env, "--ids-file", str(ids_file(600)), "--distributed", "--page-size", "50")
    wait_for(stored, 100)
    victim.send_signal(signal.SIGKILL)
    out, err = run.communicate(timeout=RUN_LIMIT)
    assert (run.returncode, json.loads(out)["failed"]) == (0, []), err
    assert stored() == {nct_id(index): 1 for index in range(600)}


def test_a_redis_restart_mid_run_loses_and_duplicates_nothing(env, ctgov, workers, ids_file, stored,
                                                              private_redis) -> None:
    env.update(TRIALWATCH_CTGOV_URL=ctgov(600), TRIALWATCH_BROKER=private_redis.url)
    workers(2)
    run = start_track(env, "--ids-file", str(ids_file(600)), "--distributed", "--page-size", "50")
    wait_for(stored, 100)
    private_redis.stop()
    time.sleep(1)
    private_redis.start()
    out, err = run.communicate(timeout=RUN_LIMIT)
    assert (run.returncode, json.loads(out)["failed"]) == (0, []), err
    assert stored() == {nct_id(index): 1 for index in range(600)}


def test_a_coordinator_that_cannot_reach_the_broker_exits_7_with_one_line(env, ids_file) -> None:
    done = track({**env, "TRIALWATCH_BROKER": "redis://127.0.0.1:9/0", "TRIALWATCH_BROKER_WAIT": "1"}, "--ids-file", str(ids_file(3)),
                 "--distributed")
    assert done.returncode == 7
    assert [line for line in done.stderr.splitlines() if line.startswith("error:")] == done.stderr.splitlines()[-1:]
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
