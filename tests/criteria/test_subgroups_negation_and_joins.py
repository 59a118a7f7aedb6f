"""Specifications for subgroups, negation, and/or joins, coverage, and the texts and spans nodes keep."""

import pytest
from pydantic import ValidationError

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Not
from parser.models.walk import iter_nodes
from tests.criteria.conftest import comparisons, one_item, windows


def test_subgroup_threshold_carries_its_condition_and_the_general_one_the_complement(parse):
    document = parse("Exclusion Criteria:\n* PLT < 100×10^9/L (PLT < 80×10^9/L in patients with liver metastasis)")
    general, special = [n for n in iter_nodes(document.exclusion[0].expr) if isinstance(n, Comparison)]
    assert special.value == 80 and special.when.concept == "liver metastasis"
    assert general.value == 100 and isinstance(general.when, Not) and general.when.not_.concept == "liver metastasis"


def test_a_case_named_before_a_bracketed_threshold_is_its_subgroup(parse):
    document = parse("Inclusion Criteria:\n* GGT ≤ 2.5 × ULN (in the case of bone metastases ≤ 4 × ULN)")
    general, special = [n for n in iter_nodes(document.inclusion[0].expr) if isinstance(n, Comparison)]
    assert (special.measure, special.value, special.when.concept) == (general.measure, 4, "bone metastases")


def test_a_case_lead_before_a_closed_bracket_names_no_later_threshold(parse):
    text = ("Inclusion Criteria:\n* ALT ≤ 3 × ULN (≤ 5 × ULN in case of liver metastases); "
            "creatinine clearance ≥ 60 mL/min")
    last = [n for n in iter_nodes(parse(text).inclusion[0].expr) if isinstance(n, Comparison)][-1]
    assert (last.measure, last.when) == ("creatinine clearance", None)


def test_sex_specific_thresholds(parse):
    document = parse("Exclusion Criteria:\n* QTcF > 470 ms in females or > 450 ms in males")
    found = [(n.value, n.when.concept) for n in iter_nodes(document.exclusion[0].expr) if isinstance(n, Comparison)]
    assert found == [(470, "females"), (450, "males")]


def test_or_between_thresholds_gives_any(parse):
    expr = parse("Exclusion Criteria:\n* SBP > 140 mmHg or DBP > 90 mmHg").exclusion[0].expr
    assert isinstance(expr, AnyOf) and len(expr.any) == 2


def test_and_between_thresholds_in_inclusion_gives_all(parse):
    expr = parse("Inclusion Criteria:\n* Hb ≥ 9 g/dL and platelets ≥ 100×10^9/L").inclusion[0].expr
    assert isinstance(expr, AllOf) and len(expr.all) == 2


def test_commas_in_a_list_of_concepts_ending_with_or_are_its_or(parse):
    expr = parse(one_item("Prior chemotherapy, radiotherapy, or immunotherapy")).inclusion[0].expr
    assert isinstance(expr, AnyOf) and [node.concept for node in expr.any] == [
        "chemotherapy", "radiotherapy", "immunotherapy"]


def test_commas_in_a_list_of_thresholds_ending_with_or_still_join_requirements(parse):
    text = "ANC ≥ 1.5 x 10^9/L, platelets ≥ 100 x 10^9/L, creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min"
    expr = parse(one_item(text)).inclusion[0].expr
    assert isinstance(expr, AllOf) and len(expr.all) == 3 and isinstance(expr.all[2], AnyOf)


def test_commas_in_a_list_of_denied_concepts_ending_with_or_deny_each(parse):
    expr = parse(one_item("No prior surgery, radiotherapy, or chemotherapy")).inclusion[0].expr
    assert isinstance(expr, AllOf) and all(node.negated for node in expr.all)


@pytest.mark.parametrize("item", [
    "Participants who have not previously been treated with immunotherapy",
    "Subjects who have not yet been treated with immunotherapy",
    "Patients must not have ever been given immunotherapy",
])
def test_adverbs_of_a_denied_perfect_do_not_keep_its_negation_from_the_concept(parse, item):
    (concept,) = [n for n in iter_nodes(parse(one_item(item)).inclusion[0].expr) if isinstance(n, Concept)]
    assert (concept.concept, concept.negated) == ("immunotherapy", True)


def test_negated_concept_without_numbers(parse):
    expr = parse("Inclusion Criteria:\n* Non pregnant or lactating patients").inclusion[0].expr
    concepts = [n for n in iter_nodes(expr) if isinstance(n, Concept)]
    assert concepts and all(c.negated for c in concepts) and concepts[0].category == "pregnancy"


def test_pseudo_negation_does_not_negate(parse):
    expr = parse("Exclusion Criteria:\n* Liver disease including, but not limited to HBV infection").exclusion[0].expr
    assert not any(n.negated for n in iter_nodes(expr) if isinstance(n, Concept))


def _exclusion_concepts(parse, item: str) -> list[tuple[str, bool]]:
    expr = parse(f"Exclusion Criteria:\n* {item}").exclusion[0].expr
    return [(n.concept, n.negated) for n in iter_nodes(expr) if isinstance(n, Concept)]


@pytest.mark.parametrize(("item", "concept", "denied"), [
    ("No active brain metastases", "brain metastases", False),
    ("Must not have received prior radiotherapy to the pelvis", "radiotherapy", False),
    ("Patients should have no prior chemotherapy for metastatic disease", "chemotherapy", False),
    ("Participants may not be pregnant or breastfeeding", "pregnant", False),
    ("Has no known brain metastases", "brain metastases", False),
    ("Prior therapy: no prior radiotherapy", "radiotherapy", False),
    ("Subjects who have not had prior chemotherapy", "chemotherapy", True),
    ("Patients with no prior radiotherapy", "radiotherapy", True),
    ("Women who may not use contraception during the study", "contraception", True),
    ("Patients who had chemotherapy must not have brain metastases", "brain metastases", True),
    ("Patient may not tolerate chemotherapy", "chemotherapy", True),
])
def test_an_exclusion_worded_as_its_requirement_names_what_excludes_where_other_denials_read_as_written(
        parse, item, concept, denied):
    assert (concept, denied) in _exclusion_concepts(parse, item)


@pytest.mark.parametrize("item", ["No prior chemotherapy and no known brain metastases",
                                  "Patients must not have received chemotherapy and must not have brain metastases"])
def test_an_exclusion_listing_what_is_required_is_met_by_any_of_what_it_denies(parse, item):
    expr = parse(f"Exclusion Criteria:\n* {item}").exclusion[0].expr
    assert isinstance(expr, AnyOf) and [(n.concept, n.negated) for n in expr.any] == [
        ("chemotherapy", False), ("brain metastases", False)]


def test_a_denial_inside_an_exclusions_waiver_is_the_waivers_own(parse):
    expr = parse("Exclusion Criteria:\n* No known brain metastases, unless treated and no corticosteroids required"
                 ).exclusion[0].expr
    assert isinstance(expr, AllOf) and isinstance(expr.all[1], Not)
    assert (expr.all[1].not_.concept, expr.all[1].not_.negated) == ("corticosteroids", True)


@pytest.mark.parametrize("item", [
    "Prior malignancy within 5 years except prostate cancer with PSA < 0.1 ng/mL",
    "Radiotherapy within 28 days before enrolment (except palliative radiotherapy to < 5% of the bone marrow)",
])
def test_an_exclusions_exception_that_is_a_threshold_of_another_measure_lifts_it_but_leaves_it_to_a_person(
        parse, item):
    criterion = parse(f"Exclusion Criteria:\n* {item}").exclusion[0]
    assert isinstance(criterion.expr, AllOf) and isinstance(criterion.expr.all[1], Not)
    assert criterion.rest == "unknown"


@pytest.mark.parametrize("item", ["No prior radiotherapy except palliative radiotherapy and no prior chemotherapy",
                                  "No prior radiotherapy except palliative radiotherapy and no chemotherapy for at "
                                  "least 4 weeks",
                                  "Not pregnant or nursing", "Not received any investigational drug within 30 days",
                                  "Patients who may not receive radiotherapy", "Patient may not tolerate chemotherapy"])
def test_an_exclusions_denial_that_reads_two_ways_leaves_the_item_to_a_person(parse, item):
    criterion = parse(f"Exclusion Criteria:\n* {item}").exclusion[0]
    assert (criterion.coverage, criterion.rest) == ("partial", "unknown")


