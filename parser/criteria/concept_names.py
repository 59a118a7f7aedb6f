"""Which lexicon concept mentions of a criterion name a concept of their own, and which name one again.

A row of the concept table (`parser/vocabulary/data/concepts.csv`) lists synonyms of its concept and kinds of it
(narrower terms). Synonyms name the row's concept; each kind is a concept of its own: "HIV, hepatitis B
or hepatitis C" names three infections, not one named three times, and "hepatitis B or C" two (`Mentions`: a kind
written as its letter alone). A kind named after its row's concept adds nothing ("pregnant or lactating": a screener
matching the concept matches its kinds), the row's concept written as the head noun of a kind ("hepatitis C
infection", "HIV-1 or 2 infection", "infection with HIV") is that kind's name, and a kind alone in brackets after
another one abbreviates it ("hepatitis C (HCV)"). Kinds of one row listed in an exclusion exclude each ("nursing and
pregnant women": `same_row`). A result word after a list of concepts, or before "for" and one, says whether the list
is found ("HIV, HBV or HCV positive", "seronegative for HIV": `result_present`, `result_absent` rows;
`result_said_of`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from spacy.tokens import Doc, Span

from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, COORDINATION
from parser.criteria.brackets import CLOSING, OPENING, opening_bracket
from parser.criteria.cohorts import cohort_labels
from parser.criteria.cue_words import negation_words
from parser.criteria.rest import listed_examples
from parser.models.criteria import Concept, Expr
from parser.vocabulary import ConceptEntry, concept_named

_ASIDE_REACH = 8
"""Tokens an aside between a kind and its head noun may take ("human immunodeficiency virus (HIV) infection")."""
_ITEM_TOKENS = 4
"""Tokens a kind listed without its prefix may take ("PD-L1": three)."""
_ITEM_SEPARATORS = frozenset({",", "/"})
_ITEM_ENDS = _ITEM_SEPARATORS | {";", "(", ")", "."}


class SaidResult(NamedTuple):
    """A test's result said of a concept: its words, and whether it says the concept is absent."""

    tokens: list[int]
    absent: bool


class Mentions:
    """A criterion's lexicon concept mentions, with the kinds written as a letter alone after another kind of
    their row ("hepatitis B or C", "hepatitis B and/or C"): each with the term it writes."""

    def __init__(self, doc: Doc, marked: Sequence[Span]) -> None:
        self.doc = doc
        self.terms: dict[int, str] = {}
        """The term of an elided kind, by its first token ("C": "hepatitis C", "PD-L1": "anti-PD-L1")."""
        elided: list[Span] = []
        for span in marked:
            letter = span.end
            while letter < len(doc) and doc[letter].lower_ in COORDINATION:
                letter += 1
            if letter == span.end or letter >= len(doc) or len(span) < 2 or not _a_letter(doc[letter].text):
                elided += self._without_prefix(span)
                continue
            term = f"{span[:-1].text} {doc[letter].text}"
            if (row := concept_named(term)) is not None and row == concept_named(span.text):
                self.terms[letter] = term
                elided.append(doc[letter:letter + 1])
        self.spans = sorted([*marked, *elided], key=lambda span: span.start)

    def _without_prefix(self, span: Span) -> list[Span]:
        """The kinds listed right after a mention written with a prefix (`kind_prefix` rows) that leave it out
        ("anti-PD-1, PD-L1 or CTLA-4" names anti-PD-L1 and anti-CTLA-4), each the term of a kind of the same row."""
        doc, found = self.doc, list[Span]()
        if len(span) < 3 or span[0].lower_ not in lexicon.words("kind_prefix") or span[1].text != "-":
            return found
        row, start = concept_named(span.text), span.end
        while True:
            first = start
            while first < len(doc) and (doc[first].lower_ in COORDINATION or doc[first].text in _ITEM_SEPARATORS):
                first += 1
            reach = first
            while reach < len(doc) and reach - first < _ITEM_TOKENS and doc[reach].text not in _ITEM_ENDS and \
                    doc[reach].lower_ not in COORDINATION:
                reach += 1
            end = next((end for end in range(reach, first, -1)
                        if concept_named(f"{span[0].text}-{doc[first:end].text}") == row), None)
            if first == start or end is None:  # the longest words naming a kind: "PD-L1" of "PD-L1 therapy"
                return found
            self.terms[first] = f"{span[0].text}-{doc[first:end].text}"
            found.append(doc[first:end])
            start = end

    def term(self, span: Span) -> str:
        return self.terms.get(span.start, span.text)


