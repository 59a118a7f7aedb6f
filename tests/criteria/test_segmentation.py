"""Specifications for reading the layouts registries use: every form yields the same items."""

import pytest

from parser.criteria import parse_criteria


def items(document, section="inclusion"):
    return [c.text for c in getattr(document, section)]


def test_ctgov_markdown_bullets_nesting_and_escapes():
    text = (
        "Inclusion Criteria:\n\n* Age ≥ 18 years\n* Adequate organ function:\n"
        "  * ANC ≥ 1.5 × 10\\^9/L\n  * Platelets \\> 100 × 10\\^9/L\n\nExclusion Criteria:\n\n* Pregnancy"
    )
    document = parse_criteria(text)
    found = items(document)
    assert found == ["Age ≥ 18 years", "Adequate organ function:", "ANC ≥ 1.5 × 10^9/L", "Platelets > 100 × 10^9/L"]
    assert [c.id for c in document.inclusion] == ["inc-1", "inc-2", "inc-2.1", "inc-2.2"]
    assert document.inclusion[2].parent == "inc-2"
    assert items(document, "exclusion") == ["Pregnancy"]


def test_numbered_items_with_parenthesis_and_letters():
    text = "Inclusion Criteria:\n1) Age ≥ 18 years\n2) ECOG 0-1\na. Signed consent\nExclusion Criteria:\n1. Pregnancy"
    document = parse_criteria(text)
    assert items(document) == ["Age ≥ 18 years", "ECOG 0-1", "Signed consent"]
    assert items(document, "exclusion") == ["Pregnancy"]


def test_an_item_number_after_a_bullet_is_part_of_the_marker():
    text = "Inclusion Criteria:\n\n* 1\\. Age ≥ 18 years\n* 2\\. Life expectancy ≥ 3 months\n* 3. Bilirubin ≤ 1.5 x ULN"
    document = parse_criteria(text)
    assert items(document) == ["Age ≥ 18 years", "Life expectancy ≥ 3 months", "Bilirubin ≤ 1.5 x ULN"]
    assert [c.coverage for c in document.inclusion] == ["full", "full", "full"]


def test_a_bullet_before_a_decimal_keeps_the_number():
    assert items(parse_criteria("Inclusion Criteria:\n\n* 1.5 x ULN or less for bilirubin")) == [
        "1.5 x ULN or less for bilirubin"]


def test_old_plain_format_joins_hard_wrapped_lines():
    text = ("Inclusion Criteria:\n  -  Patients with type 1 DM and HbA1C ≥\n     12%;\n  -  Age 18-65 years\n"
            "Exclusion Criteria:\n  -  Pregnancy")
    document = parse_criteria(text)
    assert items(document) == ["Patients with type 1 DM and HbA1C ≥ 12%;", "Age 18-65 years"]


def test_a_line_closing_a_bracket_left_open_continues_its_item_across_a_blank_line():
    text = ("Inclusion Criteria:\n\n     -  Progression on an aromatase inhibitor (for example\n\n"
            "   letrozole or exemestane).\n\n     -  Age 18 years or older")
    assert items(parse_criteria(text)) == [
        "Progression on an aromatase inhibitor (for example letrozole or exemestane).", "Age 18 years or older"]


def test_clinconnect_bullets_where_the_header_is_a_bullet():
    text = "  • Inclusion Criteria:\n  • Age ≥ 18 years\n  • Exclusion Criteria:\n  • Neutrophil \\< 1.5×10\\^9/L"
    document = parse_criteria(text)
    assert items(document) == ["Age ≥ 18 years"]
    assert items(document, "exclusion") == ["Neutrophil < 1.5×10^9/L"]


def test_run_on_paragraph_splits_into_sentences_and_sections():
    text = ("Inclusion Criteria: Patient is 18-75 years old. ECOG performance status 0-1. "
            "Exclusion Criteria: Pregnancy. Hb < 90 g/L.")
    document = parse_criteria(text)
    assert items(document) == ["Patient is 18-75 years old.", "ECOG performance status 0-1."]
    assert items(document, "exclusion") == ["Pregnancy.", "Hb < 90 g/L."]


def test_header_variants_open_the_right_section():
    text = ("KEY INCLUSION CRITERIA:\n- Age ≥ 18\nExclusion criteria for Part B\n- Prior PD-1 therapy\n"
            "Non inclusion criteria:\n- Pregnancy")
    document = parse_criteria(text)
    assert items(document) == ["Age ≥ 18"]
    assert items(document, "exclusion") == ["Prior PD-1 therapy", "Pregnancy"]


def test_a_sentence_alone_on_its_line_saying_who_is_left_out_opens_the_exclusions():
    text = ("The trial will enrol adults who fulfil the following criteria:\n1. Age 18 or over\n\n"
            "Patients meeting any of the following criteria will be excluded:\n1. Pregnancy\n2. Dialysis")
    document = parse_criteria(text)
    assert items(document) == ["Age 18 or over"]
    assert items(document, "exclusion") == ["Pregnancy", "Dialysis"]


def test_the_wrapped_end_of_an_item_saying_who_is_eligible_opens_no_section():
    text = ("Exclusion Criteria:\n- Untreated brain metastases. Patients with treated\n"
            "  Brain metastases are eligible, provided they meet all of the following:\n"
            "    - Stable for 4 weeks\n- Pregnancy")
    assert parse_criteria(text).inclusion == []


