"""The engine never hides a crash on real text: every criterion of the real corpora parses without an internal error.

The corpora live beside the project (`../shared/criteria-corpus/`, texts that may not be copied into it); the
whole LCT corpus and every tenth text of the lab-heavy corpus are parsed, a slice that keeps the suite fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.criteria import parse_many

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "criteria-corpus"


def _texts(name: str, every: int) -> list[str]:
    lines = (CORPORA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[::every] if line.strip()]


@pytest.mark.parametrize(("name", "every"), [("lct.jsonl", 1), ("real.jsonl", 10)])
def test_no_criterion_of_a_real_corpus_hits_an_internal_error(name, every):
    texts = _texts(name, every)
    failures = [
        (index, criterion.text[:80], note)
        for index, document in enumerate(parse_many(texts))
        for criterion in document.inclusion + document.exclusion
        for note in criterion.notes
        if "internal error" in note
    ]
    assert len(texts) > 100
    assert failures == []


def test_a_crash_while_structuring_a_criterion_is_noted_on_it_not_hidden(monkeypatch):
    from parser.criteria import engine

    def broken(*args, **kwargs):
        raise IndexError("a bug")

    monkeypatch.setattr(engine, "assemble", broken)
    document = engine.parse_criteria("Inclusion Criteria:\n\n  -  Age ≥ 18 years")
    (criterion,) = document.inclusion
    assert criterion.notes == ["not structured: internal error IndexError"]
    assert (criterion.coverage, criterion.expr) == ("none", None)
