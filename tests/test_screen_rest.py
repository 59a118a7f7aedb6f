"""The screener decides as far as a criterion's `rest` lets it: engine-made criteria in, verdicts out.

Each criterion here is parsed by the engine from a text written for the test, as a screener would get it.
"""

from __future__ import annotations

from typing import Any

import pytest

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import screen


def _verdict(text: str, **patient: Any) -> tuple[str, list[str]]:
    criteria = parse_criteria(text)
    verdict = screen(criteria, Patient.model_validate({"as_of": "2025-07-01", **patient}))
    return verdict.verdict, verdict.deciding


def _sbp(value: float) -> dict[str, Any]:
    return {"observations": [{"measure": "SBP", "value": value, "unit": "mm[Hg]", "date": "2025-06-30"},
                             {"measure": "DBP", "value": 80, "unit": "mm[Hg]", "date": "2025-06-30"}]}


AGE_WITH_TIMING = "Inclusion Criteria:\n\n  -  Aged 20-70 years at the time of signing the informed consent form"
HYPERTENSION = "Exclusion Criteria:\n\n  -  Uncontrolled hypertension: SBP > 150 mmHg or DBP > 95 mmHg"
HEART_FAILURE = "Exclusion Criteria:\n\n  -  LVEF < 45% or other evidence of heart failure"


def test_an_age_outside_a_range_with_a_timing_qualifier_is_ineligible():
    assert _verdict(AGE_WITH_TIMING, birth_date="1950-01-01") == ("ineligible", ["inc-1"])


def test_an_age_inside_a_range_with_a_timing_qualifier_is_eligible():
    assert _verdict(AGE_WITH_TIMING, birth_date="1980-01-01") == ("eligible", [])


def test_a_defined_label_excludes_on_its_definition():
    assert _verdict(HYPERTENSION, **_sbp(160)) == ("ineligible", ["exc-1"])


def test_a_defined_label_does_not_exclude_below_its_definition():
    assert _verdict(HYPERTENSION, **_sbp(130)) == ("eligible", [])


LIVER = "Exclusion Criteria:\n\n  -  Above 3 x ULN for AST, ALT, or total bilirubin"


def test_any_lab_listed_after_a_limit_with_or_excludes_on_its_own():
    readings = [{"measure": name, "value": value, "unit": unit, "uln": uln, "date": "2025-06-30"}
                for name, value, unit, uln in (("AST", 30, "U/L", 40), ("ALT", 200, "U/L", 40),
                                               ("total bilirubin", 10, "umol/L", 21))]
    assert _verdict(LIVER, observations=readings) == ("ineligible", ["exc-1"])


LIVER_LIMIT = "Inclusion Criteria:\n\n  -  AST or ALT ≤ 2.5 x ULN"


def test_an_inclusion_limit_on_labs_joined_by_or_bounds_each():
    readings = [{"measure": "AST", "value": 30, "unit": "U/L", "uln": 40, "date": "2025-06-30"},
                {"measure": "ALT", "value": 400, "unit": "U/L", "uln": 40, "date": "2025-06-30"}]
    assert _verdict(LIVER_LIMIT, observations=readings) == ("ineligible", ["inc-1"])


INFECTIONS = "Exclusion Criteria:\n\n  -  Known history of tuberculosis, HIV or hepatitis C"


@pytest.mark.parametrize(("conditions", "expected"), [
    ([{"concept": "chronic hepatitis C", "date": "2020-01-01"}], ("ineligible", ["exc-1"])),
    ([{"concept": "essential hypertension", "date": "2020-01-01"}], ("eligible", [])),
])
def test_each_infection_of_a_list_excludes_on_its_own(conditions, expected):
    assert _verdict(INFECTIONS, conditions=conditions) == expected


def test_an_alternative_excludes_when_its_structured_part_holds():
    lvef = {"observations": [{"measure": "LVEF", "value": 35, "unit": "%", "date": "2025-06-30"}]}
    assert _verdict(HEART_FAILURE, **lvef) == ("ineligible", ["exc-1"])