def test_a_star_wrapped_to_the_start_of_a_line_after_a_number_multiplies_it():
    text = ("Inclusion Criteria:\n  1. Bilirubin </= 1.5\n     * the institutional upper limit of normal\n"
            "  2. Age ≥ 18\n\n* ANC ≥ 1500\n* Platelets ≥ 100,000")
    assert items(parse_criteria(text)) == ["Bilirubin </= 1.5 * the institutional upper limit of normal",
                                           "Age ≥ 18", "ANC ≥ 1500", "Platelets ≥ 100,000"]


@pytest.mark.parametrize("text", [
    "Inclusion Criteria:\n* Age ≥ 18\n* women of childbearing potential must use contraception",
    "Inclusion Criteria:\n* Age ≥ 18\n  * ANC ≥ 1500\n  * platelets ≥ 100 000",
    "Inclusion Criteria:\n* ECOG 0-1\n* 1 or 2 prior lines of therapy",
])
def test_star_bullets_after_an_item_ending_in_a_number_stay_items(text):
    assert len(items(parse_criteria(text))) == text.count("*")


def test_cohort_subheadings_go_into_cohort():
    text = ("Inclusion Criteria:\n* Age ≥ 18 years\nCohort A:\n* No prior chemotherapy\n"
            "Cohort B:\n* Progression after first-line chemotherapy")
    document = parse_criteria(text)
    assert [(c.text, c.cohort) for c in document.inclusion] == [
        ("Age ≥ 18 years", None),
        ("No prior chemotherapy", "Cohort A"),
        ("Progression after first-line chemotherapy", "Cohort B"),
    ]


def test_item_that_names_a_cohort_carries_it():
    document = parse_criteria("Inclusion Criteria:\n* Cohort A: participants not previously treated with chemotherapy")
    assert document.inclusion[0].cohort == "Cohort A"


def test_history_endpoint_html_reads_like_markdown():
    html = ("<p>Inclusion Criteria:</p><ul><li>Men ≥18 years.</li><li>Platelet count ≥75 x 109&#x2F;L</li></ul>"
            "<p>Exclusion Criteria:</p><ul><li>Prior PARP inhibitor.</li></ul>")
    document = parse_criteria(html)
    assert items(document) == ["Men ≥18 years.", "Platelet count ≥75 x 109/L"]
    assert items(document, "exclusion") == ["Prior PARP inhibitor."]
    assert document.source.format == "html"


def test_criteria_are_found_inside_a_whole_page():
    page = ("ClinConnect\nSearch\nSome trial\nGender\nALL\nEligibility criteria\n  • Inclusion Criteria:\n"
            "  • Age ≥ 18 years\nAbout Fudan University\nA university.\nLocations\nShanghai")
    assert items(parse_criteria(page)) == ["Age ≥ 18 years"]


def test_criterion_span_indexes_the_text_as_given():
    text = "Exclusion Criteria:\n\n* PLT \\< 100×10\\^9/L"
    criterion = parse_criteria(text).exclusion[0]
    assert text[criterion.span[0]:criterion.span[1]] == "PLT \\< 100×10\\^9/L"
    assert criterion.text == "PLT < 100×10^9/L"


def test_group_specific_headers_name_the_cohort():
    text = ("Donor inclusion criteria:\n- Age 18-60\nInclusion criteria for healthy controls:\n- Age 20-60\n"
            "Resident / Family / Staff Exclusion Criteria:\n- Current smokers")
    document = parse_criteria(text)
    found = [(c.text, c.cohort) for c in document.inclusion]
    assert found == [("Age 18-60", "Donor"), ("Age 20-60", "healthy controls")]
    assert [(c.text, c.cohort) for c in document.exclusion] == [("Current smokers", "Resident / Family / Staff")]


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("Inclusion Criteria:\n  -  age 18-65", "plain"),
        ("  • Inclusion Criteria:\n  • Age ≥ 18", "bullets"),
        ("Inclusion Criteria:\n\n* Age ≥ 18", "markdown"),
        ("Inclusion Criteria: Age over 18. ECOG 0-1.", "paragraph"),
        ("<ul><li>Age ≥ 18</li></ul>", "html"),
    ],
)
def test_source_format_names_the_layout(text, layout):
    assert parse_criteria(text).source.format == layout


def test_a_capitalised_header_opens_its_section_mid_line():
    document = parse_criteria(
        "Inclusion Criteria: Patient is 7-10 years old Exclusion Criteria: Any serious chronic medical problem")
    assert items(document) == ["Patient is 7-10 years old"]
    assert items(document, "exclusion") == ["Any serious chronic medical problem"]


def test_windows_line_endings_and_a_byte_order_mark_are_layout_not_text():
    document = parse_criteria(
        "\ufeffInclusion Criteria:\r\n\r\n* Age \\>= 18 years\r\n\r\nExclusion Criteria:\r\n\r\n* Pregnancy\r\n")
    assert items(document) == ["Age >= 18 years"]
    assert items(document, "exclusion") == ["Pregnancy"]


