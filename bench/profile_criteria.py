"""Where the criteria engine's CPU time goes, by stage: a profile of `bench_criteria.py`'s sets for the README.

Run on demand: `python bench/profile_criteria.py [long|mix] [--copies N]`. Each stage's function is wrapped with
a CPU clock; a stage's time excludes the stages it calls, so the rows add up to the whole run. The clock costs
about a microsecond a call, so the total runs a little above `bench_criteria.py`'s figure; read the shares.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_criteria import corpus, long_texts  # noqa: E402
from parser.criteria import assemble, atoms, engine, marks, measures, pipeline  # noqa: E402
from parser.models import criteria as models  # noqa: E402

STAGES: tuple[tuple[str, Any, str], ...] = (
    ("prepare (layout, segmentation, folding, limits)", engine, "_prepare"),
    ("lexicon matchers (marking)", pipeline._LexiconMarker, "__call__"),
    ("indexing the matches (Marks.of)", marks.Marks, "of"),
    ("quantities", atoms, "find_quantities"),
    ("atoms (comparators, ranges, windows)", assemble, "find_atoms"),
    ("measures", measures.MeasureResolver, "resolve_measure"),
    ("coverage", assemble._Builder, "coverage"),
    ("rest", assemble, "classify_rest"),
    ("contract models", models.Criterion, "model_construct"),
)
"""(stage, owner, attribute): the function whose calls make the stage, wrapped where its callers look it up."""


class _Clock:
    """Exclusive CPU time per stage: time spent in a nested stage is charged to that stage only."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.stack: list[str] = ["rest of assembly and the engine"]
        self.mark = time.process_time()

    def switch(self, stage: str | None) -> None:
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.mark
        self.mark = now
        if stage is None:
            self.stack.pop()
        else:
            self.stack.append(stage)

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.switch(stage)
            try:
                return function(*args, **kwargs)
            finally:
                self.switch(None)

        return timed


def _install(clock: _Clock, nlp: Any) -> None:
    for stage, owner, name in STAGES:
        original = owner.__dict__.get(name, getattr(owner, name))  # an inherited classmethod comes bound
        if isinstance(original, classmethod):
            setattr(owner, name, classmethod(clock.wrap(stage, original.__func__)))
        else:
            setattr(owner, name, clock.wrap(stage, original))
    nlp.tokenizer = clock.wrap("spaCy tokenizer", nlp.tokenizer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", choices=("long", "mix"), nargs="?", default="long")
    parser.add_argument("--copies", type=int, default=30, help="copies of each long sample (default 30)")
    args = parser.parse_args()
    texts = long_texts(args.copies) if args.set == "long" else corpus()
    list(engine.parse_many(texts[:20]))
    clock = _Clock()
    _install(clock, pipeline.load())
    start = clock.mark = time.process_time()
    for _ in engine.parse_many(texts):
        pass
    clock.switch(None)
    total = time.process_time() - start
    characters = sum(map(len, texts))
    print(f"| stage ({args.set}: {len(texts):,} texts, {characters / 1e6:.2f} M characters) | CPU s | share |")
    print("|---|---|---|")
    for stage, spent in sorted(clock.spent.items(), key=lambda kv: -kv[1]):
        print(f"| {stage} | {spent:.2f} | {spent / total:.0%} |")
    print(f"| **total** | **{total:.2f}** | |")


if __name__ == "__main__":
    main()
