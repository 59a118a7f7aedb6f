"""What the fake ClinicalTrials.gov of the batch tests answers: studies from the real samples cut down to the
fields the batch asks for, pages of them, the exact request paths, and a counting parse executor."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper.batch.job import ParseJob
from scraper.ctgov import RECORD_FIELDS, search_path

if TYPE_CHECKING:
    from conftest import LoopbackServer

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov"
IDS = ["NCT03745326", "NCT05288205", "NCT05438667", "NCT06008288", "NCT06388018"]
QUERY = {"query.cond": "rectal cancer", "filter.overallStatus": "RECRUITING"}
TEST_SETTINGS = {"min_interval": 0.0, "backoff_base": 0.0, "max_attempts": 3, "read_timeout": 5.0}


def study(nct_id: str) -> dict[str, Any]:
    """A real sample as the search endpoint sends it with `fields=protocolSection`."""
    document = json.loads((SAMPLES / f"{nct_id}.json").read_text(encoding="utf-8"))
    document = document["studies"][0] if "studies" in document else document
    return {"protocolSection": copy.deepcopy(document["protocolSection"])}


def page(studies: list[dict[str, Any]], token: str | None = None, total: int | None = None) -> bytes:
    document: dict[str, Any] = {"studies": studies}
    if token:
        document["nextPageToken"] = token
    if total is not None:
        document["totalCount"] = total
    return json.dumps(document).encode()


def ids_path(ids: list[str]) -> str:
    return search_path({"filter.ids": ",".join(ids), "fields": RECORD_FIELDS, "pageSize": len(ids)})


def query_path(page_size: int, token: str | None = None, params: dict[str, str] = QUERY) -> str:
    paging = {"pageToken": token} if token else {"countTotal": "true"}
    return search_path({**params, "fields": RECORD_FIELDS, "pageSize": page_size, **paging})


def record_path(nct_id: str) -> str:
    return f"/api/v2/studies/{nct_id}?fields={RECORD_FIELDS}"


class CountingExecutor(ThreadPoolExecutor):
    """Parses in a thread (tests need no process start-up) and counts the bodies it was given."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.parsed: list[str] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        self.parsed += [arg.nct_id for arg in args if isinstance(arg, ParseJob)]
        return super().submit(fn, *args, **kwargs)


def serve_ids(server: LoopbackServer, reply, ids: list[str], page_size: int = 2,
              studies: dict[str, dict[str, Any]] | None = None) -> None:
    """Route each chunk of `ids` to a page of their studies."""
    studies = studies or {nct_id: study(nct_id) for nct_id in ids}
    for start in range(0, len(ids), page_size):
        chunk = ids[start:start + page_size]
        server.route(ids_path(chunk), reply(body=page([studies[nct_id] for nct_id in chunk if nct_id in studies])))