def test_misspelt_section_headers_still_open_their_section():
    document = parse_criteria("Inclution Criteria:\n- Age ≥ 18\nExcusion Criteria:\n- Smoking")
    assert items(document) == ["Age ≥ 18"] and items(document, "exclusion") == ["Smoking"]


def test_a_line_opening_with_a_comparator_finishes_the_threshold_of_the_line_before():
    text = ("Exclusion Criteria:\n\nResting heart rate above 110 beats per minute or QT interval corrected (QTc)\n"
            "> 470 ms on the screening ECG.\n\nKnown allergy to latex.")
    assert items(parse_criteria(text), "exclusion") == [
        "Resting heart rate above 110 beats per minute or QT interval corrected (QTc) > 470 ms on the screening ECG.",
        "Known allergy to latex."]


def test_a_line_opening_with_and_and_a_comparator_after_a_blank_finishes_the_bullet_before():
    text = "Inclusion Criteria:\n\n  -  Fasting glucose >100 mg/dL\n\n and <126 mg/dL\n\n  -  Signed consent"
    assert items(parse_criteria(text)) == ["Fasting glucose >100 mg/dL and <126 mg/dL", "Signed consent"]


@pytest.mark.parametrize("header", ["Exclusion Criteria includes :", "Exclusion criteria are:",
                                    "Exclusion criteria include:"])
def test_a_section_header_may_say_includes_or_are(header):
    document = parse_criteria(f"Inclusion criteria:\n\n  1. Adults\n\n{header}\n\n  1. Pregnancy\n")
    assert (items(document), items(document, "exclusion")) == (["Adults"], ["Pregnancy"])


def test_a_section_header_joined_by_an_underscore_opens_its_section():
    document = parse_criteria("Inclusion_Criteria:\n\n  1. Adults\n\nExclusion_Criteria:\n\n  1. Pregnancy\n")
    assert (items(document), items(document, "exclusion")) == (["Adults"], ["Pregnancy"])


def test_a_header_naming_ineligibility_opens_the_exclusions():
    document = parse_criteria(
        "Inclusion criteria:\n\n  1. Adults\n\nConditions for Patient Ineligibility\n\n  1. Pregnancy\n")
    assert (items(document), items(document, "exclusion")) == (["Adults"], ["Pregnancy"])


def test_a_wrapped_line_ending_in_the_words_inclusion_criteria_is_no_header():
    text = ("Inclusion Criteria:\n\n  -  Adults\n\nExclusion Criteria:\n\n  -  Lymphoma histologies other\n"
            "     than those specified in the inclusion criteria\n\n  -  Pregnancy\n")
    assert items(parse_criteria(text), "exclusion") == [
        "Lymphoma histologies other than those specified in the inclusion criteria", "Pregnancy"]


def test_a_wrapped_line_saying_something_is_not_an_exclusion_criterion_is_no_header():
    text = ("Inclusion Criteria:\n\n  -  Lymphoma in partial remission. A residual mass on PET scan,\n"
            "     is not an exclusion criterion in the absence of growth\n     on CT.\n\n  -  Age 18 to 70\n")
    document = parse_criteria(text)
    assert (len(items(document)), items(document, "exclusion")) == (2, [])


def test_a_wrapped_line_of_prose_naming_inclusion_ends_with_it_is_no_header():
    text = ("Exclusion Criteria:\n\n  -  Prior malignancy; exceptions need agreement of the sponsor's\n"
            "     medical monitor before inclusion of the subject\n\n  -  Pregnancy\n")
    document = parse_criteria(text)
    assert (items(document), len(items(document, "exclusion"))) == ([], 2)


@pytest.mark.parametrize("header", ["Cohort A Exclusion Criteria", "Part B Exclusion Criteria"])
def test_a_lettered_cohort_header_without_a_colon_opens_its_section(header):
    document = parse_criteria(f"Inclusion Criteria:\n\n  -  Adults\n\n{header}\n\n  -  Pregnancy\n")
    assert (items(document), items(document, "exclusion")) == (["Adults"], ["Pregnancy"])


def test_an_item_number_glued_to_its_first_word_starts_a_new_sentence():
    document = parse_criteria("Inclusion Criteria:1.Informed consent. 2.Adults aged 40-85 years. 3.Stable asthma.")
    assert len(document.inclusion) == 3


def test_short_lines_typed_without_bullets_are_items_of_their_own():
    text = ("Inclusion Criteria:\n\nAdults able to walk unaided for ten minutes or more\nIntact skin at the site\n"
            "Wound area of 2 cm2 or more\nSigned consent.")
    assert items(parse_criteria(text)) == ["Adults able to walk unaided for ten minutes or more",
                                           "Intact skin at the site", "Wound area of 2 cm2 or more", "Signed consent."]


def test_a_typed_line_break_before_a_word_in_lower_case_goes_on_with_the_sentence():
    text = "Inclusion Criteria:\nAdults with septic shock that needs noradrenaline\nof more than 0.1 µg/kg/min\nConsent"
    first = "Adults with septic shock that needs noradrenaline of more than 0.1 µg/kg/min"
    assert items(parse_criteria(text)) == [first, "Consent"]


