"""Verdicts that must not be decided the wrong way: a record entry the vocabulary cannot classify or that is
about a relative, a waiver, and a population of one sex."""

from __future__ import annotations

import pytest

from parser.criteria import parse_criteria
from parser.models.patient import Patient
from parser.screen import screen

_BASE = {"as_of": "2024-03-10", "age": {"value": 58, "unit": "a"}, "sex": "female", "ecog": 0,
         "conditions": [], "treatments": []}


def _verdict(section: str, text: str, **patient: object) -> str:
    criteria = parse_criteria(f"{section.capitalize()} Criteria:\n\n  -  {text}")
    return screen(criteria, Patient.model_validate({**_BASE, **patient})).verdict


def _lab(measure: str, value: float, unit: str, **more: object) -> dict[str, object]:
    return {"measure": measure, "value": value, "unit": unit, "date": "2024-03-07", **more}


@pytest.mark.parametrize("text", [
    "Major operation in the 3 weeks before randomisation, or haemoglobin < 8.5 g/dL",
    "Surgery within 21 days of registration",
])
def test_an_unclassified_recent_procedure_never_reads_as_no_surgery(text: str) -> None:
    verdict = _verdict("exclusion", text, treatments=[{"concept": "Whipple pancreatoduodenectomy",
                                                      "start": "2024-02-27", "end": "2024-02-27"}],
                       observations=[_lab("hemoglobin", 11.8, "g/dL")])
    assert verdict == "needs_review"


def test_an_unclassified_procedure_long_before_the_window_cannot_be_it() -> None:
    verdict = _verdict("exclusion", "Surgery within 21 days of registration",
                       treatments=[{"concept": "Whipple pancreatoduodenectomy", "start": "2021-05-02",
                                    "end": "2021-05-02"}])
    assert verdict == "eligible"


def test_an_empty_list_still_means_none() -> None:
    assert _verdict("exclusion", "Surgery within 21 days of registration") == "eligible"


def test_a_classified_entry_of_another_concept_leaves_the_absence_known() -> None:
    verdict = _verdict("exclusion", "Surgery within 21 days of registration",
                       treatments=[{"concept": "CAPOX chemotherapy", "start": "2024-02-20"}])
    assert verdict == "eligible"


@pytest.mark.parametrize(("section", "comparator"), [("inclusion", "<="), ("exclusion", ">")])
def test_a_waiver_is_another_way_to_meet_an_inclusion_and_lifts_an_exclusion(section: str, comparator: str) -> None:
    text = f"Serum creatinine {comparator} 1.6 mg/dL, unless measured creatinine clearance >= 55 mL/min"
    waived = [_lab("creatinine", 2.1, "mg/dL"), _lab("creatinine clearance", 64, "mL/min")]
    assert _verdict(section, text, observations=waived) == "eligible"
    not_waived = [_lab("creatinine", 2.1, "mg/dL"), _lab("creatinine clearance", 41, "mL/min")]
    assert _verdict(section, text, observations=not_waived) == "ineligible"


def test_a_waived_requirement_is_not_a_second_requirement() -> None:
    text = "Haemoglobin >= 8.5 g/dL, unless a red cell transfusion was given in the past 10 days"
    assert _verdict("inclusion", text, observations=[_lab("hemoglobin", 9.7, "g/dL")]) != "ineligible"


def test_an_unclassified_condition_leaves_a_waiver_unknown() -> None:
    text = "Total bilirubin <= 2 x ULN unless due to Gilbert's disease"
    verdict = _verdict("inclusion", text, conditions=[{"concept": "Gilbert's disease", "active": True}],
                       observations=[_lab("total bilirubin", 2.9, "mg/dL", uln=1.1)])
    assert verdict != "ineligible"


@pytest.mark.parametrize("text", ["Currently receiving palliative radiotherapy", "Women on chemotherapy"])
def test_a_treatment_ended_long_ago_is_not_a_current_one(text: str) -> None:
    treatments = [{"concept": "chemotherapy and palliative radiotherapy", "start": "2022-04-01", "end": "2022-08-30"}]
    assert _verdict("exclusion", text, treatments=treatments) != "ineligible"


def test_a_treatment_ended_long_ago_is_still_a_prior_one() -> None:
    treatments = [{"concept": "chemotherapy", "start": "2022-04-01", "end": "2022-08-30"}]
    assert _verdict("exclusion", "Prior chemotherapy for metastatic disease", treatments=treatments) != "eligible"


@pytest.mark.parametrize("entry", ["ileocaecal resection (surgery)", "Hartmann procedure"])
def test_a_recent_procedure_the_criterion_may_mean_is_no_proof_of_its_absence(entry: str) -> None:
    text = "Surgery (excluding minor procedures) in the 3 weeks before randomisation"
    verdict = _verdict("exclusion", text, treatments=[{"concept": entry, "start": "2024-03-01", "end": "2024-03-01"}])
    assert verdict == "needs_review"


@pytest.mark.parametrize("entry", ["family history of breast cancer", "Mother: breast cancer", "FH of lymphoma"])
def test_an_entry_about_a_relative_is_no_condition_of_the_patient(entry: str) -> None:
    conditions = [{"concept": entry, "date": "2024-01-01"}]
    assert _verdict("exclusion", "Any malignancy within 3 years", conditions=conditions) == "eligible"


def test_a_patients_own_condition_beside_a_family_history_still_counts() -> None:
    conditions = [{"concept": "family history of breast cancer", "date": "2024-01-01"},
                  {"concept": "breast cancer", "date": "2024-01-01"}]
    assert _verdict("exclusion", "Any malignancy within 3 years", conditions=conditions) == "ineligible"


@pytest.mark.parametrize(("text", "record"), [
    ("Major operation within 3 weeks of registration",
     {"treatments": [{"concept": "skin biopsy (minor surgery)", "start": "2024-03-01"}]}),
    ("Unstable angina within 6 months", {"conditions": [{"concept": "stable angina", "date": "2024-03-01"}]}),
])
def test_an_entry_of_the_opposite_kind_is_no_instance_of_the_concept(text: str, record: dict[str, object]) -> None:
    assert _verdict("exclusion", text, **record) == "eligible"


