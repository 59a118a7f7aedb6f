"""The Celery app's delivery settings: what a dead worker can hold up, and for how long."""

from __future__ import annotations

from kombu.transport.redis import Channel

from scraper.settings import Settings
from scraper.tasks import make_app


def test_a_worker_killed_mid_sweep_holds_the_sweep_lock_for_one_visibility_timeout_at_most() -> None:
    """kombu keeps the lock of the sweep that redelivers lost shards for 300 s by default: a worker killed while
    sweeping would stall every lost shard that long, however short the visibility timeout."""
    options = make_app(Settings(visibility_timeout=5)).conf.broker_transport_options
    assert options["unacked_mutex_expire"] <= options["visibility_timeout"] == 5


def test_the_sweep_lock_option_is_one_kombu_reads():
    """A renamed transport option would be silently ignored, and the 300 s lock back."""
    assert "unacked_mutex_expire" in Channel.from_transport_options
