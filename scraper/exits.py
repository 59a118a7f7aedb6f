"""Exit codes: what each error class exits with, and which code wins when a run ends with several outcomes.

Kept apart from the Typer app so services, tests and the README's table read one list, and so deciding a
run's code needs no CLI import.
"""

from __future__ import annotations

from collections.abc import Sequence

from parser.errors import InvalidNctId, ParseError
from scraper.errors import BrokerError, FetchError, NotTracked, StoreError, StudyNotFound, TrialwatchError
from scraper.settings import SettingsError

EXIT_CODES: tuple[tuple[type[TrialwatchError], int, str], ...] = (
    (InvalidNctId, 2, "usage: an invalid NCT id (nothing was fetched)"),
    (SettingsError, 2, "usage: an invalid option, TRIALWATCH_* setting or output path"),
    (StudyNotFound, 3, "not found: the source has no such trial"),
    (NotTracked, 3, "not found: the store has no version of that trial"),
    (FetchError, 4, "upstream: the source failed, timed out, rate-limited us or sent too much"),
    (ParseError, 5, "parse: the body or file is not what it should be (nothing was stored)"),
    (StoreError, 6, "store: the store is locked, corrupt, unreachable or not a trialwatch store"),
    (BrokerError, 7, "broker: the distributed runs' broker (Redis) cannot be reached"),
    (TrialwatchError, 1, "any other trialwatch error"),
)
"""Exit code per error class; the most specific class in an error's MRO wins."""

USAGE = 2
"""A command line the parser refuses (unknown option, bad value): click's own code, kept."""
CHANGED = 10
"""`track` stored a new version, or `diff` found a difference: what cron jobs and CI pipelines act on."""
INTERRUPTED = 130


def exit_code(error: TrialwatchError) -> int:
    """The documented exit code for `error`."""
    codes = {cls: code for cls, code, _ in EXIT_CODES}
    return next(codes[cls] for cls in type(error).__mro__ if cls in codes)


def run_exit_code(errors: Sequence[TrialwatchError], *, changed: bool, interrupted: bool = False) -> int:
    """A run's one code: 130 if interrupted, else 10 if anything new was stored (the alert must not hide behind
    another trial's failure: those are on stderr), else the first error's code, else 0."""
    if interrupted:
        return INTERRUPTED
    if changed:
        return CHANGED
    return exit_code(errors[0]) if errors else 0


def exit_codes_help() -> str:
    """The epilog every command's help shows: the precedence, then each code once with every meaning it has."""
    meanings: dict[int, list[str]] = {}
    for _, code, meaning in EXIT_CODES:
        meanings.setdefault(code, []).append(meaning)
    return "\n\n".join([
        f"Exit codes: {INTERRUPTED} if interrupted; else {CHANGED} if something new was stored or found (errors are "
        "still printed); else the code of the first error; else 0.",
        f"0 success (track: nothing new; diff: the same). {CHANGED} changed (track: a new version was stored; diff: "
        "the two versions differ).",
        *[f"{code} {'; '.join(text)}." for code, text in meanings.items()]])