@pytest.mark.parametrize("item", [
    "No prior chemotherapy except adjuvant chemotherapy completed more than 12 months ago",
    "Concurrent use of iron-chelating agents, except that the subject is on a stable dose for at least 8 weeks "
    "prior to starting study therapy",
])
def test_an_exclusions_period_since_an_event_after_an_exception_may_be_the_exceptions_so_is_a_persons(parse, item):
    assert parse(f"Exclusion Criteria:\n* {item}").exclusion[0].rest == "unknown"


def test_a_period_after_an_aside_the_exception_closes_is_the_events(parse):
    criterion = parse("Exclusion Criteria:\n* Prior growth factors, except epoetin, at least 1 week before study "
                      "entry").exclusion[0]
    dated = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept) and node.within is not None]
    assert [(node.concept, node.within.text) for node in dated] == [("growth factors", "at least 1 week")]


def test_an_exception_restating_a_threshold_in_its_unit_is_a_subgroups_own_not_a_waiver(parse):
    expr = parse("Exclusion Criteria:\n* Total bilirubin > 1.5 × ULN, except in Gilbert's syndrome, in whom total "
                 "bilirubin > 3 × ULN").exclusion[0].expr
    assert not any(isinstance(node, Not) for node in iter_nodes(expr))


def test_an_exclusion_denying_a_washout_stays_denied_and_is_a_persons_as_its_window_cannot_say_what_excludes(parse):
    criterion = parse("Exclusion Criteria:\n* No prior chemotherapy for at least 4 weeks before enrolment").exclusion[0]
    assert _exclusion_concepts(parse, criterion.text) == [("chemotherapy", True)]
    assert (criterion.coverage, criterion.rest) == ("partial", "unknown")


def test_an_inclusion_worded_as_its_requirement_stays_denied(parse):
    expr = parse("Inclusion Criteria:\n* No active brain metastases").inclusion[0].expr
    assert [(n.concept, n.negated) for n in iter_nodes(expr) if isinstance(n, Concept)] == [("brain metastases", True)]


def test_unstructurable_text_is_kept_and_flagged(parse):
    document = parse("Exclusion Criteria:\n* The subject is unsuitable for reasons the study team records.")
    criterion = document.exclusion[0]
    assert criterion.text == "The subject is unsuitable for reasons the study team records."
    assert criterion.expr is None and criterion.coverage == "none"


def test_fully_structured_threshold_has_full_coverage(parse):
    assert parse("Inclusion Criteria:\n* Platelets ≥ 100×10^9/L").inclusion[0].coverage == "full"


def test_every_numeric_node_carries_its_text_and_span(parse):
    document = parse("Exclusion Criteria:\n* Neutrophil < 1.5×10^9/L, PLT < 100×10^9/L "
                     "(PLT < 80×10^9/L in patients with liver metastasis), or Hb < 90g/L")
    criterion = document.exclusion[0]
    nodes = [n for n in iter_nodes(criterion.expr) if isinstance(n, (Comparison, Concept))]
    assert nodes
    for node in nodes:
        assert criterion.text[node.span[0]:node.span[1]] == node.text


def test_canonical_value_is_converted_into_the_measures_unit(parse):
    expr = parse("Platelet count ≥ 100,000/mm3").inclusion[0].expr
    (node,) = [n for n in iter_nodes(expr) if isinstance(n, Comparison)]
    assert (node.canonical.value, node.canonical.unit) == (100, "10*9/L")


def test_numbers_inside_a_subgroup_condition_stay_in_the_condition(parse):
    document = parse("Exclusion Criteria:\n* SBP > 160 mmHg if on 3 or more antihypertensive drugs")
    node = document.exclusion[0].expr
    assert node.value == 160
    assert (node.when.measure, node.when.op, node.when.value) == ("antihypertensive drugs", ">=", 3)


def test_a_grade_is_a_grade_of_the_condition_it_names(parse):
    from tests.criteria.conftest import comparisons

    assert comparisons(parse("Grade ≥ 2 peripheral neuropathy")) == [("peripheral neuropathy grade", ">=", 2, "1")]


def test_negation_after_the_window_negates_the_event(parse):
    assert windows(parse("Blood transfusion within 2 weeks before enrollment is not allowed")) == [
        ("Blood transfusion", "<=", 2, "wk", True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Total bilirubin ≤ 1.5 × ULN (patients with Gilbert's syndrome: ≤ 3.0 mg/dL)",
        "Total bilirubin ≤ 1.5 × ULN; in patients with Gilbert's syndrome, ≤ 3.0 mg/dL",
        "Total bilirubin ≤ 1.5 × ULN; for patients with Gilbert's syndrome, total bilirubin ≤ 3.0 mg/dL",
        "Total bilirubin ≤ 1.5 × ULN, or if Gilbert's syndrome, ≤ 3.0 mg/dL",
    ],
)
def test_subgroup_written_before_its_threshold(parse, text):
    general, special = [n for n in iter_nodes(parse(text).inclusion[0].expr) if isinstance(n, Comparison)]
    assert (special.measure, special.value, special.unit) == ("total bilirubin", 3.0, "mg/dL")
    assert special.when.concept == "Gilbert's syndrome"
    assert isinstance(general.when, Not)


def test_measure_label_keeps_the_words_of_the_text(parse):
    expr = parse("Fasting plasma glucose < 7.0 mmol/L").inclusion[0].expr
    (node,) = [n for n in iter_nodes(expr) if isinstance(n, Comparison)]
    assert (node.measure, node.label) == ("glucose", "Fasting plasma glucose")


def test_a_hyphenated_non_is_part_of_the_word_not_a_negation(parse):
    assert windows(parse("Has received any non-oncology live vaccine within 28 days of study treatment")) == [
        ("non-oncology live vaccine", "<=", 28, "d", False)
    ]


def test_ordinals_name_lines_of_therapy_rather_than_bound_them(parse):
    from tests.criteria.conftest import comparisons

    assert comparisons(parse("Have received 4-6 months of 1st line chemotherapy")) == [
        ("1st line chemotherapy", ">=", 4, "mo"), ("1st line chemotherapy", "<=", 6, "mo")
    ]


def test_a_prohibition_in_an_exclusion_item_still_excludes_the_event(parse):
    document = parse(
        "Exclusion Criteria:\n* Hb < 90 g/L; blood transfusion within 2 weeks before enrollment is not allowed")
    assert windows(document, "exclusion") == [("blood transfusion", "<=", 2, "wk", False)]


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Serum bilirubin > 1.5 x ULN (> 3 x ULN for Gilbert's disease)", "Gilbert's disease"),
        ("AST > 3 × ULN, or > 5 × ULN with liver metastases", "liver metastases"),
    ],
)
def test_a_subgroup_may_name_the_condition_without_naming_patients(parse, text, condition):
    expr = parse("Exclusion Criteria:\n* " + text).exclusion[0].expr
    special = [n for n in iter_nodes(expr) if isinstance(n, Comparison)][-1]
    assert special.when.concept == condition


def test_with_and_a_long_description_is_not_a_subgroup(parse):
    document = parse("Men and women 40 years of age or older with type 2 diabetes mellitus diagnosed at least "
                     "6 months before screening")
    (age,) = [n for n in iter_nodes(document.inclusion[0].expr) if isinstance(n, Comparison)]
    assert age.when is None and windows(document)[0][1:4] == (">=", 6, "mo")


def test_a_count_shares_the_noun_of_the_count_after_it(parse):
    from tests.criteria.conftest import comparisons

    assert comparisons(parse("at least one and no more than two lines of taxane chemotherapy")) == [
        ("lines of taxane chemotherapy", ">=", 1, "1"), ("lines of taxane chemotherapy", "<=", 2, "1")
    ]


def test_an_age_subgroup_after_who_are_is_an_age_comparison(parse):
    criterion = parse(one_item("Lansky ≥ 60 for patients who are ≤ 12 years old")).inclusion[0]
    assert isinstance(criterion.expr, Comparison) and isinstance(criterion.expr.when, Comparison)
    assert (criterion.expr.when.measure, criterion.expr.when.op, criterion.expr.when.value) == ("age", "<=", 12)


def test_a_subgroup_ends_where_a_new_threshold_begins_after_and(parse):
    found = comparisons(parse(one_item("CURB-65 ≥ 3 in patients aged > 70 and CURB-65 ≥ 2 in patients aged ≤ 70")))
    assert [c[:3] for c in found if c[0] != "age"] == [("CURB-65 score", ">=", 3), ("CURB-65 score", ">=", 2)]


def test_bounds_closed_by_years_old_are_ages_even_hyphenated(parse):
    assert comparisons(parse(one_item("≥21- and ≤70-years-old"))) == [("age", ">=", 21, "a"), ("age", "<=", 70, "a")]


