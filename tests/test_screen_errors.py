"""Screening's errors live in the one hierarchy users catch (`parser.errors`, re-exported by `scraper.errors`)."""

from __future__ import annotations

import pytest

import parser.errors
import scraper.errors
from parser import screen

SCREENING_ERRORS = ("InvalidPatient", "MalformedCriteria", "UnsupportedSchemaVersion")


@pytest.mark.parametrize("name", SCREENING_ERRORS)
def test_screening_error_is_a_parse_error_defined_in_parser_errors(name: str) -> None:
    error = getattr(parser.errors, name)
    assert (error.__module__, issubclass(error, parser.errors.ParseError)) == ("parser.errors", True)


@pytest.mark.parametrize("name", SCREENING_ERRORS)
def test_scraper_errors_re_exports_the_screening_error(name: str) -> None:
    assert name in scraper.errors.__all__ and getattr(scraper.errors, name) is getattr(parser.errors, name)


@pytest.mark.parametrize(("module", "name"), [(screen, "InvalidPatient"), (screen, "MalformedCriteria"),
                                              (screen, "UnsupportedSchemaVersion")])
def test_screening_error_is_still_importable_where_it_was(module: object, name: str) -> None:
    assert getattr(module, name) is getattr(parser.errors, name)
