"""Whom or what a threshold is about when the words say it elsewhere: a phrase pointing back ("that disease", "these
drugs"), a time free of disease (the disease the criterion named before), an age said of someone else."""

import pytest

from tests.criteria.conftest import comparisons, item_comparisons, one_item, windows


@pytest.mark.parametrize(("item", "event"), [
    ("Prior melanoma is allowed if off all therapy for that disease for at least 5 years", "melanoma"),
    ("Patients treated with warfarin must be off these drugs for at least 7 days", "warfarin"),
    # a drug word points to what the persons take, not to the disease opening the sentence
    ("Asthma patients on inhaled steroids must be off those medications for 2 weeks", "inhaled steroids"),
    # a disease word: the phrase opening the sentence, up to a verb of permission
    ("Patients with psoriasis may enrol if off all drugs for that disease for 3 months", "psoriasis"),
])
def test_a_duration_of_a_phrase_pointing_back_bounds_what_opens_the_sentence(parse, item, event):
    assert comparisons(parse(one_item(item)))[0][0] == event


def test_a_drug_word_pointing_back_across_a_sentence_bounds_what_the_sentence_before_says_persons_take(parse):
    item = "Patients taking digoxin are excluded. Patients must be off these drugs for at least 10 days"
    assert comparisons(parse(one_item(item)))[0][0] == "digoxin"


@pytest.mark.parametrize(("item", "drug"), [
    ("Inhaled budesonide is permitted if at a stable dose for at least 6 weeks", "budesonide"),
    ("Levothyroxine is allowed if the dose has been stable for at least 3 months", "Levothyroxine"),
])
def test_a_stable_dose_a_permission_makes_its_condition_is_of_what_the_sentence_opens_with(parse, item, drug):
    assert drug in comparisons(parse(one_item(item)))[0][0]


def test_a_window_of_a_phrase_pointing_back_dates_what_opens_the_sentence(parse):
    item = "Patients receiving lithium must stop this medication within 2 weeks of day 1"
    assert [found[0] for found in windows(parse(one_item(item)))] == ["lithium"]


@pytest.mark.parametrize("item", [
    "Patients must be off these drugs for at least 7 days",
    # a pronoun names nothing of its own
    "Patients receiving them must be off these drugs for at least 7 days",
])
def test_a_phrase_pointing_back_to_no_named_thing_stays_as_written(parse, item):
    assert comparisons(parse(one_item(item)))[0][0].endswith("off these drugs")


@pytest.mark.parametrize("item", [
    "Prior malignancy allowed if disease-free for at least 3 years",
    "Other cancer, unless in complete remission for at least 3 years",
    # the mention in an aside is an exception, not the disease
    "Second malignancies (except basal cell skin cancer) with no evidence of disease for at least 3 years",
])
def test_a_time_free_of_disease_bounds_the_malignancy_named_before(parse, item):
    assert comparisons(parse(one_item(item, "exclusion")), "exclusion")[0][:3] == ("time free of malignancy", ">=", 3)


def test_a_time_free_of_disease_after_a_sentence_naming_nothing_else_bounds_the_malignancy_before(parse):
    item = "History of other malignancy. However, subjects who have been disease-free for 5 years are eligible"
    assert comparisons(parse(one_item(item, "exclusion")), "exclusion")[0][0] == "time free of malignancy"


@pytest.mark.parametrize("item", [
    "Patients must be disease-free for 5 years",
    # another disease named in its own sentence
    "Prior malignancy. Crohn's disease relapse-free for 1 year",
])
def test_a_time_free_of_disease_with_no_malignancy_before_stays_as_written(parse, item):
    assert comparisons(parse(one_item(item)))[0][0] != "time free of malignancy"


@pytest.mark.parametrize(("item", "measure"), [
    ("Kidney from a donor older than 60 years", "age of donor"),
    ("Matched sibling donor aged 18 to 60 years", "age of donor"),
    ("Matched sibling donor aged 18-60", "age of donor"),
    ("First-degree relative with sudden cardiac death under 40 years of age", "age of relative"),
])
def test_an_age_said_of_someone_else_is_that_persons_age(parse, item, measure):
    assert {found[0::3] for found in comparisons(parse(one_item(item)))} == {(measure, "a")}


@pytest.mark.parametrize(("item", "measure"), [
    ("Bone age of 12 years or less on a hand X-ray", "bone age"),
    ("Mental age of at least 18 months on the Vineland scale", "mental age"),
    ("Infants of postmenstrual age ≤ 44 weeks at enrolment", "postmenstrual age"),
    ("Corrected age under 6 months for infants born preterm", "corrected age"),
])
def test_an_age_measured_another_way_is_not_the_age_since_birth(parse, item, measure):
    assert [found[0] for found in item_comparisons(parse, item)] == [measure]


