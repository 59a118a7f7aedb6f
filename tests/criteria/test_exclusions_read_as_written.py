"""Specifications for exclusions read as what excludes: an exception or a waiver that lifts one, a requirement filed
among them, two limits of one measure either way out of a range, a count inside the event a window dates, and the
event a window dates after a label or a denied change."""

from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Not
from tests.criteria.conftest import one_item, only_criterion, windows


def test_a_threshold_in_an_exclusions_bracketed_exception_lifts_the_exclusion(parse):
    text = "Anticoagulant use (with the exception of low dose aspirin up to 300 mg/day) within 2 weeks"
    expr = only_criterion(parse, text, "exclusion").expr
    assert isinstance(expr, AllOf)
    event, lifted = expr.all
    assert isinstance(event, Concept) and event.within is not None
    assert isinstance(lifted, Not) and (lifted.not_.measure, lifted.not_.value) == ("low dose aspirin", 300)


def test_a_threshold_counting_the_event_a_window_dates_holds_with_the_window(parse):
    expr = only_criterion(parse, "More than 3 episodes of hypoglycaemia in the last 6 months", "exclusion").expr
    assert isinstance(expr, AllOf) and [type(node) for node in expr.all] == [Comparison, Concept]


def test_an_event_listed_before_a_threshold_in_the_windows_words_excludes_alone(parse):
    expr = only_criterion(parse, "Active infection or fever ≥ 38.5 °C within the past 3 days", "exclusion").expr
    assert isinstance(expr, AnyOf)


def test_limits_of_one_measure_with_a_gap_between_them_exclude_either_way(parse):
    expr = only_criterion(parse, "Age younger than 18 and older than 75 years", "exclusion").expr
    assert isinstance(expr, AnyOf) and [node.op for node in expr.any] == ["<", ">"]


def test_limits_of_one_measure_that_meet_are_no_way_out_of_a_range(parse):
    text = "Smoking more than 10 cigarettes/day and unwilling to restrict smoking to ≤ 10 cigarettes per day"
    assert not isinstance(only_criterion(parse, text, "exclusion").expr, AnyOf)


def test_an_exclusion_read_only_after_unless_is_lifted_by_what_follows(parse):
    expr = only_criterion(parse, "Prior malignancy, unless disease-free for at least 5 years", "exclusion").expr
    assert isinstance(expr, Not) and (expr.not_.op, expr.not_.value) == (">=", 5)


def test_an_event_named_before_unless_keeps_the_exclusion_its_own(parse):
    text = "Chronic corticosteroids unless started more than 6 months ago at less than 20 mg of methylprednisolone"
    assert not isinstance(only_criterion(parse, text, "exclusion").expr, Not)


def test_an_exclusion_whose_structure_is_all_in_its_exception_is_left_to_a_person(parse):
    text = "Any prescribed drug, with the exception of paracetamol (up to 3 g per day) within 2 weeks"
    criterion = only_criterion(parse, text, "exclusion")
    assert (criterion.coverage, criterion.rest) == ("partial", "unknown")


def test_no_change_before_a_dated_change_denies_it(parse):
    found = windows(parse(one_item("No change in heart failure symptoms over the past 3 months")))
    assert found == [("change in heart failure symptoms", "<=", 3, "mo", True)]


def test_a_window_dates_the_event_named_after_a_label_not_the_label(parse):
    found = windows(parse(one_item("Radiotherapy: must not have received radiotherapy within 4 weeks of entry")))
    assert found == [("radiotherapy", "<=", 4, "wk", True)]


def test_a_label_naming_whom_an_item_is_about_stays_in_the_event(parse):
    text = "For patients currently receiving steroids: treatment at a stable dose during the last 4 weeks"
    assert windows(parse(one_item(text)))[0][0].startswith("patients currently receiving steroids")


def test_an_exclusion_saying_what_is_required_is_left_to_a_person(parse):
    criterion = only_criterion(parse, "Hemoglobin must be at least 9 g/dL", "exclusion")
    assert (criterion.coverage, criterion.rest) == ("partial", "unknown")


def test_an_exclusion_whose_modal_is_denied_excludes_as_it_reads(parse):
    criterion = only_criterion(parse, "Patients must not have received chemotherapy within 4 weeks", "exclusion")
    assert (criterion.coverage, criterion.rest) == ("full", "none")


def test_a_target_said_missed_excludes_those_beyond_it(parse):
    expr = only_criterion(parse, "Hypertension (not stabilised to 150/90 mmHg or lower)", "exclusion").expr
    assert isinstance(expr, Not) and isinstance(expr.not_, AllOf)
    assert [(node.op, node.value) for node in expr.not_.all] == [("<=", 150), ("<=", 90)]


def test_a_bracketed_requirement_with_a_value_leaves_an_exclusion_to_a_person(parse):
    text = "Serum potassium < 3.3 or ≥ 5.5 mEq/L at screening (must be 3.5-5.5 mEq/L before randomisation)"
    assert only_criterion(parse, text, "exclusion").rest == "unknown"


def test_a_bracketed_note_on_how_an_event_is_confirmed_leaves_the_exclusion_decisive(parse):
    text = "Myocardial infarction (this should be confirmed by a cardiologist) within the previous 12 months"
    assert only_criterion(parse, text, "exclusion").coverage == "full"


def test_an_exceptions_words_end_at_a_comma_opening_another_alternative(parse):
    text = "Any liver disease other than fatty liver disease, or ALT > 2.5 x ULN"
    assert not isinstance(only_criterion(parse, text, "exclusion").expr, Not)


def test_a_threshold_only_an_exception_reads_lifts_the_exclusion(parse):
    expr = only_criterion(parse, "Anticoagulant therapy (except enoxaparin ≤ 40 mg daily)", "exclusion").expr
    assert isinstance(expr, Not) and expr.not_.value == 40


def test_limits_of_one_measure_in_two_units_with_a_gap_between_them_exclude_either_way(parse):
    expr = only_criterion(parse, "Participants younger than 6 months and older than 5 years", "exclusion").expr
    assert isinstance(expr, AnyOf)
