"""Clause structure of one criterion: where a clause starts, its trimmed noun phrases; its negation scope is
`negation.Negations`, reached as `Clauses.negation`, the lists a colon opens `lists.Lists`, as `Clauses.lists`, and
what a verb of doing dates `done_verbs.DoneVerbs`, as `Clauses.done`.

A blank spaCy pipeline has no parser, so clause and phrase boundaries come from punctuation, brackets,
and the cue words of `data/cues.csv` (function words to trim, negations, subgroup leads). Every method
works on token indices of one analysed `Doc` and its `Marks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from parser import vocabulary
from parser.criteria import doses, lexicon
from parser.criteria.atoms import BOUNDARY, LIST_JOINS, MAX_NP, Atom
from parser.criteria.brackets import CLOSING, OPENING, bracket_depth, bracketed_abbreviation, closing_bracket
from parser.criteria.cue_words import negation_words, persons, strip_words
from parser.criteria.done_verbs import DoneVerbs
from parser.criteria.lists import Lists
from parser.criteria.marks import Marks
from parser.criteria.negation import Negations
from parser.criteria.quantities import is_ordinal, parse_number
from parser.vocabulary import Measure, units

_MAX_CLAUSE = 16
_PHRASE_WORDS = 8
"""The most words a fallback noun phrase takes back from its threshold (`Clauses.after_last_cut`)."""
_BRACKET_REACH = 16
"""The most tokens of a bracket a threshold opens between modifiers and their noun ("Massive (i.e., > 6 cm …) …")."""
_EITHER_WAY_ASIDE = 8
"""The most tokens an "either way" aside and what it is of take before a threshold ("with or without aura,")."""
_LIST_JOINS = ("or", "and", "and/or")
_MAX_LIST_ITEM = 4
"""The most words an item of a list parted by commas ("aspirin, clopidogrel, or warfarin") is read to have."""
_EXCEPTION_REACH = 4
"""The most words of a phrase opening an exception ("with the exception of")."""
_EXCEPTION_TAIL = 5
"""The most words, cue included, an exception cut from an event's name may have outside brackets ("other than biopsy",
"due to heart failure"): a longer one may name the event itself."""


_PERFECT_REACH = 5
"""Tokens from a requirement's subject to its participle: "Patients must not have received"."""


