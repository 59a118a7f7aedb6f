"""parser.clinconnect: the ClinConnect page of NCT05628038 → ListingPage, from HTML, HTML+JSON and pasted text."""

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.clinconnect import parse_page
from parser.errors import PageLayoutChanged
from parser.models import Official, SponsorProfile

FIXTURES = Path(__file__).parent / "fixtures" / "clinconnect"
INPUTS = ["NCT05628038.txt", "NCT05628038.html", "NCT05628038.next.html"]
SEED_TEXT = (FIXTURES / "NCT05628038.txt").read_text(encoding="utf-8")
PLAIN_HTML = (FIXTURES / "NCT05628038.html").read_text(encoding="utf-8")
NEXT_HTML = (FIXTURES / "NCT05628038.next.html").read_text(encoding="utf-8")
SEED_BULLETS = [line.strip().removeprefix("• ") for line in SEED_TEXT.splitlines() if line.strip().startswith("•")]
HEADINGS = [
    "Trial Information",
    "Keywords",
    "ClinConnect Summary",
    "Gender",
    "Eligibility criteria",
    "About Fudan University",
    "Locations",
    "Patients applied",
    "Trial Officials",
    "Timeline",
]


@pytest.fixture(scope="module", params=INPUTS)
def page(request):
    return parse_page((FIXTURES / request.param).read_bytes())


def without_heading(html: str, heading: str) -> str:
    return re.sub(rf"<h([123])[^>]*>{re.escape(heading)}</h\1>", "", html)


def test_the_three_inputs_give_the_same_page():
    pages = [parse_page((FIXTURES / name).read_bytes()) for name in INPUTS]
    assert pages[0] == pages[1] == pages[2]


def test_identity_title_and_sponsor_are_read(page):
    assert page.nct_id == "NCT05628038"
    assert page.title == (
        "The Combination of Hypofractionated Radiotherapy and Immunotherapy in Locally Recurrent Rectal Cancer"
    )
    assert page.sponsor == "FUDAN UNIVERSITY"


def test_launch_and_current_as_of_are_dates(page):
    assert page.launched == date(2022, 11, 17)
    assert page.current_as_of == date(2025, 6, 26)


def test_status_and_gender_are_kept_as_shown(page):
    assert page.status == "Recruiting"
    assert page.gender == "ALL"


def test_empty_keywords_section_gives_no_keywords(page):
    assert page.keywords == []


def test_summary_keeps_its_two_paragraphs(page):
    first, second = page.summary.split("\n\n")
    assert first.startswith("This clinical trial is studying a new approach to treat locally recurrent rectal cancer")
    assert second.endswith("This trial could be a promising option for people with this challenging condition.")


def test_every_criteria_bullet_comes_out_exactly(page):
    assert SEED_BULLETS[0] == "Inclusion Criteria:" and SEED_BULLETS[11] == "Exclusion Criteria:"
    assert page.inclusion == SEED_BULLETS[1:11]
    assert page.exclusion == SEED_BULLETS[12:]
    assert (len(page.inclusion), len(page.exclusion), page.unlabelled_criteria) == (10, 20, [])


def test_criteria_keep_the_page_escapes_and_odd_unicode(page):
    assert page.exclusion[0].startswith("Neutrophil \\< 1.5×10\\^9/L, PLT \\< 100×10\\^9/L")
    assert page.exclusion[6] == "Urinary protein ≥ 2+, or 24-hour urine protein ≥1.0g/24h."


def test_locations_and_patients_applied_are_read(page):
    assert page.locations == ["Shanghai, Shanghai, China"]
    assert page.patients_applied == 0


def test_officials_have_name_role_and_affiliation(page):
    assert page.officials == [
        Official(name="Zhen Zhang, MD PhD", role="Principal Investigator", affiliation="Fudan University")
    ]


def test_not_reported_timeline_fields_are_absent(page):
    assert page.timeline == {}


def test_about_section_names_the_sponsor(page):
    assert page.about_sponsor.name == "Fudan University"
    assert page.about_sponsor.text.startswith("Fudan University, a prestigious comprehensive research university")
    assert isinstance(page.about_sponsor, SponsorProfile)