def test_a_suspended_hyphen_joins_the_noun_a_count_counts(parse):
    assert comparisons(parse(one_item("At least 2 prior anthracycline- and taxane-based regimens")))[0][0] == \
        "anthracycline- and taxane-based regimens"


def test_and_between_listed_examples_of_an_exclusion_joins_instances_not_requirements(parse):
    text = "Cardiac disease within 6 months (including unstable angina, LVEF < 45% and QTc > 480 ms)"
    expr = parse(one_item(text, "exclusion")).exclusion[0].expr
    assert isinstance(expr, AnyOf) and not any(isinstance(node, AllOf) for node in iter_nodes(expr))


def test_and_closing_a_list_of_examples_in_an_inclusion_joins_requirements_as_its_commas_do(parse):
    text = "Adequate liver function, including AST <= 3 x ULN, ALT <= 3 x ULN and bilirubin <= 2 mg/dL"
    expr = parse(one_item(text, "inclusion")).inclusion[0].expr
    assert isinstance(expr, AllOf) and len(expr.all) == 3


def test_a_negative_test_result_names_its_finding_absent(parse):
    text = "Females of reproductive potential: negative urine pregnancy test within 7 days of registration"
    expr = parse(one_item(text, "inclusion")).inclusion[0].expr
    assert isinstance(expr, Concept) and (expr.concept, expr.negated) == ("pregnancy test", True)


def test_a_negative_receptor_status_is_no_test_result(parse):
    expr = parse(one_item("HER2-negative breast cancer", "inclusion")).inclusion[0].expr
    assert not any(isinstance(node, Concept) and node.negated for node in iter_nodes(expr))


def test_and_between_thresholds_outside_a_list_of_examples_still_joins_requirements(parse):
    text = "Cardiac disease within 6 months, with LVEF < 45% and QTc > 480 ms"
    expr = parse(one_item(text, "exclusion")).exclusion[0].expr
    assert any(isinstance(node, AllOf) for node in iter_nodes(expr))


def test_the_size_of_a_named_lesion_applies_to_patients_with_that_lesion(parse):
    expr = parse(one_item("Largest diameter of liver metastases > 5 cm", "exclusion")).exclusion[0].expr
    (size,) = [n for n in iter_nodes(expr) if isinstance(n, Comparison)]
    assert isinstance(size.when, Concept) and size.when.concept == "liver metastases"


def test_a_bare_size_after_a_lesion_size_measures_the_same_lesion(parse):
    text = "Diameter of bone metastasis > 4 cm or total volume > 40 cc"
    sizes = [n for n in iter_nodes(parse(one_item(text, "exclusion")).exclusion[0].expr) if isinstance(n, Comparison)]
    assert [s.when.concept for s in sizes] == ["bone metastasis", "bone metastasis"]


def test_a_size_in_the_next_sentence_does_not_take_the_lesion_before_it(parse):
    text = "Diameter of bone metastasis > 4 cm. Total volume > 40 cc"
    sizes = [n for n in iter_nodes(parse(one_item(text, "exclusion")).exclusion[0].expr) if isinstance(n, Comparison)]
    assert [s.when is None for s in sizes] == [False, True]


def test_a_complemented_subgroup_is_never_negated_twice(parse):
    text = "Creatinine ≤ 1.5 mg/dL, ≤ 2.0 mg/dL in patients with myeloma, and ≤ 1.5 mg/dL at screening"
    general = [n for n in iter_nodes(parse(one_item(text)).inclusion[0].expr, conditions=False)
               if isinstance(n, Comparison) and n.value == 1.5]
    assert [(n.when.not_.concept if isinstance(n.when, Not) else n.when) for n in general] == ["myeloma", "myeloma"]


def test_criteria_documents_are_frozen_values(parse):
    criterion = parse(one_item("Age ≥ 18 years")).inclusion[0]
    with pytest.raises(ValidationError):
        criterion.expr.value = 21


@pytest.mark.parametrize(
    ("item", "condition"),
    [
        ("Neutrophils < 1000/uL for those not on clozapine", "clozapine"),
        ("Serum testosterone > 50 ng/dL in men without prior orchiectomy", "orchiectomy"),
        ("INR > 1.5 in patients with no anticoagulant therapy", "anticoagulant therapy"),
    ],
)
def test_a_subgroup_of_persons_denied_a_condition_is_its_absence(parse, item, condition):
    when = parse(one_item(item, "exclusion")).exclusion[0].expr.when
    assert isinstance(when, Not) and when.not_.concept == condition


@pytest.mark.parametrize("text", ["For men, hemoglobin ≥ 13 g/dL; for women, hemoglobin ≥ 12 g/dL",
                                  "Men with hemoglobin ≥ 13 g/dL or women with hemoglobin ≥ 12 g/dL",
                                  "Hemoglobin: men ≥ 13 g/dL, women ≥ 12 g/dL"])
def test_the_sexes_an_item_names_before_their_thresholds_are_their_subgroups(parse, text):
    men, women = [n for n in iter_nodes(parse(one_item(text)).inclusion[0].expr, conditions=False)
                  if isinstance(n, Comparison)]
    assert (men.value, women.value) == (13, 12)
    assert (_subgroup(men.when), _subgroup(women.when)) in {("men", "women"), ("men", "not men"),
                                                             ("not women", "women")}


def _subgroup(when: Concept | Not) -> str:
    return when.concept.lower() if isinstance(when, Concept) else f"not {when.not_.concept.lower()}"


@pytest.mark.parametrize("text", ["Women with hemoglobin ≥ 12 g/dL",
                                  "Patients with known hepatic failure, AST > 3 x ULN"])
def test_persons_opening_an_item_say_who_is_meant_not_a_subgroup(parse, text):
    assert all(n.when is None for n in iter_nodes(parse(one_item(text)).inclusion[0].expr) if isinstance(n, Comparison))


def test_persons_right_after_a_threshold_are_its_own_not_the_next_ones(parse):
    first, second = [n for n in iter_nodes(parse(one_item("QTc > 470 ms males, > 480 ms females")).inclusion[0].expr,
                                           conditions=False) if isinstance(n, Comparison)]
    assert second.when is None or second.when.concept == "females"


def test_pts_are_patients(parse):
    when = parse(one_item("ALT > 2.5 x ULN in pts without liver metastasis", "exclusion")).exclusion[0].expr.when
    assert isinstance(when, Not) and when.not_.concept == "liver metastasis"


def test_a_subgroup_of_persons_on_a_treatment_is_that_treatment(parse):
    when = parse(one_item("INR > 3.0 for patients on warfarin", "exclusion")).exclusion[0].expr.when
    assert (when.concept, when.negated) == ("warfarin", False)


def test_on_before_a_study_reference_point_names_no_treatment(parse):
    when = parse(one_item("QTc > 470 ms for women on screening ECG", "exclusion")).exclusion[0].expr.when
    assert when.concept == "women on screening ECG"


def test_a_count_defining_a_subgroup_counts_what_the_subgroup_names(parse):
    when = parse(one_item("DBP > 100 mmHg in patients on fewer than three antihypertensive drugs",
                          "exclusion")).exclusion[0].expr.when
    assert (when.measure, when.op, when.value) == ("antihypertensive drugs", "<", 3)


@pytest.mark.parametrize("text", ["Note: 2 to 4 weeks", "Specifically, 2 to 4 weeks", "Allowed: 2 to 4 weeks"])
def test_a_threshold_named_only_by_a_note_or_a_permission_word_is_left_for_review(parse, text):
    assert comparisons(parse(one_item(text))) == []


def test_a_threshold_only_a_word_that_names_nothing_could_name_is_left_for_review(parse):
    document = parse(one_item("Except for 2 to 4 weeks"))
    assert (comparisons(document), document.inclusion[0].coverage) == ([], "none")


def test_a_count_of_two_from_a_list_stays_a_threshold(parse):
    document = parse("Inclusion Criteria:\n* At least two of the following risk factors: smoking, diabetes")
    assert comparisons(document) == [("risk factors", ">=", 2, "1")]


@pytest.mark.parametrize("lead", ["Any of the following:", "At least one of the following:",
                                  "Patients with one or more of the following:"])
def test_the_items_of_a_list_a_lead_says_any_one_of_are_alternatives_whatever_the_section(parse, lead):
    document = parse(f"Inclusion Criteria:\n* {lead} age > 60 years, BMI > 30 kg/m2")
    (criterion,) = document.inclusion
    assert isinstance(criterion.expr, AnyOf)
    assert all(node.when is None for node in iter_nodes(criterion.expr) if isinstance(node, Comparison))


