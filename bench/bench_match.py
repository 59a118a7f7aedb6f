"""Matching benchmark: one patient against every trial of a store, from the criteria stored with them.

Run on demand: `python bench/bench_match.py [--trials N]`. Builds a temporary store of N trials whose criteria are
the LCT corpus texts parsed once (repeated under new NCT ids past its 1,480), then times what `trialwatch match`
does after reading its options: read each trial's latest criteria, screen, rank. Prints CPU and wall time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PATIENT = {"as_of": "2025-07-01", "birth_date": "1970-01-01", "sex": "female", "ecog": 1,
           "observations": [{"measure": "platelets", "value": 210, "unit": "10*9/L", "date": "2025-06-30"},
                            {"measure": "hemoglobin", "value": 12.5, "unit": "g/dL", "date": "2025-06-30"}],
           "conditions": [], "treatments": []}


def build(path: Path, count: int) -> None:
    from parser.criteria import parse_many
    from scraper.http import FetchResult
    from scraper.store import NewVersion, SQLiteStore

    lines = (ROOT.parent / "shared" / "criteria-corpus" / "lct.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    documents = [d.model_dump(mode="json", by_alias=True) for d in parse_many(texts[:count])]
    with SQLiteStore(path) as store:
        for number in range(count):
            nct_id = f"NCT{number:08d}"
            criteria = {**documents[number % len(documents)], "nct_id": nct_id}
            result = FetchResult(url=f"https://example.invalid/{nct_id}", status=200, headers={},
                                 body=json.dumps(criteria).encode(), fetched_at=datetime(2025, 6, 1, tzinfo=UTC))
            store.save_version(nct_id, "ctgov", result, NewVersion(1, None, None, {"nct_id": nct_id}, criteria, "bench"))


def run(path: Path) -> int:
    from parser.models.patient import Patient
    from scraper.matching import match_patient
    from scraper.store import SQLiteStore

    with SQLiteStore(path) as store:
        return len(match_patient(store, Patient.model_validate(PATIENT)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.sqlite"
        build(path, args.trials)
        run(path)  # warm: imports and caches
        cpu, wall = time.process_time(), time.perf_counter()
        matched = run(path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"matched one patient against {matched:,} stored trials: {matched / cpu:,.0f} trials per CPU second "
          f"({cpu:.2f} s CPU, {wall:.2f} s wall)")


if __name__ == "__main__":
    main()
