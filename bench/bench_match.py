"""Matching benchmark: one patient against every trial of a store, from the criteria stored with them.

Run on demand: `python bench/bench_match.py [--trials N] [--next K] [--store PATH]`. Builds a store of N trials
whose criteria are the LCT corpus texts parsed once (repeated under new NCT ids past its 1,480; temporary, or kept at
PATH and reused by later runs, so runs interleaved with other code skip the parse), then times what `trialwatch
match` does after reading its options: read each trial's latest criteria, screen, rank. Two figures, CPU and wall
time: the first patient of a process (every trial's criteria compiled, as one `trialwatch match` command does) and
the next K patients (criteria compiled by then: a process matching many patients; default 1, the second patient
below, then the NCT05628038 fixture patients in order, whose records differ: more CPU time, a steadier figure).
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


FIXTURES = ROOT / "tests" / "fixtures" / "patients" / "NCT05628038.jsonl"


def next_patients(count: int) -> list[dict[str, object]]:
    """The patients matched after the first: the second bench patient, then the fixture patients, repeated."""
    lines = FIXTURES.read_text(encoding="utf-8").splitlines()
    mix = [PATIENTS[1], *(json.loads(line)["patient"] for line in lines)]
    return [mix[i % len(mix)] for i in range(count)]


def build(path: Path, count: int) -> None:
    from parser.criteria import parse_many
    from parser.models.trial import Trial
    from scraper.records import FetchResult
    from scraper.sqlite_store import SQLiteStore
    from scraper.store import NewVersion

    lines = (ROOT.parent / "shared" / "criteria-corpus" / "lct.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    documents = list(parse_many(texts[:count]))  # (parse_many streams)
    with SQLiteStore(path) as store:
        for number in range(count):
            nct_id = f"NCT{number:08d}"
            criteria = documents[number % len(documents)].model_copy(update={"nct_id": nct_id})
            result = FetchResult(url=f"https://example.invalid/{nct_id}", status=200, headers={},
                                 body=criteria.model_dump_json(by_alias=True).encode(),
                                 fetched_at=datetime(2025, 6, 1, tzinfo=UTC))
            version = NewVersion(1, None, None, Trial(nct_id=nct_id), criteria, "bench")
            store.save_version(nct_id, "ctgov", result, version)


def run(path: Path, patients: list[dict[str, object]]) -> tuple[int, float, float]:
    """Match each patient in turn; how many patient-trial verdicts, and the CPU and wall seconds they took."""
    from parser.models.patient import Patient
    from scraper.matching import match_patient
    from scraper.sqlite_store import SQLiteStore

    validated = [Patient.model_validate(patient) for patient in patients]
    cpu, wall = time.process_time(), time.perf_counter()
    with SQLiteStore(path) as store:
        matched = sum(len(match_patient(store, patient)) for patient in validated)
    return matched, time.process_time() - cpu, time.perf_counter() - wall


def measure(path: Path, following: int) -> None:
    for which, patients in (("first patient (criteria compiled)", [PATIENTS[0]]),
                            (f"next {following} patient{'s' if following > 1 else ''}", next_patients(following))):
        matched, cpu, wall = run(path, patients)
        print(f"{which}: {matched:,} patient-trial verdicts from {matched // len(patients):,} stored trials, "
              f"{matched / cpu:,.0f} trials per CPU second ({cpu:.2f} s CPU, {wall:.2f} s wall)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--next", type=int, default=1, dest="following", help="patients matched after the first")
    parser.add_argument("--store", type=Path, help="a store to keep and reuse (built there when missing)")
    args = parser.parse_args()
    if args.store is not None:
        if not args.store.exists():
            build(args.store, args.trials)
        measure(args.store, args.following)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.sqlite"
        build(path, args.trials)
        measure(path, args.following)


if __name__ == "__main__":
    main()
