"""Which concepts and thresholds a negation denies, and where a denial only restates an exclusion's requirement.

A negation cue ("no", "not", "without", "absence of") denies what follows it within a few words, over the words a
perfect of receiving puts between ("have not previously been treated with"), unless a pseudo-negation ("not limited
to"), a comparator ("no more than") or a prefix ("non-oncology") takes it; after a window, "is not allowed" denies
the event of an inclusion. Read over one criterion's `Clauses`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Span

from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, COORDINATION, MEASURED_TIMES
from parser.criteria.brackets import bracket_depth
from parser.criteria.clause_reader import ClauseReader
from parser.criteria.cue_words import negation_words, persons, strip_words
from parser.criteria.denials import RequirementWording, ruling_out
from parser.criteria.modifiers import plain_word
from parser.vocabulary import units

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom

_NEGATION_REACH = 4
"""The most words a negation may stand before the concept it denies ("No prior treatment with chemotherapy")."""
_LIST_MARKS = frozenset({",", "(", ")", "/"})
"""Marks a list of thresholds holds between them besides their own words."""
_RULED_OUT_REACH = 8
"""Tokens after a threshold within which its clause may say the patients it describes are left out."""
_LIST_REACH = 8
"""The most tokens of a list's earlier items between a negation and a concept listed after them."""


def _own_denial(atom: Atom) -> bool:
    """Whether a threshold's comparator denies of its own ("no more than 2", "must not have received more than 2")."""
    return atom.comparator is not None and any(t.lower_ in negation_words() for t in atom.comparator)


def _lasting(atom: Atom) -> bool:
    """Whether a threshold is a length of time a state lasted ("for at least 1 year"): in a unit of time no measure is
    read in (`MEASURED_TIMES`), and no age."""
    quantity = atom.bounds[-1].quantity
    return quantity.is_time and quantity.unit not in MEASURED_TIMES and not any(
        getattr(measure, "key", None) == "age" for measure in atom.measures)


@cache
def _denied_comparator_words() -> frozenset[str]:
    """The verbs comparators deny ("not exceed", "not to exceed", "has not exceeded": "exceed", "exceeded"): the first
    word after the denial past auxiliaries and particles."""
    negations, passed = lexicon.words("verb_negation"), _auxiliaries() | lexicon.words("verb_particle")
    found: set[str] = set()
    for phrase, _, _ in lexicon.comparators():
        words = phrase.split()
        denial = next((i for i, word in enumerate(words) if word in negations), None)
        verb = next((word for word in words[denial + 1:] if word not in passed), None) if denial is not None else None
        if verb is not None:
            found.add(verb)
    return frozenset(found)


def _auxiliaries() -> frozenset[str]:
    """Words a verb may take before it without naming anything: "have", "been", "is", "does"."""
    return lexicon.words("copula") | lexicon.words("perfect_auxiliary") | lexicon.words("auxiliary")


