"""Every command, fed random bytes and random option values: a documented exit code, and never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scraper.cli import app
from scraper.exits import CHANGED, EXIT_CODES, INTERRUPTED, USAGE

DOCUMENTED = {0, CHANGED, INTERRUPTED, USAGE, *(code for _, code, _ in EXIT_CODES)}
COMMANDS = {name: command for name, command in typer.main.get_command(app).commands.items()  # type: ignore[attr-defined]
            if name != "store"}
COMMANDS["store check"] = typer.main.get_command(app).commands["store"].commands["check"]  # type: ignore[attr-defined]

# A value never holds "/": whatever a command creates from it stays in the test's own folder.
values = st.one_of(st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), max_size=12),
                   st.integers(-3, 3).map(str), st.sampled_from(["NCT05628038", "-", "input.bin", "v0", "all"]))


def options(name: str) -> st.SearchStrategy[list[str]]:
    """Random arguments for one command: its own option names mixed with random values."""
    names = sorted({opt for param in COMMANDS[name].params for opt in param.opts if opt.startswith("-")} - {"--help"})
    return st.lists(st.one_of(st.sampled_from(names), values), max_size=6)


def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arguments=st.data(), body=st.binary(max_size=300))
def test_random_input_gets_a_documented_exit_code_and_no_traceback(name: str, arguments: st.DataObject,
                                                                   body: bytes, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "input.bin").write_bytes(body)
    unreachable = closed_port()
    env = {"TRIALWATCH_STORE": str(tmp_path / "store.sqlite"), "TRIALWATCH_CTGOV_URL": unreachable,
           "TRIALWATCH_CLINCONNECT_URL": unreachable, "TRIALWATCH_MIN_INTERVAL": "0", "TRIALWATCH_BACKOFF_BASE": "0",
           "TRIALWATCH_MAX_ATTEMPTS": "1", "TRIALWATCH_BROKER": unreachable.replace("http", "redis", 1) + "/0",
           "TRIALWATCH_BROKER_WAIT": "0"}
    args = [*name.split(), *arguments.draw(options(name))]
    result = CliRunner().invoke(app, args, env=env, input=body)
    assert result.exit_code in DOCUMENTED, (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in result.output, args