def test_an_alternative_whose_structured_part_fails_is_left_to_review():
    lvef = {"observations": [{"measure": "LVEF", "value": 60, "unit": "%", "date": "2025-06-30"}]}
    assert _verdict(HEART_FAILURE, **lvef) == ("needs_review", ["exc-1"])


def test_a_rest_for_a_person_never_lets_the_structured_part_decide():
    text = "Inclusion Criteria:\n\n  -  Able to swallow tablets. Age 20-70 years"
    assert _verdict(text, birth_date="1950-01-01") == ("needs_review", ["inc-1"])


def test_a_record_of_one_listed_event_meets_a_window_on_the_list():
    text = "Exclusion Criteria:\n\n  -  History of pulmonary embolism or deep vein thrombosis within 3 months"
    patient = {"conditions": [{"concept": "deep vein thrombosis", "date": "2025-05-01", "active": False}]}
    assert _verdict(text, **patient) == ("ineligible", ["exc-1"])


def test_a_record_of_an_unlisted_event_does_not_meet_the_window():
    text = "Exclusion Criteria:\n\n  -  History of pulmonary embolism or deep vein thrombosis within 3 months"
    patient = {"conditions": [{"concept": "stroke", "date": "2025-05-01", "active": False}]}
    assert _verdict(text, **patient) == ("eligible", [])


HEART_DISEASE = ("Exclusion Criteria:\n\n  -  Heart disease within 6 months (including angina, LVEF < 45% and "
                 "QTc > 480 ms)")
CHRONIC_LIVER_DISEASE = "Exclusion Criteria:\n\n  -  Chronic liver disease, including cirrhosis or HBV DNA > 2000 IU/mL"


def _hbv_dna(value: float) -> dict[str, Any]:
    return {"observations": [{"measure": "HBV DNA", "value": value, "unit": "IU/mL", "date": "2025-06-30"}]}


def test_a_head_with_a_list_of_examples_excludes_on_a_record_of_the_head():
    patient = {"conditions": [{"concept": "congestive heart failure", "date": "2025-05-01"}]}
    assert _verdict(HEART_DISEASE, **patient) == ("ineligible", ["exc-1"])


def test_a_head_with_a_list_of_examples_does_not_exclude_a_patient_without_it():
    lvef = {"observations": [{"measure": "LVEF", "value": 60, "unit": "%", "date": "2025-06-30"},
                             {"measure": "QTc", "value": 420, "unit": "ms", "date": "2025-06-30"}]}
    assert _verdict(HEART_DISEASE, conditions=[], **lvef) == ("eligible", [])


def test_one_listed_example_joined_by_and_excludes_alone():
    lvef = {"observations": [{"measure": "LVEF", "value": 40, "unit": "%", "date": "2025-06-30"}]}
    assert _verdict(HEART_DISEASE, conditions=[], **lvef) == ("ineligible", ["exc-1"])


def test_a_structured_example_of_an_unstructured_head_excludes_when_it_holds():
    assert _verdict(CHRONIC_LIVER_DISEASE, conditions=[], **_hbv_dna(5000)) == ("ineligible", ["exc-1"])


def test_a_structured_example_of_an_unstructured_head_that_fails_is_left_to_review():
    assert _verdict(CHRONIC_LIVER_DISEASE, conditions=[], **_hbv_dna(100)) == ("needs_review", ["exc-1"])


def test_a_part_opened_by_or_leaves_a_record_of_the_structured_part_decisive():
    text = "Exclusion Criteria:\n\n  -  Pregnant or women planning to conceive during the trial"
    assert _verdict(text, sex="female", pregnant=True) == ("ineligible", ["exc-1"])