@pytest.mark.parametrize("text", ["Inclusion Criteria:\nALT above 3 x\nULN\nConsent",
                                  "Inclusion Criteria:\nPrior treatment with\nTrastuzumab allowed\nConsent",
                                  "Inclusion Criteria:\nCreatinine clearance below\n30 mL/min\nConsent"])
def test_a_typed_line_break_after_a_word_that_cannot_end_a_sentence_goes_on_with_it(text):
    assert len(items(parse_criteria(text))) == 2


def test_a_flattened_list_is_not_cut_inside_a_range_of_codes():
    text = "Inclusion Criteria: - Adults - Heart failure of NYHA class II - III - Stage IIIB - IV disease"
    assert items(parse_criteria(text)) == ["Adults", "Heart failure of NYHA class II - III", "Stage IIIB - IV disease"]


def test_a_list_flattened_under_one_header_only_leaves_the_other_sections_to_their_bullets():
    text = "Inclusion Criteria: - Adults - Consent\nExclusion Criteria:\n1. Pregnancy\n2. Dialysis"
    assert items(parse_criteria(text), "exclusion") == ["Pregnancy", "Dialysis"]


def test_a_flattened_list_under_a_header_it_does_not_know_keeps_the_text_before_it():
    text = "Inclusion criteria (cohort 1): - Age ≥ 18 years - ECOG ≤ 1 Exclusion criteria: - Dialysis"
    assert any("ECOG" in item for item in items(parse_criteria(text)))


def test_a_flattened_list_keeps_a_result_with_its_test():
    text = "Inclusion Criteria: - Adults - Hepatitis B surface antigen - Negative Exclusion Criteria: - Dialysis"
    assert items(parse_criteria(text)) == ["Adults", "Hepatitis B surface antigen - Negative"]


@pytest.mark.parametrize(("text", "count"), [
    ("Inclusion Criteria:\nAge 12 years and above\nWeight at least 40 kg\nConsent", 3),
    ("Inclusion Criteria:\nChemotherapy within 21 days before\nDay 1 of cycle 1\nConsent", 2),
    ("Inclusion Criteria:\nLDL cholesterol at least 3.4\nMmol/L\nConsent", 2),
])
def test_a_comparator_after_its_number_ends_a_typed_line_and_a_unit_after_it_goes_on(text, count):
    assert len(items(parse_criteria(text))) == count


def test_a_second_bound_typed_below_its_first_stays_with_it():
    text = "Inclusion Criteria:\n  -  Resting heart rate > 50 bpm\n\n  and < 100 bpm\n  -  Consent"
    assert items(parse_criteria(text)) == ["Resting heart rate > 50 bpm and < 100 bpm", "Consent"]


def test_a_list_flattened_into_running_text_is_split_at_its_dashes():
    text = ("Inclusion Criteria: - Signed consent - Adults with\n        asthma - FEV1 60 - 80% of predicted"
            " Exclusion\n        Criteria: - Smokers")
    document = parse_criteria(text)
    assert items(document) == ["Signed consent", "Adults with asthma", "FEV1 60 - 80% of predicted"]
    assert items(document, "exclusion") == ["Smokers"]


def test_a_header_that_says_when_its_criteria_apply_still_opens_its_section():
    text = ("Inclusion Criteria:\n\n  1. Age 18 or older\n\n  Exclusion Criteria at Screening:\n\n"
            "  1. Hemoglobin < 9 g/dL")
    document = parse_criteria(text)
    assert ([c.text for c in document.inclusion], [c.text for c in document.exclusion]) == (
        ["Age 18 or older"], ["Hemoglobin < 9 g/dL"])


def test_a_header_in_capitals_before_a_numbered_item_opens_its_section_mid_line():
    text = ("INCLUSION CRITERIA\n  1. Age 18 or older 2. Asthma for at least 6 months before the\n"
            "  run-in period. EXCLUSION CRITERIA 1. Hemoglobin < 9 g/dL")
    document = parse_criteria(text)
    assert document.inclusion[-1].text.endswith("run-in period.")
    assert [c.text for c in document.exclusion] == ["Hemoglobin < 9 g/dL"]


def test_an_item_naming_the_exclusion_criteria_at_a_time_opens_no_section():
    text = ("Inclusion Criteria:\n- Subjects who met the exclusion criteria at the time of the parent study: not "
            "eligible\n- Hemoglobin > 9 g/dL")
    assert parse_criteria(text).exclusion == []


def test_capitals_naming_numbered_criteria_of_another_protocol_open_no_section():
    text = ("INCLUSION CRITERIA:\n- NO PATIENTS MEETING EXCLUSION CRITERIA 3. OR 4. OF THE PARENT PROTOCOL\n"
            "- MUST NOT MEET PARENT STUDY EXCLUSION CRITERIA 2. AND 5.\n- HEMOGLOBIN > 9 G/DL")
    assert parse_criteria(text).exclusion == []


def test_a_lower_case_mention_of_the_criteria_before_a_number_is_no_header():
    text = "Inclusion Criteria:\n- Meets the exclusion criteria 1. to 3. of the parent study\n- Age > 18"
    assert parse_criteria(text).exclusion == []


def test_a_header_with_a_bracketed_aside_before_its_colon_opens_its_section():
    text = "Inclusion Criteria:\n- Age 6 to 17 years\n\nExclusion Criteria (main ones):\n\n- Body weight under 18 kg"
    assert [c.text for c in parse_criteria(text).exclusion] == ["Body weight under 18 kg"]


