"""The events one window dates when its event is a list of them: "surgery, radiotherapy or chemotherapy within 4
weeks" dates each of the three, so each becomes a concept of its own with the window, which a screener matches
against the record one by one (a single concept named "surgery, radiotherapy or chemotherapy" matches nothing)."""

from collections.abc import Callable, Sequence
from typing import Literal

from spacy.tokens import Doc, Span

from parser import vocabulary
from parser.criteria import cue_words, lexicon
from parser.criteria.atoms import LIST_JOINS
from parser.criteria.brackets import CLOSING, OPENING, opening_bracket
from parser.criteria.source_tokens import Locate
from parser.models.criteria import AllOf, AnyOf, Concept, Expr, Window

_SENTENCE_ENDS = frozenset({".", ";", ":"})
_OTHER_WORDS = 3  # the words of a listed event beside its concept's name: "other", "prior", "major", "systemic"
_JOINT_REACH = 2
"""Words before a list that may say its treatments are given together ("received both chemotherapy and …")."""


def listed_events(doc: Doc, start: int, end: int, mentions: Sequence[Span]) -> list[tuple[int, int]]:
    """The items of the list of events `[start, end)`, each naming a lexicon concept; none when it is no such list.

    Items are parted by commas, "or", "and" and "/" outside brackets and outside a concept's own name ("head and
    neck cancer"); an item with no concept ("severe haemorrhagic or thromboembolic event": "haemorrhagic" is an
    adjective of the event) or opening examples ("chemotherapy, including …"), an item that is more than a concept
    and a few words ("breast-feeding or who has a positive pregnancy test"), a name running over a sentence's end, a
    denial inside the name, treatments given together ("both …", "concurrent … and …"), an item at any time and one
    event named twice leave the event whole: what is read as one event is not the reading of a list."""
    rows = {(span.start, span.end): _kind(span.text.lower())
            for span in mentions if start <= span.start and span.end <= end}
    inside = list(rows)
    if len(inside) < 2 or None in rows.values() or any(doc[i].text in _SENTENCE_ENDS for i in range(start, end)):
        return []  # "cancer requiring chemotherapy or radiation": a condition's treatments, no list of them
    words = {token.lower_ for token in doc[start:end]}
    if any(token.lower_ in cue_words.negation_words() and doc[token.i + 1].text != "-" for token in doc[start:end - 1]):
        return []  # "Patients not receiving chemotherapy or radiotherapy": a denial the event's name holds ("non-" no)
    before = {token.lower_ for token in doc[max(0, start - _JOINT_REACH):start]}
    if _joined_by_and_alone(words) and (words | before) & lexicon.words("joint_treatment_word"):
        return []  # "both chemotherapy and radiotherapy", "concurrent chemotherapy and radiotherapy": one course
    items: list[tuple[int, int]] = []
    item_start, depth = start, 0
    for i in range(start, end):
        text = doc[i].lower_
        depth += (text in OPENING) - (text in CLOSING)
        if depth or text not in LIST_JOINS or any(a < i < b for a, b in inside):
            continue
        if item_start < i:
            items.append((item_start, i))
        item_start = i + 1
    if item_start < end:
        items.append((item_start, end))
    items = [_trimmed(doc, item, inside) for item in items]
    if len(items) < 2 or not all(_names_an_event(doc, a, b, inside) for a, b in items):
        return []
    if any(lexicon.phrase_from(doc, a, "rest_examples") or lexicon.phrase_from(doc, a, "reference_event")
           for a, b in items):
        return []  # "chemotherapy, including …"; "… within 4 weeks of starting study drug, or radiotherapy …"
    if any(lexicon.phrase_from(doc, i, "undated_aside") for i in range(start, end)):
        return []  # "Immunotherapy (at any time), or chemotherapy within 4 weeks": the window is not each one's
    named = [{row for (m, n), row in rows.items() if a <= m and n <= b} for a, b in items]
    if sum(map(len, named)) != len(set().union(*named)):
        return []  # "an investigational drug or participation in a clinical trial": one event said twice
    return items


def joined(doc: Doc, start: int, end: int, window: Window, negated: bool, section: str) -> Literal["all", "any"]:
    """How the listed events' windows join: any one within the window when it bounds the time since each ("within 4
    weeks": `any`), but each denied ("no chemotherapy or radiotherapy within 4 weeks": `all`) and each one's washout
    required ("at least 4 weeks since chemotherapy or radiotherapy": `all`; a least time that is no washout, which
    may be a course of any of them, is not split); an inclusion's list joined by "and" alone requires all of them."""
    if negated or window.op in (">", ">="):
        return "all"
    words = {t.lower_ for t in doc[start:end]}
    return "all" if section == "inclusion" and _joined_by_and_alone(words) else "any"


def _joined_by_and_alone(words: set[str]) -> bool:
    """Whether the words of a list join its items by "and", never by "or"."""
    return "and" in words and not words & {"or", "and/or"}


