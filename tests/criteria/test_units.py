"""Units: conversion is dimensional (like with like, anything else refused), and units are read as written."""

import pytest

from parser.models.criteria import Comparison
from parser.models.walk import iter_nodes
from parser.vocabulary.units import IncompatibleUnits, convert, dimension
from tests.criteria.conftest import comparisons, item_comparisons, one_item, windows


def test_cells_per_cubic_millimetre_to_giga_per_litre():
    assert convert(1500, "/mm3", "10*9/L") == pytest.approx(1.5)


def test_any_power_of_ten_per_a_volume_of_the_table_is_a_count_in_that_volume():
    assert dimension("10*5/uL") == "number concentration"
    assert convert(7.5, "10*4/mm3", "10*9/L") == pytest.approx(75)


def test_grams_per_litre_to_grams_per_decilitre():
    assert convert(90, "g/L", "g/dL") == pytest.approx(9)


def test_creatinine_mass_to_molar_uses_the_molar_mass():
    assert convert(1.5, "mg/dL", "umol/L", molar_mass=113.12) == pytest.approx(132.6, rel=1e-3)


def test_mass_to_molar_without_molar_mass_is_refused():
    with pytest.raises(IncompatibleUnits):
        convert(1.5, "mg/dL", "umol/L")


def test_conversion_across_dimensions_is_refused():
    with pytest.raises(IncompatibleUnits, match="cannot convert"):
        convert(100, "10*9/L", "g/L")


def test_unknown_unit_is_named():
    with pytest.raises(IncompatibleUnits, match="furlong"):
        convert(1, "furlong", "cm")


def test_months_and_years_share_the_time_dimension():
    assert dimension("mo") == dimension("a") == "time"
    assert convert(6, "mo", "a") == pytest.approx(0.5)


def test_fahrenheit_converts_to_celsius_with_its_offset():
    assert convert(100.4, "[degF]", "Cel") == pytest.approx(38.0)
    assert convert(38.0, "Cel", "[degF]") == pytest.approx(100.4)


def test_reading_a_unit_refuses_what_no_table_knows():
    from parser.vocabulary.units import read_unit

    with pytest.raises(IncompatibleUnits, match="furlong"):
        read_unit("furlong/min")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Cardiac index below 2.2 L/min/m*2", "L/min/m2"),
        ("Six-minute walk distance of at least 150 m", "m"),
        ("Basal insulin of at least 20 units/day", "U/d"),
        ("Unfractionated heparin above 15,000 U/day", "U/d"),
        ("Cholecalciferol above 20,000 IU/week", "[IU]/wk"),
        ("Total insulin dose above 1.5 units/kg", "U/kg"),
    ],
)
def test_units_written_with_a_power_sign_per_period_or_as_metres(parse, text, unit):
    ((*_, written),) = item_comparisons(parse, text)
    assert written == unit


@pytest.mark.parametrize("text", ["Cockcroft-Gault clearance ≥ 60 mL/min.** Measured values may be used",
                                  "Cockcroft-Gault clearance ≥60mL/min** (see appendix)"])
def test_a_units_last_atom_is_read_past_the_asterisks_of_bold_text_or_a_footnote(parse, text):
    ((*_, written),) = item_comparisons(parse, text)
    assert written == "mL/min"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Tumour longer than 2 centimeter in one dimension", "cm"),
        ("Target plaque of at least 9 centimeter^2", "cm2"),
        ("Radiation field smaller than 150 square centimetres", "cm2"),
        ("Home oxygen at more than 2 l/min", "L/min"),
        ("Exercise of at least 150 minutes weekly", "min/wk"),
        ("Fluid intake of more than 2L per day", "L/d"),
    ],
)
def test_lengths_areas_and_flows_spelled_out_or_in_lower_case(parse, text, unit):
    ((*_, written),) = item_comparisons(parse, text)
    assert written == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Prior ifosfamide above 2,000 mg/m2/day", "mg/m2/d"),
        ("Knee flexion contracture greater than 15°", "deg"),
        ("Scoliosis with a Cobb angle of 25 degrees or more", "deg"),
    ],
)
def test_doses_per_area_a_day_and_angles(parse, text, unit):
    ((*_, written),) = item_comparisons(parse, text)
    assert written == unit


@pytest.mark.parametrize(("text", "unit"), [("Oral temperature above 38.2 degrees", "Cel"),
                                            ("Fever of 100.9° or higher", "[degF]")])
def test_degrees_of_a_temperature_are_celsius_or_fahrenheit_by_the_value(parse, text, unit):
    ((*_, written),) = item_comparisons(parse, text)
    assert written == unit


