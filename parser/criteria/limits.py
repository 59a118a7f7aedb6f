"""A multiple of a normal limit written after or before a number: "2.5 x ULN", "3 times the upper limit of normal",
"2.5 X maximum normal value", "≤ ULN x 1.5", "300% of the upper limit of normal". Read by `quantities.find_quantities`
for the number it follows."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from parser.criteria import lexicon
from parser.criteria.brackets import closing_bracket
from parser.models.criteria import Limit

_LIMIT_REACH = 5
"""How far after a multiplier a limit named in words is looked for, and how far its words run."""


def relative(doc: Doc, i: int, cue_starts: dict[int, list[Span]]) -> tuple[Limit, int] | None:
    """A multiple of a normal limit right after the number, in any spelling.

    The grammar: number, a multiplier (`x`, `×`, `*`, `times`, `-fold`) or none, `of`/`the`/`institutional`,
    then a limit (`ULN`, `upper limit of normal`, `maximum normal value`, ...). After a multiplier a bare
    `normal` or `n` is the upper limit too ("2.5 times normal", "SGOT > 2.5 x N"); a capital `N` is even
    without one ("ASAT < 3 N").
    """
    j, multiplied = i, False
    if multipliers := [s for s in cue_starts.get(j, ()) if s.label_ == "cue:multiplier"]:
        j, multiplied = max(s.end for s in multipliers), True
        # "three times above the upper limit"
        j += lexicon.phrase_at([t.lower_ for t in doc[j:j + 2]], "multiple_direction")
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")" and _limit_word(doc[j + 1]) is None:
            j += 3  # "greater than 2 times (inclusive) the upper limit of normal", not "2 times the (ULN)"
    named_from, j = j, _past_limit_filler(doc, j)
    if (named := _named_limit(j, cue_starts)) is not None:
        return named
    if multiplied and (normal := lexicon.phrase_at([t.lower_ for t in doc[j:j + 3]], "normal_after_multiplier")):
        return "ULN", j + normal
    if j < len(doc) and doc[j].text == "N" and not (j + 1 < len(doc) and doc[j + 1].text == "/"):
        # "ASAT < 3 N", "> 3N": the French and Italian shorthand, capital N, no multiplier needed (not "25 N/cm²")
        return "ULN", j + 1
    return _limit_ahead(doc, named_from) if multiplied else None


_LIMIT_NAME_REACH = 8
"""The most tokens a limit's name takes ("upper limit of the normal range (ULN)")."""


def limit_before(start: int, cue_starts: dict[int, list[Span]]) -> tuple[Limit, int] | None:
    """"ULN x 1.5", "upper limit of normal × 2": a limit named before the multiplier of the number at `start`; the
    limit and where its name starts."""
    if not any(s.label_ == "cue:multiplier" and s.end == start for s in cue_starts.get(start - 1, ())):
        return None
    for begin in range(max(0, start - 1 - _LIMIT_NAME_REACH), start - 1):
        if (named := _named_limit(begin, cue_starts)) is not None and named[1] == start - 1:
            return named[0], begin
    return None


def _past_limit_filler(doc: Doc, j: int) -> int:
    """The first token from `j` that is no filler before a limit's name ("the", "institutional": `limit_filler`)."""
    while j < len(doc) and doc[j].lower_ in lexicon.words("limit_filler"):
        j += 1
    return j


def _named_limit(j: int, cue_starts: dict[int, list[Span]]) -> tuple[Limit, int] | None:
    """A limit's name starting at token `j` ("ULN", "upper limits of normal (ULN)"), and where it ends: past a
    bracket right after it that names the same limit again ("(ULN)", "(upper limit of normal)")."""
    limits = [span for span in cue_starts.get(j, ()) if span.label_ in ("cue:uln", "cue:lln")]
    if not limits:
        return None
    longest = max(limits, key=len)
    end, doc = longest.end, longest.doc
    if end + 2 < len(doc) and doc[end].text == "(" and (closing := closing_bracket(doc, end + 1, _LIMIT_NAME_REACH)) \
            and any(span.label_ == longest.label_ and span.end == closing for span in cue_starts.get(end + 1, ())):
        end = closing + 1
    return ("ULN" if longest.label_ == "cue:uln" else "LLN"), end


def percent_of_limit(doc: Doc, j: int, cue_starts: dict[int, list[Span]]) -> tuple[Limit, int] | None:
    """"300% of the upper limit of normal", "< 75% of LLN": a percentage of a limit named after "of" is a multiple of
    it; not "50% of normal" or "of predicted", a share of a reference value."""
    if j >= len(doc) or doc[j].lower_ != "of":
        return None
    return _named_limit(_past_limit_filler(doc, j + 1), cue_starts)


def _limit_word(token: Token) -> Limit | None:
    word = token.lower_
    return ("ULN" if word in lexicon.words("upper_limit_word")
            else "LLN" if word in lexicon.words("lower_limit_word") else None)


def _limit_ahead(doc: Doc, i: int) -> tuple[Limit, int] | None:
    """After a multiplier, a limit in words no spelling lists: a word naming an upper or a lower limit
    (`upper_limit_word`, `lower_limit_word` cues) a few words on, past nothing but filler (`limit_filler`,
    `limit_gap`: "5 times or less", "of the institution's"), an
    institution's name in capitals or brackets ("2.5 times the UIHC upper limit of normal", "1.5 times of the
    reference upper limit", "3 times (normal value)"); "normal" or "reference" before "lower" names the lower limit.
    The limit's words after it go with it (`limit_word`), up to a bracket opened after it."""
    for k in range(i, min(len(doc), i + _LIMIT_REACH)):
        token = doc[k]
        limit = _limit_word(token)
        if limit is None:
            gap = lexicon.words("limit_filler") | lexicon.words("limit_gap")
            if not (token.lower_ in gap or token.text in ("(", ")", "'") or token.text[:1].isupper()):
                return None  # "4 times a day despite normal diet", "1.5 times baseline or above the ULN"
            continue
        if limit == "ULN" and any(_limit_word(t) == "LLN" for t in doc[k + 1:k + _LIMIT_REACH]):
            limit = "LLN"  # "0.8 times the normal lower limit"
        end = k + 1
        while end < len(doc) and end - k <= _LIMIT_REACH and (
                doc[end].lower_ in lexicon.words("limit_word") or doc[end].text == ")"):
            end += 1
        return limit, end
    return None
