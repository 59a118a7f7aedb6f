"""Which concept mentions of a criterion become nodes of its expression, and which words each one covers.

- Without a threshold, every mention is what the criterion is about (a diagnosis, a therapy, pregnancy).
- Beside thresholds, only the mentions that stand as alternatives to them: joined to a threshold (or to another
  such mention) by "or" within the sentence ("HBV infection or HBV DNA ≥ 10^4", "cord compression, or a
  tumour within 3 mm of the cord"), and in an exclusion the members and the head of a list of examples that
  holds a threshold ("liver disease including HBV DNA ≥ 10^4 and cirrhosis": each one excludes). A mention
  in a subgroup ("in patients with liver metastasis"), in the measured analyte, or in a window's clause is
  the threshold's or the window's, never an alternative (`taken`, `anchors`), nor is what a threshold right
  after it bounds ("a tumour within 2 mm of the cord"), nor a mention that a word right before it narrows
  ("chronic liver disease"): alone, it would exclude more than the criterion does.
- One node per row of the concept table names the whole row when it is written by the row's concept, a
  synonym or a broader term ("pregnant or lactating": "pregnant" names both); a narrower term names only
  itself, so each listed kind is its own node ("anti-PD-1, PD-L1, CTLA-4").
- A negation before a list is each member's ("no HIV, hepatitis B or C"), and "non-" negates what it prefixes.
- "checkpoint pathway targeted therapy": a mention opened by a word of aim (`target_participle` cues) right
  after another mention is the therapy aimed at what that one names: one compound, named by the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, Marks
from parser.criteria.clauses import negation_words, persons, strip_words
from parser.criteria.rest import example_heads, or_closes

_OR = frozenset({"or", "and/or"})
_CLOSING = frozenset({",", ")"})
_LISTING = frozenset({",", "/", "or", "and", "and/or", "nor"})
_REACH = 3
"""Words of a threshold's own ("tumours" in "or tumours within 3 mm") that may stand between "or" and it."""


@dataclass(frozen=True)
class Mention:
    """A concept mention that becomes a node: `[start, end)` with the compound it heads, `name_end` where the
    words naming it end."""

    start: int
    end: int
    name_end: int
    entry: vocabulary.ConceptEntry


@cache
def not_content() -> frozenset[str]:
    """Words that name nothing a criterion is about, for `coverage` (one union, not one per item)."""
    return strip_words() | negation_words() | persons() | lexicon.words("age_word")


@cache
def concept_index() -> dict[str, vocabulary.ConceptEntry]:
    return {name.lower(): entry for entry in vocabulary.concepts() for name in (entry.concept, *entry.terms)}


def _names_row(entry: vocabulary.ConceptEntry, term: str) -> bool:
    """Whether a term names its whole row (the concept, a synonym or a broader term), not one kind in it."""
    return term == entry.concept.lower() or term in (t.lower() for t in (*entry.synonyms, *entry.broader))


def _compounds(marks: Marks) -> list[Mention]:
    """Every mention with its entry, a mention of aim joined to the one it follows ("checkpoint pathway targeted")."""
    doc, index, aims = marks.doc, concept_index(), lexicon.words("target_participle")
    found: list[Mention] = []
    for span in marks.concepts:
        entry = index.get(span.text.lower())
        if entry is None:
            continue
        before = span.start - 1 if span.start >= 1 and doc[span.start - 1].text == "-" else span.start
        if found and found[-1].end == before and doc[span.start].lower_ in aims:
            last = found.pop()
            found.append(Mention(last.start, span.end, last.name_end, last.entry))
            continue
        found.append(Mention(span.start, span.end, span.end, entry))
    return found


def concept_mentions(marks: Marks, section: str, taken: set[int], anchors: set[int],
                     negated: Callable[[int], bool]) -> list[Mention]:
    """The mentions that become nodes: every one when `anchors` (the tokens of thresholds) is empty, else those
    that stand as alternatives to a threshold (in an exclusion, never a negated one: "we will not exclude
    patients with X" is no way to be excluded). A mention over a `taken` token (a threshold's, a window's, a
    subgroup's) never does; its row counts as named when its words name the whole row. A term already kept is
    not kept again, nor a term naming a whole row after a kind in it ("hepatitis B or C infection")."""
    doc = marks.doc
    named: set[str] = set()
    candidates: list[Mention] = []
    for mention in _compounds(marks):
        if any(i in taken or i in anchors for i in range(mention.start, mention.end)):
            if _names_row(mention.entry, _term(doc, mention)):
                named.add(mention.entry.concept)
            continue
        candidates.append(mention)
    if anchors:
        chosen = _alternatives(doc, section, candidates, taken, anchors)
        if section == "exclusion":
            chosen = [m for m in chosen if not negated(m.start)]
    else:
        chosen = candidates
    kept: list[Mention] = []
    terms: set[str] = set()
    kinds: set[str] = set()
    """Rows a kept node names one kind of."""
    for mention in chosen:
        term, row = _term(doc, mention), mention.entry.concept
        whole = _names_row(mention.entry, term)
        if row in named or term in terms or (whole and row in kinds):
            continue
        (named if whole else kinds).add(row)
        terms.add(term)
        kept.append(mention)
    return kept