@pytest.mark.parametrize(("item", "measure"), [
    ("Archival tumour tissue no more than 12 months old", "Archival tumour tissue"),
    ("Screening CT scans must be less than 4 weeks old at randomisation", "Screening CT scans"),
    ("Recent hepatitis B infection (under 6 months old)", "hepatitis B infection"),
])
def test_old_after_a_dated_thing_says_how_recent_the_thing_is_not_an_age(parse, item, measure):
    assert [found[0] for found in item_comparisons(parse, item)] == [measure]


@pytest.mark.parametrize("item", ["Patients must be < 60 years old", "Children under 18 months old",
                                  "Patients with chronic hepatitis B infection 18-65 years old",
                                  # short phrases joined before the persons
                                  "Boys or pre-pubertal girls between 8 and 12 years",
                                  "Premenopausal or postmenopausal women 40-60 years",
                                  # years "of" persons
                                  "40 to 75 years of healthy adult volunteers"])
def test_years_said_of_persons_are_their_age(parse, item):
    assert {found[0] for found in item_comparisons(parse, item)} == {"age"}


def test_one_bound_of_years_of_something_done_to_persons_is_no_age(parse):
    found = item_comparisons(parse, "Investigators with at least 5 years of experience treating patients")
    assert [c[0] for c in found] == ["experience treating patients"]


def test_an_age_said_of_the_participant_after_another_person_is_the_participants(parse):
    item = "Consent from a parent and the participant aged 14 to 17 years"
    assert {found[0] for found in comparisons(parse(one_item(item)))} == {"age"}


def test_a_steady_dose_is_named_by_the_drug_said_to_be_taken(parse):
    text = "Patients on levothyroxine must be on a stable dose for at least 6 weeks"
    assert [c[0] for c in item_comparisons(parse, text)] == ["levothyroxine must be on a stable dose"]


def test_a_daily_dose_is_named_by_the_drug_said_to_be_taken(parse):
    text = "Patients on hydrocortisone must be receiving a daily dose of < 30 mg"
    assert [c[0] for c in item_comparisons(parse, text)] == ["hydrocortisone must be receiving a daily dose"]


def test_a_dose_opening_a_bracket_after_a_treatment_is_the_treatments(parse):
    text = "Azathioprine therapy (stable dose, at most 150 mg/day)"
    assert item_comparisons(parse, text) == [("Azathioprine therapy", "<=", 150, "mg/d")]


def test_a_dose_in_brackets_after_a_word_of_steadiness_is_no_treatments(parse):
    text = "Metformin in combination with stable (unchanged doses for at least 3 months) sulfonylurea"
    assert [c[0] for c in item_comparisons(parse, text)] == ["unchanged doses"]


@pytest.mark.parametrize("text", ["Hypothyroidism (daily dose of levothyroxine ≤ 150 mcg)",
                                  "Controlled hypertension (stable dose for at least 4 weeks)"])
def test_a_dose_in_brackets_after_a_condition_is_no_condition(parse, text):
    assert not any(c[0].lower().startswith(("hypothyroidism", "controlled")) for c in item_comparisons(parse, text))


def test_a_dose_in_brackets_after_a_list_of_treatments_is_the_last_ones(parse):
    text = "Treated with diet, exercise and glipizide (stable dose of at least 5 mg/day)"
    assert item_comparisons(parse, text) == [("glipizide", ">=", 5, "mg/d")]


def test_a_window_over_a_steady_dose_dates_the_drug_said_to_be_taken(parse):
    text = "If receiving levothyroxine, the dose must be stable or decreasing for at least 6 weeks prior to the scan"
    found = [w[0] for w in windows(parse(one_item(text)))]
    assert len(found) == 1 and found[0].startswith("levothyroxine")


@pytest.mark.parametrize(("item", "measure"), [
    ("At least one target lesion by CT or magnetic resonance imaging (MRI) scan of ≥ 15 mm", "target lesion"),
    ("One lesion or more that can be accurately measured in at least one dimension as ≥ 12 mm", "lesion"),
])
def test_a_size_after_the_words_saying_how_it_is_measured_is_the_lesions(parse, item, measure):
    assert [found[0] for found in item_comparisons(parse, item) if found[3] == "mm"] == [measure]


@pytest.mark.parametrize("item", ["Solitary brain metastasis: by MRI ≥ 5 mm from the optic chiasm",
                                  "Tumour with peritumoral edema: by MRI ≤ 5 mm"])
def test_a_length_measured_by_imaging_after_other_words_is_no_lesion_size(parse, item):
    assert all("metastasis" not in found[0] and "Tumour" not in found[0] for found in item_comparisons(parse, item))


def test_gestational_age_at_birth_keeps_its_name_before_another_age_with_its_own_threshold(parse):
    found = item_comparisons(parse, "Infants born < 32 weeks gestational age, postmenstrual age < 44 weeks")
    assert [c[0] for c in found] == ["gestational age", "postmenstrual age"]


def test_a_permitted_drug_is_named_past_the_persons_taking_it(parse):
    item = "Patients taking statins are permitted if at a stable dose for at least 6 weeks"
    assert comparisons(parse(one_item(item)))[0][0].startswith("statins")
