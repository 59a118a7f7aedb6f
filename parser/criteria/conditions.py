"""Subgroup conditions of thresholds and the events time windows bound.

"PLT < 80×10^9/L in patients with liver metastasis" → the threshold's `when`; "for patients with liver
metastases: ≤ 5 × ULN" → the same, written before; "the diameter of brain metastasis > 3 cm" → the lesion
measured is the condition (a patient without it has no such diameter); "No prior radiotherapy within 6 months" → the
window bounds "radiotherapy", named by the clause it closes (or the list a colon opens, or the phrase around a
bracketed window).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TypeGuard

from spacy.tokens import Span

from parser import vocabulary
from parser.criteria import lexicon, windows
from parser.criteria.atoms import BOUNDARY, COORDINATION, Atom
from parser.criteria.brackets import closing_bracket, opening_bracket
from parser.criteria.clauses import Clauses
from parser.criteria.cue_words import negation_words, persons, strip_words
from parser.criteria.quantities import parse_number
from parser.criteria.sex_groups import SexGroups
from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Expr, Not
from parser.models.walk import iter_nodes, rebuilt
from parser.vocabulary import units

_MAX_AGE_BRACKET = 12
_MAX_PERSON_BRACKET = 3
"""Tokens from a bracket's first word to its closing one when it names persons only ("(adult males)")."""
_MAX_BRACKET_LEAD = 3
_NEXT_THRESHOLD_REACH = 5
_EVENT_REACH = 12
_LEAD_WORDS = 6  # "of any of the following:"
_ANCHOR_WORDS = 5
"""The most words of an anchor naming only a reference point ("before the screening visit"), not running on."""
_FINDING_WORDS = 3  # "or current clinical evidence": the words saying how else the event is found
_AGE_THRESHOLD_REACH = 6
"""Tokens from an age threshold's comparator to its age word ("≥ 18 years of age")."""
_STEM = 5
"""How many first letters two words share to be read as one word inflected ("donated", "donate")."""


