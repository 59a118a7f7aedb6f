"""Counts of lesions and metastatic organs, and distances of tumours to a structure, taken from the patient's
lesions when a criterion asks for one.

The engine names a count by the words of the criterion ("distant metastatic lesions", "metastatic organs",
"measurable pelvic lesion"); the words a count may have, and what each says, are rows of `screening.csv`
(kinds `lesion_word` and `lesion_site`). A name with any other word is not a lesion count: it is read from the
patient's observations only, as before. A count is unknown when the lesions are not recorded, or when a lesion
it might include does not say what the count filters on (distant? measurable?).

A distance of tumours to a structure ("tumours within 3 mm of the spinal cord") that no observation records is
settled by the lesions when every one lies in an organ that cannot reach within a centimetre of the structure
(`far_site` rows: the liver, the pelvis below the end of the cord); a lesion anywhere else leaves it unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parser.screen.facts import Facts, Outcome, Reading
from parser.screen.measure import Derivation
from parser.screen.words import screening_terms, words_of
from parser.vocabulary.units import IncompatibleUnits, convert

_FAR_MM = 10.0
"""How far (mm) a lesion in a `far_site` organ lies at least from the structure: thresholds beyond it are unknown."""
_WITHIN = frozenset({"<", "<="})
_DISTANCE = re.compile(r"distance of (?P<what>[\w ]+?) to (?:the )?(?P<where>.+)")
"""How the engine names a distance of tumours to a structure."""


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


@dataclass(frozen=True, slots=True)
class LesionDistance:
    """A distance of tumours to a structure, as far as the organs of the patient's lesions settle it."""

    structure: str
    far: frozenset[str]
    within: bool
    """Whether the threshold asks for a tumour within the distance ("within 3 mm"), not beyond it."""

    def __call__(self, facts: Facts) -> Outcome | None:
        lesions = facts.lesions()
        if lesions is None or any(lesion.name not in self.far for lesion in lesions.found):
            return None
        organs = ", ".join(sorted({lesion.name for lesion in lesions.found}))
        said = f"no tumour near the {self.structure} ({lesions.recorded}{': ' + organs if organs else ''})"
        return not self.within, said, False


def lesion_distance(measure: str, op: str, value: float, unit: str) -> LesionDistance | None:
    """How the lesions settle a distance of tumours to a structure ("distance of tumours to the spinal cord on MRI":
    the engine names what the distance is of), or None when it is of anything else ("prior radiotherapy within 5 mm
    of the spinal cord" is a distance of a dose), names no structure of the `far_site` rows, or reaches beyond
    `_FAR_MM`."""
    found = _DISTANCE.fullmatch(measure.lower())
    terms = screening_terms()
    if found is None or not all("lesions" in terms.lesion_words.get(w, ()) for w in words_of(found["what"])):
        return None
    structure = next((s for s in sorted(terms.far_sites, key=len, reverse=True)
                      if re.match(rf"{re.escape(s)}(?!\w)", found["where"])), None)
    try:
        reach = convert(value, unit, "mm")
    except IncompatibleUnits:
        return None
    if structure is None or reach > _FAR_MM:
        return None
    return LesionDistance(structure, terms.far_sites[structure], op in _WITHIN)


def settled_by_lesions(compared: Callable[[Facts, bool], Outcome],
                       distance: LesionDistance) -> Callable[[Facts, bool], Outcome]:
    """A distance's comparison, settled by the lesions when no observation decides it."""
    def evaluate(facts: Facts, neutral: bool) -> Outcome:
        outcome = compared(facts, neutral)
        if outcome[0] is None:
            return distance(facts) or outcome
        return outcome
    return evaluate


__all__ = ["LesionCount", "LesionDistance", "lesion_count", "lesion_distance", "settled_by_lesions"]
