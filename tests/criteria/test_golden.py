"""Golden tests: the engine's output scored with the evaluation's own scorer against gold tuples.

The seed must be perfect; the development and held-out sets (written by teammates who did not read
the engine) guard against regressions, with floors a little under today's figures.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from parser.criteria import parse_criteria

DATA = Path(__file__).resolve().parents[1] / "data"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", DATA / "seed" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(pairs):
    scorer, tp, gold, extra = _scorer(), 0, 0, 0
    for text, truth in pairs:
        result = scorer.score(json.loads(parse_criteria(text).model_dump_json(by_alias=True, exclude_none=True)), truth)
        tp, gold, extra = tp + result["tp"], gold + result["gold"], extra + len(result["extra"])
    precision, recall = tp / max(1, tp + extra), tp / max(1, gold)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def _folder(name):
    return [
        (gold.with_name(gold.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8"),
         json.loads(gold.read_text(encoding="utf-8")))
        for gold in sorted((DATA / name).glob("*.gold.json"))
    ]


def test_seed_criteria_have_every_gold_tuple_and_no_wrong_one():
    text = (DATA / "seed" / "NCT05628038.criteria.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / "seed" / "NCT05628038.gold.json").read_text(encoding="utf-8"))
    assert _score([(text, gold)])[:2] == (1.0, 1.0)


def test_the_committed_extracted_criteria_have_every_seed_gold_tuple_and_no_wrong_one():
    """The file users read (`extracted/NCT05628038/criteria.json`, from the CT.gov record), not only the engine's
    output on the seed text."""
    document = json.loads((DATA.parents[1] / "extracted" / "NCT05628038" / "criteria.json").read_text(encoding="utf-8"))
    gold = json.loads((DATA / "seed" / "NCT05628038.gold.json").read_text(encoding="utf-8"))
    result = _scorer().score(document, gold)
    assert (result["precision"], result["recall"]) == (1.0, 1.0), (result["misses"], result["extra"])


@pytest.mark.parametrize(("folder", "floor"), [("criteria_dev", 0.96), ("criteria_holdout", 0.89)])
def test_gold_sets_stay_above_their_floor(folder, floor):
    assert _score(_folder(folder))[2] >= floor