def test_an_item_naming_the_criteria_with_a_bracket_before_a_colon_opens_no_section():
    text = "Inclusion Criteria:\n- Patients meeting the exclusion criteria (see section 5): not eligible\n- Hb > 9 g/dL"
    assert parse_criteria(text).exclusion == []


@pytest.mark.parametrize("header", ["Exclusion Criteria.", "Exclusionary Criteria",
                                    "Exclusion Criteria (subjects meeting any of the following will not be enrolled):"])
def test_common_variants_of_the_exclusion_header_open_its_section(header):
    text = f"Inclusion Criteria:\n- Age 40 to 70 years\n\n{header}\n\n- Hemoglobin below 10 g/dL"
    assert [c.text for c in parse_criteria(text).exclusion] == ["Hemoglobin below 10 g/dL"]


def test_a_population_after_a_dash_in_a_header_is_its_cohort():
    text = "Inclusion Criteria - Donor:\n- Age 18 to 60 years\n\nExclusion Criteria - Recipient:\n- Hemoglobin < 8 g/dL"
    (item,) = parse_criteria(text).exclusion
    assert (item.text, item.cohort) == ("Hemoglobin < 8 g/dL", "Recipient")


def test_a_sentence_ending_with_the_exclusion_criteria_opens_no_section():
    text = "Inclusion Criteria:\n- Patients who meet none of the exclusion criteria.\n- Hemoglobin > 9 g/dL"
    assert parse_criteria(text).exclusion == []


def test_a_wrapped_line_of_prose_naming_what_is_excluded_opens_no_exclusion_section():
    text = ("Inclusion Criteria:\n  -  Hepatitis confirmed after\n     exclusion of viral causes:\n"
            "       -  ALT ≥ 5 x ULN\n")
    assert parse_criteria(text).exclusion == []


@pytest.mark.parametrize("header", ["exclusion for cohort B:", "Exclusion for Part A:"])
def test_an_exclusion_header_for_a_group_opens_an_exclusion_section(header):
    document = parse_criteria(f"Inclusion Criteria:\n- Age ≥ 18\n{header}\n- Pregnancy")
    assert items(document, "exclusion") == ["Pregnancy"]


def test_a_line_opening_with_a_comparator_finishes_the_name_a_colon_ended_on_the_line_before():
    text = ("Inclusion Criteria:\n\nANC: ≥ 1.5 x 10^9/L; Hemoglobin: ≥ 9.0 g/dL; Total bilirubin:\n"
            "≤ 1.5 x upper limit of normal (ULN); Creatinine: ≤ 1.5 x ULN\n")
    assert any(item.startswith("Total bilirubin: ≤ 1.5 x upper limit") for item in items(parse_criteria(text)))


def test_a_label_alone_on_its_line_does_not_take_the_comparator_line_after_it():
    text = "Inclusion Criteria:\n\nHematopoietic:\n≥ 100,000 platelets/mm3\n"
    assert items(parse_criteria(text)) == ["Hematopoietic:", "≥ 100,000 platelets/mm3"]


def test_a_lead_naming_the_following_values_does_not_take_the_comparator_line_after_it():
    text = "Inclusion Criteria:\n\nThe following values at screening, central lab:\n> 1500/mm3 neutrophils\n"
    assert items(parse_criteria(text)) == ["The following values at screening, central lab:", "> 1500/mm3 neutrophils"]


def test_a_header_whose_aside_in_brackets_wraps_onto_the_next_line_opens_its_section(parse):
    document = parse("Inclusion Criteria:\n\n  -  Age 18 years or older\n\n"
                     "Exclusion Criteria (Patients with any of the following conditions will not be\n"
                     "enrolled in the study):\n\n  -  Pregnancy\n  -  Active infection")
    assert [c.text for c in document.inclusion] == ["Age 18 years or older"]
    assert [c.text for c in document.exclusion] == ["Pregnancy", "Active infection"]


@pytest.mark.parametrize(("text", "items"), [
    # a wrapped bracket after criteria named in prose
    ("Inclusion Criteria:\n\n  -  No therapy other than those specified in the inclusion criteria (hydroxyurea and\n"
     "     azacitidine)\n  -  Age 18 years or older", 2),
    # the act of excluding something, wrapped onto the next line
    ("Inclusion Criteria:\n\n  -  Normal TSH\n  -  Appropriate exclusion of other liver disease such as viral and\n"
     "     autoimmune liver disease.\n  -  Age 18 years or older", 3),
])
def test_a_section_word_inside_a_wrapped_inclusion_opens_no_exclusion(parse, text, items):
    document = parse(text)
    assert (len(document.inclusion), document.exclusion) == (items, [])


def test_a_section_word_wrapping_an_unfinished_item_onto_its_own_line_opens_no_section(parse):
    document = parse("Exclusion Criteria:\n\n  -  Autoimmune disease requiring treatment at the time of\n"
                     "     inclusion\n\n  -  Pregnancy")
    assert ([c.text for c in document.exclusion], document.inclusion) == (
        ["Autoimmune disease requiring treatment at the time of inclusion", "Pregnancy"], [])