@pytest.mark.parametrize("text", ["Hypothermia below 35.5 °C", "Pyrexia above 38 °C", "Tympanic temperature > 38 °C"])
def test_words_for_a_high_or_low_body_temperature_name_it(parse, text):
    assert [c[0] for c in item_comparisons(parse, text)] == ["body temperature"]


def test_a_capital_n_before_a_slash_is_newtons_not_the_upper_limit(parse):
    ((*_, written),) = item_comparisons(parse, "Bite force below 40 N/cm2")
    assert written == "N/cm2"


def test_units_of_a_dose_are_units_not_units_of_alcohol(parse):
    assert item_comparisons(parse, "Insulin dose above 100 units") == [("Insulin dose", ">", 100, "U")]
    assert [c[3] for c in item_comparisons(parse, "Alcohol intake above 14 units per week")] == ["{units}/wk"]


def test_a_velocity_is_metres_per_second(parse):
    assert item_comparisons(parse, "Tricuspid regurgitant jet velocity of at least 2.8 m/sec") == [
        ("Tricuspid regurgitant jet velocity", ">=", 2.8, "m/s")]


def test_a_level_does_not_take_the_unit_of_a_change_bounded_beside_it(parse):
    text = "Depression score ≥ 20 and at least a 25% improvement since baseline"
    assert [c[1:] for c in item_comparisons(parse, text)] == [(">=", 20, "1"), (">=", 25, "%")]


@pytest.mark.parametrize(("text", "expected"), [("Parasitemia above 2,000 parasites/uL", (2000, "/uL")),
                                                ("Bacteriuria of at least 100 colonies per mL", (100, "/mL"))])
def test_a_count_of_things_per_volume_is_a_number_concentration(parse, text, expected):
    assert [found[2:] for found in item_comparisons(parse, text)] == [expected]


@pytest.mark.parametrize(("text", "unit"), [("CD4 count below 200 cells per cubic millimeter", "/mm3"),
                                            ("CD4 count below 200 cells/cubic mm", "/mm3"),
                                            ("CD4 count below 200 cell/mm^3", "/mm3"),
                                            ("CD4 count below 200 cells/microliter", "/uL")])
def test_cells_per_volume_in_words_or_in_the_singular_are_the_whole_unit(parse, text, unit):
    (criterion,) = parse(one_item(text)).inclusion
    assert (criterion.expr.unit, criterion.expr.unit_inferred, criterion.coverage) == (unit, False, "full")


def test_other_things_counted_per_volume_stay_named_before_their_unit(parse):
    assert item_comparisons(parse, "Bacteriuria of at least 100,000 colonies/mL") == [
        ("Bacteriuria", ">=", 100000, "/mL")]



@pytest.mark.parametrize(("text", "expected"), [("Expired-air carbon monoxide above 8 ppm", (8, "[ppm]")),
                                                ("Blood lead no higher than 50 ppb", (50, "[ppb]")),
                                                ("Exhaled CO over 10 parts per million", (10, "[ppm]")),
                                                ("Blood lead under 5 parts per billion", (5, "[ppb]"))])
def test_parts_per_million_or_billion_are_fractions(parse, text, expected):
    assert [found[2:] for found in item_comparisons(parse, text)] == [expected]


@pytest.mark.parametrize(("text", "expected"), [("CD34+ cells ≥ 2 x 10^6/kg", (2, "10*6/kg")),
                                                ("CD34+ cells at least 2 x 106 cells/kg", (2, "10*6/kg")),
                                                ("Urine culture ≥ 10^5 CFU/mL", (100000, "{CFU}/mL"))])
def test_cells_per_kilogram_and_colony_forming_units_keep_their_unit(parse, text, expected):
    assert [found[2:] for found in item_comparisons(parse, text)] == [expected]


@pytest.mark.parametrize("text", ["Received at least 6 units of packed red cells in the past year",
                                  "Transfusion of more than 2 units in the last month"])
def test_units_of_blood_are_counted_not_enzyme_units(parse, text):
    assert [c[3] for c in item_comparisons(parse, text) if c[3] != "mo"] == ["{units}"]


def test_units_per_volume_beside_a_transfusion_stay_an_enzymes(parse):
    assert [c[3] for c in item_comparisons(parse, "Transfused within 4 weeks and lipase > 60 U/L") if c[3] != "wk"] == [
        "U/L"]


@pytest.mark.parametrize(("text", "unit"), [("Urinary protein below 2 g by 24-hour urine collection", "g/(24.h)"),
                                            ("Proteinuria (no more than 300 mg protein/24 hours)", "mg/(24.h)")])
def test_a_mass_in_a_timed_urine_collection_is_the_amount_of_that_period(parse, text, unit):
    assert [c[3] for c in item_comparisons(parse, text)] == [unit]


