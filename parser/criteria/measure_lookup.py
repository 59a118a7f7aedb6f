"""The questions the measure resolver asks about the words around one threshold, answered without naming anything.

Which lexicon measure a span names and whether the value can be one of it (`compatible`, `lexicon_measures`); the
nearest one on the left with its coordinated neighbours (`nearest_measures`); one right after the number
(`measure_after`) unless it opens a threshold of its own (`opens_threshold`); the scale, noun or event that a
qualifier, a count or a window points to; whether a bound continues the one before; whether words say age. None of
them changes an atom: `measures.MeasureResolver` asks them in its order of preference and names the measure.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span, Token

from parser import vocabulary
from parser.criteria import lexicon, measure_fit, scores
from parser.criteria.atoms import BOUNDARY, CLAUSE_PUNCT, COORDINATION, Atom
from parser.criteria.brackets import CLOSING, OPENING, closing_bracket, opening_bracket, outside_brackets
from parser.criteria.changes import Changes, measured
from parser.criteria.clauses import Clauses
from parser.criteria.cue_words import persons, strip_words
from parser.criteria.quantities import Quantity, parse_number
from parser.criteria.unit_phrases import PER_WORDS, aside_end, unit_at
from parser.vocabulary import Measure, units
from parser.vocabulary.measure_ranges import implausible

SAME_KIND = frozenset({
    frozenset({"mass concentration", "substance concentration"}),  # creatinine in mg/dL or umol/L
    frozenset({"number concentration", "catalytic concentration"}),  # viral load in copies/mL or IU/mL
    frozenset({"fraction", "substance fraction"}),  # HbA1c in % (NGSP) or mmol/mol (IFCC)
    frozenset({"volume rate", "volume rate per body surface"}),  # GFR in mL/min or mL/min/1.73 m² (needs the BSA)
    frozenset({"alcohol intake", "mass rate"}),  # drinks or grams of alcohol a week (a drink is 8-14 g by country)
    frozenset({"cup intake", "volume rate"}),  # cups or millilitres of coffee a day
    frozenset({"temperature", "plane angle"}),  # "temperature above 38 degrees": which degrees, the value says
})
"""Dimensions that name the same measure, though a value converts only with more facts (or not at all)."""
_JOINING = frozenset({"and", "or", "but", "to", ","})
_PARTING = frozenset({"and", "or", "but", ",", ";", "with", "while"})
_MAX_LINKING = 4
_CONJUNCTIONS = frozenset({"and", "or"})
"""The conjunctions a comma may stand before in a list of names ("AST, ALT, or ALP")."""
_SYSTEM_JOINERS = frozenset({"-", "/"})
"""The marks inside a grading system's name ("NCI-CTC", "CTC/AE")."""
_SCALE_REACH = 12
"""How far after a value named only "class" or "grade" the sentence may name its score."""
_VISIT_LABEL = 6
"""The furthest a bracket after a window's anchor may close to be a visit's label ("(Visit 1)", "(Day -1)")."""
_ASIDE_REACH = 8
"""How far back in an aside the bracket opening it may be, from the words leading to what corrects a value."""
_ABBREVIATION_REACH = 5
"""How far past a measure's name its bracketed abbreviation and generic words may reach its own threshold."""


def qualifiers() -> frozenset[str]:
    """Words that qualify a value without naming its measure ("score", "class", "grade": `value_qualifier` cues)."""
    return lexicon.words("value_qualifier")


@cache
def _before_own_threshold() -> frozenset[str]:
    """Words between a measure's name and its own threshold ("levels of", "value must be": qualifiers and
    `own_threshold_link` cues)."""
    return qualifiers() | lexicon.words("own_threshold_link")


