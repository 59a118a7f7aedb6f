"""Counts of lesions and metastatic organs, taken from the patient's lesions when a criterion asks for one.

The engine names a count by the words of the criterion ("distant metastatic lesions", "metastatic organs",
"measurable pelvic lesion"); the words a count may have, and what each says, are rows of `screening.csv`
(kinds `lesion_word` and `lesion_site`). A name with any other word is not a lesion count: it is read from the
patient's observations only, as before. A count is unknown when the lesions are not recorded, or when a lesion
it might include does not say what the count filters on (distant? measurable?).
"""

from __future__ import annotations

from dataclasses import dataclass

from parser.screen.facts import Facts, Reading
from parser.screen.measure import Derivation
from parser.screen.words import screening_terms, words_of


@dataclass(frozen=True, slots=True)
class LesionCount:
    """What a count's name asks for: lesions or distinct organs, which of them, and where."""

    name: str
    organs: bool
    distant: bool
    measurable: bool
    site: str | None
    unrecorded: str
    """The reason when lesions are not recorded, the common case: made once."""

    def __call__(self, facts: Facts, window: float | None) -> tuple[Reading | None, str]:
        """The count as a reading dated `as_of`, or why there is none, from the patient's lesions as indexed once
        (`Facts.lesions`: a patient is counted by several criteria, each reading the same few fields)."""
        lesions = facts.lesions()
        if lesions is None:
            return None, self.unrecorded
        site, distant, measurable = self.site, self.distant, self.measurable
        # one loop, not comprehensions: each would be a function (a closure where it reads a local) run per count
        not_distant: list[str] = []
        not_measurable: list[str] = []
        counted: list[str] = []
        for lesion in lesions.found:
            if site is not None and lesion.name != site:
                continue
            if distant and lesion.distant is None:
                not_distant.append(lesion.site)
            if measurable and lesion.measurable is None:
                not_measurable.append(lesion.site)
            if (not distant or lesion.distant) and (not measurable or lesion.measurable):
                counted.append(lesion.name)
        for unsaid, field in ((not_distant, "distant"), (not_measurable, "measurable")):
            if unsaid:
                return None, f"{self.name}: whether the lesion in {', '.join(unsaid)} is {field} is not recorded"
        value = len(set(counted)) if self.organs else len(counted)
        return Reading(f"{self.name} (of {lesions.recorded})", float(value), "1", facts.as_of), ""


def lesion_count(measure: str, unit: str) -> Derivation | None:
    """The count a comparison's measure names, or None when it is not a count of lesions or organs."""
    if unit != "1":
        return None
    terms = screening_terms()
    roles: set[str] = set()
    sites: set[str] = set()
    for word in words_of(measure):
        if word in terms.lesion_sites:
            sites.add(terms.lesion_sites[word])
        elif word in terms.lesion_words:
            roles |= terms.lesion_words[word]
        else:
            return None
    if not roles & {"lesions", "organs"} or len(sites) > 1:
        return None
    return LesionCount(measure, "organs" in roles, "distant" in roles, "measurable" in roles,
                       next(iter(sites), None), f"no {measure} recorded (lesions not recorded)")


__all__ = ["LesionCount", "lesion_count"]
