"""What the unstructured rest of a criterion can do (`Criterion.rest`), read from the text by cue tables."""

from __future__ import annotations

import pytest

from parser.models.criteria import Concept
from parser.models.walk import iter_nodes
from tests.criteria.conftest import one_item, only_criterion


def _rest(parse, item: str, section: str = "inclusion") -> str:
    return only_criterion(parse, item, section).rest


def test_a_fully_structured_criterion_leaves_nothing(parse):
    assert _rest(parse, "ECOG performance status 0-2") == "none"


def test_an_unstructured_criterion_is_for_a_person(parse):
    assert _rest(parse, "Willing to comply with study procedures") == "unknown"


def test_timing_words_qualify_the_structured_part(parse):
    assert _rest(parse, "Aged 20-70 years at the time of signing the informed consent form") == "qualifier"


def test_who_assessed_it_qualifies_the_structured_part(parse):
    assert _rest(parse, "Investigator determined life expectancy of at least 12 weeks") == "qualifier"


def test_how_it_is_calculated_qualifies_the_structured_part(parse):
    found = _rest(parse, "Creatinine clearance < 40 mL/min (calculated by Cockcroft-Gault formula)", "exclusion")
    assert found == "qualifier"


def test_a_label_before_a_colon_is_defined_by_the_structured_part(parse):
    assert _rest(parse, "Poorly controlled diabetes: HbA1c > 9%", "exclusion") == "definition"


def test_defined_as_opens_a_definition(parse):
    assert _rest(parse, "Adequate marrow function defined as platelets ≥ 100 x 10^9/L") == "definition"


def test_or_other_evidence_is_an_alternative(parse):
    assert _rest(parse, "LVEF < 40% or other evidence of heart failure", "exclusion") == "alternative"


def test_a_second_sentence_is_another_requirement(parse):
    assert _rest(parse, "Histologically confirmed adenocarcinoma. At least one lesion ≥ 10 mm") == "unknown"


def test_a_number_left_out_makes_the_rest_for_a_person(parse):
    assert _rest(parse, "Platelets ≥ 100,000/mm3, potassium 3") == "unknown"


def test_a_label_in_another_sentence_does_not_define_the_structured_part(parse):
    text = "Must use contraception during the study. Note: contraception is recommended for 30 days after the study"
    assert _rest(parse, text) == "unknown"


def test_that_is_in_a_relative_clause_defines_nothing(parse):
    assert _rest(parse, "Measurable disease on imaging that is at least 1.5 cm in diameter") != "definition"


def test_a_severity_word_before_the_structured_part_narrows_it(parse):
    assert _rest(parse, "Severe liver disease", "exclusion") == "narrowing"


def test_a_modifier_left_out_before_a_structured_concept_narrows_it(parse):
    assert _rest(parse, "Prior thoracic or neck radiotherapy", "exclusion") == "narrowing"


def test_a_modifier_of_a_denied_concept_widens_the_denial_so_the_denial_only_suffices(parse):
    assert _rest(parse, "No prior pelvic radiotherapy") == "alternative"


def test_a_severity_word_on_a_denied_concept_widens_the_denial_too(parse):
    assert _rest(parse, "No serious cardiac disease") == "alternative"


def test_a_negation_before_a_structured_concept_is_no_modifier_of_it(parse):
    assert _rest(parse, "Negative HIV test", "exclusion") == "unknown"


@pytest.mark.parametrize("text", ["Maternal HIV infection", "Suspected active infection",
                                  "Patients requiring prophylaxis against infection",
                                  "Needing prevention of infection"])
def test_a_word_making_a_concept_someone_elses_or_uncertain_keeps_the_modifiers_from_narrowing_it(parse, text):
    """Someone else's, a suspicion, or what prophylaxis prevents: no condition the patient is said to have."""
    assert _rest(parse, text, "exclusion") == "unknown"


def test_non_before_a_concept_named_in_one_word_denies_it(parse):
    criterion = only_criterion(parse, "Non-metastatic prostate cancer")
    assert [node.negated for node in criterion.expr.all] == [True, False]


def test_non_before_a_name_of_several_words_makes_another_word_and_no_mention(parse):
    assert only_criterion(parse, "Non-malignant pleural effusion", "exclusion").expr is None


@pytest.mark.parametrize("text", ["Patients who cannot tolerate chemotherapy",
                                  "Patients who cannot tolerate standard first line chemotherapy"])