def test_criteria_before_a_section_word_in_a_wrapped_line_make_no_header(parse):
    document = parse("Exclusion Criteria:\n\n  -  Seizures, unless seizure-free for 2 months and meeting the\n"
                     "     criteria defined above for inclusion of subjects with brain metastasis)\n\n  -  Pregnancy")
    assert (len(document.exclusion), document.inclusion) == (2, [])


def test_a_titled_heading_on_the_inclusion_of_a_population_still_heads_a_section(parse):
    document = parse("Exclusion Criteria:\n\n  -  Pregnancy\n\nInclusion of Women and Minorities\n\n"
                     "  -  Both men and women are eligible")
    assert [c.text for c in document.inclusion] == ["Both men and women are eligible"]


@pytest.mark.parametrize(("inclusion", "exclusion"), [("Criteria for inclusion of patients:",
                                                       "Criteria for exclusion of patients:"),
                                                      ("Inclusion of patients", "Exclusion of patients")])
def test_headers_naming_whom_they_include_or_exclude_open_their_sections(parse, inclusion, exclusion):
    document = parse(f"{inclusion}\n\n  -  Age 18 years or older\n\n{exclusion}\n\n  -  Pregnancy")
    assert ([c.text for c in document.inclusion], [c.text for c in document.exclusion]) == (
        ["Age 18 years or older"], ["Pregnancy"])


def test_an_aside_after_criteria_wrapping_an_unfinished_item_is_no_header(parse):
    document = parse("Inclusion Criteria:\n\n  -  Completed the parent study without meeting any of\n"
                     "     the exclusion criteria (see section 5 of the parent study\n     protocol)\n"
                     "  -  ECOG 0 or 1")
    assert (len(document.inclusion), document.exclusion) == (2, [])


def test_an_item_on_excluding_something_stays_an_item_of_its_section(parse):
    document = parse("Inclusion Criteria:\n- Age 18 years or older\n- Exclusion of pregnancy\n- ECOG 0-1\n"
                     "Exclusion Criteria:\n- Active infection")
    assert [c.text for c in document.inclusion] == ["Age 18 years or older", "Exclusion of pregnancy", "ECOG 0-1"]


def test_a_header_with_a_wrapped_aside_after_an_unpunctuated_item_opens_its_section(parse):
    document = parse("Inclusion Criteria:\n- ECOG 0-1\nExclusion Criteria (patients meeting any of the following\n"
                     "will be excluded):\n- Pregnancy")
    assert ([c.text for c in document.inclusion], [c.text for c in document.exclusion]) == (["ECOG 0-1"], ["Pregnancy"])


@pytest.mark.parametrize("exclusions", ["Exclusion Criteria:\n- None\n", "Exclusion Criteria: Not applicable.\n",
                                        "Exclusion Criteria:\n- N/A\n- -\n"])
def test_a_section_that_says_it_has_none_holds_no_criterion(exclusions):
    document = parse_criteria("Inclusion Criteria:\n- Adults aged 18 or older\n" + exclusions)
    assert ([c.text for c in document.inclusion], document.exclusion) == (["Adults aged 18 or older"], [])


def test_a_lead_to_none_of_its_items_is_still_a_criterion():
    document = parse_criteria("Inclusion Criteria:\n- Patients with none of the following:\n  - diabetes\n")
    assert [c.text for c in document.inclusion] == ["Patients with none of the following:", "diabetes"]


def test_an_item_naming_sodium_alone_is_kept():
    assert [c.text for c in parse_criteria("Inclusion Criteria:\n- Na\n- K\n").inclusion] == ["Na", "K"]


def test_a_block_heading_of_the_nci_layout_opens_requirements_again_after_exclusions():
    text = ("        DISEASE CHARACTERISTICS:\n          -  Confirmed squamous cell carcinoma of the anal canal\n"
            "        PATIENT CHARACTERISTICS:\n        Inclusion criteria:\n          -  WBC ≥ 3,000/mm³\n"
            "        Exclusion criteria:\n          -  Active infection\n"
            "        PRIOR CONCURRENT THERAPY:\n          -  At least 4 weeks since prior radiotherapy\n"
            "          -  No prior pelvic surgery")
    document = parse_criteria(text)
    assert "At least 4 weeks since prior radiotherapy" in items(document)
    assert items(document, "exclusion") == ["Active infection"]


def test_a_block_heading_followed_by_its_own_exclusion_header_keeps_that_header():
    text = ("        PATIENT CHARACTERISTICS:\n          -  Karnofsky 70-100%\n"
            "        PRIOR CONCURRENT THERAPY:\n        Exclusion criteria:\n          -  Prior pelvic radiotherapy")
    assert items(parse_criteria(text), "exclusion") == ["Prior pelvic radiotherapy"]


def test_a_heading_of_eligibility_criteria_opens_requirements_after_an_empty_exclusion_section():
    text = ("Part A\n\nInclusion Criteria: Completed the parent study.\n\nExclusion Criteria: None\n\n"
            "Part B\n\nEligibility Criteria:\n\n  1. Age ≥ 12 years\n  2. Able to swallow tablets")
    document = parse_criteria(text)
    assert items(document)[-2:] == ["Age ≥ 12 years", "Able to swallow tablets"]


