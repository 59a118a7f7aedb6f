"""Compiled criteria are kept by the content of their document (`parser.screen.CompiledCriteria`), as `trialwatch
match` screens patient after patient against the same stored trials."""

from __future__ import annotations

import json
from pathlib import Path

from parser.screen import CompiledCriteria

DOCUMENT = (Path(__file__).parent / "fixtures" / "patients" / "NCT05628038.criteria.json").read_text(encoding="utf-8")


def test_the_same_document_is_compiled_once() -> None:
    compiled = CompiledCriteria()
    assert compiled.trial(DOCUMENT) is compiled.trial(DOCUMENT)


def test_a_changed_document_is_compiled_afresh() -> None:
    compiled = CompiledCriteria()
    changed = json.dumps({**json.loads(DOCUMENT), "nct_id": "NCT00000001"})
    assert compiled.trial(changed).nct_id == "NCT00000001"
    assert compiled.trial(DOCUMENT).nct_id == "NCT05628038"


def test_the_oldest_document_leaves_a_full_table() -> None:
    compiled = CompiledCriteria(bound=1)
    first = compiled.trial(DOCUMENT)
    compiled.trial(json.dumps({**json.loads(DOCUMENT), "nct_id": "NCT00000001"}))
    assert compiled.trial(DOCUMENT) is not first