def test_a_mass_beside_hours_that_are_a_window_before_a_collection_stays_a_mass(parse):
    found = item_comparisons(parse, "Methylprednisolone above 40 mg within 24 hours before the urine collection")
    assert [c[3] for c in found if c[0] != "Methylprednisolone above 40 mg"] == ["mg"]


@pytest.mark.parametrize("item", ["Creatinine clearance ≥ 60 cc/min", "Creatinine clearance above 50 cc / minute"])
def test_cubic_centimetres_per_minute_are_millilitres_per_minute(parse, item):
    (found,) = item_comparisons(parse, item)
    assert found[3] == "mL/min"


def test_kilopascals_written_out_are_a_liver_stiffness_in_kpa(parse):
    assert item_comparisons(parse, "Liver stiffness of 9 kilopascals or more") == [("liver stiffness", ">=", 9, "kPa")]


def test_the_ast_to_platelet_ratio_index_is_a_measure_of_its_own(parse):
    assert item_comparisons(parse, "AST to platelet ratio index above 1.5") == [
        ("AST to platelet ratio index", ">", 1.5, "1")]


def test_the_verb_weigh_names_the_body_weight(parse):
    assert item_comparisons(parse, "Children who weigh less than 15 kg") == [("body weight", "<", 15, "kg")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Infants over 8 kg", ("body weight", ">", 8, "kg")),
    ("Neonates with a birth weight under 1500 grams", ("body weight", "<", 1500, "g")),
    ("Babies of more than 2500 g", ("body weight", ">", 2500, "g")),
])
def test_a_mass_said_of_persons_is_their_weight_however_small(parse, text, expected):
    assert item_comparisons(parse, text) == [expected]


@pytest.mark.parametrize(("text", "unit"), [("Left ventricular end-diastolic volume index > 90 mL/m²", "mL/m2"),
                                            ("Indexed aortic valve area ≤ 0.6 cm²/m²", "cm2/m2"),
                                            ("Controlled attenuation parameter ≥ 275 dB/m", "dB/m"),
                                            ("Oral methotrexate no more than 20 mg/m2/week", "mg/m2/wk")])
def test_an_indexed_or_weekly_unit_is_kept_whole(parse, text, unit):
    assert [c[3] for c in item_comparisons(parse, text)] == [unit]


def test_a_mass_of_a_thing_the_lexicon_lacks_is_not_the_body_weight(parse):
    assert item_comparisons(parse, "Pinch strength below 6 kg on the dominant hand") == [
        ("Pinch strength", "<", 6, "kg")]


@pytest.mark.parametrize("text", ["Body weight of at least 40 kilos", "Body weight of at least 40 kgs"])
def test_kilos_and_kgs_are_kilograms(parse, text):
    assert item_comparisons(parse, text) == [("body weight", ">=", 40, "kg")]


def test_a_capital_g_per_litre_is_giga_per_litre_however_the_litre_is_written(parse):
    assert [c[3] for c in item_comparisons(parse, "Platelet count < 75 G/l")] == ["10*9/L"]


@pytest.mark.parametrize(("text", "unit"), [
    ("Serum bicarbonate of at least 18 mEq/liter", "meq/L"),
    ("Serum sodium below 130 millimoles per litre", "mmol/L"),
    ("Potassium under 3.5 mmol per L", "mmol/L"),
    ("Anti-CCP antibodies of 20 international units per milliliter or more", "[IU]/mL"),
    ("FSH above 40 milli-international units per milliliter", "m[IU]/mL"),
    ("Free light chain level above 10 mg per dl", "mg/dL"),
    ("Ferritin of at least 20 ng per ml", "ng/mL"),
    ("Parathyroid hormone under 65 pg per mL", "pg/mL"),
    ("Free T3 below 230 pg/dL", "pg/dL"),
])
def test_an_amount_divided_by_a_spelled_out_volume_is_a_concentration(parse, text, unit):
    assert [c[3] for c in item_comparisons(parse, text)] == [unit]


def test_a_bare_amount_of_substance_after_a_lab_is_its_concentration(parse):
    assert item_comparisons(parse, "Serum sodium below 130 mmol")[0][3] == "mmol/L"


@pytest.mark.parametrize("text", ["Leak point pressure below 90 cm of water", "Leak point pressure below 90 cmH2O",
                                  "Leak point pressure below 90 cm H₂O", "Leak point pressure below 90 cmH20"])
def test_a_pressure_in_centimetres_of_water_keeps_its_unit(parse, text):
    assert [found[2:] for found in item_comparisons(parse, text)] == [(90, "cm[H2O]")]