def test_an_exclusion_header_wrapped_across_two_lines_ends_the_item_before_it():
    text = ("Inclusion Criteria:\n\n  -  Age 21 to 60 years\n\n"
            "  -  Signed consent before any study procedure Exclusion\n"
            "     Criteria:Subjects may not take part if they have any of the following:\n\n  -  Pregnancy")
    document = parse_criteria(text)
    assert items(document) == ["Age 21 to 60 years", "Signed consent before any study procedure"]
    assert items(document, "exclusion")[-1] == "Pregnancy"


def test_a_word_of_a_section_closing_a_wrapped_line_before_plain_words_opens_nothing():
    text = ("Inclusion Criteria:\n\n  -  Meets all criteria of the parent study for inclusion\n"
            "     criteria as amended in protocol version 3")
    assert items(parse_criteria(text)) == [
        "Meets all criteria of the parent study for inclusion criteria as amended in protocol version 3"]


def test_a_wrapped_line_opening_with_and_or_goes_on_with_the_item_that_stopped_on_a_bracket():
    text = ("Patients with adequate organ function: bilirubin < 1.5 x ULN and AST (SGOT)\n"
            "and/or ALT (SGPT) < 3 x ULN. Creatinine < 1.5 mg/dL.")
    found = items(parse_criteria(text))
    assert any("AST (SGOT) and/or ALT (SGPT) < 3 x ULN" in item for item in found)


def test_a_section_word_wrapped_in_prose_before_criteria_in_lower_case_opens_nothing():
    text = ("Inclusion Criteria:\n\n  -  Meets all of the inclusion and none of the Exclusion\n"
            "     Criteria: at the screening visit\n\n  -  Platelets ≥ 75 x 10^9/L")
    document = parse_criteria(text)
    assert items(document)[-1] == "Platelets ≥ 75 x 10^9/L" and items(document, "exclusion") == []


def test_a_block_heading_standing_in_an_exclusion_section_it_did_not_open_lists_exclusions():
    text = ("Inclusion Criteria:\n  -  Age 18 or older\nExclusion Criteria:\n  -  Prior chemotherapy\n"
            "PRIOR CONCURRENT THERAPY:\n  -  Concurrent radiotherapy\n  -  Prior bevacizumab")
    assert "Concurrent radiotherapy" in items(parse_criteria(text), "exclusion")


def test_a_block_heading_right_under_an_exclusion_header_it_follows_lists_exclusions():
    text = ("PATIENT CHARACTERISTICS:\nInclusion criteria:\n  -  Karnofsky 60-100%\nExclusion criteria:\n"
            "PRIOR CONCURRENT THERAPY:\n  -  Hemoglobin < 8 g/dL")
    assert "Hemoglobin < 8 g/dL" in items(parse_criteria(text), "exclusion")


@pytest.mark.parametrize("heading", ["Criteria for Entry into the Open-Label Phase:", "Randomisation Criteria:",
                                     "Further criteria at randomization:"])
def test_a_heading_of_what_must_hold_to_enter_a_later_stage_opens_an_inclusion_section(heading):
    text = f"Inclusion Criteria:\n\n- Age ≥ 18\n\nExclusion Criteria:\n\n- Pregnancy.\n\n{heading}\n\n- NRS pain ≥ 4"
    document = parse_criteria(text)
    assert items(document) == ["Age ≥ 18", "NRS pain ≥ 4"]
    assert items(document, "exclusion") == ["Pregnancy."]


def test_an_exclusion_heading_for_a_later_stage_stays_an_exclusion_section():
    text = "Inclusion Criteria:\n\n- Age ≥ 18\n\nExclusion criteria for randomization:\n\n- HbA1c ≥ 10%"
    assert items(parse_criteria(text), "exclusion") == ["HbA1c ≥ 10%"]


def test_a_wrapped_word_opening_with_a_cohort_word_is_no_cohort():
    text = ("Inclusion Criteria:\n\n  1. Signed consent before any study\n     participation:\n\n"
            "  2. Age ≥ 18\n")
    document = parse_criteria(text)
    assert items(document) == ["Signed consent before any study participation:", "Age ≥ 18"]
    assert [c.cohort for c in document.inclusion] == [None, None]


def test_a_line_for_a_group_of_persons_names_the_cohort_of_the_items_below():
    text = "Inclusion Criteria:\n\nFor subjects with heart failure only:\n\n  - NT-proBNP ≥ 400 pg/mL\n"
    (item,) = parse_criteria(text).inclusion
    assert (item.text, item.cohort) == ("NT-proBNP ≥ 400 pg/mL", "subjects with heart failure only")


def test_items_an_inclusion_says_are_exclusionary_are_exclusions_with_their_own_items():
    text = ("Inclusion Criteria:\n\n  1. Age ≥ 18\n\n  2. Any of the following at screening will be exclusionary:\n\n"
            "       -  Platelets < 75,000/mm3\n\n       -  Cardiac disorders:\n\n"
            "            -  Unstable angina\n\n  3. Signed consent\n")
    document = parse_criteria(text)
    assert items(document) == ["Age ≥ 18", "Signed consent"]
    assert items(document, "exclusion") == [
        "Any of the following at screening will be exclusionary:", "Platelets < 75,000/mm3", "Cardiac disorders:",
        "Unstable angina"]