def test_a_negated_verb_before_a_concept_neither_denies_nor_narrows_it(parse, text):
    criterion = only_criterion(parse, text)
    assert (criterion.expr.negated, criterion.rest) == (False, "unknown")


def test_a_concept_governed_by_a_preposition_is_not_narrowed_by_its_modifiers(parse):
    assert _rest(parse, "Candidates for curative-intent thoracic or abdominal surgery") == "unknown"


def test_a_negation_before_several_modifiers_still_denies_the_concept(parse):
    criterion = only_criterion(parse, "No uncontrolled brain or leptomeningeal metastases")
    assert (criterion.expr.negated, criterion.rest) == (True, "alternative")


def test_modifiers_narrow_nothing_where_one_concept_is_denied_and_another_affirmed(parse):
    assert _rest(parse, "Rectal cancer, no prior pelvic radiotherapy") == "unknown"


def test_a_concept_named_twice_is_structured_once_and_leaves_no_rest(parse):
    assert _rest(parse, "Pregnant or lactating at any time during the study", "exclusion") == "qualifier"


def test_the_version_of_a_named_standard_is_no_lost_threshold(parse):
    assert _rest(parse, "Toxicity grade ≤ 1 per CTCAE version 5.0") == "qualifier"


@pytest.mark.parametrize("item", ["Stage II or III according to the 7th edition of the UICC staging system",
                                  "Grade 1 or 2 per WHO classification"])
def test_the_standard_a_value_is_read_by_qualifies_it_ordinal_edition_included(parse, item):
    assert _rest(parse, item) == "qualifier"


def test_a_concept_inside_the_name_of_a_standard_is_no_criterion(parse):
    criterion = only_criterion(parse, "Evaluable disease as defined by Response Evaluation Criteria in Solid Tumors")
    assert not any(isinstance(node, Concept) for node in iter_nodes(criterion.expr))


@pytest.mark.parametrize("item", ["Aged 30 to 60 years at Screening",
                                  "Men or women aged 25 to 50 years, inclusive, at Visit 1"])
def test_the_study_reference_point_a_value_is_read_at_qualifies_it(parse, item):
    assert _rest(parse, item) == "qualifier"


def test_a_list_of_examples_after_the_structured_part_only_illustrates_it(parse):
    found = _rest(parse, "Heart disease within 12 months (such as stroke, arrhythmia or angina)", "exclusion")
    assert found == "examples"


def test_a_severity_word_before_a_list_of_examples_still_narrows(parse):
    assert _rest(parse, "Serious heart disease (such as arrhythmia or angina)", "exclusion") == "narrowing"


def test_a_list_of_exceptions_after_the_structured_part_narrows_it(parse):
    found = _rest(parse, "Malignancy within 3 years, except for treated carcinoma in situ of the breast", "exclusion")
    assert found == "narrowing"


def test_structured_examples_of_an_unstructured_head_are_one_way_to_meet_it(parse):
    found = _rest(parse, "Chronic viral hepatitis, including HBsAg positive or HBV DNA ≥ 500 IU/mL", "exclusion")
    assert found == "alternative"


HISTORY_OF_LIVER_DISEASE = "History of liver disease, including liver cirrhosis or HBV DNA ≥ 500 IU/mL"


def test_a_lexicon_head_of_examples_holding_a_threshold_is_structured_with_its_listed_concepts(parse):
    criterion = only_criterion(parse, HISTORY_OF_LIVER_DISEASE, "exclusion")
    assert [getattr(node, "concept", None) or node.measure for node in criterion.expr.any] == [
        "liver disease", "liver cirrhosis", "HBV DNA"]


def test_a_structured_head_with_its_listed_instances_is_the_whole_criterion(parse):
    assert only_criterion(parse, HISTORY_OF_LIVER_DISEASE, "exclusion").coverage == "full"


def _concepts(parse, text: str) -> list[str]:
    criterion = only_criterion(parse, text, "exclusion")
    return [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]


def test_words_after_a_list_of_examples_keep_its_head_unstructured(parse):
    text = "Hypertension, including SBP > 160 mmHg, not controlled by medication"
    assert "Hypertension" not in _concepts(parse, text)


def test_a_waiver_in_the_item_keeps_the_head_of_its_list_unstructured(parse):
    text = "Cardiac disease, e.g. LVEF < 40% or unstable angina, unless stable for 6 months"
    assert "Cardiac disease" not in _concepts(parse, text)


