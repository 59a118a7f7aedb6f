"""A treatment record names a drug by its generic name: the concept table's `drugs` say which kind of treatment it
is, so a record of docetaxel is a chemotherapy and is no corticosteroid, while the engine leaves a drug named in a
criterion for other reasons (an allergy, an interaction) unread."""

from __future__ import annotations

import pytest

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import screen

_BASE = {"as_of": "2025-09-01", "age": {"value": 61, "unit": "a"}, "sex": "male", "ecog": 1, "conditions": []}


def _screened(section: str, text: str, *treatments: dict[str, str]) -> tuple[str, str]:
    """The verdict and the one criterion's result."""
    criteria = parse_criteria(f"{section.capitalize()} Criteria:\n\n  -  {text}")
    verdict = screen(criteria, Patient.model_validate({**_BASE, "treatments": list(treatments)}))
    return verdict.verdict, verdict.criteria[0].result


def _course(drug: str, start: str = "2024-01-10", end: str | None = "2024-05-20") -> dict[str, str]:
    return {"concept": drug, "start": start, **({"end": end} if end else {})}


@pytest.mark.parametrize("drug", ["docetaxel", "Carboplatin AUC 5", "5-FU", "pemetrexed", "FOLFIRI"])
def test_a_recorded_cytotoxic_drug_is_the_prior_chemotherapy_an_exclusion_names(drug: str) -> None:
    assert _screened("exclusion", "Prior chemotherapy", _course(drug)) == ("ineligible", "met")


def test_a_drug_of_a_kind_of_systemic_therapy_is_a_systemic_therapy() -> None:
    assert _screened("exclusion", "Prior systemic therapy", _course("pembrolizumab")) == ("ineligible", "met")


def test_a_known_drug_named_after_a_kind_in_one_entry_is_of_its_own_kind() -> None:
    entry = _course("carboplatin chemotherapy followed by pembrolizumab maintenance")
    assert _screened("exclusion", "Prior immunotherapy", entry) == ("ineligible", "met")


@pytest.mark.parametrize(("text", "drug"), [
    ("Systemic corticosteroids within 14 days before the first dose", "metformin"),
    ("Anticoagulant therapy within 7 days before randomisation", "clopidogrel"),
    ("Immune checkpoint inhibitor within 4 weeks before the first dose", "paclitaxel"),
])
def test_a_drug_the_table_classifies_as_another_kind_is_not_the_treatment_excluded(text: str, drug: str) -> None:
    assert _screened("exclusion", text, _course(drug, "2025-03-01", None)) == ("eligible", "not_met")


def test_a_drug_listed_under_two_kinds_may_be_either() -> None:
    """Cyclophosphamide is a chemotherapy and an immunosuppressant (lupus, vasculitis)."""
    assert _screened("exclusion", "Immunosuppressive therapy within 4 weeks of enrolment",
                     _course("cyclophosphamide", "2025-08-15", None)) == ("ineligible", "met")


def test_a_drug_unknown_to_the_table_may_still_be_any_kind() -> None:
    assert _screened("exclusion", "Systemic corticosteroids within 14 days before the first dose",
                     _course("ruxolitinib", "2025-08-20", None)) == ("needs_review", "unknown")


def test_the_engine_does_not_read_a_drug_named_for_an_allergy_as_a_treatment_asked_for() -> None:
    criteria = parse_criteria("Exclusion Criteria:\n\n  -  Known hypersensitivity to docetaxel or polysorbate 80")
    assert '"concept":"docetaxel"' not in criteria.exclusion[0].model_dump_json().lower()
    assert _screened("exclusion", "Known hypersensitivity to docetaxel or polysorbate 80",
                     _course("docetaxel"))[1] == "not_met"


def test_a_verb_of_ongoing_treatment_reaches_a_list_far_into_its_sentence() -> None:
    """An ended course is no treatment the patient "is receiving", however many words lead to the list."""
    text = ("Patients who are receiving treatments which, if stopped, may put their life at immediate risk, such as "
            "chemotherapy or dialysis")
    assert _screened("exclusion", text, _course("docetaxel")) == ("needs_review", "unknown")
    assert _screened("exclusion", text, _course("docetaxel", "2025-08-01", None)) == ("ineligible", "met")


def test_a_past_verb_between_lets_an_ended_course_count() -> None:
    assert _screened("exclusion", "Patients receiving or having received chemotherapy",
                     _course("docetaxel")) == ("ineligible", "met")


def test_current_anywhere_asks_for_an_ongoing_treatment() -> None:
    assert _screened("exclusion", "Current treatment with anticoagulants", _course("warfarin"))[1] == "unknown"


@pytest.mark.parametrize(("section", "text", "entry"), [
    ("exclusion", "Prior radiotherapy", "cisplatin chemoradiotherapy"),
    ("exclusion", "Prior chemotherapy", "paclitaxel-eluting coronary stent"),
    ("exclusion", "Prior chemotherapy", "fluorouracil 5% cream"),
    ("exclusion", "Investigational agent within 28 days of enrolment", "investigational olaparib"),
    ("exclusion", "Major surgery within 4 weeks", "capecitabine after hemicolectomy"),
    ("inclusion", "Prior radiotherapy", "capecitabine-RT"),
])
def test_a_drug_named_among_other_words_says_nothing_of_the_entry(section: str, text: str, entry: str) -> None:
    assert _screened(section, text, _course(entry, "2025-08-10", None))[0] == "needs_review"


@pytest.mark.parametrize(("section", "text", "condition"), [
    ("inclusion", "Metastatic castration-resistant prostate cancer", "docetaxel-refractory mCRPC"),
    ("exclusion", "Known hypersensitivity to carboplatin", "carboplatin anaphylaxis"),
    ("exclusion", "Interstitial lung disease", "bleomycin-induced lung injury"),
])
def test_a_condition_named_after_a_drug_is_no_treatment(section: str, text: str, condition: str) -> None:
    criteria = parse_criteria(f"{section.capitalize()} Criteria:\n\n  -  {text}")
    patient = {**_BASE, "treatments": [], "conditions": [{"concept": condition, "date": "2025-02-01", "active": True}]}
    assert screen(criteria, Patient.model_validate(patient)).verdict == "needs_review"


def test_a_known_drug_may_have_been_given_in_a_trial() -> None:
    text = "Participation in another clinical trial with an investigational drug within 30 days"
    assert _screened("exclusion", text, _course("sintilimab", "2025-08-18", None))[0] == "needs_review"


def test_an_injected_antidiabetic_is_no_oral_one() -> None:
    text = "Use of oral antidiabetic drugs within 3 months before screening"
    assert _screened("exclusion", text, _course("liraglutide", "2025-06-01", None))[0] == "needs_review"


def test_mitoxantrone_is_an_immunosuppressant_too() -> None:
    assert _screened("exclusion", "Immunosuppressive therapy within 4 weeks of enrolment",
                     _course("mitoxantrone", "2025-08-20", None)) == ("ineligible", "met")


def test_a_perfect_tense_between_lets_an_ended_course_count() -> None:
    assert _screened("exclusion", "Patients who are receiving or have been treated with chemotherapy",
                     _course("docetaxel"))[1] == "met"