def test_millilitres_written_mls_are_millilitres(parse):
    assert item_comparisons(parse, "Creatinine clearance above 50 mls/min")[0][2:] == (50, "mL/min")


@pytest.mark.parametrize("text", ["Mean corpuscular volume above 100 fL",
                                  "Mean corpuscular volume above 100 femtoliters"])
def test_femtolitres_are_the_volume_of_a_red_cell(parse, text):
    assert item_comparisons(parse, text)[0][2:] == (100, "fL")


def test_capital_fl_is_no_femtolitre(parse):
    assert item_comparisons(parse, "Relapsed after at least 2 FL regimens")[0][2:] == (2, "1")


@pytest.mark.parametrize("text", ["Creatinine clearance of 30 mililiters per minute or more",
                                  "Creatinine clearance of 30 mililitre/min or more"])
def test_millilitres_spelled_with_one_l_are_millilitres(parse, text):
    assert item_comparisons(parse, text)[0][2:] == (30, "mL/min")


def test_a_column_of_water_converts_to_millimetres_of_mercury():
    assert convert(136, "cm[H2O]", "mm[Hg]") == pytest.approx(100, rel=1e-3)


@pytest.mark.parametrize(("text", "expected"), [("Prior radiotherapy above 2000 cGy to the spine", (2000, "cGy")),
                                                ("PR interval over 220 miliseconds", (220, "ms"))])
def test_centigray_and_a_misspelt_millisecond(parse, text, expected):
    assert item_comparisons(parse, text)[0][2:] == expected


def test_centigray_converts_to_gray():
    assert convert(4500, "cGy", "Gy") == pytest.approx(45)


def test_a_bound_followed_by_its_own_measure_lends_its_unit_to_no_bound_before_it(parse):
    haemoglobin, platelets = item_comparisons(parse, "Haemoglobin greater than 9, and greater than 75 x 10^9/L "
                                                     "platelets")
    assert (haemoglobin[3], platelets[0]) == ("g/dL", "platelet count")


def test_of_age_after_the_second_bound_is_no_measure_of_its_own(parse):
    assert item_comparisons(parse, "Children must be > 2 and < 12 years of age at enrolment") == [
        ("age", ">", 2, "a"), ("age", "<", 12, "a")]


@pytest.mark.parametrize("text", ["BMI 18 to 30 kg/m squared", "BMI 18 to 30 kilograms per metre square",
                                  "BMI 18 to 30 kg/sq m", "BMI 18 to 30 kilograms per square meter"])
def test_a_power_word_before_or_after_a_length_in_a_denominator_raises_it(parse, text):
    assert [c[3] for c in item_comparisons(parse, text)] == ["kg/m2", "kg/m2"]


def test_a_percentage_of_a_0_to_100_scale_is_canonically_its_points(parse):
    criterion = parse(one_item("Karnofsky performance status ≥ 70%")).inclusion[0]
    assert (criterion.expr.unit, criterion.expr.canonical.value, criterion.expr.canonical.unit) == ("%", 70, "1")


def test_a_unit_of_time_past_an_adjective_follows_a_postfix_comparator_too(parse):
    found = item_comparisons(parse, "Use of opioids for 7 or more consecutive days", "exclusion")
    assert [c[1:] for c in found] == [(">=", 7, "d")]


@pytest.mark.parametrize(("text", "unit"), [("Hemoptysis of more than 10 mL per 24 hours", "mL/(24.h)"),
                                            ("Chest drainage > 100 mL/h", "mL/h")])
def test_a_volume_per_hour_or_per_24_hours_is_a_volume_rate(parse, text, unit):
    assert [c[3] for c in item_comparisons(parse, text, "exclusion")] == [unit]


@pytest.mark.parametrize(("value", "unit"), [(60, "mL/h"), (1440, "mL/(24.h)")])
def test_volumes_per_hour_and_per_day_convert_to_millilitres_per_minute(value, unit):
    assert convert(value, unit, "mL/min") == pytest.approx(1)


@pytest.mark.parametrize("text", ["HIV viral load ≤ 20,000 copies HIV RNA/mL",
                                  "HIV viral load ≤ 20,000 HIV RNA copies/mL"])
def test_an_analyte_named_inside_a_count_of_copies_keeps_the_count_per_volume(parse, text):
    assert [c[1:] for c in item_comparisons(parse, text)] == [("<=", 20000, "{copies}/mL")]