def test_a_short_alternative_beside_a_threshold_never_lets_the_threshold_clear_a_patient():
    text = "Exclusion Criteria:\n\n  -  Receiving dialysis, or potassium > 6 mmol/L"
    patient = {"treatments": [{"concept": "dialysis", "start": "2024-01-01"}],
               "observations": [{"measure": "potassium", "value": 4.5, "unit": "mmol/L", "date": "2025-06-30"}]}
    assert _verdict(text, **patient) == ("needs_review", ["exc-1"])


NOT_ON_INSULIN = "Exclusion Criteria:\n\n  -  HbA1c > 10% for those not on insulin"


def _hba1c(value: float, treatments: list[dict[str, Any]]) -> dict[str, Any]:
    return {"conditions": [], "treatments": treatments,
            "observations": [{"measure": "HbA1c", "value": value, "unit": "%", "date": "2025-06-30"}]}


def test_a_threshold_for_patients_not_on_a_treatment_spares_a_patient_on_it():
    on_insulin = [{"concept": "insulin glargine", "start": "2020-01-01"}]
    assert _verdict(NOT_ON_INSULIN, **_hba1c(11, on_insulin)) == ("eligible", [])


def test_a_threshold_for_patients_not_on_a_treatment_excludes_a_patient_without_it():
    assert _verdict(NOT_ON_INSULIN, **_hba1c(11, [])) == ("ineligible", ["exc-1"])


EFFUSIONS = "Exclusion Criteria:\n\n  -  Symptomatic pleural effusion, pericardial effusion or ascites within 3 months"
STEROID_TOXICITY = "Exclusion Criteria:\n\n  -  Pneumonitis or colitis requiring steroids within 6 months"


def _condition(name: str) -> dict[str, Any]:
    return {"conditions": [{"concept": name, "date": "2025-06-01"}], "treatments": []}


@pytest.mark.parametrize(("text", "entry"), [(EFFUSIONS, "pericardial effusion"), (STEROID_TOXICITY, "pneumonitis")])
def test_a_listed_event_recorded_without_the_qualifier_the_list_shares_asks_a_person(text, entry):
    assert _verdict(text, **_condition(entry)) == ("needs_review", ["exc-1"])


@pytest.mark.parametrize(("text", "entry"), [(EFFUSIONS, "symptomatic pleural effusion"),
                                             (STEROID_TOXICITY, "colitis requiring steroids"),
                                             (STEROID_TOXICITY, "pneumonitis requiring steroids")])
def test_a_listed_event_recorded_with_the_qualifier_meets_the_list(text, entry):
    assert _verdict(text, **_condition(entry)) == ("ineligible", ["exc-1"])


LESION_SIZE = "Exclusion Criteria:\n\n  -  Largest diameter of liver metastases > 5 cm"


def test_a_lesion_size_cannot_exclude_a_patient_whose_complete_record_lacks_the_lesion():
    assert _verdict(LESION_SIZE, conditions=[{"concept": "rectal adenocarcinoma"}]) == ("eligible", [])


def test_a_lesion_size_asks_a_person_when_the_patient_has_the_lesion_and_no_size_is_recorded():
    assert _verdict(LESION_SIZE, conditions=[{"concept": "liver metastases"}]) == ("needs_review", ["exc-1"])


def test_a_lesion_size_asks_a_person_when_conditions_are_not_recorded():
    assert _verdict(LESION_SIZE) == ("needs_review", ["exc-1"])


SEVERE_EFFUSION = "Exclusion Criteria:\n\n  -  Severe pleural effusion"
INVESTIGATOR = ("Exclusion Criteria:\n\n  -  Any condition that, in the opinion of the investigator, makes the patient "
                "unsuitable")


def test_a_narrowed_exclusion_does_not_exclude_a_patient_without_the_condition():
    assert _verdict(SEVERE_EFFUSION, conditions=[{"concept": "hypertension"}]) == ("eligible", [])


def test_a_narrowed_exclusion_asks_a_person_when_the_patient_has_the_condition():
    assert _verdict(SEVERE_EFFUSION, conditions=[{"concept": "pleural effusion"}]) == ("needs_review", ["exc-1"])


