"""`parser.screen.intake.patients_from_json`: a patient file as `screen --patient` takes it (one JSON document,
compact or pretty-printed, or JSON Lines), read without I/O, a bad line returned in its place."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from parser.errors import InvalidPatient
from parser.models.patient import Patient
from parser.screen.intake import PatientLineError, patient_from_json, patients_from_json

ADULT = {"id": "p1", "as_of": "2025-07-01", "age": {"value": 40, "unit": "a"}}


def lines(*documents: object) -> str:
    return "".join(json.dumps(document, ensure_ascii=False) + "\n" for document in documents)


def ids(entries: Iterable[Patient | PatientLineError]) -> list[str | int | None]:
    """Each patient's id, each bad line's number, in the file's order."""
    return [entry.line if isinstance(entry, PatientLineError) else entry.id for entry in entries]


def test_one_pretty_printed_document_is_one_patient() -> None:
    (patient,) = patients_from_json(json.dumps(ADULT, indent=2))
    assert patient == patient_from_json(json.dumps(ADULT))


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf" + json.dumps(ADULT, indent=2).encode(),
                                  "\ufeff" + json.dumps(ADULT, indent=2),
                                  b"\xef\xbb\xbf" + lines(ADULT, {**ADULT, "id": "p2"}).encode()])
def test_a_utf8_byte_order_mark_is_skipped_as_bytes_or_text(data: str | bytes) -> None:
    assert all(not isinstance(entry, PatientLineError) for entry in patients_from_json(data))


def test_json_lines_give_a_patient_per_line_and_skip_blank_lines() -> None:
    body = lines(ADULT) + "\n   \n" + lines({**ADULT, "id": "p4"})
    assert ids(patients_from_json(body)) == ["p1", "p4"]


def test_a_bad_line_is_returned_by_number_in_its_place_and_the_others_still_read() -> None:
    body = lines(ADULT) + "{not json\n" + lines({**ADULT, "sex": "robot"}, {**ADULT, "id": "p4"})
    entries = list(patients_from_json(body))
    assert ids(entries) == ["p1", 2, 3, "p4"]
    errors = [str(entry.error) for entry in entries if isinstance(entry, PatientLineError)]
    assert errors[0].startswith("patient is not JSON: ") and errors[1].startswith("patient field sex: ")


def test_a_line_holding_a_list_is_a_bad_line_not_a_patient() -> None:
    (entry,) = patients_from_json("[1, 2]\n")
    assert isinstance(entry, PatientLineError) and entry.line == 1


def test_a_bad_single_document_raises_as_patient_from_json_does() -> None:
    with pytest.raises(InvalidPatient, match="^patient field sex: "):
        list(patients_from_json(json.dumps({**ADULT, "sex": "robot"}, indent=2)))


def test_a_line_separator_inside_a_json_string_does_not_split_the_line() -> None:
    body = lines({**ADULT, "id": "p\u20281"}, {**ADULT, "id": "p2"})
    assert ids(patients_from_json(body)) == ["p\u20281", "p2"]


def test_patient_from_json_reads_bytes_behind_a_byte_order_mark() -> None:
    assert patient_from_json(b"\xef\xbb\xbf" + json.dumps(ADULT).encode()).id == "p1"