class ConceptNames:
    """Mention by mention, in the order of the text: whether a mention names a concept already named."""

    def __init__(self, mentions: Mentions) -> None:
        self.doc, self.mentions = mentions.doc, mentions
        self.seen: set[str] = set()
        self._parts = cohort_labels(mentions.doc)
        """Where the item's cohorts' parts start: a concept named again in another cohort's part is that part's own
        ("Arm 1: no prior radiotherapy. Arm 2: radiotherapy completed …")."""

    def restates(self, span: Span, entry: ConceptEntry) -> bool:
        """Whether the mention names a concept `named` before it (its row's concept takes in a kind), or is the
        head of a kind or an abbreviation in brackets."""
        while self._parts and self._parts[0] < span.start:
            self._parts.pop(0)
            self.seen.clear()
        key, kind = _named(entry, self.mentions.term(span))
        taken_in = entry.concept in self.seen if kind else self._heads_a_kind(entry, span)
        return key in self.seen or taken_in or self._abbreviates(entry, span)

    def named(self, span: Span, entry: ConceptEntry) -> None:
        """Remember a mention that names a concept of its own; mentions are read in the order of the text."""
        self.seen.add(_named(entry, self.mentions.term(span))[0])

    def _kind_of(self, other: Span, entry: ConceptEntry) -> bool:
        term = self.mentions.term(other)
        return concept_named(term) == entry and _named(entry, term)[1]

    def _abbreviates(self, entry: ConceptEntry, span: Span) -> bool:
        """Whether a mention alone in brackets right after a mention of the same row, past the word for its agent,
        abbreviates it ("hepatitis C (HCV) infection", "hepatitis B virus (HBV)")."""
        doc, opening = self.doc, span.start - 1
        if opening < 1 or doc[opening].text not in OPENING or span.end >= len(doc) or doc[span.end].text not in CLOSING:
            return False
        named = opening
        while named > 0 and doc[named - 1].lower_ in lexicon.words("kind_head_filler"):
            named -= 1
        return any(named <= other.end <= opening and concept_named(self.mentions.term(other)) == entry
                   for other in self.mentions.spans)

    def _heads_a_kind(self, entry: ConceptEntry, span: Span) -> bool:
        """Whether a mention of the row's concept is the head noun of a kind of it named right before it, past an
        aside in brackets, the word for its agent ("hepatitis B virus (HBV) infection", "HBV co-infection":
        `kind_head_filler` rows) or other kinds written as a letter or a type's number ("hepatitis B or C
        infection", "HIV-1 or 2 infection"); or right after it and "with"/"of" ("infection with HIV")."""
        doc, before = self.doc, span.start
        fillers, elided = lexicon.words("kind_head_filler"), False
        while before > 0:
            word = doc[before - 1]
            if word.text in CLOSING:
                opening = opening_bracket(doc, before - 1, _ASIDE_REACH)
                if opening is None:
                    break
                before, elided = opening, False
            elif word.like_num or _a_letter(word.text) or word.lower_ in fillers:
                before, elided = before - 1, word.like_num or _a_letter(word.text)
            elif elided and word.lower_ in COORDINATION:
                before -= 1  # "B or C", "HIV-1 or 2", "B and/or C"
            else:
                break
        after = span.end + 1
        linked = after < len(doc) and doc[span.end].lower_ in lexicon.words("event_link")
        return any(other is not span and self._kind_of(other, entry)
                   and (before <= other.end <= span.start or (linked and other.start == after))
                   for other in self.mentions.spans)


