"""The layers of `parser/` import downwards only: the shared vocabulary (measures, units, concepts and their
plausible ranges) imports neither the contract (models), the engine nor the screener; the contract imports no
engine or screener; the engine and the screener, side by side above them, import nothing of each other. In
`scraper/`, the store does not depend on the HTTP client: both share the fetch record of `scraper.records`."""

import ast
from pathlib import Path

import pytest

PARSER = Path(__file__).resolve().parents[1] / "parser"
SCRAPER = PARSER.parent / "scraper"


def imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def reaching(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """What the modules of `parser/<package>/` import from the `forbidden` packages."""
    files = sorted((PARSER / package).glob("*.py"))
    return sorted(f"{path.relative_to(PARSER)} imports {name}" for path in files for name in imported(path)
                  if name.startswith(forbidden))


def test_the_vocabulary_imports_neither_the_models_the_engine_nor_the_screener() -> None:
    assert reaching("vocabulary", ("parser.models", "parser.criteria", "parser.screen")) == []


def test_the_models_import_nothing_from_the_engine_or_the_screener() -> None:
    assert reaching("models", ("parser.criteria", "parser.screen")) == []


def test_the_criteria_engine_imports_nothing_from_the_screener() -> None:
    assert reaching("criteria", ("parser.screen",)) == []


def test_the_screener_imports_nothing_from_the_engine() -> None:
    assert reaching("screen", ("parser.criteria",)) == []


@pytest.mark.parametrize("name", ["store.py", "sqlite_store.py", "pg_store.py"])
def test_the_store_imports_nothing_from_the_http_client(name: str) -> None:
    assert "scraper.http" not in imported(SCRAPER / name)


def test_no_command_parses_a_body_itself() -> None:
    """Which kind a saved file is, and its model, is `parser.documents`' to say: the commands only read files."""
    bodies = ("parser.ctgov", "parser.clinconnect")
    assert sorted(f"{path.name} imports {name}" for path in sorted((SCRAPER / "cli").glob("*.py"))
                  for name in imported(path) if name.startswith(bodies)) == []
