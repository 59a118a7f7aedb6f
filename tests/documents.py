"""Stand-ins for parsed models in store tests: the store takes models and writes their dumps, and a test of the
store's mechanics wants a small document of its own choosing, not a whole `Trial` with its defaults."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Document(BaseModel):
    """Any fields given, dumped as given (`Document(nct_id="NCT…", n=1)` is stored as `{"nct_id": …, "n": 1}`)."""

    model_config = ConfigDict(extra="allow", frozen=True)


def document(fields: dict[str, Any] | None) -> Any:
    """`fields` as a model the store dumps back to `fields` (typed Any: it stands in for a `Trial` or `Criteria`)."""
    return None if fields is None else Document(**fields)
