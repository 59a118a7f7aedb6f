"""What a threshold takes from the one just before it: its measure ("BMI > 18 and < 28"), its name restated
("Proteinuria ≥ 2+ (1.0 g/24 h)"), its words in another unit ("FEV1 ≥ 12% and ≥ 200 mL"), or, for a subgroup's own
period, the same measure for that group ("age 18 or older (20 years for Japan)").

`measures.MeasureResolver` asks these readings in its order of preference; they share its reader of the words
around a threshold (`MeasureLookup`).
"""

from __future__ import annotations

from typing import TypeGuard

from parser.criteria import lexicon, shares
from parser.criteria.atoms import COORDINATION, Atom
from parser.criteria.measure_fit import fitting_bare_value
from parser.criteria.measure_lookup import MeasureLookup
from parser.vocabulary import Measure, units


class PreviousNames:
    """The readings of one criterion that name a threshold after the threshold before it."""

    def __init__(self, lookup: MeasureLookup) -> None:
        self.lookup, self.doc, self.marks = lookup, lookup.doc, lookup.marks
        self.base_names: dict[int, str] = {}
        """The name a subgroup's period (by its start) took its group's name after: what the next group's takes."""

    def continues(self, atom: Atom, previous: Atom | None, clause: int) -> bool:
        """"BMI > 18 and < 28": a bare bound continuing the one before, naming no lexicon measure and counting no noun
        of its own, bounds the measure before."""
        if previous is None or not self.lookup.continues(atom, previous, clause):
            return False
        if (self.lookup.nearest_measures(atom, clause)[0] or self.lookup.counts_noun(atom)
                or self.lookup.measure_after(atom) is not None  # "…, > 1.5 × ULN for bilirubin": its own
                or self._counts_another_noun(atom, previous)
                or self._share_of_its_own(atom, previous)
                or atom.bounds[-1].quantity.analyte is not None  # "… and < 50 copies RNA/mL": named in its unit
                or self._period_of(atom) or self._named_before_bracket(atom, clause)
                or self._named_before_comma(atom, previous, clause)):
            return False
        inherit(atom, previous)
        return True

    def _counts_another_noun(self, atom: Atom, previous: Atom) -> bool:
        """"≥ 8 micturitions per 24 hours and ≥ 1 urgency episode (…) per 24 hours": a frequency counting a noun of its
        own after one that counted the noun after it is no continuation (unlike "≥ 4 and < 15 migraine days")."""
        return (units.dimension(atom.bounds[-1].quantity.unit or "") == "frequency"
                and bool(previous.measure_spans) and previous.measure_spans[0][0] >= previous.end
                and self.lookup.counted_noun(atom) is not None)

    def _share_of_its_own(self, atom: Atom, previous: Atom) -> bool:
        """"PASI ≥ 12 and ≥ 10% of BSA": a percentage of a whole named after it (`shares`) continues no bound in
        another unit (but "involving at least 2% and no more than 20% of the BSA" is one range)."""
        return (atom.bounds[-1].quantity.unit == "%" != previous.bounds[-1].quantity.unit
                and shares.own_measure_after(self.doc, atom.end))

    def _named_before_comma(self, atom: Atom, previous: Atom, clause: int) -> bool:
        """"AST levels ≥ 3 × ULN, alanine aminotransferase (ALT), levels ≥ 3 × ULN": a lexicon measure named after
        the threshold before and closing the clause before this one, with only words of a value (`implied_lead`,
        `threshold_link` cues: "levels") between, bounds this threshold, which names it there."""
        doc = self.doc
        words = lexicon.words("implied_lead") | lexicon.words("threshold_link")
        if clause < 2 or doc[clause - 1].text != "," or not all(
                t.lower_ in words for t in doc[clause:atom.start]):
            return False
        name = next((span for span in self.marks.measures if span.start >= previous.end
                     and span.end in (clause - 1, clause - 2) and self.lookup.lexicon_measures(
                         span.start, span.end, atom.bounds[-1].quantity)), None)
        if name is None:
            return False
        atom.measure_spans = [(name.start, name.end)]
        atom.measures = list(self.lookup.lexicon_measures(name.start, name.end, atom.bounds[-1].quantity))
        return True

    def _period_of(self, atom: Atom) -> bool:
        """"≥ 45 years of age with either ≥ 12 months of amenorrhea": a period followed by "of" and what it was of
        names its own event."""
        end = atom.end
        return (atom.bounds[-1].quantity.is_time and end + 1 < len(self.doc) and self.doc[end].lower_ == "of"
                and self.lookup.clauses.right_phrase(end + 1) is not None)

    def _named_before_bracket(self, atom: Atom, clause: int) -> bool:
        """"albumin (must be < 2.5 g/dL) and total bilirubin (must be > 2.0 mg/dL)": a bracket opening the threshold's
        clause right after a lexicon measure's name, with only linking words (`threshold_link` cues) before the
        threshold, bounds that name."""
        doc = self.doc
        if clause < 2 or doc[clause - 1].text != "(" or not all(
                t.lower_ in lexicon.words("threshold_link") for t in doc[clause:atom.start]):
            return False
        name = self.marks.measure_at.get(clause - 2)
        return name is not None and name.end == clause - 1 and bool(
            self.lookup.lexicon_measures(name.start, name.end, atom.bounds[-1].quantity))

    def renames(self, atom: Atom, previous: Atom | None, limit: int) -> bool:
        """"Proteinuria ≥ 2+ (1.0 g/24 h)": the name before a grade also names the value restated in brackets."""
        if (previous is None or previous.kind != "comparison"
                or not {t.lower_ for t in self.doc[limit:atom.start]} <= {"(", "or"}
                or self.lookup.clauses.lists.list_lead_after(atom.end) is not None
                or self.lookup.measure_after(atom) is not None):
            return False  # "age > 75 or at least one of the following:": a count of the items, no age; "SBP > 160
            # mmHg or 100 mmHg diastolic": the value's own measure after it
        quantity = atom.bounds[-1].quantity
        renamed: list[Measure | str] = list(fitting_bare_value(
            [m for s, e in previous.measure_spans for m in self.lookup.lexicon_measures(s, e, quantity)], quantity))
        if renamed:
            atom.measures = renamed
        return bool(renamed)

    def for_subgroup(self, atom: Atom, previous: Atom | None) -> bool:
        """A subgroup's own period (`atoms._subgroup_period`, its group in `atom.when`) after a lexicon measure bounds
        that measure for the group ("age 18 or older (20 years for Japan)"), and so does one whose group a condition
        opens ("for at least 6 weeks, or 3 months if the dose was changed"); after words naming a time off or free of
        something, one "for" a group bounds that time for what the group names ("off antipsychotics for 2 weeks, and
        6 weeks for depot haloperidol": "Off antipsychotics for depot haloperidol"), the group then no condition."""
        if previous is None or not previous.measures or atom.when is None:
            return False
        start, end = atom.when[0], atom.when[1]
        if any(isinstance(m, Measure) for m in previous.measures) or self.doc[atom.end:start].text.lower() != "for":
            inherit(atom, previous)
            return True
        name = self.base_names.get(previous.start, str(previous.measures[0]))
        spans = previous.measure_spans[:-1] if previous.start in self.base_names else previous.measure_spans
        self.base_names[atom.start] = name  # "(4 weeks for X and 6 weeks for Y)": Y's is named after the same words
        atom.measures, atom.measure_spans = [f"{name} for {self.doc[start:end].text}"], [*spans, (start, end)]
        atom.when = None
        return True

    def beside(self, atom: Atom, previous: Atom | None) -> bool:
        """"an increase in FEV1 of ≥ 12% and ≥ 200 mL", "weight loss ≥ 5% or ≥ 3 kg": an absolute amount nothing
        else names, joined to a share just before by nothing but "and"/"or" or a bracket, bounds the same thing: it
        takes the words that named that share (its lexicon measure may not be read in this unit)."""
        if (previous is None or previous.kind != "comparison" or not previous.measure_spans
                or previous.bounds[-1].quantity.unit != "%"
                or (atom.bounds[-1].quantity.unit in (None, "1", "%") and not atom.bounds[-1].quantity.relative_to)):
            return False
        between = {t.lower_ for t in self.doc[previous.end:atom.start]}
        if not between or not between <= COORDINATION | {"("}:
            return False
        atom.measures = [" ".join(self.doc[s:e].text for s, e in previous.measure_spans)]
        atom.measure_spans = list(previous.measure_spans)
        return True


def names_its_measure(atom: Atom | None) -> TypeGuard[Atom]:
    """Whether `atom` is a threshold whose measure is known: one a bare threshold after it may take."""
    return atom is not None and atom.kind == "comparison" and bool(atom.measures)


def inherit(atom: Atom, previous: Atom) -> None:
    """The atom bounds what the threshold before it bounds, named as it was: those of its lexicon measures a value
    without a unit can be a value of ("PT/INR ≤ 1.5 × ULN (≤ 3.0 if on warfarin)": the INR's 3.0)."""
    measures = previous.measures
    if all(isinstance(m, Measure) for m in measures):
        measures = fitting_bare_value([m for m in measures if isinstance(m, Measure)], atom.bounds[-1].quantity)
    atom.measures, atom.coordination, atom.labels = measures, previous.coordination, previous.labels
