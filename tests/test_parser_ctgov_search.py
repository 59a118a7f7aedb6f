"""parser.ctgov_search: a search page cut into one canonical body per study, on the real records."""

import json
from pathlib import Path

import pytest

from parser.ctgov_search import SearchPage, canonical_record, cut_search_page
from parser.errors import MalformedRecord

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
IDS = ["NCT03745326", "NCT05288205"]


def record(nct_id: str) -> bytes:
    return (FIXTURES / f"{nct_id}.json").read_bytes()


def search_page(*studies: object, **paging: object) -> bytes:
    return json.dumps({"studies": list(studies), **paging}).encode()


def test_a_record_on_a_page_gives_the_same_bytes_as_fetched_alone() -> None:
    cut = cut_search_page(search_page(*(json.loads(record(nct_id)) for nct_id in IDS)), "page-1")
    assert cut.studies == [(nct_id, canonical_record(record(nct_id))) for nct_id in IDS]


def test_the_next_page_token_and_total_count_are_read_with_the_studies() -> None:
    cut = cut_search_page(search_page(nextPageToken="p2", totalCount=3), "page-1")
    assert cut == SearchPage([], [], "p2", 3)


@pytest.mark.parametrize("paging", [{"nextPageToken": ""}, {"nextPageToken": 7, "totalCount": True},
                                    {"totalCount": "3"}])
def test_paging_of_the_wrong_type_reads_as_no_paging(paging: dict[str, object]) -> None:
    assert cut_search_page(search_page(**paging), "page-1") == SearchPage([], [], None, None)


def test_a_study_without_an_nct_id_is_set_aside_naming_the_page() -> None:
    cut = cut_search_page(search_page({"protocolSection": {}}, json.loads(record(IDS[0]))), "page-1")
    assert [nct_id for nct_id, _ in cut.studies] == IDS[:1]
    assert [str(problem) for problem in cut.unnamed] == [
        "search page page-1: a study without protocolSection.identificationModule.nctId, skipped"]


def test_a_body_without_a_studies_list_is_a_malformed_record_naming_the_page() -> None:
    with pytest.raises(MalformedRecord, match=r"^search page page-1 has no 'studies' list$"):
        cut_search_page(record(IDS[0]), "page-1")
