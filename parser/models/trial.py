"""Models of one trial record: ClinicalTrials.gov's `Trial`, ClinConnect's `ListingPage`, and their merge.

They are the contract between the parsers and everything downstream (store, diff, CLI, JSON Schema),
so they are strict (`extra="forbid"`) and frozen: a parsed record is a value, not a mutable object.
Enum-like fields keep the source's own strings ("RECRUITING", "PHASE2"): a `Literal` where the set is
small and closed, `str` where the registry may add values.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


DateType = Literal["ACTUAL", "ESTIMATED"]
UcumTimeUnit = Literal["a", "mo", "wk", "d", "h", "min"]
Sex = Literal["ALL", "FEMALE", "MALE"]
Source = Literal["ctgov", "clinconnect"]


class DateStruct(_Record):
    """A registry date kept at the precision it was given: `2025-12` is a month, never a made-up day. Only a day
    of the calendar: ASCII digits (stored dates are compared as text), no month 13, no 30 February."""

    date: str = Field(pattern=r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
    type: DateType | None = None

    @field_validator("date")
    @classmethod
    def _on_the_calendar(cls, value: str) -> str:
        if len(value) == 10:
            date.fromisoformat(value)  # a ValueError is pydantic's validation error: "2025-02-30" is no day
        return value


class Age(_Record):
    """An age limit as a UCUM quantity, with the registry's text ("18 Years") kept for display."""

    value: float
    unit: UcumTimeUnit
    text: str


class Eligibility(_Record):
    sex: Sex | None = None
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    healthy_volunteers: bool | None = None
    std_ages: list[str] = []
    criteria_text: str | None = None


class SecondaryId(_Record):
    id: str
    type: str | None = None
    domain: str | None = None


class Sponsor(_Record):
    name: str
    agency_class: str | None = None


class Enrollment(_Record):
    count: int | None = None
    type: DateType | None = None


class Design(_Record):
    allocation: str | None = None
    intervention_model: str | None = None
    masking: str | None = None
    primary_purpose: str | None = None
    enrollment: Enrollment | None = None


class Arm(_Record):
    label: str
    type: str | None = None
    description: str | None = None
    intervention_names: list[str] = []


class Intervention(_Record):
    type: str | None = None
    name: str
    description: str | None = None
    arm_labels: list[str] = []
    other_names: list[str] = []


class Outcome(_Record):
    measure: str
    description: str | None = None
    time_frame: str | None = None


class Location(_Record):
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    status: str | None = None
    zip: str | None = None


class Contact(_Record):
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    phone_ext: str | None = None
    email: str | None = None


class Official(_Record):
    name: str
    role: str | None = None
    affiliation: str | None = None


class Trial(_Record):
    """One ClinicalTrials.gov record; text fields are plain (markdown escapes removed, HTML flattened)."""

    nct_id: str
    org_study_id: str | None = None
    secondary_ids: list[SecondaryId] = []
    acronym: str | None = None
    brief_title: str | None = None
    official_title: str | None = None
    sponsor: Sponsor | None = None
    collaborators: list[Sponsor] = []
    overall_status: str | None = None
    why_stopped: str | None = None
    phases: list[str] = []
    study_type: str | None = None
    design: Design = Design()
    conditions: list[str] = []
    keywords: list[str] = []
    arms: list[Arm] = []
    interventions: list[Intervention] = []
    primary_outcomes: list[Outcome] = []
    secondary_outcomes: list[Outcome] = []
    start_date: DateStruct | None = None
    primary_completion_date: DateStruct | None = None
    completion_date: DateStruct | None = None
    first_submitted: DateStruct | None = None
    first_posted: DateStruct | None = None
    last_update_submitted: DateStruct | None = None
    last_update_posted: DateStruct | None = None
    status_verified: DateStruct | None = None
    eligibility: Eligibility = Eligibility()
    locations: list[Location] = []
    central_contacts: list[Contact] = []
    officials: list[Official] = []
    brief_summary: str | None = None
    detailed_description: str | None = None
    version_holder: str | None = None


class SponsorProfile(_Record):
    """ClinConnect's "About <sponsor>" section: the sponsor's display name and its blurb."""

    name: str
    text: str | None = None


TimelineField = Literal["first_submitted", "launched", "updated", "estimated_completion"]


class ListingPage(_Record):
    """What a ClinConnect trial page states, as shown (criteria bullets keep the page's `\\<` escapes)."""

    nct_id: str
    title: str
    sponsor: str
    launched: date | None = None
    current_as_of: date | None = None
    status: str
    keywords: list[str] = []
    summary: str | None = None
    gender: str | None = None
    inclusion: list[str] = []
    exclusion: list[str] = []
    unlabelled_criteria: list[str] = Field(
        default=[], description="Bullets listed before any Inclusion/Exclusion header: kept, not guessed."
    )
    locations: list[str] = []
    patients_applied: int | None = None
    officials: list[Official] = []
    timeline: dict[TimelineField, date] = Field(
        default={}, description='Only dates the page reports; "Not reported" leaves the field out.'
    )
    about_sponsor: SponsorProfile | None = None


class Disagreement(_Record):
    """A field the two sources state differently; values are as each source gives them."""

    field: str
    ctgov: str | None
    clinconnect: str | None


class MergedTrial(_Record):
    """The CT.gov record as authority, ClinConnect's extras, where each headline field came from."""

    nct_id: str
    title: str | None = None
    sponsor: str | None = None
    overall_status: str | None = None
    criteria_text: str | None = None
    summary: str | None = None
    current_as_of: date | None = None
    trial: Trial | None = None
    sources: dict[str, Source] = {}
    disagreements: list[Disagreement] = []