def result_said_of(doc: Doc, span: Span, mentions: Sequence[Span]) -> SaidResult | None:
    """The words of a result said of a concept mention (the result word and the names of the test's marker,
    `result_marker` rows), and whether it says the concept is absent: after it, past the other concepts of its list
    and a hyphen ("HIV-negative", "HIV, HBV or HCV positive", "hepatitis B surface antigen negative"), unless it
    opens a test's name ("HIV or negative pregnancy test"); or before "for" and it ("seronegative for HIV
    antibody")."""
    present, absent = lexicon.words("result_present"), lexicon.words("result_absent")
    starts = {mention.start: mention.end for mention in mentions}
    markers = _markers(doc, span.end)
    i = markers[-1] + 1 if markers else span.end
    while True:  # past the other concepts of the list, each with its markers
        j = i
        while j < len(doc) and doc[j].lower_ in COORDINATION:
            j += 1
        if j == i or j not in starts:
            break
        i = starts[j] + len(_markers(doc, starts[j]))
    if i < len(doc) and doc[i].text == "-":
        i += 1
    if i < len(doc) and doc[i].lower_ in present | absent and not (
            i + 1 < len(doc) and (i + 1 in starts or doc[i + 1].lower_ in lexicon.words("result_test"))):
        return SaidResult([*markers, i, *_markers(doc, i + 1)], doc[i].lower_ in absent)  # "HIV-positive status"
    before = span.start - 2
    if before >= 0 and doc[before + 1].lower_ == "for" and doc[before].lower_ in present | absent:
        return SaidResult([before, before + 1, *markers], doc[before].lower_ in absent)
    return None


def _markers(doc: Doc, start: int) -> list[int]:
    """The words naming a test's marker from token `start` on ("surface antigen", "antibody", "RNA")."""
    end = start
    while end < len(doc) and doc[end].lower_ in lexicon.words("result_marker"):
        end += 1
    return list(range(start, end))


def listed_after_denied(doc: Doc, span: Span, nodes: Sequence[tuple[int, int, Expr]]) -> bool:
    """Whether a concept mention is listed right after a denied concept ("No HIV, hepatitis B or hepatitis C",
    "free of tuberculosis or HIV", "No stroke or any other cardiovascular disease": `other_kind_word` rows): one
    negation denies the whole list."""
    if not nodes:
        return False
    _, end, previous = nodes[-1]
    joining = COORDINATION | lexicon.words("other_kind_word")
    return (isinstance(previous, Concept) and previous.negated
            and all(token.lower_ in joining for token in doc[end:span.start]))


def example_of_denied(doc: Doc, start: int, category: str, nodes: Sequence[tuple[int, int, Expr]]) -> bool:
    """Whether a concept mention of `category` at token `start` is an example of a denied concept of that category
    ("No prior anticancer therapy (e.g., chemotherapy, radiotherapy)"): an instance of what is denied is denied too;
    not another kind of thing the list names ("No prior chemotherapy, including estramustine for prostate cancer")."""
    for head, members in listed_examples(doc):
        if start in members and not any(lexicon.phrase_from(doc, i, "rest_exceptions") for i in range(
                members.start, start)):  # "…, including X, except hormonal therapy such as tamoxifen": set apart
            return any(isinstance(node, Concept) and node.negated and node.category == category and a <= head < b
                       for a, b, node in nodes)
    return False


def labels_a_heading(doc: Doc, span: Span) -> bool:
    """Whether a treatment's name labels what follows its colon in the same item ("Biologic therapy: Not specified",
    "Chemotherapy: At least 3 weeks since …" in a block of them): the topic of what follows, which says what is
    asked. (A heading alone, over items of its own, stays for the screener to read with them.)"""
    return span.end + 1 < len(doc) and doc[span.end].text == ":"


def naive_of(doc: Doc, span: Span) -> bool:
    """Whether a mention is followed by a word saying the patient never had it ("chemotherapy-naive", "opioid naïve":
    `naive_word` cues)."""
    at = span.end + (span.end < len(doc) and doc[span.end].text == "-")
    return at < len(doc) and doc[at].lower_ in lexicon.words("naive_word")


