"""Matching benchmark: one patient against every trial of a store, from the criteria stored with them.

Run on demand: `python bench/bench_match.py [--trials N]`. Builds a temporary store of N trials whose criteria are
the LCT corpus texts parsed once (repeated under new NCT ids past its 1,480), then times what `trialwatch match`
does after reading its options: read each trial's latest criteria, screen, rank. Two figures, CPU and wall time:
the first patient of a process (every trial's criteria compiled, as one `trialwatch match` command does) and
the next patient (criteria compiled by then: a process matching many patients).
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

PATIENTS = (
    {"as_of": "2025-07-01", "birth_date": "1970-01-01", "sex": "female", "ecog": 1,
     "observations": [{"measure": "platelets", "value": 210, "unit": "10*9/L", "date": "2025-06-30"},
                      {"measure": "hemoglobin", "value": 12.5, "unit": "g/dL", "date": "2025-06-30"}],
     "conditions": [], "treatments": []},
    {"as_of": "2025-07-01", "birth_date": "1958-05-20", "sex": "male", "ecog": 0, "weight": {"value": 81, "unit": "kg"},
     "observations": [{"measure": "ANC", "value": 2.9, "unit": "10*9/L", "date": "2025-06-27"},
                      {"measure": "creatinine", "value": 1.1, "unit": "mg/dL", "date": "2025-06-27"},
                      {"measure": "ALT", "value": 35, "unit": "U/L", "uln": 40, "date": "2025-06-27"}],
     "conditions": [{"concept": "type 2 diabetes", "active": True}], "treatments": []},
)


def build(path: Path, count: int) -> None:
    from parser.criteria import parse_many
    from scraper.records import FetchResult
    from scraper.sqlite_store import SQLiteStore
    from scraper.store import NewVersion

    lines = (ROOT.parent / "shared" / "criteria-corpus" / "lct.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    documents = [d.model_dump(mode="json", by_alias=True) for d in parse_many(texts[:count])]
    with SQLiteStore(path) as store:
        for number in range(count):
            nct_id = f"NCT{number:08d}"
            criteria = {**documents[number % len(documents)], "nct_id": nct_id}
            result = FetchResult(url=f"https://example.invalid/{nct_id}", status=200, headers={},
                                 body=json.dumps(criteria).encode(), fetched_at=datetime(2025, 6, 1, tzinfo=UTC))
            version = NewVersion(1, None, None, {"nct_id": nct_id}, criteria, "bench")
            store.save_version(nct_id, "ctgov", result, version)


def run(path: Path, patient: dict[str, object]) -> tuple[int, float, float]:
    """Match one patient; how many trials, and the CPU and wall seconds it took."""
    from parser.models.patient import Patient
    from scraper.matching import match_patient
    from scraper.sqlite_store import SQLiteStore

    cpu, wall = time.process_time(), time.perf_counter()
    with SQLiteStore(path) as store:
        matched = len(match_patient(store, Patient.model_validate(patient)))
    return matched, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.sqlite"
        build(path, args.trials)
        for which, patient in zip(("first patient (criteria compiled)", "next patient"), PATIENTS, strict=True):
            matched, cpu, wall = run(path, patient)
            print(f"{which}: matched against {matched:,} stored trials, {matched / cpu:,.0f} trials per CPU "
                  f"second ({cpu:.2f} s CPU, {wall:.2f} s wall)")


if __name__ == "__main__":
    main()