def test_a_metastasis_in_another_organ_is_no_metastasis_of_the_organ_named() -> None:
    conditions = [{"concept": "hepatic metastases", "date": "2024-01-15", "active": True}]
    assert _verdict("exclusion", "Known brain metastases", conditions=conditions) == "eligible"


def test_a_record_naming_the_organ_among_others_may_be_the_concept() -> None:
    conditions = [{"concept": "metastases to liver and brain", "date": "2024-01-15", "active": True}]
    assert _verdict("exclusion", "Known brain metastases", conditions=conditions) != "eligible"


def test_a_primary_tumour_in_another_organ_with_metastases_of_unsaid_site_may_be_the_concept() -> None:
    conditions = [{"concept": "pulmonary adenocarcinoma with intracranial metastases", "date": "2024-01-15",
                   "active": True}]
    assert _verdict("exclusion", "Known brain metastases", conditions=conditions) == "needs_review"


@pytest.mark.parametrize("treatment", ["pembrolizumab immunotherapy", "FOLFOX chemotherapy", "osimertinib (TKI)"])
def test_every_kind_of_systemic_therapy_is_a_systemic_therapy(treatment: str) -> None:
    treatments = [{"concept": treatment, "start": "2023-01-10", "end": "2023-06-01"}]
    assert _verdict("inclusion", "No prior systemic therapy", treatments=treatments) == "ineligible"
    assert _verdict("exclusion", "Prior systemic therapy", treatments=treatments) == "ineligible"


def test_a_record_of_systemic_therapy_alone_may_be_chemotherapy() -> None:
    treatments = [{"concept": "systemic therapy", "start": "2023-01-10", "end": "2023-06-01"}]
    assert _verdict("exclusion", "Prior chemotherapy", treatments=treatments) == "needs_review"


def test_a_sibling_kind_of_systemic_therapy_is_no_chemotherapy() -> None:
    treatments = [{"concept": "pembrolizumab immunotherapy", "start": "2023-01-10", "end": "2023-06-01"}]
    assert _verdict("exclusion", "Prior chemotherapy", treatments=treatments) == "eligible"


def _conditions(entry: str) -> list[dict[str, object]]:
    return [{"concept": entry, "date": "2023-11-02", "active": True}]


@pytest.mark.parametrize("entry", ["rectal adenocarcinoma", "pelvic recurrence"])
def test_an_entry_of_the_disease_under_study_may_be_the_carcinoma_asked(entry: str) -> None:
    verdict = _verdict("inclusion", "Histologically confirmed carcinoma", conditions=_conditions(entry))
    assert verdict == "needs_review"


@pytest.mark.parametrize(("entry", "expected"), [("rectal adenocarcinoma", "eligible"),
                                                 ("breast cancer", "needs_review")])
def test_a_concept_set_apart_from_the_disease_under_study_is_no_entry_of_it(entry: str, expected: str) -> None:
    assert _verdict("exclusion", "Any other active malignancy", conditions=_conditions(entry)) == expected


@pytest.mark.parametrize(("criterion", "entry", "expected"), [
    ("Autoimmune disease", "Crohn's disease", "ineligible"),  # a kind of it
    ("Autoimmune disease", "type 1 diabetes mellitus", "ineligible"),  # a kind of two rows is an instance of each
    ("Diabetes mellitus", "type 1 diabetes mellitus", "ineligible"),
    ("Autoimmune disease", "asthma", "eligible"),  # another row
    ("Autoimmune disease", "type 2 diabetes mellitus", "eligible"),  # a narrower term names its kind only
    ("Autoimmune disease", "diabetes", "needs_review"),  # a row named whole may be any of its kinds
    ("Seizure within the past 6 months", "epilepsy", "needs_review"),  # rows sharing instances
    ("Interstitial lung disease", "radiation pneumonitis", "needs_review"),
    ("Diabetes mellitus", "central diabetes insipidus", "eligible"),  # a longer term unlike the row's
    ("Diabetes insipidus", "type 2 diabetes mellitus", "eligible"),
    ("Diabetes insipidus", "nephrogenic diabetes insipidus", "ineligible"),
    ("Diabetes", "diabetes insipidus and type 2 diabetes", "ineligible"),  # named beside it all the same
    ("Diabetes", "gestational diabetes insipidus", "eligible"),  # a term overlapping the longer one
    ("Ocular hypertension", "essential hypertension", "eligible"),  # a disease of another organ named alike
    ("Hypertension", "pulmonary arterial hypertension", "eligible"),
    ("Hypertension", "white coat hypertension", "eligible"),  # raised in the clinic only
    ("White coat hypertension", "essential hypertension", "eligible"),
    ("Portal hypertension", "portal hypertension due to cirrhosis", "ineligible"),
])
def test_a_record_is_an_instance_of_the_rows_it_names_and_may_be_one_of_their_kin(criterion: str, entry: str,
                                                                                   expected: str) -> None:
    assert _verdict("exclusion", criterion, conditions=_conditions(entry)) == expected


def test_a_window_counted_from_a_past_treatment_is_for_a_person() -> None:
    text = "Relapse within 6 months of completing adjuvant chemotherapy"
    assert _verdict("exclusion", text, conditions=_conditions("pelvic recurrence")) == "needs_review"


def test_a_window_counted_from_randomisation_is_still_decided() -> None:
    chemotherapy = [{"concept": "FOLFOX chemotherapy", "start": "2023-05-01", "end": "2023-09-01"}]
    assert _verdict("exclusion", "Chemotherapy within 4 weeks prior to randomization",
                    treatments=chemotherapy) == "eligible"


def test_a_recurrence_of_another_named_cancer_is_no_entry_of_the_disease_under_study() -> None:
    verdict = _verdict("exclusion", "Any other active malignancy",
                       conditions=_conditions("recurrence of breast cancer"))
    assert verdict == "needs_review"