def test_the_items_of_a_list_a_lead_says_all_of_are_all_required(parse):
    document = parse("Exclusion Criteria:\n* All of the following: age > 60 years, BMI > 30 kg/m2")
    assert isinstance(document.exclusion[0].expr, AllOf)


def test_a_lead_saying_who_may_not_take_part_denies_none_of_the_listed_conditions(parse):
    document = parse("Exclusion Criteria:\n* Patients with any of the following may not participate: active "
                     "tuberculosis")
    assert [(node.concept, node.negated) for node in iter_nodes(document.exclusion[0].expr)
            if isinstance(node, Concept)] == [("tuberculosis", False)]


@pytest.mark.parametrize(("lead", "join"), [("Adequate renal function as defined by one of the following:", "any"),
                                            ("At least 1 of the following criteria:", "any"),
                                            ("All of the following:", "all"),
                                            ("Adequate organ function defined as:", None)])
def test_a_lead_says_how_the_items_under_it_combine(parse, lead, join):
    document = parse(f"Inclusion Criteria:\n- {lead}\n  - creatinine ≤ 1.5 mg/dL\n  - creatinine clearance ≥ 60 mL/min")
    assert [(c.id, c.sub_items) for c in document.inclusion] == [("inc-1", join), ("inc-1.1", None), ("inc-1.2", None)]


@pytest.mark.parametrize("lead", ["No history of any of the following:",
                                  "No arterial thrombosis in 6 months, including any of the following:",
                                  "Not eligible for intensive chemotherapy due to at least one of the following:",
                                  "Cardiac disease, including any of the following:",
                                  "No more than 1 of the following:", "Any two of the following:"])
def test_a_lead_with_a_denial_examples_a_cap_or_a_count_above_one_says_no_join(parse, lead):
    document = parse(f"Inclusion Criteria:\n- {lead}\n  - myocardial infarction\n  - stroke")
    assert document.inclusion[0].sub_items is None


def test_the_quantifier_of_a_lead_is_the_words_right_before_of_the_following(parse):
    document = parse("Inclusion Criteria:\n- Must meet all of the following within one week of registration:\n"
                     "  - Age ≥ 65 years\n  - LVEF < 40%")
    assert document.inclusion[0].sub_items == "all"


def test_a_lead_to_a_list_after_other_thresholds_makes_its_items_one_part(parse):
    document = parse("Inclusion Criteria:\n* Hemoglobin ≥ 9 g/dL, ANC ≥ 1500/mm3 and either of the following: "
                     "bilirubin ≤ 1.5 x ULN or AST ≤ 3 x ULN")
    expr = document.inclusion[0].expr
    assert isinstance(expr, AllOf) and isinstance(expr.all[-1], AnyOf)
    assert [node.measure for node in expr.all[-1].any] == ["total bilirubin", "aspartate aminotransferase (AST)"]


def test_a_lead_joined_by_and_after_a_threshold_binds_its_list_to_the_end_of_its_sentence(parse):
    document = parse("Exclusion Criteria:\n* QTc > 470 ms and one of the following: LVEF < 50% or BNP > 400 pg/mL. "
                     "Hb < 9 g/dL")
    expr = document.exclusion[0].expr
    assert isinstance(expr, AnyOf) and isinstance(expr.any[0], AllOf) and isinstance(expr.any[0].all[1], AnyOf)


@pytest.mark.parametrize(("item", "shape"), [
    ("Age > 75 years or at least one of the following: LVEF < 40%, eGFR < 30 mL/min", (AnyOf, AnyOf)),
    ("Heart failure with at least one of the following: LVEF < 40%, eGFR < 30 mL/min", (AllOf, AnyOf)),
])
def test_a_lead_joined_by_or_or_with_after_a_threshold_joins_its_list_so(parse, item, shape):
    expr = parse(f"Inclusion Criteria:\n* {item}").inclusion[0].expr
    assert isinstance(expr, shape[0]) and isinstance((expr.any if isinstance(expr, AnyOf) else expr.all)[-1], shape[1])
    assert not any(c.measure == "age" and c.value == 1 for c in iter_nodes(expr) if isinstance(c, Comparison))


def test_a_lead_with_its_own_count_joined_by_and_keeps_the_count_with_its_list(parse):
    expr = parse("Inclusion Criteria:\n* Age ≥ 70 years and at least one of the following: LVEF < 40% or "
                 "hemoglobin < 10 g/dL").inclusion[0].expr
    assert isinstance(expr, AllOf) and isinstance(expr.all[-1], AnyOf)
    assert [c.measure for c in iter_nodes(expr.all[-1]) if isinstance(c, Comparison)][-2:] == [
        "left ventricular ejection fraction", "hemoglobin"]


def test_a_condition_with_another_is_the_first_that_has_the_second(parse):
    (criterion,) = parse("Exclusion Criteria:\n- Brain metastases with seizures").exclusion
    assert isinstance(criterion.expr, AllOf) and [c.concept for c in criterion.expr.all] == ["Brain metastases",
                                                                                           "seizures"]


def test_a_condition_with_another_modified_is_the_first_that_has_the_second(parse):
    """"Tumours with active bleeding" excludes a bleeding tumour, not every patient with a tumour."""
    (criterion,) = parse("Exclusion Criteria:\n- Unresected tumours with active bleeding").exclusion
    assert isinstance(criterion.expr, AllOf) and [c.concept for c in criterion.expr.all] == ["tumours", "bleeding"]


def test_a_condition_with_a_risk_of_another_does_not_have_the_other(parse):
    (criterion,) = parse("Exclusion Criteria:\n- Tumours with a high risk of bleeding").exclusion
    assert not isinstance(criterion.expr, AllOf)


def test_a_list_of_concepts_ending_with_or_both_is_met_by_any(parse):
    expr = parse(one_item("Adults with asthma, COPD, or both")).inclusion[0].expr
    assert isinstance(expr, AnyOf) and len(expr.any) == 2


def _denials(parse, item: str) -> list[bool]:
    """Whether each concept of an inclusion of one item is denied, in reading order."""
    (criterion,) = parse(one_item(item)).inclusion
    return [node.negated for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]


def _all_denied(parse, item: str) -> bool:
    denials = _denials(parse, item)
    return bool(denials) and all(denials)


@pytest.mark.parametrize("item", ["No history of pelvic reconstructive surgery",
                                  "Does not have a history of diabetes",
                                  "No prior treatment with cytotoxic chemotherapy"])
def test_a_denial_whose_words_run_into_the_modifiers_of_its_concept_denies_it(parse, item):
    assert _all_denied(parse, item)


@pytest.mark.parametrize("item", ["No concurrent long-term high-dose chemotherapy",
                                  "Patients must not receive twice-daily low-dose radiotherapy",
                                  "No uncontrolled or clinically significant cardiac arrhythmia"])
def test_a_denial_right_before_a_concepts_modifiers_denies_it_however_many_words_they_hold(parse, item):
    assert _all_denied(parse, item)


@pytest.mark.parametrize("item", ["No known sarcoidosis, amyloidosis or liver cirrhosis",
                                  "No active viral, fungal or bacterial infection",
                                  "Free of symptomatic orthostatic hypotension or malignant pleural effusion"])
def test_a_denial_opening_a_list_denies_each_concept_listed_whatever_the_items_before_it_name(parse, item):
    assert _all_denied(parse, item)


@pytest.mark.parametrize("item", ["Patients with non resectable, locally advanced or metastatic disease",
                                  "Regimens of not emetogenic, mildly or moderately emetogenic chemotherapy"])
def test_a_negation_that_may_deny_one_word_does_not_deny_a_list(parse, item):
    assert _denials(parse, item) and not any(_denials(parse, item))


@pytest.mark.parametrize("item", ["No prior systemic therapy (e.g., chemotherapy or immunotherapy)",
                                  "No concurrent anticancer treatment, including radiotherapy or endocrine therapy"])
def test_the_examples_of_a_denied_concept_are_denied_with_it(parse, item):
    assert _denials(parse, item) == [True, True, True]


def test_a_condition_named_among_the_examples_of_a_denied_treatment_is_not_denied(parse):
    (criterion,) = parse(one_item("No prior chemotherapy, including docetaxel for metastatic disease")).inclusion
    assert [node.negated for node in iter_nodes(criterion.expr)
            if isinstance(node, Concept) and node.category == "condition"] == [False]


def test_a_denial_does_not_reach_a_concept_named_after_of_in_another_alternative(parse):
    (criterion,) = parse(one_item("No reproductive potential or use of effective contraception")).inclusion
    assert [node.negated for node in iter_nodes(criterion.expr)
            if isinstance(node, Concept) and node.category == "contraception"] == [False]


