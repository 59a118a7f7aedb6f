"""One window measured two ways: "within 30 days or 5 half-lives, whichever is longer".

A second span after "or" dates the same event as the window before it, with the same negation, and the words
"whichever is longer" (or "shorter") say how the two spans combine for a screener: the longer of two spans back
from an anchor is either of them (`any`), the longer of two least times since an event is both (`all`); the
shorter the other way round, and a denial of both swaps them again (not (A and B) is (not A) or (not B)).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from parser.criteria import lexicon
from parser.criteria.brackets import outside_brackets
from parser.models.criteria import Concept, Expr
from parser.vocabulary.units import HALF_LIVES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from parser.criteria.atoms import Atom
    from parser.criteria.quantities import Quantity

COMBINING = frozenset({"cue:longer_of", "cue:shorter_of"})
"""The cue labels of the words that say how two spans combine."""
_CUE_REACH = 8
"""How far after the second span the words saying which of the two counts may stand ("… or 16 weeks before the
baseline visit, whichever is longer")."""


def alternative_span(doc: Doc, previous: Atom, quantity: Quantity) -> bool:
    """Whether a duration after a window and "or" is the same window measured another way ("within 30 days or 5
    half-lives", "within 5 half-lives (if known) or within 3 weeks"): in another unit (the same unit is another
    window: "within 3 or 6 months" is read where it is written), and for the same patients ("within 4 weeks or 42
    days for nitrosoureas" is a subgroup's own window)."""
    if not quantity.is_duration or previous.bounds[-1].quantity.unit == quantity.unit:
        return False
    if lexicon.phrase_at([t.lower_ for t in doc[quantity.end:quantity.end + 4]], "subgroup_link"):
        return False
    anchor_end = previous.anchor[1] if previous.anchor is not None else 0
    after = anchor_end if previous.end <= anchor_end <= quantity.start else previous.end  # "… of the drug or"
    gap = [t.text.lower() for t in doc[after:quantity.start]]
    if gap == ["(", "or"]:
        return True  # "within 30 days (or 5 half-lives)"
    words = outside_brackets(gap)
    joined = words[1:] if words[:1] == [","] else words
    if quantity.unit == HALF_LIVES and joined in ([], ["or"]):
        return True  # "within 6 months of screening or 5 half-lives", "within 28 days, 5 half-lives of the agent, or
        # …": a count of a drug's half-lives measures only a washout, the window before it another way
    # past the anchor, only a window cue again says so: "one year post-menopausal or three months post-surgery"
    return joined[:1] == ["or"] and (len(joined) == 1 and after == previous.end
                                     or " ".join(joined[1:]) in lexicon.words("window"))


def longer_or_shorter(cues: list[Span], left: Expr, right: Expr,
                      right_end: int) -> tuple[Literal["any", "all"], Span] | None:
    """How two spans of one event's window joined by "or" combine when words right after the second say which
    counts (`longer_of`, `shorter_of` cues), and those words (which the join then covers); None when no such
    words follow, or the spans bound different ways."""
    if not (isinstance(left, Concept) and isinstance(right, Concept) and left.within and right.within
            and left.concept == right.concept and left.negated == right.negated):
        return None
    upper = left.within.op in ("<", "<=")
    if upper != (right.within.op in ("<", "<=")):
        return None
    said = [cue for cue in cues if cue.label_ in COMBINING and right_end <= cue.start <= right_end + _CUE_REACH]
    if len(said) != 1:
        return None
    either = (said[0].label_ == "cue:longer_of") == upper
    return ("any" if either != left.negated else "all"), said[0]
