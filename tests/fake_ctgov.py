"""A fake ClinicalTrials.gov in a process of its own, serving N trials made by varying the real samples in
`tests/fixtures/ctgov/` (ids, titles, dates, one criterion per trial): the search endpoint with `pageToken`
paging and `filter.ids`, and `GET /bench/bump?fraction=F` to publish a new generation of a fraction of the
trials. Used by the distributed tests and by the refresh benchmarks (`bench/`), which need thousands of trials.
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import multiprocessing.connection
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "ctgov"


def nct_id(index: int) -> str:
    """The id of fake trial `index`."""
    return f"NCT{90_000_000 + index:08d}"


def samples() -> list[dict]:
    """The real records' protocol sections (all the batch asks for)."""
    sections = []
    for path in sorted(SAMPLES.glob("NCT*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        study = record["studies"][0] if "studies" in record else record.get("study", record)
        if "protocolSection" in study:
            sections.append(study["protocolSection"])
    return sections


def trial(bases: list[dict], index: int, generation: int) -> bytes:
    """Trial `index` as generation `generation` publishes it: a sample with its own id, title, date, criterion."""
    section = copy.deepcopy(bases[index % len(bases)])
    section["identificationModule"]["nctId"] = nct_id(index)
    section["identificationModule"]["briefTitle"] = f"{section['identificationModule'].get('briefTitle', '')} #{index}"
    status = section.setdefault("statusModule", {})
    status["lastUpdatePostDateStruct"] = {"date": f"2025-{1 + generation % 12:02d}-{1 + index % 28:02d}",
                                          "type": "ACTUAL"}
    eligibility = section.setdefault("eligibilityModule", {})
    eligibility["eligibilityCriteria"] = (eligibility.get("eligibilityCriteria") or "Inclusion Criteria:\n")  \
        + f"\n* Platelets ≥ {50 + (index + generation) % 100} x 10^9/L"
    return json.dumps({"protocolSection": section}, ensure_ascii=False).encode()


def serve(count: int, port_out: multiprocessing.connection.Connection) -> None:
    """The fake search endpoint (own process): `query.cond` pages by offset tokens, or `filter.ids`;
    GET /bench/bump?fraction=F publishes a new generation of that fraction of the trials."""
    bases = samples()
    generation = [0] * count
    bodies = [trial(bases, index, 0) for index in range(count)]
    ids = {nct_id(index): index for index in range(count)}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path == "/bench/bump":
                with lock:
                    step = max(1, round(1 / float(query["fraction"])))
                    for index in range(0, count, step):
                        generation[index] += 1
                        bodies[index] = trial(bases, index, generation[index])
                return self.reply(b"{}")
            size = int(query.get("pageSize", "10"))
            if "filter.ids" in query:
                chosen = [ids[nct_id] for nct_id in query["filter.ids"].split(",") if nct_id in ids]
                token = None
            else:
                start = int(query.get("pageToken", "0"))
                chosen = list(range(start, min(start + size, count)))
                token = str(start + size) if start + size < count else None
            parts = [b'{"studies":[', b",".join(bodies[index] for index in chosen), b"]"]
            if token:
                parts.append(b',"nextPageToken":"' + token.encode() + b'"')
            if "countTotal" in query:
                parts.append(b',"totalCount":' + str(count).encode())
            self.reply(b"".join(parts) + b"}")

        def reply(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_out.send(server.server_address[1])
    server.serve_forever()


def fake(count: int) -> tuple[multiprocessing.Process, str]:
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=serve, args=(count, send), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{receive.recv()}"


def bump(url: str, fraction: float) -> None:
    import httpx

    httpx.get(f"{url}/bench/bump?fraction={fraction}").raise_for_status()