def test_words_after_a_list_of_examples_leave_its_structured_members_to_a_person(parse):
    text = "History of liver disease, including liver cirrhosis or HBV DNA ≥ 500 IU/mL, requiring treatment"
    assert _rest(parse, text, "exclusion") == "unknown"


def test_a_concept_that_is_only_a_word_of_a_listed_example_is_no_instance_of_the_head(parse):
    criterion = only_criterion(parse, "History of cardiac disease, including chemotherapy-induced cardiomyopathy or "
                                      "LVEF < 40%", "exclusion")
    assert [getattr(node, "concept", None) or node.measure for node in criterion.expr.any] == [
        "cardiac disease", "left ventricular ejection fraction"]


CHRONIC_LIVER_DISEASE = "Chronic liver disease, including liver cirrhosis or HBV DNA ≥ 500 IU/mL"


def test_a_narrowed_head_of_examples_leaves_only_its_listed_instances_structured(parse):
    criterion = only_criterion(parse, CHRONIC_LIVER_DISEASE, "exclusion")
    assert [getattr(node, "concept", None) or node.measure for node in criterion.expr.any] == [
        "liver cirrhosis", "HBV DNA"]


def test_a_narrowed_head_left_out_leaves_its_listed_instances_one_way_to_meet_it(parse):
    criterion = only_criterion(parse, CHRONIC_LIVER_DISEASE, "exclusion")
    assert (criterion.coverage, criterion.rest) == ("partial", "alternative")


def test_structured_examples_beside_a_second_sentence_are_for_a_person(parse):
    text = "Measurable disease. Chronic liver disease, including HBV DNA ≥ 500 IU/mL"
    assert _rest(parse, text, "exclusion") == "unknown"


def test_a_part_opened_by_or_after_the_structured_part_is_an_alternative(parse):
    assert _rest(parse, "Pregnancy or women planning to conceive during the trial", "exclusion") == "alternative"


def test_a_sentence_opened_by_or_is_an_alternative(parse):
    text = "QTc > 480 ms; or a family history of long QT syndrome"
    assert _rest(parse, text, "exclusion") == "alternative"


def test_a_part_joined_by_with_is_not_an_alternative(parse):
    assert _rest(parse, "Pregnancy with complications requiring hospital care", "exclusion") == "unknown"


def test_an_exception_keeps_a_structured_example_from_deciding_alone(parse):
    text = "Liver disease including cirrhosis or HBV DNA > 2000 IU/mL, except inactive carriers"
    assert _rest(parse, text, "exclusion") != "alternative"


def test_an_exception_opened_by_unless_keeps_an_alternative_from_deciding(parse):
    text = "Serum bilirubin > 2 x ULN or hepatic impairment, unless caused by Gilbert's syndrome"
    assert _rest(parse, text, "exclusion") not in ("alternative", "none")


def test_a_waiver_narrows_an_exclusion_and_is_another_way_to_meet_an_inclusion(parse):
    assert _rest(parse, "Serum bilirubin > 2 x ULN, unless caused by Gilbert's syndrome", "exclusion") == "narrowing"
    assert _rest(parse, "Serum bilirubin <= 2 x ULN, unless caused by Gilbert's syndrome") == "alternative"


def test_a_severity_word_on_a_structured_example_keeps_it_from_deciding_alone(parse):
    text = "Intercurrent illness including, but not limited to, uncontrolled infection, or psychiatric illness"
    assert _rest(parse, text, "exclusion") != "alternative"


def test_a_short_alternative_left_out_before_the_structured_part_keeps_it_from_being_the_whole(parse):
    # one word of four left out was `full` before: the structured part then decided alone, both ways
    criterion = only_criterion(parse, "Lymphoma or LDH > 500 U/L", "exclusion")
    assert (criterion.coverage, criterion.rest) == ("partial", "alternative")


def test_a_short_alternative_left_out_after_the_structured_part_keeps_it_from_being_the_whole(parse):
    criterion = only_criterion(parse, "Platelets < 50 x 10^9/L, or splenectomy", "exclusion")
    assert (criterion.coverage, criterion.rest) == ("partial", "alternative")