@pytest.mark.parametrize("text", ["Asthma attacks more than 2x/week", "Asthma attacks more than 2 x per week"])
def test_a_number_of_times_written_x_per_period_is_a_frequency(parse, text):
    assert item_comparisons(parse, text) == [("Asthma attacks", ">", 2, "/wk")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 5 to 10 milligrams per day [mg/day] of prednisone", [("prednisone", ">=", 5, "mg/d"),
                                                                  ("prednisone", "<=", 10, "mg/d")]),
        ("More than 2 milligrams per kilogram [mg/kg] of prednisolone", [("prednisolone", ">", 2, "mg/kg")]),
    ],
)
def test_a_unit_spelled_out_then_abbreviated_in_brackets_is_one_unit(parse, text, expected):
    """The bracket restates the unit: the substance after it is still what the dose is of."""
    assert comparisons(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 2 x 10^6 CD34+ cells/kg collected", [("CD34+ cells", ">=", 2, "10*6/kg")]),
        ("A CD34+ cell dose of at least 5 x 10^6/kg", [("CD34+ cell dose", ">=", 5, "10*6/kg")]),
        ("A graft of at least 3 x 10^6 CD34+/kg", [("CD34+", ">=", 3, "10*6/kg")]),
        # a flattened power of ten before the cells counted and their unit
        ("A graft of at least 3 x 106 CD34+ cells/kg", [("CD34+ cells", ">=", 3, "10*6/kg")]),
    ],
)
def test_an_analyte_named_inside_a_unit_is_what_the_value_counts(parse, text, expected):
    assert comparisons(parse(text)) == expected


def test_percentage_points_are_one_unit(parse):
    """Not "10 percentage", then "points" naming the next threshold."""
    found = comparisons(parse("Decrease in LVEF of at least 10 percentage points to below 50%"))
    assert [(op, value, unit) for _, op, value, unit in found] == [(">=", 10, "%"), ("<", 50, "%")]


def test_a_percentage_may_be_written_as_the_word_percentage(parse):
    assert comparisons(parse("Psoriasis covering at least 10 percentage of body surface area"))[0][1:] == (
        ">=", 10, "%")


@pytest.mark.parametrize(
    ("text", "unit"),
    [("Heartburn on at least 2 days a week", "d/wk"), ("Exercise more than 5 hours a week", "h/wk"),
     ("Migraine on 4 or more days per month", "d/mo")],
)
def test_days_or_hours_in_each_week_or_month_are_a_rate(parse, text, unit):
    """"2 days a week" is how often, not a length of time: 2 days in total would be a different criterion."""
    assert [c[3] for c in comparisons(parse(text))] == [unit]


def test_a_square_written_with_a_hyphen_is_a_square(parse):
    assert comparisons(parse("Body mass index below 35 kg/meter-squared"))[0][1:] == ("<", 35, "kg/m2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("HBV DNA ≥ 106 copies/mL", [(">=", 1e6)]), ("HCV RNA between 104 and 107 IU/mL", [(">=", 1e4), ("<=", 1e7)])],
)
def test_a_viral_load_of_ten_and_a_digit_is_a_power_of_ten_whose_superscript_was_lost(parse, text, expected):
    assert [c[1:3] for c in comparisons(parse(text))] == expected


@pytest.mark.parametrize("text", ["Total IgE 104 IU/mL or higher", "HCV RNA negative; total IgE ≥ 104 IU/mL"])
def test_another_value_of_ten_and_a_digit_in_international_units_is_as_written(parse, text):
    assert [c[1:3] for c in comparisons(parse(text))][-1] == (">=", 104)


def test_copies_count_nucleic_acid_so_ten_and_a_digit_of_them_is_a_power_of_ten(parse):
    found = comparisons(parse("Plasma HIV-1 RNA concentration at screening greater than or equal to 105 copies/mL"))
    assert [c[2] for c in found] == [100000]


def test_an_amount_in_grams_restating_drinks_before_the_period_keeps_the_rate(parse):
    found = comparisons(parse("Alcohol intake of more than 2 standard drinks (20 g) per day"))
    assert [c[3] for c in found] == ["{drinks}/d"]


def test_a_range_of_dotted_thousands_reads_both_ends_as_thousands(parse):
    assert [c[2] for c in comparisons(parse("Platelets between 75.000 and 150.000/mm3"))] == [75000, 150000]


@pytest.mark.parametrize(("text", "unit"), [("Total daily insulin dose < 1.0 (I)U/kg/day", "[IU]/kg/d"),
                                           ("Factor VIII activity < 2 (I)U/dL", "[IU]/dL")])
def test_units_written_with_an_optional_i_are_international_units(parse, text, unit):
    assert comparisons(parse(text))[0][3] == unit


def test_an_amount_counted_otherwise_in_brackets_before_the_period_keeps_the_rate(parse):
    assert comparisons(parse("Smokes at least 20 cigarettes (1 pack) daily"))[0][1:] == (">=", 20, "{cigarettes}/d")