@pytest.mark.parametrize(("entry", "expected"), [("inhaled corticosteroids", "eligible"),
                                                 ("hydrocortisone 1% topical cream", "eligible"),
                                                 ("dexamethasone premedication", "needs_review"),
                                                 ("prednisone and topical clobetasol", "needs_review"),
                                                 ("systemic corticosteroids", "ineligible")])
def test_a_steroid_given_another_way_is_no_systemic_one(entry: str, expected: str) -> None:
    """A route word says how the one steroid of an entry is given; in an entry naming two drugs it may be the other's,
    and a steroid named alone may be given either way."""
    treatments = [{"concept": entry, "start": "2024-02-28", "end": "2024-03-01"}]
    text = "Treatment with systemic corticosteroids within 14 days before enrolment"
    assert _verdict("exclusion", text, treatments=treatments) == expected


def test_an_entry_recurring_is_no_entry_of_the_disease_under_study() -> None:
    assert _verdict("exclusion", "Active infection", conditions=_conditions("recurrent pneumonia")) == "needs_review"


def test_a_window_event_naming_a_condition_and_a_treatment_is_looked_up_among_both() -> None:
    chemotherapy = [{"concept": "FOLFOX chemotherapy", "start": "2024-02-20", "end": "2024-02-28"}]
    text = "Diabetes requiring insulin, and chemotherapy within 4 weeks"
    assert _verdict("exclusion", text, treatments=chemotherapy) != "eligible"


@pytest.mark.parametrize(("anchor", "expected"), [("of previous surgery", "needs_review"),
                                                  ("of initial diagnosis prior to randomization", "needs_review"),
                                                  ("prior to the initial dose of study drug", "ineligible")])
def test_a_window_counted_from_the_study_is_decided_and_one_from_a_past_event_is_not(anchor: str,
                                                                                     expected: str) -> None:
    radiotherapy = [{"concept": "pelvic radiotherapy", "start": "2024-02-28", "end": "2024-03-01"}]
    assert _verdict("exclusion", f"Radiotherapy within 4 weeks {anchor}", treatments=radiotherapy) == expected


def test_a_history_of_non_infectious_pneumonitis_asks_for_pneumonitis() -> None:
    assert _verdict("exclusion", "History of non-infectious pneumonitis",
                    conditions=_conditions("hypertension")) == "eligible"


@pytest.mark.parametrize(("stated", "expected"), [({}, "needs_review"), ({"active": True}, "ineligible"),
                                                  ({"active": False}, "eligible")])
def test_a_condition_of_long_ago_is_present_today_only_when_recorded_active(stated: dict[str, object],
                                                                             expected: str) -> None:
    conditions = [{"concept": "ischaemic stroke", "date": "2019-05-14", **stated}]
    assert _verdict("exclusion", "Stroke within the past 6 months", conditions=conditions) == expected


def test_a_condition_whose_onset_is_inside_the_window_needs_no_word_on_its_activity() -> None:
    conditions = [{"concept": "ischaemic stroke", "date": "2024-01-20"}]
    assert _verdict("exclusion", "Stroke within the past 6 months", conditions=conditions) == "ineligible"


def test_an_undated_condition_not_recorded_as_active_has_no_day_in_a_window() -> None:
    conditions = [{"concept": "myocardial infarction"}]
    assert _verdict("exclusion", "Myocardial infarction within 6 months", conditions=conditions) == "needs_review"


@pytest.mark.parametrize(("entry", "expected"), [("chemotherapy with tebentafusp", "needs_review"),
                                                 ("FOLFOX + cetuximab", "needs_review"),
                                                 ("chemotherapy and radiotherapy", "eligible"),
                                                 ("carboplatin chemotherapy followed by cetrelimab maintenance",
                                                  "needs_review"),
                                                 ("radiotherapy, 50 Gy in 25 fractions", "eligible"),
                                                 ("prednisone 10 mg/day", "eligible")])
def test_a_treatment_entry_naming_an_unclassified_drug_beside_a_known_kind_proves_no_sibling_absent(
        entry: str, expected: str) -> None:
    treatments = [{"concept": entry, "start": "2023-02-01", "end": "2023-07-15"}]
    assert _verdict("exclusion", "Prior immunotherapy", treatments=treatments) == expected


@pytest.mark.parametrize(("entry", "criterion", "expected"), [
    ("XELOX chemotherapy retifanlimab", "Prior immunotherapy", "needs_review"),
    ("chemotherapy bevacizumab", "Prior targeted therapy", "needs_review"),
    ("chemotherapy bevacizumab", "Prior radiotherapy", "eligible"),
    ("chemotherapy bevacizumab", "Prior endocrine therapy", "eligible"),
    ("radiotherapy ad lib", "Prior targeted therapy", "eligible"),
    ("adjuvant FOLFOX chemotherapy", "Prior immunotherapy", "eligible"),
    ("chemotherapy FOLFOX, 6 cycles", "Prior immunotherapy", "eligible"),
    ("radiotherapy IMRT to the pelvis", "Prior immunotherapy", "eligible"),
    ("docetaxel chemotherapy (Taxotere) infusion", "Prior immunotherapy", "eligible"),
])
def test_a_drug_named_after_the_kind_a_treatment_entry_names_may_be_of_the_kinds_its_ending_says(
        entry: str, criterion: str, expected: str) -> None:
    treatments = [{"concept": entry, "start": "2023-02-01", "end": "2023-07-15"}]
    assert _verdict("exclusion", criterion, treatments=treatments) == expected


