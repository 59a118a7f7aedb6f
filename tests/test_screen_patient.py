"""The patient document: validation that names the field, unit spellings, flags for absurd values and dates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parser.errors import InvalidPatient, ParseError
from parser.models.patient import Patient, patient_json_schema
from parser.screen.intake import patient_from_json
from parser.screen.plausibility import patient_flags
from parser.vocabulary.measure_ranges import plausible_range


def load(**fields: Any) -> Patient:
    return patient_from_json(json.dumps({"as_of": "2025-07-01", **fields}))


def lab(**fields: Any) -> dict[str, Any]:
    return {"measure": "platelets", "value": 150, "unit": "10*9/L", "date": "2025-06-30", **fields}


def flagged(who: Patient) -> list[tuple[str, str]]:
    return [(flag.field, flag.message) for flag in patient_flags(who)]


def test_issue_example_patient_is_valid() -> None:
    who = patient_from_json(json.dumps({
        "as_of": "2025-07-01", "birth_date": "1960-05-01", "sex": "female", "weight": {"value": 60, "unit": "kg"},
        "ecog": 1, "observations": [{"measure": "platelets", "loinc": "777-3", "value": 90, "unit": "10*9/L",
                                     "uln": None, "lln": None, "date": "2025-06-28"}],
        "conditions": [{"concept": "liver metastasis", "codes": [], "date": "2024-11-01", "active": True}],
        "treatments": [{"concept": "radiotherapy", "start": "2025-01-10", "end": "2025-02-01"}],
        "pregnant": False, "lactating": False}))
    assert (who.observations[0].value, who.conditions[0].concept, flagged(who)) == (90, "liver metastasis", [])


def test_not_json_is_a_parse_error_in_one_line() -> None:
    with pytest.raises(InvalidPatient, match="^patient is not JSON: ") as raised:
        patient_from_json("{'as_of': 2025}")
    assert isinstance(raised.value, ParseError) and "\n" not in str(raised.value)


def test_schema_failure_names_the_field() -> None:
    with pytest.raises(InvalidPatient, match=r"^patient field ecog: Input should be less than or equal to 5$"):
        load(ecog=7)


def test_misspelt_field_is_named_not_ignored() -> None:
    with pytest.raises(InvalidPatient, match=r"field observations\.0\.valeu: Extra inputs are not permitted"):
        load(observations=[{"measure": "platelets", "valeu": 150, "value": 150, "unit": "10*9/L"}])


def test_unknown_unit_fails_naming_field_and_unit() -> None:
    with pytest.raises(InvalidPatient, match=r"field observations\.0\.unit: unknown unit 'furlongs/L'"):
        load(observations=[lab(unit="furlongs/L")])


def test_unit_spellings_are_normalised_to_ucum() -> None:
    who = load(observations=[lab(unit="10*9/l"), lab(measure="creatinine", value=1.1, unit="mg / dl")])
    assert [obs.unit for obs in who.observations] == ["10*9/L", "mg/dL"]


def test_observation_needs_a_measure_or_a_loinc() -> None:
    with pytest.raises(InvalidPatient, match="an observation needs a measure or a loinc"):
        load(observations=[{"value": 150, "unit": "10*9/L"}])


def test_birth_date_and_age_together_are_rejected() -> None:
    with pytest.raises(InvalidPatient, match="give birth_date or age, not both"):
        load(birth_date="1960-01-01", age={"value": 65, "unit": "a"})


def test_age_in_a_unit_that_is_not_time_is_rejected() -> None:
    with pytest.raises(InvalidPatient, match="age unit 'kg' is not a unit of time"):
        load(age={"value": 65, "unit": "kg"})


def test_not_a_number_is_rejected() -> None:
    with pytest.raises(InvalidPatient, match=r"field observations\.0\.value"):
        patient_from_json('{"observations": [{"measure": "platelets", "value": NaN, "unit": "10*9/L"}]}')


def test_absurd_platelet_count_is_flagged() -> None:
    assert flagged(load(observations=[lab(value=1e6)])) == [
        ("observations.0.value", "platelet count 1e+06 10*9/L is outside the plausible 0-5000 10*9/L")]


def test_plausibility_is_judged_after_unit_conversion() -> None:
    assert flagged(load(observations=[lab(value=150000, unit="/mm3")])) == []


def test_age_of_300_is_flagged() -> None:
    assert flagged(load(age={"value": 300, "unit": "a"})) == [("age", "age 300 a is outside the plausible 0-130 a")]


def test_negative_weight_is_flagged() -> None:
    assert [field for field, _ in flagged(load(weight={"value": -60, "unit": "kg"}))] == ["weight"]


def test_dates_after_as_of_are_flagged_by_field() -> None:
    who = load(observations=[lab(date="2025-07-02")],
               treatments=[{"concept": "radiotherapy", "start": "2025-06-01", "end": "2025-08-01"}])
    assert flagged(who) == [("observations.0.date", "2025-07-02 is after as_of 2025-07-01"),
                            ("treatments.0.end", "2025-08-01 is after as_of 2025-07-01")]


def test_treatment_ending_before_it_starts_is_flagged() -> None:
    who = load(treatments=[{"concept": "radiotherapy", "start": "2025-03-01", "end": "2025-02-01"}])
    assert flagged(who) == [("treatments.0.end", "ends 2025-02-01 before it starts 2025-03-01")]


def test_observations_can_be_left_out_of_the_flags_by_a_caller_that_checked_them() -> None:
    who = load(weight={"value": -60, "unit": "kg"}, observations=[lab(value=1e6, date="2025-07-02")])
    assert [field for field, _ in flagged(who)] == ["weight", "observations.0.value", "observations.0.date"]
    assert [flag.field for flag in patient_flags(who, skip_observations=True)] == ["weight"]


def test_plausible_range_is_in_the_observations_unit() -> None:
    assert plausible_range("platelets", None, "/mm3") == (0, 5_000_000)


def test_observation_of_a_measure_the_lexicon_does_not_know_is_unbounded() -> None:
    assert plausible_range("favourite number", None, "1") == (float("-inf"), float("inf"))


def test_json_schema_is_generated_from_the_model() -> None:
    schema = patient_json_schema()
    assert (schema["title"], schema["additionalProperties"], schema["$defs"]["Observation"]["required"]) == (
        "Patient", False, ["value", "unit"])


@pytest.mark.parametrize(("written", "code"), [
    ("10^9/L", "10*9/L"), ("x10^9/L", "10*9/L"), ("x 10^3/uL", "10*3/uL"), ("K/uL", "10*3/uL"),
    ("/mm3", "/mm3"), ("cells/mm3", "/mm3"), ("mg/dl", "mg/dL"), ("{cells}/uL", "/uL"), ("mL / kg / h", "mL/kg/h"),
    ("x10^4/uL", "10*4/uL"),
])
def test_units_as_clinicians_write_them_are_read_with_the_engines_grammar(written, code) -> None:
    assert load(observations=[lab(unit=written)]).observations[0].unit == code


def test_an_annotation_alone_is_a_ratio_not_an_error() -> None:
    assert load(observations=[lab(measure="INR", value=1.1, unit="{INR}")]).observations[0].unit == "1"


def test_a_known_divisor_does_not_rescue_an_unknown_numerator() -> None:
    with pytest.raises(InvalidPatient, match="unknown unit 'furlongs/L'"):
        load(observations=[lab(unit="furlongs/L")])


def test_a_lab_age_limit_given_as_a_whole_number_of_days_screens_an_undated_reading():
    from parser.models.criteria import Criteria
    from parser.models.patient import Patient
    from parser.screen import screen

    criteria = Criteria.model_validate_json(open("extracted/NCT05628038/criteria.json", encoding="utf-8").read())
    reading = {"measure": "PLT", "value": 150, "unit": "10*9/L"}
    patient = Patient.model_validate({"as_of": "2025-07-01", "observations": [reading]})
    verdict = screen(criteria, patient, max_lab_age=10)
    assert verdict.verdict == "needs_review"
