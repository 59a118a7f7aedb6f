"""Corpus lint of the criteria engine: signs of lost thresholds on real text, with no gold needed.

Run on demand: `python bench/lint_criteria.py [CORPUS.jsonl ...] [--examples N] [--check KIND]`.
Defaults to `../shared/criteria-corpus/real.jsonl` and `lct.jsonl`; texts of the blind real sets
(`tests/data/criteria_blind_real/`, `criteria_blind_real2/`, `criteria_blind_real3/`) are always left out, so
developing against the lint never reads them.

Per criterion it counts (rates per 100 texts, as the independent evaluation's `lint.py` reports them):
- `lost`: a comparator followed by a number that no comparison's span covers;
- `uln`: more ULN multiples written than comparisons with `relative_to: "ULN"`;
- `unitless`: a lab measure whose canonical unit is not `1` left with unit `1` (or `{unspecified}`) and no
  `relative_to`; a ratio of masses written as a bare number (`vocabulary.threshold_unit`) and a share written as a
  fraction ("FEV1/FVC < 0.70") are no such case (the evaluation's lint counts `1` only, and only for its own list of
  lab LOINC codes);
- `dimension`: a unit of a known dimension that does not fit its measure's canonical unit;
- `internal`: an internal-error note (the engine must never hide a crash).
The patterns mirror `../shared/eval/lint.py` so the figures can be compared with the evaluation's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

COMPARATOR_NUMBER = re.compile(
    r"(≥|≤|=<|>=|<=|=>|<|>|\bless than\b|\bgreater than\b|\bmore than\b|\bat least\b|\bat most\b|\bno more than\b"
    r"|\bno less than\b|\bexceed(?:s|ing)?\b|\bbelow\b|\babove\b|\bover\b|\bunder\b)"
    r"\s*(?:or equal to\s*)?(\d+(?:[.,]\d+)*)",
    re.I,
)
ULN_MULTIPLE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:x|×|X|\*|times|-fold|fold)?\s*(?:the\s+)?(?:institutional\s+)?"
    r"(?:ULN|upper limits? of (?:the\s+)?normal"
    r"|upper normal limit|upper limit of the normal|upper limit of normal range|normal upper limit|N\b)",
    re.I,
)
KINDS = ("lost", "uln", "unitless", "dimension", "internal")


def _nodes(expr: Any, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(expr, dict):
        if ("op" in expr and "value" in expr) or expr.get("within"):
            out.append(expr)
        for value in expr.values():
            _nodes(value, out)
    elif isinstance(expr, list):
        for value in expr:
            _nodes(value, out)
    return out


def lint_criterion(criterion: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, detail) for every sign of a lost threshold in one criterion of the contract."""
    from parser import vocabulary
    from parser.criteria.measure_lookup import SAME_KIND
    from parser.vocabulary import units

    text = criterion.get("text") or ""
    nodes = _nodes(criterion.get("expr"), [])
    spans = [n["span"] for n in nodes if n.get("span")]
    spans += [n["within"]["span"] for n in nodes if isinstance(n.get("within"), dict) and n["within"].get("span")]
    for match in COMPARATOR_NUMBER.finditer(text):
        if not any(a <= match.start(2) < b for a, b in spans):
            yield "lost", match.group(0)
    written = len(ULN_MULTIPLE.findall(text))
    captured = sum(1 for n in nodes if n.get("relative_to") == "ULN")
    if written > captured:
        yield "uln", f"{written} written, {captured} captured"
    by_loinc = {m.loinc: m for m in vocabulary.measures() if m.loinc}
    for node in nodes:
        measure = by_loinc.get(node.get("loinc"))
        if measure is None or node.get("relative_to") or "unit" not in node:
            continue
        if measure.unit == "1":
            continue
        if node["unit"] == "1" and vocabulary.threshold_unit((measure,), "1") != "1":
            continue  # a ratio of masses written as a bare number: "UPCR < 1.0"
        if node["unit"] == "1" and measure.unit == "%" and 0 < node.get("value", 0) <= 1:
            continue  # a share written as a fraction: "FEV1/FVC < 0.70", "hematocrit < 0.25"
        if node["unit"] in (None, "", "1", "{unspecified}"):
            yield "unitless", f"{node.get('measure')} {node.get('op')} {node.get('value')}"
            continue
        mine, theirs = units.dimension(node["unit"]), units.dimension(measure.unit)
        if mine and theirs and mine != theirs and frozenset({mine, theirs}) not in SAME_KIND:
            yield "dimension", f"{node.get('measure')} in {node['unit']}"
    for note in criterion.get("notes") or []:
        if "internal error" in note:
            yield "internal", note


def lint_documents(documents: Iterator[dict[str, Any]]) -> Iterator[tuple[str, str, str, str]]:
    """(kind, nct_id, detail, criterion text) over many documents."""
    for document in documents:
        for section in ("inclusion", "exclusion"):
            for criterion in document.get(section) or []:
                for kind, detail in lint_criterion(criterion):
                    yield kind, document.get("nct_id") or "?", detail, criterion.get("text") or ""


def blind_ids() -> set[str]:
    names = ("criteria_blind_real", "criteria_blind_real2", "criteria_blind_real3")
    folders = (ROOT / "tests" / "data" / name for name in names)
    return {path.name.split(".")[0] for folder in folders for path in folder.glob("*.gold.json")}


def read_corpus(path: Path, skip: set[str]) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row["nct_id"] not in skip]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--examples", type=int, default=0, help="print this many examples of each kind")
    parser.add_argument("--check", choices=KINDS, action="append", help="only these kinds (examples)")
    args = parser.parse_args()
    from parser.criteria import parse_many

    corpora = args.corpora or [SHARED / "criteria-corpus" / "real.jsonl", SHARED / "criteria-corpus" / "lct.jsonl"]
    print("| corpus | texts | CPU s | lost comparator-numbers | missed ULN multiples | lab values without unit "
          "| unit of another dimension | internal errors |")
    print("|---|---|---|---|---|---|---|---|")
    for corpus in corpora:
        rows = read_corpus(corpus, blind_ids())
        started = time.process_time()
        documents = [
            json.loads(doc.model_dump_json(by_alias=True, exclude_none=True))
            for doc in parse_many([r["text"] for r in rows], nct_ids=[r["nct_id"] for r in rows])
        ]
        cpu = time.process_time() - started
        counts = dict.fromkeys(KINDS, 0)
        examples: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for kind, nct, detail, text in lint_documents(iter(documents)):
            counts[kind] += 1
            if len(examples[kind]) < args.examples and (not args.check or kind in args.check):
                examples[kind].append(f"  {nct} [{detail}] {text[:300]}")
        rate = {kind: 100 * counts[kind] / max(1, len(rows)) for kind in KINDS}
        cells = " | ".join(f"{rate[k]:.2f} ({counts[k]})" for k in KINDS)
        print(f"| {corpus.name} | {len(rows)} | {cpu:.1f} | {cells} |")
        for kind in KINDS:
            if examples[kind]:
                print(f"\n{kind}:", *examples[kind], sep="\n")


if __name__ == "__main__":
    main()