def test_a_narrowed_inclusion_the_patient_fails_is_ineligible():
    text = "Inclusion Criteria:\n\n  -  Metastatic disease, such as liver or lung metastases"
    assert _verdict(text, conditions=[{"concept": "rectal adenocarcinoma"}]) == ("ineligible", ["inc-1"])


RADIOTHERAPY = {"concept": "radiotherapy", "start": "2020-01-01", "end": "2020-02-01"}


def test_a_denial_of_a_narrowed_treatment_admits_a_patient_without_the_treatment():
    assert _verdict("Inclusion Criteria:\n\n  -  No prior pelvic radiotherapy", treatments=[]) == ("eligible", [])


def test_a_denial_of_a_narrowed_treatment_asks_a_person_about_a_patient_with_the_treatment():
    text = "Inclusion Criteria:\n\n  -  No prior pelvic radiotherapy"
    assert _verdict(text, treatments=[RADIOTHERAPY]) == ("needs_review", ["inc-1"])


def test_an_exclusion_of_a_narrowed_treatment_spares_a_patient_without_the_treatment():
    assert _verdict("Exclusion Criteria:\n\n  -  Prior pelvic radiotherapy", treatments=[]) == ("eligible", [])


CHECKPOINT = ("Exclusion Criteria:\n\n  -  Prior anti-PD-1, anti-CTLA-4 or any other immune checkpoint pathway "
              "targeted therapy")


@pytest.mark.parametrize(("treatment", "expected"), [
    ("FOLFOX chemotherapy", ("eligible", [])),
    ("anti-PD-1 antibody", ("ineligible", ["exc-1"])),
    ("targeted therapy", ("needs_review", ["exc-1"])),
])
def test_the_kind_any_other_names_narrows_only_itself(treatment, expected):
    """A targeted therapy may or may not be a checkpoint one: a person reads it; the listed kinds still exclude."""
    assert _verdict(CHECKPOINT, treatments=[{"concept": treatment, "start": "2024-01-01"}]) == expected


HISTORY_OF_LIVER_DISEASE = ("Exclusion Criteria:\n\n  -  History of liver disease, including HCV infection or "
                            "HCV RNA ≥ 1000 IU/mL, or liver cirrhosis")


def _hcv_rna(value: float, conditions: list[str]) -> dict[str, Any]:
    return {"conditions": [{"concept": name} for name in conditions],
            "observations": [{"measure": "HCV RNA", "value": value, "unit": "[IU]/mL", "date": "2025-06-30"}]}


def test_an_exclusion_heading_a_list_with_a_threshold_spares_a_patient_with_none_of_them():
    assert _verdict(HISTORY_OF_LIVER_DISEASE, **_hcv_rna(0, ["rectal adenocarcinoma"])) == ("eligible", [])


def test_an_exclusion_heading_a_list_with_a_threshold_excludes_on_a_listed_condition():
    assert _verdict(HISTORY_OF_LIVER_DISEASE, **_hcv_rna(0, ["chronic HCV infection"])) == ("ineligible", ["exc-1"])


def test_an_exclusion_heading_a_list_with_a_threshold_excludes_on_the_threshold():
    assert _verdict(HISTORY_OF_LIVER_DISEASE, **_hcv_rna(5000, ["rectal adenocarcinoma"])) == ("ineligible", ["exc-1"])


def test_a_narrowed_head_of_a_list_leaves_a_patient_without_its_listed_instances_to_review():
    text = HISTORY_OF_LIVER_DISEASE.replace("History of liver disease", "Chronic liver disease")
    assert _verdict(text, **_hcv_rna(0, ["rectal adenocarcinoma"])) == ("needs_review", ["exc-1"])


