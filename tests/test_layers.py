"""The layers of `parser/` import downwards only: the contract (models) imports no engine or screener, the engine
no screener, and the vocabulary both share (measures, units and their plausible ranges) neither of them. In
`scraper/`, the store does not depend on the HTTP client: both share the fetch record of `scraper.records`."""

import ast
from pathlib import Path

import pytest

PARSER = Path(__file__).resolve().parents[1] / "parser"
SCRAPER = PARSER.parent / "scraper"
VOCABULARY = ("lexicon.py", "units.py", "measure_ranges.py")


def imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def reaching(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{path.relative_to(PARSER)} imports {name}" for path in files for name in imported(path)
                  if name.startswith(forbidden))


def test_the_criteria_engine_imports_nothing_from_the_screener() -> None:
    assert reaching(sorted((PARSER / "criteria").glob("*.py")), ("parser.screen",)) == []


@pytest.mark.parametrize("name", VOCABULARY)
def test_the_shared_vocabulary_imports_neither_the_engine_nor_the_screener(name: str) -> None:
    vocabulary = [f"parser.criteria.{module.removesuffix('.py')}" for module in VOCABULARY]
    found = [line for line in reaching([PARSER / "criteria" / name], ("parser.criteria", "parser.screen"))
             if not line.endswith(tuple(vocabulary))]
    assert found == []


def test_the_models_import_nothing_from_the_engine_or_the_screener() -> None:
    assert reaching(sorted((PARSER / "models").glob("*.py")), ("parser.criteria", "parser.screen")) == []


@pytest.mark.parametrize("name", ["store.py", "sqlite_store.py", "pg_store.py"])
def test_the_store_imports_nothing_from_the_http_client(name: str) -> None:
    assert "scraper.http" not in imported(SCRAPER / name)