def test_an_inclusion_s_absence_of_an_event_in_a_window_denies_the_event(parse):
    (criterion,) = parse(one_item("The absence of major surgery within 4 weeks prior to dosing")).inclusion
    (concept,) = [node for node in iter_nodes(criterion.expr) if isinstance(node, Concept)]
    assert (concept.concept, concept.negated) == ("major surgery", True)


@pytest.mark.parametrize(("item", "concept"), [("No evidence of relapse after prior radiotherapy", "radiotherapy"),
                                               ("Free of disease after curative surgery", "surgery"),
                                               ("No history of heart disease; hypertension is acceptable",
                                                "hypertension")])
def test_a_denial_of_another_word_does_not_reach_the_concept(parse, item, concept):
    (criterion,) = parse(one_item(item)).inclusion
    assert [node.negated for node in iter_nodes(criterion.expr)
            if isinstance(node, Concept) and node.concept == concept] == [False]


def test_a_limit_after_a_subgroup_naming_its_own_measures_takes_no_measure_of_the_one_before(parse):
    found = [(n.measure, n.value, n.when is not None) for n in iter_nodes(parse(one_item(
        "AST, ALT and alkaline phosphatase ≤ 2.5 × ULN; for patients with hepatocellular carcinoma, Child-Pugh "
        "score ≤ 7"
    )).inclusion[0].expr, conditions=False) if isinstance(n, Comparison)]
    assert found[-1] == ("Child-Pugh score", 7, True)
    assert ("alkaline phosphatase", 2.5, False) in found


@pytest.mark.parametrize("text", ["Serum creatinine > 1.5 × ULN, patients with end-stage renal disease, creatinine "
                                  "clearance < 30 mL/min", "For pregnant women, hemoglobin ≥ 11 g/dL; for non-pregnant "
                                  "women and men, hemoglobin ≥ 12 g/dL", "Women, men: hemoglobin ≥ 10 g/dL"])
def test_a_list_or_persons_narrower_than_a_sex_is_no_subgroup_of_the_threshold_after(parse, text):
    assert all(n.when is None for n in iter_nodes(parse(one_item(text)).inclusion[0].expr) if isinstance(n, Comparison))


def test_a_sex_written_right_after_a_threshold_of_an_item_naming_both_is_its_subgroup(parse):
    first, second = [n for n in iter_nodes(parse(one_item("QTc > 450 ms males and > 470 ms females", "exclusion"))
                                           .exclusion[0].expr, conditions=False) if isinstance(n, Comparison)]
    assert (_subgroup(first.when), _subgroup(second.when)) == ("males", "females")


def test_sexes_listed_together_are_no_subgroup_of_the_threshold_before(parse):
    first = next(n for n in iter_nodes(parse(one_item("18-75 years males and females")).inclusion[0].expr)
                 if isinstance(n, Comparison))
    assert first.when is None


def test_a_sex_labelling_what_follows_is_no_subgroup_of_the_threshold_before(parse):
    first = next(n for n in iter_nodes(parse(one_item("Waist: females > 35 inches, males: > 40 inches")).inclusion[0]
                                       .expr, conditions=False) if isinstance(n, Comparison))
    assert _subgroup(first.when) in ("females", "not males")


def test_a_general_limit_holds_outside_every_subgroup_with_its_own_limit(parse):
    general = next(n for n in iter_nodes(parse(one_item(
        "AST ≤ 2.5 × ULN; for patients with liver metastases, AST ≤ 5 × ULN; for patients with hepatocellular "
        "carcinoma, AST ≤ 5 × ULN")).inclusion[0].expr, conditions=False) if isinstance(n, Comparison))
    assert isinstance(general.when, Not) and [c.concept for c in general.when.not_.any] == [
        "liver metastases", "hepatocellular carcinoma"]


def test_limits_for_each_sex_leave_a_limit_for_everyone_as_it_is(parse):
    found = [n for n in iter_nodes(parse(one_item("QTc > 460 ms (males) or > 470 ms (females); or QTc > 450 ms on "
                                                  "repeated ECGs", "exclusion")).exclusion[0].expr, conditions=False)
             if isinstance(n, Comparison)]
    assert [(n.value, n.when is None) for n in found] == [(460, False), (470, False), (450, True)]


@pytest.mark.parametrize("text", ["AST ≤ 2.5 × ULN, ALT ≤ 2.5 × ULN (for patients with liver metastases: AST ≤ 5 × "
                                  "ULN, ALT ≤ 5 × ULN)", "AST and ALT ≤ 2.5 × ULN; pts with liver metastases, AST and "
                                  "ALT ≤ 5 × ULN"])
def test_every_limit_of_a_subgroups_clause_on_a_measure_limited_before_is_the_subgroups(parse, text):
    found = [(n.measure[:5], n.value, _subgroup(n.when)) for n in iter_nodes(parse(one_item(text)).inclusion[0].expr,
                                                                             conditions=False)
             if isinstance(n, Comparison)]
    assert sorted(found) == sorted([("alani", 2.5, "not liver metastases"), ("alani", 5, "liver metastases"),
                                    ("aspar", 2.5, "not liver metastases"), ("aspar", 5, "liver metastases")])


@pytest.mark.parametrize("text", ["For patients > 16 years, Karnofsky ≥ 50%; for patients ≤ 16 years, Lansky ≥ 50%",
                                  "Performance (for patients > 16 years of age, defined as Karnofsky ≥ 50% and for "
                                  "patients ≤ 16 years of age, defined as Lansky ≥ 50%)"])
def test_persons_of_an_age_opening_each_of_two_clauses_are_the_groups_of_their_thresholds(parse, text):
    expr = parse(one_item(text)).inclusion[0].expr
    found = [(n.measure.split()[0], n.when.op, n.when.value) for n in iter_nodes(expr, conditions=False)
             if isinstance(n, Comparison)]
    assert found == [("Karnofsky", ">", 16), ("Lansky", "<=", 16)]


@pytest.mark.parametrize("text", ["For patients < 16 years of age, Lansky ≥ 70%",
                                  "ECOG ≤ 2, and for patients < 16 years of age, Lansky must be ≥ 70%"])
def test_persons_of_an_age_led_as_a_group_before_one_threshold_are_its_group(parse, text):
    found = [(n.measure.split()[0], n.when.op if n.when else None) for n in iter_nodes(
        parse(one_item(text)).inclusion[0].expr, conditions=False) if isinstance(n, Comparison)]
    assert ("Lansky", "<") in found and not any(measure == "age" for measure, _ in found)


@pytest.mark.parametrize("text", ["Except in patients ≥ 70 years, creatinine clearance ≥ 60 mL/min",
                                  "Unless patients are ≥ 70 years, creatinine clearance ≥ 60 mL/min"])
def test_persons_of_an_age_led_by_an_exception_are_the_group_a_threshold_does_not_hold_in(parse, text):
    (found,) = [n for n in iter_nodes(parse(one_item(text)).inclusion[0].expr, conditions=False)
                if isinstance(n, Comparison)]
    assert found.measure == "creatinine clearance" and isinstance(found.when, Not)
    assert (found.when.not_.op, found.when.not_.value) == (">=", 70)


@pytest.mark.parametrize("text", ["For women, hemoglobin ≥ 11 g/dL", "In women: hemoglobin ≥ 11 g/dL"])
def test_one_sex_led_as_a_group_before_a_threshold_is_its_group(parse, text):
    (found,) = [n for n in iter_nodes(parse(one_item(text)).inclusion[0].expr, conditions=False)
                if isinstance(n, Comparison)]
    assert _subgroup(found.when) == "women"


def test_persons_of_an_age_before_one_threshold_are_an_age_required_beside_it(parse):
    found = [(n.measure, n.when) for n in iter_nodes(parse(one_item("Patients aged 18 years or older, ECOG 0-1"))
                                                     .inclusion[0].expr) if isinstance(n, Comparison)]
    assert ("age", None) in found


def test_a_second_subgroup_opening_its_own_clause_is_not_the_first_ones(parse):
    found = [(n.measure[:5], n.value, _subgroup(n.when)) for n in iter_nodes(parse(one_item(
        "Total bilirubin ≤ 1.5 × ULN and AST ≤ 2.5 × ULN; for patients with liver metastases, AST ≤ 5 × ULN, and for "
        "patients with Gilbert's syndrome, total bilirubin ≤ 3 × ULN")).inclusion[0].expr, conditions=False)
             if isinstance(n, Comparison)]
    assert ("total", 3, "gilbert's syndrome") in found and ("aspar", 5, "liver metastases") in found


