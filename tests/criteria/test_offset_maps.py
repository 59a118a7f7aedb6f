"""Specifications for the offset-keeping rewrites: whatever form a map takes, each character maps to its source."""

from parser.criteria.normalize import Folded, collapse_space, cut_runs, unescape_markdown


def test_a_slice_maps_to_the_same_source_whether_the_map_is_a_range_or_a_tuple() -> None:
    text = "Age ≥ 18 years"
    as_range = Folded.identity(text)
    as_tuple = Folded(text, tuple(range(len(text) + 1)))
    for start, end in ((0, 3), (4, 14), (6, 6), (14, 14)):
        assert list(as_range.slice(start, end).origin) == list(as_tuple.slice(start, end).origin)


def test_a_slice_after_a_rewrite_maps_each_character_to_its_source() -> None:
    folded = unescape_markdown(Folded.identity("ANC \\> 1.5"))
    part = folded.slice(4, 9)
    assert part.text == "> 1.5"
    assert part.source_span(0, len(part.text)) == (4, 10)


def test_white_space_runs_and_other_white_space_become_one_space_and_a_lone_space_stays() -> None:
    folded = collapse_space(Folded.identity(" a  b\tc\u00a0d e \n"))
    assert folded.text == "a b c d e"
    assert folded.source_span(8, 9) == (10, 11)  # "e" is still read from where it was written


def test_a_run_without_a_space_is_cut_to_its_first_characters_and_the_text_after_it_is_kept() -> None:
    text = "x " + "y" * 150 + " z"
    folded, cut = cut_runs(Folded.identity(text), 100)
    assert cut == 1
    assert folded.text == "x " + "y" * 100 + " z"
    assert folded.source_span(len(folded.text) - 1, len(folded.text)) == (len(text) - 1, len(text))


def test_a_run_as_long_as_the_limit_is_not_cut() -> None:
    folded, cut = cut_runs(Folded.identity("y" * 100 + " z"), 100)
    assert (folded.text, cut) == ("y" * 100 + " z", 0)