class ConditionFinder:
    """Finds subgroup phrases and window events, reading the criterion through its `clauses`."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.doc, self.marks = clauses.doc, clauses.marks
        self.sexes = SexGroups(clauses)
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
        i = start if lead is None else lead.start
        if (lead is not None and lead.text.lower() in lexicon.words("condition_lead") and self.names_condition(lead.end)
                and not any(doc[k].text in (")", ";", ".") for k in range(lead.end, end))):
            link = lead.end - 1  # "(in the case of liver metastases ≤ 5 × ULN)": the lead itself names the condition
        else:
            if lead is not None and lead.text.lower() in lexicon.words("subgroup_opening"):
                i = lead.end
            if not marks.has_cue(i, "person"):
                return None
            run = i
            while i < end and marks.has_cue(i, "person"):
                i += 1
            if (sex := self.sexes.opening(run, i, end)) is not None:
                return sex
            if i >= end or doc[i].lower_ not in lexicon.words("person_link"):
                return None
            link = i
        stop = next((k for k in range(link + 1, end) if doc[k].text in (":", ",") or k in marks.comparators_by_start
                     or k in marks.measure_at or doc[k].lower_ in lexicon.words("relative_pronoun")), end)
        begin, finish = self.clauses.trimmed(link + 1, stop)
        early = stop in marks.measure_at or (stop < end and doc[stop].lower_ in lexicon.words("relative_pronoun"))
        if early and not self._condition_alone(link + 1, (begin, finish), stop, end):
            return None  # "Subjects with resting systolic blood pressure ≥ 140", "with diabetes or glucose ≥ 126"
        words_end = next((k for k in range(link, end) if doc[k].text == ":"), stop)  # to a lead's colon
        if finish <= begin or any(k in marks.measure_at for k in range(begin, finish)) or lexicon.names_the_following(
                [t.lower_ for t in doc[link + 1:words_end]]):
            return None  # "patients with one or more of the following: QTc > 480 ms, …": a lead to a list
        return (begin, finish, False)

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

    def lead_at(self, start: int) -> Span | None:
        """The words opening a subgroup at `start` (`subgroup_lead` cues), after a conjunction too ("…, or if liver
        metastases are present, ≤ 5 × ULN")."""
        if start + 1 < len(self.doc) and self.doc[start].lower_ in ("or", "and"):
            return self.marks.cue_starting(start + 1, "subgroup_lead")
        return self.marks.cue_starting(start, "subgroup_lead")

    def subgroup_after(self, end: int) -> tuple[int, int, bool] | None:
        """"in patients with liver metastasis", "in females", "if liver metastases", "except in …",
        "(2-5 years of age)"."""
        doc, marks = self.doc, self.marks
        if (aged := self.bracketed_ages(end) or self.bracketed_persons(end) or self.sexes.right_after(end)) is not None:
            return aged
        lead = marks.cue_starting(end, "subgroup_lead")
        if lead is None:
            return None
        word = lead.text.lower()
        negated = word.startswith(("except", "unless"))
        k = lead.end
        names_condition = self.names_condition(k)
        if word in lexicon.words("subgroup_if_named") and not (marks.has_cue(k, "person") or names_condition):
            return None  # "in the past", "for 3 months", "with a meal" are not subgroups
        if word == "due to":
            return None
        if marks.comparators_by_start.get(k) is not None and (age_end := self._age_threshold_end(k)) is not None:
            return k, age_end, negated  # "> 10 pack-years if ≥ 18 years of age, or > 5 pack-years if < 18 years of age"
        start = k
        while k < len(doc) and marks.has_cue(k, "person"):
            k += 1
        if (linked := self._linked_condition(k)) is not None:
            k, denied = linked
            negated ^= denied
        else:  # "for infants 2-11 months", "in females": the persons are the condition
            k = start
        phrase_start = k if k < len(doc) and doc[k].lower_ not in lexicon.words("np_stop") else start
        stop = phrase_start
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
        return self.sexes.respective(begin, finish) or (begin, finish, negated)

    def _age_threshold_end(self, start: int) -> int | None:
        """Where an age threshold opening at the comparator at `start` ends ("≥ 18 years of age", "< 65 years old"):
        past its age word, within the clause; None when no age word follows its number."""
        doc = self.doc
        for i in range(start, min(len(doc), start + _AGE_THRESHOLD_REACH)):
            if doc[i].text in BOUNDARY or doc[i].text == ",":
                return None
            if doc[i].lower_ in lexicon.words("age_mention") and i > start + 1:
                return i + 1
        return None

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

    def event_after(self, atom: Atom) -> tuple[int, int] | None:
        """The event named by "of …" (`event_link` cues) right after a window and the bracket it closes: "(within 2
        years) of X", "treatment within 4 weeks with X"; not a study reference point ("of the first dose")."""
        doc, links = self.doc, lexicon.words("event_link")
        reference = windows.names_reference_event
        right_after = not atom.anchor or atom.anchor[0] > atom.end or not reference(self.marks, atom.end + 1)
        ends = [atom.end] if right_after else []
        if atom.anchor:  # "within 6 months prior to screening of myocardial infarction": the anchor ran on
            cue = self.marks.cue_starting(atom.anchor[0], "anchor")
            named_from = cue.end if cue else atom.anchor[0] + 1
            # not "from a clinical trial involving an off-label use of a drug": the anchor names its own event
            inside = [i for i in range(atom.anchor[0] + 1, atom.anchor[1]) if doc[i].lower_ in links
                      and (reference(self.marks, named_from) or not self.clauses.is_content(named_from, i)
                           or self._names_no_event(named_from, i))]
            studied = [i for i in inside if reference(self.marks, i + 1)]
            # a link to a study reference point ("prior to the first dose of study drug with X") only if no other
            ends += [i for i in inside if i not in studied] + [atom.anchor[1]] + studied
        closed = (self._past_other_finding(end + (end < len(doc) and doc[end].text in (")", ",")))
                  for end in ends)
        after = next((end for end in closed if end < len(doc) and doc[end].lower_ in links
                      and self.clauses.exception_at(end) is None), None)  # not "…, with the exception of X"
        if after is None:
            return None
        colon = next((i for i in range(after + 1, min(len(doc), after + _LEAD_WORDS)) if doc[i].text == ":"), None)
        if colon is not None and lexicon.names_the_following([t.lower_ for t in doc[after + 1:colon]]):
            return self.clauses.listed_after(colon)  # "History, within 6 months, of any of the following: X, Y"
        return self.clauses.phrase_to_sentence_end(after + 1, _EVENT_REACH)

    def _past_other_finding(self, end: int) -> int:
        """Past "or current evidence", "or presence" (`finding_word` cues) after a window: "History within the past
        year or current diagnosis of X" dates X, whichever way it is found."""
        doc, stop = self.doc, end + 1
        if end >= len(doc) or doc[end].lower_ != "or":
            return end
        while stop < len(doc) and stop - end <= _FINDING_WORDS and doc[stop].lower_ in lexicon.words("finding_word"):
            stop += 1
        return stop if stop > end + 1 else end

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
        aged = bool(words & lexicon.words("age_mention")) and any(parse_number(t.text) for t in inside) \
            and dimensions == {"time"} and not own_period
        # "(2-5 years of age)" is a group; "(≥ 150 mmHg in subjects > 60 years of age)" a threshold for one, and
        # "(6 months for subjects 4 to 5 years of age)", "(1.6 to 2.6 for patients aged 70 or older)" that group's own
        # values, the link to the group before any age
        return (end + 1, closing, False) if aged else None

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
        older, ECOG 0-1" asks both); groups that do not part every patient between them ("≥ 18" and "12-17") leave who
        is in none to a person (`unparted_ages`). The groups' spans, so that their ages are not read again as
        requirements."""
        doc = self.doc
        found: list[tuple[Atom, Atom, int, int]] = []
        ages = lexicon.words("age_word") | strip_words()  # "> 16 years of age"
        for aged, atom in pairwise(atoms):
            if aged.kind != "comparison" or atom.kind != "comparison" or atom.when is not None:
                continue
            start = self.clauses.clause_start(aged.start, 0)
            start = max([start] + [k + 1 for k in range(start, aged.start) if doc[k].text == ":"])  # past a label
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
            found.append((atom, aged, persons_start, k))
        if len(found) < 2:
            return []
        # "Patients ≥ 18 years, ECOG 0-1; patients 12-17 years, Lansky ≥ 60%": a child of 10 is in neither group
        self.unparted_ages = len(found) != 2 or not _complementary(found[0][1], found[1][1])
        for atom, _, start, end in found:
            atom.when = (start, end, False)
        return [(start, end) for _, _, start, end in found]

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

    def bracket_opening(self, start: int) -> int | None:
        """The bracket a window opens, or stands first in after "i.e." ("history of (i.e., ≤ 12 weeks from day 1)
        or current bleeding"): `bracket_lead` cues may come between."""
        lead = lexicon.words("bracket_lead")
        for i in range(start, max(-1, start - _MAX_BRACKET_LEAD - 1), -1):
            if self.doc[i].text == "(":
                return i
            if i < start and self.doc[i].lower_ not in lead:
                return None
        return None

    def window_concept(self, atom: Atom, limit: int) -> tuple[int, int] | None:
        if atom.concept is not None:
            begin, finish = self.clauses.trimmed(*atom.concept)
            if finish > begin:
                return begin, finish
        if (dated := self.dated_event(atom)) is not None:
            return dated
        clause = self.clauses.clause_start(atom.start, limit, through_lists=True)
        if (clause == atom.start and clause > limit and self.doc[clause - 1].text == ","
                and (head := self.head_of_examples(self.clauses.clause_start(clause - 1, limit), limit))):
            return head  # "any herbal treatments, e.g., St John's Wort, within 7 days": the kind, not one example
        if (done := self.clauses.done_before(atom, limit)) is not None:
            return done
        start, end = self.clauses.trimmed(clause, atom.start)
        if end > start and lexicon.names_the_following([t.lower_ for t in self.doc[clause:end]]):
            listed = self.clauses.listed_after(atom.anchor[1] if atom.anchor else atom.end)
            if listed is not None:  # "any of the following within 6 months: myocardial infarction, …"
                return listed
        content = end > start and self.clauses.is_content(start, end)
        if content and (taken := self.object_of_taking(atom, start, end)) is not None:
            return taken  # "currently taking, or have taken within 30 days before screening, X"
        weak = self._names_no_event(start, end)
        if (content and not weak and self._names_no_event(start, end, lexicon.words("recency_word"))
                and (named := self.event_after(atom)) is not None):
            return named  # "documented recent history (within 6 months) of X"
        if content and not weak:
            return start, end
        # "a recent history (within 5 years) of X", "patients at least 6 months after X": named around the window
        after = self.event_after(atom) if weak else None
        around = after or (self.anchored_event(atom, events_only=True) if weak else None)
        inside = clause > 0 and self.doc[clause - 1].text == "("
        if around is not None and not inside:
            return around
        opening = self.bracket_opening(atom.start)
        if opening is None and inside:
            opening = clause - 1
        if opening is not None:
            # not "(began within …)", "X (initiated at least 28 days before) with Y": words inside the bracket that
            # name nothing leave the phrase before it, unless that names nothing either ("therapy (started …) with Y")
            outside = self.clauses.bracket_neighbours(opening, atom, limit, after_only=weak and start < opening)
            if outside is not None and (after is None or not self._names_no_event(*outside)):
                return outside  # "No previous (within the last 5 years) or concurrent malignancies"
        if around is not None:
            return around
        if clause > limit and self.doc[clause - 1].text == ",":
            # "an episode of hypoglycemia, defined by …, within 6 months"
            first = self.clauses.first_clause(limit, clause - 1)
            if first is not None and self._names_no_event(*first) and (named := self.event_after(atom)) is not None:
                return named  # "History, within the past 12 months, of migraine"
            if first is not None:
                return first
        if weak:
            return start, end
        return (self.anchored_event(atom, events_only=True) or self.opened_by(atom)
                or self.anchored_event(atom) or self.clauses.right_phrase(atom.end))

    def object_of_taking(self, atom: Atom, start: int, end: int) -> tuple[int, int] | None:
        """The object of a verb of taking (`receiving_verb` cues) right before the window, in words `[start, end)` that
        name no event of their own: it follows the window and the study reference point that window counts back from
        ("currently taking, or have taken within 30 days before randomization, X", "has received within the past 3
        months any anticoagulant"). None when the window's anchor names an event ("taken within 30 days of surgery")."""
        doc, verbs = self.doc, lexicon.words("receiving_verb")
        verb = atom.start - 1
        while verb > start and doc[verb].text == ",":
            verb -= 1
        if verb < start or doc[verb].lower_ not in verbs or not self._names_no_event(start, end, verbs):
            return None
        after = atom.end
        if atom.anchor is not None:
            reference = next((self.marks.cue_starting(i, "reference_event") for i in range(*atom.anchor)
                              if self.marks.has_cue(i, "reference_event")), None)
            if reference is None:
                return None
            after = reference.end
            while (more := self.marks.cue_starting(after, "reference_event")) is not None:
                after = more.end  # "Screening Visit"
            after += self.marks.labels_number(after)  # "Visit 1"
        while after < len(doc) and doc[after].text == ",":
            after += 1
        if after < len(doc) and doc[after].text == ":":
            return self.clauses.listed_after(after)  # "has received within 90 days of screening: X; Y; or Z"
        return self.clauses.phrase_to_sentence_end(after, _EVENT_REACH)

    def opened_by(self, atom: Atom) -> tuple[int, int] | None:
        """"Within 4 weeks prior to registration, the patient's ANC …", "In the last 6 months: history of MI, stroke": a
        window opening its sentence with a window word, set off by a comma or a colon, dates what follows it."""
        doc, end = self.doc, atom.anchor[1] if atom.anchor else atom.end
        opens = atom.start == 0 or doc[atom.start - 1].text in BOUNDARY or doc[atom.start - 1].text == ":"
        if not opens or self.marks.cue_starting(atom.start, "window") is None or end + 1 >= len(doc):
            return None
        if doc[end].text == ":":
            return self.clauses.listed_after(end)
        if doc[end].text != ",":
            return self._listed_after_lead(atom, end)  # "Within 1 year before screening or …, any of the following: MI"
        aside = (lexicon.words("np_stop") | lexicon.words("rest_exceptions") | lexicon.words("clause_conjunction")) - (
            lexicon.words("done_to"))  # "Within 30 days, have received X": the event, told with a verb
        if doc[end + 1].lower_ in aside:
            return None  # "Within 5 years, except for …", "Within 4 weeks, as assessed by …": an aside, not the event
        start = self.clauses.past_persons(end + 1, len(doc), strip_words())
        stop = start
        while (stop < len(doc) and stop - start < _EVENT_REACH and doc[stop].text not in BOUNDARY
               and doc[stop].text != "(" and stop not in self.marks.comparators_by_start
               and not self.marks.has_cue(stop, "np_cut") and parse_number(doc[stop].text) is None):
            stop += 1
        if lexicon.names_the_following([t.lower_ for t in doc[start:stop]]):
            return self.clauses.listed_after(start)  # "Within the past 180 days, any of the following: MI, stroke"
        begin, finish = self.clauses.trimmed(start, stop)
        return (begin, finish) if finish > begin and self.clauses.is_content(begin, finish) else None

    def _listed_after_lead(self, atom: Atom, end: int) -> tuple[int, int] | None:
        """The events a lead to a list names after a window opening its sentence and another span of time joined to it
        ("Within 1 year before the screening visit or between screening and randomization, any of the following: …")."""
        colon = self.clauses.list_lead_after(end)
        if colon is None or (atom.anchor is not None and atom.anchor[1] - atom.anchor[0] > _ANCHOR_WORDS):
            return None  # not "Within 28 days before registration adequate organ function as shown by all of …"
        lead = self.doc[end:colon]
        joined = self.doc[end].lower_ in lexicon.words("series_join")  # "… or between screening and randomization, …"
        bare = all(t.lower_ in lexicon.lead_words() for t in lead)  # "any of the following": nothing but the lead
        return self.clauses.listed_from(colon) if joined or bare else None  # not "no history of cancer other than …"

    def before_plan(self, concept: tuple[int, int], plan: int) -> tuple[int, int] | None:
        """"Pregnant or breast-feeding women, or women planning to become pregnant within 6 months after the last
        dose", "receiving dialysis or expected to require dialysis within 1 year": the words of a window's event
        `concept` coordinated before the plan starting at token `plan` ("or", "and" or a comma, past the persons who
        plan, function and negation words), past the persons they name; None when nothing is coordinated before the
        plan ("Women planning a pregnancy")."""
        begin, end = concept
        if not begin < plan < end:
            return None
        doc, skipped = self.doc, (persons() | strip_words() | negation_words()) - COORDINATION
        i = plan
        while i > begin and doc[i - 1].lower_ in skipped:
            i -= 1
        if i == begin or doc[i - 1].lower_ not in COORDINATION:
            return None
        start, stop = self.clauses.trimmed(begin, i - 1)
        while (start < stop and self.marks.has_cue(start, "person") and not self.concept_at(start)
               and not self.clauses.hyphenated(start, start + 1)):  # not "child-bearing", "Child-Pugh"
            # "Women who are | pregnant", not "pregnant women" itself
            start, stop = self.clauses.trimmed(start + 1, stop)
        return (start, stop) if stop > start else None

    def names_state(self, state: tuple[int, int], plan: int) -> bool:
        """Whether the words before a plan name a state of their own, which holds now. Not words that expect or deny
        something themselves ("malignancy likely to result in disability", "must not be pregnant": they stay with the
        plan, which no record decides), nor a verb or a noun whose object the plan names, the word the plan repeats
        ("donated or plans to donate blood", "administration or planned administration of a vaccine"), unless a
        concept row names it ("pregnancy or planned pregnancy")."""
        doc, (start, stop) = self.doc, state
        words = [t.lower_ for t in doc[start:stop]]
        if (any(lexicon.phrase_at(words[i:], "plan") for i in range(len(words)))
                or self.clauses.negation.denies(start, stop)):
            return False
        if any(start <= span.start and span.end <= stop for span in self.marks.concepts):
            return True
        named = [t.lower_ for t in doc[start:stop] if self.clauses.is_content(t.i, t.i + 1, persons())]
        after = plan + lexicon.phrase_at([t.lower_ for t in doc[plan:]], "plan")
        return bool(named) and not (after < len(doc) and _same_stem(named[-1], doc[after].lower_))

    def concept_at(self, start: int) -> bool:
        """Whether a concept row names a phrase starting at token `start` ("pregnant" of "pregnant women")."""
        return any(span.start == start for span in self.marks.concepts)

    def dated_event(self, atom: Atom) -> tuple[int, int] | None:
        """"2 weeks must have elapsed since radiotherapy", "6 weeks from nitrosoureas": a period counted from an event
        names it right after its anchor word (`event_anchor` cues), whatever the clause said before. Not when the
        period is a window around what precedes it ("progression within 6 months after X") or how long that lasted
        (`lasting_word` cues), nor for a study reference point ("from registration") or words naming no event of
        their own ("after completion of treatment")."""
        doc = self.doc
        if atom.anchor is not None and windows.is_post_word(doc[atom.anchor[0]].lower_):
            return atom.anchor  # "within 6 weeks postpartum"
        if atom.anchor is None or doc[atom.anchor[0]].lower_ not in lexicon.words("event_anchor"):
            return None
        if self.marks.cue_starting(atom.start, "window") is not None or (
                atom.start > 0 and doc[atom.start - 1].lower_ in lexicon.words("lasting_word")):
            return None  # "progression within 6 months after X", "toxicity persisting > 2 weeks after X": not X
        named = self.anchored_event(atom, events_only=True)
        if named is None or self._names_no_event(*named):
            return None
        return named if windows.names_own_event([t.lower_ for t in doc[named[0]:named[1]]]) else None

    def _names_no_event(self, start: int, end: int, also: frozenset[str] = frozenset()) -> bool:
        """Persons or generic words ("patients", "history", "treatment", `weak_event` cues; words that name nothing,
        `non_name_word` cues: "except", "note"; and the words `also`), alone or together ("participant has a
        history"), name no event: the window's event is to be looked for around it."""
        generic = (lexicon.words("generic_label") | lexicon.words("weak_event") | lexicon.words("non_name_word") | also
                   | persons() | strip_words())
        return end > start and self.clauses.is_content(start, end) and (
            self.clauses.persons_only(start, end)
            or all(t.lower_ in generic or t.is_punct for t in self.doc[start:end]))

    def head_of_examples(self, clause: int, limit: int) -> tuple[int, int] | None:
        """The phrase a clause of examples set off by commas illustrates ("X, e.g., Y, within …": X), if any."""
        doc = self.doc
        comma = clause - 1
        if comma < limit + 2 or doc[comma].text != "," or doc[comma - 1].lower_ not in lexicon.words("bracket_lead"):
            return None
        before = comma - 1 - (doc[comma - 2].text == ",")
        begin, end = self.clauses.trimmed(self.clauses.clause_start(before, limit), before)
        return (begin, end) if end > begin and self.clauses.is_content(begin, end) else None

    def anchored_event(self, atom: Atom, events_only: bool = False) -> tuple[int, int] | None:
        """The event a window's anchor names ("… after kidney transplantation"), its anchor word left out; a
        duration not read as a window ("60 to 120 days after X") has its anchor word right after it. With
        `events_only`, a study reference point ("prior to randomisation") is no event."""
        anchor = atom.anchor
        if anchor is None and atom.end < len(self.doc) and self.marks.cue_starting(atom.end, "anchor") is not None:
            stop = atom.end + 1
            while stop < len(self.doc) and stop - atom.end <= _EVENT_REACH and self.doc[stop].text not in BOUNDARY:
                stop += 1
            anchor = (atom.end, stop)
        if anchor is None:
            return None
        cue = self.marks.cue_starting(anchor[0], "anchor")
        if events_only and (anchor := self._before_reference(anchor, cue.end if cue else anchor[0])) is None:
            return None
        begin, finish = self.clauses.trimmed(cue.end if cue else anchor[0], anchor[1])
        if finish <= begin and anchor[1] < len(self.doc) and self.doc[anchor[1]].text == ",":
            # "enrolled in, or discontinued within 30 days from, a clinical trial": the object shared past a comma
            return self.clauses.phrase_to_sentence_end(anchor[1] + 1, _EVENT_REACH)
        return (begin, finish) if finish > begin and self.clauses.is_content(begin, finish) else None

    def _before_reference(self, anchor: tuple[int, int], words: int) -> tuple[int, int] | None:
        """An anchor's words from token `words` up to a study reference point an anchor counting back dates them by
        in turn (`backward_anchor` cues: "from any prior radiotherapy before registration": the radiotherapy), or the
        words a period runs to (`reference_lead` cues: "from prior radiotherapy to the start of study drug"); None
        when a reference point is all they name ("prior to randomisation", "before the start of the treatment
        phase", "from the date of the last study drug administration")."""
        reference = next((i for i in range(*anchor) if self.marks.has_cue(i, "reference_event")), None)
        if reference is None:
            return anchor
        cut = next((i for i in range(reference - 1, words, -1) if lexicon.phrase_from(self.doc, i, "backward_anchor")
                    or lexicon.phrase_from(self.doc, i, "reference_lead")), None)
        return None if cut is None or not self.clauses.is_content(words, cut) else (anchor[0], cut)


def _same_stem(word: str, other: str) -> bool:
    """Whether two words are one inflected ("uses", "use"; "participated", "participating"), by their first letters."""
    size = min(_STEM, len(word), len(other))
    return size > 0 and word[:size] == other[:size]


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


def _outside(whens: list[Expr]) -> Not:
    return Not(**{"not": whens[0] if len(whens) == 1 else AnyOf(any=whens)})


def complement_subgroups(nodes: list[Expr]) -> list[Expr]:
    """A general threshold beside subgroup ones on the same measure applies outside those subgroups ("…; for patients
    with liver metastases, ≤ 5 × ULN; for patients with hepatocellular carcinoma, ≤ 5 × ULN": outside either). A
    limit for a sex gives way to another subgroup's too ("QTc ≥ 450 ms males or ≥ 470 ms females (≥ 500 ms in
    bundle branch block)"); limits for each sex leave a limit for everyone as it is ("QTc > 460 ms (males) or > 470
    ms (females); or QTc > 450 ms on repeated ECGs")."""
    found = [c for node in nodes for c in iter_nodes(node, conditions=False) if isinstance(c, Comparison)]
    special: dict[tuple[str, str], list[Expr]] = {}
    for c in found:
        if c.when is not None and c.when not in special.setdefault((c.measure, c.op), []):
            special[(c.measure, c.op)].append(c.when)

    def complemented(node: Expr) -> Expr:
        if not isinstance(node, Comparison) or not (whens := special.get((node.measure, node.op))):
            return node
        if _is_sex(node.when):
            others = [w for w in whens if not _is_sex(w)]
            return node.model_copy(update={"when": AllOf(all=[node.when, _outside(others)])}) if others else node
        if node.when is not None or (len(whens) > 1 and all(_is_sex(w) for w in whens)):
            return node
        return node.model_copy(update={"when": _outside(whens)})

    return [rebuilt(node, complemented) for node in nodes]