class MeasureLookup:
    """Reads the words around the thresholds of one criterion, through the reader of its clauses that the builder
    uses too."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.doc, self.marks = clauses.doc, clauses.marks
        self.changes = Changes(clauses)
        """The reader of words of change around a name ("weight loss > 5 kg"), which the resolver asks too."""
        self._scores: list[int] | None = None  # where standard scores are named, found on first use

    def window_between(self, window: Atom, atom: Atom, limit: int) -> bool:
        """Whether a time window stands between a lab's name and its threshold, joined to the threshold by a
        verb only ("Lipase performed within 28 days of randomization must be ≤ 1.5 × ULN"): the threshold bounds
        the lab named before the window (`threshold_link` cues), not the window's event."""
        return self.linked_past(window, atom) and any(limit <= s.start and s.end <= window.start
                                                      for s in self.marks.measures)

    def spacing(self, atom: Atom) -> bool:
        """Whether a threshold is the time between readings ("at least 6 days apart": `spacing_word` cues)."""
        return (atom.kind == "comparison" and atom.bounds[-1].quantity.is_time and atom.end < len(self.doc)
                and self.doc[atom.end].lower_ in lexicon.words("spacing_word"))

    def linked_past(self, window: Atom, atom: Atom) -> bool:
        """Whether only linking words (`threshold_link` cues: "must be", ",", "of") lie between a window, its
        anchor included, and the threshold after it; a short bracket after the anchor names its visit ("(Week 0)")."""
        after = window.anchor[1] if window.anchor and window.anchor[1] > window.end else window.end
        if after < atom.start and self.doc[after].text == "(":
            closing = closing_bracket(self.doc, after + 1, _VISIT_LABEL - 1, stop=atom.start)
            after = after if closing is None else closing + 1
        links = lexicon.words("threshold_link") | lexicon.words("spacing_word")
        return all(t.lower_ in links for t in self.doc[after:atom.start])

    def counts_noun(self, atom: Atom) -> bool:
        """"≥ 6 swollen joints and ≥ 6 tender joints": a bare count right before its noun counts that noun, even
        beside a bound it would otherwise continue; so does one before a lead to a list ("in three or more of the
        following: AST, ALT, …")."""
        quantity = atom.bounds[-1].quantity
        return quantity.unit is None and not quantity.relative_to and (
            self.clauses.right_phrase(atom.end) is not None or self.clauses.lists.list_lead_after(atom.end) is not None)

    def before_window_aside(self, atom: Atom, previous: Atom | None) -> tuple[int, int] | None:
        """"an average pain intensity score, over the prior 24 hours, of 6 or less": a window set off between a
        measure and its threshold; the measure is what comes before the window."""
        if previous is None or previous.kind != "window" or not self.linked_past(previous, atom):
            return None
        end = previous.start - (previous.start > 0 and self.doc[previous.start - 1].text == ",")
        found = self.clauses.trimmed(self.clauses.after_last_cut(self.clauses.clause_start(end, 0), end), end)
        return found if found[1] > found[0] and self.clauses.is_content(*found) else None

    def counted_noun(self, atom: Atom) -> tuple[int, int] | None:
        """The noun between a count and its period ("two seizures a month"), when the unit is such a frequency."""
        phrase = self.clauses.right_phrase(atom.end)
        if phrase is None or self.repeats_only(phrase):
            return None
        end = phrase[1]
        if end < len(self.doc) and self.doc[end].text == "(" and (closing := aside_end(self.doc, end)) is not None:
            end = closing + 1  # "≥ 1 urgency episode (with or without incontinence) per 24 hours"
        for i in range(phrase[0] + 1, min(len(self.doc), end + 1)):
            if self.doc[i].lower_ in PER_WORDS:
                return (phrase[0], min(i, phrase[1]))
        return None

    def repeats_only(self, phrase: tuple[int, int]) -> bool:
        """"more than 3 times per year", "on 2 separate occasions": a count of repeats (`repeat_word` cues) counts
        what the clause before names, not the word "times"."""
        words = [t.lower_ for t in self.doc[phrase[0]:phrase[1]]]
        return bool(words) and (words[0] in lexicon.words("repeat_word") or words[-1] in lexicon.words("repeat_word"))

    def scale_after(self, atom: Atom, start: int, end: int) -> tuple[int, int] | None:
        """"a score of at least 3 on the OHQ composite", "a score ≥ 4 in the pain subscale": when the words before
        the threshold are a qualifier ("score", "grade") and persons, function words, the time it is read
        (`reference_event` cues: "at baseline") or its basis (`score_lead` cues: "based on") only, the scale named
        after "on", "in", "according to" (`scale_link` cues) is the measure; and when there are no words before it
        ("(> 3 on a 0-10 pain intensity scale)"), a scale named so (`scale_word` cues) with a word of its own, not
        "on a 0-10 scale"."""
        if end > start and (self.doc[end - 1].lower_ not in qualifiers()
                            or self.doc[end - 1].lower_ in lexicon.words("staging_word") or self.clauses.is_content(
                start, end - 1, ignore=persons() | qualifiers() | lexicon.words("reference_event")
                | lexicon.words("score_lead"))):
            # "Participant has a score < 10 on the Epworth Sleepiness Scale", "At baseline subject has a score of ≥ 15
            # on the IRLS", not "Fazekas score ≤ 2 on MRI", nor "Stage III-IVA according to the 8th edition of AJCC":
            # a stage is the stage whatever edition of a staging system it is read by
            return None
        doc, after = self.doc, atom.end
        if (restated := self.marks.comparators_by_start.get(after)) is not None:
            after = restated.end  # "at least 3 or greater on the …"
        elif (after + 2 < len(doc) and doc[after].lower_ in COORDINATION
              and (other := self.marks.comparators_by_start.get(after + 1)) is not None
              and other.end < len(doc) and parse_number(doc[other.end].text) is not None):
            after = other.end + 1  # "scoring below 8 or above 21 on the …": past the other bound
        if after + 2 < len(doc) and doc[after].text == "(" and doc[after + 2].text == ")":
            after += 3  # "14 to 24 (inclusive) on the …"
        elif after < len(doc) and doc[after].text == "(":
            after += 1  # "≥ 5 (on an 11-point numerical rating scale)"
        link = lexicon.phrase_at([t.lower_ for t in doc[after:after + 3]], "scale_link")
        if not link:
            return None
        after += link
        after += after < len(doc) and doc[after].lower_ in lexicon.words("article")
        if after + 3 < len(doc) and parse_number(doc[after].text) and doc[after + 1].text == "-":
            after += 3  # "an 11-point scale": the size of the scale, not part of its name
        phrase = self.clauses.right_phrase(after)
        first = doc[phrase[0]].lower_ if phrase is not None else ""
        if phrase is None or self.marks.has_cue(phrase[0], "reference_event") or units.names_time(first) \
                or first in lexicon.words("not_a_scale") or (
                    phrase[1] - phrase[0] <= 2 and self.marks.has_cue(phrase[1] - 1, "reference_event")):
            return None  # "scoring ≥ 4 on day 1", "on the first visit", "on average": when or how, not a scale
        if end <= start and (doc[phrase[1] - 1].lower_ not in lexicon.words("scale_word") or all(
                t.lower_ in lexicon.words("scale_word") | lexicon.words("scale_name_word") or not t.is_alpha
                for t in doc[phrase[0]:phrase[1]])):
            return None  # a bare threshold takes only a scale named so, with a name of its own
        return phrase

    def scored_between(self, end: int, start: int) -> bool:
        """Whether a standard score is named between a measure's name and a threshold ("BMI, i.e. -2 ≤ z-score <
        +1"): the score is bounded, not the measure."""
        if self._scores is None:
            named = lexicon.any_word(self.doc, lexicon.first_words("standard_score"))
            self._scores = [t.i for t in self.doc if named and lexicon.phrase_from(self.doc, t.i, "standard_score")]
        return any(end <= k < start for k in self._scores)

    def names_grading_system(self, start: int, end: int) -> bool:
        """Whether the words are only a grading system and its version ("NCI CTCAE v5.0"): `grading_system` cues."""
        systems = lexicon.words("grading_system")
        if " ".join(t.lower_ for t in self.doc[start:end]) in systems:
            return True  # "National Cancer Institute Common Toxicity Criteria"
        return all(t.lower_ in systems or any(c.isdigit() for c in t.text) or t.lower_ in lexicon.words("version_word")
                   or t.text in _SYSTEM_JOINERS for t in self.doc[start:end])  # "NCI-CTC" is three tokens

    def measure_after(self, atom: Atom) -> tuple[list[Measure], tuple[int, int]] | None:
        """"90-140 mmHg systolic", "over 100 kg in weight", "30 mg/dL and above of BUN", "1.5 x ULN in the levels of
        SGOT, SGPT", "> 1.5 × ULN for bilirubin", "30-79% predicted DLCO": a measure right after the number (past a
        few linking words, or a percentage's reference: `percent_reference` cues), closing its clause."""
        doc, start = self.doc, atom.end
        if start < len(doc) and doc[start].text in ("'", "’") and atom.bounds[-1].quantity.is_time:
            start += 1  # "37 weeks' gestation": a duration's possessive
        if (atom.bounds[-1].quantity.unit == "%" and start < len(doc)
                and doc[start].lower_ in lexicon.words("percent_reference")):
            start += 1  # "30-79% predicted DLCO": a percentage of its predicted value
        reference = start
        while (start < len(doc) and start - reference < _MAX_LINKING
               and doc[start].lower_ in lexicon.words("linking_word")):
            start += 1
        if start > reference and doc[reference].lower_ not in lexicon.words("measure_link"):
            return None
        span = self.marks.measure_at.get(start)
        if span is None or span.start != start:
            return None
        if span.end < len(doc) and doc[span.end].text == ":":
            return None  # "Age: 18 and over Performance status: SWOG 0-2": a label opens the next item
        if self.opens_threshold(span.end):
            return None  # "ALT > 3x ULN Serum bilirubin (TB) > 2 mg/dL": the name after opens the next threshold
        found = self.lexicon_measures(span.start, span.end, atom.bounds[-1].quantity)
        if not found:
            return None
        counted = atom.bounds[-1].quantity.unit is None and not atom.bounds[-1].quantity.relative_to
        if counted and self.clauses.name_modifies_a_noun(span.start, span.end):
            return None  # "two or more platelet aggregation inhibitors": the count is of the inhibitors
        end = span.end
        while (more := self._coordinated_name(end)) is not None:
            if doc[end].text == "," and self.opens_threshold(more.end):
                break  # "born < 32 weeks gestational age, postmenstrual age < 44 weeks": the next name is the next's
            found += [m for m in self.lexicon_measures(more.start, more.end, atom.bounds[-1].quantity)
                      if m not in found]
            end = more.end  # "… in the levels of SGOT, SGPT"
        if end > span.end and self.opens_threshold(end):
            return None  # "calcium ≥ lower limit of normal INR and PTT < 1.5 × ULN": the names open the next one
        if doc[atom.end].lower_ == "for" and self._modifies_a_noun(end):
            return None  # "≥ 0.5 g/dL for IgG, IgA myeloma": the measure names the group the value is for
        return found, (span.start, end)

    def coordination(self, words: set[str], atom: Atom) -> str:
        """How measures named together share a threshold, from the words between their names: "and" alone all,
        "or" any, but an upper limit of an inclusion bounds each ("AST or ALT ≤ 2.5 × ULN": a patient with ALT at
        10 × ULN does not meet it) while a lower one names alternatives ("creatinine clearance or eGFR ≥ 60",
        "Karnofsky or Lansky ≥ 50"); a comma alone as the section joins them."""
        if "and" in words and "or" not in words:
            return "all"
        if "or" in words:
            upper = all(bound.op in ("<", "<=") for bound in atom.bounds)
            return "all" if upper and self.clauses.section == "inclusion" else "any"
        return self.clauses.section_join

    def joined_after(self, atom: Atom, start: int, end: int) -> str:
        """`coordination` of the names a threshold takes after it ("> 3 × ULN for AST or ALT")."""
        return self.coordination(set(outside_brackets([t.lower_ for t in self.doc[start:end]])), atom)

    def _coordinated_name(self, end: int) -> Span | None:
        """The measure name coordinated after a name ending at token `end`, past the name's abbreviation in brackets
        and a comma before the conjunction: "ULN for alanine aminotransferase [ALT], aspartate aminotransferase
        [AST], or alkaline phosphatase [ALP]"."""
        doc, k = self.doc, end
        if (k + 2 < len(doc) and doc[k].text in OPENING and doc[k + 2].text in CLOSING
                and (k + 1 in self.marks.measure_at or _abbreviation_shaped(doc[k + 1].text))):
            k += 3
        if k + 1 >= len(doc) or doc[k].lower_ not in COORDINATION:
            return None
        k += 1
        if doc[k - 1].text == "," and doc[k].lower_ in _CONJUNCTIONS and k + 1 < len(doc):
            k += 1
        return self.marks.measure_at.get(k)

    def _modifies_a_noun(self, end: int) -> bool:
        """Whether measure names ending at `end`, with the names coordinated after them, go on into a noun they modify
        ("IgG, IgA myeloma") rather than closing the phrase ("bilirubin, or > 1.5 × ULN for creatinine")."""
        doc, k = self.doc, end
        while k < len(doc):
            named_next = k + 1 in self.marks.measure_at or (k + 1 < len(doc) and _abbreviation_shaped(doc[k + 1].text))
            if doc[k].lower_ in COORDINATION and named_next:
                k += 1  # "IgG, IgA …", "ALT or AST": more names
            elif (span := self.marks.measure_at.get(k)) is not None:
                k = span.end
            else:  # "for systolic and/or minimum 100 mmHg for diastolic": the next threshold opens
                return (doc[k].is_alpha and doc[k].lower_ not in lexicon.words("np_stop")
                        and k not in self.marks.comparators_by_start)
        return False

    def name_taken_by(self, previous: Atom, atom: Atom) -> bool:
        """Whether the threshold before `atom` took a lexicon measure named after its number that `atom` may not take
        again: a conjunction parts them ("< 10% plasma cells but with ≥ 1 bone lesion"; not "19 ≤ BMI ≤ 30"), or
        words naming something else part a person's age from a duration ("≥ 18 years of age on hemodialysis for > 3
        months")."""
        if not previous.measure_spans or not any(isinstance(m, Measure) for m in previous.measures):
            return False
        start, end = previous.measure_spans[-1]
        if not previous.end <= start or not end < atom.start:
            return False
        if any(t.lower_ in _PARTING for t in self.doc[end:atom.start]):
            return True
        aged = any(isinstance(m, Measure) and m.key == "age" for m in previous.measures)
        return aged and atom.bounds[-1].quantity.is_time and self.clauses.is_content(end, atom.start)

    def opens_threshold(self, end: int) -> bool:
        """Whether a measure name ending at `end` is followed by its own threshold: at once, or past its
        bracketed abbreviation and generic words ("(TB) > 2", "levels of greater than 200", "must be")."""
        doc, i = self.doc, end
        if i < len(doc) and doc[i].text == "(":
            closing = closing_bracket(doc, i + 1, _ABBREVIATION_REACH - 1)
            i = i if closing is None else closing + 1
        while i < len(doc) and i - end < _ABBREVIATION_REACH and doc[i].lower_ in _before_own_threshold():
            if doc[i].lower_ in lexicon.words("threshold_opener") and i == end:
                return True
            i += 1
        if i >= len(doc):
            return False
        if i in self.marks.comparators_by_start:
            return True
        after = doc[i + 1].text if i + 1 < len(doc) else ""  # "AST and ALT 14 days before …", "2 times in a row"
        repeats = after.lower() in lexicon.words("repeat_word") and not any(  # not "bilirubin 2 times ULN"
            self.marks.has_cue(k, "uln") or self.marks.has_cue(k, "lln") for k in range(i + 2, i + _LIMIT_AFTER_TIMES))
        return parse_number(doc[i].text) is not None and not (units.names_time(after) or repeats)

    def score_named_ahead(self, atom: Atom, start: int, end: int) -> tuple[list[Measure], tuple[int, int]] | None:
        """"Class III or IV heart failure according to the New York Heart Association": a value named by a qualifier
        alone ("class", "grade") is of the short score the sentence names after it, or that the qualifier and the
        condition right after the value name together ("Class III or IV heart failure": NYHA)."""
        if self.clauses.is_content(start, end, ignore=qualifiers()):
            return None
        quantity = atom.bounds[-1].quantity
        for k in range(atom.end, min(len(self.doc), atom.end + _SCALE_REACH)):
            if self.doc[k].text in BOUNDARY:
                return None
            span = self.marks.measure_at.get(k)
            if span is not None and span.start == k:
                found = [m for m in self.lexicon_measures(span.start, span.end, quantity) if scores.is_short_score(m)]
                if found:
                    return found, (span.start, span.end)
        classed = scores.class_of_condition(self.doc, end - 1, atom.end) if end - start == 1 else None
        return ([classed[0]], classed[1]) if classed is not None else None  # "Class III or IV heart failure"

    def measure_of_unit(self, quantity: Quantity, said_of_persons: bool = False) -> Measure | None:
        """The measure a unit names by itself (kg/m² a body mass index, 30-350 kg a body weight), when the value lies
        in the range of its row of `parser/vocabulary/data/unit_measures.csv`, or, said of persons alone ("Children >
        20 kg", "Infants ≤ 750 g"), is any value the measure can take."""
        if quantity.unit is None or quantity.relative_to:
            return None
        row = vocabulary.unit_measures().get(units.dimension(quantity.unit) or "")
        found = measure_fit.plausible(row, quantity)
        if found is None and said_of_persons and row is not None \
                and implausible(row[0].key, quantity.value, quantity.unit) is None:
            return row[0]
        return found

    def names_compatible(self, start: int, end: int, quantity: Quantity) -> bool:
        """Whether the words from `start` to `end` name a lexicon measure the quantity can bound."""
        return any(self.lexicon_measures(s.start, s.end, quantity)
                   for s in self.marks.measures if start <= s.start and s.end <= end)

    def fits_parent(self, quantity: Quantity) -> bool:
        """Whether a bare threshold may bound what the item above bounds: a named lab only with a unit that fits
        it ("Hemoglobin ≥ 9 g/dL" / "3 or more" is not hemoglobin); a phrase ("measurable lesion") with any."""
        named = vocabulary.find_measures(self.clauses.parent_measure or "")[:1]
        return not named or (quantity.unit is not None and self.compatible(named[0], quantity))

    def orphan_measure(self, atom: Atom) -> Measure | None:
        """"More than 12 weeks", "Over 18": an item that is one bare threshold and nothing else.

        Registries flattened NCI/PDQ blocks and dropped their labels ("Life expectancy:", "Age:"); what such
        a lone bound meant is a row of `data/orphans.csv`.
        """
        quantity = atom.bounds[-1].quantity
        if (quantity.relative_to or self.clauses.is_content(0, atom.start)
                or self.clauses.is_content(atom.end, len(self.doc))):
            return None
        dimension = units.dimension(quantity.unit) if quantity.unit else "none"
        return measure_fit.plausible(lexicon.orphan_measures().get((dimension or "", self.clauses.section)), quantity)

    def compatible(self, measure: Measure, quantity: Quantity, adjacent: bool = False) -> bool:
        """Whether `quantity` can be a value of `measure`; a unit written short for the measure's own only when the
        name is right before the value (`adjacent`): "SBP > 160 mm", not "diastolic septal thickness > 15 mm"."""
        if quantity.relative_to:
            return measure.category in vocabulary.categories_with_normal_limits()
        if measure.unit == "1" and measure.plausible and quantity.unit in (None, "1", "%"):
            low, high = measure.plausible  # "performance status ≥ 80%" is a Karnofsky score, not an ECOG grade
            if not low <= quantity.value <= high or (quantity.unit == "%" and scores.is_short_score(measure)):
                return False  # nor is "> 5%" a grade of a 0-5 scale
        if quantity.unit is None or quantity.unit == "1":
            return measure.unit != "{dipstick}" or quantity.unit is None
        if adjacent and (written := vocabulary.written_unit(measure, quantity.unit)) != quantity.unit:
            return written is None or units.dimension(written) == units.dimension(measure.unit)  # "SBP > 160 mm"
        mine, theirs = units.dimension(quantity.unit), units.dimension(measure.unit)
        if mine == theirs == "time" and quantity.unit != measure.unit:
            # "drugs that prolong the QT interval, stopped 5 days before": a length of days is no QTc in ms
            return implausible(measure.key, quantity.value, quantity.unit) is None
        return mine == theirs or frozenset({mine, theirs}) in SAME_KIND

    def _right_before(self, name: tuple[int, int], atom: Atom) -> bool:
        """Whether a lexicon name is the whole name right before a threshold: no naming word between them, and none
        right before the name ("SBP > 160 mm"; not "right ventricular systolic pressure > 40 mm")."""
        start, end = name
        return not self.clauses.is_content(end, atom.start) and not self.clauses.is_content(max(0, start - 1), start)

    def lexicon_measures(self, start: int, end: int, quantity: Quantity, adjacent: bool = False) -> list[Measure]:
        if self._sizes_another_structure(start, end):
            return []
        written = self.doc[start:end].text
        if members := vocabulary.group_members(written):
            return [m for m in members if self.compatible(m, quantity, adjacent)]  # a group: each member
        found = [m for m in vocabulary.find_measures(written) if self.compatible(m, quantity, adjacent)]
        if not found:
            found = [m for m in vocabulary.measures()
                     if written in m.abbreviations and self.compatible(m, quantity, adjacent)]
        return found[:1]

    def _sizes_another_structure(self, start: int, end: int) -> bool:
        """"Left atrial diameter", "aortic annulus diameter", "diameter of the aneurysm": a size word alone
        (`structure_size` cues) right after a word, or before an "of" phrase, naming something other than a lesion
        (`lesion_noun`, `lesion_qualifier`, `size_adjective` cues) is that thing's size, no tumour's; "diameter of
        brain metastasis", "in longest diameter" stay a lesion's."""
        doc = self.doc
        if doc[start:end].text.lower() not in lexicon.words("structure_size"):
            return False
        lesion = lexicon.words("lesion_noun") | lexicon.words("lesion_qualifier") | lexicon.words("size_adjective")
        if end < len(doc) and doc[end].lower_ == "of" and (phrase := self.clauses.right_phrase(end + 1)) is not None:
            return not any(t.lower_ in lesion for t in doc[phrase[0]:phrase[1]])
        before = self._sized_before(start)
        return before is not None and before.is_alpha and before.lower_ not in lesion | strip_words()

    def _sized_before(self, start: int) -> Token | None:
        """The word naming what a size word at `start` sizes: the one right before it, or before "with" and its
        adjectives ("aortic aneurysm with a maximal diameter")."""
        doc, k = self.doc, start - 1
        while k > 0 and (doc[k].lower_ in lexicon.words("size_adjective") or doc[k].lower_ in lexicon.words("article")):
            k -= 1
        if k > 0 and doc[k].lower_ == "with":
            return doc[k - 1]
        return doc[start - 1] if start > 0 else None

    def nearest_measures(self, atom: Atom, limit: int,
                         reach: int | None = None) -> tuple[list[Measure], list[tuple[int, int]], str]:
        """The closest compatible lexicon measure left of the atom, with measures coordinated to it.

        The closest one lies in the clause (from `limit`); names coordinated with it may reach back past the
        clause's commas to `reach` ("Alanine aminotransferase, alkaline phosphatase and bilirubin ≤ 1.5 x ULN").
        """
        quantity = atom.bounds[-1].quantity
        reach = limit if reach is None else reach
        # a group named after an earlier threshold ("0-2 (age ≥ 75) or 0-3 …") names no measure outside it
        grouped = self.clauses.group_brackets | (set() if atom.start in self.clauses.subgroup_tokens
                                                 else self.clauses.subgroup_tokens)
        listed = [(s.start, s.end) for s in self.marks.measures if reach <= s.start and s.end <= atom.start
                  and not self.changes.changed(s.end) and not self.corrects(s.start, s.end, atom.start)
                  and not (measured(quantity) and self.changes.changed_before(s.start, s.end, atom.start))
                  and s.start not in grouped and not self.scored_between(s.end, atom.start)]
        candidates = [c for c in listed if c[0] >= limit]
        named = {c: self.lexicon_measures(*c, quantity, adjacent=self._right_before(c, atom)) for c in candidates}
        plausible = [c for c in candidates if self._plausibly(named[c], quantity)]
        for position, (start, end) in enumerate(reversed(candidates)):
            chosen = named[(start, end)]
            if not chosen or (plausible and (start, end) not in plausible):
                continue  # "calcium drawn with the PTH must be ≥ 8.4 mg/dL": no PTH is ever 8.4 mg/dL
            earlier = candidates[len(candidates) - position - 2] if position + 1 < len(candidates) else None
            if earlier and self.generic_after(earlier, start, end):
                specific = self.lexicon_measures(*earlier, quantity)
                if specific and measure_fit.same_kind_of_value(specific[0], chosen[0]):
                    # "(NYHA) Grade III", "HCV RNA viral load": the name before the generic one, and the names
                    # coordinated with it ("Karnofsky or Lansky performance status")
                    chosen, (start, end) = specific, earlier
            spans, measures, words = [(start, end)], list(chosen), set[str]()
            cursor = start
            if elided := self.elided_member(start, end, quantity):
                spans, measures, cursor = [(start - 2, start - 1), *spans], elided + measures, start - 2
                words.add(self.doc[start - 1].lower_)
            for previous_start, previous_end in reversed([c for c in listed if c[1] <= start]):
                written = [t.lower_ for t in self.doc[previous_end:cursor]]
                if (not written or written == [";"] and opening_bracket(self.doc, previous_start, 4) is not None) \
                        and measure_fit.same_measures(self.lexicon_measures(previous_start, previous_end, quantity),
                                           self.lexicon_measures(*spans[0], quantity)):
                    cursor = previous_start
                    continue  # "(ALT SGPT)", "(ALT; SGPT)", "Performance status ECOG": one measure named twice
                if written.count(")") > written.count("(") and any(
                        m.key == "age" for m in self.lexicon_measures(previous_start, previous_end, quantity)):
                    continue  # "Karnofsky (for > 16 years of age) or Lansky": the age of a group is no member
                gap = outside_brackets(written)
                if not written or len(gap) > 4 or not all(word in COORDINATION for word in gap) and not (
                        gap[0] in COORDINATION and all(word in lexicon.words("specimen") for word in gap[1:])):
                    break  # (a specimen may follow the join: "aspartate transaminase or serum alanine transaminase")
                more = self.lexicon_measures(previous_start, previous_end, quantity)
                if not more or self._said_qualitatively(previous_start):
                    break  # "detectable viral load or CD4+ count < 200 cells/mm3": the load is said, not bounded
                crossing = previous_start < limit  # past the clause's comma: only inside a list ("A, B and C")
                in_list = bool((words | set(gap)) & {"and", "or", "and/or"}) or (
                    gap == [","] and self.listed_alone(previous_start)
                    and measure_fit.same_kind(more, measures, quantity))
                if crossing and (not in_list or previous_start in self.clauses.subgroup_tokens):
                    break
                if written == ["("] and spans == [(start, end)] and end < len(self.doc) and self.doc[end].text == ")":
                    spans, measures, cursor = [(previous_start, end)], more, previous_start
                    continue  # "systolic blood pressure (BP)": the bracket abbreviates the name before it
                if (gap == ["/"] and len(more) == len(measures) == 1
                        and (ratio := measure_fit.ratio(more[0], measures[0]))):
                    spans, measures, cursor = [(previous_start, spans[-1][1])], [ratio], previous_start
                    continue  # "FEV1 / forced vital capacity (FVC) < 0.7": one ratio, not either measure
                words.update(gap)
                spans.insert(0, (previous_start, previous_end))
                measures = more + measures
                cursor = previous_start
            unique = list({m.key: m for m in measures}.values())
            return measure_fit.fitting_bare_value(unique, quantity), spans, self.coordination(words, atom)
        return [], [], "all"

    def _said_qualitatively(self, start: int) -> bool:
        """Whether a measure's name starting at token `start` follows a qualitative result (`qualitative_result` cues:
        "detectable viral load", "positive HBsAg"): no threshold after it is that measure's."""
        return start > 0 and self.doc[start - 1].lower_ in lexicon.words("qualitative_result")

    def generic_after(self, earlier: tuple[int, int], start: int, end: int) -> bool:
        """Whether a generic measure name (`generic_measure` cues: "grade", "viral load", "performance status")
        comes a few words after another name, no number, comma or conjunction between ("(NYHA) Classification Grade
        II", "Lansky performance status", "HCV RNA viral load"): it may be that measure's, not the one it alone
        stands for."""
        return (self.doc[start:end].text.lower() in lexicon.words("generic_measure") and start - earlier[1] <= 3
                and not any(t.text in CLAUSE_PUNCT or t.lower_ in COORDINATION or t.like_num
                            for t in self.doc[earlier[1]:start]))  # not "MMSE score and performance status ≤ 2"

    @staticmethod
    def _plausibly(measures: list[Measure], quantity: Quantity) -> bool:
        """Whether the value, in its unit, can be one of `measures` (unjudged when it has no unit)."""
        if not measures or quantity.unit in (None, "1") or quantity.relative_to:
            return bool(measures)
        return any(implausible(m.key, quantity.value, quantity.unit) is None for m in measures)

    def corrects(self, start: int, end: int, threshold: int) -> bool:
        """"calcium (corrected for albumin)", "DLCO (adjusted for hemoglobin)", "DAS28 (28 joints, based on CRP)": the
        measure an aside closed before the threshold says a value is corrected for or computed from
        (`correction_lead` cues) is not the one bounded, unless it labels what follows ("(adjusted by age: 65-74 years
        ≥ 1.5)"); not one the aside bounds itself ("(based on LVEF by echocardiography and superior to 50%)")."""
        return (start >= 3 and self.doc[end:end + 1].text != ":"
                and self.doc[start - 2:start].text.lower() in lexicon.words("correction_lead")
                and opening_bracket(self.doc, start - 2, _ASIDE_REACH) is not None
                and any(t.text == ")" for t in self.doc[end:threshold]))

    def listed_alone(self, start: int) -> bool:
        """Whether the name at `start` opens its part of the item (from a comma or a list word) with no number
        before it: "Serum AST, ALT" lists it, "at least 1.5 x 10^9/L neutrophils, platelets ≥ 100" bounds it."""
        i = start
        while i > 0 and self.doc[i - 1].text not in CLAUSE_PUNCT and self.doc[i - 1].lower_ not in COORDINATION:
            i -= 1
            if self.doc[i].like_num:
                return False
        return True

    def elided_member(self, start: int, end: int, quantity: Quantity) -> list[Measure]:
        """"aspartate or alanine aminotransferase", "total and direct bilirubin": a word coordinated before a
        measure's name shares its head noun, and with it names a measure of its own ("HBV or HCV viral load"); the
        last word of a longer condition's name does not, nor a condition before a score ("unstable angina or NYHA
        class II-IV": no angina class)."""
        doc = self.doc
        if (start < 2 or end - start < 2 or doc[start - 1].lower_ not in ("and", "or")
                or not doc[start - 2].is_alpha or start - 2 in self.marks.measure_at):
            return []
        found = [m for m in vocabulary.find_measures(f"{doc[start - 2].text} {doc[start + 1:end].text}")
                 if self.compatible(m, quantity)][:1]
        condition = next((c for c in self.marks.concepts if c.start <= start - 2 < c.end), None)
        if condition is not None and (condition.start < start - 2 or any(scores.is_short_score(m) for m in found)):
            return []
        return found

    def phrase_ahead(self, end: int) -> tuple[int, int] | None:
        """"at least one and no more than two lines of therapy": a count shares the noun of the next one."""
        doc, i = self.doc, end
        while i < len(doc) and i - end < 3 and doc[i].lower_ in _JOINING:
            i += 1  # "at least 1, but no more than 2, prior lines of therapy"
        comparator = self.marks.comparators_by_start.get(i)
        if (i == end or comparator is None or comparator.end >= len(doc)
                or parse_number(doc[comparator.end].text) is None):
            return None
        after = comparator.end + 1
        if (unit := unit_at(doc, after, len(doc))) is not None and units.dimension(unit[0]) != "time":
            return None  # "IGA greater than 3, and greater than 10% BSA": the next value is measured, not a count
        return self.clauses.right_phrase(after + (after < len(doc) and doc[after].text == ","))

    def continues(self, atom: Atom, previous: Atom, clause: int) -> bool:
        """"BMI > 18 and < 28", "≤ 3 × ULN (≤ 5 × ULN if …)": a bare bound of the same kind as the one before;
        "within 30 days or 5 half-lives": a window's other span."""
        if previous.kind not in ("comparison", atom.kind) or not previous.measures or previous.implied_op:
            return False  # nor a bound read without a comparator: "(12 months of amenorrhea) … and for ≥ 3 months"
        joined = max((i + 1 for i in range(clause, atom.start) if self.doc[i].lower_ in ("or", "and")), default=clause)
        if (self.clauses.is_content(joined, atom.start, ignore=persons())
                and not self.clauses.only_asides(joined, atom.start)):
            # "≥ 20 mm by conventional techniques OR ≥ 10 mm by spiral CT": the method is not a new measure
            return False
        mine, theirs = atom.bounds[-1].quantity, previous.bounds[-1].quantity
        named = [m for m in previous.measures if isinstance(m, Measure)]
        return (mine.unit, mine.relative_to) == (theirs.unit, theirs.relative_to) or (
            mine.unit is not None and mine.unit == theirs.unit
        ) or (  # "7.5% (58 mmol/mol)"
            mine.unit is not None and bool(named) and all(self.compatible(m, mine) for m in named)
        ) or (
            mine.is_duration and theirs.is_duration  # "for less than 30 days or more than 2 years"
        )


_LIMIT_AFTER_TIMES = 5
"""How far after "N times" a normal limit makes it a multiple ("2 times the ULN") rather than a count of repeats."""


def _abbreviation_shaped(text: str) -> bool:
    """"IgA", "CD4", "HBV": a capital after the first letter, as names of analytes are abbreviated (not "Confirmed")."""
    return any(character.isupper() for character in text[1:])
