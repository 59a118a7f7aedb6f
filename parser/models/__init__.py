"""The pydantic models every layer shares; import them from here, not from the submodules."""

from parser.models.trial import (
    Age,
    Arm,
    Contact,
    DateStruct,
    Design,
    Disagreement,
    Eligibility,
    Enrollment,
    Intervention,
    ListingPage,
    Location,
    MergedTrial,
    Official,
    Outcome,
    SecondaryId,
    Sponsor,
    SponsorProfile,
    Trial,
)

__all__ = [
    "Age",
    "Arm",
    "Contact",
    "DateStruct",
    "Design",
    "Disagreement",
    "Eligibility",
    "Enrollment",
    "Intervention",
    "ListingPage",
    "Location",
    "MergedTrial",
    "Official",
    "Outcome",
    "SecondaryId",
    "Sponsor",
    "SponsorProfile",
    "Trial",
]

# Criteria models (parser.models.criteria) are re-exported below by their owner.