def test_nbsp_becomes_a_space():
    assert "FUDAN&nbsp;UNIVERSITY" in PLAIN_HTML
    assert parse_page(PLAIN_HTML).sponsor == "FUDAN UNIVERSITY"


def test_micro_sign_survives_and_nbsp_inside_a_bullet_is_normalised():
    edited = SEED_TEXT.replace("Serious electrolyte abnormalities.", "Serious\u00a0electrolyte abnormalities (µmol/L).")
    assert parse_page(edited).exclusion[5] == "Serious electrolyte abnormalities (µmol/L)."


def test_embedded_json_is_preferred_over_visible_text():
    visible_text_broken = without_heading(NEXT_HTML, "Eligibility criteria")
    assert visible_text_broken != NEXT_HTML
    assert parse_page(visible_text_broken) == parse_page(NEXT_HTML)


def test_embedded_json_of_another_shape_falls_back_to_visible_text():
    other_shape = NEXT_HTML.replace('"pageProps": {"trial":', '"pageProps": {"study":')
    assert other_shape != NEXT_HTML
    assert parse_page(other_shape) == parse_page(PLAIN_HTML)


def test_missing_eligibility_heading_raises_page_layout_changed():
    with pytest.raises(PageLayoutChanged, match="missing landmark 'Eligibility criteria'"):
        parse_page(without_heading(PLAIN_HTML, "Eligibility criteria"))


def test_pasted_text_without_a_landmark_raises_page_layout_changed():
    with pytest.raises(PageLayoutChanged, match="missing landmark 'Trial Officials'"):
        parse_page(SEED_TEXT.replace("Trial Officials\n", ""))


def test_error_page_raises_page_layout_changed():
    error_page = (
        "<!DOCTYPE html><html><head><title>404: This page could not be found</title></head><body>"
        '<div id="__next"><h1>404</h1><h2>This page could not be found.</h2></div>'
        '<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{}},"page":"/_error",'
        '"query":{},"buildId":"x","isFallback":false}</script></body></html>'
    )
    with pytest.raises(PageLayoutChanged, match="missing landmark"):
        parse_page(error_page)


def test_empty_body_raises_page_layout_changed():
    with pytest.raises(PageLayoutChanged, match="empty"):
        parse_page(b"  \n")


def test_unreadable_date_raises_page_layout_changed():
    with pytest.raises(PageLayoutChanged, match="unreadable date 'soon' after 'Current as of'"):
        parse_page(SEED_TEXT.replace("Current as of June 26, 2025", "Current as of soon"))


def test_bullets_before_any_header_are_kept_apart_not_filed_as_inclusion():
    page = parse_page(SEED_TEXT.replace("  • Inclusion Criteria:\n", ""))
    assert page.unlabelled_criteria == SEED_BULLETS[1:11]
    assert page.inclusion == []


def test_reported_timeline_date_is_read():
    edited = SEED_TEXT.replace("Trial launched\n", "Trial launched\n\nNov 17, 2022\n")
    assert parse_page(edited).timeline == {"launched": date(2022, 11, 17)}


@settings(max_examples=60, deadline=None)
@given(removed=st.sets(st.sampled_from(HEADINGS), min_size=1))
def test_html_with_headings_removed_raises_page_layout_changed(removed):
    html = PLAIN_HTML
    for heading in removed:
        html = without_heading(html, heading)
    with pytest.raises(PageLayoutChanged):
        parse_page(html)


SEED_LINES = SEED_TEXT.splitlines()


@settings(max_examples=150, deadline=None)
@given(dropped=st.sets(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), min_size=1, max_size=12))
def test_pasted_text_with_lines_dropped_parses_as_the_same_trial_or_raises_page_layout_changed(dropped):
    text = "\n".join(line for index, line in enumerate(SEED_LINES) if index not in dropped)
    try:
        page = parse_page(text)
    except PageLayoutChanged as error:
        assert str(error).strip(), "PageLayoutChanged without a message"
        return
    assert page.nct_id == "NCT05628038"  # the text's one NCT id: a page never names another trial
