"""A criterion that names adequate organ function without numbers of its own, decided by the trial's own criteria.

"Demonstrate adequate organ function (bone marrow, liver, kidney and clotting function) within 7 days" states no
threshold: in most trials such a line is a label whose thresholds are the trial's own laboratory criteria (here the
exclusions on ANC, platelets, haemoglobin, bilirubin, AST/ALT, creatinine, APTT/PT). So a laboratory concept that
names the function of organ systems (`organ_label` words: "function", "reserve"), says it must be adequate
(`adequacy_word` rows, in its name or the word before it) and names the systems (`organ_system` rows: a word to
the category of the measures that test it, "bone marrow" to hematology) is met when every criterion of the trial
with a threshold on a measure of those categories is decided in the patient's favour from readings current for
the label's window (or the criterion's own, if shorter): met for an inclusion, not met for an exclusion, where
the criterion may decide. Otherwise it is unknown, never not met: a criterion against the patient already decides
on its own, and a trial without a threshold for a named system leaves that system to a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parser.models.criteria import Concept
from parser.screen.facts import NO_ASSUMPTION, Facts, Outcome, Tri, number
from parser.screen.words import WORD, screening_terms


@dataclass(frozen=True, slots=True)
class Dependency:
    """A criterion of the trial whose thresholds test a named organ system, as the label evaluates it."""

    id: str
    run: Callable[[Facts, bool], Outcome]
    window: float | None
    """The criterion's own window for its readings, in days (None: the label's or the screening's)."""
    neutral: bool
    favourable: frozenset[Tri]
    """The values of its outcome that decide it in the patient's favour (`rules.role` gives them no part)."""
    reusable: bool
    """Whether its outcome for the screening may stand for the label's window when every reading it used is current
    for that window (`Facts.prior`): not when a subgroup condition compares a reading, which is remembered per
    patient (`compile.ComparisonLeaf`) and so may be read without its age being seen."""


def organ_systems(concept: Concept, criterion: str) -> tuple[str, ...]:
    """The measure categories of the organ systems a concept labels as adequate in function ("adequate liver and
    kidney function": hepatic, renal), in the order named; () when it is no such label."""
    vocabulary = screening_terms()
    name = concept.concept.lower()
    words = WORD.findall(name)
    if not vocabulary.organ_label_words.intersection(words):
        return ()
    before = WORD.findall(criterion[: concept.span[0]].lower())[-1:]
    if not vocabulary.adequacy_words.intersection(words + before):
        return ()
    found = sorted((match.start(), category) for term, category in vocabulary.organ_systems.items()
                   for match in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", name))
    return tuple(dict.fromkeys(category for _, category in found))


class OrganFunctionLabel:
    """The label's evaluator: its dependencies are linked once the whole trial is compiled (`link`)."""

    __slots__ = ("name", "systems", "dependencies", "missing", "_said", "_within")

    def __init__(self, name: str, systems: tuple[str, ...]) -> None:
        self.name, self.systems = name, systems
        self.dependencies: tuple[Dependency, ...] = ()
        self.missing: tuple[str, ...] = systems
        """The named systems no criterion of the trial has a threshold for."""
        self._said = ""
        self._within: dict[float | None, str] = {}
        """How the reason names each window it was evaluated for (" from readings within 7 d"), written once."""

    def link(self, candidates: Sequence[tuple[Dependency, frozenset[str]]]) -> None:
        """Take those of the trial's criteria (each with the measure categories of its thresholds) that test the
        named systems."""
        self.dependencies = tuple(dependency for dependency, tests in candidates if tests.intersection(self.systems))
        tested = {category for _, tests in candidates for category in tests}
        self.missing = tuple(system for system in self.systems if system not in tested)
        self._said = ", ".join(dependency.id for dependency in self.dependencies)

    def evaluate(self, facts: Facts, neutral: bool) -> Outcome:
        """Met when every dependency is decided in the patient's favour from readings current for the label's
        window (`facts.window`, set by the rule) or the dependency's own if shorter; unknown otherwise.

        A dependency's outcome is the one the trial found for it (`Facts.prior`) when it is against the patient (a
        shorter window only takes readings away, which turns no outcome in the patient's favour) or when every
        reading it used is current for the label's window; else it is evaluated again, with the shorter window.
        (One loop, no call per dependency: the label is evaluated for every patient screened.)"""
        if self.missing:
            return None, f"{self.name}: the trial states no threshold of its own for {', '.join(self.missing)}", False
        window, assume, prior = facts.window, facts.assume, facts.prior
        facts.assume = NO_ASSUMPTION
        computed = False
        try:
            for dependency in self.dependencies:
                found = prior.get(dependency.id) if dependency.reusable else None
                if found is not None and (found[0][0] not in dependency.favourable or window is None
                                          or (found[1] is not None and found[1] <= window)):
                    value, reason, used = found[0]
                else:
                    own = dependency.window
                    facts.window = own if window is None else window if own is None else min(own, window)
                    value, reason, used = dependency.run(facts, dependency.neutral)
                if value not in dependency.favourable:
                    return None, f"{self.name}: {dependency.id} not decided in the patient's favour: {reason}", False
                computed |= used
        finally:
            facts.window, facts.assume = window, assume
        within = self._within.get(window)
        if within is None:
            within = self._within[window] = "" if window is None else f" from readings within {number(window)} d"
        return True, f"{self.name}: the trial's own criteria for it ({self._said}) hold{within}", computed


__all__ = ["Dependency", "OrganFunctionLabel", "organ_systems"]
