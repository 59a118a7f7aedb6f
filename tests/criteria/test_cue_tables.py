"""The engine's cue table is written the way its rules read it."""

from __future__ import annotations

from parser.criteria import lexicon, pipeline


def test_every_positional_cue_is_written_as_the_tokenizer_splits_it():
    """Positional cues are compared token by token (`lexicon.phrase_at`), so "a-v block" written unsplit would never
    match the four tokens "a - v block" of a text."""
    nlp = pipeline.load()
    unsplit = [(kind, phrase) for kind in lexicon.POSITIONAL_CUES for phrase in lexicon.cues().get(kind, ())
               if [t.lower_ for t in nlp.make_doc(phrase)] != phrase.lower().split()]
    assert unsplit == []


def test_every_comparator_phrase_is_listed_once():
    phrases = [phrase for phrase, _, _ in lexicon.comparators()]
    assert sorted({p for p in phrases if phrases.count(p) > 1}) == []