def test_words_after_a_list_of_examples_keep_its_head_from_excluding_alone():
    text = "Exclusion Criteria:\n\n  -  Hypertension, including SBP > 160 mmHg, not controlled by medication"
    assert _verdict(text, conditions=[{"concept": "hypertension"}], **_sbp(128)) == ("needs_review", ["exc-1"])


def test_an_electrolyte_abnormality_is_named_by_a_kind_of_it():
    text = "Exclusion Criteria:\n\n  -  Electrolyte abnormalities"
    assert _verdict(text, conditions=[{"concept": "hyponatremia"}]) == ("ineligible", ["exc-1"])


def test_the_investigators_judgement_is_confirmed_at_enrolment():
    verdict = screen(parse_criteria(INVESTIGATOR), Patient.model_validate({"as_of": "2025-07-01", "conditions": []}))
    assert (verdict.verdict, verdict.to_confirm) == ("eligible", ["exc-1"])


ORGAN_FUNCTION = ("Inclusion Criteria:\n\n  -  Sufficient marrow and kidney function, including neutrophils >= 1.5 x "
                  "10^9/L, platelet count >= 75 x 10^9/L and serum creatinine <= 2 x ULN")


def _counts(platelets: float) -> dict[str, Any]:
    day = "2025-06-30"
    return {"observations": [
        {"measure": "ANC", "value": 2.4, "unit": "10*9/L", "date": day},
        {"measure": "platelets", "value": platelets, "unit": "10*9/L", "date": day},
        {"measure": "creatinine", "value": 0.7, "unit": "mg/dL", "uln": 1.1, "date": day}]}


def test_every_listed_requirement_of_an_inclusion_must_hold():
    assert _verdict(ORGAN_FUNCTION, **_counts(50)) == ("ineligible", ["inc-1"])


def test_a_patient_meeting_every_listed_requirement_is_not_turned_away():
    assert _verdict(ORGAN_FUNCTION, **_counts(180))[0] != "ineligible"


GILBERT = ("Exclusion Criteria:\n\n  -  Serum bilirubin > 2 x ULN or hepatic impairment, unless caused by Gilbert's "
           "syndrome")


def test_an_exception_the_screener_cannot_weigh_keeps_the_exclusion_from_deciding():
    patient = {"conditions": [{"concept": "Gilbert's syndrome", "date": "2001-05-01"}], "observations": [
        {"measure": "total bilirubin", "value": 3.1, "unit": "mg/dL", "uln": 1.2, "date": "2025-06-30"}]}
    assert _verdict(GILBERT, **patient) == ("needs_review", ["exc-1"])


def test_a_waiver_of_an_inclusion_threshold_does_not_turn_away_a_patient_it_names():
    text = "Inclusion Criteria:\n\n  -  Serum bilirubin <= 2 x ULN, unless caused by Gilbert's syndrome"
    patient = {"conditions": [{"concept": "Gilbert's syndrome", "date": "2001-05-01"}], "observations": [
        {"measure": "total bilirubin", "value": 3.1, "unit": "mg/dL", "uln": 1.2, "date": "2025-06-30"}]}
    assert _verdict(text, **patient)[0] != "ineligible"


PREGNANCY_TEST = ("Inclusion Criteria:\n\n  -  Females of reproductive potential: negative urine pregnancy test "
                  "within 7 days of registration")


def test_a_negative_pregnancy_test_does_not_turn_away_a_woman_who_is_not_pregnant():
    assert _verdict(PREGNANCY_TEST, sex="female", pregnant=False)[0] != "ineligible"


def test_a_negative_pregnancy_test_is_not_met_by_a_pregnant_woman():
    assert _verdict(PREGNANCY_TEST, sex="female", pregnant=True) == ("ineligible", ["inc-1"])


def test_a_negative_pregnancy_test_required_among_exclusions_excludes_only_a_pregnancy():
    text = ("Exclusion Criteria:\n\n  -  Lactation. Females of reproductive potential need a negative urine pregnancy "
            "test within 7 days of registration")
    assert _verdict(text, sex="female", pregnant=False, lactating=False)[0] != "ineligible"