def test_a_limit_for_a_sex_gives_way_to_another_subgroups(parse):
    men = next(n for n in iter_nodes(parse(one_item("QTc ≥ 450 ms males or ≥ 470 ms females (≥ 500 ms in patients with "
                                                    "bundle branch block)", "exclusion")).exclusion[0].expr,
                                     conditions=False) if isinstance(n, Comparison))
    assert isinstance(men.when, AllOf) and [_subgroup(w) for w in men.when.all] == ["males",
                                                                                   "not bundle branch block"]


@pytest.mark.parametrize("text", ["Age 50-80 years male, female", "Age 18-65 years men, or women who are not pregnant"])
def test_sexes_listed_by_a_comma_after_a_threshold_are_no_subgroup_of_it(parse, text):
    assert all(n.when is None for n in iter_nodes(parse(one_item(text)).inclusion[0].expr) if isinstance(n, Comparison))


def test_a_subgroups_limit_of_a_measure_not_limited_before_is_the_subgroups_too(parse):
    found = [(n.measure, _subgroup(n.when)) for n in iter_nodes(parse(one_item(
        "Total bilirubin ≤ 1.5 × ULN; for patients with Gilbert's syndrome, total bilirubin ≤ 3 × ULN and indirect "
        "bilirubin ≤ 2.5 × ULN")).inclusion[0].expr, conditions=False) if isinstance(n, Comparison)]
    assert ("indirect bilirubin", "gilbert's syndrome") in found


@pytest.mark.parametrize(("limit", "measure"), [("creatinine ≤ 1.5 × ULN", "serum creatinine"),
                                                 ("albumin ≥ 3.0 g/dL", "albumin")])
def test_a_limit_of_another_lab_after_a_subgroups_limit_is_everyones(parse, limit, measure):
    """Another organ's lab, or another lab of the organ: only a lab named like one the subgroup limits shares it."""
    found = [(n.measure, n.when) for n in iter_nodes(parse(one_item(
        f"Total bilirubin ≤ 1.5 × ULN; for patients with Gilbert's syndrome, total bilirubin ≤ 3 × ULN, and {limit}"
    )).inclusion[0].expr, conditions=False) if isinstance(n, Comparison)]
    assert (measure, None) in found


def test_the_next_sexs_limit_after_a_comma_keeps_both_subgroups(parse):
    expr = parse(one_item("Hemoglobin ≥ 13 g/dL males, females ≥ 12 g/dL")).inclusion[0].expr
    found = [(n.value, _subgroup(n.when)) for n in iter_nodes(expr, conditions=False) if isinstance(n, Comparison)]
    assert found in ([(13, "males"), (12, "females")], [(13, "males"), (12, "not males")])


def test_age_groups_that_leave_ages_out_are_groups_whose_outsiders_a_person_reads(parse):
    criterion = parse(one_item("Patients ≥ 18 years, ECOG 0-1; patients 12-17 years, Lansky ≥ 60%")).inclusion[0]
    assert all(n.when is not None for n in iter_nodes(criterion.expr, conditions=False) if isinstance(n, Comparison))
    assert criterion.rest == "unknown"


def test_age_groups_after_a_label_are_groups_still(parse):
    expr = parse(one_item("Performance status: patients > 16 years, Karnofsky ≥ 50%; patients ≤ 16 years, Lansky ≥ "
                          "50%")).inclusion[0].expr
    found = [n.when.value for n in iter_nodes(expr, conditions=False) if isinstance(n, Comparison)]
    assert found == [16, 16]


@pytest.mark.parametrize("item", ["Unremarkable history of autoimmune diseases",
                                  "Inconspicuous anamnesis regarding autoimmune diseases"])
def test_an_unremarkable_history_of_a_condition_denies_it(parse, item):
    """An unremarkable (inconspicuous) history regarding a condition says the patient has none of it."""
    (criterion,) = parse(one_item(item)).inclusion
    assert isinstance(criterion.expr, Concept) and criterion.expr.negated


def test_a_concept_a_relative_clause_says_lacks_a_treatment_is_required_with_that_lack(parse):
    """"Brain metastases that have not been treated with radiotherapy": untreated metastases, not anyone without
    radiotherapy."""
    text = "Exclusion Criteria:\n* Brain metastases that have not been treated with radiotherapy"
    (criterion,) = parse(text).exclusion
    assert isinstance(criterion.expr, AllOf) and [(n.concept, n.negated) for n in criterion.expr.all] == [
        ("Brain metastases", False), ("radiotherapy", True)]
    assert criterion.rest == "unknown"  # a radiotherapy on record may have been for something else


@pytest.mark.parametrize("item", ["Serum creatinine ≥ 1.5 mg/dL or ≥ 1.4 mg/dL in men and women, respectively",
                                  "Serum creatinine ≥ 1.5 mg/dL (133 µmol/L) or ≥ 1.4 mg/dL (124 µmol/L) for males "
                                  "and females respectively"])