@pytest.mark.parametrize(("entry", "criterion", "expected"), [
    ("metformin", "Major surgery within 4 weeks", "eligible"),
    ("metformin 500 mg twice daily", "Prior radiotherapy", "eligible"),
    ("atorvastatin", "Dialysis", "eligible"),
    ("phenformin", "Systemic corticosteroids within 2 weeks", "needs_review"),
    ("tofacitinib", "Use of immunosuppressive medication within 28 days", "needs_review"),
    ("pentostatin", "Prior chemotherapy", "needs_review"),
    ("amoxicillin", "Active infection requiring systemic therapy within 2 weeks", "needs_review"),
    ("zanidatamab", "Treatment with an investigational agent within 4 weeks", "needs_review"),
    ("Glucophage", "Major surgery within 4 weeks", "needs_review"),
    ("hemicolectomy", "Prior radiotherapy", "needs_review"),
    ("ibritumomab", "Prior radiotherapy", "needs_review"),
    ("90Y-ibritumomab", "Prior radiotherapy", "needs_review"),
])
def test_a_drug_named_alone_is_no_procedure(entry: str, criterion: str, expected: str) -> None:
    """"metformin" is no surgery, radiotherapy or dialysis, and may be anything else: a generic name's ending does
    not say its class ("-statin" ends pentostatin, "-nib" an immunosuppressive JAK inhibitor); a brand name or a
    procedure the vocabulary does not hold may be anything."""
    treatments = [{"concept": entry, "start": "2023-06-01"}]
    assert _verdict("exclusion", criterion, treatments=treatments) == expected


@pytest.mark.parametrize("entry", ["type 2 diabetes mellitus on insulin", "hypertension controlled on amlodipine"])
def test_words_after_the_kind_a_condition_entry_names_describe_it(entry: str) -> None:
    assert _verdict("exclusion", "Autoimmune disease", conditions=_conditions(entry)) == "eligible"


@pytest.mark.parametrize(("entry", "expected"), [("hypertension, rheumatoid arthritis", "needs_review"),
                                                 ("asthma and sarcoidosis", "needs_review"),
                                                 ("asthma with sarcoidosis", "needs_review"),
                                                 ("type 2 diabetes, poorly controlled", "eligible"),
                                                 ("breast cancer, stage II", "eligible")])
def test_a_condition_entry_naming_an_unclassified_one_beside_a_known_kind_proves_no_other_absent(
        entry: str, expected: str) -> None:
    assert _verdict("exclusion", "Autoimmune disease", conditions=_conditions(entry)) == expected


@pytest.mark.parametrize(("criterion", "entry"), [("Neurological disorder within 6 months", "ischaemic stroke"),
                                                  ("Hepatic disease within 6 months", "chronic hepatitis B infection")])
def test_a_concept_the_vocabulary_cannot_classify_may_be_any_recorded_entry(criterion: str, entry: str) -> None:
    assert _verdict("exclusion", criterion, conditions=_conditions(entry)) == "needs_review"


@pytest.mark.parametrize(("treatment", "criterion", "expected"), [
    ("hormone therapy", "Prior systemic anticancer therapy", "needs_review"),
    ("hormone therapy", "Prior endocrine therapy", "needs_review"),
    ("tamoxifen", "Prior systemic anticancer therapy", "ineligible"),
    ("letrozole aromatase inhibitor", "Prior systemic therapy", "ineligible"),
    ("androgen deprivation therapy", "Prior hormonal therapy", "ineligible"),
])
def test_a_hormone_therapy_may_be_a_replacement_where_an_endocrine_one_is_anticancer(
        treatment: str, criterion: str, expected: str) -> None:
    treatments = [{"concept": treatment, "start": "2021-03-01", "end": "2023-03-01"}]
    assert _verdict("exclusion", criterion, treatments=treatments) == expected


@pytest.mark.parametrize(("treatment", "expected"), [("FOLFOX chemotherapy", "ineligible"),
                                                     ("pembrolizumab immunotherapy", "needs_review"),
                                                     ("apixaban", "eligible")])
def test_anti_tumour_therapy_is_met_by_chemotherapy_and_may_be_immunotherapy(treatment: str, expected: str) -> None:
    treatments = [{"concept": treatment, "start": "2024-02-26"}]
    assert _verdict("exclusion", "Anti-tumour therapy within 4 weeks before the first dose",
                    treatments=treatments) == expected


@pytest.mark.parametrize(("criterion", "expected"), [("Current pneumonitis", "needs_review"),
                                                     ("Pneumonitis (active)", "needs_review"),
                                                     ("Pneumonitis", "ineligible"),
                                                     ("History of pneumonitis", "ineligible")])
def test_a_condition_not_recorded_as_active_or_resolved_is_not_known_to_be_present(criterion: str,
                                                                                  expected: str) -> None:
    conditions = [{"concept": "radiation pneumonitis", "date": "2016-09-12"}]
    assert _verdict("exclusion", criterion, conditions=conditions) == expected


def test_a_course_that_ended_years_ago_is_not_known_to_be_recent() -> None:
    text = "Has had other recent treatment, e.g. major surgery, anticancer therapy, within the set time frames"
    treatments = [{"concept": "docetaxel chemotherapy", "start": "2021-01-10", "end": "2021-05-30"}]
    assert _verdict("exclusion", text, treatments=treatments) == "needs_review"


def _results(section: str, text: str, **patient: object) -> list[str]:
    criteria = parse_criteria(f"{section.capitalize()} Criteria:\n\n  -  {text}")
    return [result.result for result in screen(criteria, Patient.model_validate({**_BASE, **patient})).criteria]


def _course(entry: str, start: str = "2023-02-01", end: str | None = "2023-07-15") -> list[dict[str, object]]:
    return [{"concept": entry, "start": start, "end": end}]


@pytest.mark.parametrize("entry", ["investigational agent ABC-123 (phase 1 trial)", "dexamethasone 40 mg weekly"])
def test_an_investigational_agent_or_a_steroid_may_be_anticancer_therapy(entry: str) -> None:
    treatments = _course(entry, start="2024-02-28", end=None)
    assert _verdict("exclusion", "Anticancer therapy within 28 days", treatments=treatments) == "needs_review"


