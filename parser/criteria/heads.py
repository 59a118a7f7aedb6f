"""The concepts a list of examples is about, structured beside the list's thresholds in an exclusion.

"A history of liver disease including, but not limited to, HBV infection or HBV DNA ≥ 10^4/mL, … and liver
cirrhosis": every instance of the head excludes, the listed thresholds and the listed concepts are some of them, so
the head and the list's lexicon concepts are more ways to be excluded. Only where nothing limits them:

- a head narrowed by a modifier ("chronic liver disease, including …") is narrower than its lexicon concept, so
  only its listed instances are structured and the head's words stay unread (`Heads.head_left_out`);
- words after the list's last member may limit every member and the head ("…, not controlled by medication",
  "…, requiring transfusion"), and a waiver anywhere ("unless stable for 6 months") lifts them: the list is then
  left as it was;
- a concept that is a word of a member ("chemotherapy-induced cardiomyopathy") is no member.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass

from spacy.tokens import Span

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY
from parser.criteria.marks import Marks
from parser.criteria.modifiers import plain_word
from parser.criteria.rest import example_cue_tokens, listed_examples, waiver_starts


@dataclass
class Heads:
    """What to structure for the lists of examples of one exclusion item."""

    spans: list[Span]
    head_left_out: bool
    """A narrowed head was left out: the structure is not all of the item."""
    limited: bool
    """Words after a list's last member may limit all of it: whatever the list holds decides nothing alone."""


def example_heads(marks: Marks, covered: Set[int], thresholds: Set[int], content: Callable[[int], bool]) -> Heads:
    """The heads and listed concepts of the item's lists of examples that hold a structured threshold (token sets
    `covered`, `thresholds`); `content` says whether a token is a word that could limit them."""
    doc = marks.doc
    spans: list[Span] = []
    left_out = limited = False
    if waiver_starts(doc):
        return Heads(spans, left_out, limited)
    for head_end, members in listed_examples(doc):
        if not any(i in thresholds for i in members):
            continue
        named = next((s for s in marks.concepts if s.end == head_end + 1), None)
        if named is None or not _free(named, covered):
            continue
        listed = [s for s in marks.concepts if s.start in members and s.end <= members.stop
                  and _whole_member(s, members) and _free(s, covered)]
        last = max([i for i in members if i in covered] + [s.end - 1 for s in listed])
        sentence_end = next((i for i in range(last + 1, len(doc)) if doc[i].text in BOUNDARY), len(doc))
        if any(content(i) and i not in covered for i in range(last + 1, sentence_end)):
            limited = True  # "…, not controlled by medication": what follows the list may limit all of it
            continue
        head = [] if _modified(named) else [named]
        left_out |= not head
        spans += [*head, *listed]
    return Heads(spans, left_out, limited)


def _modified(span: Span) -> bool:
    """Whether a word that narrows it stands right before a concept ("chronic liver disease"; not "a history of
    liver disease")."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and plain_word(before) and before.lower_ not in lexicon.words("strip")


def _whole_member(span: Span, members: range) -> bool:
    """Whether a concept is a whole member of a list, not a word of one ("chemotherapy-induced cardiomyopathy")."""
    tokens = span.doc
    delimiters = lexicon.words("list_delimiter")
    opens = tokens[span.start - 1].lower_ in delimiters or (span.start - 1) in example_cue_tokens(tokens)
    closes = span.end >= members.stop or tokens[span.end].lower_ in delimiters
    return opens and closes


def _free(span: Span, covered: Set[int]) -> bool:
    """Whether a marked span is a lexicon concept no structured part covers, and not a mere modifier."""
    return (vocabulary.concept_named(span.text) is not None
            and span.text.lower() not in lexicon.words("modifier_term")
            and not any(i in covered for i in range(span.start, span.end)))