def test_two_sexes_respectively_are_the_subgroups_of_the_two_thresholds_in_order(parse, item):
    """The second threshold is the second sex's; the first is for the other sex, never "men and women" together."""
    (criterion,) = parse(one_item(item, "exclusion")).exclusion
    whens = [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    first, second = whens
    assert isinstance(second, Concept) and second.text in ("women", "females")
    assert isinstance(first, Not) and first.not_ == second


def test_two_sexes_without_respectively_are_not_parted(parse):
    """"QTc > 450 ms for males and females, or …": both sexes, not the second alone."""
    (criterion,) = parse(one_item("QTc greater than 450 ms for males and females, or a bundle branch block",
                                  "exclusion")).exclusion
    whens = [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert all(when is None or "males and females" in when.text for when in whens)


def test_a_sex_opening_a_clause_right_before_the_measure_is_its_threshold_s_subgroup(parse):
    """"For males HDL-C < 40 mg/dL, for females HDL-C < 45 mg/dL": no comma after the sex, still each sex's limit."""
    (criterion,) = parse(one_item("For males HDL-C < 40 mg/dL, for females HDL-C < 45 mg/dL")).inclusion
    whens = [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert [when.text if isinstance(when, Concept) else None for when in whens] == ["males", "females"]


@pytest.mark.parametrize(("item", "sexes"), [
    ("Male ≥ 65 years or female ≥ 70 years", ["Male", "female"]),
    ("Haemoglobin: Men: 13-18 g/dL and Women: 12-16 g/dL", ["Men", "Men", "Women", "Women"]),
    ("Haemoglobin < 12 g/dL - women or < 13 g/dL - men", ["women", "men"]),
    ("Creatinine > 2.0 mg/dL [men], > 1.8 mg/dL [women]", ["men", "women"]),
])
def test_a_sex_written_right_beside_each_threshold_is_its_subgroup(parse, item, sexes):
    """Before the comparator or number (a colon or dash between at most), or after it set off by a dash or bracket."""
    found = [node.when.text for criterion in parse(one_item(item)).inclusion for node in iter_nodes(criterion.expr)
             if isinstance(node, Comparison) and isinstance(node.when, Concept)]
    assert found == sexes


@pytest.mark.parametrize("item", ["Male or female ≥ 18 years", "Male/female ≥ 18 years of age"])
def test_sexes_coordinated_before_one_threshold_are_no_subgroup(parse, item):
    """"Male or female ≥ 18 years": everyone at least 18, never only the women."""
    (criterion,) = parse(one_item(item)).inclusion
    assert all(node.when is None for node in iter_nodes(criterion.expr) if isinstance(node, Comparison))


@pytest.mark.parametrize("item", [
    "Male subjects who drink more than 21 units of alcohol per week; female subjects who drink more than 14 units of "
    "alcohol per week",
    "Male subjects must weigh at least 50 kg. Female subjects must weigh at least 45 kg."])
def test_a_sex_whose_verb_leads_to_the_threshold_is_its_subgroup(parse, item):
    """"Male subjects who drink more than …", "Female subjects must weigh at least …": the sex is whom the limit is for,
    the verb no condition of its own."""
    whens = [node.when for criterion in parse(one_item(item)).inclusion for node in iter_nodes(criterion.expr)
             if isinstance(node, Comparison)]
    sexes = [(when.not_ if isinstance(when, Not) else when) for when in whens]
    assert all(isinstance(sex, Concept) and sex.text.lower() in ("male", "female") for sex in sexes), whens
    assert sexes[-1].text.lower() == "female" and isinstance(whens[-1], Concept)


@pytest.mark.parametrize(("item", "condition"), [
    ("ALT ≤ 3 x ULN. In patients with documented liver metastases, the ALT may be ≤ 5 x ULN", "liver metastases"),
    ("ALT ≤ 3 x ULN. If there is known hepatic metastasis, the ALT must be ≤ 5 x ULN.", "hepatic metastasis"),
    ("ALT ≤ 3 x ULN. Patients with known liver metastases who have an ALT ≤ 5 x ULN.", "liver metastases"),
    ("ALT ≤ 3 x ULN, for subjects with liver involvement ALT ≤ 5 x ULN", "liver involvement"),
    ("Bilirubin ≤ 1.5 x ULN (in patients with Gilbert syndrome, a total bilirubin ≤ 3 x ULN)", "Gilbert syndrome"),
])
def test_a_subgroup_opening_the_clause_of_a_later_threshold_is_its_condition(parse, item, condition):
    """The later, wider limit is for the subgroup only; the first is for everyone else (never both for all)."""
    (criterion,) = parse(one_item(item)).inclusion
    whens = [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert isinstance(whens[-1], Concept) and whens[-1].text.endswith(condition), whens
    assert isinstance(whens[0], Not) and whens[0].not_ == whens[-1]


def test_a_subgroup_said_to_be_documented_is_the_condition_itself(parse):
    """"in patients with documented liver metastases": a record of liver metastases is what it asks for."""
    (criterion,) = parse(one_item("ALT ≤ 3 x ULN (≤ 5 x ULN in patients with documented liver metastases)")).inclusion
    whens = [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert isinstance(whens[-1], Concept) and whens[-1].text == "liver metastases"


@pytest.mark.parametrize("item", ["ALT > 40 U/L and ≤ 300 U/L for men and > 30 U/L and ≤ 200 U/L for women",
                                  "Haemoglobin < 10 g/dL or > 18 g/dL (males), < 10 g/dL or > 17 g/dL (females)"])
def test_two_bounds_of_a_range_share_the_subgroup_written_after_the_second(parse, item):
    """"> 40 U/L and ≤ 300 U/L for men": the lower bound is the men's too, not everyone's."""
    (criterion,) = parse(one_item(item)).inclusion
    whens = [node.when.text for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert len(whens) == 4 and whens[0] == whens[1] and whens[2] == whens[3] and whens[0] != whens[2]


def test_an_age_threshold_after_if_is_the_subgroup_of_the_threshold_before_it(parse):
    """"> 10 pack-years if ≥ 18 years of age, or > 5 pack-years if < 18 years of age": the ages say whose limit each
    is; they are no ways of their own to be excluded (every adult would be)."""
    item = "Smoking history > 10 pack-years if ≥ 18 years of age, or > 5 pack-years if < 18 years of age"
    (criterion,) = parse(one_item(item, "exclusion")).exclusion
    nodes = [node for node in iter_nodes(criterion.expr, conditions=False) if isinstance(node, Comparison)]
    assert [node.measure for node in nodes] == ["smoking history in pack-years"] * 2
    assert all(isinstance(node.when, Comparison) and node.when.measure == "age" for node in nodes)


@pytest.mark.parametrize("item", [
    "Creatinine clearance ≥ 50 mL/min in ≥ 16 years old or ≥ 70 mL/min in < 16 years old",
    "Creatinine clearance ≥ 50 mL/min (Schwartz formula) for children < 16 years of age or ≥ 70 mL/min (measured) "
    "for patients ≥ 16 years of age",
])
def test_an_age_threshold_led_in_after_a_threshold_or_its_bracketed_method_is_its_subgroup(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    nodes = [node for node in iter_nodes(criterion.expr, conditions=False) if isinstance(node, Comparison)]
    assert [(node.value, node.when.measure if node.when else None) for node in nodes] == [(50, "age"), (70, "age")]


def test_ages_labelling_an_exclusion_before_its_colon_are_the_subgroup_of_the_threshold_after(parse):
    """"Age ≥ 65 years: PLMAI > 15": only patients that old are held to the limit; no age alone excludes."""
    (criterion,) = parse(one_item("Age ≥ 65 years: periodic limb movement index > 15", "exclusion")).exclusion
    assert isinstance(criterion.expr, Comparison) and criterion.expr.measure != "age"
    assert isinstance(criterion.expr.when, Comparison) and criterion.expr.when.measure == "age"


@pytest.mark.parametrize("item", ["Adults with type 2 diabetes who have HbA1c ≥ 7.0%",
                                  "Patients with liver metastases who have ALT ≤ 5 x ULN",
                                  "Children with asthma aged 6 to 11 years"])
def test_a_condition_before_the_only_limit_on_its_measure_is_no_subgroup(parse, item):
    """With no limit on the measure for everyone else, "patients with X who have Y ≥ …" asks for X as well: never
    "if X then Y" (a patient without X would meet it)."""
    (criterion,) = parse(one_item(item)).inclusion
    assert all(node.when is None for node in iter_nodes(criterion.expr) if isinstance(node, Comparison))


@pytest.mark.parametrize("item", ["Age > 80 years: excluded. Creatinine clearance < 30 mL/min",
                                  "Age ≥ 80 years: excluded, as are patients with creatinine clearance < 30 mL/min"])
def test_an_age_before_a_colon_that_does_not_run_into_the_threshold_is_a_reason_of_its_own(parse, item):
    """Words and a sentence end between say the age excludes by itself: no subgroup of the clearance."""
    (criterion,) = parse(one_item(item, "exclusion")).exclusion
    assert all(node.when is None for node in iter_nodes(criterion.expr) if isinstance(node, Comparison))


@pytest.mark.parametrize(("item", "sex"), [("Haemoglobin ≥ 9 g/dL (males: ≥ 10 g/dL)", "males"),
                                           ("QTcF ≤ 450 ms (women ≤ 470 ms)", "women")])
def test_a_sex_opening_a_bracket_after_everyones_limit_has_its_own(parse, item, sex):
    """The bracketed limit is that sex's; the one before it everyone else's (never both for all)."""
    (criterion,) = parse(one_item(item)).inclusion
    whens = [node.when for node in iter_nodes(criterion.expr) if isinstance(node, Comparison)]
    assert isinstance(whens[1], Concept) and whens[1].text == sex and isinstance(whens[0], Not)


def test_an_age_a_comparator_names_after_if_is_the_subgroup_of_the_threshold_before_it(parse):
    """"eGFR < 30, or < 45 mL/min/1.73m2 if older than 75 years": the wider limit is for the old; no age alone
    excludes."""
    item = "eGFR < 30 mL/min/1.73m2, or < 45 mL/min/1.73m2 if older than 75 years"
    (criterion,) = parse(one_item(item, "exclusion")).exclusion
    nodes = [node for node in iter_nodes(criterion.expr, conditions=False) if isinstance(node, Comparison)]
    assert [node.measure for node in nodes] == ["estimated glomerular filtration rate"] * 2
    assert isinstance(nodes[1].when, Comparison) and nodes[1].when.measure == "age"


@pytest.mark.parametrize("item", ["Chemotherapy-naive patients", "Patients who are immunotherapy naïve"])
def test_a_treatment_the_patient_is_naive_to_is_denied(parse, item):
    assert _all_denied(parse, item)


def test_examples_after_an_exception_are_not_denied_with_the_concept_before_it(parse):
    (criterion,) = parse(one_item("No prior chemotherapy, including adjuvant chemotherapy, except endocrine therapy "
                                  "such as letrozole")).inclusion
    assert [n.negated for n in iter_nodes(criterion.expr) if isinstance(n, Concept) and n.concept == "letrozole"] != [
        True]



def test_a_concept_after_or_history_of_is_no_treatment_the_condition_before_requires(parse):
    (criterion,) = parse(one_item("No active inflammatory bowel disease requiring treatment or history of bone marrow "
                                  "transplant")).inclusion
    assert "bone marrow transplant" in [n.concept for n in iter_nodes(criterion.expr) if isinstance(n, Concept)]


def _denied(parse, text: str, section: str = "inclusion") -> bool:
    expr = parse(one_item(text, section)).__getattribute__(section)[0].expr
    return isinstance(expr, Not) and isinstance(expr.not_, Comparison | AllOf)


@pytest.mark.parametrize("text", ["No fever above 38.0 °C", "No history of QTcF > 480 ms",
                                  "No New York Heart Association class II-IV heart failure",
                                  "No sensory neuropathy ≥ grade 2", "No ≥ grade 2 diarrhoea",
                                  "Not drinking more than 3 units of alcohol per day",
                                  "No active infection or temperature > 38 °C"])
def test_a_denial_before_a_threshold_in_an_inclusion_says_the_bound_must_not_hold(parse, text):
    assert _denied(parse, text)


@pytest.mark.parametrize("text", [
    "No more than 2 prior lines of chemotherapy",  # the comparator's own denial
    "Must not have received more than one prior regimen",
    "No clinically significant toxicity (grade ≤ 1) from earlier treatment",  # a bracket restating the denial
    "Post-menopausal, defined as no menses for at least 12 months",  # how long the denied state lasted
    "Patients not on anticoagulants: INR ≤ 1.5",  # who is meant
    "Non-smokers or smokers of fewer than 5 cigarettes a day",
    "No smokers or smokers of fewer than 5 cigarettes a day",
    "Bipolar depression without psychotic features and a MADRS total score > 22",
    "No prior pelvic surgery, except 1 or 2 diagnostic laparoscopies",
])
def test_a_denial_that_is_not_the_thresholds_leaves_it_as_written(parse, text):
    assert not _denied(parse, text)


def test_a_denial_in_an_exclusion_restates_it_and_leaves_the_threshold_as_written(parse):
    assert not _denied(parse, "No fever above 38.0 °C", "exclusion")


def test_a_bracketed_threshold_and_a_window_on_one_event_both_hold(parse):
    expr = parse(one_item("Marked weight loss (> 5%) within 3 months", "exclusion")).exclusion[0].expr
    assert isinstance(expr, AllOf)


def _tree(parse, text: str, section: str = "inclusion") -> str:
    def brief(node) -> str:
        if isinstance(node, AllOf):
            return "all(" + ", ".join(brief(part) for part in node.all) + ")"
        if isinstance(node, AnyOf):
            return "any(" + ", ".join(brief(part) for part in node.any) + ")"
        return node.measure.split()[-1] if isinstance(node, Comparison) else "?"
    return brief(getattr(parse(one_item(text, section)), section)[0].expr)


def test_in_a_list_of_required_labs_or_binds_only_the_two_thresholds_beside_it(parse):
    text = "WBC ≥ 3,000/µL, platelets ≥ 75,000/µL, creatinine ≤ 2.0 mg/dL or creatinine clearance ≥ 50 mL/min"
    assert _tree(parse, text) == "all(count, count, any(creatinine, clearance))"


def test_a_list_closed_by_and_before_the_or_still_requires_each_lab(parse):
    text = "Hemoglobin ≥ 10 g/dL, bilirubin ≤ 1.5 x ULN, and creatinine ≤ 1.5 x ULN or creatinine clearance ≥ 45 mL/min"
    assert _tree(parse, text) == "all(hemoglobin, bilirubin, any(creatinine, clearance))"


def test_performance_scales_listed_with_or_are_alternatives(parse):
    assert _tree(parse, "Karnofsky ≥ 60, ECOG ≤ 2 or Lansky ≥ 60") == "any(status, status, score)"


def test_values_of_one_measure_listed_with_or_are_alternatives(parse):
    text = "Target lesion ≥ 10 mm on CT, ≥ 20 mm on chest x-ray or ≥ 10 mm by calipers"
    assert _tree(parse, text).startswith("any(")


def test_a_list_the_item_counts_is_left_to_its_count(parse):
    text = "At least one of the following: hemoglobin < 10 g/dL, platelets < 100 x 10^9/L or WBC > 30 x 10^9/L"
    assert "all(hemoglobin, count, any(" not in _tree(parse, text)


@pytest.mark.parametrize("text", ["No AST > 3 x ULN, bilirubin > 2 x ULN, or INR > 1.5",
                                  "No systolic pressure > 150 mmHg or diastolic pressure > 95 mmHg",
                                  "No ANC < 1.5 x 10^9/L and no platelets < 75 x 10^9/L"])
def test_a_denial_opening_a_list_of_thresholds_denies_each_and_none_may_hold(parse, text):
    expr = parse(one_item(text)).inclusion[0].expr
    assert isinstance(expr, AllOf) and all(isinstance(part, Not) for part in expr.all)


def test_a_threshold_after_a_comma_naming_the_denied_measure_again_is_its_normal_value(parse):
    assert not _denied(parse, "No clinically relevant proteinuria, urine protein/creatinine ratio < 0.5")


def test_values_of_one_measure_listed_before_or_and_another_measure_are_all_alternatives(parse):
    text = "Creatinine ≤ 1.8 mg/dL, ≤ 1.5 x ULN or creatinine clearance ≥ 45 mL/min"
    assert _tree(parse, text) == "any(creatinine, creatinine, clearance)"


@pytest.mark.parametrize("text", [
    "Creatinine clearance ≥ 50 mL/min; patients with creatinine clearance < 30 mL/min are not eligible",
    "ECOG 0-2, but patients with ECOG 2 will be excluded from the study",
])
def test_a_threshold_its_clause_says_leaves_patients_out_must_not_hold(parse, text):
    expr = parse(one_item(text)).inclusion[0].expr
    assert any(isinstance(node, Not) for node in iter_nodes(expr))


def test_a_denial_opening_a_list_of_subgroup_limits_denies_each(parse):
    expr = parse(one_item("No QTcF > 480 ms for women or > 470 ms for men")).inclusion[0].expr
    assert isinstance(expr, AllOf) and all(isinstance(part, Not) for part in expr.all)


@pytest.mark.parametrize("text", [
    "ECOG performance status 0-1 (ECOG 2 is excluded)",  # the bracket's own threshold
    "Aged 65 or over, or who are ineligible for high-dose chemotherapy",  # a state, not the study's verdict
    "If the patient fails to show a rise in FEV1 ≥ 12%, the patient is not eligible",  # a denial already there
])
def test_a_threshold_the_ruling_out_is_not_about_stays_as_written(parse, text):
    expr = parse(one_item(text)).inclusion[0].expr
    first = next(node for node in iter_nodes(expr) if isinstance(node, Comparison))
    assert not any(isinstance(node, Not) and node.not_ is first for node in iter_nodes(expr))


def test_an_or_between_the_names_one_threshold_bounds_does_not_join_it_to_the_threshold_before(parse):
    text = "Serum bilirubin ≤ 1.5 x ULN, SGOT or SGPT ≤ 3 x ULN"
    expr = parse(one_item(text)).inclusion[0].expr
    assert isinstance(expr, AllOf) and isinstance(expr.all[0], Comparison) and expr.all[0].measure == "total bilirubin"


@pytest.mark.parametrize("text", [
    "No QTcF > 480 ms, LVEF ≥ 50%",  # no "or": the items after the comma are required as written
    "Creatinine clearance ≥ 30 mL/min (patients with creatinine clearance 30-50 mL/min will be excluded from arm B)",
    "Hemoglobin ≥ 9 g/dL; patients with hemoglobin ≥ 9 g/dL only after transfusion are not eligible",
])
def test_a_denial_or_ruling_out_that_does_not_reach_a_threshold_leaves_it_as_written(parse, text):
    expr = parse(one_item(text)).inclusion[0].expr
    assert not isinstance(expr, Not) and not all(isinstance(part, Not) for part in getattr(expr, "all", [expr]))


@pytest.mark.parametrize(("item", "bound"), [
    ("Prior radiotherapy must not have covered more than 20% of the bone marrow", ("<=", 20)),
    ("The participant must not be younger than 12 years", (">=", 12)),
    ("Patients must not have been exposed to more than 400 mg/m2 of epirubicin", ("<=", 400)),
])
def test_a_denial_of_the_verb_a_threshold_follows_turns_the_bound_round_as_not_more_than_would(parse, item, bound):
    assert [c[1:3] for c in comparisons(parse(one_item(item)))] == [bound]


def test_a_denied_verb_over_two_measures_keeps_its_denial_of_both_together(parse):
    (criterion,) = parse(one_item("ALT and AST may not both be greater than 2 x ULN")).inclusion
    assert isinstance(criterion.expr, Not)


def test_a_denied_verb_before_how_long_a_state_lasted_denies_no_bound(parse):
    assert [c[1] for c in comparisons(parse(one_item("Ex-smokers not smoking for more than 12 months")))] == [">"]


@pytest.mark.parametrize("item", ["Ocular pressure without treatment ≤ 21 mmHg",
                                  "Reading span: those who are not trained score < 12 points"])
def test_a_denial_of_a_noun_or_of_whom_a_threshold_is_for_denies_no_threshold(parse, item):
    (criterion,) = parse(one_item(item)).inclusion
    assert not isinstance(criterion.expr, Not)


def test_a_denied_verb_after_the_persons_it_is_said_of_turns_the_bound_round(parse):
    assert [c[1:3] for c in comparisons(parse(one_item("Patients cannot weigh more than 140 kg")))] == [("<=", 140)]
