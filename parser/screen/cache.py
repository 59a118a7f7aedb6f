"""Criteria documents compiled once per content, for screening one patient against many stored trials.

Why: compiling a trial's criteria (concept patterns, thresholds) costs several times what screening a patient
against them does, and a process that matches many patients (`trialwatch match` as a service, a batch of
patients) sees the same stored documents again and again. The key is the document's SHA-256, so a changed
version compiles afresh and an unchanged one never does; the table is bounded, oldest out first, so memory does
not grow with the number of trials stored.
"""

from __future__ import annotations

import hashlib

from parser.screen.intake import criteria_from_json
from parser.screen.rules import Trial


class CompiledCriteria:
    """Compiled criteria by the SHA-256 of their JSON document."""

    def __init__(self, bound: int = 2048) -> None:
        self._trials: dict[str, Trial] = {}
        self._bound = bound

    def trial(self, document: str) -> Trial:
        """The compiled criteria of a JSON document; `MalformedCriteria` or `UnsupportedSchemaVersion` when it
        cannot be read (nothing is remembered then)."""
        digest = hashlib.sha256(document.encode("utf-8")).hexdigest()
        found = self._trials.get(digest)
        if found is None:
            found = Trial.compile(criteria_from_json(document))
            if len(self._trials) >= self._bound:
                del self._trials[next(iter(self._trials))]
            self._trials[digest] = found
        return found