@pytest.mark.parametrize("header", [
    "Medical History Exclusion Criteria:", "Laboratory Exclusion Criteria:", "Drug-Specific Exclusion Criteria:",
    "Subject Exclusion Criteria:", "Exclusion Criteria for all participants:", "Exclusion criteria for both groups:",
    "Exclusion Criteria for cohort:", "Main phase exclusion criteria:", "Family History Exclusion Criteria:",
    "Birth Control Exclusion Criteria:", "Screening Phase Exclusion Criteria:",
    "Exclusion Criteria for Eligible Patients:", "Exclusion Criteria for participants in this study:",
])
def test_a_header_naming_a_topic_a_step_everyone_or_any_patient_names_no_cohort(header):
    (item,) = parse_criteria(f"{header}\n- Hemoglobin < 9 g/dL\n").exclusion
    assert item.cohort is None


@pytest.mark.parametrize(("header", "cohort"), [
    ("Caregiver Exclusion Criteria:", "Caregiver"),
    ("Exclusion Criteria for patients with cirrhosis:", "patients with cirrhosis"),
    ("Exclusion Criteria for Part 2:", "Part 2"),
    ("Exclusion Criteria for all patients in Part B:", "all patients in Part B"),
    ("Exclusion Criteria for Cohort 1 (ALL):", "Cohort 1 (ALL)"),
    ("Pediatric Exclusion Criteria:", "Pediatric"),
])
def test_a_header_naming_a_population_names_its_cohort(header, cohort):
    (item,) = parse_criteria(f"{header}\n- Hemoglobin < 9 g/dL\n").exclusion
    assert item.cohort == cohort


def test_a_disease_stage_line_opening_a_list_is_an_item_not_a_cohort():
    text = ("Inclusion Criteria:\n\n- Stage III or IV disease, meeting one of the following:\n"
            "    - Unresectable tumour\n    - Distant metastases\n")
    document = parse_criteria(text)
    assert items(document)[0] == "Stage III or IV disease, meeting one of the following:"
    assert [c.cohort for c in document.inclusion] == [None, None, None]


def test_a_stage_named_by_its_number_alone_is_a_cohort():
    text = "Inclusion Criteria:\n\nStage 2:\n\n  - Completed stage 1 of the study\n"
    (item,) = parse_criteria(text).inclusion
    assert item.cohort == "Stage 2"


def test_the_heading_on_including_women_and_minorities_is_everyone_s():
    text = "INCLUSION OF WOMEN AND MINORITIES:\n- Men and women of all races are eligible\n"
    (item,) = parse_criteria(text).inclusion
    assert item.cohort is None


def test_a_list_of_cohorts_after_a_comma_is_a_cohort():
    (item,) = parse_criteria("Inclusion criteria for Cohorts, A, D, and F only:\n- Hemoglobin ≥ 9 g/dL\n").inclusion
    assert item.cohort == "Cohorts, A, D, and F only"


def test_the_items_under_a_cohort_s_lead_are_that_cohort_s():
    text = ("Inclusion Criteria:\n- Age ≥ 18 years\n- Cohort A: patients meeting all of the following:\n"
            "    - Platelet count ≥ 100 x 10^9/L\n")
    document = parse_criteria(text)
    assert [c.cohort for c in document.inclusion] == [None, "Cohort A", "Cohort A"]


def test_an_inclusion_labelling_two_cohorts_is_any_cohort_s_and_names_none():
    text = "Inclusion Criteria:\n- Cohort A: platelet count ≥ 100 x 10^9/L. Cohort B: platelet count ≥ 90 x 10^9/L\n"
    (item,) = parse_criteria(text).inclusion
    assert item.cohort is None


def test_a_heading_less_indented_than_a_cohort_line_ends_the_cohort():
    text = ("Inclusion Criteria:\n\n  DISEASE CHARACTERISTICS:\n    -  Phase II:\n         -  Colorectal cancer\n\n"
            "  PATIENT CHARACTERISTICS:\n    -  Platelet count ≥ 100,000/mm^3\n")
    document = parse_criteria(text)
    assert [(c.text, c.cohort) for c in document.inclusion][-2:] == [
        ("PATIENT CHARACTERISTICS:", None), ("Platelet count ≥ 100,000/mm^3", None)]


def test_a_letter_o_opening_a_line_is_a_bullet():
    text = (
        "Inclusion Criteria:\n  o Confirmed diagnosis of multiple sclerosis\n  o aged 18 to 55 years\n"
        "Exclusion Criteria:\n  o Relapse within 30 days\n  o Pregnancy"
    )
    document = parse_criteria(text)
    assert items(document) == ["Confirmed diagnosis of multiple sclerosis", "aged 18 to 55 years"]
    assert items(document, "exclusion") == ["Relapse within 30 days", "Pregnancy"]


def test_an_indented_line_after_a_header_opens_an_item_of_the_new_section():
    text = (
        "Inclusion Criteria:\n  Signed written informed consent\n  Body weight of at least 40 kg\n"
        "Exclusion Criteria:\n  Known allergy to penicillin\n"
    )
    document = parse_criteria(text)
    assert items(document, "exclusion") == ["Known allergy to penicillin"]
    assert all("Exclusion" not in item for item in items(document))
