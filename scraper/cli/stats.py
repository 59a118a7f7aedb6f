"""`trialwatch stats`: what the store holds, counted by its database."""

from __future__ import annotations

import typer

from scraper.cli.common import AsJson, StorePath
from scraper.settings import Settings


def stats(store: StorePath = None, as_json: AsJson = False) -> None:
    """What the store holds: trials, versions, bodies (raw and stored bytes), fetches, the newest version's date."""
    from scraper.stores import open_store

    with open_store(Settings.from_env(store=store)) as opened:
        held = opened.stats()
    if as_json:
        typer.echo(held.model_dump_json(indent=2))
        return
    shown = held.model_dump()
    width = max(map(len, shown))
    for key, value in shown.items():
        typer.echo(f"{key.replace('_', ' '):<{width}}  {'' if value is None else value}")
