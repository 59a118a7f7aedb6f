"""Reading the screener's input documents: criteria, and patients (one, or a file of many); each failure one typed
line.

Why here and not in the models: the patient contract imports nothing from the engine, but reading a patient's
units ("mg/dl", "x10^9/L", "{INR}") needs the engine's unit tables, so the reading lives with the screener.
JSON no reader should take (nested thousands deep, 5,000-digit integers, NaN) fails here, at the edge, as the
document's own error, so the CLI shows one `error:` line and never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from parser.errors import InvalidPatient, MalformedCriteria, ParseError, UnsupportedSchemaVersion
from parser.models.criteria import SCHEMA_VERSION, Criteria
from parser.models.patient import Observation, Patient, Quantity
from parser.vocabulary.units import IncompatibleUnits, dimension, read_unit

_WANTED_DIMENSIONS = (("age", "time"), ("weight", "mass"))
_BOM = b"\xef\xbb\xbf"
_M = TypeVar("_M", bound=BaseModel)


def load_json(data: str | bytes, what: str, error: type[ParseError], *, finite: bool = False) -> object:
    """Decode JSON, turning every way a hostile document fails the decoder into `error` naming `what`.

    `finite` refuses NaN and Infinity where no model will (a threshold of NaN compares false with everything, so
    "not > NaN" would pass silently); the patient model refuses them itself, naming the field."""
    try:
        return json.loads(data, parse_constant=_refuse_constant) if finite else json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as problem:
        raise error(f"{what} is not JSON: {problem}") from None
    except RecursionError:
        raise error(f"{what} is nested too deeply to read") from None
    except ValueError as problem:  # Python's limit on digits in an integer, or a refused constant
        raise error(f"{what} is not usable JSON: {' '.join(str(problem).split())}") from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a screener can compare")


def validation_summary(error: ValidationError) -> str:
    """One line naming the first failing field ("field observations.0.unit: unknown unit 'mg/dk'")."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(document)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"field {where}: {first['msg'].removeprefix('Value error, ')}{more}"


@lru_cache(maxsize=4096)
def ucum(unit: str) -> str | None:
    """The UCUM code of a unit as clinicians write it ("mg/dl" -> "mg/dL"), None when the unit tables do not
    know it. Cached: records repeat a handful of spellings."""
    try:
        return read_unit(unit)
    except IncompatibleUnits:
        return None


def patient_from_json(data: str | bytes) -> Patient:
    """Parse and validate a patient document with its units read to UCUM; `InvalidPatient` names the first bad field."""
    raw = load_json(data, "patient", InvalidPatient)
    return _with_ucum_units(_validated(Patient, raw, "patient", InvalidPatient))


@dataclass(frozen=True)
class PatientLineError:
    """A line of a JSON Lines patient file that is no valid patient: its number (from 1) and why. Returned in the
    line's place, not raised, so one typo does not stop the other patients of the file from being screened."""

    line: int
    error: ParseError


def patients_from_json(data: str | bytes) -> Iterator[Patient | PatientLineError]:
    """The patients of a file, lazily: one JSON document (compact or pretty-printed), else JSON Lines.

    A UTF-8 byte-order mark (what Windows editors write first) is skipped. A single document is one patient and a
    bad one raises `InvalidPatient`, as `patient_from_json`; in JSON Lines each non-blank line is a patient or a
    `PatientLineError`. Lines are split as bytes on line breaks only: `str.splitlines` would also split inside a
    JSON string at U+2028."""
    body = (data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data).removeprefix(_BOM)
    try:
        whole = json.loads(body)
    except (ValueError, RecursionError):  # not one document: JSON Lines, read line by line below
        whole = None
    if isinstance(whole, dict):
        yield patient_from_json(body)
        return
    for number, line in enumerate(body.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield patient_from_json(line)
        except ParseError as error:
            yield PatientLineError(number, error)


def _with_ucum_units(patient: Patient) -> Patient:
    """The patient with every unit as its UCUM code, or `InvalidPatient` naming the unit that has none."""
    observations = [_observation_in_ucum(i, obs) for i, obs in enumerate(patient.observations)]
    quantities: dict[str, Quantity] = {}
    for name, wanted in _WANTED_DIMENSIONS:
        quantity = getattr(patient, name)
        if quantity is not None:
            code = _code(quantity.unit, f"{name}.unit")
            if dimension(code) != wanted:
                raise InvalidPatient(f"patient field {name}: {name} unit {code!r} is not a unit of {wanted}")
            quantities[name] = quantity.model_copy(update={"unit": code})
    return patient.model_copy(update={"observations": observations, **quantities})


def _observation_in_ucum(index: int, obs: Observation) -> Observation:
    code = _code(obs.unit, f"observations.{index}.unit")
    return obs if code == obs.unit else obs.model_copy(update={"unit": code})


def _code(unit: str, where: str) -> str:
    code = ucum(unit)
    if code is None:
        raise InvalidPatient(f"patient field {where}: unknown unit {unit!r}")
    return code


def check_schema_version(version: str) -> None:
    """Accept documents of this screener's major contract version (minor versions only add fields)."""
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise UnsupportedSchemaVersion(
            f"criteria schema_version {version!r} is not supported; this screener reads {SCHEMA_VERSION}")


def criteria_from_json(data: str | bytes) -> Criteria:
    """Parse a criteria document, checking its `schema_version` before its shape (shapes change with it)."""
    raw = load_json(data, "criteria", MalformedCriteria, finite=True)
    if not isinstance(raw, dict):
        raise MalformedCriteria("criteria is not a JSON object")
    check_schema_version(str(raw.get("schema_version", SCHEMA_VERSION)))
    return _validated(Criteria, raw, "criteria", MalformedCriteria)


def _validated(model: type[_M], raw: object, what: str, error: type[ParseError]) -> _M:
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        raise error(f"{what} {validation_summary(problem)}") from None