def test_words_left_out_without_or_still_let_a_criterion_be_fully_structured(parse):
    assert only_criterion(parse, "Serum potassium < 3.0 mmol/L at screening", "exclusion").coverage == "full"


def test_a_denial_left_out_is_never_a_full_reading(parse):
    criterion = only_criterion(parse, "Serum potassium ≥ 3.5 mmol/L at screening without using growth factors")
    assert criterion.coverage == "partial"


def test_a_label_of_adequate_function_reached_without_support_says_so_whatever_its_window(parse):
    """Support only makes counts look better: the label's failing decides, its holding decides only for a patient
    whose record shows no support."""
    criterion = only_criterion(parse, "Adequate marrow, liver, renal and clotting function (haematology, chemistry and "
                                      "coagulation panels) within 10 days before dosing without using growth factors")
    assert (criterion.coverage, criterion.rest) == ("partial", "support")


def test_an_upper_bound_reached_without_support_within_a_window_is_for_a_person(parse):
    """"No growth factors in the last 7 days" may be one more requirement, which the holding bound cannot show."""
    criterion = only_criterion(parse, "WBC < 3000/mm3 within 7 days before dosing without growth factor support",
                               "exclusion")
    assert criterion.rest == "unknown"


def test_a_concept_a_reference_event_is_of_dates_a_period_and_is_no_requirement(parse):
    criterion = only_criterion(parse, "Must use contraception for 3 months after the last dose of study drug")
    assert criterion.expr.concept == "contraception"


@pytest.mark.parametrize("item", ["Platelets ≥ 100,000/mm3 (without transfusion support)",
                                  "ANC ≥ 1500/mm3 independent of growth factor support"])
def test_an_inclusion_value_reached_without_a_supporting_treatment_says_so(parse, item):
    assert only_criterion(parse, item).rest == "support"


@pytest.mark.parametrize("section", ["inclusion", "exclusion"])
def test_an_upper_bound_reached_without_a_supporting_treatment_has_it_as_an_alternative(parse, section):
    assert only_criterion(parse, "Platelets < 50,000/mm3 without transfusion support", section).rest == "alternative"


def test_with_or_without_a_supporting_treatment_withholds_nothing(parse):
    assert only_criterion(parse, "Platelets ≥ 100,000/mm3, with or without transfusion").rest != "support"


@pytest.mark.parametrize("item", ["No prior chemotherapy for metastatic disease",
                                  "No prior radiotherapy given for metastatic prostate cancer"])
def test_what_a_denied_treatment_is_for_is_no_requirement_and_widens_the_denial(parse, item):
    criterion = only_criterion(parse, item)
    assert [node.category for node in iter_nodes(criterion.expr) if isinstance(node, Concept)] == ["treatment"]
    assert criterion.rest == "alternative"


def test_what_an_excluded_treatment_is_for_narrows_it(parse):
    criterion = only_criterion(parse, "Prior cytotoxic chemotherapy for metastatic prostate cancer", "exclusion")
    assert isinstance(criterion.expr, Concept) and criterion.expr.concept == "chemotherapy"
    assert criterion.rest == "narrowing"


@pytest.mark.parametrize(("item", "section"), [("Surgery to treat the primary tumour", "inclusion"),
                                               ("Subjects who have not had radiotherapy for rectal cancer",
                                                "exclusion"),
                                               ("Planned surgery for metastatic disease", "exclusion"),
                                               ("Candidates for surgery for rectal cancer", "inclusion")])
def test_what_a_treatment_is_for_narrows_nothing_against_its_sections_requirement_or_for_a_plan(parse, item, section):
    assert only_criterion(parse, item, section).rest == "unknown"


def test_what_a_treatment_an_exclusion_words_as_its_requirement_is_for_narrows_it(parse):
    criterion = only_criterion(parse, "Must not have had prior radiotherapy for rectal cancer", "exclusion")
    assert (criterion.expr.concept, criterion.expr.negated, criterion.rest) == ("radiotherapy", False, "narrowing")


def test_a_condition_listed_after_the_one_a_treatment_is_for_is_one_of_its_own(parse):
    criterion = only_criterion(parse, "Prior radiotherapy for metastatic disease, or known brain metastases",
                               "exclusion")
    assert [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)] == [
        "radiotherapy", "brain metastases"]


@pytest.mark.parametrize("item", ["DONOR: Diabetes mellitus", "Part A: type 2 diabetes"])
def test_a_label_naming_a_cohort_or_other_persons_defines_nothing(parse, item):
    assert only_criterion(parse, item, "exclusion").rest == "unknown"


