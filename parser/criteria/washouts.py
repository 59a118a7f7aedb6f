"""Washouts: a washout of a period is the least time off a drug ("a minimum washout of 7 days before baseline");
and washout tables written as a list: "Use of the following medications within the defined intervals prior to
Visit 1: Depot corticosteroids (12 weeks); Theophyllines (48 hours); Oral beta2-agonists (Long-acting: 48 hours)
(Short-acting: 12 hours); …". Each bracketed period is a window over the item it follows, dated by the anchor the
lead names before its colon. Found by `atoms.find_atoms`, which tries it for a period no other rule reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser import vocabulary
from parser.criteria import atoms, lexicon, windows
from parser.criteria.quantities import Quantity
from parser.vocabulary import units

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks
    from parser.models.criteria import Op

_LABEL_REACH = 8
"""The most tokens a label may take inside the bracket before its period ("(salmeterol, formoterol: 48 hrs)")."""
_LEAD_REACH = 400
"""How far back the lead's colon may be: the tables run to dozens of items."""
_ANCHOR_REACH = 8
"""The most tokens between the lead's anchor ("prior to") and its colon ("Visit 1 (Screening):")."""
_OPENERS = frozenset({"(", "["})
_ITEM_ENDS = frozenset({",", ";", ".", "or", "and", ")"})
_CLOSERS = frozenset({")", "]", "or", ",", ";"})


def listed_period(marks: Marks, quantity: Quantity) -> Atom | None:
    """A period in brackets after an item of a list whose lead names a reference point before a colon, or after an
    item of a sentence that dates what it names ("Recent head injury (6 months)", "… before Visit 3, including
    amiodarone (6 months) and probucol (12 months)": `_dated_sentence`): a window over the item, what an exclusion of
    recent use excludes."""
    doc = marks.doc
    if not quantity.is_time or quantity.end >= len(doc) or doc[quantity.end].text not in _CLOSERS:
        return None
    opening = _opening(marks, quantity.start)
    if opening is None or (_lead(marks, opening) is None and not _bare_after_a_name(marks, opening, quantity)):
        return None
    item = _item_before(marks, opening)
    if item is None:
        return None
    atom = atoms.Atom(quantity.start, quantity.end, [atoms.Bound("<=", quantity)], kind="window")
    atom.concept = item
    return atom


def labelled_period(marks: Marks, quantity: Quantity, op: Op | None) -> Atom | None:
    """"Cytotoxic chemotherapy: 14 days" under a lead saying its items are periods ("Receipt of any of the following
    within the specified period before leukapheresis:", "Insufficient wash-out period for the following
    medications:", `leads.Lead.period`): a period right after the item's one colon is a window over the label before
    it, bounded as the lead reads it (`op`)."""
    doc = marks.doc
    if (op is None or not quantity.is_time or quantity.unit in atoms.MEASURED_TIMES or quantity.start < 2
            or doc[quantity.start - 1].text != ":"):
        return None  # not "QTc: 450 ms", a measured time
    colon = quantity.start - 1
    if (any(t.text == ":" for t in doc[:colon]) or not any(t.is_alpha for t in doc[:colon])
            or any(span.start < colon for span in marks.measures)):
        return None  # not "Disease duration: 6 months": a measure's value, no period since an event
    atom = atoms.Atom(quantity.start, quantity.end, [atoms.Bound(op, quantity)], kind="window")
    atom.concept, atom.washout = (0, colon), op == ">="  # an inclusion's: at least that long since the last
    return atom


def _sentence(marks: Marks, i: int) -> range:
    """The tokens of the sentence around token `i`."""
    doc = marks.doc
    start = next((k + 1 for k in range(i - 1, -1, -1) if doc[k].text in atoms.BOUNDARY), 0)
    end = next((k for k in range(i, len(doc)) if doc[k].text in atoms.BOUNDARY), len(doc))
    return range(start, end)


def _bare_after_a_name(marks: Marks, opening: int, quantity: Quantity) -> bool:
    """Whether a bracket holding nothing but the period closes an item of a sentence that dates what it names
    (`_dated_sentence`): after a word of a name, not a period it restates ("6 months (24 weeks)", "5 half-lives
    (45 days)", "a long half-life (24 hours)"), and before the item's end, not inside a phrase ("an adequate (6-week)
    trial")."""
    doc, closing = marks.doc, quantity.end
    if not (opening == quantity.start - 1 and opening > 0 and closing < len(doc) and doc[closing].text in (")", "]")):
        return False
    ends = (closing + 1 == len(doc) or doc[closing + 1].text in _ITEM_ENDS
            or bool(lexicon.phrase_from(doc, closing + 1, "backward_anchor")))  # "… heparin (5 days) before …"
    before = doc[opening - 1].lower_
    spelled = doc[max(0, opening - 3):opening].text.lower()  # "half-life", three tokens
    restates = units.names_time(before) or vocabulary.unit_spellings().get(spelled)
    return ends and doc[opening - 1].is_alpha and not restates and _dated_sentence(marks, opening)


