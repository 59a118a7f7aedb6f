"""Criteria that count lesions or metastatic organs are screened against the patient's lesions.

Each criterion is parsed by the engine from a text written for the test. A `lesions` list is the complete
record of the latest imaging; left out, every count is unknown.
"""

from __future__ import annotations

from typing import Any

from parser.criteria import parse_criteria
from parser.models.criteria import Criteria
from parser.models.patient import Patient
from parser.screen import screen

OLIGOMETASTATIC = ("Inclusion Criteria:\n\n  -  No more than 4 distant metastatic lesions and no more than "
                   "2 metastatic organs")
MEASURABLE_LIVER = "Inclusion Criteria:\n\n  -  At least 1 measurable liver lesion"


def _verdict(text: str, lesions: list[dict[str, Any]] | None) -> tuple[str, str]:
    verdict = screen(parse_criteria(text), Patient.model_validate({"as_of": "2025-07-01", "lesions": lesions}))
    return verdict.verdict, verdict.criteria[0].reason


def _distant(*sites: str) -> list[dict[str, Any]]:
    return [{"site": site, "distant": True} for site in sites]


def test_distant_lesions_within_the_counts_meet_them():
    assert _verdict(OLIGOMETASTATIC, _distant("liver", "liver", "lung"))[0] == "eligible"


def test_one_distant_lesion_too_many_fails_the_count():
    verdict, reason = _verdict(OLIGOMETASTATIC, _distant("liver", "liver", "liver", "lung", "lung"))
    assert verdict == "ineligible" and "5 not <= 4" in reason


def test_metastatic_organs_are_counted_once_each():
    verdict, reason = _verdict(OLIGOMETASTATIC, _distant("liver", "hepatic", "lung", "bone"))
    assert verdict == "ineligible" and "3 not <= 2" in reason


def test_a_local_recurrence_is_not_a_distant_lesion():
    lesions = [{"site": "pelvis", "distant": False}, *_distant("lung")]
    assert _verdict(OLIGOMETASTATIC, lesions)[0] == "eligible"


def test_lesions_not_recorded_leave_a_count_unknown():
    verdict, reason = _verdict(OLIGOMETASTATIC, None)
    assert verdict == "needs_review" and "lesions not recorded" in reason


def test_a_lesion_that_does_not_say_whether_it_is_distant_leaves_the_count_unknown():
    verdict, reason = _verdict(OLIGOMETASTATIC, [{"site": "liver"}])
    assert verdict == "needs_review" and "is distant is not recorded" in reason


def test_a_measurable_lesion_at_the_named_site_meets_a_measurable_disease_criterion():
    assert _verdict(MEASURABLE_LIVER, [{"site": "liver", "distant": True, "measurable": True}])[0] == "eligible"


def test_a_measurable_lesion_elsewhere_does_not_meet_a_site_specific_criterion():
    assert _verdict(MEASURABLE_LIVER, [{"site": "lung", "distant": True, "measurable": True}])[0] == "ineligible"


def test_an_explicitly_empty_lesion_list_means_no_lesions():
    verdict, reason = _verdict(MEASURABLE_LIVER, [])
    assert verdict == "ineligible" and "0 not >= 1" in reason


def test_a_count_whose_name_has_other_words_is_not_taken_from_the_lesions():
    text = "Inclusion Criteria:\n\n  -  At least 1 target lesion"
    verdict, reason = _verdict(text, [{"site": "liver", "distant": True, "measurable": True}])
    assert verdict == "needs_review" and reason == "no target lesion recorded"


CORD = ("Exclusion Criteria:\n\n  -  Radiographic evidence of cord compression, or a tumour within 2 mm of the "
        "spinal cord")


def _cord(lesions: list[dict[str, Any]] | None, observations: list[dict[str, Any]] | None = None) -> tuple[str, str]:
    patient = {"as_of": "2025-07-01", "conditions": [], "lesions": lesions, "observations": observations or []}
    verdict = screen(parse_criteria(CORD), Patient.model_validate(patient))
    return verdict.verdict, verdict.criteria[0].reason


def test_lesions_only_in_organs_far_from_the_spinal_cord_are_not_within_millimetres_of_it():
    verdict, reason = _cord([{"site": "liver", "distant": True}, {"site": "pelvic", "distant": False}])
    assert verdict == "eligible" and "no tumour near the spinal cord (2 lesions recorded: liver, pelvis)" in reason


def test_a_bone_lesion_may_lie_against_the_spinal_cord():
    assert _cord([{"site": "bone", "distant": True}])[0] == "needs_review"


def test_a_lesion_in_an_organ_the_table_does_not_know_leaves_the_distance_unknown():
    assert _cord([{"site": "mediastinum", "distant": True}])[0] == "needs_review"


def test_lesions_not_recorded_leave_the_distance_unknown():
    assert _cord(None)[0] == "needs_review"


def test_a_recorded_distance_is_used_before_the_lesions():
    reading = {"measure": "distance of tumour to the spinal cord", "value": 1, "unit": "mm", "date": "2025-06-20"}
    assert _cord([{"site": "liver", "distant": True}], [reading])[0] == "ineligible"


def test_a_distance_reaching_beyond_a_centimetre_is_not_settled_by_organs():
    text = "Exclusion Criteria:\n\n  -  Tumour within 3 cm of the spinal cord"
    patient = Patient.model_validate({"as_of": "2025-07-01", "lesions": [{"site": "liver", "distant": True}]})
    assert screen(parse_criteria(text), patient).verdict == "needs_review"


def test_an_empty_lesion_list_has_no_tumour_near_the_spinal_cord():
    assert _cord([])[0] == "eligible"


def test_a_tumour_required_beyond_a_distance_is_there_when_every_lesion_is_far():
    beyond = {"type": "comparison", "measure": "distance of tumour to the optic chiasm", "op": ">", "value": 5,
              "unit": "mm", "text": "more than 5 mm from the optic chiasm", "span": [0, 36]}
    item = {"id": "inc-1", "text": "x", "span": [0, 1], "expr": beyond, "coverage": "full"}
    criteria = Criteria.model_validate({"nct_id": None, "inclusion": [item], "exclusion": [],
                                        "source": {"format": "test", "sha256": "0", "parser_version": "test"}})
    patient = Patient.model_validate({"as_of": "2025-07-01", "lesions": [{"site": "liver", "distant": True}]})
    assert screen(criteria, patient).verdict == "eligible"


def test_a_distance_of_anything_but_tumours_is_not_settled_by_the_lesions():
    text = "Exclusion Criteria:\n\n  -  Prior radiotherapy within 5 mm of the spinal cord"
    patient = Patient.model_validate({"as_of": "2025-07-01", "lesions": [{"site": "liver", "distant": True}],
                                      "treatments": []})
    assert screen(parse_criteria(text), patient).verdict == "needs_review"