def test_a_treatment_a_condition_requires_says_which_condition_and_is_no_requirement(parse):
    criterion = only_criterion(parse, "Active infection requiring systemic therapy", "exclusion")
    assert isinstance(criterion.expr, Concept) and criterion.expr.concept.lower() == "active infection"
    assert criterion.rest == "narrowing"


def test_a_denied_condition_after_what_a_treatment_is_for_is_one_of_its_own(parse):
    criterion = only_criterion(parse, "No prior pelvic radiotherapy for rectal cancer and no distant metastasis")
    assert [node.concept for node in iter_nodes(criterion.expr) if isinstance(node, Concept)] == [
        "radiotherapy", "metastasis"]


def _concept_names(criterion) -> list[str]:
    return [node.concept.lower() for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]


@pytest.mark.parametrize("item", ["Pneumonitis due to prior radiotherapy",
                                  "Bleeding caused by anticoagulant therapy",
                                  "Pneumonitis following radiotherapy or chemotherapy"])
def test_a_treatment_that_caused_an_excluded_condition_says_which_condition_and_excludes_nothing_alone(parse, item):
    criterion = only_criterion(parse, item, "exclusion")
    assert len(_concept_names(criterion)) == 1 and _concept_names(criterion)[0] in ("pneumonitis", "bleeding")
    assert criterion.rest == "narrowing"


def test_a_treatment_that_caused_a_required_condition_stays_required(parse):
    criterion = only_criterion(parse, "Pneumonitis due to prior radiotherapy")
    assert _concept_names(criterion) == ["pneumonitis", "radiotherapy"]


@pytest.mark.parametrize("item", [
    "Patients allergic to corticosteroids",
    "Known hypersensitivity to paclitaxel, carboplatin, or any component of the study drug",
    "Allergy to iodinated contrast media",
    "History of severe allergic reactions to monoclonal antibodies or to chemotherapy",
    "Allergy or hypersensitivity to cyclophosphamide or any other alkylating agent",
])
def test_what_an_excluded_allergy_is_to_says_which_allergy_and_excludes_nothing_alone(parse, item):
    criterion = only_criterion(parse, item, "exclusion")
    assert len(_concept_names(criterion)) == 1 and criterion.rest == "narrowing"


def test_a_denied_allergy_is_met_without_one_whatever_it_is_to(parse):
    criterion = only_criterion(parse, "No known hypersensitivity to corticosteroids")
    assert (_concept_names(criterion), criterion.expr.negated) == (["hypersensitivity"], True)
    assert criterion.rest == "alternative"


@pytest.mark.parametrize(("item", "second"), [("Allergy to penicillin, or history of chemotherapy", "chemotherapy"),
                                              ("Hypersensitivity to contrast media or active infection",
                                               "active infection"),
                                              ("Allergy to the study drug; pleural effusion", "pleural effusion")])
def test_what_follows_an_allergys_object_in_a_new_clause_is_a_concept_of_its_own(parse, item, second):
    assert _concept_names(only_criterion(parse, item, "exclusion"))[1:] == [second]


@pytest.mark.parametrize(("item", "second"), [("Allergy to penicillin, current use of warfarin", "warfarin"),
                                              ("Hypersensitivity to methotrexate or concurrent warfarin", "warfarin"),
                                              ("Known allergy to eggs, or any treatment with warfarin", "warfarin"),
                                              ("Metastases to the liver or prior radiotherapy", "radiotherapy")])
def test_a_treatment_after_an_allergys_object_that_says_how_it_is_used_is_a_concept_of_its_own(parse, item, second):
    assert _concept_names(only_criterion(parse, item, "exclusion"))[1:] == [second]


@pytest.mark.parametrize("item", ["Allergy to gadolinium or severe renal impairment",
                                  "Hypersensitivity to ibrutinib or strong CYP3A4 inhibitors"])
def test_words_after_an_allergys_object_that_may_be_an_exclusion_of_their_own_are_left_to_a_person(parse, item):
    assert _rest(parse, item, "exclusion") == "unknown"


def test_an_allergys_object_running_into_a_clause_leaves_the_rest_to_a_person(parse):
    criterion = only_criterion(parse, "Allergy to penicillin or a drug with a similar structure", "exclusion")
    assert criterion.rest == "unknown"