def _kind(term: str) -> str | None:
    """The kind of treatment a term names (a narrower kind's name, or its row's concept), None for any other concept:
    a list of conditions is left whole, as one event its window dates ("arterial or venous thrombosis within 6
    months"; often a list of states only its last is dated in: "heart failure or myocardial infarction within 6
    months")."""
    entry = vocabulary.concept_named(term)
    if entry is None or entry.category != "treatment":
        return None
    return entry.kind_spellings(term)[0] if term in entry.narrower else entry.concept


def _names_an_event(doc: Doc, start: int, end: int, inside: list[tuple[int, int]]) -> bool:
    """Whether `[start, end)` is a concept named with at most a few other words, none of them a word that ends a noun
    phrase ("before surgery", "treatment with steroids", "who …", "starting study drug"), a verb's present
    participle ("haemoptysis requiring transfusion", "chemotherapy ending"; not "prior", "localized") or an "of" whose
    noun may say anything of the events ("completion of surgery and …", "exclusion of chemotherapy and …")."""
    named = {i for a, b in inside if start <= a and b <= end for i in range(a, b)}
    other = [doc[i] for i in range(start, end) if i not in named]
    return bool(named) and len(other) <= _OTHER_WORDS and all(
        (token.is_alpha or token.text == "-") and token.lower_ not in lexicon.words("np_stop") and token.lower_ != "of"
        and not (token.lower_.endswith("ing") and doc[token.i - 1].text != "-") for token in other)


def _trimmed(doc: Doc, item: tuple[int, int], inside: list[tuple[int, int]]) -> tuple[int, int]:
    """An item without the words before its concept that open the list rather than name its first event: a
    quantifier or an article ("either", "any", "both", "a"), who has it and the verb of having it ("Patients
    receiving cytotoxic therapy or radiotherapy": "cytotoxic therapy"; "Patients having chemotherapy"), the point of
    the event a washout counts from ("completion of radiation"), and an aside closing it."""
    start, end = item
    first = min((a for a, b in inside if start <= a and b <= end), default=end)
    openers = (cue_words.persons() | lexicon.words("receiving_verb") | lexicon.words("done_verb")
               | lexicon.words("having_verb"))
    start = max([start, *(i + 1 for i in range(start, first) if doc[i].lower_ in openers)])
    quantifiers = lexicon.words("list_any") | lexicon.words("list_all") | lexicon.words("period_article")
    while start < end - 1 and doc[start].is_alpha and doc[start].lower_ in quantifiers:
        start += 1
    if start < first and (point := lexicon.phrase_from(doc, start, "event_point")) and start + point <= first:
        start += point  # "since prior surgery or completion of radiation": the point of the event it names
        while start < first and doc[start].lower_ in quantifiers | lexicon.words("recency_word"):
            start += 1  # "completion of all prior systemic therapy"
    aside = opening_bracket(doc, end - 1, end - start) if doc[end - 1].text in CLOSING else None
    if aside is not None and aside > start and not lexicon.phrase_from(doc, aside + 1, "rest_exceptions"):
        end = aside  # "corticosteroids (> 10 mg/day of prednisone)": the aside says which, the event is named before
        # (not "radiotherapy (other than palliative radiotherapy)": what it sets apart is part of the event)
    return start, end


class EventLists:
    """The change (`rebuilt`) that splits each window's event naming a list of treatments into one windowed concept
    per event, a group merged into a parent of its kind ("any(any(chemotherapy, radiotherapy), nitrosoureas)": three
    alternatives). `concept` makes a concept of the tokens `[start, end)` as the builder does, its window and
    negation given."""

    def __init__(self, doc: Doc, mentions: Sequence[Span], locate: Locate, section: str,
                 concept: Callable[..., Concept]) -> None:
        self.doc, self.mentions, self.locate, self.section, self.concept = doc, mentions, locate, section, concept
        self.groups: dict[int, Expr] = {}  # the groups made here by id, held so that no other node takes an id

    def __call__(self, node: Expr) -> Expr:
        if isinstance(node, AnyOf | AllOf):
            return self._merged(node)
        if not isinstance(node, Concept) or node.within is None or (tokens := self.locate(node.span)) is None:
            return node
        start, end = tokens.start, tokens.stop
        if node.concept != self.doc[start:end].text or (node.within.op in (">", ">=") and not node.within.since_last):
            return node  # named in other words ("C" of "hepatitis B or C"); "on metformin or insulin for 3 months"
        items = listed_events(self.doc, start, end, self.mentions)
        if not items:
            return node
        parts: list[Expr] = [self.concept(a, b, negated=node.negated, window=node.within) for a, b in items]
        group: AllOf | AnyOf = AllOf(all=parts) if joined(
            self.doc, start, end, node.within, node.negated, self.section) == "all" else AnyOf(any=parts)
        self.groups[id(group)] = group
        return group

    def _merged(self, node: AllOf | AnyOf) -> AllOf | AnyOf:
        if isinstance(node, AnyOf):
            return AnyOf(any=[part for child in node.any for part in (
                child.any if isinstance(child, AnyOf) and id(child) in self.groups else [child])])
        return AllOf(all=[part for child in node.all for part in (
            child.all if isinstance(child, AllOf) and id(child) in self.groups else [child])])
