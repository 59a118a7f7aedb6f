"""The standard a value is read by: "according to the 8th edition of the AJCC staging system", "per WHO
classification", "as defined by Response Evaluation Criteria in Solid Tumors". Its words say how a value is read, never
another criterion (`rest`), its ordinal edition is no lost threshold (`coverage`), and a concept in its name is none of
the criterion's (`assemble`)."""

from __future__ import annotations

from collections.abc import Set

from spacy.tokens import Doc

from parser.criteria import lexicon
from parser.vocabulary import units

_REACH = 12
"""The most tokens a standard takes, its lead included ("according to the 8th edition of the AJCC staging system")."""
_STOPS = frozenset({",", ";", ".", ":", "(", ")"})
"""What ends a standard's name: a clause's punctuation or a bracket (a relative pronoun too: `relative_pronoun`)."""
_JOINS = frozenset({"or", "and", "and/or"})
"""What joins another item to a standard once its name is said ("per RECIST criteria or bone metastases"); before
that, the words of one name ("the Hanifin and Rajka criteria")."""


def standard_tokens(doc: Doc, comparators: Set[int]) -> frozenset[int]:
    """The tokens of every standard named after a `standard_lead` cue, up to the clause's end, a bracket, a relative
    pronoun ("… RECIST 1.1 that has not been irradiated"), a comparator, or a word joining another item once the
    standard is named, when its words name one (`standard_word`, `staging_word` or `grading_system` cues); not a rate
    ("per week")."""
    names = lexicon.words("standard_word") | lexicon.words("staging_word") | lexicon.words("grading_system")
    firsts = lexicon.first_words("standard_lead")
    found: set[int] = set()
    for i in (token.i for token in doc if token.lower_ in firsts):
        lead = lexicon.phrase_from(doc, i, "standard_lead")
        if not lead or (i + lead < len(doc) and units.names_time(doc[i + lead].text)):
            continue
        stop, named = i + lead, False
        while (stop < len(doc) and stop - i < _REACH and doc[stop].lower_ not in _STOPS
               and doc[stop].text not in lexicon.words("relative_pronoun")  # not "WHO criteria"
               and stop not in comparators and not (named and doc[stop].lower_ in _JOINS)):
            named = named or doc[stop].lower_ in names
            stop += 1
        if named:
            found.update(range(i, stop))
    return frozenset(found)