@pytest.mark.parametrize("section", ["inclusion", "exclusion"])
@pytest.mark.parametrize("item", ["Poor marrow reserve (platelets < 75 x 10^9/L)",
                                  "Renal impairment (creatinine > 2 mg/dL) or liver impairment (bilirubin > 3 mg/dL)"])
def test_a_label_right_before_the_thresholds_in_its_bracket_is_defined_by_them(parse, item, section):
    assert _rest(parse, item, section) == "definition"


@pytest.mark.parametrize("item", ["Atrial fibrillation (lasting longer than 7 days)",
                                  "No chronic kidney disease (creatinine > 2.0 mg/dL)",
                                  "Sleep apnoea that requires CPAP (AHI > 15)",
                                  "Stroke or renal impairment (creatinine > 2.0 mg/dL)",
                                  "Renal impairment (creatinine > 2.0 mg/dL) requiring dialysis",
                                  "History of thrombocytopenia (platelets < 50,000/mm3)",
                                  "Bleeding diathesis (platelets < 50,000/uL)",
                                  "Type 2 diabetes (HbA1c 7-10%)"])
def test_a_bracket_after_a_label_defines_only_a_measured_state_it_fills(parse, item):
    assert _rest(parse, item, "exclusion") != "definition"


@pytest.mark.parametrize("section", ["inclusion", "exclusion"])
def test_what_a_structured_condition_requires_narrows_it(parse, section):
    assert _rest(parse, "Serious cardiac arrhythmia requiring medication", section) == "narrowing"


@pytest.mark.parametrize("item", ["Infection requiring IV antibiotics, or other serious illness",
                                  "Cancer requiring chemotherapy or radiation within 5 years, or current disease"])
def test_a_requirement_running_into_another_way_to_meet_the_criterion_narrows_nothing(parse, item):
    assert _rest(parse, item, "exclusion") != "narrowing"


def test_an_elective_treatment_may_be_planned_so_its_words_narrow_nothing(parse):
    assert _rest(parse, "Undergoing elective surgery requiring intubation") == "unknown"


@pytest.mark.parametrize("item", ["Diagnosis of type 2 diabetes mellitus", "HIV-1 infected adults"])
def test_saying_a_condition_was_diagnosed_qualifies_it(parse, item):
    assert _rest(parse, item) == "qualifier"


def test_a_disease_named_before_another_with_or_is_no_modifier_of_it(parse):
    assert _rest(parse, "Glaucoma or ocular hypertension") not in ("narrowing", "none")


def test_a_clause_after_a_comma_that_no_or_opens_is_one_more_requirement_not_an_alternative(parse):
    item = "Diagnosis of schizophrenia or schizoaffective disorder, currently in acute exacerbation"
    assert _rest(parse, item) == "unknown"


def test_a_primary_tumour_named_before_its_metastases_narrows_them(parse):
    assert _rest(parse, "Melanoma brain metastases", "exclusion") == "narrowing"


@pytest.mark.parametrize("item", ["May have had prior surgery and external beam radiation",
                                  "Patients may have undergone interval debulking surgery",
                                  "Subject who will have knee surgery",
                                  "Prior palliative radiotherapy is allowed"])
def test_what_a_patient_may_or_will_have_is_no_requirement(parse, item):
    assert _rest(parse, item) == "unknown"


def test_a_denied_permission_is_a_prohibition(parse):
    assert _rest(parse, "No growth factors are allowed within 3 weeks of treatment start", "exclusion") == "none"


@pytest.mark.parametrize(("item", "section"), [
    ("Must be surgical candidates", "inclusion"),
    ("Patients who are candidates for curative resection of the primary tumour", "inclusion"),
    ("Considered unsuitable for intensive chemotherapy by the treating physician", "inclusion"),
    ("Locally advanced disease not amenable to curative surgery", "inclusion"),
    ("Not a candidate for surgery", "exclusion"),
    ("General condition of the patient does not permit surgery", "exclusion"),
    ("Awaiting liver transplantation", "exclusion"),
])
def test_a_treatment_a_patient_is_judged_fit_for_is_no_event_of_the_record(parse, item, section):
    assert _rest(parse, item, section) == "unknown"


