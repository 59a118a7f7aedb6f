"""Regenerate the vcrpy cassettes from fixtures, so every byte they replay can be traced to a source.

    .venv/bin/python tests/cassettes/build.py

Nothing here touches the network: each interaction is written from a fixture file in the response shape its
source uses (CT.gov's compact JSON, a Next.js HTML page) with the headers such a server sends. To add a
cassette or an interaction (e.g. the record history), add an entry to `CASSETTES`. See README.md.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from vcr.request import Request
from vcr.serialize import serialize
from vcr.serializers import yamlserializer

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
CTGOV = "https://clinicaltrials.gov"
CLINCONNECT = "https://clinconnect.io"
SAMPLE_IDS = ("NCT03745326", "NCT05288205", "NCT05438667", "NCT06008288", "NCT06388018", "NCT06411691",
              "NCT06898385")
RECONSTRUCTED_ON = datetime(2025, 6, 26, 12, 0, tzinfo=UTC)
"""The `Date` of NCT05628038's responses: the ClinConnect page's "Current as of" day; no fetch was observed."""


@dataclass(frozen=True)
class Interaction:
    """One GET and its response, as vcrpy replays it."""

    url: str
    accept: str
    status: int
    headers: dict[str, str]
    body: bytes

    def request(self) -> Request:
        return Request("GET", self.url, None, {"Accept": self.accept})

    def response(self) -> dict[str, object]:
        headers = {**self.headers, "Content-Length": str(len(self.body))}
        return {"status": {"code": self.status, "message": "OK"},
                "headers": {name: [value] for name, value in headers.items()},
                "body": {"string": self.body}}


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def ctgov_json(path: str, document: object, date: datetime) -> Interaction:
    """An API v2 answer: compact UTF-8 JSON (no ASCII escapes), as `GET /api/v2/studies/{id}` sends it."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "Date": format_datetime(date, usegmt=True),
               "ETag": _etag(body), "Vary": "Accept-Encoding", "Cache-Control": "no-cache"}
    return Interaction(CTGOV + path, "application/json", 200, headers, body)


def nextjs_html(path: str, html: bytes, date: datetime) -> Interaction:
    """A Next.js page rendered on the server, with the headers a Next.js deployment adds."""
    headers = {"Content-Type": "text/html; charset=utf-8", "Date": format_datetime(date, usegmt=True),
               "ETag": _etag(html), "X-Powered-By": "Next.js", "X-Nextjs-Cache": "HIT",
               "Cache-Control": "s-maxage=3600, stale-while-revalidate",
               "Vary": "RSC, Next-Router-State-Tree, Next-Router-Prefetch, Accept-Encoding"}
    return Interaction(CLINCONNECT + path, "text/html", 200, headers, html)


def nct05628038() -> list[Interaction]:
    """The record (reconstructed, see README) and its ClinConnect page."""
    study = json.loads((FIXTURES / "ctgov" / "NCT05628038.json").read_text(encoding="utf-8"))
    page = (FIXTURES / "clinconnect" / "NCT05628038.html").read_bytes()
    return [ctgov_json("/api/v2/studies/NCT05628038", study, RECONSTRUCTED_ON),
            nextjs_html("/trials/NCT05628038", page, RECONSTRUCTED_ON)]


TEXT_FIELDS = frozenset({"briefSummary", "detailedDescription", "eligibilityCriteria", "description"})
"""Fields the history endpoints send rendered as HTML (API v2 sends them as markdown)."""

_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _html_text(text: str) -> str:
    """Text as the site escapes it: `&#x2F;` for `/`, `&#x27;` for `'`, `&lt;` `&gt;` `&amp;`."""
    return html.escape(_MARKDOWN_ESCAPE.sub(r"\1", text)).replace("/", "&#x2F;")


def markdown_to_html(markdown: str) -> str:
    """CT.gov markdown (paragraphs and `* ` bullet lists) as the history endpoints render it: `<p>`, `<ul><li>`.

    Superscripts stay `^` (see README: the live site flattens `10^9` to `109`; we keep one rendering of the
    digits so the newer version and the live record hold the same text).
    """
    blocks = []
    for block in markdown.split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith("* ") for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{_html_text(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            blocks.append("<p>" + "<br>".join(_html_text(line) for line in lines) + "</p>")
    return "".join(blocks)


def as_history_study(node: object) -> object:
    """An API v2 study with every text field rendered as HTML, as `/api/int/studies/{id}/history/{n}` sends it."""
    if isinstance(node, dict):
        return {key: markdown_to_html(value) if key in TEXT_FIELDS and isinstance(value, str)
                else as_history_study(value) for key, value in node.items()}
    if isinstance(node, list):
        return [as_history_study(item) for item in node]
    return node


def nct05628038_history() -> list[Interaction]:
    """The live record and page (as in `NCT05628038.yaml`), the record's change list, and its two known versions:
    v0 the older version (`fixtures/diff/`), v1 the current record rendered in the history shape. See README."""
    changes = json.loads((FIXTURES / "ctgov" / "NCT05628038.history.json").read_text(encoding="utf-8"))
    older = json.loads((FIXTURES / "diff" / "NCT05628038.older.history-version.json").read_text(encoding="utf-8"))
    current = json.loads((FIXTURES / "ctgov" / "NCT05628038.json").read_text(encoding="utf-8"))
    base = "/api/int/studies/NCT05628038/history"
    return [*nct05628038(),
            ctgov_json(base, changes, RECONSTRUCTED_ON),
            ctgov_json(f"{base}/0", {"studyVersion": 0, "patchVersion": None, **older}, RECONSTRUCTED_ON),
            ctgov_json(f"{base}/1", {"studyVersion": 1, "patchVersion": None, "study": as_history_study(current)},
                       RECONSTRUCTED_ON)]


def ctgov_samples() -> list[Interaction]:
    """The seven real records (copies of `shared/ctgov-samples/`) as the single-study endpoint sends them,
    plus the search answer for the one that came wrapped."""
    interactions = []
    for nct_id in SAMPLE_IDS:
        document = json.loads((FIXTURES / "ctgov" / f"{nct_id}.json").read_text(encoding="utf-8"))
        studies = document.get("studies", [document])
        date = datetime.fromisoformat(studies[0]["derivedSection"]["miscInfoModule"]["versionHolder"])
        date = date.replace(hour=12, tzinfo=UTC)
        interactions.append(ctgov_json(f"/api/v2/studies/{nct_id}", studies[0], date))
        if "studies" in document:
            interactions.append(ctgov_json(f"/api/v2/studies?filter.ids={nct_id}", document, date))
    return interactions


CASSETTES: dict[str, Callable[[], list[Interaction]]] = {
    "NCT05628038.yaml": nct05628038,
    "ctgov-samples.yaml": ctgov_samples,
    "NCT05628038-history.yaml": nct05628038_history,
}


def build(name: str) -> str:
    """The cassette `name` as YAML text."""
    interactions = CASSETTES[name]()
    return serialize({"requests": [i.request() for i in interactions],
                      "responses": [i.response() for i in interactions]}, yamlserializer)


def main() -> None:
    for name in CASSETTES:
        (HERE / name).write_text(build(name), encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