@pytest.mark.parametrize("text", ["At least one well-defined OFF episode per day",
                                  'At least one "OFF" episode per day'])
def test_a_counted_noun_may_be_hyphenated_or_quoted_before_its_period(parse, text):
    assert [c[3] for c in comparisons(parse(text))] == ["/d"]


@pytest.mark.parametrize(("text", "unit"), [("Urinary catheter size < 12F", "1"), ("Fever > 100.4F", "[degF]")])
def test_a_bare_f_is_fahrenheit_only_for_a_body_temperature(parse, text, unit):
    assert [c[3] for c in comparisons(parse(text))] == [unit]


def test_a_bare_c_is_always_celsius_a_change_of_temperature_too(parse):
    assert [c[3] for c in comparisons(parse("A rise in body temperature of at least 1.5C"))] == ["Cel"]


@pytest.mark.parametrize(("text", "unit"), [("Fecal calprotectin above 250 µg/g", "ug/g"),
                                            ("Albumin to creatinine ratio of 30 mcg/mg or more", "ug/mg"),
                                            ("Urinary free cortisol over 100 mcg/24 h", "ug/(24.h)")])
def test_micrograms_per_gram_or_per_24_hours_keep_their_divisor(parse, text, unit):
    assert [found[3] for found in item_comparisons(parse, text)] == [unit]


@pytest.mark.parametrize(("text", "unit"), [("Urine osmolality over 300 mOsm/kg", "mosm/kg"),
                                            ("Serum osmolarity under 280 mOsm/L", "mosm/L")])
def test_milliosmoles_per_kilogram_or_litre_are_an_osmolality_or_an_osmolarity(parse, text, unit):
    assert [found[3] for found in item_comparisons(parse, text)] == [unit]


@pytest.mark.parametrize("text", ["Pyuria above 5 WBC/hpf", "Urine RBC over 5/hpf"])
def test_cells_per_high_power_field_are_counted_per_field_not_in_blood(parse, text):
    assert [found[3] for found in item_comparisons(parse, text, "exclusion")] == ["/[HPF]"]


@pytest.mark.parametrize("text", ["Hemoptysis of ≥ 1/2 teaspoon of bright red blood per episode",
                                  "Hemoptysis of ≥ ½ teaspoon of bright red blood per episode",
                                  "Hemoptysis of at least 0.5 teaspoon per episode"])
def test_half_a_teaspoon_of_blood_is_a_volume(parse, text):
    assert [found[1:] for found in item_comparisons(parse, text, "exclusion")] == [(">=", 0.5, "[tsp_us]")]


def test_a_fraction_with_no_unit_after_it_is_no_fraction(parse):
    assert [found[1:3] for found in item_comparisons(parse, "Grade 1/2 peripheral neuropathy", "exclusion")] == [
        (">=", 1.0), ("<=", 2.0)]


def test_a_fraction_of_a_time_is_no_fraction(parse):
    document = parse(one_item("Chemotherapy within 3/4 weeks before enrolment", "exclusion"))
    assert windows(document, "exclusion")[0][1:4] == ("<=", 4.0, "wk")


def test_a_fraction_before_things_counted_in_the_plural_is_no_fraction(parse):
    assert item_comparisons(parse, "More than 2/3 drinks per day", "exclusion") == []


@pytest.mark.parametrize(("text", "unit"), [("Protein-to-creatinine ratio above 500 mg protein/g creatinine", "mg/g"),
                                            ("Albuminuria of at least 30 mg albumin / g creatinine", "mg/g")])
def test_a_mass_of_one_analyte_per_a_mass_of_another_is_a_mass_ratio(parse, text, unit):
    assert [found[3] for found in item_comparisons(parse, text)] == [unit]


@pytest.mark.parametrize(("text", "unit"), [("Total IgE of 100 kU/L or more", "kU/L"),
                                            ("Allergen-specific IgE above 0.35 kUA/L", "kU/L")])
def test_kilo_units_per_litre_are_a_unit(parse, text, unit):
    assert [found[3] for found in item_comparisons(parse, text)] == [unit]


def test_a_haematocrit_in_litres_per_litre_is_a_fraction(parse):
    assert [found[3] for found in item_comparisons(parse, "Hematocrit below 0.37 L/L")] == ["L/L"]
    assert convert(0.37, "L/L", "%") == pytest.approx(37)


def test_grams_per_square_metre_a_day_are_a_dose_rate(parse):
    assert [found[3] for found in item_comparisons(parse, "Cytarabine above 2 g/m2/day")] == ["g/m2/d"]
    assert convert(2, "g/m2/d", "mg/m2/d") == pytest.approx(2000)


