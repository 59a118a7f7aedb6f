"""`trialwatch diff`: what changed between two versions of a trial, stored (`scraper.versions` picks them) or
saved as files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from parser.ids import normalize_nct_id
from scraper.cli.common import AsJson, InputSize, StorePath
from scraper.exits import CHANGED
from scraper.inputs import read_input
from scraper.settings import Settings, SettingsError

if TYPE_CHECKING:
    from parser.models.trial import Trial


def diff(
    first: Annotated[str, typer.Argument(metavar="NCT…|OLD.json", help="A tracked NCT id, or an older record file.")],
    second: Annotated[str | None, typer.Argument(metavar="[NEW.json]", help="The newer record file.")] = None,
    from_label: Annotated[str | None, typer.Option("--from", help="Older stored version (a label `history` lists, "
                                                   "e.g. v0); default: the one before --to.")] = None,
    to_label: Annotated[str | None, typer.Option("--to", help="Newer stored version; default: the latest.")] = None,
    store: StorePath = None,
    as_json: AsJson = False,
    max_input: InputSize = None,
) -> None:
    """Diff two versions of a trial: two stored versions (see `history`), or two record files.

    A file is a CT.gov record (API v2 or history shape), a Trial JSON, or a file of `track --out`'s versions/.
    Exits 0 when they are the same and 10 when they differ.
    """
    from parser.diff import to_text
    from scraper.track import diff_versions

    if second is None:
        from scraper.versions import version_pair

        nct_id = normalize_nct_id(first)
        result = diff_versions(*version_pair(Settings.from_env(store=store), nct_id, from_label, to_label))
    else:
        if from_label or to_label:
            raise SettingsError("--from/--to pick stored versions; with two files, give no --from/--to")
        from parser.diff import diff_trials

        result = diff_trials(_trial_file(first, max_input), _trial_file(second, max_input))
    typer.echo(result.model_dump_json(indent=2) if as_json else to_text(result).rstrip("\n"))
    raise typer.Exit(CHANGED if result.has_changes else 0)


def _trial_file(path: str, max_input: int | None) -> Trial:
    """A Trial from a saved file (`parser.documents.trial_document` says which shapes), its errors naming it."""
    from parser.documents import trial_document
    from parser.errors import ParseError

    try:
        return trial_document(read_input(path, max_input))
    except ParseError as error:
        raise type(error)(f"{path}: {error}") from None
