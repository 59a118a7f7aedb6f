"""The engine's data tables, loaded once: measures, unit spellings, comparator phrases, cues, concepts.

Every rule a clinician might want to review is a row in `parser/criteria/data/`; this module only
reads the files into typed records.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import get_args

from parser.models.criteria import Op

_OPS: dict[str, Op] = {op: op for op in get_args(Op)}


@dataclass(frozen=True)
class Measure:
    """A measurable quantity criteria put thresholds on, with its codes and canonical unit."""

    key: str
    name: str
    loinc: str | None
    unit: str
    implied_unit: str | None
    category: str
    synonyms: tuple[str, ...]
    abbreviations: tuple[str, ...]
    molar_mass: float | None
    plausible: tuple[float, float] | None


@dataclass(frozen=True)
class ConceptEntry:
    """A concept and the terms its row lists, each with how it relates to the concept.

    The criteria engine marks every term of a row as a mention of the row's category (and one mention
    per row and criterion); a screener needs the relation: a `synonym` names the same concept, a
    `narrower` term a kind of it ("liver metastases" of "metastasis"), a `broader` term a concept it is
    a kind of ("systemic therapy" of "chemotherapy"), so a record of a narrower term satisfies a criterion
    naming the broader one and not the other way round.
    """

    concept: str
    category: str
    synonyms: tuple[str, ...]
    narrower: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term the row lists, whatever its relation: what marks a mention of the concept."""
        return (*self.synonyms, *self.narrower, *self.broader)


def table_rows(name: str) -> list[dict[str, str]]:
    """The rows of the data table `name` (a CSV file in `parser/criteria/data/`), read as the csv module wants
    (newline="")."""
    with resources.files("parser.criteria").joinpath("data", name).open("rb") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@cache
def measures() -> tuple[Measure, ...]:
    out = []
    for row in table_rows("measures.csv"):
        low, high = row["plausible_min"], row["plausible_max"]
        out.append(
            Measure(
                key=row["key"],
                name=row["name"],
                loinc=row["loinc"] or None,
                unit=row["unit"],
                implied_unit=row["implied_unit"] or None,
                category=row["category"],
                synonyms=_split(row["synonyms"]),
                abbreviations=_split(row["abbreviations"]),
                molar_mass=float(row["molar_mass"]) if row["molar_mass"] else None,
                plausible=(float(low), float(high)) if low and high else None,
            )
        )
    return tuple(out)


@cache
def measures_by_key() -> dict[str, Measure]:
    return {m.key: m for m in measures()}


@cache
def measures_by_name() -> dict[str, tuple[Measure, ...]]:
    """Every lower-cased name, synonym and abbreviation, to the measures it can mean (first = preferred)."""
    table: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures():
        for name in (measure.name, measure.key, *measure.synonyms, *measure.abbreviations):
            if measure not in table[name.lower()]:
                table[name.lower()].append(measure)
    return {name: tuple(found) for name, found in table.items()}


def _name_key(text: str) -> str:
    return "".join(text.lower().split())


@cache
def _measures_by_key_of_name() -> dict[str, tuple[Measure, ...]]:
    table: dict[str, list[Measure]] = defaultdict(list)
    for name, found in measures_by_name().items():
        for measure in found:
            if measure not in table[_name_key(name)]:
                table[_name_key(name)].append(measure)
    return {key: tuple(found) for key, found in table.items()}


def find_measures(written: str) -> tuple[Measure, ...]:
    """The measures a name may mean, however it was spaced or cased ("Group(ECOG)" = "group (ecog)")."""
    return _measures_by_key_of_name().get(_name_key(written), ())


@cache
def _magnitude_units() -> dict[str, tuple[tuple[float, float, str], ...]]:
    table: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for row in table_rows("implied_units.csv"):
        table[row["measure"]].append((float(row["min"]), float(row["max"]), row["unit"]))
    return {key: tuple(rows) for key, rows in table.items()}


def implied_unit(measure: Measure, value: float) -> str | None:
    """The unit a threshold on `measure` means when the text leaves it out ("platelets < 100,000", "Hb < 8").

    Labs are read by magnitude (`data/implied_units.csv`: platelets 100 are 10*9/L, 100,000 are /uL); a lab
    value outside every conventional range stays without a unit rather than be guessed. Otherwise the measure's
    one implied unit, if it has one (age in years, BMI in kg/m2, scores in 1).
    """
    for low, high, unit in _magnitude_units().get(measure.key, ()):
        if low <= abs(value) <= high:
            return unit
    return measure.implied_unit


@cache
def orphan_measures() -> dict[tuple[str, str], tuple[Measure, float, float]]:
    """(Dimension of a lone threshold, "none" without a unit; section) to the measure an NCI/PDQ block meant by it,
    with the plausible range of that measure in its own unit (months for life expectancy, years for age)."""
    by_key = measures_by_key()
    return {
        (row["dimension"], section): (by_key[row["measure"]], float(row["min"]), float(row["max"]))
        for row in table_rows("orphans.csv")
        for section in _split(row["sections"])
    }


@cache
def unit_measures() -> dict[str, tuple[Measure, float, float]]:
    """Dimension of a unit to the one measure it names by itself, with that measure's plausible range in its
    own unit (`data/unit_measures.csv`)."""
    by_key = measures_by_key()
    return {row["dimension"]: (by_key[row["measure"]], float(row["min"]), float(row["max"]))
            for row in table_rows("unit_measures.csv")}


@cache
def unit_spellings() -> dict[str, str]:
    """Unit spelling, lower-cased with spaces removed and `µ` as `u`, to its UCUM code."""
    return {row["spelling"].replace(" ", ""): row["ucum"] for row in table_rows("units.csv")
            if row["spelling"] == row["spelling"].lower()}