def test_anti_tumour_drugs_are_treatments_that_chemotherapy_meets() -> None:
    treatments = _course("FOLFOX chemotherapy", start="2024-02-28", end=None)
    text = "Use of anti-tumor drugs within 2 weeks before the first dose"
    assert _verdict("exclusion", text, treatments=treatments) == "ineligible"


def test_systemic_anti_tumour_therapy_is_no_radiotherapy() -> None:
    treatments = _course("palliative radiotherapy", start="2024-02-19", end="2024-02-29")
    text = "Systemic anti-tumour therapy within 4 weeks"
    assert _verdict("exclusion", text, treatments=treatments) == "eligible"


@pytest.mark.parametrize(("entry", "expected"), [("chemotherapy + MK-3475", "needs_review"),
                                                 ("chemotherapy plus IO", "needs_review"),
                                                 ("radiotherapy 50 Gy/25 fractions to pelvis", "eligible"),
                                                 ("surgery with curative intent", "eligible"),
                                                 ("FOLFOX chemotherapy, 12 cycles q2w", "eligible"),
                                                 ("chemotherapy, C1D1 2024-01-05", "eligible"),
                                                 ("radiotherapy 8 Gy/1 fraction to T10", "eligible")])
def test_a_drug_code_names_a_treatment_and_a_dose_or_a_site_does_not(entry: str, expected: str) -> None:
    assert _verdict("exclusion", "Prior immunotherapy", treatments=_course(entry)) == expected


@pytest.mark.parametrize(("onset", "expected"), [("2015-01-01", "needs_review"), ("2024-02-01", "ineligible")])
def test_how_long_ago_an_active_condition_began_is_counted_from_its_onset_or_left_open(onset: str,
                                                                                       expected: str) -> None:
    conditions = [{"concept": "type 2 diabetes", "date": onset, "active": True}]
    text = "Diagnosis of type 2 diabetes at least 6 months before screening"
    assert _verdict("inclusion", text, conditions=conditions) == expected


def test_the_most_recent_line_asks_which_line_not_a_current_one() -> None:
    text = "The most recent line of therapy must have included chemotherapy"
    assert _results("inclusion", text, treatments=_course("FOLFOX chemotherapy"))[-1] == "met"


def test_medications_taken_now_are_asked_of_the_examples_after_a_relative_clause() -> None:
    text = ("Taking concomitant medications which are known to interfere with healing, such as anti-neoplastic drugs "
            "or immunosuppressive drugs")
    assert _verdict("exclusion", text, treatments=_course("docetaxel chemotherapy")) == "needs_review"


def test_a_course_that_ended_is_still_a_prior_one() -> None:
    assert _verdict("exclusion", "Prior or current chemotherapy", treatments=_course("FOLFOX chemotherapy")) == (
        "ineligible")


@pytest.mark.parametrize("text", ["Have received or are currently receiving chemotherapy",
                                  "Chemotherapy, or currently breastfeeding"])
def test_a_course_that_ended_never_clears_a_criterion_another_word_asks_now(text: str) -> None:
    assert _verdict("exclusion", text, treatments=_course("FOLFOX chemotherapy")) != "eligible"


def test_a_metastatic_compression_of_the_cord_may_be_a_cns_metastasis() -> None:
    conditions = _conditions("metastatic spinal cord compression")
    assert _verdict("exclusion", "Known CNS metastases", conditions=conditions) == "needs_review"


@pytest.mark.parametrize(("conditions", "expected"), [([], "eligible"),
                                                      (_conditions("brain metastases"), "ineligible")])
def test_an_exclusion_worded_as_its_requirement_excludes_the_patient_with_what_it_names(
        conditions: list[dict[str, object]], expected: str) -> None:
    assert _verdict("exclusion", "Must not have known brain metastases", conditions=conditions) == expected


@pytest.mark.parametrize("conditions", [[], _conditions("lung adenocarcinoma")])
def test_an_exclusions_threshold_exception_neither_excludes_alone_nor_clears_what_it_does_not_name(
        conditions: list[dict[str, object]]) -> None:
    psa = [_lab("PSA", 0.05, "ng/mL")]
    assert _verdict("exclusion", "Prior malignancy within 5 years except prostate cancer with PSA < 0.1 ng/mL",
                    conditions=conditions, observations=psa) == "needs_review"


@pytest.mark.parametrize("text", ["Not pregnant or nursing", "Patients who may not receive radiotherapy"])
def test_an_exclusions_denial_that_reads_two_ways_neither_excludes_nor_clears(text: str) -> None:
    assert _verdict("exclusion", text, pregnant=False, lactating=False) == "needs_review"


@pytest.mark.parametrize("text", [
    "No prior chemotherapy except adjuvant chemotherapy completed more than 12 months ago",
    "No prior cytotoxic therapy for at least 4 weeks before enrolment",
])
def test_an_exclusions_period_since_an_event_it_cannot_place_neither_excludes_nor_clears(text: str) -> None:
    assert _verdict("exclusion", text) == "needs_review"


@pytest.mark.parametrize("text", ["Patients are able to keep a seizure diary within 4 weeks of screening",
                                  "Patients may have received prior radiotherapy within 6 months"])
def test_an_event_named_by_a_clause_the_engine_could_not_cut_is_not_proved_absent_by_a_record(text: str) -> None:
    assert _verdict("inclusion", text) == "needs_review"


def test_a_denied_event_cut_from_the_person_it_is_required_of_is_cleared_by_a_record_without_it() -> None:
    assert _verdict("inclusion", "Patients must not have had a transfusion within 7 days of screening") == "eligible"


def test_a_treatment_under_a_lower_bound_window_is_not_proved_absent_by_a_record_without_one() -> None:
    assert _verdict("inclusion", "Metformin for at least 8 weeks prior to screening") == "needs_review"


def test_a_washout_is_met_by_a_record_without_the_treatment() -> None:
    assert _verdict("inclusion", "At least 4 weeks since major surgery") == "eligible"


def test_a_treatment_without_a_window_is_proved_absent_by_a_record_without_one() -> None:
    assert _verdict("inclusion", "Prior chemotherapy") == "ineligible"