def test_kilo_units_convert_to_units_per_millilitre():
    assert convert(37, "kU/L", "U/mL") == pytest.approx(37)


def test_a_ratio_of_analytes_leaves_the_comparator_after_it(parse):
    assert item_comparisons(parse, "Albuminuria of 30 mg albumin/g or more") == [("Albuminuria", ">=", 30.0, "mg/g")]


@pytest.mark.parametrize("text", ["Smoking history of more than 20 pk/yrs", "Smokers of more than 20 pack/years",
                                  "Smokers of more than 20 packs/year", "Smoking history of more than 20 pack-yrs"])
def test_pack_years_written_with_a_slash_are_pack_years(parse, text):
    assert item_comparisons(parse, text, "exclusion") == [("smoking history in pack-years", ">", 20.0, "{pack-years}")]


@pytest.mark.parametrize("item", ["Cord blood graft of ≥ 2.5 x 10^7 TNC/kg", "Graft of ≥ 2.5 x 10^7 nucleated cells/kg",
                                  "Graft of ≥ 2.5 x 10^7 cells/kg", "Minimum of 2.5 x 10^7 TNC/kg",
                                  "At least 2.5 x 10^7 total nucleated cells per kg of recipient weight"])
def test_a_power_of_ten_of_cells_per_kilogram_is_a_unit_of_its_own(parse, item):
    assert [c[1:] for c in item_comparisons(parse, item)] == [(">=", 2.5, "10*7/kg")]


def test_nucleated_cells_counted_in_the_unit_name_the_dose(parse):
    assert [c[0] for c in item_comparisons(parse, "Minimum of 2.5 x 10^7 TNC/kg")] == ["total nucleated cell dose"]


def test_a_square_metre_written_as_one_character_is_a_square_metre(parse):
    assert [c[1:] for c in item_comparisons(parse, "BMI between 20 and 30 kg/㎡")] == [
        (">=", 20, "kg/m2"), ("<=", 30, "kg/m2")]


def test_copies_of_a_viral_nucleic_acid_per_millilitre_are_copies_per_millilitre(parse):
    found = item_comparisons(parse, "Plasma HIV RNA below 200 copies RNA/mL at screening")
    assert [c[1:] for c in found] == [("<", 200, "{copies}/mL")]


def test_a_viral_load_written_inside_its_unit_is_not_the_count_named_before(parse):
    found = item_comparisons(parse, "CD4 count ≥ 350 cells/mm3 and < 50 copies RNA/mL for 6 months")
    assert [c[0] for c in found] == ["CD4 count", "RNA"]


def test_a_dipstick_grade_ending_a_sentence_keeps_its_plus(parse):
    found = item_comparisons(parse, "Proteinuria < 2+. A 24-hour urine collection is needed otherwise.")
    assert [c[1:] for c in found] == [("<", 2, "{dipstick}")]


def test_milli_international_units_typed_with_a_lower_case_l(parse):
    assert [c[1:] for c in item_comparisons(parse, "FSH > 30 mlU/mL")] == [(">", 30, "m[IU]/mL")]


@pytest.mark.parametrize(("text", "unit"), [("Blood urea above 15 mmole/L", "mmol/L"),
                                            ("Serum creatinine above 180 umoles/l", "umol/L")])
def test_moles_spelled_mole_are_moles(parse, text, unit):
    assert [c[3] for c in item_comparisons(parse, text, "exclusion")] == [unit]


def test_milligrams_written_mgs_are_milligrams(parse):
    assert item_comparisons(parse, "Prednisolone up to 20 mgs per day", "exclusion")[0][2:] == (20, "mg/d")


def test_a_blood_pressure_written_in_millimetres_is_in_millimetres_of_mercury(parse):
    text = "Uncontrolled hypertension: systolic pressure > 160 mm or diastolic pressure > 95mm"
    assert [c[2:] for c in item_comparisons(parse, text, "exclusion")] == [(160, "mm[Hg]"), (95, "mm[Hg]")]


def test_a_length_in_millimetres_stays_a_length(parse):
    assert item_comparisons(parse, "Tumour diameter ≥ 10 mm")[0][2:] == (10, "mm")


def test_a_pressure_word_inside_a_longer_name_gives_no_length_its_unit(parse):
    found = item_comparisons(parse, "Left ventricular diastolic wall thickness above 14 mm", "exclusion")
    assert [c[2:] for c in found] == [(14, "mm")] and "diastolic blood pressure" not in found[0][0]


