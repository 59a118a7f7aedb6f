"""What the unstructured rest of a partly structured criterion can do, so a screener knows when to decide.

- `qualifier`: the rest only says when or how the structured part is measured ("at the time of signing the
  informed consent form", "confirmed by MRI", "calculated by Cockcroft-Gault"): the structured part is the criterion.
- `definition`: the rest is a label the structured part defines ("Uncontrolled hypertension: SBP > 140 or
  DBP > 90", "adequate marrow function defined as …"): the structured part is the criterion.
- `alternative`: the rest is another way to satisfy the criterion ("… or other evidence of …"): the structured
  part is sufficient, not necessary, so its failing never decides.
- `narrowing`: the rest only narrows the structured part: a severity word before it ("serious", "uncontrolled"),
  or a list of examples or exceptions after it ("including …", "such as …", "excluding …", to the end of the
  bracket or sentence). The structured part is necessary, not sufficient: its failing decides, its holding asks
  a person (is it serious? is it one of the exceptions?).
- `unknown`: anything else (a second requirement, a judgement): a person reads it.
The phrases are rows of `data/cues.csv` (kinds `rest_qualifier`, `rest_definition`, `rest_alternative`,
`rest_examples`, `rest_severity`).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab
from spacy.tokens import Doc

from parser.criteria import lexicon, pipeline
from parser.criteria.atoms import BOUNDARY, Marks
from parser.models.criteria import Coverage, Rest


@lru_cache(maxsize=1)  # one vocabulary at a time: a renewed pipeline's docs get their own matcher, the old one is freed
def _matcher(vocab: Vocab) -> PhraseMatcher:
    """The rest cues, matched only for partly structured criteria (a third of them): everyday words such as
    "patients" or "must" would cost every criterion a span each if the pipeline marked them. Keyed by the
    vocabulary of the docs it matches, so a doc parsed before a pipeline renewal is still matched right."""
    nlp = pipeline.load()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for kind in lexicon.REST_CUES:
        matcher.add(kind, [nlp.make_doc(phrase) for phrase in lexicon.cues()[kind]])
    return matcher


def _cues(doc: Doc) -> list[tuple[str, int, int]]:
    return [(doc.vocab.strings[kind], start, end) for kind, start, end in _matcher(doc.vocab)(doc)]


def classify_rest(marks: Marks, coverage: Coverage, uncovered: list[int], covered: set[int]) -> Rest:
    """Classify the words of a criterion its expression leaves out (`uncovered`, token indices)."""
    if coverage == "full":
        return "none"
    if coverage == "none" or not covered:
        return "unknown"
    doc = marks.doc
    cues = _cues(doc)
    qualifying = {i for kind, start, end in cues if kind == "rest_qualifier" for i in range(start, end)}
    left = [i for i in uncovered if i not in qualifying]
    if not left:
        return "qualifier"
    narrowing = _narrowing(doc, cues, covered)
    if narrowing and all(i in narrowing for i in left):
        return "narrowing"
    first, last = min(covered), max(covered)
    if _defines(doc, cues, left, first):
        return "definition"
    between = range(max(left) + 1, first) if max(left) < first else range(last + 1, min(left)) if min(left) > last else range(0)
    words = {doc[i].lower_ for i in between}
    if words & BOUNDARY:
        return "unknown"  # the rest is a sentence of its own: another requirement
    alternatives = [start for kind, start, _ in cues if kind == "rest_alternative"]
    if "or" in words or any(start in between or start in left for start in alternatives):
        return "alternative"
    return "unknown"


def _defines(doc: Doc, cues: list[tuple[str, int, int]], left: list[int], first: int) -> bool:
    """Whether the left-out words are a label before a colon or a defining cue that opens the structured part."""
    opener = next((end for kind, _, end in cues if kind == "rest_definition" and max(left) < end <= first), None)
    if opener is None:
        opener = next((i + 1 for i in range(max(left) + 1, first) if doc[i].text == ":"), None)
    return opener is not None and not any(doc[i].text in BOUNDARY for i in range(min(left), opener))  # one sentence


def _narrowing(doc: Doc, cues: list[tuple[str, int, int]], covered: set[int]) -> set[int]:
    """The tokens that only narrow the structured part: a severity word right before a structured token, and a
    list of examples or exceptions opened right after one (to the closing bracket, else the end of the sentence)."""
    narrowing: set[int] = set()
    for kind, start, end in cues:
        if kind == "rest_severity" and end in covered:
            narrowing.update(range(start, end))
        elif kind == "rest_examples" and _head(doc, start) in covered:
            narrowing.update(range(start, _list_end(doc, start)))
    return narrowing


def _head(doc: Doc, cue: int) -> int:
    """The token a list opened at `cue` is about: the last word before it, across punctuation and an opening bracket."""
    i = cue - 1
    while i >= 0 and not doc[i].text[:1].isalnum():
        i -= 1
    return i


def _list_end(doc: Doc, cue: int) -> int:
    """Where a list opened at `cue` ends: its closing bracket when it is inside brackets, else the sentence's end."""
    depth = sum(1 if doc[i].text == "(" else -1 if doc[i].text == ")" else 0 for i in range(cue))
    for i in range(cue, len(doc)):
        if depth > 0 and doc[i].text == ")":
            return i + 1
        if depth <= 0 and doc[i].text in BOUNDARY:
            return i
    return len(doc)