def test_a_term_a_relative_clause_follows_is_proved_absent_by_a_record_without_it() -> None:
    text = "Another malignancy that has required active treatment within the past 3 years"
    assert _verdict("exclusion", text) == "eligible"


@pytest.mark.parametrize(("section", "text"), [
    ("exclusion", "Blood donation of more than 400 mL within 8 weeks before screening"),
    ("exclusion", "Travel to a region where malaria is endemic within 4 weeks"),
    ("exclusion", "Strenuous exercise within 72 hours before a study visit"),
    ("exclusion", "Smoking within the last 6 months"),
    ("inclusion", "Absence of a menstrual period for the past 12 months"),
])
def test_a_behaviour_or_bodily_event_is_not_proved_absent_by_a_record_of_conditions_and_treatments(
        section: str, text: str) -> None:
    assert _verdict(section, text) == "needs_review"


def test_a_behaviour_the_record_names_is_still_found_there() -> None:
    conditions = [{"concept": "smoking", "date": "1990-01-01", "active": True}]
    assert _verdict("exclusion", "Smoking within the last 6 months", conditions=conditions) == "ineligible"


def test_an_event_whose_name_takes_in_a_threshold_is_not_proved_absent_by_a_record() -> None:
    assert _verdict("inclusion", "Less than 5% weight loss over the past 3 months") == "needs_review"


def test_a_transfusion_denied_after_a_threshold_and_and_is_cleared_by_a_record_without_one() -> None:
    text = "Haemoglobin of at least 10 g/dL and no red cell transfusion in the past 3 weeks"
    assert _verdict("inclusion", text, observations=[_lab("hemoglobin", 12.1, "g/dL")]) == "eligible"


def test_a_window_on_the_measure_a_threshold_compares_bounds_the_reading_not_an_event() -> None:
    text = "Platelet count of 100,000/mm3 or more within 14 days prior to registration"
    assert _verdict("inclusion", text, observations=[_lab("platelets", 210, "10*9/L")]) == "eligible"


@pytest.mark.parametrize("text", ["Serum sodium and potassium performed within 7 days prior to registration",
                                  "Baseline MRI of the brain within 14 days before the first dose",
                                  "Non-smoker during the last 2 years"])
def test_a_test_or_a_reading_is_not_proved_absent_by_a_record_of_conditions_and_treatments(text: str) -> None:
    assert _verdict("inclusion", text) == "needs_review"


def test_a_measure_named_like_a_drug_is_still_proved_absent_by_a_record_without_the_drug() -> None:
    assert _verdict("exclusion", "Insulin within the last 3 months") == "eligible"


@pytest.mark.parametrize(("haemoglobin", "verdict"), [(7.5, "ineligible"), (11.0, "eligible")])
def test_a_threshold_and_a_denied_list_of_supports_are_both_required(haemoglobin: float, verdict: str) -> None:
    text = "Haemoglobin ≥ 9 g/dL and no transfusion or epoetin within 4 weeks"
    assert _verdict("inclusion", text, observations=[_lab("hemoglobin", haemoglobin, "g/dL")]) == verdict


def test_a_resolved_habit_is_not_dated_by_its_start() -> None:
    conditions = [{"concept": "smoking", "date": "2020-05-01", "active": False}]
    assert _verdict("exclusion", "Smoking within the last 6 months", conditions=conditions) == "needs_review"


@pytest.mark.parametrize("text", ["Menstrual disorders within the past 6 months",
                                  "Use of smoking cessation medication within 30 days"])
def test_a_condition_or_a_treatment_named_with_a_behaviour_word_is_still_proved_absent(text: str) -> None:
    assert _verdict("exclusion", text) == "eligible"


def test_a_drug_named_like_a_measure_apart_from_its_threshold_is_still_a_treatment() -> None:
    text = "Use of insulin within 90 days or fasting insulin > 25 uU/mL"
    treatments = [{"concept": "insulin glargine", "start": "2024-02-01", "end": None}]
    assert _verdict("exclusion", text, treatments=treatments,
                    observations=[_lab("insulin", 9, "u[IU]/mL")]) == "ineligible"


@pytest.mark.parametrize("text", ["ANC >= 1.5 x 10^9/L and no G-CSF or GM-CSF within 7 days",
                                  "Haemoglobin >= 9 g/dL and no EPO or transfusion within 4 weeks"])
def test_a_denied_support_after_a_threshold_typed_in_ascii_is_still_required(text: str) -> None:
    treatments = [{"concept": "filgrastim", "start": "2024-03-05", "end": "2024-03-06"},
                  {"concept": "epoetin alfa", "start": "2024-03-01", "end": None}]
    labs = [_lab("ANC", 2.4, "10*9/L"), _lab("hemoglobin", 10.5, "g/dL")]
    assert _verdict("inclusion", text, treatments=treatments, observations=labs) == "ineligible"


def test_another_group_of_pulmonary_hypertension_is_not_proved_arterial() -> None:
    conditions = [{"concept": "chronic thromboembolic pulmonary hypertension", "date": "2021-01-01", "active": True}]
    assert _verdict("inclusion", "Pulmonary arterial hypertension", conditions=conditions) == "needs_review"


def test_a_resolved_habit_that_began_inside_the_window_happened_inside_it() -> None:
    conditions = [{"concept": "smoking", "date": "2024-01-15", "active": False}]
    assert _verdict("exclusion", "Smoking within the last 6 months", conditions=conditions) == "ineligible"


@pytest.mark.parametrize(("sex", "verdict"), [("male", "ineligible"), ("female", "eligible")])
def test_an_inclusion_naming_the_populations_sex_beside_its_age_requires_it(sex: str, verdict: str) -> None:
    assert _verdict("inclusion", "Women aged 40 to 65 years", sex=sex) == verdict


def test_a_trial_admitting_each_sex_by_its_own_item_requires_neither() -> None:
    text = "Men aged 45 to 80 years\n  -  Women aged 55 to 80 years"
    assert _verdict("inclusion", text, sex="female") == "eligible"


