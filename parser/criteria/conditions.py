"""Subgroup conditions of thresholds.

"PLT < 80×10^9/L in patients with liver metastasis" → the threshold's `when`; "for patients with liver
metastases: ≤ 5 × ULN" → the same, written before; "the diameter of brain metastasis > 3 cm" → the lesion
measured is the condition (a patient without it has no such diameter). Sexes as subgroups are read by
`sex_groups.SexGroups`, the events time windows bound by `event_names.EventNames` (both held here, for the readers
of a criterion that share one finder).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TypeGuard

from spacy.tokens import Span

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, CLAUSE_PUNCT, COORDINATION, Atom
from parser.criteria.brackets import closing_bracket, opening_bracket
from parser.criteria.clauses import RANGE_SIGNS, Clauses
from parser.criteria.cue_words import negation_words, strip_words
from parser.criteria.event_names import EventNames
from parser.criteria.quantities import parse_number
from parser.criteria.sex_groups import SexGroups
from parser.criteria.unit_phrases import unit_at
from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Expr, Not
from parser.models.walk import iter_nodes, rebuilt
from parser.vocabulary import units

_MAX_AGE_BRACKET = 12
_MAX_PERSON_BRACKET = 3
"""Tokens from a bracket's first word to its closing one when it names persons only ("(adult males)")."""
_NEXT_THRESHOLD_REACH = 5
"""The most words of an anchor naming only a reference point ("before the screening visit"), not running on."""
_AGE_THRESHOLD_REACH = 6
"""Tokens from an age threshold's comparator to its age word ("≥ 18 years of age")."""
_BARE_GROUP = 2
"""Words a bracketed group may take with no person, condition or denial named ("(if intubated)", "(when untreated)")."""
_GROUP_BRACKET = 14
"""Tokens from a bracket's first word to its closing one when it holds a group ("(unless due to Gilbert's disease)")."""


