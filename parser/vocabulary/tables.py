"""Reading the data tables: CSV files a clinician can review, in a package's `data/` folder.

The vocabulary's tables are in `parser/vocabulary/data/`; the engine and the screener read their own (cues,
comparators, screening words) with the same reader, from their own packages.
"""

from __future__ import annotations

import csv
import io
from importlib import resources


def table_rows(name: str, package: str = "parser.vocabulary") -> list[dict[str, str]]:
    """The rows of the data table `name` (a CSV file in `package`'s `data/`, the vocabulary's unless another is
    named), read as the csv module wants (newline="")."""
    with resources.files(package).joinpath("data", name).open("rb") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def listed(cell: str) -> tuple[str, ...]:
    """The values of a cell that lists several, parted by `|`."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())
