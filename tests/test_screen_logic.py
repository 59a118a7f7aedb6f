"""The evaluator's rules, each on a small hand-written criteria document in the contract's shape."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from parser.criteria import parse_criteria
from parser.errors import ParseError
from parser.models.criteria import Criteria
from parser.models.patient import Patient
from parser.screen import (
    DEFAULT_MAX_LAB_AGE,
    CompiledCriteria,
    MalformedCriteria,
    UnsupportedSchemaVersion,
    Verdict,
    criteria_from_json,
    patient_facts,
    screen,
    screen_many,
)

AS_OF = "2025-07-01"


def cmp(measure: str, op: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
    text = f"{measure} {op} {value} {unit}"
    return {"type": "comparison", "measure": measure, "op": op, "value": value, "unit": unit,
            "text": text, "span": [0, len(text)], **extra}


def concept(name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "concept", "concept": name, "text": name, "span": [0, len(name)], **extra}


def window(op: str, value: float, unit: str, anchor: str | None = None) -> dict[str, Any]:
    return {"op": op, "value": value, "unit": unit, "anchor": anchor, "text": "within", "span": [0, 6]}


def document(inclusion: list[Any] = (), exclusion: list[Any] = (), coverage: str = "full",
             **extra: Any) -> dict[str, Any]:
    def items(prefix: str, exprs: list[Any]) -> list[dict[str, Any]]:
        return [{"id": f"{prefix}-{i}", "text": "criterion", "span": [0, 9], "expr": expr, "coverage": coverage}
                for i, expr in enumerate(exprs, 1)]
    return {"nct_id": "NCT00000000", "source": {"format": "test", "sha256": "0", "parser_version": "test"},
            "inclusion": items("inc", list(inclusion)), "exclusion": items("exc", list(exclusion)), **extra}


def patient(**fields: Any) -> Patient:
    return Patient.model_validate({"as_of": AS_OF, **fields})


def lab(measure: str, value: float, unit: str, **extra: Any) -> dict[str, Any]:
    return {"measure": measure, "value": value, "unit": unit, "date": "2025-06-30", **extra}


def run(doc: dict[str, Any], who: Patient, **options: Any) -> Verdict:
    return screen(Criteria.model_validate(doc), who, **options)


def result(verdict: Verdict, criterion: str = "inc-1") -> str:
    return next(r.result for r in verdict.criteria if r.id == criterion)


def reason(verdict: Verdict, criterion: str = "inc-1") -> str:
    return next(r.reason for r in verdict.criteria if r.id == criterion)


PLT_LOW = cmp("platelet count", ">=", 100, "10*9/L")
ANC_LOW = cmp("absolute neutrophil count", ">=", 1.5, "10*9/L")


# ---- Kleene logic


def test_all_with_a_false_part_is_not_met_despite_unknown_parts() -> None:
    verdict = run(document([{"all": [PLT_LOW, ANC_LOW]}]), patient(observations=[lab("PLT", 50, "10*9/L")]))
    assert (result(verdict), verdict.verdict) == ("not_met", "ineligible")


def test_all_with_an_unknown_part_and_no_false_part_is_unknown() -> None:
    verdict = run(document([{"all": [PLT_LOW, ANC_LOW]}]), patient(observations=[lab("PLT", 150, "10*9/L")]))
    assert (result(verdict), verdict.verdict) == ("unknown", "needs_review")


def test_any_with_a_true_part_is_met_despite_unknown_parts() -> None:
    doc = document(exclusion=[{"any": [cmp("platelet count", "<", 100, "10*9/L"), cmp("hemoglobin", "<", 9, "g/dL")]}])
    verdict = run(doc, patient(observations=[lab("PLT", 50, "10*9/L")]))
    assert (result(verdict, "exc-1"), verdict.verdict) == ("met", "ineligible")


def test_any_with_only_false_and_unknown_parts_is_unknown() -> None:
    doc = document(exclusion=[{"any": [cmp("platelet count", "<", 100, "10*9/L"), cmp("hemoglobin", "<", 9, "g/dL")]}])
    assert result(run(doc, patient(observations=[lab("PLT", 150, "10*9/L")])), "exc-1") == "unknown"


def test_not_flips_a_known_result() -> None:
    verdict = run(document([{"not": PLT_LOW}]), patient(observations=[lab("PLT", 50, "10*9/L")]))
    assert result(verdict) == "met"


def test_not_of_unknown_stays_unknown() -> None:
    assert result(run(document([{"not": PLT_LOW}]), patient())) == "unknown"


def test_missing_observation_is_unknown_never_a_pass() -> None:
    verdict = run(document(exclusion=[cmp("platelet count", "<", 100, "10*9/L")]), patient())
    assert (result(verdict, "exc-1"), verdict.verdict, reason(verdict, "exc-1")) == (
        "unknown", "needs_review", "no platelet count recorded")


# ---- coverage


def test_partial_coverage_met_is_at_best_needs_review() -> None:
    verdict = run(document([PLT_LOW], coverage="partial"), patient(observations=[lab("PLT", 150, "10*9/L")]))
    assert (result(verdict), verdict.verdict, verdict.deciding) == ("met", "needs_review", ["inc-1"])


def test_partially_structured_criterion_that_fails_asks_for_review_rather_than_excluding() -> None:
    verdict = run(document([PLT_LOW], coverage="partial"), patient(observations=[lab("PLT", 50, "10*9/L")]))
    assert verdict.verdict == "needs_review"
    assert verdict.criteria[0].result == "not_met"


def test_unstructured_criterion_is_unknown_and_asks_for_review() -> None:
    verdict = run(document([None], coverage="none"), patient())
    assert (result(verdict), verdict.verdict, reason(verdict)) == (
        "unknown", "needs_review", "not structured: review the text")


def test_ineligible_lists_only_the_decisive_criteria() -> None:
    doc = document([PLT_LOW, ANC_LOW])
    verdict = run(doc, patient(observations=[lab("PLT", 50, "10*9/L")]))
    assert (verdict.verdict, verdict.deciding) == ("ineligible", ["inc-1"])


# ---- subgroup thresholds


QTC = [cmp("QTc interval", ">", 450, "ms", when=concept("male")),
       cmp("QTc interval", ">", 470, "ms", when=concept("female"))]


@pytest.mark.parametrize(("sex", "expected"), [("male", "met"), ("female", "not_met")])
def test_when_picks_the_threshold_of_the_patients_subgroup(sex: str, expected: str) -> None:
    verdict = run(document(exclusion=[{"any": QTC}]), patient(sex=sex, observations=[lab("QTc", 460, "ms")]))
    assert result(verdict, "exc-1") == expected


def test_unknown_subgroup_is_unknown_when_the_thresholds_disagree() -> None:
    verdict = run(document(exclusion=[{"any": QTC}]), patient(observations=[lab("QTc", 460, "ms")]))
    assert (result(verdict, "exc-1"), reason(verdict, "exc-1").split(",")[0]) == ("unknown", "sex unknown")


def test_unknown_subgroup_is_known_when_the_thresholds_agree() -> None:
    verdict = run(document(exclusion=[{"any": QTC}]), patient(observations=[lab("QTc", 480, "ms")]))
    assert result(verdict, "exc-1") == "met"


def test_subgroup_left_to_review_is_known_when_the_thresholds_agree() -> None:
    organ_function = concept("adequate organ function", category="laboratory")
    subgroups = [cmp("platelet count", "<", 100, "10*9/L", when={"not": organ_function}),
                 cmp("platelet count", "<", 80, "10*9/L", when=organ_function)]
    verdict = run(document(exclusion=[{"any": subgroups}]), patient(observations=[lab("PLT", 70, "10*9/L")]))
    assert result(verdict, "exc-1") == "met"


def test_a_comparison_a_subgroup_condition_also_asks_takes_each_assumed_value() -> None:
    anc_low = cmp("absolute neutrophil count", "<", 1.5, "10*9/L")
    doc = document(inclusion=[{"any": [{"not": anc_low}, cmp("platelet count", ">=", 100, "10*9/L", when=anc_low)]}])
    verdict = run(doc, patient(observations=[lab("PLT", 150, "10*9/L")]))
    assert (result(verdict), reason(verdict).split(":")[0]) == (
        "met", "absolute neutrophil count unknown, met either way")


def test_unconditioned_threshold_is_the_default_a_subgroup_overrides() -> None:
    doc = document(exclusion=[{"any": [cmp("ALT", ">", 2.5, "1", relative_to="ULN"),
                                       cmp("ALT", ">", 5, "1", relative_to="ULN", when=concept("liver metastasis"))]}])
    who = patient(conditions=[{"concept": "liver metastases", "active": True}],
                  observations=[lab("ALT", 120, "U/L", uln=40)])
    assert result(run(doc, who), "exc-1") == "not_met"


def test_subgroup_threshold_alone_does_not_apply_outside_its_subgroup() -> None:
    doc = document([cmp("ALT", "<=", 5, "1", relative_to="ULN", when=concept("liver metastasis"))])
    verdict = run(doc, patient(conditions=[], observations=[lab("ALT", 400, "U/L", uln=40)]))
    assert (result(verdict), reason(verdict)) == ("met", "no threshold applies to this patient")


def test_alternatives_of_which_no_subgroup_applies_do_not_apply_either() -> None:
    """"≤ 1.5 mg/dL or CrCl ≥ 60 mL/min, for men": a woman meets the criterion, neither alternative is hers."""
    men = concept("male")
    doc = document([{"any": [cmp("serum creatinine", "<=", 1.5, "mg/dL", when=men),
                             cmp("creatinine clearance", ">=", 60, "mL/min", when=men)]}])
    verdict = run(doc, patient(sex="female", observations=[lab("creatinine", 2.0, "mg/dL")]))
    assert (result(verdict), reason(verdict)) == ("met", "no threshold applies to this patient")


def test_alternatives_for_a_subgroup_are_unknown_when_it_is_unknown_whether_the_patient_is_in_it() -> None:
    """The same criterion for a patient of unknown sex: as a man he fails it, as a woman nothing is asked of her."""
    men = concept("male")
    doc = document([{"any": [cmp("serum creatinine", "<=", 1.5, "mg/dL", when=men),
                             cmp("creatinine clearance", ">=", 60, "mL/min", when=men)]}])
    verdict = run(doc, patient(observations=[lab("creatinine", 2.0, "mg/dL"), lab("CrCl", 40, "mL/min")]))
    assert result(verdict) == "unknown"


def test_alternatives_of_which_no_subgroup_applies_do_not_apply_in_a_compiled_variant_either() -> None:
    """A condition known absent settles the subgroups once per set of values (`compile_variant`)."""
    metastases = concept("liver metastasis")
    doc = document([{"any": [cmp("AST", "<=", 5, "1", relative_to="ULN", when=metastases),
                             cmp("ALT", "<=", 5, "1", relative_to="ULN", when=metastases)]}])
    verdict = run(doc, patient(conditions=[], observations=[lab("ALT", 400, "U/L", uln=40)]))
    assert (result(verdict), reason(verdict)) == ("met", "no threshold applies to this patient")


def test_an_exclusion_all_of_whose_subgroups_do_not_apply_does_not_exclude() -> None:
    """Each part not applying is true where it sits in an `all`; the `all` itself does not apply to a woman."""
    men = concept("male")
    doc = document(exclusion=[{"all": [cmp("serum creatinine", ">", 1.5, "mg/dL", when=men),
                                       cmp("creatinine clearance", "<", 60, "mL/min", when=men)]}])
    verdict = run(doc, patient(sex="female", observations=[lab("creatinine", 1.0, "mg/dL")]))
    assert result(verdict, "exc-1") == "not_met"


def test_a_negated_part_that_does_not_apply_does_not_apply_either() -> None:
    """"Not (creatinine > 1.5 and CrCl < 60, for men)" asks nothing of a woman."""
    men = concept("male")
    doc = document([{"not": {"all": [cmp("serum creatinine", ">", 1.5, "mg/dL", when=men),
                                     cmp("creatinine clearance", "<", 60, "mL/min", when=men)]}}])
    verdict = run(doc, patient(sex="female", observations=[lab("creatinine", 2.0, "mg/dL")]))
    assert result(verdict) == "met"


def test_an_alternative_that_applies_still_decides_beside_one_that_does_not() -> None:
    women = concept("female")
    doc = document([{"any": [cmp("hemoglobin", ">=", 12, "g/dL", when=women), PLT_LOW]}])
    verdict = run(doc, patient(sex="male", observations=[lab("hemoglobin", 14, "g/dL"), lab("PLT", 50, "10*9/L")]))
    assert result(verdict) == "not_met"


def test_the_reason_for_a_patient_of_another_sex_says_the_subgroup_is_unknown_not_the_sex() -> None:
    doc = document([{"any": [cmp("hemoglobin", ">=", 13, "g/dL", when=concept("male")),
                             cmp("hemoglobin", ">=", 12, "g/dL", when=concept("female"))]}])
    verdict = run(doc, patient(sex="other", observations=[lab("hemoglobin", 7, "g/dL")]))
    assert reason(verdict).startswith("the sex subgroup of a patient of another sex unknown")


def test_a_patient_of_another_sex_is_in_no_sex_subgroup_for_certain() -> None:
    """Which of "men: Hb ≥ 13, women: Hb ≥ 12" applies is not known, but neither applies is never the answer."""
    doc = document([{"any": [cmp("hemoglobin", ">=", 13, "g/dL", when=concept("male")),
                             cmp("hemoglobin", ">=", 12, "g/dL", when=concept("female"))]}])
    verdict = run(doc, patient(sex="other", observations=[lab("hemoglobin", 7, "g/dL")]))
    assert result(verdict) == "not_met"


# ---- units and normal limits


def test_relative_threshold_uses_the_caller_uln_table_when_the_lab_gives_none() -> None:
    doc = document(exclusion=[cmp("total bilirubin", ">", 1.5, "1", relative_to="ULN")])
    who = patient(observations=[lab("bilirubin", 2.0, "mg/dL")])
    verdict = run(doc, who, uln={"total bilirubin": 1.2})
    assert (result(verdict, "exc-1"), reason(verdict, "exc-1")) == (
        "met", "bilirubin 2 mg/dL = 1.667 x ULN 1.2 mg/dL > 1.5 x ULN")


def test_uln_table_in_canonical_units_applies_to_a_lab_in_other_units() -> None:
    doc = document(exclusion=[cmp("total bilirubin", ">", 1.5, "1", relative_to="ULN")])
    who = patient(observations=[lab("TBIL", 30, "umol/L")])
    assert result(run(doc, who, uln={"1975-2": 1.2}), "exc-1") == "not_met"


def test_creatinine_in_umol_per_l_is_compared_with_a_threshold_in_mg_per_dl() -> None:
    doc = document(exclusion=[cmp("serum creatinine", ">", 1.5, "mg/dL")])
    verdict = run(doc, patient(observations=[lab("creatinine", 140, "umol/L")]))
    assert (result(verdict, "exc-1"), reason(verdict, "exc-1")) == (
        "met", "creatinine 140 umol/L = 1.584 mg/dL > 1.5 mg/dL")


def test_comparison_across_dimensions_is_unknown_with_a_reason() -> None:
    verdict = run(document([PLT_LOW]), patient(observations=[lab("platelets", 150, "g/L")]))
    assert result(verdict) == "unknown"
    assert "cannot convert g/L (mass concentration) to 10*9/L" in reason(verdict)


@pytest.mark.parametrize(("value", "unit", "expected"), [(60, "1", "not_met"), (60, "%", "not_met"),
                                                        (80, "1", "met"), (80, "%", "met")])
def test_a_percentage_of_a_0_to_100_scale_is_its_points_in_the_threshold_and_the_record(
        value: float, unit: str, expected: str) -> None:
    threshold = cmp("Karnofsky performance status", ">=", 70, "%")
    verdict = run(document([threshold]), patient(observations=[lab("karnofsky", value, unit)]))
    assert result(verdict) == expected


@pytest.mark.parametrize(("value", "unit", "expected"), [(1500, "mg/g", "not_met"), (0.4, "g/g", "met"),
                                                        (0.5, "1", "unknown"), (300, "1", "unknown")])
def test_a_ratio_of_masses_a_criterion_writes_as_a_bare_number_is_grams_per_gram(
        value: float, unit: str, expected: str) -> None:
    threshold = cmp("urine protein to creatinine ratio", "<", 1.0, "1")
    verdict = run(document([threshold]), patient(observations=[lab("upcr", value, unit)]))
    assert result(verdict) == expected


def test_observation_matches_by_loinc_alone() -> None:
    reading = {"loinc": "777-3", "value": 150, "unit": "10*9/L", "date": "2025-06-30"}
    verdict = run(document([PLT_LOW]), patient(observations=[reading]))
    assert result(verdict) == "met"


def test_a_reading_older_than_the_default_limit_is_unknown_and_the_reason_shows_its_date() -> None:
    verdict = run(document([PLT_LOW]), patient(observations=[lab("platelets", 150, "10*9/L", date="2025-05-01")]))
    assert (result(verdict), "2025-05-01" in reason(verdict), "28 d" in reason(verdict)) == ("unknown", True, True)


def test_the_default_limit_can_be_raised_or_lifted() -> None:
    old = patient(observations=[lab("platelets", 150, "10*9/L", date="2025-05-01")])
    assert result(run(document([PLT_LOW]), old, max_lab_age=90)) == "met"
    assert result(run(document([PLT_LOW]), old, max_lab_age=None)) == "met"


def test_the_newest_dated_reading_is_compared_whatever_the_order_given() -> None:
    readings = [lab("platelets", 150, "10*9/L", date="2025-06-30"), lab("platelets", 90, "10*9/L", date="2025-06-20")]
    assert [result(run(document([PLT_LOW]), patient(observations=order))) for order in (readings, readings[::-1])] == [
        "met", "met"]


def test_a_dated_reading_is_compared_before_an_undated_one() -> None:
    undated = {"measure": "platelets", "value": 90, "unit": "10*9/L"}
    who = patient(observations=[undated, lab("platelets", 150, "10*9/L")])
    assert result(run(document([PLT_LOW]), who, max_lab_age=None)) == "met"


def test_of_two_readings_on_one_day_the_first_given_is_compared() -> None:
    who = patient(observations=[lab("platelets", 90, "10*9/L"), lab("platelets", 150, "10*9/L")])
    assert result(run(document([PLT_LOW]), who)) == "not_met"


def test_an_undated_reading_cannot_be_shown_current() -> None:
    verdict = run(document([PLT_LOW]), patient(observations=[{"measure": "platelets", "value": 150, "unit": "10*9/L"}]))
    assert (result(verdict), "no date" in reason(verdict)) == ("unknown", True)


# ---- concepts and windows


def test_concept_window_is_measured_from_the_as_of_argument() -> None:
    doc = document(exclusion=[concept("radiotherapy", category="treatment", within=window("<=", 6, "mo"))])
    who = patient(treatments=[{"concept": "radiotherapy", "start": "2025-01-01", "end": "2025-02-01"}])
    assert [result(run(doc, who, as_of=dt.date(day[0], day[1], 1)), "exc-1") for day in ((2025, 7), (2025, 9))] == [
        "met", "not_met"]


def test_window_anchored_after_enrollment_is_unknown() -> None:
    doc = document([concept("contraceptive use", within=window("<=", 6, "mo", "after the last administration"))])
    verdict = run(doc, patient(treatments=[], conditions=[]))
    assert (result(verdict), "after screening" in reason(verdict)) == ("unknown", True)


def test_at_least_window_is_judged_on_the_latest_event() -> None:
    doc = document([concept("chemotherapy", category="treatment", within=window(">=", 4, "wk"))])
    who = patient(treatments=[{"concept": "chemotherapy", "start": "2024-01-01", "end": "2024-03-01"},
                              {"concept": "chemotherapy", "start": "2025-06-01", "end": "2025-06-20"}])
    assert result(run(doc, who)) == "not_met"


def test_concept_matches_condition_codes() -> None:
    doc = document(exclusion=[concept("hepatitis B", codes=["B18.1"])])
    who = patient(conditions=[{"concept": "chronic viral hepatitis", "codes": ["B18.1"]}])
    assert result(run(doc, who), "exc-1") == "met"


def test_concepts_of_one_text_with_other_codes_are_each_answered_by_their_own_codes() -> None:
    doc = document(exclusion=[concept("hepatitis B infection", codes=["B18.1"]), concept("hepatitis B infection")])
    who = patient(conditions=[{"concept": "chronic viral hepatitis", "codes": ["B18.1"]}], treatments=[])
    verdict = run(doc, who)
    # by name alone, "chronic viral hepatitis" (which the vocabulary cannot classify) may be hepatitis B: unknown
    assert (result(verdict, "exc-1"), result(verdict, "exc-2")) == ("met", "unknown")


def test_concepts_of_one_text_in_other_categories_are_each_looked_up_where_their_category_says() -> None:
    doc = document(exclusion=[concept("radiotherapy", category=category) for category in ("treatment", "condition")])
    verdict = run(doc, patient(conditions=[], treatments=[{"concept": "radiotherapy", "start": "2025-01-01"}]))
    assert (result(verdict, "exc-1"), result(verdict, "exc-2")) == ("met", "not_met")


def test_a_concept_of_one_sex_is_not_answered_by_a_concept_of_the_other() -> None:
    doc = document([{"any": [concept("women", category="sex"), concept("men", category="sex")]}])
    assert result(run(doc, patient(sex="male"))) == "met"


def test_inactive_condition_without_window_needs_review() -> None:
    doc = document(exclusion=[concept("liver metastasis", category="condition")])
    verdict = run(doc, patient(conditions=[{"concept": "liver metastasis", "active": False}]))
    assert result(verdict, "exc-1") == "unknown"


def test_laboratory_concept_alone_is_left_to_review() -> None:
    doc = document([concept("organ function", category="laboratory", within=window("<=", 7, "d"))])
    assert result(run(doc, patient(conditions=[], treatments=[]))) == "unknown"


def test_window_without_any_as_of_date_is_unknown() -> None:
    doc = document(exclusion=[concept("radiotherapy", within=window("<=", 6, "mo"))])
    who = Patient.model_validate({"treatments": [{"concept": "radiotherapy", "start": "2025-01-01"}]})
    assert result(run(doc, who), "exc-1") == "unknown"


# ---- the concept table: synonyms, narrower and broader terms


def treated_with(name: str) -> Patient:
    return patient(treatments=[{"concept": name, "start": "2024-01-01", "end": "2024-06-01"}], conditions=[])


def diagnosed_with(name: str) -> Patient:
    return patient(conditions=[{"concept": name, "date": "2024-01-01"}], treatments=[])


def test_record_of_a_kind_of_therapy_satisfies_a_criterion_naming_a_broader_term() -> None:
    doc = document([concept("system therapy", category="treatment")])
    assert result(run(doc, treated_with("FOLFOX chemotherapy"))) == "met"


def test_record_of_a_synonym_satisfies_a_criterion_naming_another_synonym() -> None:
    doc = document([concept("radiation therapy", category="treatment")])
    assert result(run(doc, treated_with("irradiation"))) == "met"


def test_record_of_a_narrower_term_satisfies_a_criterion_naming_the_concept() -> None:
    doc = document(exclusion=[concept("metastasis", category="condition")])
    assert result(run(doc, diagnosed_with("liver metastases")), "exc-1") == "met"


def test_record_of_a_broader_therapy_does_not_satisfy_a_criterion_naming_a_kind_of_it() -> None:
    doc = document([concept("chemotherapy", category="treatment")])
    assert result(run(doc, treated_with("systemic therapy"))) == "unknown"  # it may have been chemotherapy


def test_record_of_the_broader_concept_leaves_a_narrower_criterion_unknown() -> None:
    doc = document(exclusion=[concept("liver metastasis", category="condition")])
    verdict = run(doc, diagnosed_with("metastatic disease"))
    assert (result(verdict, "exc-1"), "does not say which kind" in reason(verdict, "exc-1")) == ("unknown", True)


def test_record_of_the_broader_concept_outside_the_window_cannot_be_the_narrower_one_within_it() -> None:
    """A surgery two years ago is no major surgery in the last 4 weeks, whichever kind it was."""
    doc = document(exclusion=[concept("major surgery", category="treatment", within=window("<=", 4, "wk"))])
    long_ago, recent = ({"concept": "surgery", "start": day, "end": day} for day in ("2023-06-01", "2025-06-25"))
    assert [result(run(doc, patient(treatments=[entry])), "exc-1") for entry in (long_ago, recent)] == [
        "not_met", "unknown"]


def test_record_of_the_broader_concept_ended_before_a_washout_has_waited_it_out_whichever_it_was() -> None:
    washout = {"op": ">=", "value": 4, "unit": "wk", "anchor": "since major surgery", "since_last": True,
               "text": "at least 4 weeks", "span": [0, 9]}
    doc = document([concept("major surgery", category="treatment", within=washout)])
    long_ago, recent = ({"concept": "surgery", "start": day, "end": day} for day in ("2024-06-01", "2025-06-25"))
    assert [result(run(doc, patient(treatments=[entry]))) for entry in (long_ago, recent)] == ["met", "unknown"]


def test_record_of_another_kind_does_not_satisfy_a_narrower_criterion() -> None:
    doc = document(exclusion=[concept("unstable angina", category="condition")])
    # not met either: the table does not say its narrower terms exclude one another ("resection", "major surgery");
    # only terms naming different organs do ("liver metastasis" is no "brain metastasis": test_screen_unclassified)
    assert result(run(doc, diagnosed_with("myocardial infarction")), "exc-1") == "unknown"


# ---- documents, batches, output


def test_other_major_schema_version_is_a_typed_error() -> None:
    with pytest.raises(UnsupportedSchemaVersion, match="'2.0.0' is not supported"):
        run(document([PLT_LOW], schema_version="2.0.0"), patient())


def test_other_schema_version_is_reported_before_the_shape() -> None:
    raw = json.dumps(document([PLT_LOW], schema_version="2.0.0", renamed_field=True))
    with pytest.raises(UnsupportedSchemaVersion):
        criteria_from_json(raw)


def test_criteria_that_are_not_json_are_a_parse_error() -> None:
    with pytest.raises(MalformedCriteria, match="not JSON") as raised:
        criteria_from_json("{inclusion: ")
    assert isinstance(raised.value, ParseError)


def test_criteria_schema_failure_names_the_field() -> None:
    doc = document([cmp("platelet count", "=>", 100, "10*9/L")])
    with pytest.raises(MalformedCriteria, match=r"field inclusion\.0\.expr\.comparison\.op"):
        criteria_from_json(json.dumps(doc))


def test_screen_many_returns_one_verdict_per_patient_in_order() -> None:
    patients = [patient(observations=[lab("PLT", value, "10*9/L")]) for value in (50, 150)]
    assert [v.verdict for v in screen_many(Criteria.model_validate(document([PLT_LOW])), patients)] == [
        "ineligible", "eligible"]


def test_screen_many_rejects_a_bad_document_before_any_patient() -> None:
    with pytest.raises(UnsupportedSchemaVersion):
        screen_many(Criteria.model_validate(document([PLT_LOW], schema_version="9.0")), iter(()))


def test_verdict_serialises_to_the_documented_json() -> None:
    verdict = run(document([PLT_LOW]), patient(observations=[lab("PLT", 150, "10*9/L")]))
    assert json.loads(verdict.model_dump_json()) == {
        "nct_id": "NCT00000000", "patient_id": None, "verdict": "eligible", "as_of": AS_OF, "deciding": [],
        "to_confirm": [], "flags": [],
        "criteria": [{"id": "inc-1", "section": "inclusion", "result": "met", "computed": False,
                      "coverage": "full", "reason": "PLT 150 10*9/L >= 100 10*9/L"}]}


def test_verdict_carries_the_patients_flags() -> None:
    verdict = run(document([PLT_LOW]), patient(observations=[lab("PLT", 1e6, "10*9/L")]))
    assert [flag.field for flag in verdict.flags] == ["observations.0.value"]


def test_verdict_is_the_model_its_json_validates_to() -> None:
    verdict = run(document([PLT_LOW]), patient(observations=[lab("PLT", 1e6, "10*9/L")]))
    again = Verdict.model_validate_json(verdict.model_dump_json())
    assert (verdict, verdict.model_fields_set, verdict.model_extra) == (again, again.model_fields_set, None)


def test_patients_with_the_same_record_names_but_other_activity_get_their_own_outcome() -> None:
    doc = Criteria.model_validate(document(exclusion=[concept("liver metastasis", category="condition")]))
    active, resolved = (patient(conditions=[{"concept": "liver metastasis", "active": state}])
                        for state in (True, False))
    assert [result(v, "exc-1") for v in screen_many(doc, [active, resolved, active])] == ["met", "unknown", "met"]


def test_flagged_observation_after_plausible_ones_is_set_aside_and_they_are_still_used() -> None:
    who = patient(observations=[lab("ANC", 2.0, "10*9/L"), lab("PLT", 1e6, "10*9/L")])
    verdict = run(document([PLT_LOW, ANC_LOW]), who)
    assert (result(verdict, "inc-1"), result(verdict, "inc-2")) == ("unknown", "met")
    assert reason(verdict, "inc-1").startswith("PLT not used: platelet count 1e+06")


def test_patients_with_the_same_record_but_other_dates_get_their_own_window_outcome() -> None:
    doc = Criteria.model_validate(document(
        exclusion=[concept("radiotherapy", category="treatment", within=window("<=", 6, "mo"))]))
    def treated(end: str, as_of: str = AS_OF) -> Patient:
        return patient(as_of=as_of, treatments=[{"concept": "radiotherapy", "start": "2024-01-01", "end": end}])
    who = [treated("2025-02-01"), treated("2024-02-01"), treated("2025-02-01", "2025-12-01"), treated("2025-02-01")]
    assert [result(v, "exc-1") for v in screen_many(doc, who)] == ["met", "not_met", "not_met", "met"]


def test_one_patients_facts_screened_against_two_trials_give_each_its_own_answer_to_a_concept_of_one_text() -> None:
    coded, named = (json.dumps(document(exclusion=[concept("hepatitis B infection", **codes)]))
                    for codes in ({"codes": ["B18.1"]}, {}))
    facts = patient_facts(patient(conditions=[{"concept": "chronic viral hepatitis", "codes": ["B18.1"]}],
                                  treatments=[]))
    trials = CompiledCriteria()
    assert [trials.trial(doc).screen(facts, DEFAULT_MAX_LAB_AGE).verdict for doc in (coded, named, coded)] == [
        "ineligible", "needs_review", "ineligible"]  # by name alone the record may be hepatitis B


def test_relative_threshold_without_the_labs_own_limit_or_a_table_is_unknown() -> None:
    doc = document(exclusion=[cmp("alanine aminotransferase", ">", 2.5, "1", relative_to="ULN")])
    verdict = run(doc, patient(observations=[lab("ALT", 120, "U/L")]))
    assert (result(verdict, "exc-1"), reason(verdict, "exc-1")) == ("unknown", "ALT 120 U/L has no ULN to compare with")


@pytest.mark.parametrize(("criterion", "recorded"), [("human immunodeficiency virus", "HIV infection"),
                                                      ("HIV", "human immunodeficiency virus"),
                                                      ("angina pectoris", "stable angina")])
def test_a_record_naming_a_kind_in_another_spelling_meets_the_kind(criterion, recorded) -> None:
    doc = document(exclusion=[concept(criterion, category="condition")])
    verdict = run(doc, patient(conditions=[{"concept": recorded, "active": True}]))
    assert result(verdict, "exc-1") == "met"


def _listed(section: str, join: str, *items: dict[str, Any]) -> dict[str, Any]:
    lead = {"id": f"{section[:3]}-1", "text": "one of the following:", "span": [0, 21], "coverage": "none",
            "sub_items": join}
    children = [{"id": f"{section[:3]}-1.{i}", "text": "item", "span": [0, 4], "parent": f"{section[:3]}-1",
                 "expr": expr, "coverage": "full"} for i, expr in enumerate(items, 1)]
    doc = document()
    doc[section] = [lead, *children]
    return doc


ONE_OF = _listed("inclusion", "any", cmp("age", ">=", 65, "a"), cmp("LVEF", "<", 40, "%"))


@pytest.mark.parametrize(("lvef", "expected"), [(30, "eligible"), (50, "ineligible")])
def test_sub_items_of_a_lead_saying_any_one_of_them_pass_the_patient_together(lvef, expected) -> None:
    who = patient(birth_date="1975-01-01", observations=[lab("LVEF", lvef, "%")])
    assert run(ONE_OF, who).verdict == expected


def test_sub_items_of_a_lead_saying_any_one_of_them_ask_a_person_when_none_passes_and_one_is_unknown() -> None:
    verdict = run(ONE_OF, patient(birth_date="1975-01-01"))
    assert (verdict.verdict, verdict.deciding) == ("needs_review", ["inc-1.1", "inc-1.2"])


@pytest.mark.parametrize(("bmi", "expected"), [(25, "eligible"), (35, "ineligible")])
def test_sub_items_of_an_exclusion_saying_all_of_them_exclude_together(bmi, expected) -> None:
    doc = _listed("exclusion", "all", cmp("age", ">=", 60, "a"), cmp("BMI", ">", 30, "kg/m2"))
    who = patient(birth_date="1950-01-01", observations=[lab("BMI", bmi, "kg/m2")])
    assert run(doc, who).verdict == expected


def test_a_leads_own_count_of_one_is_its_any_and_decides_nothing() -> None:
    doc = _listed("inclusion", "any", cmp("age", ">=", 65, "a"), cmp("LVEF", "<", 40, "%"))
    doc["inclusion"][0] |= {"expr": cmp("criteria", ">=", 1, "1"), "coverage": "partial"}
    who = patient(birth_date="1975-01-01", observations=[lab("LVEF", 30, "%")])
    assert run(doc, who).verdict == "eligible"


def test_a_lead_with_words_of_its_own_still_asks_a_person() -> None:
    doc = _listed("inclusion", "any", cmp("age", ">=", 65, "a"), cmp("LVEF", "<", 40, "%"))
    doc["inclusion"][0]["text"] = "Histologically confirmed heart failure meeting one of the following:"
    who = patient(birth_date="1975-01-01", observations=[lab("LVEF", 30, "%")])
    assert (run(doc, who).verdict, run(doc, who).deciding) == ("needs_review", ["inc-1"])


@pytest.mark.parametrize(("conditions", "expected"), [([], "not_met"),
                                                      ([{"concept": "Gilbert's syndrome", "active": True}], "met")])
def test_gilbert_syndrome_is_a_condition_a_complete_record_settles(conditions: list[Any], expected: str) -> None:
    """"(≤ 3 × ULN in patients with Gilbert syndrome)": a record of conditions without it holds the patient to the
    first limit; one naming it, to the wider."""
    text = "Inclusion Criteria:\n\n  -  Total bilirubin ≤ 1.5 × ULN (≤ 3 × ULN in patients with Gilbert syndrome)"
    who = patient(sex="male", age={"value": 50, "unit": "a"}, conditions=conditions,
                  observations=[lab("total bilirubin", 2.5, "mg/dL", uln=1.0)])
    assert result(screen(parse_criteria(text), who)) == expected


@pytest.mark.parametrize(("conditions", "expected"), [([], "not_met"),
                                                      ([{"concept": "liver metastases", "active": True}], "met")])
def test_hepatic_involvement_is_the_liver_metastases_a_record_names(conditions: list[Any], expected: str) -> None:
    """"(≤ 5 × ULN if hepatic involvement)": tumour in the liver, which a record names as liver metastases."""
    text = "Inclusion Criteria:\n\n  -  ALT ≤ 2.5 × ULN (≤ 5 × ULN if hepatic involvement)"
    who = patient(sex="male", age={"value": 50, "unit": "a"}, conditions=conditions,
                  observations=[lab("ALT", 160, "U/L", uln=40)])
    assert result(screen(parse_criteria(text), who)) == expected
