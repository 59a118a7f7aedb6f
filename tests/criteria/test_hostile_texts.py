"""Issue 15, criteria family: generated hostile texts, built from criteria fragments written for this test,
comparators, numbers in every notation, units, brackets, bullets, unicode, control characters and very long
tokens. Whatever the text, `parse_criteria` answers a document: it never raises, every span indexes its text,
every threshold is a finite number in a unit the tables know (or its criterion says a person must look),
an internal error is a note on its criterion, and the document validates against the committed JSON Schema.

Examples are derandomised so CI is stable; `FUZZ_EXAMPLES=5000 pytest tests/criteria/test_hostile_texts.py`
searches further, at random.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser.criteria import parse_criteria
from parser.models.criteria import Comparison, Concept, Criteria, Criterion, Expr
from parser.models.walk import iter_nodes
from parser.vocabulary import units
from parser.vocabulary.measure_ranges import implausible, measures_for

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "extracted" / "schema" / "criteria.schema.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
                derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

UNSPECIFIED = "{unspecified}"
FRAGMENTS = [
    "Age ≥ 18 years", "aged 18 to 75 years", "ECOG performance status 0-1", "Karnofsky ≥ 70%",
    "Absolute neutrophil count ≥ 1.5 × 10^9/L", "ANC \\>= 1,500/mm³", "Platelets ≥ 100,000/µL",
    "Hemoglobin ≥ 9 g/dL", "Hb > 90 g/L", "Total bilirubin ≤ 1.5 × ULN", "AST/ALT ≤ 2.5 x ULN",
    "(≤ 5 × ULN in patients with liver metastases)", "Creatinine clearance ≥ 60 mL/min (Cockcroft-Gault)",
    "serum creatinine ≤ 1.5 mg/dL or ≤ 133 µmol/L", "INR ≤ 1.5", "QTcF > 470 ms", "LVEF < 50%",
    "HbA1c ≥ 7.0%", "systolic blood pressure > 150 mmHg", "BMI ≥ 30 kg/m2", "body weight ≥ 40 kg",
    "Life expectancy of at least 3 months", "No prior chemotherapy within 4 weeks before enrollment",
    "Received radiotherapy within 14 days", "Pregnant or breastfeeding women", "History of HIV infection",
    "Proteinuria ≥ 2+ on dipstick", "urine protein < 1 g/24 h", "at least 1 measurable lesion",
    "more than 2 prior lines of therapy", "Known hypersensitivity to any component of the study drug",
    "Platelets ≥", "Age >", "Hemoglobin <", "ECOG", "creatinine ≤", "ANC", "weight", "QTc >", "LVEF ≥",
]
COMPARATORS = ["<", "<=", ">", ">=", "=", "==", "≤", "≥", "≦", "≧", "⩽", "⩾", "＜", "＞", "=<", "=>", "\\<", "\\>",
               "\\<=", "&lt;", "&gt;=", "<=>=", "≤≥", "greater than", "less than or equal to", "at least",
               "no more than", "up to", "between", "from", "to", "-", "–", "—", "~", "±", "not"]
NUMBERS = ["0", "1", "18", "75", "1.5", ".5", "0,5", "1,500", "1.500", "100 000", "1e9", "1E-3", "1.5×10^9",
           "10⁹", "10^12", "½", "-3", "+2", "2+", "3/4", "٣", "１８", "Ⅲ", "two", "9" * 40, "9" * 400, "0" * 60 + "1",
           "1" + "0" * 309, "1.7976931348623157e308", "nan", "inf", "∞"]
UNITS = ["mg/dL", "µmol/L", "umol/L", "× 10^9/L", "x10⁹/L", "/mm3", "/µL", "g/L", "mmHg", "mL/min/1.73m²", "%",
         "years", "months", "weeks", "days", "hours", "IU/L", "U/L", "ng/mL", "cells/mm3", "kg/m2", "ms", "bpm",
         "°C", "mg/24h", "x ULN", "× LLN", "K/uL", "{cells}/uL", "furlongs", "mg/kg/day", "mmol/mol"]
MARKUP = ["Inclusion Criteria:", "Exclusion Criteria:", "* ", "  -  ", "• ", "1. ", "a) ", "(", ")", "[", "]", "{",
          "}", "\\*", "\\^", "<p>", "</p>", "<li>", "<ul>", "</ul>", "<br/>", "&amp;", "&#x2265;", ";", ",", ".",
          ":", " or ", " and ", " and/or ", " in patients with ", "Cohort A:", "Note:", "e.g.", "i.e."]
ODD = st.sampled_from(["\u00a0", "\u200b", "\ufeff", "\u202e", "\x00", "\x07", "\x1b[0m", "\r", "\t", "\x0c",
                       "\u2028", "\ud800", "🩸", "Å", "A\u030a", "ﬁ", "İ", "ß", "µ", "μ", "\\", "x" * 5000,
                       "‹" * 300, "(" * 300, ")" * 300, "≤" * 200, " " * 300, "\n" * 50, "-" * 400])
PIECES = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(COMPARATORS), st.sampled_from(NUMBERS),
                   st.sampled_from(UNITS), st.sampled_from(MARKUP), ODD, st.text(max_size=8))
SEPARATORS = st.sampled_from(["", " ", "  ", "\n", "\n\n", "\n* ", "\n  -  ", "\n\t- ", "\r\n"])


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """Pieces joined by spaces, line ends and bullets, usually under an inclusion or exclusion header."""
    pieces = draw(st.lists(st.tuples(PIECES, SEPARATORS), max_size=40))
    body = "".join(piece + separator for piece, separator in pieces)
    header = draw(st.sampled_from(["", "Inclusion Criteria:\n\n* ", "Exclusion Criteria:\n* ",
                                   "Inclusion Criteria:\n* Age ≥ 18 years\n\nExclusion Criteria:\n* "]))
    return header + body


def nodes(expr: Expr | None) -> list[Comparison | Concept]:
    """Every comparison and concept below `expr`, the conditions of comparisons (`when`) included."""
    return [node for node in iter_nodes(expr) if isinstance(node, Comparison | Concept)]


def criteria_of(document: Criteria) -> list[Criterion]:
    return document.inclusion + document.exclusion


def threshold_problems(criterion: Criterion) -> list[str]:
    """What in a criterion's comparisons no screener could hold a patient's value against (a value that is not
    a finite number, a unit the tables do not know, a value outside the measure's plausible range), unless the
    criterion says a person must read it (`rest: unknown`) or the unit is the contract's mark for one not written
    (`{unspecified}`, with a note: no screener converts it)."""
    problems = []
    for node in nodes(criterion.expr):
        if isinstance(node, Comparison):
            finite = math.isfinite(node.value) and (node.canonical is None or math.isfinite(node.canonical.value))
            measure = measures_for(node.measure, node.loinc, node.unit)[:1]
            absurd = finite and not node.relative_to and any(implausible(m.key, node.value, node.unit) for m in measure)
            unflagged = node.unit != UNSPECIFIED and (units.dimension(node.unit) is None or absurd)
            if not finite or unflagged:
                problems.append(f"{node.text!r}: {node.measure} {node.value} {node.unit!r}")
    return [] if criterion.rest == "unknown" else problems


@FUZZ
@given(hostile_texts())
def test_a_hostile_text_parses_with_spans_that_index_the_text_and_usable_thresholds(text: str) -> None:
    document = parse_criteria(text)
    for criterion in criteria_of(document):
        assert 0 <= criterion.span[0] <= criterion.span[1] <= len(text), criterion.id
        for node in nodes(criterion.expr):
            assert criterion.text[node.span[0]:node.span[1]] == node.text, (criterion.id, node.text)
            if isinstance(node, Concept) and node.within is not None:
                assert criterion.text[node.within.span[0]:node.within.span[1]] == node.within.text
        assert not threshold_problems(criterion), (criterion.id, criterion.text, threshold_problems(criterion))


@FUZZ
@given(hostile_texts())
def test_a_hostile_text_is_never_an_unreported_internal_error(text: str) -> None:
    document = parse_criteria(text)
    errors = [(criterion.id, note) for criterion in criteria_of(document) for note in criterion.notes
              if "internal error" in note]
    assert not errors, errors


@FUZZ
@given(hostile_texts())
def test_a_hostile_text_gives_a_document_the_committed_schema_accepts(text: str) -> None:
    document = json.loads(parse_criteria(text).model_dump_json(by_alias=True, exclude_none=True))
    problems = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                for error in VALIDATOR.iter_errors(document)]
    assert not problems, problems


# What the properties found, each pinned by its example.

def test_a_lone_surrogate_is_read_as_a_replacement_character_and_spans_still_index_the_text() -> None:
    text = "Inclusion Criteria:\n* \ud800 Age ≥ 18 years"
    (criterion,) = parse_criteria(text).inclusion
    (node,) = nodes(criterion.expr)
    assert isinstance(node, Comparison) and (node.measure, node.op, node.value, node.unit) == ("age", ">=", 18, "a")
    assert text[criterion.span[0]:criterion.span[1]].endswith("Age ≥ 18 years")


def test_a_threshold_outside_its_measures_plausible_range_asks_a_person_to_read_it() -> None:
    (criterion,) = parse_criteria("Inclusion Criteria:\n* Age ≥ 500 years").inclusion
    assert criterion.rest == "unknown"
    assert criterion.notes == ["implausible threshold: age 500 a is outside the plausible 0-130 a; read it in the text"]


def test_a_number_cut_at_the_reading_limit_asks_a_person_to_read_it() -> None:
    (criterion,) = parse_criteria(f"Inclusion Criteria:\n* Platelets ≥ {'9' * 400} x10^9/L").inclusion
    assert criterion.rest == "unknown"
    assert any(note.startswith("implausible threshold: platelet count 1e+100") for note in criterion.notes)


def test_an_aside_emptied_by_folding_after_a_threshold_keeps_the_threshold() -> None:
    """"(version 4.0)" is folded away to "()": the bracket after the threshold is empty, not a group of ages."""
    (criterion,) = parse_criteria("Inclusion Criteria:\n\n  -  Hemoglobin ≥ 9 g/dL (version 4.0)").inclusion
    assert not criterion.notes
    assert [(n.op, n.value, n.unit) for n in nodes(criterion.expr) if isinstance(n, Comparison)] == [(">=", 9, "g/dL")]


@pytest.mark.parametrize("text", ["Probing depth from ≤ 5 mm to ≥ 6 mm",
                                  "ASA 1 or 2 (ASA 1 corresponding to a healthy patient and ASA 2 to mild disease)"])
def test_bounds_one_group_asks_of_one_measure_that_no_value_meets_together_ask_a_person_to_read_them(text: str) -> None:
    (criterion,) = parse_criteria(f"Inclusion Criteria:\n* {text}").inclusion
    assert criterion.rest == "unknown"
    assert any(note.startswith("contradictory thresholds:") for note in criterion.notes)


@pytest.mark.parametrize("text", ["Age 18-75 years", "ECOG 0 or 1", "Hemoglobin ≥ 9 g/dL and ≤ 18 g/dL",
                                  "Age ≥ 18 years and = 18 years at consent"])
def test_bounds_some_value_meets_together_raise_no_doubt(text: str) -> None:
    (criterion,) = parse_criteria(f"Inclusion Criteria:\n* {text}").inclusion
    assert not any(note.startswith("contradictory thresholds:") for note in criterion.notes)
