"""Score the criteria engine on the seed and on the development and held-out gold sets.

Run on demand: `python bench/score_criteria.py [-v]`. Uses `../shared/eval/score.py`, the scorer of the
independent evaluation, unchanged.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed_criteria() -> str:
    page = (SHARED / "seed" / "NCT05628038.clinconnect.txt").read_text(encoding="utf-8")
    return re.search(r"^Eligibility criteria\n(.*?)^About ", page, re.S | re.M).group(1)


def score_set(name: str, pairs: list[tuple[str, str, dict]], verbose: bool) -> tuple[int, int, int]:
    from parser.criteria import parse_criteria

    scorer, tp, gold, extra = _scorer(), 0, 0, 0
    for label, text, truth in pairs:
        document = json.loads(parse_criteria(text).model_dump_json(by_alias=True, exclude_none=True))
        result = scorer.score(document, truth)
        tp, gold, extra = tp + result["tp"], gold + result["gold"], extra + len(result["extra"])
        if verbose:
            print(f"  {label:14s} tp={result['tp']:3d} gold={result['gold']:3d} extra={len(result['extra']):3d}")
    precision, recall = tp / max(1, tp + extra), tp / max(1, gold)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"| {name} | {gold} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    return tp, gold, extra


def _folder(name: str) -> list[tuple[str, str, dict]]:
    folder = ROOT / "tests" / "data" / name
    return [
        (gold.name[: -len(".gold.json")], gold.with_name(gold.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8"), json.loads(gold.read_text(encoding="utf-8")))
        for gold in sorted(folder.glob("*.gold.json"))
    ]


def main() -> None:
    verbose = "-v" in sys.argv
    print("| set | required tuples | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    seed = json.loads((SHARED / "eval" / "NCT05628038.gold.json").read_text(encoding="utf-8"))
    score_set("seed NCT05628038", [("NCT05628038", _seed_criteria(), seed)], verbose)
    score_set("development set", _folder("criteria_dev"), verbose)
    score_set("held-out set", _folder("criteria_holdout"), verbose)
    score_set("blind set (totals only: never inspect its items)", _folder("criteria_blind"), False)


if __name__ == "__main__":
    main()
