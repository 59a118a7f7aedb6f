"""The lexicon's matches over one criterion (`pipeline.marked`), indexed by token position: every rule asks "which
measure, comparator or cue starts or ends here?", and a dictionary answers in constant time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span

from parser.criteria.pipeline import marked
from parser.criteria.standards import standard_tokens


@dataclass
class Marks:
    """The lexicon's matches (`pipeline.marked`), indexed for constant-time lookups by token position."""

    doc: Doc
    measures: list[Span]
    comparators_by_end: dict[int, Span]
    comparators_by_start: dict[int, Span]
    cue_starts: dict[int, list[Span]]
    cue_ends: dict[int, list[Span]]
    measure_at: dict[int, Span]
    concepts: list[Span]
    cues: list[Span]

    @classmethod
    def of(cls, doc: Doc) -> Marks:
        found = marked(doc)
        cue_starts: dict[int, list[Span]] = defaultdict(list)
        cue_ends: dict[int, list[Span]] = defaultdict(list)
        for span in found.cue:
            cue_starts[span.start].append(span)
            cue_ends[span.end].append(span)
        return cls(
            doc=doc,
            measures=found.measure,
            comparators_by_end={s.end: s for s in found.comparator},
            comparators_by_start={s.start: s for s in found.comparator},
            cue_starts=cue_starts,
            cue_ends=cue_ends,
            measure_at={i: s for s in found.measure for i in range(s.start, s.end)},
            concepts=found.concept,
            cues=found.cue,
        )

    @cached_property
    def cue_kinds(self) -> dict[int, set[str]]:
        """The kinds of the cues over each token, built when first asked for: three items in four never ask."""
        kinds: dict[int, set[str]] = defaultdict(set)
        for span in self.cues:
            kind = span.label_[4:]
            for i in range(span.start, span.end):
                kinds[i].add(kind)
        return kinds

    @cached_property
    def standard_tokens(self) -> frozenset[int]:
        """The words of the standards values are read by (`standards.standard_tokens`), found once per criterion."""
        return standard_tokens(self.doc, self.comparator_tokens)

    @cached_property
    def comparator_tokens(self) -> frozenset[int]:
        """The tokens of every comparator ("no more than", "≥"), for rules that read past or around them."""
        return frozenset(i for span in self.comparators_by_start.values() for i in range(span.start, span.end))

    def has_cue(self, i: int, kind: str) -> bool:
        return 0 <= i < len(self.doc) and kind in self.cue_kinds.get(i, ())

    def cue_starting(self, i: int, kind: str) -> Span | None:
        spans = [s for s in self.cue_starts.get(i, ()) if s.label_ == f"cue:{kind}"]
        return max(spans, key=len) if spans else None

    def cue_ending(self, i: int, kind: str) -> Span | None:
        spans = [s for s in self.cue_ends.get(i, ()) if s.label_ == f"cue:{kind}"]
        return max(spans, key=len) if spans else None

    def labels_number(self, i: int) -> bool:
        """Whether a label word ends right before the number at token `i` ("Day 1", "visit 2", "on days 1-5"): not the
        unit of a number before it ("within 14 days 2 or more cultures"), unless that number is a label's too ("Cycle 1
        Day 1"), nor a measure's name ("Fitzpatrick skin type 2")."""
        decoy = self.cue_ending(i, "decoy_before")
        if decoy is None or self.measure_ending(i):
            return False
        before = decoy.start - 1
        return before < 0 or not self.doc[before].like_num or self.labels_number(before)

    def measure_ending(self, i: int) -> bool:
        """Whether a lexicon measure's name ends right before token `i`."""
        found = self.measure_at.get(i - 1)
        return found is not None and found.end == i
