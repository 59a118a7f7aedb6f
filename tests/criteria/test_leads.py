"""How a lead to a list bears on the items under it (`parser.criteria.leads`, `lexicon.lead_reading`): an item
read alone says what it names, and the lead may deny it or leave how it bears to a person."""

from __future__ import annotations

import pytest

from parser.models.criteria import Comparison, Concept, Criterion, Not
from parser.models.walk import iter_nodes


def _items(parse, lead: str, items: list[str], section: str = "inclusion") -> list[Criterion]:
    heading = "Inclusion Criteria" if section == "inclusion" else "Exclusion Criteria"
    listed = "".join(f"\n  - {item}" for item in items)
    return getattr(parse(f"{heading}:\n- {lead}{listed}"), section)[1:]


def _denied(criterion: Criterion) -> bool:
    return isinstance(criterion.expr, Not) or (isinstance(criterion.expr, Concept) and criterion.expr.negated)


@pytest.mark.parametrize("lead", ["No history of any of the following:",
                                  "Patients must not have any of the following conditions:",
                                  "None of the following:",
                                  "No significant heart disease, including, but not limited to, any of the following:"])
def test_a_lead_opening_with_a_denial_denies_each_item_of_an_inclusion(parse, lead):
    items = _items(parse, lead, ["Stroke", "Myocardial infarction"])
    assert [_denied(item) for item in items] == [True, True]


@pytest.mark.parametrize("threshold", ["Platelets ≥ 100,000/mm3", "QTc > 480 ms"])
def test_a_threshold_under_a_denying_lead_is_for_a_person(parse, threshold):
    """It may be the requirement the lead restates ("No clinically significant abnormalities, defined as: …")."""
    (item,) = _items(parse, "No clinically significant abnormalities, defined as:", [threshold])
    assert (item.rest, _denied(item), isinstance(item.expr, Comparison)) == ("unknown", False, True)


def test_an_item_of_a_denying_lead_with_a_requirement_of_its_own_is_for_a_person(parse):
    (item,) = _items(parse, "Patients must not have any of the following:",
                     ["Active infection; antibiotics completed at least 14 days before the first dose"])
    assert (item.rest, _denied(item)) == ("unknown", False)


def test_the_items_of_an_item_of_a_denying_lead_are_denied_too(parse):
    document = parse("Inclusion Criteria:\n- No history of any of the following:\n  - Heart disease, including:\n"
                     "    - Myocardial infarction")
    assert [_denied(item) for item in document.inclusion[1:]] == [True, True]


def test_a_narrowing_word_of_a_denied_item_widens_its_denial(parse):
    (item,) = _items(parse, "No history of any of the following:", ["Severe heart failure"])
    assert (item.rest, _denied(item)) == ("alternative", True)


@pytest.mark.parametrize("lead", ["No other hormonal therapy except the following:",
                                  "No prior therapy, with the exception of:",
                                  "No proteinuria, as demonstrated by either of the following:",
                                  "Patients with more than 2 of the following risk factors are not eligible:",
                                  "Unable to receive chemotherapy based on one of the following:"])
def test_a_lead_setting_its_items_apart_otherwise_leaves_them_to_a_person(parse, lead):
    items = _items(parse, lead, ["Stroke", "Hemoglobin < 9 g/dL"])
    assert [(item.rest, _denied(item)) for item in items] == [("unknown", False), ("unknown", False)]


def test_an_item_wording_a_permission_under_a_denying_lead_is_for_a_person(parse):
    items = _items(parse, "None of the following:", ["Prior tamoxifen allowed", "Myocardial infarction"])
    assert [(item.rest == "unknown", _denied(item)) for item in items] == [(True, False), (False, True)]


def test_a_denying_lead_with_a_window_leaves_its_undated_items_to_a_person(parse):
    items = _items(parse, "No treatment with any of the following within 4 weeks before enrollment:",
                   ["Tamoxifen", "Radiotherapy"])
    assert [(item.rest, _denied(item)) for item in items] == [("unknown", False), ("unknown", False)]


