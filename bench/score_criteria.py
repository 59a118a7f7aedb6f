"""Score the criteria engine on the seed and on the development and held-out gold sets.

Run on demand: `python bench/score_criteria.py [-v] [--blind-real] [--blind-real2] [--blind-real3] [--blind-synth]`.
Uses `../shared/eval/score.py`, the scorer of the independent evaluation, unchanged.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from functools import cache
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
    """Gold files with their texts: beside them, or (for the real-text sets) in
    `../shared/criteria-corpus/real.jsonl`."""
    folder = ROOT / "tests" / "data" / name
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        label = gold.name[: -len(".gold.json")]
        beside = gold.with_name(f"{label}.txt")
        text = beside.read_text(encoding="utf-8") if beside.exists() else _real_texts()[label]
        pairs.append((label, text, json.loads(gold.read_text(encoding="utf-8"))))
    return pairs


@cache
def _real_texts() -> dict[str, str]:
    """The real-text corpus may not be copied into the project (its licence), so its gold sets name texts by NCT id."""
    lines = (SHARED / "criteria-corpus" / "real.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["nct_id"]: row["text"] for row in map(json.loads, lines)}


def main() -> None:
    verbose = "-v" in sys.argv
    print("| set | required tuples | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    seed = json.loads((SHARED / "eval" / "NCT05628038.gold.json").read_text(encoding="utf-8"))
    score_set("seed NCT05628038", [("NCT05628038", _seed_criteria(), seed)], verbose)
    score_set("development set", _folder("criteria_dev"), verbose)
    score_set("held-out set", _folder("criteria_holdout"), verbose)
    score_set("blind set (totals only: never inspect its items)", _folder("criteria_blind"), False)
    score_set("real-text development set", _folder("criteria_dev_real"), verbose)
    if "--blind-real" in sys.argv:  # scored once, at the end of a piece of work: totals only
        score_set("real-text blind set (totals only)", _folder("criteria_blind_real"), False)
    if "--blind-real2" in sys.argv:  # the second real-text blind set (2026-12-07): totals only
        score_set("second real-text blind set (totals only)", _folder("criteria_blind_real2"), False)
    if "--blind-real3" in sys.argv:  # the third real-text blind set (2026-12-07, thirty-fifth session): totals only
        score_set("third real-text blind set (totals only)", _folder("criteria_blind_real3"), False)
    if "--blind-synth" in sys.argv:  # the same discipline: totals only
        score_set("written-text blind set (totals only)", _folder("criteria_blind_synth"), False)


if __name__ == "__main__":
    main()
