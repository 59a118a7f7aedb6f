"""`trialwatch`, the command line: thin commands that parse options, call the library, and render.

Every `TrialwatchError` leaves the app as one `error: …` line on stderr and the exit code of `EXIT_CODES`
(the group below does it, so a new command cannot forget). A command is one small function; anything heavy
(the parsers, and above all spaCy for criteria) is imported inside the command that needs it, so
`trialwatch --help` and `fetch` never pay for spaCy.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from parser.errors import InvalidNctId, MalformedRecord, ParseError
from parser.ids import normalize_nct_id
from scraper.errors import FetchError, StoreError, StudyNotFound, TrialwatchError
from scraper.settings import DEFAULT_CLINCONNECT_URL, DEFAULT_CTGOV_URL, Settings, SettingsError

if TYPE_CHECKING:
    from scraper.http import Client
    from scraper.store import Store

EXIT_CODES: tuple[tuple[type[TrialwatchError], int, str], ...] = (
    (InvalidNctId, 2, "usage: an invalid NCT id (nothing was fetched)"),
    (SettingsError, 2, "usage: an invalid option or TRIALWATCH_* setting"),
    (StudyNotFound, 3, "not found: the source has no such trial"),
    (FetchError, 4, "upstream: the source failed, timed out, rate-limited us or sent too much"),
    (ParseError, 5, "parse: the body or file is not what it should be (nothing was stored)"),
    (StoreError, 6, "store: the store file is locked, corrupt or not a trialwatch store"),
    (TrialwatchError, 1, "any other trialwatch error"),
)
"""Exit code per error class; the most specific class in an error's MRO wins."""

_MEANINGS: dict[int, list[str]] = {}
for _, _code, _meaning in EXIT_CODES:
    _MEANINGS.setdefault(_code, []).append(_meaning)
EXIT_CODES_HELP = "\n\n".join(["Exit codes: 0 success"] + [f"{code} {'; '.join(m)}" for code, m in _MEANINGS.items()])


def exit_code(error: TrialwatchError) -> int:
    """The documented exit code for `error`."""
    codes = {cls: code for cls, code, _ in EXIT_CODES}
    return next(codes[cls] for cls in type(error).__mro__ if cls in codes)


def report(error: TrialwatchError) -> None:
    """Print `error` as exactly one line on stderr, however its message was written."""
    typer.echo(f"error: {' '.join(str(error).split())}", err=True)


class _ReportingGroup(TyperGroup):
    """Turns every `TrialwatchError` a command raises into one line and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrialwatchError as error:
            report(error)
            raise typer.Exit(exit_code(error)) from None


app = typer.Typer(name="trialwatch", cls=_ReportingGroup, no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, epilog=EXIT_CODES_HELP,
                  help="Keep clinical-trial records fresh and their eligibility criteria machine-readable.")


class SourceName(str, Enum):
    ctgov = "ctgov"
    clinconnect = "clinconnect"
    all = "all"


@dataclass(frozen=True)
class Source:
    """How to fetch, parse and summarise one source; functions are named, not imported, until used."""

    fetch: str
    parse: str
    title: str
    status: str


def _load(dotted: str) -> Callable[..., Any]:
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


SOURCES: dict[str, Source] = {
    "ctgov": Source("scraper.ctgov.fetch_study", "parser.ctgov.parse_study", "brief_title", "overall_status"),
    "clinconnect": Source("scraper.clinconnect.fetch_page", "parser.clinconnect.parse_page", "title", "status"),
}

CtgovUrl = Annotated[str | None, typer.Option(
    "--ctgov-url", help=f"ClinicalTrials.gov base URL (env TRIALWATCH_CTGOV_URL; default {DEFAULT_CTGOV_URL})")]
ClinconnectUrl = Annotated[str | None, typer.Option(
    "--clinconnect-url",
    help=f"ClinConnect base URL (env TRIALWATCH_CLINCONNECT_URL; default {DEFAULT_CLINCONNECT_URL})")]
StorePath = Annotated[Path | None, typer.Option(
    "--store", help="SQLite store file (env TRIALWATCH_STORE; default in the user data dir)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]


@dataclass(frozen=True)
class Fetched:
    """One source's answer for one trial, after it was parsed and stored."""

    nct_id: str
    source: str
    url: str
    status: int
    sha256: str
    new_body: bool
    model: Any

    def as_json(self) -> dict[str, Any]:
        return {"nct_id": self.nct_id, "source": self.source, "url": self.url, "status": self.status,
                "sha256": self.sha256, "new_body": self.new_body, "record": self.model.model_dump(mode="json")}


