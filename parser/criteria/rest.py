"""What the unstructured rest of a partly structured criterion can do, so a screener knows when to decide.

- `qualifier`: the rest only says when or how the structured part is measured ("at the time of signing the
  informed consent form", "confirmed by MRI", "calculated by Cockcroft-Gault"): the structured part is the criterion.
- `definition`: the rest is a label the structured part defines ("Uncontrolled hypertension: SBP > 140 or
  DBP > 90", "adequate marrow function defined as …"): the structured part is the criterion.
- `alternative`: the rest is another way to satisfy the criterion ("… or other evidence of …"): the structured
  part is sufficient, not necessary, so its failing never decides.
- `unknown`: anything else (a second requirement, a judgement): a person reads it.
The phrases are rows of `data/cues.csv` (kinds `rest_qualifier`, `rest_definition`, `rest_alternative`).
"""

from __future__ import annotations

from parser.criteria.atoms import BOUNDARY, Marks
from parser.models.criteria import Rest


def classify_rest(marks: Marks, coverage: str, uncovered: list[int], covered: set[int]) -> Rest:
    """Classify the words of a criterion its expression leaves out (`uncovered`, token indices)."""
    if coverage == "full":
        return "none"
    if coverage == "none" or not covered:
        return "unknown"
    qualifying = {i for span in marks.cues if span.label_ == "cue:rest_qualifier" for i in range(span.start, span.end)}
    left = [i for i in uncovered if i not in qualifying]
    if not left:
        return "qualifier"
    first, last = min(covered), max(covered)
    doc = marks.doc
    if _defines(marks, left, first):
        return "definition"
    between = range(max(left) + 1, first) if max(left) < first else range(last + 1, min(left)) if min(left) > last else range(0)
    words = {doc[i].lower_ for i in between}
    if words & BOUNDARY:
        return "unknown"  # the rest is a sentence of its own: another requirement
    alternatives = [span.start for span in marks.cues if span.label_ == "cue:rest_alternative"]
    if "or" in words or any(start in between or start in left for start in alternatives):
        return "alternative"
    return "unknown"


def _defines(marks: Marks, left: list[int], first: int) -> bool:
    """Whether the left-out words are a label before a colon or a defining cue that opens the structured part."""
    doc = marks.doc
    opener = next(
        (span.end for span in marks.cues if span.label_ == "cue:rest_definition" and max(left) < span.end <= first),
        None,
    )
    if opener is None:
        opener = next((i + 1 for i in range(max(left) + 1, first) if doc[i].text == ":"), None)
    return opener is not None and not any(doc[i].text in BOUNDARY for i in range(max(left) + 1, opener))