@pytest.mark.parametrize(("item", "section"), [
    ("Patients undergoing elective cardiac surgery", "inclusion"),
    ("Patients undergoing emergency surgery", "exclusion"),
    ("Women scheduled to undergo laparoscopic hysterectomy", "inclusion"),
    ("Patients undergoing surgical resection of pancreatic cancer", "inclusion"),
])
def test_a_procedure_a_patient_is_undergoing_is_the_one_the_trial_plans(parse, item, section):
    assert _rest(parse, item, section) == "unknown"


def test_a_therapy_a_patient_is_undergoing_is_current_and_the_record_shows_it(parse):
    assert _rest(parse, "Patients undergoing hemodialysis", "exclusion") != "unknown"



def test_an_exception_to_a_denial_beside_a_threshold_widens_the_denial(parse):
    item = "Haemoglobin ≥ 10 g/dL and no transfusion within 3 weeks except transfusions given during surgery"
    assert _rest(parse, item) == "unknown"


def test_examples_of_a_head_a_severity_word_qualifies_are_not_enough_alone(parse):
    assert _rest(parse, "Uncontrolled concurrent illness, e.g. diabetes or hypertension", "exclusion") == "unknown"


def test_a_treatment_something_left_out_requires_is_no_event_of_the_record(parse):
    item = "Skin conditions that require the use of systemic corticosteroids"
    assert _rest(parse, item, "exclusion") == "unknown"


def test_a_treatment_a_patient_requires_is_still_the_patients(parse):
    assert _rest(parse, "Patients requiring haemodialysis", "exclusion") != "unknown"


def test_a_threshold_example_of_a_head_a_severity_word_qualifies_states_its_own_severity(parse):
    assert _rest(parse, "Uncontrolled diabetes, e.g. HbA1c > 9%", "exclusion") == "alternative"


@pytest.mark.parametrize("item", ["Neurological disorders, e.g. multiple sclerosis, neuropathy due to chemotherapy",
                                  "Neurological disorders, e.g. epilepsy or neuropathy caused by chemotherapy"])
def test_what_caused_an_example_is_no_instance_of_the_head(parse, item):
    assert _rest(parse, item, "exclusion") != "alternative"


@pytest.mark.parametrize("item", ["Radiotherapy or chemotherapy within at least 3 weeks",
                                  "Trastuzumab at least 3 weeks prior to enrollment"])
def test_an_exclusions_lower_bound_on_a_treatment_not_marked_a_washout_is_for_a_person(parse, item):
    assert _rest(parse, item, "exclusion") == "unknown"


def test_an_exclusions_lower_bound_on_a_condition_is_still_decisive(parse):
    assert _rest(parse, "Type 2 diabetes diagnosed more than 10 years ago", "exclusion") == "none"


@pytest.mark.parametrize("item", ["Requires pelvic radiotherapy", "Patients requiring surgery for their rectal cancer",
                                  "Patients who will require radiation therapy during the study"])
def test_a_procedure_a_patient_needs_is_one_to_come(parse, item):
    assert _rest(parse, item) == "unknown"


def test_a_procedure_a_condition_needs_still_narrows_it(parse):
    assert _rest(parse, "Infection requiring surgery", "exclusion") == "narrowing"


def test_who_is_eligible_is_a_permission_not_a_requirement(parse):
    item = "Patients with treated brain metastases that are stable for more than 4 weeks are eligible"
    assert _rest(parse, item) == "unknown"


@pytest.mark.parametrize("item", ["Chronic conditions such as diabetes (insulin requiring), tuberculosis or asthma",
                                  "Concurrent illness such as hypertension (uncontrolled) or asthma",
                                  "Endocrine disease, e.g. diabetes (poorly controlled) or hypothyroidism"])
def test_an_example_a_bracket_qualifies_is_not_enough_alone(parse, item):
    assert _rest(parse, item, "exclusion") == "unknown"


def test_an_abbreviation_in_a_bracket_does_not_qualify_an_example(parse):
    item = "Cardiac disease, including congestive heart failure (CHF) or myocardial infarction"
    assert _rest(parse, item, "exclusion") != "unknown"


def test_an_exception_left_out_beside_a_denied_event_keeps_the_structure_from_deciding(parse):
    assert _rest(parse, "Hemoglobin ≥ 9 g/dL and no red blood cell transfusion within 2 weeks other than "
                        "perioperative transfusion") == "unknown"


