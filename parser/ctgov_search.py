"""A ClinicalTrials.gov search page → one stored body per study, and the page's paging.

A batch refresh stores each study of a search page as if it had been fetched alone, and decides by the body's
hash whether the record changed. That only works if the same record always gives the same bytes, whichever
page or single request brought it: every study is re-serialised compactly, in the source's key order. Pure,
like the rest of `parser/`: the scraper hands in the bytes and where they came from (for messages).
"""

import json
from dataclasses import dataclass

from parser.ctgov import load_json
from parser.errors import InvalidNctId, MalformedRecord
from parser.ids import normalize_nct_id


@dataclass(frozen=True)
class SearchPage:
    """A search page taken apart: its studies as `(nctId, body)`, the studies it could not name, and paging."""

    studies: list[tuple[str, bytes]]
    unnamed: list[MalformedRecord]
    token: str | None
    total: int | None


def cut_search_page(body: bytes, where: str) -> SearchPage:
    """Each study of a search page as its canonical body; a study without a valid NCT id is set aside (never
    used in a URL or a path), and a page that is not a search response is a `MalformedRecord` naming `where`."""
    try:
        document = load_json(body)
    except MalformedRecord as error:
        raise MalformedRecord(f"search page {where}: {error}") from None
    studies = document.get("studies") if isinstance(document, dict) else None
    if not isinstance(studies, list):
        raise MalformedRecord(f"search page {where} has no 'studies' list")
    named: list[tuple[str, bytes]] = []
    unnamed: list[MalformedRecord] = []
    for study in studies:
        try:
            named.append((_study_id(study), _canonical(study)))
        except MalformedRecord as error:
            unnamed.append(MalformedRecord(f"search page {where}: {error}"))
    token, total = document.get("nextPageToken"), document.get("totalCount")
    return SearchPage(named, unnamed, token if isinstance(token, str) and token else None,
                      total if isinstance(total, int) and not isinstance(total, bool) else None)


def canonical_record(body: bytes) -> bytes:
    """A record fetched alone, as the same bytes `cut_search_page` gives it when a page brings it."""
    return _canonical(load_json(body))


def _study_id(study: object) -> str:
    """The study's NCT id, validated: it names the trial in the store and may end up in a path."""
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]  # type: ignore[index]
    except (TypeError, KeyError):
        raise MalformedRecord("a study without protocolSection.identificationModule.nctId, skipped") from None
    try:
        return normalize_nct_id(value)
    except InvalidNctId as error:
        raise MalformedRecord(f"a study with a bad id, skipped: {error}") from None


def _canonical(study: object) -> bytes:
    try:
        return json.dumps(study, ensure_ascii=False, separators=(",", ":")).encode()
    except RecursionError:
        raise MalformedRecord("a study nested too deeply to store, skipped") from None