@cache
def _exception_openers() -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The phrases that open an exception, a cause or a waiver (cue kinds `rest_exceptions`, `aside_lead`,
    `rest_cause`, `rest_waiver`), longest first, each with whether it is a waiver."""
    kinds = ("rest_exceptions", "aside_lead", "rest_cause", "rest_waiver")
    found = {tuple(phrase.split()): kind == "rest_waiver" for kind in kinds for phrase in lexicon.cues()[kind]}
    return tuple(sorted(found.items(), key=lambda item: -len(item[0])))


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


RANGE_SIGNS = frozenset({"-", "–", "to"})
"""What joins the two ends of a range of numbers ("18-74", "18 to 74")."""


class Clauses:
    """Token-level clause and phrase finding over one criterion."""

    def __init__(self, doc: Doc, marks: Marks, section: str, heading: tuple[Measure, ...] = (),
                 parent_measure: str | None = None) -> None:
        self.doc = doc
        self.marks = marks
        self.section = section
        self.heading = heading  # the measures a label above the item names ("Performance status:" / "GOG 0-2")
        self.parent_measure = parent_measure  # what the item above bounds ("measurable lesion" / "≥ 20 mm by CT")
        self.subgroup_tokens: set[int] = set()
        self.group_brackets: set[int] = set()  # "(for patients ≤ 16 years of age)" before a threshold: no measure
        self.negation = Negations(self)
        self.lists = Lists(self)
        self.done = DoneVerbs(self)

    @property
    def section_join(self) -> str:
        """How measures one threshold bounds together are joined when the words do not say: an inclusion needs
        every one within it ("AST and ALT ≤ 2.5 × ULN": `all`), an exclusion is met by any one beyond it (`any`)."""
        return "all" if self.section == "inclusion" else "any"

    def clause_start(self, end: int, limit: int, *, through_lists: bool = False) -> int:
        """Start of the clause ending at token `end`: back to `limit`, a boundary, or a comma outside brackets.

        With `through_lists`, a comma followed by "or"/"and", or one parting short items of a list that a
        conjunction closes ("aspirin, clopidogrel, or warfarin"), continues the clause, so a time window
        scopes over the whole list it closes ("infarction, or unstable angina, or … within 6 months").
        """
        doc, depth, i, words = self.doc, 0, end, 0
        coordinated, item = False, 0
        while i > limit and words < _MAX_CLAUSE:
            text = doc[i - 1].text
            if text == ")":
                depth += 1
            elif text == "(":
                if depth == 0 and i < end:
                    break
                depth = max(depth - 1, 0)
            elif depth == 0 and text in BOUNDARY and not _abbreviation_point(doc, i - 1):
                break
            elif depth == 0 and text == ",":
                listed = through_lists and ((i < len(doc) and doc[i].lower_ in _LIST_JOINS)
                                            or (coordinated and item <= _MAX_LIST_ITEM))
                if not listed:
                    break
                item = -1
            elif depth == 0 and doc[i - 1].lower_ in _LIST_JOINS:
                coordinated, item = True, -1
            words += depth == 0
            item += depth == 0
            i -= 1
        return i

    def before_exception(self, clause: int, limit: int) -> tuple[int, int] | None:
        """"any antidiabetic therapy, other than metformin, for more than 14 days": when the clause is an aside
        (`aside_lead` cues) naming an exception, the phrase is the clause before it: its (start, end)."""
        if clause <= limit or self.doc[clause - 1].text != "," or self.marks.cue_starting(clause, "aside_lead") is None:
            return None
        return self.clause_start(clause - 1, limit), clause - 1

    def exception_in(self, start: int, end: int) -> tuple[int, bool] | None:
        """Where an exception, a cause or a waiver opens inside the name of an event (`_exception_openers`: "major
        surgery other than biopsy", "hospitalisation due to heart failure", "brain metastases unless treated"), so the
        event's name ends before it; and whether it is a waiver ("unless"), whose clause may hold a window of its own.
        Only a bracket or a few words: a longer clause may name the event a window dates ("with the exception of
        fluoxetine which cannot be taken within 30 days"). None when nothing names the event before it."""
        doc = self.doc
        for i in range(start + 1, end):
            if (waiver := self.exception_at(i)) is None or not self.is_content(start, i):
                continue
            closing = closing_bracket(doc, i, end - i) if doc[i - 1].text == "(" else None
            if closing is not None and not self.is_content(closing + 1, end):
                return i, waiver  # "active infection (except uncomplicated urinary tract infection)"
            if closing is None and end - i <= _EXCEPTION_TAIL and not any(t.like_num for t in doc[i:end]):
                return i, waiver
            return None
        return None

    def exception_at(self, i: int) -> bool | None:
        """Whether an exception, a cause or a waiver opens at token `i` (`_exception_openers`) and is a waiver
        ("unless"); None when none opens there."""
        words = tuple(t.lower_ for t in self.doc[i:i + _EXCEPTION_REACH])
        return next((waiver for phrase, waiver in _exception_openers() if words[:len(phrase)] == phrase), None)

    def trimmed(self, start: int, end: int, *, subject: bool = True) -> tuple[int, int]:
        """Drop function words, cue words (an inclusion's denials too: "the absence of illness and surgery within 4
        weeks" denies them) and punctuation from both ends of `[start, end)`, and the person a requirement is written
        about before its modal verb ("Patients must not have received chemotherapy"), unless nothing else names it
        ("At least 20 subjects will …") or `subject` is false."""
        found = self._trimmed(start, end, subject=subject)
        return found if found[0] < found[1] or not subject else self._trimmed(start, end, subject=False)

    def _trimmed(self, start: int, end: int, subject: bool) -> tuple[int, int]:
        doc, strip, negation = self.doc, strip_words(), negation_words()

        def droppable(i: int) -> bool:
            token = doc[i]
            if token.lower_ == "non" and i + 1 < len(doc) and doc[i + 1].text == "-" and not token.whitespace_:
                return False  # "non-oncology" is a word of its own
            return token.lower_ in strip or token.lower_ in negation or token.is_punct or token.text in "()[]≥≤<>=~"

        while start < end:
            if subject and self.subject_before_modal(start):
                start += 1
                continue
            phrase = self.marks.cue_starting(start, "strip") or (
                self.marks.cue_starting(start, "negation") if self.section == "inclusion" else None)
            if phrase is not None and phrase.end <= end and len(phrase) > 1:  # "the absence of …": denied
                start = phrase.end
            elif droppable(start):
                start += 1
            else:
                break
        start, end = _balanced(doc, start, end)

        def closes_a_bracket(i: int) -> bool:
            return doc[i].text == ")" and any(t.text == "(" for t in doc[start:i])

        letters = lexicon.words("letter_name")  # "vitamin A", "hepatitis B": not articles
        while (end > start and droppable(end - 1) and doc[end - 1].text not in letters
               and not closes_a_bracket(end - 1)):
            end -= 1
        return start, end

    def subject_before_modal(self, i: int) -> bool:
        """Whether token `i` is the person a requirement about past events is written about, right before its modal
        verb and a perfect naming an event ("Patients must not have received …", "Subjects should have undergone
        …": `lead_subject`, `requiring_modal` and `event_participle` words; "may not" prohibits too:
        `prohibiting_modal`); not one a requirement of ability or
        conduct is ("Patients must be able to …"), a permission ("may have received"), a promise ("will have
        received"), a passive ("must have been diagnosed with", whose window dates the diagnosis) or another
        participle ("must have recovered from …"), which leave a clause."""
        words = [t.lower_ for t in self.doc[i:i + _PERFECT_REACH]]
        if len(words) < 3 or words[0] == "the" or words[0] not in lexicon.words("lead_subject"):
            return False
        denied = words[2] in negation_words()
        if words[1] not in lexicon.words("requiring_modal") and not (
                denied and words[1] in lexicon.words("prohibiting_modal")):
            return False  # "Patients may not have undergone …" prohibits as "must not" does
        rest = words[3:] if denied else words[2:]
        return len(rest) >= 2 and rest[0] in lexicon.words("perfect_auxiliary") and (
            rest[1] in lexicon.words("event_participle"))

    def after_denied_verb(self, start: int, end: int) -> int:
        """Where the event a window dates starts in words that deny it with a present verb ("Patients must not receive
        chemotherapy", "… must not be treated with …": `event_verb`, `event_passive` words): past the verb, so the
        denial stands before the event. Only a window's: without one the verb forbids it during the study."""
        words = [t.lower_ for t in self.doc[start:min(end, start + _PERFECT_REACH + 2)]]
        at = 1 if words[:1] and words[0] in lexicon.words("lead_subject") else 0
        if len(words) < at + 3 or words[at + 1] not in negation_words() or not (
                words[at] in lexicon.words("requiring_modal") or words[at] in lexicon.words("prohibiting_modal")):
            return start
        verb = at + 2
        if words[verb] in lexicon.words("event_verb"):
            return start + verb + 1
        if words[verb] == "be" and verb + 1 < len(words) and words[verb + 1] in lexicon.words("event_passive"):
            return start + verb + 2 + (verb + 2 < len(words) and words[verb + 2] == "with")
        return start

    def _names(self, token: Token, ignore: frozenset[str]) -> bool:
        """Whether `token` is a word that names something (not a function, cue, ignored or subgroup word)."""
        word = token.lower_
        return (token.is_alpha and word not in strip_words() and word not in negation_words() and word not in ignore
                and token.i not in self.subgroup_tokens)

    def _content_tokens(self, start: int, end: int, ignore: frozenset[str]) -> Iterator[Token]:
        """The words of `[start, end)` that name something."""
        return (t for t in self.doc[start:end] if self._names(t, ignore))

    def is_content(self, start: int, end: int, ignore: frozenset[str] = frozenset()) -> bool:
        """Whether `[start, end)` holds a word that names something."""
        return next(self._content_tokens(start, end, ignore), None) is not None

    def only_asides(self, start: int, end: int) -> bool:
        """Whether every naming word of `[start, end)` sits in brackets ("450 ms (msec) (males) or > 470 ms")."""
        depth, people = 0, persons()
        for token in self.doc[start:end]:
            depth = bracket_depth(depth, token.text)
            if depth == 0 and self._names(token, people):
                return False
        return True

    def content_words(self, start: int, end: int) -> int:
        """How many words of `[start, end)` name something other than people."""
        return sum(1 for _ in self._content_tokens(start, end, persons()))

    def persons_only(self, start: int, end: int) -> bool:
        """Whether `[start, end)` names only people ("Male or female patients", "Cohort 2: children")."""
        people, strip, group = persons(), strip_words(), lexicon.words("group_word")
        return all(
            t.lower_ in people or t.lower_ in strip or t.lower_ in group or len(t.text) == 1
            or not any(c.isalpha() for c in t.text)  # "T2DM" names a disease, "18" or "(" nothing
            for t in self.doc[start:end]
        )

    def right_phrase(self, start: int) -> tuple[int, int] | None:
        """The noun phrase right after a count ("one measurable pelvic lesion")."""
        doc, marks = self.doc, self.marks
        total = start + 1 + (start + 1 < len(doc) and doc[start + 1].lower_ == "the")
        if total < len(doc) and doc[start].lower_ == "of" and parse_number(doc[total].text):
            start = total + 1  # "at least 8 of 68 tender joints", "4 of the 11 ACR criteria": a count out of a total
        elif (skip := marks.cue_starting(start, "count_stop")) is not None:
            start = skip.end  # "4 of the following risk factors"
        elif (start + 1 < len(doc) and doc[start].text == "," and start > 1 and parse_number(doc[start - 1].text)
              and doc[start - 2].lower_ == "than"):
            start += 1  # "no more than 2, prior lines": a bound set off by commas before its noun
        if start >= len(doc) or doc[start].lower_ in lexicon.words("np_stop"):
            return None
        named = marks.measure_at.get(start)
        if named is not None and named.start == start:
            end = named.end  # "of Hoehn and Yahr": a lexicon name is one phrase; "PT/INR", "AST/ALT": names paired
            while end + 1 < len(doc) and doc[end].text == "/" and (paired := marks.measure_at.get(end + 1)) is not None:
                end = paired.end
            if not self.name_modifies_a_noun(named.start, end):
                return (named.start, end)  # not "two platelet aggregation inhibitors": those are counted
        end = start
        uncounted = 0  # tokens that are no words of their own: hyphens, an abbreviation's brackets
        while end < len(doc) and end - start - uncounted < MAX_NP:
            token = doc[end]
            if token.text == "-":
                uncounted += 1  # "paclitaxel-based" is one word, split in three tokens
            if token.lower_ in ("and", "or") and end > start and (
                    doc[end - 1].text.endswith("-") or self._modifiers_joined(start, end)):
                end += 1  # "platinum- and paclitaxel-based regimen": a suspended hyphen joins the words, and "adjuvant
                continue  # or neoadjuvant chemotherapy" modifiers of one noun
            if end > start and bracketed_abbreviation(doc, end):
                end, uncounted = end + 3, uncounted + 3  # "American College of Rheumatology (ACR) criteria"
                continue
            compound = end > start and doc[end - 1].text == "-" and not doc[end - 1].whitespace_  # "paclitaxel-based"
            if ((token.lower_ in lexicon.words("np_stop") and not compound) or end in marks.comparators_by_start
                    or (parse_number(token.text) and not is_ordinal(doc, end))
                    or lexicon.phrase_from(doc, end, "np_qualifier")):  # "lesions | consistent with metastases"
                break
            end += 1
        begin, stop = self.trimmed(start, end)
        return (begin, stop) if stop > begin and self.is_content(begin, stop) else None

    def modifiers_only(self, start: int, end: int) -> bool:
        """Whether the words are modifiers of a noun not among them, joined or not ("Synchronous or metachronous")."""
        return all(lexicon.modifies_a_noun(t.lower_) or t.lower_ in LIST_JOINS for t in self.doc[start:end])

    def modified_after(self, i: int) -> bool:
        """Whether the words from token `i`, right after a bracket that parts modifiers from their noun, go on to
        that noun: a word, or "or" or a comma and another modifier ("Massive (…) or progressive splenomegaly");
        not the next item of a list ("biologic (within 4 weeks) or radiotherapy (within 2 weeks)")."""
        doc = self.doc
        if i >= len(doc):
            return False
        if doc[i].lower_ in LIST_JOINS:  # "Massive (…), progressive or symptomatic splenomegaly"
            return i + 1 < len(doc) and lexicon.modifies_a_noun(doc[i + 1].lower_)
        return doc[i].is_alpha

    def _modifiers_joined(self, start: int, end: int) -> bool:
        """Whether the words from `start` to the "or"/"and" at `end` and the word after it modify a noun that follows
        (`lexicon.modifies_a_noun`: "adjuvant or neoadjuvant chemotherapy", "motor or sensory neuropathy")."""
        doc = self.doc
        skipped = strip_words() | lexicon.words("prior_word")  # "prior adjuvant or …"
        return (end + 2 < len(doc) and all(lexicon.modifies_a_noun(t.lower_) or t.lower_ in skipped
                                           for t in doc[start:end]) and doc[end - 1].lower_ not in skipped
                and lexicon.modifies_a_noun(doc[end + 1].lower_) and doc[end + 2].is_alpha
                and doc[end + 2].lower_ not in lexicon.words("np_stop"))

    def name_modifies_a_noun(self, start: int, end: int) -> bool:
        """Whether a lab's name `[start, end)` goes on into a noun it modifies ("platelet | aggregation inhibitors",
        "weight | loss medication"): a lower-case word after it that is no phrase boundary, no word for the measure's
        value ("level", "count": `value_qualifier` cues), no function word ("not", "between"), no person ("aged
        patients"), no unit, no other name and no word of the measure's own names ("Zubrod | performance": ECOG
        performance status)."""
        doc = self.doc
        if end >= len(doc) or not (doc[end].is_alpha and doc[end].is_lower) or doc[end].is_stop:
            return False
        word = doc[end].lower_
        own = {part for measure in vocabulary.find_measures(doc[start:end].text)
               for name in (measure.name, *measure.synonyms) for part in name.lower().split()}
        return (word not in own | lexicon.words("np_stop") | lexicon.words("value_qualifier") | persons()
                and units.spelled(word) is None
                and end not in self.marks.comparators_by_start and end not in self.marks.measure_at)

    def before_standard(self, start: int, end: int) -> int:
        """Where words naming a thing stop before the standard it is judged by (`standard_lead` then `standard_word`
        cues: "Diagnosis of RA according to the 2010 ACR/EULAR criteria | for at least 6 months": the diagnosis lasts,
        not the criteria); not before a measure ("depression as defined by CES-D score > 27")."""
        lead = next((i for i in range(start + 1, end) if lexicon.phrase_from(self.doc, i, "standard_lead")), None)
        if lead is None or not any(t.lower_ in lexicon.words("standard_word") for t in self.doc[lead:end]) or any(
                lead <= s.start < end for s in self.marks.measures):
            return end
        return lead

    def past_either_way(self, clause: int, start: int, end: int) -> tuple[int, int]:
        """The words `[start, end)` of a clause naming a thing, before an aside saying it may or may not come with
        something (`either_way` cues: "Migraine with or without aura for ≥ 12 months", "History of migraine, with or
        without aura, for …": the migraine lasts, not the aura), back past the comma opening the aside when it is all
        the clause has."""
        aside = next((i for i in range(clause, end) if lexicon.phrase_from(self.doc, i, "either_way")), None)
        if aside is None or end - aside > _EITHER_WAY_ASIDE:
            return start, end
        what = self.right_phrase(aside + lexicon.phrase_from(self.doc, aside, "either_way"))
        if what is None or self.is_content(what[1], end):
            return start, end  # "(with or without metastatic disease) on ADT for …": the words after name it
        if aside > clause:
            return self.trimmed(clause, aside)
        if clause > 0 and self.doc[clause - 1].text == ",":
            return self.trimmed(self.clause_start(clause - 1, 0), clause - 1)
        return start, end

    def after_joined_predicate(self, start: int, end: int) -> int:
        """Where the words before a threshold start once a predicate joined to an earlier one opens them ("have a
        negative pregnancy test and use | contraception for 12 months": `verb_join` cues)."""
        joins = [s.end for s in self.marks.cues if self._joins_a_predicate(s) and start <= s.start and s.end < end]
        return max(joins, default=start)

    def _joins_a_predicate(self, cue: Span) -> bool:
        """Whether a cue joins a predicate (`verb_join` cues), not "and use of", a noun ("alcohol abuse and use of
        illicit drugs")."""
        return cue.label_ == "cue:verb_join" and self.doc[cue.end].lower_ != "of"

    def after_last_cut(self, start: int, end: int) -> int:
        """Where a fallback noun phrase starts: after its last clause word ("screen positive for | PHQ-9 score") or
        joined predicate ("and use | contraception"), at most `_PHRASE_WORDS` words back, an aside in brackets counting
        for none ("ADHD Rating Scale-5 (ADHD-RS-5) total score", "systemic corticosteroids (tablets or injection)")."""
        cuts = [
            s.end for s in self.marks.cues
            if (s.label_ == "cue:np_cut" or self._joins_a_predicate(s)) and start <= s.start and s.end < end
            and not self.hyphenated(s.start, s.end)
        ]
        begin, depth, words, i = max(cuts, default=start), 0, 0, end
        while i > begin and words < _PHRASE_WORDS:
            i -= 1
            text = self.doc[i].text  # read backwards, a closing bracket opens an aside and an opening one ends it
            depth = depth + 1 if text in CLOSING else max(0, depth - 1) if text in OPENING else depth
            words += depth == 0 and text not in OPENING
        return i if depth == 0 else max(begin, end - _PHRASE_WORDS)  # a bracket closing with none opened: words

    def before_aside(self, clause: int, end: int) -> tuple[int, int] | None:
        """"the standard therapy (i.e. one or more DMARDs) for at least 3 months": the phrase before the aside closing
        last before the threshold ("Prostate Symptom Score (IPSS) symptom score (first 7 questions only) of ≥ 25")."""
        doc, i = self.doc, end - 1
        while i >= clause and doc[i].text != ")":
            i -= 1
        if i < clause or self.is_content(i + 1, end):
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
        return (begin, finish) if finish > begin and self.is_content(begin, finish, ignore=persons()) else None

    def before_bracket(self, start: int, limit: int) -> tuple[int, int] | None:
        """"Bulky nodes (ie, > 7 cm in diameter)", "Schober test (i.e. measure < 5 cm)": a threshold opening a
        bracket, after a lead ("i.e.") or a generic word at most, bounds the phrase before it."""
        doc, i = self.doc, start
        skipped = strip_words() | lexicon.words("bracket_lead") | lexicon.words("generic_label")
        while i > limit and (doc[i - 1].lower_ in skipped or doc[i - 1].text == ","):
            i -= 1
        if i <= limit or doc[i - 1].text != "(":
            return None
        begin, finish = self.trimmed(self.clause_start(i - 1, limit), i - 1)
        if finish <= begin or not self.is_content(begin, finish):
            return None
        if (self.modifiers_only(begin, finish) and (closing := closing_bracket(doc, i, _BRACKET_REACH)) is not None
                and self.modified_after(closing + 1)):
            # "Massive (i.e., > 6 cm below the costal margin) or progressive splenomegaly": the noun after it
            return self.phrase_to_sentence_end(closing + 1, _PHRASE_WORDS) or (begin, finish)
        return begin, finish

    def first_clause(self, limit: int, end: int) -> tuple[int, int] | None:
        """The sentence's first clause between `limit` and `end`, trimmed, if it names something."""
        doc, start = self.doc, limit
        for i in range(end - 1, limit - 1, -1):
            if doc[i].text in BOUNDARY:
                start = i + 1
                break
        stop = next((i for i in range(start, end) if doc[i].text == ","), end)
        begin, finish = self.trimmed(start, stop)
        return (begin, finish) if finish > begin and self.is_content(begin, finish) else None

    def phrase_to_sentence_end(self, start: int, reach: int) -> tuple[int, int] | None:
        """The words from `start` to the sentence's end (at most `reach` of them), trimmed, if they name something."""
        stop = start
        while stop < len(self.doc) and stop - start < reach and self.doc[stop].text not in BOUNDARY:
            stop += 1
        begin, finish = self.trimmed(start, stop)
        return (begin, finish) if finish > begin and self.is_content(begin, finish) else None

    def bracket_neighbours(self, opening: int, atom: Atom, limit: int,
                           after_only: bool = False) -> tuple[int, int] | None:
        """The phrase a bracketed window qualifies: before the bracket, else (or when the words before it name
        no event: `after_only`, or only modify the noun after it: "Synchronous or metachronous (within 5 years)
        malignancy") after it."""
        begin, finish = self.trimmed(self.clause_start(opening, limit), opening)
        before = (begin, finish) if not after_only and finish > begin and self.is_content(begin, finish) else None
        if before is not None and not self.modifiers_only(*before):
            return before
        after = atom.anchor[1] if atom.anchor else atom.end
        closing = closing_bracket(self.doc, after, 4)
        if closing is None or before is not None and not self.modified_after(closing + 1):
            return before
        return self.phrase_to_sentence_end(closing + 1, 15) or before

    def referent(self, span: tuple[int, int]) -> tuple[int, int]:
        """What a phrase pointing back stands for, when the sentence says it (else the phrase itself): a `demonstrative`
        cue before generic nouns ending the phrase. A drug word ("off these drugs", `anaphor_drug` cues) points to what
        the persons take ("Patients treated with warfarin …"), in its sentence or the one before; a disease word ("off
        all therapy for that disease", `anaphor_disease` cues) to the noun phrase opening the sentence, up to a verb of
        permission or duty; and a dose said to be steady to the drug taken (`doses.drug_of_dose`)."""
        doc, (start, end) = self.doc, span
        if (drug_of_dose := doses.drug_of_dose(self, span)) is not None:
            return drug_of_dose
        drug, disease = lexicon.words("anaphor_drug"), lexicon.words("anaphor_disease")
        nouns = end
        while nouns > start and doc[nouns - 1].lower_ in drug | disease:
            nouns -= 1
        pointer = nouns - 1
        if nouns == end or pointer < 0 or doc[pointer].lower_ not in lexicon.words("demonstrative"):
            return span
        sentence = self.sentence_start(pointer)
        if doc[end - 1].lower_ in drug:
            taken = lexicon.words("person_use_link") | lexicon.words("done_to")
            link = next((k for k in range(sentence, pointer) if doc[k].lower_ in taken), None)
            if link is None and sentence > 1 and doc[sentence - 1].text in BOUNDARY:
                # "Patients taking X are excluded. Patients must be off these drugs …": the sentence before says
                earlier = self.sentence_start(sentence - 1)
                link = next((k for k in range(earlier, sentence - 1) if doc[k].lower_ in taken), None)
            found = None if link is None else self.right_phrase(self.past_persons(link, pointer))
        else:
            found = self.right_phrase(self.past_persons(sentence, pointer))
            if found is not None:
                cut = next((k for k in range(*found) if doc[k].lower_ in lexicon.words("modal_verb")), found[1])
                found = self.trimmed(found[0], cut)
        return found if found is not None and self._names_its_own(found, pointer) else span

    def _names_its_own(self, phrase: tuple[int, int], pointer: int) -> bool:
        """Whether a phrase before a pointing word names a thing: not persons, generic words, a pronoun or another
        pointer."""
        generic = (lexicon.words("anaphor_drug") | lexicon.words("anaphor_disease") | lexicon.words("generic_label")
                   | lexicon.words("weak_event") | lexicon.words("pronoun"))
        return (phrase[0] < phrase[1] <= pointer and not self.persons_only(*phrase)
                and self.is_content(*phrase, ignore=generic)
                and not any(t.lower_ in lexicon.words("demonstrative") | lexicon.words("pronoun")
                            for t in self.doc[phrase[0]:phrase[1]]))

    def sentence_subject(self, i: int) -> tuple[int, int] | None:
        """The noun phrase opening the sentence token `i` is in, past its persons: what a pronoun later in the
        sentence most often stands for."""
        start = self.past_persons(self.sentence_start(i), i)
        return self.right_phrase(start) if start < i else None

    def sentence_start(self, i: int) -> int:
        """The first token of the sentence token `i` is in."""
        start = i
        while start > 0 and self.doc[start - 1].text not in BOUNDARY:
            start -= 1
        return start

    def bracketed(self, i: int) -> bool:
        """Whether token `i` stands inside brackets."""
        depth = 0
        for token in self.doc[:i]:
            depth = bracket_depth(depth, token.text)
        return depth > 0

    def past_persons(self, start: int, stop: int, skipped: frozenset[str] = frozenset()) -> int:
        """Where the words from token `start` name something other than persons and the words linking them to it
        ("Patients treated with | warfarin", "the volunteer has had | alcohol use"; and the words `skipped`)."""
        linking = lexicon.words("done_to") | lexicon.words("person_link") | lexicon.words("person_use_link") | (
            lexicon.words("person_link_filler")) | skipped
        while start < stop and (not self.doc[start].is_alpha or self.marks.has_cue(start, "person")
                                or self.doc[start].lower_ in linking):
            start += 1
        return start

    def threshold_starts(self, i: int) -> bool:
        """A comparator at token `i` followed by a number, or a range: a new threshold begins ("… in women or under
        12 g/dL", "… for women or 45-100 bpm for men")."""
        doc, span = self.doc, self.marks.comparators_by_start.get(i)
        if span is not None:
            return span.end < len(doc) and parse_number(doc[span.end].text) is not None
        return (i + 2 < len(doc) and parse_number(doc[i].text) is not None and doc[i + 1].text in RANGE_SIGNS
                and parse_number(doc[i + 2].text) is not None)

    def hyphenated(self, start: int, end: int) -> bool:
        """Whether `[start, end)` is glued by hyphens to the words around it ("weight-for-height")."""
        doc = self.doc
        return (start >= 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_) or (
            end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
        )


def _abbreviation_point(doc: Doc, i: int) -> bool:
    """Whether token `i` is the point of an abbreviation ("St. John's Wort", `sentence_abbreviation` cues), which
    ends no clause."""
    return (doc[i].text == "." and i > 0 and not doc[i - 1].whitespace_
            and doc[i - 1].lower_ in lexicon.words("sentence_abbreviation"))


def after_hyphenated_non(doc: Doc, start: int) -> bool:
    """Whether "non-" (or "non" alone) is written right before token `start`: it denies a concept named in one word
    ("non-metastatic"); before a longer name it makes its first word another word ("non opioid induced
    constipation": constipation not induced by opioids; `negation.Negations`)."""
    return (start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "non") or (
        start > 0 and doc[start - 1].lower_ == "non")
