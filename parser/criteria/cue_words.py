"""Cue words read one token at a time by the clause and negation readers and the builders around them: words the
trimming drops, words naming persons, single-word negations (`data/cues.csv`)."""

from __future__ import annotations

from functools import cache

from parser.criteria import lexicon


@cache
def strip_words() -> frozenset[str]:
    return frozenset(p for p in lexicon.cues()["strip"] if " " not in p)


@cache
def persons() -> frozenset[str]:
    return frozenset(lexicon.cues()["person"])


@cache
def negation_words() -> frozenset[str]:
    return frozenset(p for p in lexicon.cues()["negation"] if " " not in p)
