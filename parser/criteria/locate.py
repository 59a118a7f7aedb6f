"""Find the criteria inside a whole page: users paste a ClinConnect or registry page, not just the list."""

from __future__ import annotations

import re
from functools import cache

from parser.criteria.lexicon import cues, section_words


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in sorted(section_words(), key=len, reverse=True))
    header = re.compile(r"^[ \t•*·-]*(?:[\w/&'-]+\s+){0,4}?(?:" + words + r")s?\b[^\n]{0,60}$", re.I | re.M)
    landmarks = "|".join(re.escape(w) for w in cues()["page_landmark"])
    landmark = re.compile(r"^(?:" + landmarks + r")\b[^\n]{0,60}$", re.M)
    return header, landmark


def locate_criteria(text: str) -> tuple[int, int]:
    """The `[start, end)` of the criteria in `text`; all of it unless a page surrounds them.

    A page is recognised by page landmarks ("Locations", "About …", "Trial Officials") after the
    criteria headers; the region runs from the line of the first header to the first landmark after it.
    """
    header, landmark = _patterns()
    first = header.search(text)
    if first is None:
        return 0, len(text)
    after = landmark.search(text, first.end())
    if after is None:
        return (0, len(text))
    before = text[:first.start()]
    looks_like_page = before.count("\n") >= 3 or landmark.search(before) is not None
    return (first.start(), after.start()) if looks_like_page else (0, after.start())
