"""Atoms: quantities paired with what makes them a criterion (a comparator, a range, a time window).

An atom is a quantity with its comparator (prefix "≥ 18", postfix "18 or older"), a range ("18-75",
"between 18 and 75", "0 or 1", "I~II"), or a time window ("within 6 months", "28 days prior to first
dose"). A bare number ("RECIST 1.1", "COVID-19", list numbering) makes no atom: it is not a criterion.
How a duration becomes a window, and what it dates, is read in `windows`; which measure an atom bounds is
decided later, in `assemble`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from parser import vocabulary
from parser.criteria import (
    bare_bounds,
    degrees,
    lexicon,
    number_first,
    period_bounds,
    ranges,
    restatements,
    score_atoms,
    scores,
    shared_units,
    subgroup_periods,
    washouts,
    windows,
)
from parser.criteria.alternatives import alternative_span
from parser.criteria.comparator_sites import (
    TURNED,
    better_or_worse,
    extremum_of,
    graded_condition,
    op_of,
    opens_a_period,
    postfix_after_aside,
    postfix_after_count,
    postfix_after_substance,
    postfix_comparator,
    prefix_comparator,
)
from parser.criteria.marks import Marks
from parser.criteria.quantities import TIMES, Quantity, find_quantities, read_in_its_unit
from parser.models.criteria import Direction, Limit, Op
from parser.vocabulary import Measure, units

BOUNDARY = frozenset({";", ".", "!", "?"})
CLAUSE_PUNCT = frozenset({",", ";", ".", ":"})
COORDINATION = frozenset({"or", "and", "/", ",", "&", "and/or"})
LIST_JOINS = frozenset({",", "or", "and", "/", "and/or"})
"""The words between the members of a written list ("paclitaxel, docetaxel or carboplatin")."""
MEASURED_TIMES = frozenset({"ms", "s", "min"})
"""Units of time a measure is read in ("QTc > 470 ms"), not a length of time a state lasted or a period since."""
MAX_NP = 7
MAX_GROUP = 16
_MAX_UNIT_WORDS = 3  # "10 g pure alcohol = …": the words of an amount's unit before an equals sign
_LASTING_UNITS = frozenset({"mo", "a"})
"""The units a lasting state's duration is counted in: "20 weeks of amenorrhea" is a pregnancy's age."""
_LASTING_REACH = 3
"""How far after a duration its lasting state may be named: a modifier or two ("12 months of spontaneous
amenorrhea")."""


@dataclass
class Bound:
    op: Op
    quantity: Quantity


@dataclass
class Atom:
    """One threshold or window before its measure is known; token indices half-open."""

    start: int
    end: int
    bounds: list[Bound]
    kind: str = "comparison"  # comparison, window, distance
    comparator: Span | None = None
    measures: Sequence[Measure | str] = field(default_factory=list)  # read-only once set: a list of Measure fits too
    measure_spans: list[tuple[int, int]] = field(default_factory=list)
    coordination: str = "all"
    when: tuple[int, int, bool] | None = None  # (start, end, negated)
    anchor: tuple[int, int] | None = None
    direction: Direction = "past"  # a window's: "ahead" for one still to come at screening ("within the next 4 weeks")
    concept: tuple[int, int] | None = None
    implied_op: bool = False  # no comparator written ("bilirubin 1.5 x ULN"): read from the section or the words
    complement: bool = False  # "outside the range of 90-160": either bound is met, not both
    named_where_found: bool = False  # its measure came with it ("T2-4"): nothing around it is read for one
    subgroup_period: bool = False  # a subgroup's own period ("(6 weeks for nitrosoureas)"): a requirement apart
    washout: bool = False  # a period a lead says is a washout ("Washout periods:" / "Chemotherapy: 21 days")
    labels: dict[str, str] = field(default_factory=dict)
    aside: range = range(0)  # an aside its range steps over ("21 (19 in Korea) to 70"): words it leaves unread


def named_from(doc: Doc, atom: Atom, previous: Atom | None) -> int:
    """Where a threshold's node starts: at the lexicon names it bounds when only they, their coordinators and
    brackets stand before it ("…, AST or ALT ≤ 2.5 x ULN": the comma joins it to the node before, not the "or" of
    its names); else at the threshold."""
    if not all(isinstance(m, Measure) for m in atom.measures):
        return atom.start
    named = {i for begin, end in atom.measure_spans for i in range(begin, end)}
    start = atom.start
    while start > (previous.end if previous else 0) and (start - 1 in named or doc[start - 1].lower_ in _NAME_JOINS):
        start -= 1
    return min([atom.start, *(begin for begin, _ in atom.measure_spans if begin >= start)])


_NAME_JOINS = (LIST_JOINS - {","}) | {"(", ")"}
"""What may stand between the names one threshold bounds ("AST (SGOT) and/or ALT")."""


@dataclass(frozen=True)
class FoundAtoms:
    """What `find_atoms` reads: the atoms, and the tokens of ranges it read as a scale's ends ("on a 0 to 10 point
    scale"), which the assembler counts as read (no lost threshold) though no atom holds them."""

    atoms: list[Atom]
    scale_ends: set[int]


def find_atoms(marks: Marks, section: str, heading: tuple[Measure, ...] = (),
               lead_period: Op | None = None) -> FoundAtoms:
    """Pair quantities with comparators, ranges and windows; bare numbers are not criteria (but the values of a
    table under a lab's heading: `bare_bounds.table_row`, and a period after a label under a lead of periods:
    `washouts.labelled_period`). With the atoms, the tokens of a scale's ends (`FoundAtoms`)."""
    doc = marks.doc
    blocked = {i for s in marks.measures for i in range(s.start, s.end)}
    postfix_ends = {start: span.end for start, span in marks.comparators_by_start.items() if op_of(span)[1] == "after"}
    quantities = find_quantities(doc, blocked, marks.cue_starts, postfix_ends)
    quantities += _bare_limits(marks, quantities) + windows.implied_single_periods(marks, quantities)
    quantities.sort(key=lambda q: q.start)
    atoms: list[Atom] = []
    used: set[int] = set()
    scale_ends: set[int] = set()
    for index, quantity in enumerate(quantities):
        if index in used or marks.cue_starting(quantity.end, "decoy_after") or marks.labels_number(quantity.start):
            continue  # "version 2", "visit 1", "cycle 3": labels ("Fitzpatrick skin type 2" is a value of the
            # measure the word ends: today only that name and ECOG's "… Oncology Group" end in a decoy word);
            # "in at least 1 dimension": a way to measure
        if atoms and restatements.absorb_restatement(marks, atoms[-1], quantity):
            continue  # "within 28 days (≤ 28 days)", "14 days (2 weeks)": the same bound said again
        partner = ranges.range_partner(marks, quantities, index)  # past "(53 mmol/mol)", an aside
        if partner is not None and (high_op := ranges.range_with(
                marks, quantity, quantities[partner.at], partner.gap_start)) is not None:
            following = quantities[partner.at]
            used.update(range(index + 1, partner.at + 1))
            low = Quantity(quantity.start, quantity.end, quantity.value, ranges.low_unit(quantity, following),
                           following.relative_to, quantity.number_end, quantity.kind)
            if quantity.unit is None:
                read_in_its_unit(doc, low)  # "between 50.000 and 100.000/mm3"
            start = ranges.range_start(marks, quantity.start)
            low_op: Op = ">="
            in_order = ranges.in_unit_of(low, following) <= following.value  # in one unit: "6 months to 5 years"
            if in_order and (own := ranges.lower_comparator(marks, quantity)) is not None:
                low_op, start = own  # "> 18 to < 65 years": the low end's own comparator, part of the range
            low, high = (low, following) if in_order else (following, low)
            atom = Atom(start, following.end, [Bound(low_op, low), Bound(high_op, high)])
            atom.aside = partner.aside
            if ranges.defines_scale(marks, atom):
                scale_ends.update(range(quantity.start, following.end))
                continue  # "on a 0 to 10 point scale": the scale's ends
            naming = [t.i for t in doc[start + 1:quantity.start] if t.lower_ not in ("the", "of")]
            if naming:  # "between the ages of 18 and 65": the words after the opener name the measure
                atom.measure_spans = [(naming[0], naming[-1] + 1)]
            if ranges.complemented(marks, atom, atoms[-1] if atoms else None):
                atom.bounds, atom.complement = [Bound(ranges.COMPLEMENT[b.op], b.quantity) for b in atom.bounds], True
            atoms.append(atom)
            continue
        series = ranges.or_series(marks, quantities, index)
        if series:
            used.update(range(index + 1, index + len(series)))
            last = series[-1]
            low = Quantity(quantity.start, quantity.end, quantity.value, last.unit, None, quantity.number_end,
                           quantity.kind)
            atoms.append(Atom(quantity.start, last.end, [Bound(">=", low), Bound("<=", last)]))
            continue
        previous = atoms[-1] if atoms else None
        threshold = (score_atoms.plus_or_more(marks, quantity) or washouts.least_time_off(marks, quantity)
                     or _single(marks, quantity, section)
                     or _implicit_bound(marks, quantity, previous, section, heading)
                     or score_atoms.score_value(marks, quantity) or washouts.listed_period(marks, quantity)
                     or washouts.labelled_period(marks, quantity, lead_period))
        if threshold:
            if previous is not None and previous.kind == "window":
                _group_washout(marks, previous, threshold)
            if previous is not None and previous.kind == threshold.kind == "window":
                _window_of_subgroup(marks, previous, threshold)
                windows.elapsed_as_before(marks, previous, threshold)
            atoms.append(threshold)
    for start, end, measure, bounds in [*scores.tnm_ranges(doc), *degrees.block_degrees(marks)]:
        # "T2-4, N0-3", "second- or third-degree heart block": the words name the measure
        atoms = [atom for atom in atoms if atom.end <= start or atom.start >= end]
        ends = [(start, start + 1), (end - 1, end)] if len(bounds) == 2 else [(start, end)]  # "T2" and "4" of "T2-4"
        named = Atom(start, end, [Bound(op, Quantity(first, last, value, "1", None, last))
                                  for (op, value), (first, last) in zip(bounds, ends, strict=True)])
        named.measures, named.named_where_found = [measure], True
        atoms.append(named)
    for atom in atoms:
        if atom.bounds[-1].quantity.kind == "snellen":  # a decimal acuity, not the letter score "BCVA" names
            atom.measures, atom.named_where_found = [vocabulary.measures_by_key()[_DECIMAL_ACUITY]], True
    atoms.sort(key=lambda atom: atom.start)
    ranges.lost_signs_as_range(marks, atoms)
    return FoundAtoms(shared_units.share_units(marks, atoms), scale_ends)


def _implicit_bound(marks: Marks, quantity: Quantity, previous: Atom | None, section: str,
                    heading: tuple[Measure, ...]) -> Atom | None:
    """A threshold whose comparator is implied, not written.

    - a second bound restating the first for a subgroup takes the first one's comparator:
      "AST ≤ 2.5 × ULN (5 × ULN if liver metastases)", "≤ 1.5 mg/dL or 3 mg/dL for Gilbert's"; so does a
      window's ("at least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas)");
    - another span after "or" is the same window measured another way ("within 30 days or 5 half-lives,
      whichever is longer");
    - "within 1.5 × ULN" is at most 1.5 × ULN;
    - "a PGA score of 3" is that value of the score, "HER2 3+" that grade (`score_atoms.stated_grade`);
    - a multiple of the upper limit right after a lab name was written without its comparator ("serum
      bilirubin 1.5 × institutional ULN"): an inclusion allows up to it, an exclusion excludes from it on.
      The criterion says so in a note, so a reviewer sees the comparator was read, not written. So does a
      multiple that opens an item under a lab named on the line above.
    """
    doc = marks.doc
    if score_atoms.qualified_grade(doc, quantity):
        return None
    if previous is not None and quantity.is_time and (own := _subgroup_period(marks, previous, quantity)) is not None:
        return own
    if previous is not None and previous.kind == "comparison" and restatements.bound_alike(marks, previous, quantity):
        return Atom(quantity.start, quantity.end, [Bound(previous.bounds[-1].op, quantity)])
    if previous is not None and previous.kind == "window" and alternative_span(marks.doc, previous, quantity):
        atom = Atom(quantity.start, quantity.end, [Bound(previous.bounds[-1].op, quantity)], kind="window")
        atom.anchor, atom.direction = previous.anchor or windows.anchor_after(marks, quantity.end), previous.direction
        return atom
    if quantity.unit in (None, "1") and not quantity.relative_to and score_atoms.value_of_a_score(doc, quantity.start):
        return Atom(quantity.start, quantity.end, [Bound("==", quantity)], implied_op=True)
    if (graded := score_atoms.stated_grade(doc, quantity, section)) is not None:
        return graded
    if section == "inclusion" and not quantity.relative_to and (row := bare_bounds.table_row(marks, quantity, heading)):
        atom = Atom(quantity.start, quantity.end, [Bound(row[1], quantity)], implied_op=True)
        atom.measures, atom.named_where_found = [row[0]], True
        return atom
    if (counted := bare_bounds.opening_count(marks, quantity)) is not None:
        return Atom(quantity.start, quantity.end, [Bound(counted, quantity)], implied_op=True)
    bare = bare_bounds.bare_bound(marks, quantity) if section == "inclusion" and not quantity.relative_to else None
    if units.dimension(quantity.unit or "") in lexicon.words("cumulative_dimension"):
        bare = ">="  # "a 10 pack-year history", in either section: at least that much
    if bare is not None:
        return Atom(quantity.start, quantity.end, [Bound(bare, quantity)], implied_op=True)
    if quantity.unit in _LASTING_UNITS and (state := _lasting_state_after(marks, quantity)) is not None:
        atom = Atom(quantity.start, quantity.end, [Bound(">=", quantity)], implied_op=True)
        atom.measures, atom.measure_spans, atom.named_where_found = [marks.doc[slice(*state)].text], [state], True
        return atom
    if quantity.relative_to != "ULN":
        return None
    before = quantity.start - 1
    if before >= 0 and doc[before].lower_ == "within":
        return Atom(before, quantity.end, [Bound("<=", quantity)])
    implied_lead = lexicon.words("implied_lead")  # "bilirubin level 1.2x ULN": words between a name and its limit
    while before >= 0 and doc[before].lower_ in implied_lead:
        before -= 1
    named = before in marks.measure_at or (before >= 0 and doc[before].text == ")" and _names_a_measure(marks, before))
    # "LFTs (SGOT or SGPT) 2.5 x ULN"; "AST and ALT:" / "2.5 x ULN without liver metastases"
    if named or quantity.start == 0:
        return Atom(quantity.start, quantity.end, [Bound("<=" if section == "inclusion" else ">=", quantity)],
                    implied_op=True)
    return None


def _subgroup_period(marks: Marks, previous: Atom, quantity: Quantity) -> Atom | None:
    """A period a subgroup has instead of the one just before (`subgroup_periods`): it bounds as the nearest bound
    there does ("18 to 65 years (21 years for Singapore)": at least 21); a window's dates the group ("(6 weeks for
    nitrosoureas)", never a group of persons: "(3 months in case of subjects who are …)"), any other duration's is
    for the group ("age 18 or older (20 years for Japan)", "disease-free for 3 years, or 1 year for skin
    carcinoma", "(6 months for children 4 to 5 years of age)")."""
    if not (previous.kind == "window" or previous.bounds[-1].quantity.is_duration):
        return None
    group = subgroup_periods.group_of(marks, previous.end, quantity)
    persons = group is not None and _names_persons(marks, *group)
    if group is None or (persons and previous.kind == "window") or _names_the_rest(marks, *group):
        return None
    nearest = min(previous.bounds, key=lambda bound: abs(bound.quantity.value - quantity.value))
    atom = Atom(quantity.start, quantity.end, [Bound(nearest.op, quantity)], kind=previous.kind, subgroup_period=True)
    if previous.kind == "window":
        atom.concept, atom.direction = group, previous.direction
    elif not persons:  # persons are read as any subgroup, with the condition they have (`conditions`)
        atom.when = (*group, False)  # whom it is for; or what it is of, when the resolver finds so
    return atom


def _group_washout(marks: Marks, previous: Atom, atom: Atom) -> None:
    """"At least 4 weeks since chemotherapy (at least 6 weeks for nitrosoureas)": a least time with a comparator of
    its own after a least time since an event, for a group of events (`subgroup_periods`), is that group's washout.
    Only a longer one, which both hold for the group; a shorter one exempts it ("(at least 14 days for gemcitabine)"
    after 21 days), which two washouts cannot say. Not for persons or ages ("(at least 8 weeks for those over 75)"),
    nor after a most time ("within 4 weeks (at least 6 weeks for X)" lengthens the window). So is a longer most time
    after a most time the group's own window, as "within" would be ("≤ 3 weeks (≤ 6 weeks for nitrosoureas) prior
    to"); a shorter one exempts the group ("≤ 4 weeks (≤ 2 weeks for small molecules)") and stays as it is."""
    quantity, before = atom.bounds[-1].quantity, previous.bounds[-1].quantity
    ops = {atom.bounds[-1].op, previous.bounds[-1].op}
    if (atom.kind != "comparison" or len(atom.bounds) != 1 or not quantity.is_time or not before.is_time
            or not (ops <= {"<", "<="} or ops <= {">", ">="})
            or units.convert(quantity.value, quantity.unit or "", before.unit or "") <= before.value):
        return
    group = subgroup_periods.group_of(marks, previous.end, quantity, atom.start)
    if (group is None or _names_persons(marks, *group) or _names_the_rest(marks, *group)
            or any(t.like_num or t.lower_ in lexicon.words("person") for t in marks.doc[group[0]:group[1]])):
        return
    atom.kind, atom.concept, atom.direction, atom.subgroup_period = "window", group, previous.direction, True


def _window_of_subgroup(marks: Marks, previous: Atom, window: Atom) -> None:
    """A window of its own words for a group after another window ("within 3 weeks (within 6 weeks for
    nitrosoureas)", "… or within 6 weeks for mitomycin C") dates the group, as a bare period there does
    (`_subgroup_period`); not a group of persons, nor "all others"."""
    quantity = window.bounds[-1].quantity
    group = subgroup_periods.group_of(marks, previous.end, quantity, window.start)
    if group is not None and not _names_persons(marks, *group) and not _names_the_rest(marks, *group):
        window.concept, window.subgroup_period = group, True


def _names_the_rest(marks: Marks, start: int, end: int) -> bool:
    """Whether a group is only the rest of what came before ("for all others", "for the remaining agents"): no event
    of its own to date or name."""
    rest = lexicon.words("rest_of_group")
    return all(t.lower_ in rest or not t.is_alpha for t in marks.doc[start:end])


def _names_persons(marks: Marks, start: int, end: int) -> bool:
    """Whether a group names persons ("patients with …", "those with leukaemia"), not things a determiner points to
    ("those agents with unknown elimination", "all others")."""
    doc, persons = marks.doc, lexicon.words("person")
    if doc[start].lower_ not in persons:
        return False
    if doc[start].lower_ not in lexicon.words("group_determiner") or start + 1 >= end:
        return True
    following = doc[start + 1].lower_  # "those with …", "those treated with …", "those previously on …"
    links = persons | lexicon.words("person_link") | lexicon.words("person_use_link") | lexicon.words("done_to")
    return following in links or following.endswith("ly") or not doc[start + 1].is_alpha


def _lasting_state_after(marks: Marks, quantity: Quantity) -> tuple[int, int] | None:
    """"12 months of spontaneous amenorrhea", "a 3-month history of asthma": a duration written without a
    comparator right before a state that lasts (`lasting_noun` cues, a modifier or two between; for a history, what
    it is of) is how long that state has lasted, at least. The words of the state, or None."""
    doc, stops = marks.doc, lexicon.words("np_stop")
    start = quantity.end + (quantity.end < len(doc) and doc[quantity.end].lower_ == "of")
    for i in range(start, min(start + _LASTING_REACH, len(doc))):
        word = doc[i].lower_
        if not doc[i].is_alpha or word in stops or i in marks.measure_at:
            return None  # "boys aged 12 years with history of asthma": the age, not the history's length
        if word not in lexicon.words("lasting_noun"):
            continue
        if i + 2 < len(doc) and doc[i + 1].lower_ == "of" and word in lexicon.words("generic_label"):
            end = i + 2  # "history of chronic migraine": what the history is of
            while end < len(doc) and end - i - 2 < MAX_NP and doc[end].is_alpha and doc[end].lower_ not in stops:
                end += 1
            return (i + 2, end) if end > i + 2 else None
        return start, i + 1
    return None


def _names_a_measure(marks: Marks, closing: int) -> bool:
    """Whether the bracket closed at `closing`, or the word before it, names a measure."""
    depth = 0
    for i in range(closing, -1, -1):
        depth += {")": 1, "(": -1}.get(marks.doc[i].text, 0)
        if depth == 0:
            return any(k in marks.measure_at for k in range(i - 1, closing))
    return False


_LIMIT_CUES: tuple[tuple[str, Limit], ...] = (("uln", "ULN"), ("lln", "LLN"))
_LIMIT_FILLER_REACH = 3
"""Words between a comparator and the normal limit it names alone ("≤ the site 's ULN")."""


def _bare_limits(marks: Marks, quantities: list[Quantity]) -> list[Quantity]:
    """"≤ ULN" with no number is a multiple of one."""
    doc, taken = marks.doc, {i for q in quantities for i in range(q.start, q.end)}
    found = []
    for end in marks.comparators_by_end:
        j = end
        while True:  # "≤ ULN", "≤ the ULN", "≤ local ULN": the limit's words start right after the comparator
            named = [(cue, limit) for kind, limit in _LIMIT_CUES if (cue := marks.cue_starting(j, kind)) is not None]
            if named:
                cue, limit = named[0]
                if j not in taken:
                    found.append(Quantity(end, cue.end, 1.0, "1", limit, end, "implied"))
                break
            if j >= len(doc) or j - end >= _LIMIT_FILLER_REACH or doc[j].lower_ not in lexicon.words("limit_filler"):
                break
            j += 1
    return found


def _coefficient(marks: Marks, quantity: Quantity) -> bool:
    """"eGFR = 141 × (Scr/0.9)^-0.411", "FEV1 predicted = 4.30 x height", "CrCl for females = 0.85 x male value":
    a bare number times a variable after an equals sign is a formula's coefficient, no threshold (a power of ten or a
    normal limit after the sign is the number's unit, read before)."""
    doc, i = marks.doc, quantity.end
    if quantity.unit is not None or quantity.relative_to or i >= len(doc) or doc[i].text[:1] not in TIMES:
        return False
    rest = doc[i].text[1:] or (doc[i + 1].text if i + 1 < len(doc) else "")
    return bool(rest) and (rest[0].isalpha() or rest[0] == "(")


def _equates_amounts(marks: Marks, start: int, quantity: Quantity) -> bool:
    """"1 unit = 8 g of alcohol", "10 g pure alcohol = 250 mL", "age over 60 yr = 3 points", "0-12 = 0": an amount
    set equal to an amount of another unit, or to a bare score, defines a unit or scores a band, and neither side is a
    threshold; so does one unit named with an article ("a standard unit equals 12 ounces": `unit_article`,
    `defined_unit` cues). A measure's name is an amount's words only after its unit ("10 g pure alcohol"), not after
    a label's number ("Stage 3 eGFR = 45 mL/min"). "18 years = 75 years" and "110 mmHg or = 50 mmHg" are ranges whose
    signs were lost."""
    doc, j = marks.doc, start
    linking, articles = COORDINATION | lexicon.words("range"), lexicon.words("unit_article")
    while (j > 0 and start - j < _MAX_UNIT_WORDS and doc[j - 1].is_alpha and not doc[j - 1].like_num
           and doc[j - 1].lower_ not in linking | articles):
        j -= 1
    own = [t.lower_ for t in doc[j:start]]
    counted = j > 0 and doc[j - 1].like_num
    defined = bool(own) and own[-1] in lexicon.words("defined_unit") and j > 0 and doc[j - 1].lower_ in articles
    named = any(k in marks.measure_at for k in range(j, start))
    if not (counted or defined) or (named and not (own and units.spelled(own[0]))):
        return False
    other = [t.lower_ for t in doc[quantity.number_end:quantity.number_end + len(own)]]
    return not own or own != other


def _single(marks: Marks, quantity: Quantity, section: str) -> Atom | None:
    comparator, between = prefix_comparator(marks, quantity.start)
    graded: str | None = None
    extremum = comparator is None
    if extremum:
        comparator, between = extremum_of(marks, quantity.start)
    if comparator is not None and opens_a_period(marks, comparator, quantity):
        comparator = None
    op = None
    start, end = quantity.start, quantity.end
    if comparator is not None and op_of(comparator)[1] == "before":
        op, start = op_of(comparator)[0], comparator.start
        if start > 0 and marks.doc[start - 1].text in ("(", "[") and (words := marks.comparators_by_end.get(start - 1)):
            start = words.start  # "greater than (>) 11%": the words the bracketed sign restates open the atom
        if op == "==" and (_equates_amounts(marks, start, quantity) or _coefficient(marks, quantity)):
            return None
        if op == "==" and (ending := _postfix(marks, quantity)) is not None and op_of(ending)[0] != "==":
            op, end, comparator = op_of(ending)[0], max(ending.end, quantity.unit_end), ending
            # "Age = 18 years and above": the sign stood for what the words after the number say
    else:
        comparator = None
        postfix = _postfix(marks, quantity)
        if postfix is None and (postfix := postfix_after_count(marks, quantity)) is not None:
            quantity.unit = "1"  # "six cycles or less": the noun is what is counted, no neighbour's unit
            graded = graded_condition(marks, quantity, postfix)
        if postfix is not None:  # "2 or more weeks": the unit after the comparator is the atom's too
            op, end, comparator = op_of(postfix)[0], max(postfix.end, quantity.unit_end), postfix
            if postfix[-1].lower_ in lexicon.words("better_worse_word"):
                op = better_or_worse(marks, quantity, op)
                end, comparator = (end, comparator) if op is not None else (quantity.end, None)
        elif (late := postfix_after_substance(marks, quantity)) is not None:
            op, comparator = op_of(late)[0], late  # "17.5 mg/day of prednisone or more": the atom ends at its unit
    hedged = start - 1 if start > 0 and marks.doc[start - 1].lower_ in lexicon.words("hedge_word") else start
    window_cue = (marks.cue_ending(start, "window") or marks.cue_ending(hedged, "window")  # "within about 6 months"
                  or _window_before_bracket(marks, quantity)
                  or windows.recency_opening(marks, quantity)
                  or windows.recency_before(marks, start, quantity)
                  or windows.period_after_lead(marks, quantity))
    if window_cue is None and op is None and (period := windows.adjectival_period(marks, quantity)) is not None:
        window_cue, end = period
    if window_cue is not None and op is None and (leading := marks.comparators_by_end.get(window_cue.start)):
        # "for at least the last 6 months": how long it lasted, at least; "over the past 6 months" opens the period
        if op_of(leading)[1] == "before" and leading.text.lower() not in lexicon.words("period_opener"):
            op, comparator = op_of(leading)[0], leading
    if window_cue is not None and (quantity.is_duration or quantity.is_length):
        kind = "window" if quantity.is_duration else "distance"
        held = quantity.is_time and period_bounds.window_held_for(marks, window_cue.start, section)
        implied_window: Op = ">=" if held else "<="
        first = comparator.start if comparator is not None and comparator.end == window_cue.start else window_cue.start
        atom = Atom(first, end, [Bound(op or implied_window, quantity)], kind=kind, comparator=comparator)
        atom.anchor = windows.anchor_after(marks, end)
        if windows.counts_from_the_end(marks, atom.anchor) and not windows.planned(marks, first):
            return None  # a promise ("for 3 months after the last dose"), not a plan ("intends to … within …")
        atom.direction = windows.direction(marks, window_cue, first)
        return atom
    if quantity.is_time:
        anchor = windows.anchor_after(marks, end)
        if (anchor is not None and marks.doc[anchor[0]].lower_ == "of"
                and not windows.names_reference_event(marks, anchor[0] + 1)):
            anchor = None  # "72 hours of hospitalization" is a duration; "3 weeks of starting the study" a window
        if op is None and windows.counts_from_the_end(marks, anchor) and not windows.planned(marks, start):
            return None  # a written comparator keeps it ("for ≥ 3 months after …", "≥ 21 days after the last dose")
        if anchor is not None and not windows.duration_measure_before(marks, start):
            implied: Op = ">=" if (period_bounds.elapsed_since(marks, start, end, anchor, section)
                                   or period_bounds.window_held_for(marks, start, section)
                                   or period_bounds.held_before_anchor(marks, start)
                                   or period_bounds.ended_before(marks, start, anchor)) else "<="
            if (op is not None and comparator is not None
                    and period_bounds.point_counted_back(marks, comparator, anchor)):
                op = TURNED[op]  # "no earlier than 6 months before screening": within those 6 months
            atom = Atom(start, end, [Bound(op or implied, quantity)], kind="window", comparator=comparator)
            atom.anchor, atom.direction = anchor, windows.direction(marks, None, start)
            return atom
        if op is None and period_bounds.held_for(marks, start):
            return Atom(start, end, [Bound(">=", quantity)])  # "on a stable dose for 3 months": at least that long
    if op is None:
        return number_first.number_first(marks, quantity)
    atom = Atom(start, end, [Bound(op, quantity)], comparator=comparator)
    if graded is not None:
        atom.start, atom.measures, atom.named_where_found = quantity.start - 1, [graded], True
    if between:
        atom.measure_spans = [(s.start, s.end) for s in between]
        noun = between[0]
        if (extremum and not any(k in marks.measure_at for k in range(noun.start, noun.end))
                and noun.text.lower() not in lexicon.words("count_noun")):  # "maximum number of 3 regimens"
            atom.measures, atom.named_where_found = [noun.text], True  # "minimum fraction size of 3 Gy"
    return atom


def _postfix(marks: Marks, quantity: Quantity) -> Span | None:
    """The comparator written after a number: "18 or older", "18 years old or older", "5 (any type) or more"."""
    age_words = marks.cue_starting(quantity.end, "age_after")
    return (postfix_comparator(marks, quantity.end) or (age_words and postfix_comparator(marks, age_words.end))
            or postfix_after_aside(marks, quantity))


_DECIMAL_ACUITY = "decimal_acuity"
"""The measure key (`parser/vocabulary/data/measures.csv`) of a Snellen fraction's decimal visual acuity."""


def _window_before_bracket(marks: Marks, quantity: Quantity) -> Span | None:
    """"MI within (6 months)": a window word before a period bracketed alone opens that period."""
    doc, start, end = marks.doc, quantity.start, quantity.end
    if start == 0 or doc[start - 1].text != "(" or end >= len(doc) or doc[end].text != ")":
        return None
    return marks.cue_ending(start - 1, "window")
