"""Give each atom its measure, subgroup and concept, and join the atoms of a criterion into an `Expr`.

Measures are found by token distance inside the atom's clause: a lexicon measure between comparator
and number ("≥ NYHA grade 2") or nearest on the left, with its coordinated neighbours ("AST or ALT");
the noun phrase a count refers to ("at least one measurable lesion"); age for years; the clause's own
noun phrase as a last resort; or, when the clause names nothing ("(≤ 5 × ULN if liver metastases)"),
the previous atom's measure. Subgroup phrases after a threshold become its `when`; windows become
`Concept`s named by the clause they bound; nodes are joined by the connectives written between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable

from spacy.tokens import Doc

from parser.criteria import lexicon, units
from parser.criteria.atoms import _BOUNDARY, _COORDINATION, _MAX_NP, _NP_STOP, Atom, Marks, find_atoms
from parser.criteria.lexicon import Measure
from parser.criteria.quantities import Quantity, is_ordinal, parse_number
from parser.models.criteria import AllOf, AnyOf, Canonical, Comparison, Concept, Coverage, Expr, Not, Window

SpanMap = Callable[[int, int], tuple[tuple[int, int], str]]
_MAX_CLAUSE = 16


@cache
def _strip_words() -> frozenset[str]:
    return frozenset(p for p in lexicon.cues()["strip"] if " " not in p)


@cache
def _persons() -> frozenset[str]:
    return frozenset(lexicon.cues()["person"])


_SAME_KIND = frozenset({
    frozenset({"mass concentration", "substance concentration"}),  # creatinine in mg/dL or umol/L
    frozenset({"number concentration", "catalytic concentration"}),  # viral load in copies/mL or IU/mL
})
"""Dimensions that name the same measure, though a value converts only with more facts (or not at all)."""
_NOT_LABORATORY = frozenset(
    {"demographic", "performance", "vital", "anthropometric", "cardiac", "classification", "cognitive", "comorbidity", "prognosis", "pulmonary"}
)
"""Measure categories that are never given as a multiple of a normal limit (a ULN multiple is a lab value)."""
_AGE_WORDS = frozenset({"old", "age", "aged", "ages", "inclusive"})
_LETTER_NAMES = frozenset({"A", "B", "C", "D", "E", "K"})  # "vitamin A", "hepatitis B": not articles
_DOSE_DIMENSIONS = frozenset({"mass", "mass rate", "dose per mass", "dose rate per mass", "dose per body surface"})
_QUALIFIERS = frozenset({"score", "class", "grade", "stage", "status", "level", "value", "total", "range", "scale", "index"})


@cache
def _negation_words() -> frozenset[str]:
    return frozenset(p for p in lexicon.cues()["negation"] if " " not in p)


@cache
def _concept_index() -> dict[str, lexicon.ConceptEntry]:
    return {name.lower(): entry for entry in lexicon.concepts() for name in (entry.concept, *entry.synonyms)}


@dataclass
class Result:
    """A criterion's expression, how much of it was structured, and notes for the reviewer."""

    expr: Expr | None
    coverage: Coverage
    category: str | None
    notes: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, doc: Doc, section: str, span_of: SpanMap) -> None:
        self.doc = doc
        self.marks = Marks.of(doc)
        self.section = section
        self.span_of = span_of
        self.notes: list[str] = []
        self.covered: set[int] = set()
        self.subgroup_tokens: set[int] = set()
        self.category: str | None = None

    # ---- clauses and noun phrases -------------------------------------------------------
    def clause_start(self, end: int, limit: int, *, through_lists: bool = False) -> int:
        """Start of the clause ending at token `end`: back to `limit`, a boundary, or a comma outside brackets.

        With `through_lists`, a comma followed by "or"/"and" continues the clause, so a time window
        scopes over the whole list it closes ("infarction, or unstable angina, or … within 6 months").
        """
        doc, depth, i, words = self.doc, 0, end, 0
        while i > limit and words < _MAX_CLAUSE:
            text = doc[i - 1].text
            if text == ")":
                depth += 1
            elif text == "(":
                if depth == 0 and i < end:
                    break
                depth = max(depth - 1, 0)
            elif depth == 0 and text in _BOUNDARY:
                break
            elif depth == 0 and text == ",":
                listed = through_lists and i < len(doc) and doc[i].lower_ in ("or", "and")
                if not listed:
                    break
            words += depth == 0
            i -= 1
        return i

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """Drop function words, cue words and punctuation from both ends of `[start, end)`."""
        doc, strip, negation = self.doc, _strip_words(), _negation_words()

        def droppable(i: int) -> bool:
            token = doc[i]
            if token.lower_ == "non" and i + 1 < len(doc) and doc[i + 1].text == "-" and not token.whitespace_:
                return False  # "non-oncology" is a word of its own
            return token.lower_ in strip or token.lower_ in negation or token.is_punct or token.text in "()[]≥≤<>=~"

        while start < end:
            phrase = self.marks.cue_starting(start, "strip")
            if phrase is not None and phrase.end <= end and len(phrase) > 1:
                start = phrase.end
            elif droppable(start):
                start += 1
            else:
                break
        start, end = _balanced(doc, start, end)

        def closes_a_bracket(i: int) -> bool:
            return doc[i].text == ")" and any(t.text == "(" for t in doc[start:i])

        while end > start and droppable(end - 1) and doc[end - 1].text not in _LETTER_NAMES and not closes_a_bracket(end - 1):
            end -= 1
        return start, end

    def is_content(self, start: int, end: int, ignore: frozenset[str] = frozenset()) -> bool:
        """Whether `[start, end)` holds a word that names something (not a function, cue or ignored word)."""
        strip, negation = _strip_words(), _negation_words()
        return any(
            t.is_alpha and t.lower_ not in strip and t.lower_ not in negation and t.lower_ not in ignore and t.i not in self.subgroup_tokens
            for t in self.doc[start:end]
        )

    def persons_only(self, start: int, end: int) -> bool:
        persons = set(lexicon.cues()["person"])
        return all(
            t.lower_ in persons or t.lower_ in _strip_words() or not t.is_alpha or t.lower_ in ("aged", "age", "years", "old")
            for t in self.doc[start:end]
        )

    def right_phrase(self, start: int) -> tuple[int, int] | None:
        """The noun phrase right after a count ("one measurable pelvic lesion")."""
        doc, marks = self.doc, self.marks
        skip = marks.cue_starting(start, "count_stop")
        if skip is not None:
            start = skip.end  # "4 of the following risk factors"
        if start >= len(doc) or doc[start].lower_ in _NP_STOP:
            return None
        named = marks.measure_at.get(start)
        if named is not None and named.start == start:
            return (named.start, named.end)  # "of Hoehn and Yahr": a lexicon name is one phrase
        end = start
        while end < len(doc) and end - start < _MAX_NP:
            token = doc[end]
            if token.lower_ in _NP_STOP or end in marks.comparators_by_start or (parse_number(token.text) and not is_ordinal(doc, end)):
                break
            end += 1
        begin, stop = self.trimmed(start, end)
        return (begin, stop) if stop > begin and self.is_content(begin, stop) else None

    # ---- measures -------------------------------------------------------------------------
    def compatible(self, measure: Measure, quantity: Quantity) -> bool:
        if quantity.relative_to:
            return measure.category not in _NOT_LABORATORY
        if quantity.unit is None or quantity.unit == "1":
            return measure.unit != "{dipstick}" or quantity.unit is None
        mine, theirs = units.dimension(quantity.unit), units.dimension(measure.unit)
        return mine == theirs or frozenset({mine, theirs}) in _SAME_KIND

    def lexicon_measures(self, start: int, end: int, quantity: Quantity) -> list[Measure]:
        found = [m for m in lexicon.find_measures(self.doc[start:end].text) if self.compatible(m, quantity)]
        if not found:
            found = [m for m in lexicon.measures() if self.doc[start:end].text in m.abbreviations and self.compatible(m, quantity)]
        return found[:1]

    def nearest_measures(self, atom: Atom, limit: int) -> tuple[list[Measure], list[tuple[int, int]], str]:
        """The closest compatible lexicon measure left of the atom, with measures coordinated to it."""
        quantity = atom.bounds[-1].quantity
        candidates = [(s.start, s.end) for s in self.marks.measures if limit <= s.start and s.end <= atom.start]
        for position, (start, end) in enumerate(reversed(candidates)):
            chosen = self.lexicon_measures(start, end, quantity)
            if not chosen:
                continue
            earlier = candidates[len(candidates) - position - 2] if position + 1 < len(candidates) else None
            if chosen[0].key == "grade" and earlier and start - earlier[1] <= 3:
                specific = self.lexicon_measures(*earlier, quantity)
                if specific:  # "(NYHA) Grade III": grade qualifies the scale before it
                    return specific, [earlier], "all"
            spans, measures, words = [(start, end)], list(chosen), set()
            cursor = start
            for previous_start, previous_end in reversed([c for c in candidates if c[1] <= start]):
                gap = [t.lower_ for t in self.doc[previous_end:cursor]]
                if not gap or len(gap) > 4 or not all(word in _COORDINATION for word in gap):
                    break
                more = self.lexicon_measures(previous_start, previous_end, quantity)
                if not more:
                    break
                words.update(gap)
                spans.insert(0, (previous_start, previous_end))
                measures = more + measures
                cursor = previous_start
            coordination = "any" if "or" in words else "all" if "and" in words else ("all" if self.section == "inclusion" else "any")
            unique = list({m.key: m for m in measures}.values())
            return unique, spans, coordination
        return [], [], "all"

    def resolve_measure(self, atom: Atom, previous: Atom | None, limit: int) -> None:
        """Find what the atom bounds (see the module docstring for the order of preference)."""
        self._resolve_measure(atom, previous, limit)
        if len(atom.measures) == 1 and isinstance(atom.measures[0], Measure) and atom.measures[0].key == "grade":
            self.qualify_grade(atom)

    def qualify_grade(self, atom: Atom) -> None:
        """"grade ≥ 2 peripheral neuropathy", "hepatic encephalopathy grade ≥ 2": a grade of what."""
        phrase = self.right_phrase(atom.end)
        if phrase is None and atom.measure_spans:
            grade_start = atom.measure_spans[0][0]
            begin, end = self.trimmed(self.clause_start(grade_start, 0), grade_start)
            phrase = (begin, end) if end > begin and self.is_content(begin, end) else None
        if phrase is not None:
            atom.measures = [f"{self.doc[phrase[0]:phrase[1]].text} grade"]
            atom.measure_spans = atom.measure_spans + [phrase]

    def measure_after(self, atom: Atom) -> tuple[list[Measure], tuple[int, int]] | None:
        """"90-140 mmHg systolic": a measure right after the number, closing its clause, names it."""
        span = self.marks.measure_at.get(atom.end)
        if span is None or span.start != atom.end:
            return None
        nxt = self.doc[span.end] if span.end < len(self.doc) else None
        if nxt is not None and (span.end in self.marks.comparators_by_start or parse_number(nxt.text) or nxt.lower_ in ("of", "is", "must", "should")):
            return None
        found = self.lexicon_measures(span.start, span.end, atom.bounds[-1].quantity)
        return (found, (span.start, span.end)) if found else None

    def _resolve_measure(self, atom: Atom, previous: Atom | None, limit: int) -> None:
        quantity = atom.bounds[-1].quantity
        if atom.measure_spans:
            measures = [m for s, e in atom.measure_spans for m in self.lexicon_measures(s, e, quantity)]
            if measures:
                atom.measures = measures
                return
        clause = self.clause_start(atom.start, limit)
        condition = self.subgroup_before(clause, atom.start)
        if condition is None and clause == atom.start and clause > limit and self.doc[clause - 1].text == ",":
            condition = self.subgroup_before(self.clause_start(clause - 1, limit), clause - 1)  # "in patients with X, ≤ 3"
        named_after = condition is not None and any(k in self.marks.measure_at for k in range(condition[1], atom.start))
        inheritable = previous is not None and previous.kind == "comparison" and bool(previous.measures)
        if condition is not None and (named_after or inheritable):  # "(patients with Gilbert's syndrome: ≤ 3.0 mg/dL)"
            atom.when = condition
            if previous is not None and previous.kind == "comparison" and previous.measures:
                atom.measures, atom.coordination, atom.inherited, atom.labels = previous.measures, previous.coordination, True, previous.labels
                return
            clause = condition[1]
        if self.continues(atom, previous, clause) and not self.nearest_measures(atom, clause)[0]:
            atom.measures, atom.coordination, atom.inherited, atom.labels = previous.measures, previous.coordination, True, previous.labels
            return
        if clause > limit and not self.is_content(clause, atom.start, ignore=_QUALIFIERS):
            clause = self.clause_start(clause - 1, limit)  # "Child-Pugh class A (score 5-6)"
        after = self.measure_after(atom)
        if after is not None:
            atom.measures, atom.measure_spans = after[0], [after[1]]
            return
        measures, spans, coordination = self.nearest_measures(atom, clause)
        if not measures and quantity.unit and units.dimension(quantity.unit) in _DOSE_DIMENSIONS:
            phrase = self.right_phrase(atom.end + (atom.end < len(self.doc) and self.doc[atom.end].lower_ == "of"))
            if phrase:  # "> 10 mg/day of prednisone"
                atom.measures, atom.measure_spans = [self.doc[phrase[0]:phrase[1]].text], [phrase]
                return
        if not measures and self.continues(atom, previous, clause):
            atom.measures, atom.coordination, atom.inherited, atom.labels = previous.measures, previous.coordination, True, previous.labels
            return
        if not measures and self.says_age(atom):
            atom.measures = [lexicon.measures_by_key()["age"]]
            return
        unitless = quantity.unit is None and not quantity.relative_to and quantity.kind != "roman"
        adjacent = bool(spans) and atom.start - spans[-1][1] <= 2
        if unitless and not adjacent and not any(m.implied_unit == "1" for m in measures):
            phrase = self.right_phrase(atom.end)
            if phrase:
                atom.measures, atom.measure_spans = [self.doc[phrase[0]:phrase[1]].text], [phrase]
                return
        if measures:
            atom.measures, atom.measure_spans, atom.coordination = measures, spans, coordination
            return
        if quantity.is_time and atom.end < len(self.doc) and self.doc[atom.end].lower_ == "of":
            phrase = self.right_phrase(atom.end + 1)
            if phrase:  # "4-6 months of FOLFIRINOX": the duration of a therapy
                atom.measures, atom.measure_spans = [self.doc[phrase[0]:phrase[1]].text], [phrase]
                return
        if quantity.is_time and self.is_age(atom, clause):
            atom.measures = [lexicon.measures_by_key()["age"]]
            return
        if quantity.is_time and self.persons_only(clause, atom.start):
            phrase = self.right_phrase(atom.end)
            if phrase:  # "< 1 year post-menopausal"
                atom.measures, atom.measure_spans = [self.doc[phrase[0]:phrase[1]].text], [phrase]
                return
        start, end = self.trimmed(clause, atom.start)
        if previous is not None and previous.kind == "comparison" and previous.measures and not self.is_content(clause, atom.start, ignore=_persons()):
            atom.measures, atom.coordination, atom.inherited, atom.labels = previous.measures, previous.coordination, True, previous.labels
            return
        if end > start:
            start, end = self.trimmed(self.after_last_cut(start, end), end)
        if end > start:
            atom.measures, atom.measure_spans = [self.doc[start:end].text], [(start, end)]
            return
        phrase = self.right_phrase(atom.end) or self.before_aside(clause, atom.start)
        if phrase:
            atom.measures, atom.measure_spans = [self.doc[phrase[0]:phrase[1]].text], [phrase]

    def before_aside(self, clause: int, end: int) -> tuple[int, int] | None:
        """"the standard therapy (i.e. one or more DMARDs) for at least 3 months": the phrase before the aside."""
        doc, i = self.doc, clause
        while i < end and doc[i].text != ")":
            i += 1
        if i == end or self.is_content(i + 1, end):
            return None
        depth, opening = 0, None
        for k in range(i, -1, -1):
            depth += {")": 1, "(": -1}.get(doc[k].text, 0)
            if depth == 0:
                opening = k
                break
        if not opening:
            return None
        begin, finish = self.trimmed(self.clause_start(opening, 0), opening)
        begin = self.after_last_cut(begin, finish) if finish > begin else begin
        begin, finish = self.trimmed(begin, finish)
        return (begin, finish) if finish > begin and self.is_content(begin, finish, ignore=_persons()) else None

    def after_last_cut(self, start: int, end: int) -> int:
        """Where a fallback noun phrase starts: after its last clause word ("screen positive for | PHQ-9 score")."""
        cuts = [s.end for s in self.doc.spans["cue"] if s.label_ == "cue:np_cut" and start <= s.start and s.end < end]
        begin = max(cuts, default=start)
        return max(begin, end - 8)

    def continues(self, atom: Atom, previous: Atom | None, clause: int) -> bool:
        """"BMI > 18 and < 28", "≤ 3 × ULN (≤ 5 × ULN if …)": a bare bound of the same kind as the one before."""
        if previous is None or previous.kind != "comparison" or not previous.measures:
            return False
        if self.is_content(clause, atom.start, ignore=_persons()):
            return False
        mine, theirs = atom.bounds[-1].quantity, previous.bounds[-1].quantity
        return (mine.unit, mine.relative_to) == (theirs.unit, theirs.relative_to) or (
            mine.unit is not None and mine.unit == theirs.unit
        )

    def says_age(self, atom: Atom) -> bool:
        """"older than 18", "18 or younger": the comparator itself names age."""
        return atom.comparator is not None and atom.comparator.text.lower() in lexicon.age_comparators()

    def is_age(self, atom: Atom, clause: int) -> bool:
        """Years (or months with an age word) of a person: "aged 18", "18 years old", "≥ 1 and ≤ 6 months old"."""
        doc, end = self.doc, atom.end
        while end < len(doc) and end - atom.end < 8 and doc[end].text not in (",", ";", ".", "(", ")"):
            word = doc[end].lower_
            if word == "old" or (word in ("of", "in") and end + 1 < len(doc) and doc[end + 1].lower_ == "age"):
                return True
            if not (parse_number(doc[end].text) or word in ("and", "to", "or") or end in self.marks.comparators_by_start
                    or self.marks.comparators_by_end.get(end + 1) is not None or lexicon.unit_spellings().get(word)):
                break
            end += 1
        return atom.bounds[-1].quantity.unit == "a" and self.persons_only(clause, atom.start)

    # ---- subgroups, windows, concepts ------------------------------------------------------
    def subgroup_before(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """A subgroup that opens the clause of a threshold: "for patients with liver metastases: ≤ 5 × ULN"."""
        doc, marks, i = self.doc, self.marks, start
        lead = marks.cue_starting(i, "subgroup_lead")
        if lead is not None and lead.text.lower() in ("in", "for", "among", "if", "in case of", "in the case of"):
            i = lead.end
        if not marks.has_cue(i, "person"):
            return None
        while i < end and marks.has_cue(i, "person"):
            i += 1
        if i >= end or doc[i].lower_ not in ("with", "who", "having"):
            return None
        stop = next((k for k in range(i, end) if doc[k].text in (":", ",") or k in marks.comparators_by_start), end)
        begin, finish = self.trimmed(i + 1, stop)
        if finish <= begin or any(k in marks.measure_at for k in range(begin, finish)):
            return None
        return (begin, finish, False)

    def subgroup_after(self, end: int) -> tuple[int, int, bool] | None:
        """"in patients with liver metastasis", "in females", "if liver metastases", "except in …"."""
        doc, marks = self.doc, self.marks
        lead = marks.cue_starting(end, "subgroup_lead")
        if lead is None:
            return None
        word = lead.text.lower()
        negated = word.startswith(("except", "unless"))
        k = lead.end
        if word in ("in", "for", "among", "except in") and not marks.has_cue(k, "person"):
            return None
        if word in ("with", "due to"):
            return None
        start = k
        while k < len(doc) and (marks.has_cue(k, "person") or doc[k].lower_ in ("with", "who", "have", "has", "having", "the")):
            k += 1
        phrase_start = k if k < len(doc) and doc[k].lower_ not in _NP_STOP else start
        stop = phrase_start
        while stop < len(doc) and stop - phrase_start < 12 and doc[stop].text not in (",", ";", ".", ")", "(", ":"):
            if doc[stop].lower_ in ("or", "and") and (self.threshold_starts(stop) or self.threshold_starts(stop + 1) or (stop + 1) in self.marks.measure_at):
                break
            if stop == phrase_start and stop in self.marks.comparators_by_start:
                break
            stop += 1
        if stop <= start:
            return None
        begin, finish = self.trimmed(phrase_start, stop) if stop > phrase_start else (start, stop)
        if finish <= begin:
            begin, finish = start, stop
        return (begin, finish, negated)

    def listed_after(self, end: int) -> tuple[int, int] | None:
        """The list a colon opens after token `end` ("…: myocardial infarction, unstable angina, stroke")."""
        doc = self.doc
        colon = next((i for i in range(end, min(len(doc), end + 3)) if doc[i].text == ":"), None)
        if colon is None:
            return None
        stop = colon + 1
        while stop < len(doc) and stop - colon < 20 and doc[stop].text not in _BOUNDARY:
            stop += 1
        begin, finish = self.trimmed(colon + 1, stop)
        return (begin, finish) if finish > begin and self.is_content(begin, finish) else None

    def threshold_starts(self, i: int) -> bool:
        """A comparator at token `i` followed by a number: a new threshold begins ("… in women or under 12 g/dL")."""
        span = self.marks.comparators_by_start.get(i)
        return span is not None and span.end < len(self.doc) and parse_number(self.doc[span.end].text) is not None

    def window_concept(self, atom: Atom, limit: int) -> tuple[int, int] | None:
        clause = self.clause_start(atom.start, limit, through_lists=True)
        start, end = self.trimmed(clause, atom.start)
        if end > start and self.marks.cue_ending(end, "count_stop") is None and self.doc[end - 1].lower_ == "following":
            listed = self.listed_after(atom.anchor[1] if atom.anchor else atom.end)
            if listed is not None:  # "any of the following within 6 months: myocardial infarction, …"
                return listed
        if end > start and self.is_content(start, end):
            return start, end
        opening = atom.start if self.doc[atom.start].text == "(" else clause - 1 if clause > 0 and self.doc[clause - 1].text == "(" else None
        if opening is not None:
            outside = self.bracket_neighbours(opening, atom, limit)
            if outside is not None:  # "No previous (within the last 5 years) or concurrent malignancies"
                return outside
        if clause > limit and self.doc[clause - 1].text == ",":
            first = self.first_clause(limit, clause - 1)  # "an episode of hypoglycemia, defined by …, within 6 months"
            if first is not None:
                return first
        if atom.anchor:
            anchor_start, anchor_end = atom.anchor
            cue = self.marks.cue_starting(anchor_start, "anchor")
            begin, finish = self.trimmed(cue.end if cue else anchor_start, anchor_end)
            if finish > begin:
                return begin, finish
        return self.right_phrase(atom.end)

    def bracket_neighbours(self, opening: int, atom: Atom, limit: int) -> tuple[int, int] | None:
        """The phrase a bracketed window qualifies: before the bracket, else after it."""
        begin, finish = self.trimmed(self.clause_start(opening, limit), opening)
        if finish > begin and self.is_content(begin, finish):
            return begin, finish
        after = atom.anchor[1] if atom.anchor else atom.end
        closing = next((i for i in range(after, min(len(self.doc), after + 4)) if self.doc[i].text == ")"), None)
        if closing is None:
            return None
        stop = closing + 1
        while stop < len(self.doc) and stop - closing < 16 and self.doc[stop].text not in _BOUNDARY:
            stop += 1
        begin, finish = self.trimmed(closing + 1, stop)
        return (begin, finish) if finish > begin and self.is_content(begin, finish) else None

    def first_clause(self, limit: int, end: int) -> tuple[int, int] | None:
        """The sentence's first clause between `limit` and `end`, trimmed, if it names something."""
        doc, start = self.doc, limit
        for i in range(end - 1, limit - 1, -1):
            if doc[i].text in _BOUNDARY:
                start = i + 1
                break
        stop = next((i for i in range(start, end) if doc[i].text == ","), end)
        begin, finish = self.trimmed(start, stop)
        return (begin, finish) if finish > begin and self.is_content(begin, finish) else None

    def negated_before(self, start: int, limit: int) -> bool:
        """A negation cue between `limit` and `start`, unless it belongs to a pseudo-negation ("not limited to")."""
        pseudo = {i for s in self.doc.spans["cue"] if s.label_ == "cue:pseudo_negation" for i in range(s.start, s.end)}
        return any(
            s.label_ == "cue:negation" and limit <= s.start < start and s.start not in pseudo and not self.is_prefix(s)
            for s in self.doc.spans["cue"]
        )

    def is_prefix(self, span) -> bool:
        """"non-oncology", "non-melanoma": a hyphenated "non" is part of a word, not a negation."""
        return span.text.lower() == "non" and span.end < len(self.doc) and self.doc[span.end].text == "-" and not self.doc[span.end - 1].whitespace_

    # ---- nodes -----------------------------------------------------------------------------
    def concept_node(self, start: int, end: int, *, negated: bool = False, window: Window | None = None) -> Concept:
        (a, b), text = self.span_of(start, end)
        name = self.doc[start:end].text
        entry = self.concept_entry(start, end)
        self.covered.update(range(start, end))
        return Concept(
            concept=name,
            category=entry.category if entry else None,
            negated=negated,
            within=window,
            text=text,
            span=(a, b),
        )

    def concept_entry(self, start: int, end: int) -> lexicon.ConceptEntry | None:
        index = _concept_index()
        for span in self.marks.concepts:
            if start <= span.start and span.end <= end:
                return index.get(span.text.lower())
        persons = {"female": "sex", "females": "sex", "women": "sex", "woman": "sex", "male": "sex", "males": "sex", "men": "sex", "man": "sex"}
        word = self.doc[start:end].text.lower()
        if word in persons:
            return lexicon.ConceptEntry(word, persons[word], ())
        return None

    def comparison_nodes(self, atom: Atom) -> Expr | None:
        if not atom.measures:
            self.notes.append(f"threshold without a measure: {self.span_of(atom.start, atom.end)[1]!r}")
            return None
        (a, b), text = self.span_of(atom.start, atom.end)
        when = None
        if atom.when:
            concept = self.concept_node(atom.when[0], atom.when[1])
            when = Not(**{"not": concept}) if atom.when[2] else concept
        per_measure: list[Expr] = []
        pair = atom.bounds[-1].quantity.second
        if pair is not None and len(atom.bounds) == 1:
            return self.pressure_pair(atom, text, (a, b), when)
        labels = atom.labels or self.labels(atom)
        for measure in atom.measures:
            label = labels.get(measure.key) if isinstance(measure, Measure) else None
            bounds = [self.comparison(measure, bound.op, bound.quantity, text, (a, b), when, label) for bound in atom.bounds]
            per_measure.append(bounds[0] if len(bounds) == 1 else AllOf(all=bounds))
        self.covered.update(range(atom.start, atom.end))
        for start, end in atom.measure_spans:
            self.covered.update(range(start, end))
        if len(per_measure) == 1:
            return per_measure[0]
        return AnyOf(any=per_measure) if atom.coordination == "any" else AllOf(all=per_measure)

    def labels(self, atom: Atom) -> dict[str, str]:
        """Measure key → the words the text used for it, so the output keeps "fasting plasma glucose"."""
        found: dict[str, str] = {}
        for start, end in atom.measure_spans:
            written = self.doc[start:end].text
            for measure in lexicon.find_measures(written):
                found.setdefault(measure.key, written)
        atom.labels = found
        return found

    def pressure_pair(self, atom: Atom, text: str, span: tuple[int, int], when: Expr | None) -> Expr:
        """"BP > 140/90 mmHg" bounds systolic and diastolic pressure alike."""
        bound, by_key = atom.bounds[0], lexicon.measures_by_key()
        diastolic = Quantity(bound.quantity.start, bound.quantity.end, bound.quantity.second, bound.quantity.unit)
        nodes = [
            self.comparison(by_key["sbp"], bound.op, bound.quantity, text, span, when),
            self.comparison(by_key["dbp"], bound.op, diastolic, text, span, when),
        ]
        self.covered.update(range(atom.start, atom.end))
        return AllOf(all=nodes) if self.section == "inclusion" else AnyOf(any=nodes)

    def comparison(
        self, measure: Measure | str, op: str, quantity: Quantity, text: str, span: tuple[int, int], when: Expr | None, label: str | None = None
    ) -> Comparison:
        entry = measure if isinstance(measure, Measure) else None
        unit = quantity.unit
        if unit is None:
            if entry and entry.implied_unit:
                unit = entry.implied_unit
                self.notes.append(f"unit of {entry.name} not written; read as {unit}")
            elif entry is None:
                unit = "1"
            else:
                unit = "{unspecified}"
                self.notes.append(f"unit of {entry.name} not written")
        canonical = None
        if entry and not quantity.relative_to and unit != entry.unit:
            try:
                canonical = Canonical(value=units.convert(quantity.value, unit, entry.unit, molar_mass=entry.molar_mass), unit=entry.unit)
            except units.IncompatibleUnits:
                canonical = None
        elif entry and not quantity.relative_to:
            canonical = Canonical(value=quantity.value, unit=unit)
        if entry and self.category is None:
            self.category = entry.category
        value = quantity.value
        return Comparison(
            measure=entry.name if entry else measure,
            label=label if entry and label and label.lower() != entry.name.lower() else None,
            loinc=entry.loinc if entry else None,
            op=op,
            value=int(value) if float(value).is_integer() and abs(value) < 1e15 else value,
            unit=unit,
            relative_to=quantity.relative_to,
            canonical=canonical,
            when=when,
            text=text,
            span=span,
        )

    def window_node(self, atom: Atom, limit: int) -> Expr | None:
        bound = atom.bounds[-1]
        (a, b), text = self.span_of(atom.start, atom.end)
        anchor = self.doc[atom.anchor[0]:atom.anchor[1]].text if atom.anchor else None
        self.covered.update(range(atom.start, atom.end))
        if atom.kind == "distance":
            target = anchor.split(" ", 1)[1] if anchor and " " in anchor else None
            measure = f"distance to {target}" if target else "distance"
            if atom.anchor:
                self.covered.update(range(*atom.anchor))
            return self.comparison(measure, bound.op, bound.quantity, text, (a, b), None)
        window = Window(op=bound.op, value=bound.quantity.value, unit=bound.quantity.unit or "d", anchor=anchor, text=text, span=(a, b))
        concept = self.window_concept(atom, limit)
        if concept is None:
            self.notes.append(f"time window without a named event: {text!r}")
            concept = (atom.start, atom.end)
        negated = self.negated_before(concept[0], self.clause_start(concept[0], limit)) or self.negated_after(
            atom.anchor[1] if atom.anchor else atom.end
        )
        if atom.anchor:
            self.covered.update(range(*atom.anchor))
        return self.concept_node(concept[0], concept[1], negated=negated, window=window)

    def negated_after(self, end: int) -> bool:
        """"transfusion within 2 weeks … is not allowed": a negation closing the clause after the window."""
        doc, i = self.doc, end
        while i < len(doc) and i - end < 6 and doc[i].text not in _BOUNDARY and doc[i].text != ",":
            if self.marks.cue_starting(i, "negation_after") is not None:
                return True
            i += 1
        return False

    def mention_nodes(self) -> list[tuple[int, int, Expr]]:
        """Lexicon concepts of a criterion that has no threshold: diagnoses, therapies, pregnancy."""
        nodes, seen = [], set()
        for span in self.marks.concepts:
            entry = _concept_index().get(span.text.lower())
            if entry is None or entry.concept in seen:
                continue
            seen.add(entry.concept)
            limit = max(0, span.start - 4)
            negated = self.negated_before(span.start, limit) or span.text.lower().startswith("non")
            if self.category is None:
                self.category = entry.category
            nodes.append((span.start, span.end, self.concept_node(span.start, span.end, negated=negated)))
        return nodes

    # ---- the whole criterion ---------------------------------------------------------------
    def build(self) -> Result:
        atoms = find_atoms(self.marks)
        nodes: list[tuple[int, int, Expr]] = []
        previous: Atom | None = None
        previous_window = 0
        conditions: list[tuple[int, int]] = []
        for atom in atoms:
            if any(start <= atom.start < end for start, end in conditions):
                continue  # "if on 3 or more antihypertensive drugs" is part of the condition above
            limit = previous.end if previous else 0
            if atom.kind != "comparison":
                limit, previous_window = previous_window, atom.end
            if atom.kind == "comparison":
                self.resolve_measure(atom, previous, limit)
                atom.when = atom.when or self.subgroup_after(atom.end)
                if atom.when:
                    conditions.append((atom.end, atom.when[1]))
                    self.covered.update(range(atom.when[0], atom.when[1]))
                    self.subgroup_tokens.update(range(atom.end, atom.when[1]))
                node = self.comparison_nodes(atom)
            else:
                node = self.window_node(atom, limit)
            if node is not None:
                nodes.append((atom.start, atom.end, node))
            previous = atom
        _complement_subgroups([n for _, _, n in nodes])
        if not nodes:
            nodes = self.mention_nodes()
        expr = self.join(nodes)
        return Result(expr, self.coverage(expr, atoms), self.category, self.notes)

    def join(self, nodes: list[tuple[int, int, Expr]]) -> Expr | None:
        """Join nodes by what is written between them: "or" binds loosest, then "and", then the section default."""
        if not nodes:
            return None
        if len(nodes) == 1:
            return nodes[0][2]
        default = "all" if self.section == "inclusion" else "any"
        groups: list[list[Expr]] = [[nodes[0][2]]]
        for (_, end, left), (start, _, right) in zip(nodes, nodes[1:]):
            words = {t.lower_ for t in self.doc[end:start]}
            both_negated = getattr(left, "negated", False) and getattr(right, "negated", False)
            if words & _BOUNDARY:
                joiner = default
            elif "or" in words and not both_negated:
                joiner = "any"
            elif "and" in words or both_negated:
                joiner = "all"
            else:
                joiner = default
            if joiner == "any":
                groups.append([right])
            else:
                groups[-1].append(right)
        conjunctions = [g[0] if len(g) == 1 else AllOf(all=g) for g in groups]
        return conjunctions[0] if len(conjunctions) == 1 else AnyOf(any=conjunctions)

    def coverage(self, expr: Expr | None, atoms: list[Atom]) -> Coverage:
        if expr is None:
            return "none"
        blocked = self.marks.measure_at.keys()
        ignored = _strip_words() | _negation_words() | _persons() | _AGE_WORDS
        stray, content, covered = 0, 0, 0
        for token in self.doc:
            i = token.i
            if token.is_alpha and token.lower_ not in ignored:
                content += 1
                covered += i in self.covered or i in blocked
            elif token.like_num and i not in self.covered and i not in blocked and parse_number(token.text):
                stray += 1
        if atoms and not stray and covered >= 0.7 * max(1, content):
            return "full"
        return "partial"


def _balanced(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Shrink `[start, end)` so its brackets pair up: drop a leading unmatched ")" and a trailing unclosed "("."""
    depth, first = 0, start
    for i in range(start, end):
        if doc[i].text == "(":
            depth += 1
        elif doc[i].text == ")":
            if depth == 0:
                first = i + 1
            else:
                depth -= 1
    start, depth, last_open = first, 0, None
    for i in range(start, end):
        if doc[i].text == "(":
            if depth == 0:
                last_open = i
            depth += 1
        elif doc[i].text == ")":
            depth -= 1
    return (start, last_open) if depth > 0 and last_open is not None else (start, end)


def _complement_subgroups(nodes: list[Expr]) -> None:
    """A general threshold beside a subgroup one on the same measure applies outside that subgroup."""
    comparisons = [c for node in nodes for c in _comparisons(node)]
    for general in comparisons:
        if general.when is not None:
            continue
        special = next((c for c in comparisons if c.when is not None and c.measure == general.measure and c.op == general.op), None)
        if special is not None:
            general.when = Not(**{"not": special.when})


def _comparisons(node: Expr) -> list[Comparison]:
    if isinstance(node, Comparison):
        return [node]
    if isinstance(node, AllOf):
        return [c for child in node.all for c in _comparisons(child)]
    if isinstance(node, AnyOf):
        return [c for child in node.any for c in _comparisons(child)]
    return []


def assemble(doc: Doc, section: str, span_of: SpanMap) -> Result:
    """Build the expression of one criterion from its analysed `Doc`."""
    return _Builder(doc, section, span_of).build()