def fetch_one(client: Client, store: Store, source: str, nct_id: str) -> Fetched:
    """Fetch (conditionally, if stored before), parse, then store: a body that fails to parse is never stored."""
    spec = SOURCES[source]
    previous = store.latest_fetch(nct_id, source)
    validators = previous.headers if previous else {}
    result = _load(spec.fetch)(client, nct_id, etag=validators.get("etag"),
                            last_modified=validators.get("last-modified"))
    body = store.body(previous.body_sha256) if result.unchanged else result.body
    try:
        model = _load(spec.parse)(body)
    except ParseError as error:  # name the trial and URL: with many trials the bare reason is not enough
        raise type(error)(f"{nct_id} from {result.url}: {error}") from None
    if model.nct_id != nct_id:
        raise MalformedRecord(f"asked {result.url} for {nct_id}, got {model.nct_id}")
    saved = store.save_fetch(nct_id, source, result)
    sha256 = saved.body_sha256 or previous.body_sha256  # type: ignore[union-attr]  (a 304 implies previous)
    return Fetched(nct_id, source, result.url, result.status, sha256,
                   previous is None or previous.body_sha256 != sha256, model)


@app.command()
def fetch(
    nct_ids: Annotated[list[str], typer.Argument(metavar="NCT…", help="One or more NCT ids.")],
    source: Annotated[SourceName, typer.Option(help="Which source to fetch.")] = SourceName.all,
    store: StorePath = None,
    as_json: AsJson = False,
    ctgov_url: CtgovUrl = None,
    clinconnect_url: ClinconnectUrl = None,
) -> None:
    """Fetch trials, store each distinct raw body once, parse them and print what came back."""
    from scraper.http import build_client
    from scraper.store import SQLiteStore

    ids = [normalize_nct_id(value) for value in nct_ids]  # every id checked before any request
    settings = Settings.from_env(store=store, ctgov_url=ctgov_url, clinconnect_url=clinconnect_url)
    names = list(SOURCES) if source is SourceName.all else [source.value]
    fetched: list[Fetched] = []
    errors: list[TrialwatchError] = []
    with SQLiteStore(settings.store, busy_timeout=settings.store_busy_timeout) as opened:
        for name in names:
            with build_client(settings, name) as client:
                for nct_id in ids:
                    try:
                        fetched.append(fetch_one(client, opened, name, nct_id))
                    except (FetchError, ParseError) as error:  # report it, go on with the others
                        report(error)
                        errors.append(error)
    _render(fetched, _merge(ids, fetched), as_json)
    if errors:
        raise typer.Exit(exit_code(errors[0]))


def _merge(ids: list[str], fetched: list[Fetched]) -> list[Any]:
    """One reconciled view per trial from whichever sources answered."""
    from parser.reconcile import reconcile

    by_key = {(item.nct_id, item.source): item.model for item in fetched}
    return [reconcile(by_key.get((nct_id, "ctgov")), by_key.get((nct_id, "clinconnect")))
            for nct_id in ids if (nct_id, "ctgov") in by_key or (nct_id, "clinconnect") in by_key]


def _render(fetched: list[Fetched], merged: list[Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"fetches": [item.as_json() for item in fetched],
                               "trials": [trial.model_dump(mode="json") for trial in merged]},
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("NCT id", "source", "HTTP", "body", "title", "status")
    for item in fetched:
        spec = SOURCES[item.source]
        table.add_row(item.nct_id, item.source, str(item.status),
                      ("new " if item.new_body else "same ") + item.sha256[:12],
                      getattr(item.model, spec.title) or "", str(getattr(item.model, spec.status) or ""))
    console = Console()
    console.print(table)
    for trial in merged:
        for disagreement in trial.disagreements:
            console.print(f"{trial.nct_id}: sources disagree on {disagreement.field}: "
                          f"ctgov {disagreement.ctgov!r}, clinconnect {disagreement.clinconnect!r}",
                          markup=False, highlight=False)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="A CT.gov JSON record, or a ClinConnect page (HTML or its text).")],
) -> None:
    """Parse a saved record or page, detecting which it is, and print the result as JSON."""
    body = file.read_bytes()
    looks_like_json = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if looks_like_json:
        from parser.ctgov import parse_studies

        trials = parse_studies(body)
        typer.echo(trials[0].model_dump_json(indent=2) if len(trials) == 1
                   else json.dumps([t.model_dump(mode="json") for t in trials], ensure_ascii=False, indent=2))
    else:
        from parser.clinconnect import parse_page

        typer.echo(parse_page(body).model_dump_json(indent=2))


from scraper.criteria_cli import criteria, schema  # noqa: E402  (registered after the app exists)

app.command()(criteria)
app.command()(schema)


def main() -> None:
    """Console-script entry point (`trialwatch`)."""
    app()


if __name__ == "__main__":
    main()