def _fixture_confusion() -> dict[tuple[str, str], int]:
    import json
    from collections import Counter
    from pathlib import Path

    from parser.screen import criteria_from_json

    root = Path(__file__).resolve().parents[1]
    criteria = criteria_from_json((root / "extracted" / "NCT05628038" / "criteria.json").read_text(encoding="utf-8"))
    lines = (root / "tests" / "fixtures" / "patients" / "NCT05628038.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines]
    return Counter((case["expect"]["verdict"], screen(criteria, Patient.model_validate(case["patient"])).verdict)
                   for case in cases)


def test_the_engines_own_criteria_never_decide_a_fixture_patient_the_wrong_way():
    confusion = _fixture_confusion()
    assert confusion[("eligible", "ineligible")] == 0, confusion
    assert confusion[("ineligible", "eligible")] == 0, confusion
    assert confusion[("needs_review", "eligible")] == 0, confusion


def _matrix(confusion: dict[tuple[str, str], int]) -> str:
    """The confusion matrix as the README shows it: a row per label, a column per verdict."""
    verdicts = ("eligible", "needs_review", "ineligible")
    corner = "label \\ verdict"
    rows = [f"{corner:>16} " + " ".join(f"{v:>12}" for v in verdicts)]
    rows += [f"{label:>16} " + " ".join(f"{confusion.get((label, v), 0):>12}" for v in verdicts) for label in verdicts]
    return "\n".join(rows)


def test_the_engines_own_criteria_agree_with_the_fixture_labels_at_least_as_often_as_recorded():
    confusion = _fixture_confusion()
    agreed = sum(count for (label, verdict), count in confusion.items() if label == verdict)
    assert agreed >= 52, f"{agreed}/76 agree (README: 52 of 76 on 2026-12-04):\n{_matrix(confusion)}"


PLATELETS_UNSUPPORTED = "Inclusion Criteria:\n\n  -  Platelets ≥ 100 x 10^9/L without transfusion or growth factor use"


def _platelets(count: float) -> list[dict[str, Any]]:
    return [{"measure": "platelets", "value": count, "unit": "10*9/L", "date": "2025-06-30"}]


@pytest.mark.parametrize(("count", "expected"), [(150, ("needs_review", ["inc-1"])), (60, ("ineligible", ["inc-1"]))])
def test_a_value_short_of_a_bound_without_a_supporting_treatment_fails_and_one_beyond_asks_a_person(count, expected):
    assert _verdict(PLATELETS_UNSUPPORTED, observations=_platelets(count)) == expected


def test_a_value_beyond_a_bound_meets_it_without_support_when_the_treatments_record_names_none():
    treatments = [{"concept": "capecitabine chemotherapy", "start": "2025-03-01", "end": "2025-05-01"}]
    assert _verdict(PLATELETS_UNSUPPORTED, observations=_platelets(150), treatments=treatments) == ("eligible", [])


@pytest.mark.parametrize("treatment", ["platelet transfusion", "filgrastim",
                                       "FOLFOX chemotherapy with pegfilgrastim support", "surgery (2 units PRBC)"])
def test_a_value_beyond_a_bound_asks_a_person_when_the_record_names_a_support_or_what_may_be_one(treatment):
    """A support named among other treatments counts as much as one named alone."""
    treatments = [{"concept": treatment, "start": "2024-01-10", "end": "2024-01-10"}]
    verdict = _verdict(PLATELETS_UNSUPPORTED, observations=_platelets(150), treatments=treatments)
    assert verdict == ("needs_review", ["inc-1"])


def test_a_value_short_of_a_bound_fails_whatever_support_the_record_names():
    treatments = [{"concept": "platelet transfusion", "start": "2025-06-28", "end": "2025-06-28"}]
    verdict = _verdict(PLATELETS_UNSUPPORTED, observations=_platelets(60), treatments=treatments)
    assert verdict == ("ineligible", ["inc-1"])


def test_without_a_treatment_that_supports_no_value_is_no_qualifier():
    text = "Inclusion Criteria:\n\n  -  Platelets ≥ 100 x 10^9/L without prior pelvic radiotherapy"
    labs = [{"measure": "platelets", "value": 150, "unit": "10*9/L", "date": "2025-06-30"}]
    assert _verdict(text, observations=labs)[0] == "needs_review"


def test_a_diagnosis_in_a_sentence_of_its_own_beside_an_age_range_is_one_more_requirement():
    text = "Inclusion Criteria:\n\n  -  Histologically confirmed carcinoma. Age 20-70 years"
    assert _verdict(text, birth_date="1950-01-01") == ("ineligible", ["inc-1"])
    assert _verdict(text, birth_date="1970-01-01", conditions=[]) == ("ineligible", ["inc-1"])
    carcinoma = [{"concept": "carcinoma", "date": "2025-01-01", "active": True}]
    assert _verdict(text, birth_date="1970-01-01", conditions=carcinoma) == ("eligible", [])


def test_a_condition_naming_a_support_asks_a_person_and_another_condition_does_not():
    dependent = [{"concept": "transfusion-dependent anaemia", "date": "2024-01-10", "active": True}]
    other = [{"concept": "type 2 diabetes", "date": "2024-01-10", "active": True}]
    treated = {"observations": _platelets(150), "treatments": []}
    assert _verdict(PLATELETS_UNSUPPORTED, conditions=dependent, **treated) == ("needs_review", ["inc-1"])
    assert _verdict(PLATELETS_UNSUPPORTED, conditions=other, **treated) == ("eligible", [])


ALLERGY = "Exclusion Criteria:\n\n  -  Patients allergic to corticosteroids"


def test_a_patient_on_the_treatment_an_excluded_allergy_is_to_is_not_turned_away_for_taking_it():
    treatments = [{"concept": "prednisone", "start": "2025-01-01"}]
    assert _verdict(ALLERGY, conditions=[], treatments=treatments) == ("eligible", [])


def test_a_recorded_allergy_leaves_what_it_is_to_for_a_person():
    conditions = [{"concept": "penicillin allergy", "date": "2010-01-01"}]
    assert _verdict(ALLERGY, conditions=conditions, treatments=[]) == ("needs_review", ["exc-1"])


BRACKET_DEFINED = "Exclusion Criteria:\n\n  -  Poor marrow reserve (platelets < 75 x 10^9/L)"


@pytest.mark.parametrize(("count", "verdict"), [(250, ("eligible", [])), (50, ("ineligible", ["exc-1"]))])
def test_a_label_defined_by_the_threshold_in_its_bracket_decides_both_ways(count, verdict):
    labs = [{"measure": "platelets", "value": count, "unit": "10*9/L", "date": "2025-06-30"}]
    assert _verdict(BRACKET_DEFINED, observations=labs) == verdict


def test_one_treatment_of_a_list_ending_with_or_meets_an_inclusion_requiring_any():
    text = "Inclusion Criteria:\n\n  -  Prior chemotherapy, radiotherapy or immunotherapy"
    treatments = [{"concept": "FOLFOX chemotherapy", "start": "2024-01-01", "end": "2024-06-01"}]
    assert _verdict(text, treatments=treatments) == ("eligible", [])


@pytest.mark.parametrize("text", ["Inclusion Criteria:\n\n  -  Must be surgical candidates",
                                  "Inclusion Criteria:\n\n  -  Patients undergoing elective hip surgery",
                                  "Exclusion Criteria:\n\n  -  Patients undergoing emergency surgery",
                                  "Exclusion Criteria:\n\n  -  Comorbidities that do not permit surgery"])
def test_a_surgery_the_patient_is_judged_fit_for_or_about_to_have_is_for_a_person(text):
    assert _verdict(text, treatments=[], conditions=[])[0] == "needs_review"