def _dated_sentence(marks: Marks, opening: int) -> bool:
    """Whether the sentence around a bracket counts back from a reference point or says its items are recent
    (`backward_anchor` cues: "before Visit 3"; `recent_word` cues: "Recent head injury"): a bare period there dates
    its item. Not "Prior therapy: chemotherapy (4 weeks)", which says neither since when nor whether it is a washout."""
    doc = marks.doc
    return any(lexicon.phrase_from(doc, k, "backward_anchor") or doc[k].lower_ in lexicon.words("recent_word")
               for k in _sentence(marks, opening))


def least_time_off(marks: Marks, quantity: Quantity) -> Atom | None:
    """"a minimum washout of 7 days before baseline", "a washout period of 4 weeks", "after a 30-day washout": a
    period after or right before a washout (`washout_word` cues) is the least time off a drug, in either
    section, whatever reference point follows."""
    doc, washout = marks.doc, lexicon.words("washout_word")
    lead = lexicon.words("implied_lead") | lexicon.words("period_noun")
    before = quantity.start - 1
    while before >= 0 and doc[before].lower_ in lead:
        before -= 1
    after_washout = before >= 0 and doc[before].lower_ in washout
    written = quantity.start in marks.comparators_by_end or marks.cue_ending(quantity.start, "window") is not None
    # "within 30 days washout not completed": a period bounded as written is no washout's length
    before_washout = quantity.end < len(doc) and doc[quantity.end].lower_ in washout and not written
    if not quantity.is_time or not (after_washout or before_washout):
        return None
    atom = atoms.Atom(quantity.start, quantity.end, [atoms.Bound(">=", quantity)], kind="window", implied_op=True)
    atom.anchor = windows.anchor_after(marks, quantity.end)
    return atom


def _opening(marks: Marks, start: int) -> int | None:
    """The bracket the period sits in, opened at most a short label before it."""
    doc = marks.doc
    for i in range(start - 1, max(-1, start - 1 - _LABEL_REACH), -1):
        if doc[i].text in _OPENERS:
            return i
        if doc[i].text in (")", "]", ";", ".") or doc[i].is_digit:
            return None
    return None


def _lead(marks: Marks, opening: int) -> int | None:
    """The colon closing the list's lead, when an anchor counting back (`backward_anchor` cues: "prior to",
    "before") comes just before it."""
    doc, backward = marks.doc, lexicon.words("backward_anchor")
    for i in range(opening - 1, max(-1, opening - _LEAD_REACH), -1):
        if doc[i].text == "." and i + 1 < len(doc) and doc[i + 1].is_title:
            return None  # a sentence ended: the lead is not this one's
        if doc[i].text == ":":
            anchors = (marks.cue_starting(k, "anchor") for k in range(max(0, i - _ANCHOR_REACH), i))
            if any(a is not None and a.text.lower() in backward for a in anchors):
                return i
    return None


def _holds_period(marks: Marks, closing: int) -> bool:
    """Whether the bracket closed at `closing` holds a period ("(8 hours)"), not a name ("(PDE4)")."""
    doc = marks.doc
    for k in range(closing - 1, max(-1, closing - _LABEL_REACH - 3), -1):
        if doc[k].text == "(":
            return False
        if units.names_time(doc[k].lower_):
            return True
    return False


def _item_before(marks: Marks, opening: int) -> tuple[int, int] | None:
    """The item a bracket follows: back past other brackets of the same item to the list's last separator."""
    doc, depth, i, named = marks.doc, 0, opening, False
    while i > 0:
        text = doc[i - 1].text
        if text == ")" and depth == 0 and named and _holds_period(marks, i - 1):
            break  # "physical exertion (8 hours) and tobacco (2 hours)": the item before ends at its period
        if text == ")":
            depth += 1
        elif text == "(":
            depth -= 1
        elif depth == 0 and text in (";", ",", ":"):
            break
        named = named or (depth == 0 and text != ")")
        i -= 1
    begin, end = i, opening
    while end > begin and doc[end - 1].text == ")":  # "Oral beta2-agonists (Long-acting: 48 hours) (Short-acting: …)"
        closing, depth = end - 1, 0
        for k in range(closing, begin - 1, -1):
            depth += {")": 1, "(": -1}.get(doc[k].text, 0)
            if depth == 0:
                end = k
                break
        else:
            return None
    return (begin, end) if end > begin else None