def test_a_threshold_restated_in_brackets_before_a_denied_support_still_decides() -> None:
    text = "Haemoglobin ≥ 9 g/dL (5.6 mmol/L) without transfusion within 2 weeks"
    assert _verdict("inclusion", text, observations=[_lab("hemoglobin", 8.1, "g/dL")]) == "ineligible"


def test_an_exclusion_of_women_of_an_age_excludes_no_man_of_that_age() -> None:
    assert _verdict("exclusion", "Women aged 50 years or older", sex="male", age={"value": 60, "unit": "a"}) == (
        "eligible")


def test_an_inclusion_of_girls_is_not_met_by_a_boy() -> None:
    assert _verdict("inclusion", "Girls aged 12 to 17 years", sex="male", age={"value": 14, "unit": "a"}) == (
        "ineligible")


@pytest.mark.parametrize(("sex", "years"), [("male", 30), ("female", 45)])
def test_an_inclusion_of_pregnant_women_of_an_age_is_not_met_by_a_man_nor_a_woman_of_another_age(sex: str,
                                                                                               years: int) -> None:
    assert _verdict("inclusion", "Pregnant women aged 18 to 40 years", sex=sex, age={"value": years, "unit": "a"},
                    pregnant=True if sex == "female" else None) == "ineligible"


def test_an_exclusion_of_women_older_than_one_age_and_anyone_older_than_another_excludes_an_old_man() -> None:
    assert _verdict("exclusion", "Female patients older than 65 years and any patient older than 80 years",
                    sex="male", age={"value": 85, "unit": "a"}) == "ineligible"


def test_a_transfusion_the_criterion_may_except_leaves_the_inclusion_to_a_person() -> None:
    verdict = _verdict("inclusion", "Hemoglobin ≥ 9 g/dL and no red blood cell transfusion within 2 weeks other than "
                       "perioperative transfusion", observations=[_lab("hemoglobin", 10, "g/dL")],
                       treatments=[{"concept": "red blood cell transfusion", "start": "2024-03-01",
                                    "end": "2024-03-01"}])
    assert verdict == "needs_review"


def test_a_bound_an_inclusion_excepts_cases_from_is_not_failed_for_sure() -> None:
    verdict = _verdict("inclusion", "ALT less than 3 times the upper limit of normal except if due to tumour "
                       "involvement of the liver", observations=[_lab("ALT", 160, "U/L", uln=40)])
    assert verdict == "needs_review"


def test_an_exclusion_of_pregnant_women_of_an_age_excludes_no_man_of_that_age() -> None:
    assert _verdict("exclusion", "Women aged 18 years or older who are pregnant or breastfeeding", sex="male",
                    age={"value": 30, "unit": "a"}) != "ineligible"


_TRANSAMINASES = [_lab("AST", 150, "U/L", uln=40), _lab("ALT", 150, "U/L", uln=40)]


@pytest.mark.parametrize(("conditions", "expected"), [([], "ineligible"),
                                                      ([{"concept": "liver metastases", "active": True}], "eligible")])
def test_a_limit_for_a_subgroup_named_before_it_holds_for_that_subgroup_only(conditions: list[object],
                                                                           expected: str) -> None:
    verdict = _verdict("inclusion", "AST and ALT ≤ 2.5 x ULN; for patients with liver metastases, AST and ALT ≤ 5 x "
                       "ULN", observations=_TRANSAMINASES, conditions=conditions)
    assert verdict == expected


@pytest.mark.parametrize(("sex", "expected"), [("male", "ineligible"), ("female", "eligible")])
def test_a_limit_for_each_sex_named_before_it_holds_for_that_sex(sex: str, expected: str) -> None:
    verdict = _verdict("inclusion", "For men, hemoglobin ≥ 13 g/dL; for women, hemoglobin ≥ 12 g/dL", sex=sex,
                       observations=[_lab("hemoglobin", 12.5, "g/dL")])
    assert verdict == expected


def test_a_subgroups_limit_lifts_only_the_limits_of_the_measures_it_names() -> None:
    verdict = _verdict("inclusion", "AST, ALT and alkaline phosphatase ≤ 2.5 × ULN; for patients with liver "
                       "metastases, AST and ALT ≤ 5 × ULN",
                       conditions=[{"concept": "liver metastases", "active": True}],
                       observations=[_lab("AST", 40, "U/L", uln=40), _lab("ALT", 40, "U/L", uln=40),
                                     _lab("alkaline phosphatase", 480, "U/L", uln=120)])
    assert verdict == "ineligible"


def test_an_age_bound_an_exception_keeps_some_out_of_is_not_met_for_sure() -> None:
    assert _verdict("inclusion", "Age ≥ 18 years, except pregnant or breastfeeding women",
                    age={"value": 30, "unit": "a"}, pregnant=True) != "eligible"


def test_a_limit_for_a_second_subgroup_lifts_the_general_limit_for_it_too() -> None:
    verdict = _verdict("inclusion", "AST and ALT ≤ 2.5 × ULN; for patients with liver metastases, AST and ALT ≤ 5 × "
                       "ULN; for patients with hepatocellular carcinoma, AST and ALT ≤ 5 × ULN",
                       conditions=[{"concept": "hepatocellular carcinoma", "active": True}],
                       observations=[_lab("AST", 120, "U/L", uln=40), _lab("ALT", 120, "U/L", uln=40)])
    assert verdict == "eligible"


def test_a_performance_scale_for_another_age_group_is_not_asked_of_an_adult() -> None:
    verdict = _verdict("inclusion", "For patients > 16 years, Karnofsky ≥ 50%; for patients ≤ 16 years, Lansky ≥ 50%",
                       age={"value": 20, "unit": "a"}, observations=[_lab("Karnofsky", 70, "%")])
    assert verdict == "eligible"