class Negations(ClauseReader):
    """The negation scope of one criterion: which tokens its denials reach."""

    def negated_before(self, start: int, limit: int) -> bool:
        """A negation cue between `limit` and `start` (`denied_before`) that does not restate an exclusion's
        requirement (`denials.RequirementWording`)."""
        wording = self._wording
        return any(wording is None or not wording.restates(cue, self.clauses) for cue in self._negations(limit, start))

    def denied_before(self, start: int, limit: int) -> bool:
        """Whether any negation cue stands between `limit` and `start`, but a pseudo-negation ("not limited to")."""
        return next(self._negations(limit, start), None) is not None

    def unclear_denial(self) -> bool:
        """Whether a denial of an exclusion may restate its requirement or belong to an exception before it
        (`RequirementWording.unclear`): the item is a person's to read."""
        return self._wording is not None and self._wording.unclear(self._negations(0, len(self.doc)), self.clauses)

    @cached_property
    def _wording(self) -> RequirementWording | None:
        return RequirementWording(self.doc) if self.section == "exclusion" else None

    def denies(self, start: int, end: int) -> bool:
        """Whether `[start, end)` says something is not so outside its brackets ("must not be pregnant"; not "acute
        kidney injury (i.e., no CKD)")."""
        depth, outside = 0, set()
        for token in self.doc[start:end]:
            depth = bracket_depth(depth, token.text)
            if depth == 0:
                outside.add(token.i)
        return any(span.start in outside for span in self._negations(start, end))

    def _negations(self, start: int, end: int) -> Iterator[Span]:
        """The negation cues starting in `[start, end)`, but those of a pseudo-negation ("not limited to"; not "no
        change in symptoms" before a concept named from its change, which is what is denied), of a comparator that
        ends before `end` ("no more than 25% … since prior radiotherapy"; not "no more than 14 drinks per week in the
        last 2 years", whose event the comparator opens) and prefixes ("non-oncology")."""
        changes = lexicon.words("measure_change")
        pseudo = {i for s in self.marks.cues if s.label_ == "cue:pseudo_negation"
                  and not (s.end == end + 1 and self.doc[end].lower_ in changes) for i in range(s.start, s.end)}
        comparators = self.marks.comparators_by_start
        return (s for s in self.marks.cues if s.label_ == "cue:negation" and start <= s.start < end
                and s.start not in pseudo and not (s.start in comparators and comparators[s.start].end <= end)
                and not self._is_prefix(s))

    def negation_limit(self, concept: int, modifiers: int) -> int:
        """Where a negation denying the concept at `concept` may start: `_NEGATION_REACH` words before it or its
        modifiers (from `modifiers`), not counting the adverbs and auxiliaries a denied perfect puts between
        (`negation_adverb`: "who have not previously been treated with chemotherapy"), or a cue running over that; a cue
        opening the concept's noun phrase reaches it however many words stand between (`_opening_denial`)."""
        adverbs, i, counted = lexicon.words("negation_adverb"), concept, 0
        while i > 0 and counted < _NEGATION_REACH:
            i -= 1
            counted += self.doc[i].lower_ not in adverbs
        if i < concept - _NEGATION_REACH and not self.perfect_of_denial(i, concept):
            i = concept - _NEGATION_REACH  # "who have not yet progressed on prior chemotherapy": the verb's denial
        before = self._opening_denial(concept, modifiers)
        return self.negation_over(min(i, modifiers, concept if before is None else before), concept, modifiers)

    def _opening_denial(self, concept: int, modifiers: int) -> int | None:
        """Where a negation cue starts that opens the noun phrase of the concept at `concept` (its modifiers from
        `modifiers`): right before the modifiers ("No concurrent high-dose chronic steroids"), or before a list
        the concept is a later item of, whatever its earlier items name ("No history of chronic active hepatitis or
        cirrhosis"). Not across "of" ("No X or use of Y" names two things, one not denied) nor a word ending a noun
        phrase ("No relapse after surgery or radiotherapy"), and not from a negation that may deny its next word alone
        (`word_negation` cues: "non resectable and/or metastatic cancer", "not emetogenic or low emetogenic agents")."""
        doc, word_negations = self.doc, lexicon.words("word_negation")
        for cue in self.marks.cues:
            if (cue.label_ != "cue:negation" or not cue.end <= modifiers or modifiers - cue.end > _LIST_REACH
                    or cue.text.lower() in word_negations):
                continue
            between = doc[cue.end:modifiers]
            listed = len(between) > 0 and between[-1].lower_ in COORDINATION
            if ((cue.end == modifiers < concept or listed)
                    and all(t.lower_ != "of" for t in doc[cue.end:concept])
                    and all(t.lower_ in COORDINATION or plain_word(t) for t in between)):
                return cue.start
        return None

    def perfect_of_denial(self, start: int, end: int) -> bool:
        """Whether `[start, end)` holds only a denial and the words of a perfect of receiving ("have not previously
        been treated with"): negations, `negation_adverb` words and the words the trimming drops."""
        adverbs, strip, negation = lexicon.words("negation_adverb"), strip_words(), negation_words()
        stripped = {i for cue in self.marks.cues if cue.label_ == "cue:strip" for i in range(cue.start, cue.end)}
        return all(t.lower_ in adverbs or t.lower_ in strip or t.lower_ in negation or t.i in stripped
                   for t in self.doc[start:end])

    def negation_over(self, i: int, concept: int, modifiers: int) -> int:
        """Where a negation cue running over token `i` starts, when only words the trimming drops and the
        concept's modifiers (from `modifiers`) stand between it and the concept at `concept` ("No history of pelvic
        reconstructive surgery", "No prior treatment with cytotoxic chemotherapy"; not "No evidence of recurrence
        after prior radiotherapy", nor across punctuation: "No history of heart disease; hypertension is
        acceptable"), else `i`."""
        for cue in self.marks.cues:
            if cue.label_ != "cue:negation" or not cue.start < i < cue.end:
                continue
            if any(t.is_punct for t in self.doc[cue.end:concept]):
                continue
            if self.clauses.trimmed(cue.end, concept + 1, subject=False)[0] >= modifiers:
                return cue.start
        return i

    def denies_threshold(self, atom: Atom) -> bool:
        """"No fever > 38.5 °C", "No history of QTc > 470 ms", "Does not smoke more than 10 cigarettes a day": in an
        inclusion, a denial in the threshold's clause before its measure, reaching it as it would a concept there
        (`negation_limit`), or right before the threshold when the measure follows ("No ≥ grade 2 neuropathy"), says
        the bound must not hold, and so does one right before the verb of the threshold ("not drinking more than 2
        drinks a day") or one opening a list of thresholds (`_opens_a_list`), and so does a clause saying the patients
        it describes are not eligible (`_ruled_out_after`). Not a comparator's own ("no more than
        2", "must not have received more than 2"), not into a bracket opened after the denial ("No significant
        toxicity (CTC ≤ 1)" restates, "without dementia (MMSE > 24)" defines) nor out of one closed before it, not
        across a colon, "and", an exception, a comma after the measure ("No significant proteinuria, UPCR < 1.0"
        names the normal value), an earlier threshold or another phrase (`_another_phrase`), not after persons (who
        is meant), not a subgroup's own denial, not a length of time (what a denied state lasted), and in an
        exclusion never: a denial there restates what excludes; but a target said missed right before the threshold
        (`missed_target` cues: "not controlled to", "not stabilised to") denies it in either section."""
        if lexicon.phrase_before(self.doc, atom.start, "missed_target") is not None:
            return True  # "uncontrolled hypertension (not stabilised to 150/90 mmHg or lower)": either section
        if self.section != "inclusion" or _own_denial(atom) or _lasting(atom):
            return False  # "no menses for at least 1 year": a time the denied state has lasted, not denied itself
        before = [span for span in atom.measure_spans if span[1] <= atom.start]
        anchor = min(begin for begin, _ in before) if before else atom.start
        if self._restated_after_comma(atom, before):
            return False
        if self._opens_a_list(anchor) or self._ruled_out_after(atom):
            return True
        clause = self.clauses.clause_start(anchor, 0)
        limit = max(clause, self.negation_limit(anchor, anchor))
        cues = [cue for cue in self._negations(limit, anchor) if before or cue.end == anchor or (
            cue.end + 1 == anchor and self.doc[cue.end].is_alpha and self.doc[cue.end].lower_ not in strip_words())]
        if not cues or (atom.when is not None and atom.when[0] <= cues[-1].start < atom.when[1]):
            return False  # "for patients without antidiabetic therapy, HbA1c 8-10%": the subgroup's own denial
        cue = cues[-1]
        if (cue.start > 0 and self.doc[cue.start - 1].lower_ in persons()) or (cue.end < anchor and any(
                i in self.marks.comparators_by_start for i in range(clause, anchor))):
            return False  # "Patients not on warfarin: INR ≤ 1.5"; "… < 2.5 x ULN for patients without liver
            # metastases OR AST < 5 x ULN": who is meant, or a denial of the threshold before ("and no platelets <
            # 50": its own)
        if self._another_phrase(cue.end, anchor, atom.start):
            return False
        depth = 0
        for token in self.doc[cue.end:atom.start]:
            if token.text in (":", ")") and depth == 0 or token.lower_ == "and" or self.clauses.exception_at(
                    token.i) is not None:
                return False  # "No prior treatment for brain tumours, except 2 or fewer courses of temozolomide",
                # "(in the absence of transfusion) Hgb > 9", "without psychosis and a MADRS score > 20"
            depth = bracket_depth(depth, token.text)
        return depth == 0

    def verb_denied(self, atom: Atom) -> bool:
        """"Prior radiation must not have involved more than 25% of the bone marrow", "Patients cannot weigh more than
        150 kg", "must not be older than 75": in an inclusion, a denial of a verb (`verb_negation` cues: "not", "never")
        right before the verb the threshold follows (a particle between: "exposed to", `verb_particle` cues), past
        its auxiliaries ("have been", `auxiliary` cues), denies it whatever is named before, as "not more than" would.
        Not when words stand between the verb and the threshold ("those who are not educated are < 16 points": another
        clause's), not a subgroup's own denial, nor a comparator's own ("will not exceed a maximum of", "must not have
        received more than 2"), nor a length of time a denied state lasted."""
        if self.section != "inclusion" or _own_denial(atom) or _lasting(atom):
            return False  # "not smoking for > 6 months": how long a denied state lasted, not a bound denied
        doc, k = self.doc, atom.start - 1
        if k > 0 and doc[k].lower_ in lexicon.words("verb_particle"):
            k -= 1
        if k < 1 or not doc[k].is_alpha or doc[k].lower_ in _denied_comparator_words():
            return False  # "will not exceed a maximum of 2%": the comparator's own denial
        k -= 1  # the verb, which may be an auxiliary itself ("must not be older than")
        while k > 0 and (doc[k].lower_ in _auxiliaries() or doc[k].lower_ in lexicon.words("negation_adverb")
                         or doc[k].lower_ in lexicon.words("period_article")):
            k -= 1  # "must not have previously received", "may not both be", "must not have any grade III/IV …"
        return doc[k].lower_ in lexicon.words("verb_negation") and not (
            atom.when is not None and atom.when[0] <= k < atom.when[1])

    def _ruled_out_after(self, atom: Atom) -> bool:
        """"CrCl ≥ 60 mL/min, or patients with CrCl < 30 mL/min are not eligible": a threshold its clause says leaves
        the patients it describes out (`denials.ruling_out`, before a boundary, a comma, a bracket or another number)
        must not hold in an inclusion; not after a denial or a failing (`failing_word` cues) already in its clause
        ("If a subject fails to demonstrate an increase in FEV1 ≥ 12%, the subject is not eligible")."""
        doc = self.doc
        reach = min(len(doc), atom.end + _RULED_OUT_REACH)
        stop = next((t.i for t in doc[atom.end:reach] if t.text in BOUNDARY or t.text in (",", "(") or t.like_num),
                    reach)
        said = ruling_out(doc, atom.end, stop)
        named = {i for begin, end in atom.measure_spans for i in range(begin, end)}
        filler = lexicon.words("copula") | lexicon.words("ruled_out_filler")
        if said is None or any(t.is_alpha and t.lower_ not in filler and t.i not in named
                               and units.spelled(t.text) is None for t in doc[atom.end:said]):
            return False  # "Hb ≥ 9 g/dL only after transfusion are not eligible": who is left out is narrower
        clause = self.clauses.clause_start(atom.start, 0)
        return not any(True for _ in self._negations(clause, atom.start)) and not any(
            t.lower_ in lexicon.words("failing_word") for t in doc[clause:atom.start])

    def _restated_after_comma(self, atom: Atom, spans: list[tuple[int, int]]) -> bool:
        """Whether a threshold bounding one measure names it twice across a comma ("No significant proteinuria, UPCR
        < 1.0"): the denial is the first naming's, the threshold after the comma the normal value that defines it."""
        named = sorted(spans)
        return len(atom.measures) == 1 and any("," in (t.text for t in self.doc[first[1]:second[0]])
                                               for first, second in zip(named, named[1:], strict=False))

    def _opens_a_list(self, anchor: int) -> bool:
        """"No ANC < 1.0 x 10^9/L, platelets < 50 x 10^9/L, or hemoglobin < 8 g/dL", "No bilirubin > 1.5 x ULN or AST
        > 3 x ULN": a denial opening its sentence before a list of thresholds that "or" joins, nothing but their words,
        commas and "or" standing between, reaches each of them (none may hold); not a list with no "or" ("No QTc > 470
        ms, LVEF ≥ 50%": the items after the comma are required as written)."""
        doc = self.doc
        first = next((t.i for t in doc[self.clauses.sentence_start(anchor):anchor] if t.is_alpha), None)
        cue = next((c for c in self._negations(first, first + 1)), None) if first is not None else None
        if cue is None or cue.end >= anchor or not any(
                i in self.marks.comparators_by_start for i in range(cue.end, anchor)):
            return False
        sentence_end = next((t.i for t in doc[anchor:] if t.text in BOUNDARY), len(doc))
        if not any(t.lower_ in lexicon.words("or_word") | {"nor"} for t in doc[cue.end:sentence_end]):
            return False  # "No QTc > 470 ms, LVEF ≥ 50%": a list of requirements, the denial the first one's
        comparing = self.marks.comparator_tokens
        listed = lexicon.words("or_word") | lexicon.words("upper_limit_word") | lexicon.words("lower_limit_word") | (
            lexicon.words("limit_filler") | lexicon.words("times_word") | lexicon.words("sex_word") | persons()
            | lexicon.words("listed_group_link"))  # "No QTc > 470 ms in females or > 450 ms in males"
        return all(t.text in _LIST_MARKS or (not t.is_alpha and t.text not in BOUNDARY) or t.i in comparing
                   or t.i in self.marks.measure_at or t.lower_ in listed or units.spelled(t.text) is not None
                   for t in doc[cue.end:anchor])

    def _another_phrase(self, start: int, anchor: int, end: int) -> bool:
        """Whether the words from a denial's end to a threshold (at `end`, its measure at `anchor`) hold another phrase
        the denial may be all about: a run-on item's next one, opening with a capital right after a word ("No
        symptomatic cardiac disease Ejection fraction > 50%"), or a noun said again after "or" ("No smokers or smokers
        of < 10 cigarettes a day": two groups, the second affirmed)."""
        doc = self.doc
        before = doc[anchor - 1] if anchor > start else None
        if before is not None and doc[anchor].is_title and before.is_alpha and before.lower_ not in COORDINATION | {
                "of", "with"}:
            return True
        words = [t.lower_ for t in doc[start:end]]
        return any(a == b and joint == "or" for a, joint, b in zip(words, words[1:], words[2:], strict=False))

    def negated_after(self, end: int) -> bool:
        """"transfusion within 2 weeks … is not allowed": a prohibition closing the clause after the window.

        Only an inclusion item is negated by it; an exclusion item that calls its event "not allowed"
        says again that the event excludes (negating it there would exclude everyone without it).
        """
        if self.section != "inclusion":
            return False
        doc, i = self.doc, end
        while i < len(doc) and i - end < 6 and doc[i].text not in BOUNDARY and doc[i].text != ",":
            if self.marks.cue_starting(i, "negation_after") is not None:
                return True
            i += 1
        return False

    def _is_prefix(self, span: Span) -> bool:
        """"non-oncology", "non-melanoma": a hyphenated "non" is part of a word, not a negation."""
        return (span.text.lower() == "non" and span.end < len(self.doc) and self.doc[span.end].text == "-"
                and not self.doc[span.end - 1].whitespace_)
