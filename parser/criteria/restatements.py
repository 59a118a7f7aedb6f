"""How a value reads against the threshold just before it: the same bound said again (in brackets, in another
unit, as a molar concentration of the lab named: "creatinine < 1.5 mg/dL (133 µmol/L)"), one value per group
("> 12 weeks for solid tumours and 6 weeks for leukaemia"), a parallel value taking the first one's comparator
("≥ 160 mmHg systolic or 95 mmHg diastolic"), or the same change measured another way ("≥ 12% and 200 mL")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser import vocabulary
from parser.criteria import atoms, lexicon, subgroup_periods, windows
from parser.criteria.brackets import closing_bracket
from parser.criteria.comparator_sites import op_of
from parser.criteria.quantities import Quantity, parse_number
from parser.vocabulary import units

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom
    from parser.criteria.marks import Marks

_RESTATING = frozenset({"(", "[", "or", ",", ";"})
"""The only words between a threshold and a value that says it again ("< 1.5 mg/dL (133 µmol/L)", "or 133")."""
_MAX_METHOD_GAP = 6
"""Words naming how a value is measured before another value of the same bound ("1 cm by spiral CT or 2 cm")."""
_MAX_RESTATEMENT = 6
"""Tokens of a value restated in other units in brackets ("(106 lbs)", "(5.6 mmol / l)")."""
_CLAUSE_ENDS = frozenset({";", ".", ":", "(", ")"})
"""What no such way of measuring runs over."""


def bound_alike(marks: Marks, previous: Atom, quantity: Quantity) -> bool:
    """Whether a value with no comparator of its own takes the comparator of the threshold just before it: the bound
    said again or per group, in another unit after a grade, a parallel value, or a second dimension."""
    return (_restates(marks, previous, quantity) or _restated_in_another_unit(marks, previous, quantity)
            or _parallel_after(marks, previous, quantity) or _parallel_before(marks, previous, quantity)
            or _second_dimension(marks, previous, quantity))


def absorb_restatement(marks: Marks, atom: Atom, quantity: Quantity) -> bool:
    """Extend `atom` over a bracket right after it that restates its bound in the same dimension.

    A window's event words come after the bracket ("14 days (2 weeks) must have elapsed since surgery"),
    so its anchor is looked for again from the bracket's end.
    """
    doc, own = marks.doc, atom.bounds[-1].quantity
    opening = atom.end
    if opening >= len(doc) or len(atom.bounds) != 1:
        return False
    if (end := _equals_after(marks, atom, quantity)) is not None:
        atom.end = end
        return True
    if doc[opening].lower_ in lexicon.words("or_word"):  # "creatinine < 1.5 mg/dL or 133 µmol/L": in another unit
        if (quantity.start != opening + 1 or quantity.unit in (None, own.unit) or own.relative_to
                or quantity.relative_to or not _same_amount(own, quantity, _molar_masses(marks, atom.start))):
            return False
        atom.end = quantity.end
        return True
    if doc[opening].text != "(":
        return False
    inside = opening + 1
    comparator = marks.comparators_by_start.get(inside)
    if comparator is not None:
        if op_of(comparator)[0] != atom.bounds[0].op:
            return False  # "≥ 18 years (< 75 years)": a second bound, not the first said again
        inside = comparator.end
    closing = quantity.end
    if inside != quantity.start or closing >= len(doc) or doc[closing].text != ")":
        return False
    if (own.unit is None or quantity.unit is None or own.relative_to != quantity.relative_to
            or not _same_amount(own, quantity, _molar_masses(marks, atom.start))):
        return False
    atom.end = closing + 1
    if own.is_time and (anchor := windows.anchor_after(marks, atom.end)) is not None:
        atom.anchor = anchor
        if atom.kind == "comparison" and not windows.duration_measure_before(marks, atom.start):
            atom.kind = "window"
    return True


_ABBREVIATION_TOKENS = 3
"""Tokens of an abbreviation in brackets between a threshold and a value said equal to it ("(ULN)")."""


def _equals_after(marks: Marks, atom: Atom, quantity: Quantity) -> int | None:
    """Where a value an equals sign sets right after an inequality ends, when it is that bound said again or worked
    out ("Hb ≥ 9 g/dL (= 5.6 mmol/L)"; "ALT ≤ 3 x upper limit of normal (ULN) = 135 U/L", with the site's normal
    limit), not a second requirement of exactly that value: None otherwise."""
    doc, i = marks.doc, atom.end
    if atom.kind != "comparison" or atom.bounds[0].op == "==" or i >= len(doc):
        return None
    bracketed = doc[i].text == "("
    if bracketed and (closing := closing_bracket(doc, i + 1, _ABBREVIATION_TOKENS)) is not None and (
            marks.comparators_by_start.get(i + 1) is None):
        i, bracketed = closing + 1, False  # past "(ULN)"
    comparator = marks.comparators_by_start.get(i + bracketed)
    if comparator is None or comparator.end != quantity.start or op_of(comparator)[0] != "==":
        return None
    if not bracketed:
        return quantity.end
    return quantity.end + 1 if quantity.end < len(doc) and doc[quantity.end].text == ")" else None


def _same_amount(one: Quantity, other: Quantity, molar_masses: tuple[float, ...] = ()) -> bool:
    """"28 days (4 weeks)", "21 days (≤ 21 days)": the same amount in the same or another unit, up to the rounding
    of a value restated ("1.5 mg/dL (133 µmol/L)": a mass and a molar concentration of the lab named before, by its
    `molar_masses`)."""
    for molar_mass in (None, *molar_masses):
        try:
            converted = units.convert(other.value, other.unit or "", one.unit or "", molar_mass=molar_mass)
        except units.IncompatibleUnits:
            continue
        return abs(converted - one.value) <= 0.05 * max(abs(one.value), 1e-9)
    return False


def _molar_masses(marks: Marks, start: int) -> tuple[float, ...]:
    """The molar masses of the measures the name nearest before token `start` may mean (none for most)."""
    named = max((span for span in marks.measures if span.end <= start), key=lambda span: span.end, default=None)
    if named is None:
        return ()
    return tuple(m.molar_mass for m in vocabulary.find_measures(named.text) if m.molar_mass)


def _restates(marks: Marks, previous: Atom, quantity: Quantity) -> bool:
    """Whether `quantity` is another value of the threshold just before it, joined by a bracket or "or"."""
    own = previous.bounds[-1].quantity
    gap = [t.lower_ for t in marks.doc[previous.end:quantity.start]]
    if (own.relative_to and not quantity.relative_to and quantity.unit not in (None, "1") and not quantity.is_time
            and gap == ["or"]):
        return True  # "albumin ≥ LLN or 3 g/dL": the same bound, in the measure's own unit
    if ((own.unit, own.relative_to) != (quantity.unit, quantity.relative_to)
            or quantity.unit in (None, "1") and not quantity.relative_to):
        return False
    if (0 < len(gap) <= atoms.MAX_GROUP and gap[-1] in (*subgroup_periods.JOINS, ";")
            and not subgroup_periods.sentence_ends_between(marks.doc, previous.end, quantity.start)
            and _opens_group(marks, previous.end) and _opens_group(marks, quantity.end)):
        return True  # "> 12 weeks for patients with solid tumours and 6 weeks for those with leukaemia": one per group
        # ("(creatinine > 1.6 mg/dL for men; 1.4 mg/dL for women)": a semicolon in brackets parts the groups)
    if _after_group_aside(marks, previous.end, quantity.start):
        return True
    if quantity.is_time:
        return False
    if bool(gap) and len(gap) <= 3 and set(gap) <= _RESTATING and ("(" in gap or "or" in gap):
        return True
    # "at least 1 cm by spiral CT or 2 cm with conventional techniques": another value after the way it is measured
    return (0 < len(gap) <= _MAX_METHOD_GAP and gap[-1] == "or" and not set(gap) & _CLAUSE_ENDS
            and not any(i in marks.measure_at for i in range(previous.end, quantity.start)))


_GROUP_ASIDE = 4
"""Words of a bracket naming whom or what a value is for ("(adults)", "(Chinese patients)")."""


def _after_group_aside(marks: Marks, end: int, start: int) -> bool:
    """"> 470 ms (for women) or 450 ms (for men)": a value after a bracket naming a sex, closing the threshold before,
    and "or"/"and" is that bound for the other sex, each bracket the group of its value (`SexGroups`). Not other
    groups ("≥ 40 kg (children) or 50 kg (adults)"), which no structure here says: read as either value for everyone,
    an adult of 45 kg met it."""
    doc = marks.doc
    closing = start - 2
    if closing <= end or doc[end].text != "(" or doc[closing].text != ")" or doc[start - 1].lower_ not in ("or", "and"):
        return False
    inside = doc[end + 1:closing]
    return 0 < len(inside) <= _GROUP_ASIDE and all(t.is_alpha for t in inside) and any(
        t.lower_ in lexicon.words("sex_word") for t in inside)


def _opens_group(marks: Marks, i: int) -> bool:
    """Whether a group of persons a value is for opens at token `i`: "for patients with …", "in women", "(males)";
    past the value restated in other units ("48 kg (106 lbs) for women")."""
    doc = marks.doc
    if i < len(doc) and doc[i].text == "(" and (closing := closing_bracket(doc, i + 1, _MAX_RESTATEMENT)) is not None \
            and any(parse_number(t.text) for t in doc[i + 1:closing]) and closing + 1 < len(doc) \
            and doc[closing + 1].lower_ not in lexicon.words("sex_word"):
        i = closing + 1
    return bool(marks.cue_starting(i, "subgroup_lead")) or (
        i + 1 < len(doc) and doc[i].text == "(" and doc[i + 1].lower_ in lexicon.words("sex_word"))


def _parallel_after(marks: Marks, previous: Atom, quantity: Quantity) -> bool:
    """"≥ 160 mmHg systolic or 95 mmHg diastolic": a value in the same unit, each followed by the measure it bounds
    and joined by "or"/"and", takes the comparator of the first; so do two values with no unit of their own ("> 180
    systolic and 110 diastolic mmHg": the measures' units)."""
    own, doc = previous.bounds[-1].quantity, marks.doc
    named = marks.measure_at.get(previous.end)
    if named is None or quantity.unit == "1" or (own.unit, own.relative_to) != (quantity.unit, quantity.relative_to):
        return False
    if not (named.end + 1 == quantity.start and doc[named.end].lower_ in atoms.COORDINATION
            and (other := marks.measure_at.get(quantity.end)) is not None):
        return False
    return quantity.unit is not None or _one_physical_unit(named.text, other.text)


def _one_physical_unit(first: str, second: str) -> bool:
    """Whether two measures' canonical units are one unit of a physical quantity (systolic and diastolic pressure in
    mm[Hg]); not two scores, which may run in opposite directions ("≥ 2 ECOG or 60 Karnofsky": Karnofsky ≤ 60)."""
    found = [vocabulary.find_measures(name) for name in (first, second)]
    return all(found) and found[0][0].unit == found[1][0].unit != "1"


def _parallel_before(marks: Marks, previous: Atom, quantity: Quantity) -> bool:
    """"systolic ≤ 130 mmHg and diastolic 80 mmHg": a value in the same unit right after the name of another measure,
    joined to the threshold before by "and"/"or", takes its comparator."""
    own, doc = previous.bounds[-1].quantity, marks.doc
    named = marks.measure_at.get(quantity.start - 1)
    if (named is None or quantity.unit in (None, "1") or named.start <= previous.end
            or (own.unit, own.relative_to) != (quantity.unit, quantity.relative_to)):
        return False
    return [t.lower_ for t in doc[previous.end:named.start]] in (["and"], ["or"], [",", "and"], [",", "or"])


def _second_dimension(marks: Marks, previous: Atom, quantity: Quantity) -> bool:
    """"an increase in FEV1 of ≥ 12% and 200 mL", "weight loss ≥ 5% and 3 kg": a bare amount joined by "and" to a
    share just before it (or a share to an amount) is the same change measured the other way, a second bound the
    same comparator sets. Not a value restated in other units ("≥ 9 g/dL and 5.6 mmol/L": two concentrations),
    nor a time ("< 126 mg/dL and 2 hours after")."""
    own = previous.bounds[-1].quantity
    if ([t.lower_ for t in marks.doc[previous.end:quantity.start]] not in (["and"], ["and/or"])
            or quantity.relative_to or own.relative_to or quantity.is_time or own.is_time):
        return False
    dimensions = {units.dimension(q.unit or "") for q in (own, quantity)}
    amounts = dimensions - {"fraction"}
    return "fraction" in dimensions and len(amounts) == 1 and _AMOUNT.issuperset(amounts)


_AMOUNT = frozenset({"volume", "mass", "length"})
"""Dimensions of an absolute amount that a share may restate as a second bound ("≥ 12% and 200 mL")."""


def _restated_in_another_unit(marks: Marks, previous: Atom, quantity: Quantity) -> bool:
    """"Proteinuria ≥ 2+ (1.0 g/24 h)": a bracket holding only a measured value right after a grade (a dipstick
    reading or a score) is the same bound measured another way. (A value restated in other units of the same
    quantity, "< 9 g/dL (5.6 mmol/L)", is the same comparison and is not read twice.)"""
    doc, own = marks.doc, previous.bounds[-1].quantity
    if own.unit not in ("{dipstick}", "1") or quantity.unit in (None, "1") or quantity.is_time or quantity.relative_to:
        return False
    bracketed = previous.end == quantity.start - 1 and doc[previous.end].text == "("
    return bracketed and quantity.end < len(doc) and doc[quantity.end].text == ")"