def test_a_limit_for_a_second_subgroup_is_not_lifted_by_the_first() -> None:
    verdict = _verdict("inclusion", "AST and ALT ≤ 2.5 × ULN and total bilirubin ≤ 1.5 × ULN; for patients with liver "
                       "metastases, AST and ALT ≤ 5 × ULN, and for patients with Gilbert's syndrome, total bilirubin "
                       "≤ 3 × ULN", conditions=[{"concept": "liver metastases", "active": True}],
                       observations=[_lab("AST", 160, "U/L", uln=40), _lab("ALT", 160, "U/L", uln=40),
                                     _lab("total bilirubin", 2.5, "mg/dL", uln=1.0)])
    assert verdict != "eligible"  # (whether liver metastases rule out Gilbert's syndrome is a person's call)


def test_a_sexs_qtc_limit_gives_way_to_the_limit_in_bundle_branch_block() -> None:
    verdict = _verdict("exclusion", "QTc ≥ 450 ms males or ≥ 470 ms females (≥ 500 ms in patients with bundle branch "
                       "block)", sex="male", conditions=[{"concept": "bundle branch block", "active": True}],
                       observations=[_lab("QTc", 480, "ms")])
    assert verdict == "eligible"


@pytest.mark.parametrize("text", [
    "Patients who, within the past 6 months, met criteria for substance dependence",
    "Treatment with insulin glargine within the last 26 weeks prior to Visit 1 (short term use is allowed, but not "
    "within 4 weeks prior to screening)"])
def test_a_window_whose_event_the_text_leaves_unnamed_is_never_proved_absent(text: str) -> None:
    criteria = parse_criteria(f"Exclusion Criteria:\n\n  -  {text}")
    (result,) = screen(criteria, Patient.model_validate(_BASE)).criteria
    assert result.result == "unknown", result.reason


@pytest.mark.parametrize(("text", "expected"), [
    ("No concurrent systemic therapy (e.g., chemotherapy or immunotherapy)", "unknown"),  # ended: current?
    ("No prior systemic therapy (e.g., chemotherapy or immunotherapy)", "not_met"),
])
def test_the_examples_of_a_treatment_asked_for_as_current_are_asked_for_as_current(text: str, expected: str) -> None:
    criteria = parse_criteria(f"Inclusion Criteria:\n\n  -  {text}")
    treatments = [{"concept": "paclitaxel", "start": "2022-02-01", "end": "2022-06-01"}]
    (result,) = screen(criteria, Patient.model_validate({**_BASE, "treatments": treatments})).criteria
    assert result.result == expected


def test_a_rule_for_the_study_is_not_decided_by_a_past_course() -> None:
    prednisone = [{"concept": "prednisone", "start": "2023-01-01", "end": "2023-01-10"}]
    assert _verdict("inclusion", "Patients must not take corticosteroids during the study",
                    treatments=prednisone) == "needs_review"


@pytest.mark.parametrize(("section", "text", "entry"), [
    ("exclusion", "Corticosteroids within 14 days prior to the first dose", "anabolic steroids"),
    ("exclusion", "History of opioid use disorder", "morphine"),
])
def test_a_treatment_named_like_a_row_is_not_one_of_its_kind(section: str, text: str, entry: str) -> None:
    treatments = [{"concept": entry, "start": "2024-03-01"}]
    assert _verdict(section, text, treatments=treatments) != "ineligible"



def test_a_donation_recorded_is_no_transplant_received() -> None:
    donation = [{"concept": "bone marrow transplant donation", "start": "2023-02-01", "end": "2023-02-01"}]
    assert _verdict("exclusion", "Prior bone marrow transplant", treatments=donation) != "ineligible"


def test_a_treatment_forbidden_during_the_study_is_not_decided_by_a_course_that_ended_before() -> None:
    course = [{"concept": "antibiotic therapy", "start": "2023-01-01", "end": "2023-01-10"}]
    assert _verdict("inclusion", "Patients must not be treated with antibiotics during the study",
                    treatments=course) == "needs_review"


@pytest.mark.parametrize("section", ["inclusion", "exclusion"])
def test_a_permission_is_met_by_every_patient_and_excludes_none(section: str) -> None:
    assert _verdict(section, "Prior radiotherapy allowed") == "eligible"


def test_taking_a_drug_is_no_allergy_to_it() -> None:
    morphine = [{"concept": "morphine", "start": "2025-01-01"}]
    assert _verdict("exclusion", "Known allergy or intolerance to opioids", treatments=morphine) != "ineligible"


def test_a_growth_factor_may_be_a_biological_therapy() -> None:
    filgrastim = [{"concept": "filgrastim", "start": "2024-03-01", "end": "2024-03-05"}]
    assert _verdict("exclusion", "Biologic therapy within 4 weeks prior to registration",
                    treatments=filgrastim) == "needs_review"


def test_a_treatment_from_a_donor_is_the_patients_own() -> None:
    infusion = [{"concept": "donor lymphocyte infusion", "start": "2024-03-01", "end": "2024-03-01"}]
    assert _verdict("exclusion", "Donor lymphocyte infusion within 4 weeks prior to enrollment",
                    treatments=infusion) == "ineligible"



def test_a_treatment_filed_among_the_conditions_is_not_proved_absent() -> None:
    conditions = [{"concept": "status post autologous stem cell transplant", "date": "2020-01-01", "active": False}]
    assert _verdict("exclusion", "Prior stem cell transplant", conditions=conditions) == "needs_review"



def test_a_reading_held_for_a_period_is_no_condition_a_record_lacks() -> None:
    """"HIV-1 RNA concentrations < 50 copies/mL for ≥ 6 months": how long a reading held, which a record of
    conditions does not list: unknown, never "no such condition"."""
    text = "Plasma HIV-1 RNA concentrations < 50 copies/mL for ≥ 6 months preceding the screening visit"
    record = {"conditions": [{"concept": "rectal adenocarcinoma", "date": "2023-01-01", "active": True}]}
    assert _verdict("inclusion", text, observations=[_lab("HIV RNA", 20, "{copies}/mL")], **record) == "needs_review"