def denied_by_non(span: Span, entry: ConceptEntry) -> bool:
    """Whether a mention opening with "non" is denied by it ("nonmetastatic"), not named with it: "non-steroidal
    anti-inflammatory drugs" are drugs the row names, "non" and all."""
    written = span.text.lower()
    return written.startswith("non") and written != entry.concept and written not in entry.terms


_EXCEPTION_REACH = 12
"""Tokens from an exception's opening words to the concept it names ("with the exception of curatively treated …")."""


def in_exception(doc: Doc, start: int) -> bool:
    """Whether an exception (`rest_exceptions` cues: "with the exception of", "except", "not including") opens right
    before the phrase at token `start`: "liver disease (not including hepatitis C)" names hepatitis C to leave out of
    the criterion, never as a way to meet it. Only the first phrase after the opener: one after a comma or a
    coordinator may as well be the next item of the list ("malignancy other than skin cancer, or known HIV")."""
    first = max(0, start - _EXCEPTION_REACH)
    opened = {i for j in range(first, start) for i in range(j, j + lexicon.phrase_from(doc, j, "rest_exceptions"))}
    for i in range(start - 1, first - 1, -1):
        if i in opened:  # (before the stops: "not including" opens with a denial)
            return True
        if (doc[i].text in BOUNDARY or doc[i].text in CLOSING or doc[i].lower_ in negation_words()
                or doc[i].lower_ in COORDINATION or lexicon.phrase_from(doc, i, "rest_examples")):
            return False  # "… other than skin cancer, or known HIV infection", "… other than AD, such as epilepsy"
    return False


_PAIR_REACH = (4, 3)
"""Tokens before and after a pair of concepts where a word may say they are joint ("co-infected with A and B")."""


def same_row(doc: Doc, left: tuple[int, int, Expr], right: tuple[int, int, Expr]) -> bool:
    """Whether two nodes are concepts named by terms of one row of the concept table, both affirmed or both denied,
    with no word near them naming a joint state ("both", "co-infection": `joint_word` rows): kinds of one concept
    listed ("nursing and pregnant women"), which an exclusion excludes each of."""
    (start, _, first), (_, end, second) = left, right
    if not isinstance(first, Concept) or not isinstance(second, Concept) or first.negated != second.negated:
        return False
    row = concept_named(first.concept)
    around = doc[max(0, start - _PAIR_REACH[0]):end + _PAIR_REACH[1]].text.lower()
    return row is not None and row == concept_named(second.concept) and _joint().search(around) is None


@cache
def _joint() -> re.Pattern[str]:
    words = sorted(lexicon.words("joint_word"), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")


def _a_letter(text: str) -> bool:
    """A capital letter alone: a kind named by its letter after another ("hepatitis B or C")."""
    return len(text) == 1 and text.isupper()


def _named(entry: ConceptEntry, term: str) -> tuple[str, bool]:
    """What a mention of a row names, and whether that is a kind of the row's concept rather than the concept."""
    written = term.lower()
    kind = written in entry.narrower
    return (entry.kind_spellings(written)[0] if kind else entry.concept), kind  # "human immunodeficiency virus": HIV


_THERAPY_REACH = 3
"""The most tokens between a condition and the therapy word ending its name ("anti-cancer investigational agents")."""


def therapy_of_condition(doc: Doc, mentions: Sequence[Span], start: int, end: int) -> bool:
    """Whether `[start, end)` ends with a therapy (`anaphor_drug` words) for the condition it names just before:
    "systemic cancer therapy", "anti-tumor antibody therapy", "cancer-directed therapy"; not a condition that
    needed one ("seizure disorder requiring medication", "asthma that required treatment")."""
    if doc[end - 1].lower_ not in lexicon.words("anaphor_drug"):
        return False
    ends = [span.end for span in mentions if start <= span.start and span.end < end]
    if not ends or end - 1 - max(ends) > _THERAPY_REACH:
        return False
    between = doc[max(ends):end - 1]
    return all(t.is_alpha and not (t.lower_.endswith(("ing", "ed")) and doc[t.i - 1].text != "-")
               or t.text == "-" for t in between)
