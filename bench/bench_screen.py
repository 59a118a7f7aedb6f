"""Screening throughput: patient-trial evaluations per second on one core (target >= 10,000/s).

Run on demand: `python bench/bench_screen.py [N]`. It screens the NCT05628038 test patients (every case of
`tests/fixtures/patients/NCT05628038.jsonl`, repeated to N evaluations) against the hand-written criteria
fixture with `screen_many`, which compiles the criteria once, and reports the rate. Patients are validated
before the clock starts: the figure is the evaluator's, not pydantic's. The rate is per CPU second of
this process (it is single-threaded), so other work on the machine does not skew it.
"""

from __future__ import annotations

import json
import sys
import time
from itertools import cycle, islice
from pathlib import Path

from parser.models.patient import Patient
from parser.screen import criteria_from_json, screen_many

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "patients"


def main(evaluations: int = 20_000) -> None:
    criteria = criteria_from_json((FIXTURES / "NCT05628038.criteria.json").read_text(encoding="utf-8"))
    lines = (FIXTURES / "NCT05628038.jsonl").read_text(encoding="utf-8").splitlines()
    patients = [Patient.model_validate(json.loads(line)["patient"]) for line in lines]
    batch = list(islice(cycle(patients), evaluations))
    wall, cpu = time.perf_counter(), time.process_time()
    verdicts = sum(1 for _ in screen_many(criteria, batch))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    criteria_count = len(criteria.inclusion) + len(criteria.exclusion)
    print(f"{verdicts} evaluations ({len(patients)} distinct patients x {criteria_count} criteria): "
          f"{verdicts / cpu:,.0f} patient-trial evaluations per CPU second on one core "
          f"({cpu:.2f} s CPU, {wall:.2f} s wall)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
