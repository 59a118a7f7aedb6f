"""parser.ctgov: ClinicalTrials.gov study JSON → Trial, on the real records in tests/fixtures/ctgov/ (damaged records:
tests/test_fuzz.py)."""

import json
from pathlib import Path
from typing import Any

import pytest

from parser.ctgov import parse_age, parse_studies, parse_study
from parser.errors import InvalidNctId, MalformedRecord
from parser.models import Age, Arm, Contact, DateStruct, Intervention, Location, Official, Outcome, Sponsor

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
SAMPLES = {  # file stem -> derivedSection.miscInfoModule.versionHolder, as the records state
    "NCT03745326": "2025-11-14",
    "NCT05288205": "2025-11-14",
    "NCT05438667": "2025-11-14",
    "NCT06008288": "2025-11-14",
    "NCT06388018": "2024-08-09",
    "NCT06411691": "2025-11-14",
    "NCT06898385": "2025-11-14",
}


def raw(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def study_dict(name: str) -> dict[str, Any]:
    document = json.loads(raw(name))
    return document["studies"][0] if "studies" in document else document


@pytest.fixture(scope="module")
def glecirasib():
    """NCT06008288, a bare study as `GET /api/v2/studies/{id}` sends it (compact JSON)."""
    return parse_study(raw("NCT06008288"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_real_sample_parses_to_its_own_id_and_version(name):
    trial = parse_study(raw(name))
    assert (trial.nct_id, trial.version_holder) == (name, SAMPLES[name])


def test_identification_fields_are_read(glecirasib):
    assert glecirasib.org_study_id == "JAB-21822-2001"
    assert glecirasib.acronym is None
    assert glecirasib.brief_title.startswith("A Phase II Study Evaluating JAB-21822 Monotherapy")
    assert glecirasib.official_title.startswith("A Single-arm, Multicenter, Open-label Phase II Clinical Study")


def test_secondary_ids_keep_type_and_domain():
    trial = parse_study(raw("NCT06388018"))
    assert [(s.id, s.type, s.domain) for s in trial.secondary_ids][:2] == [
        ("NCI-2023-09355", "REGISTRY", "CTRP (Clinical Trial Reporting Program)"),
        ("NRG-GY032", "OTHER", "NRG Oncology"),
    ]
    assert len(trial.secondary_ids) == 4


def test_lead_sponsor_and_collaborators_keep_their_class():
    trial = parse_study(raw("NCT06388018"))
    assert trial.sponsor == Sponsor(name="NRG Oncology", agency_class="OTHER")
    assert trial.collaborators == [
        Sponsor(name="National Cancer Institute (NCI)", agency_class="NIH"),
        Sponsor(name="Canadian Cancer Trials Group (CCTG)", agency_class="UNKNOWN"),
    ]


def test_status_phase_and_design_keep_the_api_strings(glecirasib):
    assert glecirasib.overall_status == "RECRUITING"
    assert glecirasib.why_stopped is None
    assert glecirasib.phases == ["PHASE2"]
    assert glecirasib.study_type == "INTERVENTIONAL"
    design = glecirasib.design
    assert (design.allocation, design.intervention_model, design.masking, design.primary_purpose) == (
        "NA",
        "SINGLE_GROUP",
        "NONE",
        "TREATMENT",
    )
    assert (design.enrollment.count, design.enrollment.type) == (88, "ESTIMATED")


def test_every_status_date_is_kept_with_its_type(glecirasib):
    assert glecirasib.start_date == DateStruct(date="2023-10-27", type="ACTUAL")
    assert glecirasib.primary_completion_date == DateStruct(date="2026-12-31", type="ESTIMATED")
    assert glecirasib.completion_date == DateStruct(date="2027-12-31", type="ESTIMATED")
    assert glecirasib.first_submitted == DateStruct(date="2023-08-18")
    assert glecirasib.first_posted == DateStruct(date="2023-08-23", type="ACTUAL")
    assert glecirasib.last_update_submitted == DateStruct(date="2025-08-04")
    assert glecirasib.last_update_posted == DateStruct(date="2025-08-07", type="ACTUAL")


def test_partial_dates_stay_partial_never_get_a_made_up_day():
    trial = parse_study(raw("NCT05288205"))
    assert trial.primary_completion_date == DateStruct(date="2026-03", type="ESTIMATED")
    assert trial.status_verified == DateStruct(date="2025-03")


def test_conditions_and_keywords_are_read():
    trial = parse_study(raw("NCT03745326"))
    assert trial.conditions == ["Gastrointestinal Cancer", "Pancreatic Cancer", "Gastric Cancer", "Colon Cancer",
                                "Rectal Cancer"]
    assert trial.keywords == ["Immunotherapy", "Cell Therapy", "KRAS", "HRAS", "NRAS"]


def test_arms_and_interventions_reference_each_other(glecirasib):
    assert glecirasib.arms == [
        Arm(label="JAB-21822", type="EXPERIMENTAL", description="Monotherapy", intervention_names=["Drug: JAB-21822"])
    ]
    assert glecirasib.interventions == [
        Intervention(
            type="DRUG",
            name="JAB-21822",
            description="800mg, orally QD with 21 days each cycle, treatment till disease progression or "
            "intolerable toxicity or withdraw for other reasons",
            arm_labels=["JAB-21822"],
            other_names=["Glecirasib"],
        )
    ]


def test_outcomes_keep_measure_description_and_time_frame(glecirasib):
    assert glecirasib.primary_outcomes == [
        Outcome(
            measure="Objective response rate (ORR) by independent central radiological review (IRC) according to "
            "RECIST 1.1.",
            description="ORR is defined as the proportion of participants with confirmed complete response or partial "
            "response by IRC according to RECIST 1.1.",
            time_frame="Approximately 1.5 years",
        )
    ]
    assert len(glecirasib.secondary_outcomes) == 7
    assert glecirasib.secondary_outcomes[0].measure == "Duration of response (DOR)"


def test_eligibility_fields_are_read(glecirasib):
    eligibility = glecirasib.eligibility
    assert eligibility.sex == "ALL"
    assert eligibility.minimum_age == Age(value=18, unit="a", text="18 Years")
    assert eligibility.maximum_age is None
    assert eligibility.healthy_volunteers is False
    assert eligibility.std_ages == ["ADULT", "OLDER_ADULT"]


def test_criteria_text_keeps_unicode_thresholds(glecirasib):
    text = glecirasib.eligibility.criteria_text
    assert text.startswith("Inclusion Criteria:\n\n* Patients with the KRAS p.G12C mutation")
    assert "Mean QT interval corrected for heart rate using Fridericia's formula (QTcF) ≥470 ms" in text


def test_criteria_text_loses_markdown_escapes():
    text = parse_study(raw("NCT05288205")).eligibility.criteria_text
    assert "for > 3 years after treatment" in text
    assert "\\" not in text


def test_escaped_asterisk_becomes_a_plain_asterisk():
    text = parse_study(raw("NCT03745326")).eligibility.criteria_text
    assert "Patients must be HLA-A*11:01 positive" in text


def test_maximum_age_is_read_when_present():
    assert parse_study(raw("NCT06898385")).eligibility.maximum_age == Age(value=75, unit="a", text="75 Years")


def test_locations_contacts_and_officials_are_read(glecirasib):
    assert len(glecirasib.locations) == 31
    assert glecirasib.locations[0] == Location(
        facility="Anhui Provincial Cancer Hospital", city="Hefei", state="Anhui", country="China", status="RECRUITING"
    )
    assert glecirasib.locations[1].zip == "100142"
    assert glecirasib.central_contacts == [
        Contact(
            name="Shanghai Allist Pharmaceuticals Co., Ltd",
            role="CONTACT",
            phone="86-21-80423288",
            email="zhenhua.gong@allist.com.cn",
        )
    ]
    assert glecirasib.officials == [
        Official(
            name="Shanghai Allist Pharmaceuticals",
            role="STUDY_DIRECTOR",
            affiliation="Shanghai Allist Pharmaceuticals Co.,Ltd.",
        )
    ]


def test_phone_extension_is_kept():
    contact = parse_study(raw("NCT06898385")).central_contacts[0]
    assert (contact.phone, contact.phone_ext) == ("87342487", "020")


def test_summary_and_description_are_read(glecirasib):
    assert glecirasib.brief_summary.startswith("Patients with other advanced solid tumors")
    assert "* Patients with advanced pancreatic cancer" in glecirasib.detailed_description


def test_search_response_with_one_study_gives_that_study():
    assert parse_study(raw("NCT06388018")).nct_id == "NCT06388018"


def test_search_response_with_many_studies_needs_parse_studies():
    body = {"studies": [study_dict("NCT06008288"), study_dict("NCT05288205")]}
    with pytest.raises(MalformedRecord, match="expected one study, got 2"):
        parse_study(body)
    assert [trial.nct_id for trial in parse_studies(body)] == ["NCT06008288", "NCT05288205"]


def test_empty_search_response_is_malformed_for_one_study():
    with pytest.raises(MalformedRecord, match="got 0"):
        parse_study(b'{"studies": []}')


def test_history_version_html_fields_read_as_the_api_markdown_does(glecirasib):
    historic = parse_study(raw("NCT06008288.history-version"))
    assert historic == glecirasib


def test_history_html_lists_become_markdown_like_text():
    study = study_dict("NCT06008288")
    study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = (
        "<p>Inclusion Criteria:</p><ul><li>Men ≥18 years.</li><li>Adequate organ function:</li>"
        "<ul><li>Absolute neutrophil count (ANC) ≥1.0 x 109&#x2F;L</li><li>Platelet count ≥75 x 109&#x2F;L</li></ul>"
        "</ul><p>Exclusion Criteria:</p><ul><li>Patient&#x27;s QTcF &gt;470 ms</li></ul>"
    )
    text = parse_study({"studyVersion": 3, "patchVersion": None, "study": study}).eligibility.criteria_text
    assert text == (
        "Inclusion Criteria:\n\n* Men ≥18 years.\n* Adequate organ function:\n"
        "  * Absolute neutrophil count (ANC) ≥1.0 x 109/L\n  * Platelet count ≥75 x 109/L\n\n"
        "Exclusion Criteria:\n\n* Patient's QTcF >470 ms"
    )


def test_bytes_text_and_dict_bodies_parse_alike():
    body = raw("NCT06008288")
    assert parse_study(body) == parse_study(body.decode()) == parse_study(json.loads(body))


def test_key_order_and_whitespace_do_not_matter(glecirasib):
    def reversed_keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: reversed_keys(value[key]) for key in reversed(list(value))}
        return [reversed_keys(item) for item in value] if isinstance(value, list) else value

    reshaped = json.dumps(reversed_keys(json.loads(raw("NCT06008288"))), indent=7, ensure_ascii=True)
    assert parse_study(reshaped) == glecirasib


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 Years", Age(value=18, unit="a", text="18 Years")),
        ("6 Months", Age(value=6, unit="mo", text="6 Months")),
        ("1 Week", Age(value=1, unit="wk", text="1 Week")),
        ("28 Days", Age(value=28, unit="d", text="28 Days")),
        ("12 Hours", Age(value=12, unit="h", text="12 Hours")),
        ("30 Minutes", Age(value=30, unit="min", text="30 Minutes")),
        ("N/A", None),
        (None, None),
    ],
)
def test_ages_become_ucum_quantities(text, expected):
    assert parse_age(text) == expected


