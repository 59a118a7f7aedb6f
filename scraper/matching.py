"""One patient against the trials of a store: each trial's latest stored criteria, screened, best match first.

The store read lives here (I/O); screening and ranking are the pure `parser.screen` and `parser.match`. The store
hands over each trial's latest criteria as the JSON text it holds (`Store.latest_criteria_json`): never decoded
and encoded again here, that text is what is compiled, and its SHA-256 finds the compiled form kept for the
process (`parser.screen.CompiledCriteria`), so matching the next patient against the same store only screens, and
a version stored since is new text, compiled afresh. The patient is indexed once (`parser.screen.patient_facts`),
not once per trial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from parser.match import rank
from parser.models.patient import Patient
from parser.screen import DEFAULT_MAX_LAB_AGE, CompiledCriteria, Verdict, patient_facts
from scraper.store import Store

_COMPILED = CompiledCriteria()


def match_patient(store: Store, patient: Patient, *, nct_ids: Iterable[str] | None = None, as_of: dt.date | None = None,
                  max_lab_age: float | None = DEFAULT_MAX_LAB_AGE, source: str = "ctgov") -> list[Verdict]:
    """Screen `patient` against the latest parsed criteria of `nct_ids` (default: every trial stored), ranked.

    A trial with no parsed criteria stored is left out: there is nothing to screen against.
    """
    facts = patient_facts(patient, as_of=as_of)
    verdicts = []
    for nct_id in nct_ids if nct_ids is not None else store.trial_ids(source):
        document = store.latest_criteria_json(nct_id, source)
        if document is not None:
            verdicts.append(_COMPILED.trial(document).screen(facts, max_lab_age))
    return rank(verdicts)