@cache
def exact_unit_spellings() -> dict[str, str]:
    """Spellings whose case matters (`G/L` is giga per litre, `g/L` grams per litre)."""
    return {row["spelling"].replace(" ", ""): row["ucum"] for row in table_rows("units.csv")
            if row["spelling"] != row["spelling"].lower()}


@cache
def number_words() -> dict[str, tuple[float, str]]:
    """Number words and Roman numerals to (value, kind); Roman numerals count only after a grade or class."""
    return {row["word"]: (float(row["value"]), row["kind"]) for row in table_rows("numbers.csv")}


@cache
def comparators() -> tuple[tuple[str, Op, str], ...]:
    """(phrase, op, position) with position `before` or `after` the number (an op the contract lacks fails the load)."""
    return tuple((row["phrase"], _OPS[row["op"]], row["position"]) for row in table_rows("comparators.csv"))


@cache
def age_comparators() -> frozenset[str]:
    """Comparator phrases that say what they compare: "older than 18" bounds an age."""
    return frozenset(row["phrase"] for row in table_rows("comparators.csv") if row["implies"] == "age")


@cache
@cache
def words(kind: str) -> frozenset[str]:
    """The phrases of a cue kind as a set, for rules that test one token against it (`WORD_LIST_CUES` above all)."""
    return frozenset(cues()[kind])


@cache
def cues() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for row in table_rows("cues.csv"):
        if row["phrase"] not in table[row["kind"]]:
            table[row["kind"]].append(row["phrase"])
    return {kind: tuple(phrases) for kind, phrases in table.items()}


POSITIONAL_CUES = frozenset({
    "normal_after_multiplier", "unit_adjective", "anchor_continuation", "multiple_direction", "follow_up_event",
})
"""Cue kinds looked up only at one known position (after a multiplier, after a number, after an anchor): they
hold everyday words ("normal", "full", "and no"), so marking them everywhere would cost more than it tells."""
REST_CUES = frozenset({
    "rest_qualifier", "rest_definition", "rest_alternative", "rest_examples", "rest_exceptions", "rest_severity",
})
"""Cue kinds read only for a criterion its expression leaves partly unstructured (`parser.criteria.rest`)."""
WORD_LIST_CUES = frozenset({
    "grading_system", "measure_change", "threshold_link", "bracket_lead", "dose_route", "pronoun", "generic_label",
    "rate_stop", "rate_head", "alcohol_word", "done_to", "linking_word", "before_negative", "limit_filler",
    "sentence_abbreviation", "score_filler", "lesion_property", "steady_state", "least_when_bare",
    "forward_anchor", "study_word", "period_lead",
})
"""Cue kinds read as word lists at one position where a rule asks (`words`), never marked as spans."""


@cache
def _positional_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    return {kind: tuple(sorted((tuple(p.split()) for p in cues()[kind]), key=len, reverse=True))
            for kind in POSITIONAL_CUES}


def phrase_at(words: list[str], kind: str) -> int:
    """How many of `words` (lower-cased tokens from a position) a phrase of the positional cue `kind` covers, or 0."""
    for phrase in _positional_phrases()[kind]:
        if tuple(words[:len(phrase)]) == phrase:
            return len(phrase)
    return 0


@cache
def section_words() -> dict[str, str]:
    """Header word (lower case, no plural s) to the section it opens."""
    table = cues()
    words = {w.lower().rstrip("s"): "inclusion" for w in table["section_inclusion"]}
    words.update({w.lower().rstrip("s"): "exclusion" for w in table["section_exclusion"]})
    return words


@cache
def concepts() -> tuple[ConceptEntry, ...]:
    return tuple(
        ConceptEntry(row["concept"], row["category"], _split(row["synonyms"]), _split(row["narrower"]),
                     _split(row["broader"]))
        for row in table_rows("concepts.csv"))


@dataclass(frozen=True)
class ScreeningTerms:
    """The screener's word lists (`data/screening.csv`)."""

    states: dict[str, str]
    """Concept words a patient field answers rather than a condition or treatment: word to the field's
    state (`pregnant`, `lactating`, `female`, `male`)."""
    later_anchors: tuple[str, ...]
    """Anchor words of windows that lie after enrollment ("6 months after the last dose"): not checkable."""
    unrecorded_categories: frozenset[str]
    """Concept categories no patient record states as a fact (laboratory): left to a reviewer."""
    enrolment_categories: frozenset[str]
    """Concept categories confirmed when the patient enrols (consent, contraception): listed, not blocking."""
    lesion_words: dict[str, frozenset[str]]
    """Words of a lesion count's name and what each says: counts `lesions` or `organs`, only `distant` or
    `measurable` ones, or nothing (`filler`)."""
    lesion_sites: dict[str, str]
    """Site words of lesion counts and of patients' lesions, to one name per organ ("pelvic" → pelvis)."""


@cache
def screening_terms() -> ScreeningTerms:
    rows = table_rows("screening.csv")
    return ScreeningTerms(
        states={row["term"]: row["value"] for row in rows if row["kind"] == "state"},
        later_anchors=tuple(row["term"] for row in rows if row["kind"] == "later_anchor"),
        unrecorded_categories=frozenset(row["term"] for row in rows if row["kind"] == "unrecorded_category"),
        enrolment_categories=frozenset(row["term"] for row in rows if row["kind"] == "enrolment_category"),
        lesion_words={row["term"]: frozenset(row["value"].split()) for row in rows if row["kind"] == "lesion_word"},
        lesion_sites={row["term"]: row["value"] for row in rows if row["kind"] == "lesion_site"},
    )