class ConditionFinder:
    """Finds subgroup phrases and window events, reading the criterion through its `clauses`."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.doc, self.marks = clauses.doc, clauses.marks
        self.sexes = SexGroups(clauses)
        self.events = EventNames(clauses)
        self.unparted_ages = False
        """Whether the criterion's age groups leave some ages in none (`hold_in_age_clauses_before`)."""

    def names_condition(self, start: int) -> bool:
        """Whether a short phrase from `start` names a condition ("liver metastases", "Gilbert's disease")."""
        doc, stop = self.doc, start
        while stop < len(doc) and stop - start < 6 and doc[stop].text not in (",", ";", ".", ")", "(", ":"):
            if self.marks.has_cue(stop, "condition_head"):
                return True
            stop += 1
        return False

    def subgroup_before(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """A subgroup that opens the clause of a threshold: "for patients with liver metastases: ≤ 5 × ULN"."""
        doc, marks = self.doc, self.marks
        lead = self.lead_at(start)
        if lead is None and (labelled := self._labelled_condition(start, end)) is not None:
            return labelled
        i = start if lead is None else lead.start
        if (lead is not None and lead.text.lower() in lexicon.words("condition_lead") and self.names_condition(lead.end)
                and not any(doc[k].text in (")", ";", ".") for k in range(lead.end, end))):
            link = lead.end - 1  # "(in the case of liver metastases ≤ 5 × ULN)": the lead itself names the condition
        else:
            opened = False
            if lead is not None and lead.text.lower() in lexicon.words("subgroup_opening"):
                opened, i = True, lead.end
            if not marks.has_cue(i, "person"):
                return None
            run = i
            while i < end and marks.has_cue(i, "person"):
                i += 1
            if (sex := self.sexes.opening(run, i, end, led=opened)) is not None:
                return sex
            if i >= end or doc[i].lower_ not in lexicon.words("person_link"):
                return None
            link = i
        stop = next((k for k in range(link + 1, end) if doc[k].text in (":", ",") or k in marks.comparators_by_start
                     or k in marks.measure_at or doc[k].lower_ in lexicon.words("relative_pronoun")), end)
        begin, finish = self.clauses.trimmed(link + 1, stop)
        early = stop in marks.measure_at or (stop < end and doc[stop].lower_ in lexicon.words("relative_pronoun"))
        if early and not (self._condition_alone(link + 1, (begin, finish), stop, end)
                          and self._limited_before(start, stop, end)):
            return None  # "Subjects with resting systolic blood pressure ≥ 140", "with diabetes or glucose ≥ 126"
        words_end = next((k for k in range(link, end) if doc[k].text == ":"), stop)  # to a lead's colon
        if finish <= begin or any(k in marks.measure_at for k in range(begin, finish)) or lexicon.names_the_following(
                [t.lower_ for t in doc[link + 1:words_end]]):
            return None  # "patients with one or more of the following: QTc > 480 ms, …": a lead to a list
        return (begin, finish, False)

    def _labelled_condition(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """"ALT ≤ 3 × ULN (liver metastases: ≤ 5 × ULN)", "bilirubin ≤ 1.5 × ULN (Gilbert's syndrome: ≤ 3 × ULN)": a
        bracket labelling its threshold with a condition and a colon holds in those with the condition."""
        doc = self.doc
        if start < 1 or doc[start - 1].text != "(" or not self.names_condition(start):
            return None
        colon = next((k for k in range(start, end) if doc[k].text == ":"), None)
        if colon is None or colon + 1 != end or any(k in self.marks.measure_at for k in range(start, colon)):
            return None
        begin, finish = self.clauses.trimmed(start, colon)
        return (begin, finish, False) if finish > begin else None

    def _condition_alone(self, after_link: int, words: tuple[int, int], stop: int, end: int) -> bool:
        """Whether the words `[begin, finish)` between a subgroup's link and the measure or relative pronoun at token
        `stop` are a condition of their own, ending with its name ("for subjects with liver involvement AST > 5 ×
        ULN", "Patients with bone metastases alkaline phosphatase ≤ 5 × ULN", "Patients with liver metastases who have
        an AST ≤ 5 × ULN"): not the measure's modifiers ("with resting systolic blood pressure"), a definition ("with
        hypertension defined as SBP > 140", "with adequate renal function which is defined as …"), a denial nor a
        list ("with diabetes or glucose ≥ 126 mg/dL"); `after_link` is where the words after the link start, `end`
        where the threshold does."""
        (begin, finish), doc, denials = words, self.doc, negation_words()
        if (finish <= begin or any(doc[i].lower_ in COORDINATION or doc[i].lower_ in denials
                                   for i in range(after_link, stop))
                or any(doc[i].lower_ not in lexicon.words("period_article") for i in range(finish, stop))
                or any(lexicon.phrase_from(doc, i, "rest_definition") or doc[i].lower_ in denials
                       for i in range(stop, end))):
            return False  # "who do not have myeloma paraprotein must have …", "with hypertension defined as SBP …"
        return self.marks.has_cue(finish - 1, "condition_head") or any(
            begin <= span.start and span.end == finish and vocabulary.concept_named(span.text) is not None
            for span in self.marks.concepts)  # the words end with it: not "adequate renal function as evidenced by"

    def _limited_before(self, clause: int, stop: int, end: int) -> bool:
        """Whether the measure named first from `stop` to the threshold at `end` is limited before the clause at
        `clause` too ("ALT ≤ 3 × ULN. Patients with liver metastases who have an ALT ≤ 5 × ULN"): a subgroup's wider
        limit beside everyone's. Alone ("Adults with type 2 diabetes who have HbA1c ≥ 7%") the condition is one more
        requirement, no subgroup."""
        named = next((self.marks.measure_at[k] for k in range(stop, end) if k in self.marks.measure_at), None)
        if named is None:
            return False
        keys = {m.key for m in vocabulary.find_measures(named.text)}
        return any(span.end <= clause and keys & {m.key for m in vocabulary.find_measures(span.text)}
                   for span in self.marks.measures)

    def lead_at(self, start: int) -> Span | None:
        """The words opening a subgroup at `start` (`subgroup_lead` cues), after a conjunction too ("…, or if liver
        metastases are present, ≤ 5 × ULN")."""
        if start + 1 < len(self.doc) and self.doc[start].lower_ in ("or", "and"):
            return self.marks.cue_starting(start + 1, "subgroup_lead")
        return self.marks.cue_starting(start, "subgroup_lead")

    def subgroup_after(self, end: int) -> tuple[int, int, bool] | None:
        """"in patients with liver metastasis", "in females", "if liver metastases", "except in …",
        "(2-5 years of age)", "(with liver metastases)"."""
        doc, marks = self.doc, self.marks
        if (aged := self.bracketed_ages(end) or self.bracketed_persons(end) or self.sexes.right_after(end)) is not None:
            return aged
        lead = marks.cue_starting(end, "subgroup_lead")
        closing = self._group_bracket(end) if lead is None else None
        if closing is not None:
            lead = marks.cue_starting(end + 1, "subgroup_lead")  # "(in patients with liver metastases)"
        if lead is None:
            return self._age_past_aside(end)
        word = lead.text.lower()
        if lexicon.phrase_from(doc, lead.start, "either_way"):
            return None  # "(with or without liver metastases)": everyone
        negated = word in lexicon.words("subgroup_denial")
        k = lead.end
        if word != "due to" and (age_end := self._age_threshold_end(k)) is not None:
            return k, age_end, negated  # "> 10 pack-years if ≥ 18 years of age", "> 80 mL/min in ≤ 18 years old"
        names_condition = self.names_condition(k)
        if word in lexicon.words("subgroup_if_named") and not (marks.has_cue(k, "person") or names_condition):
            return None  # "in the past", "for 3 months", "with a meal" are not subgroups
        if closing is not None and not (negated or names_condition or marks.has_cue(k, "person")
                                        or closing - k <= _BARE_GROUP or self._measured_group(end + 1, closing)
                                        or any(t.lower_ in negation_words() for t in doc[k:closing])):
            return None  # "(when corrected for albumin)" says how it is measured; "(if not on anti-HIV therapy)" whom
        if word == "due to":
            return None
        start = k
        k = self._past_persons(k)
        if (linked := self._linked_condition(k)) is not None:
            k, denied = linked
            negated ^= denied
        else:  # "for infants 2-11 months", "in females": the persons are the condition
            k = start
        phrase_start = k if k < len(doc) and doc[k].lower_ not in lexicon.words("np_stop") else start
        stop = phrase_start
        if closing is not None:  # "(for myeloma, lymphoma or leukaemia only)": the bracket holds the group alone
            stop = closing
        while stop < len(doc) and stop - phrase_start < 12 and doc[stop].text not in (",", ";", ".", ")", "(", ":"):
            if doc[stop].lower_ in ("or", "and", "&") and (
                    any(self.clauses.threshold_starts(k)
                        for k in range(stop, min(len(doc), stop + _NEXT_THRESHOLD_REACH)))
                    or (stop + 1) in self.marks.measure_at
                    or (stop + 1 < len(doc) and parse_number(doc[stop + 1].text) is not None)):
                break  # "in patients aged > 65 and CURB-65 ≥ 2 …", "… for men or 9 g/dL for women": a new threshold
            if stop == phrase_start and stop in self.marks.comparators_by_start:
                break
            if marks.cue_starting(stop, "consequence_lead"):
                break  # "unless liver metastases in which case ≤ 5 × ULN": what holds then is no part of the condition
            stop += 1
        if stop <= start:
            return None
        if word == "with" and (stop - phrase_start > 4 or any(parse_number(t.text) for t in doc[phrase_start:stop])):
            return None  # "… with type 2 diabetes diagnosed at least 6 months ago" describes, it does not subgroup
        begin, finish = self.clauses.trimmed(phrase_start, stop) if stop > phrase_start else (start, stop)
        if finish <= begin:
            begin, finish = start, stop
        if all(t.lower_ in lexicon.words("generic_person") for t in doc[begin:finish]):
            return None  # "(for all patients)": no group narrower than everyone
        return self.sexes.respective(begin, finish) or (begin, finish, negated)

    def _age_past_aside(self, end: int) -> tuple[int, int, bool] | None:
        """"CrCl > 60 mL/min (Cockcroft-Gault) in > 18 years old", "≥ 80% (TJU Karnofsky) for patients ≥ 60 years
        old": an age group led in after a bracketed aside on how the threshold is measured."""
        doc = self.doc
        closing = closing_bracket(doc, end + 1, _GROUP_BRACKET) if end + 1 < len(doc) and doc[end].text == "(" else None
        lead = None if closing is None else self.marks.cue_starting(closing + 1, "subgroup_lead")
        if lead is None:
            return None
        age_end = self._age_threshold_end(self._past_persons(lead.end))  # "(TJU Karnofsky) for patients ≥ 60 …"
        return None if age_end is None else (lead.end, age_end, False)

    def _past_persons(self, k: int) -> int:
        """Past the words naming persons from token `k` ("for patients with …", "in subjects ≥ 60 years")."""
        while k < len(self.doc) and self.marks.has_cue(k, "person"):
            k += 1
        return k

    def _group_bracket(self, end: int) -> int | None:
        """Where a bracket opening at `end` closes when it holds nothing but a group ("(unless due to Gilbert's
        syndrome)", "(for patients aged 65 years or older)"), not a threshold of its own for one ("(if liver
        metastases, ≤ 5 × ULN)", "(except grade 2 alopecia)"); None for any other."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].text != "(":
            return None
        closing = closing_bracket(doc, end + 1, _GROUP_BRACKET)
        if closing is None:
            return None
        inside = doc[end + 1:closing]
        ages = lexicon.comparators_implying("age")
        said_age = any(t.lower_ in lexicon.words("age_word") for t in inside) or any(
            span.text.lower() in ages for k, span in self.marks.comparators_by_start.items() if end < k < closing)
        aged = said_age and all(units.names_time(doc[t.i + 1].text) for t in inside if parse_number(t.text) is not None)
        if not aged and not self._measured_group(end + 1, closing) and any(
                parse_number(t.text) is not None or t.i in self.marks.comparators_by_start for t in inside):
            return None  # a threshold of the bracket's own (an age's group is none: "(for patients aged 65 or older)")
        return closing

    def _measured_group(self, start: int, closing: int) -> bool:
        """"(if bone marrow plasma cells are > 50%)": a lead, then a group defined by one threshold closing the bracket,
        on the lexicon measure named right before it; not a value for a group of persons or with a condition ("(for
        females ≥ 9 g/dL)", "(for patients with myeloma ≤ 2 mg/dL)"), nor one named before a comma or a colon ("(if
        liver metastases, ≤ 5 × ULN)", "(in case of liver metastases: ALT ≥ 2.5 × ULN)")."""
        comparators = [k for k in self.marks.comparators_by_start if start < k < closing]
        if (len(comparators) != 1 or self.marks.cue_starting(start, "subgroup_lead") is None
                or any(t.text in CLAUSE_PUNCT or self.marks.has_cue(t.i, "person") for t in self.doc[start:closing])):
            return False
        before = comparators[0] - 1
        while before > start and self.doc[before].lower_ in lexicon.words("copula"):
            before -= 1
        numbers = [t.i for t in self.doc[start:closing] if parse_number(t.text) is not None]
        named = any(span.end == before + 1 and span.start > start for span in self.marks.measures)
        if not named or self.names_condition(start + 1) or len(numbers) != 1:
            return False
        unit = unit_at(self.doc, numbers[0] + 1, closing)
        return (numbers[0] + 1 if unit is None else unit[1]) == closing

    def _age_threshold_end(self, start: int) -> int | None:
        """Where an age threshold opening at the comparator at token `start` ends: past its age word ("≥ 18 years of
        age", "< 65 years old"), or past its number and unit where the comparator says age ("older than 75 years");
        None for any other words, or none said of age."""
        doc, marks = self.doc, self.marks
        comparator = marks.comparators_by_start.get(start)
        if comparator is None:
            return None
        if comparator.text.lower() in lexicon.comparators_implying("age"):
            return self._quantity_end(comparator.end)  # "if older than 75 years"
        for i in range(start, min(len(doc), start + _AGE_THRESHOLD_REACH)):
            if doc[i].text in BOUNDARY or doc[i].text == ",":
                return None
            if doc[i].lower_ in lexicon.words("age_mention") and i > start + 1:
                return i + 1
        return None

    def _quantity_end(self, number: int) -> int | None:
        """Past the number at token `number` and the unit of time after it, if any; None where no number stands."""
        doc = self.doc
        if number >= len(doc) or parse_number(doc[number].text) is None:
            return None
        unit = number + 1
        return unit + 1 if unit < len(doc) and units.names_time(doc[unit].lower_) else unit

    def subgroup_of_pair(self, atom: Atom, atoms: list[Atom]) -> tuple[int, int, bool] | None:
        """"ALT > 54 U/L and ≤ 400 U/L for men", "Hb < 10 g/dL or > 18 g/dL (males)": a bound joined by one "and" or
        "or" to the next, of the other direction, shares the subgroup written after that one: the two make a range."""
        following = next((other for other in atoms if other.start >= atom.end), None)
        if (following is None or following.kind != "comparison" or atom.kind != "comparison"
                or [t.lower_ for t in self.doc[atom.end:following.start]] not in (["and"], ["or"])
                or len(atom.bounds) != 1 or len(following.bounds) != 1
                or {bound.op[0] for bound in atom.bounds + following.bounds} != {"<", ">"}):
            return None
        return self.subgroup_after(following.end)

    def _linked_condition(self, k: int) -> tuple[int, bool] | None:
        """Where the condition that links words after persons name starts, and whether they deny it: "patients with
        X", "those not on X", "patients without X". None where the persons, with what follows, are the condition: no
        link, a threshold right after it ("patients on fewer than two agents"), an article or a study reference point
        after a link of use ("females on the screening ECG", "on screening ECG" name no treatment)."""
        doc = self.doc
        uses, denials, fillers = (lexicon.words(kind) for kind in ("person_use_link", "person_negation",
                                                                     "person_link_filler"))
        links = lexicon.words("person_link") | uses | denials
        if k >= len(doc) or doc[k].lower_ not in links:
            return None
        i, denied, used = k, False, False
        while i < len(doc) and (doc[i].lower_ in links or doc[i].lower_ in fillers and not used):
            denied ^= doc[i].lower_ in denials
            used = used or doc[i].lower_ in uses
            i += 1
        if i in self.marks.comparators_by_start or (used and i < len(doc) and (
                doc[i].lower_ in fillers or self.marks.has_cue(i, "reference_event"))):
            return None
        return i, denied

    def lesion_of(self, atom: Atom, previous: tuple[int, int, bool] | None) -> tuple[int, int, bool] | None:
        """The lesion a size threshold measures ("the diameter of brain metastasis is > 3 cm"): a property of a
        lesion the patient does not have cannot hold, so the lesion is the threshold's condition. A bare property
        that follows in the same sentence ("… or the total volume is > 30 cc") measures the lesion before it
        (`previous`). The property words are the cue kind `lesion_property`."""
        doc, properties = self.doc, lexicon.words("lesion_property")
        for _, end in atom.measure_spans:
            if doc[end - 1].lower_ not in properties:
                continue
            if end < len(doc) and doc[end].lower_ == "of" and self.names_condition(end + 1):
                stop = end + 1
                while (stop < len(doc) and doc[stop].lower_ not in lexicon.words("np_stop")
                       and stop not in self.marks.comparators_by_start):
                    stop += 1
                begin, finish = self.clauses.trimmed(end + 1, stop)
                return (begin, finish, False) if finish > begin else None
            if previous is not None and not any(t.text in BOUNDARY for t in doc[previous[1]:atom.start]):
                return previous
        return None

    def bracketed_ages(self, end: int) -> tuple[int, int, bool] | None:
        """"≤ 0.8 mg/dL (2-5 years of age)": a bracket of ages right after a threshold is the group it applies to."""
        doc = self.doc
        if end >= len(doc) or doc[end].text != "(":
            return None
        closing = closing_bracket(doc, end + 1, _MAX_AGE_BRACKET - 1)
        if closing is None or closing == end + 1:
            return None  # "()": an aside the folding emptied
        inside = doc[end + 1:closing]
        words = {t.lower_ for t in inside}
        dimensions = {units.dimension(vocabulary.unit_spellings().get(word, "")) for word in words} - {None}
        lowered = [t.lower_ for t in inside]
        link = next((k for k in range(1, len(lowered)) if lexicon.phrase_at(lowered[k:], "subgroup_link")), None)
        own_period = parse_number(inside[0].text) is not None and link is not None and not (
            set(lowered[:link]) & lexicon.words("age_mention"))
        aged = any(parse_number(t.text) for t in inside) and not own_period and (
            dimensions == {"time"} and bool(words & lexicon.words("age_mention"))
            or not dimensions and self._age_then_bound(inside))
        # "(2-5 years of age)" is a group; "(≥ 150 mmHg in subjects > 60 years of age)" a threshold for one, and
        # "(6 months for subjects 4 to 5 years of age)", "(1.6 to 2.6 for patients aged 70 or older)" that group's own
        # values, the link to the group before any age
        return (end + 1, closing, False) if aged else None

    def _age_then_bound(self, inside: Span) -> bool:
        """"(age ≥ 75)", "(aged 18-74)", "(age 65 or older)": an age word and its bound alone, the years unsaid; not
        "(any age before protocol amendment 1)" nor "(ages 20 to 60 for the MRI sub-study)"."""
        if inside[0].lower_ not in lexicon.words("age_noun"):
            return False
        bound = self.marks.comparator_tokens
        return all(t.i in bound or parse_number(t.text) is not None or t.lower_ in COORDINATION | RANGE_SIGNS
                   for t in inside[1:])

    def hold_in_groups_before(self, atoms: list[Atom]) -> list[tuple[int, int]]:
        """"Lansky score (for patients ≤ 16 years of age) ≥ 50": a bracket of ages or persons closing right before a
        threshold is the group the threshold holds in (`atom.when`), as one right after it is, and names no measure
        (`Clauses.group_brackets`). The brackets' spans, so that the ages inside are read as the group."""
        spans = []
        for atom in atoms:
            if atom.kind != "comparison" or atom.start == 0 or self.doc[atom.start - 1].text != ")":
                continue
            opening = opening_bracket(self.doc, atom.start - 1, _MAX_AGE_BRACKET)
            group = None if opening is None else self.bracketed_ages(opening) or self.bracketed_persons(opening)
            if group is not None and group[1] == atom.start - 1:
                atom.when = group
                spans.append((group[0], group[1]))
                self.clauses.group_brackets.update(range(group[0], group[1]))
        return spans

    def hold_in_age_clauses_before(self, atoms: list[Atom]) -> list[tuple[int, int]]:
        """"For patients > 16 years, Karnofsky ≥ 50%; for patients ≤ 16 years, Lansky ≥ 50%": persons of an age
        opening the clause of the threshold after it are the group it holds in (`atom.when`, read by the builder as
        that age), not an age every patient must have, where the item has two such groups ("Patients aged 18 years or
        older, ECOG 0-1" asks both) or the one group is led as one ("For patients < 16 years of age, Lansky ≥ 70%":
        `subgroup_opening` cues) or as those left out ("Except in patients ≥ 70 years, …": `subgroup_denial` cues, the
        group negated); two groups that do not part every patient between them ("≥ 18" and "12-17") leave who is in
        none to a person (`unparted_ages`). The groups' spans, so that their ages are not read again as
        requirements."""
        doc = self.doc
        found: list[tuple[Atom, Atom, int, int, bool]] = []
        led = False
        ages = lexicon.words("age_word") | strip_words()  # "> 16 years of age"
        for aged, atom in pairwise(atoms):
            if aged.kind != "comparison" or atom.kind != "comparison" or atom.when is not None:
                continue
            start = self.clauses.clause_start(aged.start, 0)
            start = max([start] + [k + 1 for k in range(start, aged.start) if doc[k].text == ":"]  # past a label
                        + [k for k in range(start, aged.start)  # "… and for patients < 16 years of age, …"
                           if doc[k].lower_ in lexicon.words("coordinator") and self.lead_at(k) is not None])
            lead = self.lead_at(start)
            i = persons_start = lead.end if lead is not None else start
            if not self.marks.has_cue(i, "person"):
                continue
            while i < aged.start and (self.marks.has_cue(i, "person") or doc[i].lower_ in ages):
                i += 1
            k = aged.end
            while k < atom.start and doc[k].lower_ in ages:
                k += 1
            if i != aged.start or k >= atom.start or doc[k].text not in (",", ":") or any(
                    t.text in (";", ".") for t in doc[k:atom.start]):
                continue
            denied = lead is not None and lead.text.lower() in lexicon.words("subgroup_denial")
            found.append((atom, aged, persons_start, k, denied))
            led = lead is not None and (denied or lead.text.lower() in lexicon.words("subgroup_opening"))
        if len(found) < 2 and not (found and led):
            return []
        # "Patients ≥ 18 years, ECOG 0-1; patients 12-17 years, Lansky ≥ 60%": a child of 10 is in neither group
        self.unparted_ages = len(found) > 2 or (len(found) == 2 and not _complementary(found[0][1], found[1][1]))
        for atom, _, start, end, denied in found:
            atom.when = (start, end, denied)
        return [(start, end) for _, _, start, end, _ in found]

    def bracketed_persons(self, end: int) -> tuple[int, int, bool] | None:
        """"≤ 1.7 mg/dL (males) and ≤ 1.4 mg/dL (females)": a bracket right after a threshold holding only the
        persons it is for (`person` cues), of one sex, is the group it applies to ("(patients)" narrows nothing)."""
        doc, marks = self.doc, self.marks
        if end >= len(doc) or doc[end].text != "(":
            return None
        closing = closing_bracket(doc, end + 1, _MAX_PERSON_BRACKET)
        if closing is None or closing == end + 1:
            return None
        inside = range(end + 1, closing)
        sexed = any(doc[k].lower_ in lexicon.words("sex_word") for k in inside)
        return (end + 1, closing, False) if sexed and all(marks.has_cue(k, "person") for k in inside) else None

_COMPLEMENTS = {(">", "<="), ("<=", ">"), (">=", "<"), ("<", ">=")}


def _complementary(first: Atom, second: Atom) -> bool:
    """Whether two ages, one bound each, part every patient between them ("> 16 years" and "≤ 16 years")."""
    if len(first.bounds) != 1 or len(second.bounds) != 1:
        return False
    (a,), (b,) = first.bounds, second.bounds
    return (a.op, b.op) in _COMPLEMENTS and (a.quantity.value, a.quantity.unit) == (b.quantity.value, b.quantity.unit)


def _is_sex(when: Expr | None) -> TypeGuard[Concept]:
    """Whether a subgroup is a sex ("males", and "females on the screening ECG", whose words run on)."""
    return isinstance(when, Concept) and (when.category == "sex" or when.concept.split()[0].lower() in lexicon.words(
        "sex_word"))


def _outside(whens: list[Expr]) -> Expr:
    """Who is in none of the subgroups: a denied one's own patients ("in the absence of liver metastases": those with
    them), not a denial of its denial."""
    if len(whens) == 1 and isinstance(whens[0], Not):
        return whens[0].not_
    return Not(**{"not": whens[0] if len(whens) == 1 else AnyOf(any=whens)})


_BOUNDING = {"<": "upper", "<=": "upper", ">": "lower", ">=": "lower", "==": "equal"}
"""Which way an operator bounds a value: a strict and a loose limit of one side are limits of one kind."""


def complement_subgroups(nodes: list[Expr]) -> list[Expr]:
    """A general threshold beside subgroup ones on the same measure applies outside those subgroups ("…; for patients
    with liver metastases, ≤ 5 × ULN; for patients with hepatocellular carcinoma, ≤ 5 × ULN": outside either). A
    limit for a sex gives way to another subgroup's too ("QTc ≥ 450 ms males or ≥ 470 ms females (≥ 500 ms in
    bundle branch block)"); limits for each sex leave a limit for everyone as it is ("QTc > 460 ms (males) or > 470
    ms (females); or QTc > 450 ms on repeated ECGs"). Limits bounding the same way are alike whether strict or not
    ("≤ 3 × ULN (< 5 × ULN if liver metastases)")."""
    found = [c for node in nodes for c in iter_nodes(node, conditions=False) if isinstance(c, Comparison)]
    special: dict[tuple[str, str], list[Expr]] = {}
    for c in found:
        if c.when is not None and c.when not in special.setdefault((c.measure, _BOUNDING[c.op]), []):
            special[(c.measure, _BOUNDING[c.op])].append(c.when)

    def complemented(node: Expr) -> Expr:
        if not isinstance(node, Comparison) or not (whens := special.get((node.measure, _BOUNDING[node.op]))):
            return node
        if _is_sex(node.when):
            others = [w for w in whens if not _is_sex(w)]
            return node.model_copy(update={"when": AllOf(all=[node.when, _outside(others)])}) if others else node
        if node.when is not None or (len(whens) > 1 and all(_is_sex(w) for w in whens)):
            return node
        return node.model_copy(update={"when": _outside(whens)})

    return [rebuilt(node, complemented) for node in nodes]