def test_an_exception_to_an_exclusions_event_narrows_it_however_few_its_words(parse):
    assert _rest(parse, "Blood transfusion within 4 weeks other than for surgery", "exclusion") == "narrowing"


@pytest.mark.parametrize("item", ["AST and ALT less than 3 times the upper limit of normal except if due to tumour "
                                  "involvement of the liver", "Age ≥ 18 years, except pregnant or breastfeeding women"])
def test_an_exception_to_an_inclusions_bound_may_exempt_from_it_or_keep_out_so_a_person_reads_it(parse, item):
    assert _rest(parse, item) == "unknown"


def test_an_exception_structured_as_a_subgroup_is_no_rest(parse):
    criterion = only_criterion(parse, "Alkaline phosphatase < 2.5 × ULN except in patients with bone metastases (< 5 × "
                                      "ULN)")
    assert (criterion.coverage, criterion.rest) == ("full", "none")


def test_an_exception_to_an_exclusions_bound_narrows_it(parse):
    assert _rest(parse, "Creatinine clearance < 30 mL/min, excluding patients on dialysis", "exclusion") == "narrowing"


def test_a_state_of_reproduction_beside_ages_alone_narrows_who_they_bound(parse):
    assert _rest(parse, "Women aged 18 years or older who are pregnant or breastfeeding", "exclusion") == "narrowing"


def test_a_permission_left_out_beside_a_bound_is_never_full_coverage(parse):
    criterion = only_criterion(parse, "Total bilirubin ≤ 1.5 x upper limit of normal, AST and ALT ≤ 2.5 x upper limit "
                                      "of normal, alkaline phosphatase ≤ 2.5 x upper limit of normal and creatinine ≤ "
                                      "1.5 x upper limit of normal (Gilbert's syndrome is allowed)")
    assert criterion.coverage == "partial"


@pytest.mark.parametrize("item", ["No active infection or recent use of antibiotics",
                                  "No peptic ulcer or chronic use of NSAIDs"])
def test_a_denial_beside_an_affirmed_alternative_is_for_a_person(parse, item):
    assert _rest(parse, item) == "unknown"



@pytest.mark.parametrize("item", ["Prior radiotherapy allowed", "Concurrent bisphosphonates are permitted"])
def test_an_item_that_only_permits_asks_nothing(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    assert (criterion.category, criterion.expr) == ("permission", None)


@pytest.mark.parametrize("item", ["Prior radiotherapy allowed if completed 6 months before",
                                  "No concurrent steroids allowed", "Up to 2 prior regimens allowed",
                                  "One additional chemotherapy regimen allowed",
                                  "Prior surgery allowed provided the wound has healed"])
def test_a_permission_with_a_proviso_a_denial_or_a_number_still_asks_something(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    assert criterion.category != "permission"


@pytest.mark.parametrize("text", ["Left ventricular ejection fraction ≥ 45% by echocardiography or MUGA scan",
                                  "QTcF ≤ 480 ms on ECG or Holter monitoring",
                                  "Tumour at least 2 cm on CT and/or MRI"])
def test_a_choice_of_methods_qualifies_the_structured_part(parse, text):
    assert _rest(parse, text) in ("qualifier", "none")


def test_another_way_after_a_method_is_still_an_alternative(parse):
    assert _rest(parse, "LVEF ≥ 45% by echocardiography or other evidence of normal cardiac function") == "alternative"



def test_an_alternative_saying_who_is_not_eligible_is_for_a_person(parse):
    assert _rest(parse, "Women with HER2+ (3+ by IHC or FISH+) tumours are not eligible for this study") == "unknown"


def test_a_standard_ends_where_another_item_is_joined_to_it(parse):
    criterion = only_criterion(parse, "Measurable disease per RECIST criteria or bone metastases")
    assert any(isinstance(node, Concept) for node in iter_nodes(criterion.expr))


def test_the_ends_of_a_scale_are_no_lost_threshold(parse):
    assert _rest(parse, "Fatigue score ≥ 5 (0-10)") == "none"


def test_a_standard_ends_before_a_relative_clause_that_restricts_the_criterion(parse):
    assert _rest(parse, "At least one lesion measurable per RECIST 1.1 that has not been irradiated") != "qualifier"


def test_a_reference_mark_in_square_brackets_is_no_lost_threshold(parse):
    assert _rest(parse, "Diagnosis of type 2 diabetes per the ADA diagnostic criteria [3]") == "qualifier"
