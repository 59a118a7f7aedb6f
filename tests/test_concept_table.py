"""The concept table says how each listed term relates to its row's concept; the engine still marks them all."""

from __future__ import annotations

import pytest

from parser.criteria import parse_criteria
from parser.models.criteria import AllOf, Concept
from parser.models.patient import Patient
from parser.screen import screen
from parser.screen.words import screening_terms
from parser.vocabulary.concepts import ConceptEntry, concept_named, concepts, kinds_below, plural


def entry(name: str) -> ConceptEntry:
    return next(e for e in concepts() if e.concept == name)


def test_narrower_terms_are_not_listed_as_synonyms() -> None:
    metastasis = entry("metastasis")
    assert ("liver metastasis" in metastasis.narrower, "liver metastasis" in metastasis.synonyms) == (True, False)


def test_a_row_says_which_rows_its_concept_is_a_kind_of() -> None:
    assert entry("immunotherapy").kind_of == ("systemic therapy",)
    assert entry("chemotherapy").kind_of == ("systemic therapy", "anticancer therapy")
    assert {"chemotherapy", "immunotherapy", "targeted therapy"} <= kinds_below("systemic therapy")


def test_no_term_is_listed_twice_in_one_row() -> None:
    repeated = [e.concept for e in concepts() if len(set(e.terms)) != len(e.terms)]
    assert repeated == []


def test_screening_state_words_come_from_the_data_file() -> None:
    assert (screening_terms().states["breastfeeding"], screening_terms().states["women"]) == ("lactating", "female")


def test_review_only_categories_come_from_the_data_file() -> None:
    assert "laboratory" in screening_terms().unrecorded_categories


def test_categories_confirmed_at_enrolment_come_from_the_data_file() -> None:
    assert {"consent", "contraception", "judgement", "compliance"} <= screening_terms().enrolment_categories


@pytest.mark.parametrize(("item", "category"), [("Prior SBRT to the pelvis.", "treatment"),
                                                ("Known liver metastases.", "condition"),
                                                ("Previous systemic therapy.", "treatment"),
                                                ("Prior biologic therapy.", "treatment"),
                                                ("Prior autologous stem cell transplantation.", "treatment"),
                                                ("Live attenuated vaccine.", "treatment"),
                                                ("Regular use of opioid analgesics.", "treatment"),
                                                ("Chronic use of nonsteroidal anti-inflammatory drugs.", "treatment"),
                                                ("Prior stereotactic radiosurgery.", "treatment")])
def test_engine_marks_synonyms_and_narrower_terms_as_mentions_of_their_row(item: str, category: str) -> None:
    expr = parse_criteria(f"Exclusion Criteria:\n- {item}").exclusion[0].expr
    assert isinstance(expr, Concept) and expr.category == category


def test_spellings_of_one_kind_are_joined_by_equals_and_named_by_the_first() -> None:
    infection = entry("infection")
    assert infection.kind_spellings("human immunodeficiency virus") == ("hiv", "human immunodeficiency virus",
                                                                        "hiv infection", "hiv infections")
    assert "human immunodeficiency virus" in infection.narrower and infection.kind_spellings("tuberculosis") == (
        "tuberculosis",)


def test_every_entry_word_drug_ending_kind_of_and_unlike_names_a_row() -> None:
    rows = {e.concept for e in concepts()}
    vocabulary = screening_terms()
    named = {other for e in concepts() for other in e.kind_of + e.unlike}
    named |= {row for table in (vocabulary.entry_words, vocabulary.drug_endings) for rows in table.values()
              for row in rows}
    assert named - rows == set()


def test_engine_reads_a_longer_term_of_another_row_as_that_rows_mention() -> None:
    expr = parse_criteria("Exclusion Criteria:\n- Central diabetes insipidus").exclusion[0].expr
    assert isinstance(expr, Concept) and expr.concept == "diabetes insipidus"


def test_a_plural_names_the_row_of_its_singular_and_a_narrower_plural_its_kind() -> None:
    """Criteria name conditions and treatments in the plural as often as not ("active infections", "allergies")."""
    infection = entry("infection")
    assert concept_named("active infections") is infection and concept_named("allergies") is entry("allergy")
    assert infection.kind_spellings("hiv infections") == infection.kind_spellings("hiv infection")


@pytest.mark.parametrize(("term", "expected"), [("allergy", "allergies"), ("investigational agent",
                                                                          "investigational agents"),
                                                ("metastasis", None), ("hiv", None)])
def test_a_terms_plural_is_made_by_its_last_word(term: str, expected: str | None) -> None:
    assert plural(term) == expected


def test_engine_marks_a_plural_as_a_mention_of_its_row() -> None:
    expr = parse_criteria("Exclusion Criteria:\n- Active infections requiring IV antibiotics").exclusion[0].expr
    assert isinstance(expr, Concept) and (expr.concept, expr.category) == ("Active infections", "condition")


def test_a_concept_named_in_an_exception_gives_no_category_to_the_criterion() -> None:
    expr = parse_criteria("Exclusion Criteria:\n- Use of any herbal medication (other than oral contraceptives) "
                          "within 14 days before dosing").exclusion[0].expr
    assert isinstance(expr, Concept) and expr.category != "contraception"


@pytest.mark.parametrize("term", ["contraceptives", "pregnancies"])
def test_a_states_or_a_commitments_plural_names_no_row(term: str) -> None:
    """"oral contraceptives" are drugs a record lists, "prior pregnancies" a count of past events: neither is the
    promise of contraception nor the present pregnancy the rows stand for."""
    assert concept_named(term) is None


def test_a_woman_on_the_pill_is_not_passed_by_an_exclusion_of_contraceptives() -> None:
    criteria = parse_criteria("Exclusion Criteria:\n- Use of hormonal contraceptives within 3 months")
    patient = Patient.model_validate({"as_of": "2025-07-01", "sex": "female", "conditions": [],
                                      "treatments": [{"concept": "oral contraceptive", "start": "2023-01-01"}]})
    assert screen(criteria, patient).verdict != "eligible"


def test_a_term_opening_with_non_is_named_with_it_not_denied_by_it() -> None:
    expr = parse_criteria("Exclusion Criteria:\n- Daily non-steroidal anti-inflammatory drugs").exclusion[0].expr
    assert isinstance(expr, Concept) and not expr.negated


def test_a_washout_lists_each_treatment_the_table_names() -> None:
    expr = parse_criteria("Inclusion Criteria:\n- At least 2 weeks since prior biological therapy or "
                          "immunotherapy").inclusion[0].expr
    assert isinstance(expr, AllOf) and [node.concept for node in expr.all if isinstance(node, Concept)] == [
        "biological therapy", "immunotherapy"]



def test_non_alone_before_a_longer_name_makes_its_first_word_another_word() -> None:
    expr = parse_criteria("Exclusion Criteria:\n- Patients with non opioid induced constipation").exclusion[0].expr
    assert expr is None