def test_unreadable_age_is_a_malformed_record():
    with pytest.raises(MalformedRecord, match="unreadable age 'eighteen'"):
        parse_age("eighteen")


def test_non_json_is_a_malformed_record():
    with pytest.raises(MalformedRecord, match="not JSON"):
        parse_study(b"protocolSection: yes")


def test_truncated_json_is_a_malformed_record():
    body = raw("NCT06008288")
    with pytest.raises(MalformedRecord, match="truncated JSON"):
        parse_study(body[: len(body) // 2])


def test_html_instead_of_json_is_a_malformed_record():
    with pytest.raises(MalformedRecord, match="got HTML, expected JSON"):
        parse_study(b"<!DOCTYPE html><html><body>Service Unavailable</body></html>")


def test_non_utf8_bytes_are_a_malformed_record():
    with pytest.raises(MalformedRecord, match="not UTF-8"):
        parse_study(b'{"x": "\xff"}')


def test_json_without_nct_id_is_a_malformed_record():
    with pytest.raises(MalformedRecord, match=r"protocolSection\.identificationModule\.nctId"):
        parse_study({"protocolSection": {"statusModule": {"overallStatus": "RECRUITING"}}})


def test_json_that_is_not_an_object_is_a_malformed_record():
    with pytest.raises(MalformedRecord, match="expected a JSON object, got list"):
        parse_study(b"[1, 2]")


def test_wrong_type_is_a_malformed_record_naming_the_path():
    study = study_dict("NCT06008288")
    study["protocolSection"]["statusModule"]["overallStatus"] = 3
    with pytest.raises(MalformedRecord, match=r"statusModule\.overallStatus: expected a string, got int"):
        parse_study(study)


def test_value_outside_the_contract_is_a_malformed_record():
    study = study_dict("NCT06008288")
    study["protocolSection"]["statusModule"]["startDateStruct"]["date"] = "soon"
    with pytest.raises(MalformedRecord, match="startDateStruct"):
        parse_study(study)


def test_invalid_nct_id_is_rejected():
    study = study_dict("NCT06008288")
    study["protocolSection"]["identificationModule"]["nctId"] = "NCT123"
    with pytest.raises(InvalidNctId):
        parse_study(study)


def test_history_html_nested_deeper_than_the_html_parser_reads_is_a_malformed_record_not_lost_text():
    study = study_dict("NCT06008288")
    study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = "<div>" * 300 + "Age ≥ 18" + "</div>" * 300
    with pytest.raises(MalformedRecord, match="nested too deep"):
        parse_study({"studyVersion": 3, "patchVersion": None, "study": study})