def covered_by(marks: Marks, kept: list[Mention]) -> set[int]:
    """The words of the mentions the kept nodes name: their own, later mentions of the same terms, and those of
    rows a node names whole."""
    doc, covered = marks.doc, set[int]()
    terms = {_term(doc, m) for m in kept}
    rows = {m.entry.concept for m in kept if _names_row(m.entry, _term(doc, m))}
    for mention in _compounds(marks):
        if mention.entry.concept in rows or _term(doc, mention) in terms:
            covered.update(range(mention.start, mention.end))
    return covered


def negated_by_prefix(doc: Doc, start: int) -> bool:
    """Whether a mention is written with a negating prefix: "non-pregnant", "nonpregnant"."""
    before = start - 1 if start >= 1 and doc[start - 1].text == "-" else start
    return doc[start].lower_.startswith("non") or (before >= 1 and doc[before - 1].lower_ == "non")


def listed_after(doc: Doc, end: int, start: int) -> bool:
    """Whether only list punctuation and conjunctions stand between two mentions ("no HIV, hepatitis C, or
    hepatitis B"): a negation before the list is the later member's too."""
    return all(token.lower_ in _LISTING for token in doc[end:start])


def _term(doc: Doc, mention: Mention) -> str:
    return doc[mention.start:mention.name_end].text.lower()


def _alternatives(doc: Doc, section: str, candidates: list[Mention], taken: set[int],
                  anchors: set[int]) -> list[Mention]:
    """The candidates joined by "or" to a threshold or to another alternative, and in an exclusion the members and
    heads of lists of examples that hold a threshold; never one a word before narrows, nor the label a bracket
    of thresholds right after it defines ("hypertension (SBP > 160 or DBP > 100)")."""
    candidates = [m for m in candidates if not _modified(doc, m.start) and not _defined(doc, m.end, anchors)
                  and not _measured(doc, m.start, anchors) and not _subject(doc, m.end, anchors)]
    chosen: set[Mention] = set()
    if section == "exclusion":
        for head, members in example_heads(doc):
            if any(i in anchors for i in members):
                chosen.update(m for m in candidates if m.start >= members.start and m.end <= members.stop
                              or m.start <= head < m.end)
    joined = set(anchors).union(*(range(m.start, m.end) for m in chosen))
    others = {i for m in candidates for i in range(m.start, m.end)}
    grew = True
    while grew:
        grew = False
        for mention in candidates:
            listed = joined - anchors
            if mention not in chosen and _or_linked(doc, mention, joined, listed, taken | (others - joined)):
                chosen.add(mention)
                joined.update(range(mention.start, mention.end))
                grew = True
    return [m for m in candidates if m in chosen]


def _modified(doc: Doc, start: int) -> bool:
    """Whether a word right before a mention narrows it ("chronic liver disease", "active HBV infection"): the
    mention alone would then exclude more than the criterion does."""
    return start > 0 and doc[start - 1].is_alpha and doc[start - 1].lower_ not in not_content()


def _defined(doc: Doc, end: int, anchors: set[int]) -> bool:
    """Whether a bracket opened right after a mention holds a threshold: the mention is the label it defines."""
    if end >= len(doc) or doc[end].text != "(":
        return False
    for i in range(end + 1, len(doc)):
        if doc[i].text == ")":
            return False
        if i in anchors:
            return True
    return False


def _measured(doc: Doc, start: int, anchors: set[int]) -> bool:
    """Whether a mention is what a threshold right before it measures ("NYHA class of heart disease ≥ 2")."""
    return start >= 2 and doc[start - 1].lower_ == "of" and start - 2 in anchors


def _subject(doc: Doc, end: int, anchors: set[int]) -> bool:
    """Whether a threshold follows a mention within a word or two, with no list word between: the mention is
    what it bounds ("a tumour within 2 mm of the cord", "heart failure NYHA class ≥ 3")."""
    for i in range(end, min(len(doc), end + _REACH)):
        if i in anchors:
            return True
        if doc[i].lower_ in _LISTING or doc[i].text in BOUNDARY:
            return False
    return False


def _or_linked(doc: Doc, mention: Mention, joined: set[int], listed: set[int], between: set[int]) -> bool:
    """Whether "or" joins the mention to a joined word (a threshold's, an alternative's): "X or HBV DNA > 10^4",
    "X, or a tumour within 3 mm of …" (a few words of the threshold's own may come before it, no other mention,
    window, subgroup or sentence break), "HBV DNA > 10^4 or X"; or a comma joins it to an alternative mention
    (`listed`), in a list that "or" closes."""
    end, start = mention.end, mention.start
    after = end + 1 if end < len(doc) and doc[end].text == "," else end
    if after < len(doc) and doc[after].lower_ in _OR:
        for i in range(after + 1, min(len(doc), after + 1 + _REACH)):
            if i in joined:
                return True
            if i in between or doc[i].text in BOUNDARY:
                break
    elif after > end and after < len(doc) and after in listed and or_closes(doc, after):
        return True
    before = start - 1
    if before >= 0 and doc[before].lower_ in _OR:
        before -= 1
        while before >= 0 and doc[before].text in _CLOSING:
            before -= 1
        return before >= 0 and before in joined
    return before >= 1 and doc[before].text == "," and before - 1 in listed and or_closes(doc, end)
