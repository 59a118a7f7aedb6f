"""The criteria engine: free-text eligibility criteria → machine-evaluable expression trees.

`parse_criteria` is imported lazily: loading spaCy takes about two seconds, and tools that only need
the engine's version (`version.py`, read without spaCy) or its tables (the CLI's other commands) should not pay for
it. The screener does not import the engine at all: the measures, units and concepts it shares with it are
`parser.vocabulary`'s.
"""

from typing import TYPE_CHECKING, Any

from parser.criteria.version import PARSER_VERSION

if TYPE_CHECKING:
    from parser.criteria.engine import parse_criteria, parse_many

__all__ = ["parse_criteria", "parse_many", "PARSER_VERSION"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from parser.criteria import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'parser.criteria' has no attribute {name!r}")