def test_a_percentage_by_volume_is_a_percentage(parse):
    found = item_comparisons(parse, "Haematocrit: men ≥ 39 vol%, women ≥ 36 vol%")
    assert [(c[0], c[2], c[3]) for c in found] == [("hematocrit", 39, "%"), ("hematocrit", 36, "%")]


def test_a_pressure_named_at_the_end_of_a_longer_name_keeps_its_millimetres(parse):
    found = item_comparisons(parse, "Right ventricular systolic pressure above 40 mm on echocardiography", "exclusion")
    assert [c[2:] for c in found] == [(40, "mm")]


@pytest.mark.parametrize(("text", "unit"), [("Sperm concentration below 20 million/mL", "10*6/mL"),
                                            ("Leukocytes 4 to 11 thousand per microliter", "10*3/uL"),
                                            ("Platelets at least 120 billion/L", "10*9/L")])
def test_a_count_word_before_a_volume_is_its_power_of_ten(parse, text, unit):
    assert {written for *_, written in item_comparisons(parse, text)} == {unit}


def test_a_count_word_alone_is_no_unit(parse):
    assert "10*6" not in {written for *_, written in item_comparisons(parse, "Sperm count at least 39 million")}


def test_a_threshold_no_patient_can_have_is_never_a_full_reading(parse):
    """"75,000 thousand/microliter" (75 x 10^12/L): the writer meant 75,000/µL; a person reads it."""
    (criterion,) = parse(one_item("Platelet count at least 75,000 thousand/microliter")).inclusion
    assert (criterion.coverage, criterion.rest) == ("partial", "unknown")


@pytest.mark.parametrize("text", ["Platelets ≥ 100 bil/L", "Platelets ≥ 100 billion/L"])
def test_billions_per_litre_are_giga_per_litre(parse, text):
    assert [c[3] for c in item_comparisons(parse, text)] == ["10*9/L"]


@pytest.mark.parametrize(("text", "expected"), [
    ("QTcF above 0.45", ("QTc interval", ">", 0.45, "s")),  # seconds by its magnitude
    ("QTcF above 450", ("QTc interval", ">", 450, "ms")),
    ("QRS duration over 0.12", ("QRS duration", ">", 0.12, "s")),
    ("FSH above 30", ("follicle-stimulating hormone", ">", 30, "m[IU]/mL")),
    ("Plasma HIV-1 RNA below 200", ("HIV RNA", "<", 200, "{copies}/mL")),
    ("Intraocular pressure above 24", ("intraocular pressure", ">", 24, "mm[Hg]")),
])
def test_a_lab_written_without_a_unit_takes_its_conventional_unit_by_magnitude(parse, text, expected):
    document = parse(one_item(text))
    assert comparisons(document) == [expected]
    assert all(node.unit_inferred for criterion in document.inclusion for node in iter_nodes(criterion.expr)
               if isinstance(node, Comparison))


def test_ms_in_capitals_after_a_count_is_multiple_sclerosis_not_milliseconds(parse):
    assert [unit for *_, unit in item_comparisons(parse, "At least two MS relapses in the past 2 years")] == ["1"]


@pytest.mark.parametrize(("text", "unit"), [("FSH 25-140 IE/L", "[IU]/L"), ("FSH above 30 mIE/ml", "m[IU]/mL")])
def test_international_units_written_ie_are_international_units(parse, text, unit):
    assert {found for *_, found in item_comparisons(parse, text)} == {unit}


@pytest.mark.parametrize(("item", "expected"), [
    ("HCV RNA ≥ 5 x 1,000,000 IU/mL", (5e6, "[IU]/mL")),
    ("Neutrophils ≥ 2 x 1,000,000,000/L", (2, "10*9/L")),
    ("Leukocytes ≥ 4 x 1000/mm3", (4, "10*3/mm3")),
])
def test_a_power_of_ten_written_out_after_a_multiplication_sign_is_read_as_one(parse, item, expected):
    assert item_comparisons(parse, item)[0][2:] == expected


def test_a_power_of_ten_whose_sign_and_superscript_were_lost_is_no_group_of_thousands(parse):
    assert item_comparisons(parse, "Platelet count ≥ 75 109/L")[0][2:] == (75, "10*9/L")


@pytest.mark.parametrize(("item", "unit"), [("TSH ≤ 4.0 mcU/mL", "uU/mL"), ("TSH ≤ 4.0 mcIU/mL", "u[IU]/mL")])
def test_micro_units_written_mc_are_micro_units(parse, item, unit):
    assert item_comparisons(parse, item)[0][3] == unit


def test_a_blood_count_power_needs_no_sign_before_its_flattened_superscript(parse):
    assert item_comparisons(parse, "Reticulocytes ≥ 60 109/L")[0][2:] == (60, "10*9/L")