@pytest.mark.parametrize("lead", ["Adequate hematologic function as evidenced by the following:",
                                  "Adequate laboratory values no more than 14 days before registration:",
                                  "Any of the following:"])
def test_a_lead_without_a_denial_leaves_its_items_as_they_read(parse, lead):
    (item,) = _items(parse, lead, ["Hemoglobin ≥ 9 g/dL"])
    assert (item.coverage, _denied(item)) == ("full", False)


@pytest.mark.parametrize("lead", ["Subjects who meet any of the following criteria are not eligible:",
                                  "Concomitant conditions (non exhaustive list):"])
def test_an_exclusion_lead_restating_that_its_items_exclude_leaves_them_as_they_read(parse, lead):
    (item,) = _items(parse, lead, ["Hemoglobin < 9 g/dL"], section="exclusion")
    assert (item.coverage, _denied(item)) == ("full", False)


def test_a_denial_opening_an_exclusion_lead_restates_that_its_items_exclude(parse):
    (item,) = _items(parse, "Patients must not have any of the following conditions:", ["Unstable angina"],
                     section="exclusion")
    assert (item.rest, _denied(item)) == ("qualifier", False)


def test_with_or_without_in_a_lead_denies_nothing(parse):
    (item,) = _items(parse, "Measurable disease, with or without prior surgery, and one of the following:",
                     ["Hemoglobin ≥ 9 g/dL"])
    assert (item.coverage, _denied(item)) == ("full", False)


def test_remarks_indented_under_a_denial_are_not_denied(parse):
    (item,) = _items(parse, "No prior chemotherapy", ["At least 4 weeks since prior radiotherapy"])
    assert not _denied(item)
    assert any(isinstance(node, Concept) and node.within is not None for node in iter_nodes(item.expr))


def test_the_items_of_a_lead_letting_them_pass_are_for_a_person(parse):
    items = _items(parse, "The following prior therapies are allowed provided lesions stay separate:",
                   ["Surgery", "Radiotherapy"])
    assert [(item.rest, _denied(item)) for item in items] == [("unknown", False), ("unknown", False)]


@pytest.mark.parametrize("lead", ["Any of the following is not allowed:", "The following will not be permitted:"])
def test_a_lead_denying_permission_leaves_its_items_as_they_read(parse, lead):
    items = _items(parse, lead, ["Warfarin"], "exclusion")
    assert [item.rest for item in items] != ["unknown"]


def _bare_measures(parse, lead: str, item: str, section: str = "inclusion") -> list[str]:
    heading = "Inclusion Criteria" if section == "inclusion" else "Exclusion Criteria"
    document = parse(f"{heading}:\n- {lead}\n  - {item}")
    (criterion,) = [c for c in [*document.inclusion, *document.exclusion] if c.text == item]  # in either section
    return [node.measure for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]


@pytest.mark.parametrize(("lead", "item", "measure"), [
    ("Retinal drusen may be numerous, but the total drusen area must be:", "at least 2.5 mm2", "total drusen area"),
    ("Target tumour that is any of the following:", "> 3 cm in any dimension", "Target tumour"),
    ("Patients currently receiving an antiretroviral regimen for the following minimum periods:",
     "at least 6 months", "antiretroviral regimen"),
    ("Patients with measurable nodes as follows:", "at least 15 mm in short axis", "measurable nodes"),
])
def test_a_bare_threshold_under_a_lead_bounds_what_the_lead_says_is_measured(parse, lead, item, measure):
    assert _bare_measures(parse, lead, item) == [measure]


@pytest.mark.parametrize("lead", [
    "Adequate organ and marrow function as defined below:",  # the phrase goes on past "and"
    "DISEASE CHARACTERISTICS:",  # a heading that names the list
    "Paediatric participants (younger than 18 years):",  # persons
    "Patients will be ineligible if they:",  # a predicate, no subject
    "Specific to never-smokers:",
])
def test_a_lead_naming_no_one_measured_thing_names_no_bare_threshold_under_it(parse, lead):
    assert _bare_measures(parse, lead, "at least 2.5 mm2") == []
