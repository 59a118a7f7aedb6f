"""Split a criteria text into sections and items, whatever layout the registry used.

Layouts seen in the wild: ClinicalTrials.gov markdown (`* ` / `- ` bullets, `1.` / `1)` / `a.`
items, nesting by indentation), the older plain rendering (`  -  ` bullets, hard-wrapped lines
continued by indentation), ClinConnect `•` bullets where the section header is itself a bullet,
and run-on paragraphs ("Inclusion Criteria: … Exclusion Criteria: …"). The segmenter reads lines,
not markup, so all of these go through one path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.headers import (
    cohort_line,
    group_heading,
    header_patterns,
    population,
    prose_header,
    section_of,
    split_on_headers,
)
from parser.criteria.lexicon import section_words
from parser.vocabulary import units

_BULLET = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[*\-•·○◦▪▫■□●‣⁃➢➤►→✓✔]+(?:[ \t]+\d{1,2}[.)](?!\d))?"  # "* 8\." in markdown
    r"|o|\(?\d{1,2}[.)](?!\d)|\(?[a-zA-Z][.)]"  # "o" then a space: a sub-bullet of the plain rendering
    r"|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)]|\(\d{1,2}\)|\([a-zA-Z]\))(?P<gap>[ \t]+|$)"
    r"|^(?P<tight_indent>[ \t]*)(?P<tight>[-•])(?=[A-Za-z(\[])"
)
_SENTENCE_END = re.compile(r"(?P<word>[\w.]{0,40})[.;](?=\s+(?:\d{1,2}\.)?[A-Z(])")  # a longer word is no abbreviation
"""A sentence ends before a capital, or before an item number glued to its first word ("consent. 2.Subjects")."""
_INLINE_DASH = re.compile(r"(?<=\S)\s+-\s+(?=[A-Z(\[])")
"""A list flattened into running text: each item opens with " - " before a capital ("… consent - Diagnosed with …"),
so never inside a range of numbers ("HbA1c 7.0 - 10.0%"), nor between two codes ("NYHA class II - IV", "pT2 - T4")."""
_CODE = re.compile(r"\(?(?:[IVX]+[A-C]?|p?[A-Z]\d*[a-c]?)\)?")
_CODE_REACH = 12
_INLINE_OPENING = re.compile(r"[ \t]*-[ \t\n]+")
_MAX_LABEL_WORDS = 6
_NAME_SEPARATORS = (";", ",", ":")
"""What ends a value before the next name in a run of labelled values ("ANC: ≥ 1.5; Total bilirubin:")."""
_WRAP_MIN = 60
"""Registries wrap at 80 characters or more: a text whose lines all stop short of this was typed line by line."""
_SIGNS = "<>≤≥="
_CONTINUATION = re.compile(rf"(?:and|or|and/or)\s+[{_SIGNS}]|[{_SIGNS}]")
"""A line opening with a comparator, or "and"/"or" and one, finishes the threshold of the line before it
("… diastolic blood pressure (DBP)" / "≥ 100 mmHg"; "SBP > 130 mm Hg" / "and < 180 mm Hg"), even after a blank."""
_JOINED_ON = re.compile(r"(?:and/or|and|or)\s")
"""A line opening with "and", "or" or "and/or" in lower case goes on with the item before it, even one that stopped
on a bracket ("… and ASAT (SGOT)" / "and/or ALAT (SGPT) < 2.5 x ULN"): no item opens with a coordinator."""


@dataclass
class Segment:
    """One item: its section, cohort, the item it is nested under, and its span in the text that was segmented."""

    section: str
    start: int
    end: int
    parent: int | None = None
    cohort: str | None = None


@dataclass
class _Line:
    start: int
    end: int
    indent: int
    marked: bool
    body_start: int


_OPEN_ASIDE = re.compile(r"(?P<head>[\w ]{0,40}?criteri(?:a|on)s?)\s*\([^()]*$", re.I)
_CLOSED_ASIDE = re.compile(r"[^()]*\)\s*:?\s*$")
_ASIDE_LINES = 2
"""Lines a header's bracketed aside may wrap onto."""


def _wrapped_aside_header(text: str, lines: list[_Line], index: int) -> tuple[str, int] | None:
    """"Exclusion Criteria (Patients meeting any of the following criteria are ineligible for / participation in the
    trial):": a header (only `header_qualifier` words before its section word) whose aside in brackets wraps onto the
    next lines, read as one header. Its section and the index of its last line, or None."""
    line = lines[index]
    opened = _OPEN_ASIDE.fullmatch(text, line.body_start, line.end)
    if opened is None or (word := header_patterns()[1].search(opened.group("head"))) is None:
        return None
    section = section_words().get(word.group().lower().rstrip("s"))
    qualifier = set(opened.group("head")[:word.start()].lower().split())
    if section is None or not qualifier <= lexicon.words("header_qualifier"):
        return None  # not "… than those specified in the inclusion criteria (hydroxyurea and" wrapping
    for after in range(index + 1, min(len(lines), index + 1 + _ASIDE_LINES)):
        if lines[after].indent < 0:
            return None
        if _CLOSED_ASIDE.fullmatch(text, lines[after].body_start, lines[after].end):
            return section, after
    return None


def _lines(text: str) -> list[_Line]:
    lines = []
    position = 0
    before = ""  # the line before, blank or not
    for raw in text.split("\n"):
        start, end = position, position + len(raw)
        position = end + 1
        bullet = _BULLET.match(raw) if raw.strip() else None
        if bullet and _multiplies_across_a_wrap(before, bullet, raw):
            bullet = None
        before = raw
        if not raw.strip():
            lines.append(_Line(start, end, -1, False, end))
        elif bullet and raw[bullet.end():].strip():
            written = bullet.group("indent") or bullet.group("tight_indent") or ""  # one of the two branches matched
            lines.append(_Line(start, end, len(written.expandtabs(4)), True, start + bullet.end()))
        elif bullet and (bullet.group("marker") or "") in "-*•":
            lines.append(_Line(start, end, -1, False, end))  # an empty bullet
        else:
            indent = len(raw) - len(raw.lstrip())
            lines.append(_Line(start, end, indent, False, start + indent))
    return lines


def _multiplies_across_a_wrap(before: str, bullet: re.Match[str], raw: str) -> bool:
    """"… (SGPT)) </= 3.0" / "     * the institutional upper limit of normal": a star opening an indented line right
    after a line that ends in a number and is no star bullet itself, indented at least as far as that line's text,
    and followed by a number or a word of a normal limit (`limit_filler`, `upper_limit_word`, `lower_limit_word`
    cues), is the multiplication sign of a wrapped value, not a bullet ("* Age ≥ 18" / "* women of childbearing
    potential …" are two items)."""
    above = _BULLET.match(before)
    if bullet.group("marker") != "*" or not before.rstrip()[-1:].isdigit() or (above and above.group("marker") == "*"):
        return False
    indent = len(bullet.group("indent") or "")
    text_start = above.end() if above else len(before) - len(before.lstrip())
    words = raw[bullet.end():].split()
    first = words[0].lower() if words else ""
    limit = lexicon.words("limit_filler") | lexicon.words("upper_limit_word") | lexicon.words("lower_limit_word")
    return 0 < indent and indent >= text_start and (first[:1].isdigit() or first in limit)


_SENTENCE_BREAK = re.compile(r"[.;]\s+[A-Z]")


def _lists_exclusions(text: str, lead: Segment) -> bool:
    """"Any of the following laboratory values at screening will be exclusionary:", one sentence among the
    inclusions: what it lists excludes (not "Untreated metastases. Patients with treated ones are eligible if …:",
    nor a count of several of its items: "Patients with more than 2 of the following are not eligible:")."""
    said = text[lead.start:lead.end]
    return (lead.section == "inclusion" and _SENTENCE_BREAK.search(said) is None
            and (prose_header(said) or ("", None))[0] == "exclusion"
            and not lexicon.counts_several(re.findall(r"\w+", said.lower())))  # "more than 2 of the following"


def _heading(text: str, line: _Line) -> str | None:
    """Which heading a line alone is, if one: "block" for a heading of the NCI's layout ("PRIOR CONCURRENT THERAPY:":
    `block_heading` cues), "criteria" for one naming criteria in general ("Eligibility Criteria:": `criteria_heading`
    cues); the heading stays the label of its items."""
    said = text[line.body_start:line.end].strip().rstrip(":").strip().lower()
    return "block" if said in lexicon.words("block_heading") else "criteria" if said in lexicon.words(
        "criteria_heading") else None


_WRAPPED_CRITERIA = re.compile(r"criteri(?:a|on)s?[ \t]*:[ \t]*(?=$|[-•*A-Z0-9(])", re.I)
""""Criteria:" opening a line, what follows it opening an item (a capital, a bullet, a number) or nothing."""
_LAST_WORD = re.compile(r"(?<=\S)[ \t]+(?P<before>\S+)[ \t]+(?P<word>[A-Z][A-Za-z]+)[ \t]*$")


def _wrapped_header(text: str, written: _Line | None, line: _Line, segments: list[Segment]) -> tuple[str, int] | None:
    """"… prior to entering the study Exclusion" / "Criteria: Patients may not …": a capitalised section word
    closing the item's last line and "Criteria:" opening the next are one header wrapped in two; the item ends before
    the word. The header's section and where the text after it starts, or None."""
    criteria = _WRAPPED_CRITERIA.match(text, line.body_start, line.end)
    if criteria is None or written is None or not segments:
        return None
    last = _LAST_WORD.search(text, written.start, written.end)
    section = section_words().get(last.group("word").lower().rstrip("s")) if last is not None else None
    if (last is None or section is None or not segments[-1].start < last.start("word") <= segments[-1].end
            or last.group("before").lower() in lexicon.words("header_prose") | lexicon.words("wrap_prose")):
        return None  # "… all of the inclusion and none of the Exclusion" / "Criteria: at screening": prose
    segments[-1].end = last.start("word")
    return section, criteria.end()


def segment(text: str) -> list[Segment]:
    """Segment `text` into items; spans index `text`. Items before any header count as inclusion."""
    inline = _inline_items(text)
    if inline is not None:
        return _without_empty_items(text, [_trim(text, s) for s in inline])
    segments: list[Segment] = []
    section = "inclusion"
    cohort: str | None = None
    cohort_indent, cohort_marked = -1, False
    cohort_items = -1  # the indent of the first item under a cohort line: a line left of it is out of the cohort
    stack: list[tuple[int, int]] = []  # (indent, segment index)
    previous: _Line | None = None
    marked_lines = 0
    after_blank = False
    lines = _lines(text)
    width = _wrap_width(lines)
    written: _Line | None = None  # the line written just before, blank lines aside

    aside_until = -1
    in_block = opened_in_block = False  # a heading of the NCI's layout seen; the section opened after one
    opened_at = 0  # how many items there were when the section opened
    for index, line in enumerate(lines):
        if index <= aside_until:
            continue
        if line.indent < 0:
            previous = None if previous is None or previous.marked is False else previous
            after_blank = True
            continue
        inside_item = (not line.marked and previous is not None and bool(segments) and not after_blank
                       and line.indent > previous.indent and _unfinished(text, segments[-1]))
        if not line.marked and not inside_item and (aside := _wrapped_aside_header(text, lines, index)) is not None:
            section, aside_until = aside
            cohort, cohort_indent, stack, previous, written, after_blank = None, -1, [], None, lines[aside_until], False
            opened_in_block, opened_at = in_block, len(segments)
            continue
        opens_sentence = after_blank or written is None or text[written.start:written.end].rstrip()[-1:] in ".:;"
        if not line.marked and opens_sentence and (said := prose_header(text[line.body_start:line.end])) is not None:
            (section, cohort), cohort_indent, stack, previous = said, -1, [], None
            opened_in_block, opened_at = in_block, len(segments)
            continue
        heading = _heading(text, line) if not line.marked and not inside_item else None
        listed = len(segments) > opened_at
        if heading == "criteria" or heading == "block" and section == "exclusion" and opened_in_block and listed:
            # "Eligibility Criteria:" lists requirements; in the NCI's layout a block heading ends the "Exclusion
            # criteria:" its block before opened and listed items under (what "PRIOR CONCURRENT THERAPY:" lists is
            # required: "At least 4 weeks since prior radiotherapy"), not an exclusion section it stands in itself
            # nor one that opens right above it
            section, cohort, cohort_indent, stack, previous = "inclusion", None, -1, [], None
        in_block = in_block or heading == "block"
        body_start = line.body_start
        if (wrapped := _wrapped_header(text, written, line, segments)) is not None:
            section, body_start = wrapped
            cohort, cohort_indent, stack, previous, opened_in_block = None, -1, [], None, in_block
            opened_at = len(segments)
        pieces = split_on_headers(text, body_start, line.end, inside_item and wrapped is None)
        new_section = continued = False
        for piece_section, start, end, group in pieces:
            if piece_section is not None:
                section, cohort, cohort_indent, stack = piece_section, group, -1, []
                new_section, opened_in_block, opened_at = True, in_block, len(segments)
            body = text[start:end]
            if not body.strip(" :\t"):
                continue
            lead = len(body) - len(body.lstrip(" :\t"))
            start += lead
            cohort_match = cohort_line().match(text[start:end]) or group_heading().match(text[start:end])
            named = population((cohort_match.group("name") + cohort_match.group("tail")).strip()) \
                if cohort_match else None
            if cohort_match is None or named is None:
                cohort_match = None  # "Stage at presentation:", "Stage II or III disease, meeting …:": no cohort
            elif not cohort_match.group("rest").strip():
                cohort = named
                cohort_indent, cohort_marked, cohort_items = line.indent, line.marked, -1
                previous = None
                continue
            continues = (
                not new_section
                and not line.marked
                and previous is not None
                and segments
                and (line.indent > previous.indent
                     or (_unfinished(text, segments[-1]) and not after_blank
                         and not _broken_on_purpose(text, written, start, width))
                     or (_CONTINUATION.match(body, lead) is not None
                         and _awaits_threshold(text, segments[-1]))
                     or (_JOINED_ON.match(body, lead) is not None and not after_blank
                         and _unfinished(text, segments[-1], bracket_closes=False))
                     or _closes_open_bracket(text, segments[-1], body))
            )
            if continues:
                segments[-1].end = end
                continued = True
                continue
            if cohort_indent >= 0 and (line.indent <= cohort_indent and line.marked == cohort_marked
                                       or line.indent < cohort_items):
                cohort, cohort_indent, cohort_items = None, -1, -1  # a line left of the cohort's items ends it
            while stack and stack[-1][0] >= line.indent and line.marked:
                stack.pop()
            if not line.marked:
                stack = [item for item in stack if item[0] < line.indent]
            parent = stack[-1][1] if stack and line.marked and stack[-1][0] < line.indent else None
            if parent is not None and _lists_exclusions(text, segments[parent]):
                segments[parent].section = "exclusion"
            item_section = section if parent is None else segments[parent].section  # and the items under each
            item_cohort = named if cohort_match else population(cohort)
            if item_cohort is None and parent is not None:
                item_cohort = segments[parent].cohort  # "Cohort A: all of the following:" and the items under it
            segments.append(Segment(item_section, start, end, parent=parent, cohort=item_cohort))
            if cohort_indent >= 0 and cohort_items < 0:
                cohort_items = line.indent
            if line.marked:
                marked_lines += 1
                stack.append((line.indent, len(segments) - 1))
            elif _is_label(text[start:end]):
                stack.append((line.indent, len(segments) - 1))  # "Hematopoietic:" heads the bullets below it
            new_section = False
        # a wrapped line is measured against its item's first line; a line of headers only leaves none to continue
        previous = None if new_section else previous if continued else line
        written = line
        after_blank = False
    if marked_lines == 0:
        segments = _split_paragraphs(text, segments)
    return _without_empty_items(text, [_trim(text, s) for s in segments])


def _without_empty_items(text: str, segments: list[Segment]) -> list[Segment]:
    """The items but those that only say their section has none ("Exclusion Criteria: None", "N/A", "Not
    applicable": `no_criteria` cues) or hold no word at all ("-"): no criterion, so no item, where a patient would
    otherwise wait on a person to read "None"."""
    parents = {segment.parent for segment in segments}
    words = lexicon.words("no_criteria")
    kept: dict[int, int] = {}
    for i, segment in enumerate(segments):
        said = re.sub(r"[^\w/ ]+", " ", text[segment.start:segment.end]).lower().split()
        if i in parents or (said and " ".join(said) not in words):
            kept[i] = len(kept)
    remaining = [segments[i] for i in kept]
    for segment in remaining:
        segment.parent = None if segment.parent is None else kept[segment.parent]
    return remaining


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width a text was hard-wrapped at: its longest line, unless that is too short for any registry's wrap."""
    longest = max((line.end - line.start for line in lines), default=0)
    return longest if longest >= _WRAP_MIN else None


def _broken_on_purpose(text: str, written: _Line | None, start: int, width: int | None) -> bool:
    """A line break the author typed, not a wrap: the next line's first word would have fitted on the line before
    ("Intact membranes" / "Cervical Bishop score < 6" in a text wrapped at 90 characters), or the text was never
    wrapped. A sentence goes on whatever the break when the next word is in lower case ("… with norepinephrine" /
    "of more than 10 µg/min") or a unit after a number ("≥ 3.4" / "Mmol/L"), or when the line stops on a word that
    cannot end one ("treated with" / "Herceptin", "> 3 x" / "ULN", "clearance below" / "30 mL/min")."""
    if written is None:
        return False
    words = text[start:start + 200].split(None, 1)
    last = text[written.start:written.end].split()
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()) or not last or _cannot_end(last):
        return False
    if last[-1][-1].isdigit() and units.spelled(words[0].rstrip(".,;")) is not None:
        return False
    return width is None or (written.end - written.start) + 1 + len(words[0]) <= width


def _cannot_end(words: list[str]) -> bool:
    """A line stopping on a word that leaves its sentence open (`open_ending` cues: "with", "or", "before", a
    multiplication "x") or on a sign: what comes after it is still its sentence; but a comparator after the number
    closes it ("12 years and above", "65 or over")."""
    last = words[-1].lower()
    if " ".join(w.lower() for w in words[-2:]) in lexicon.postfix_comparators():
        return False
    return last in lexicon.words("open_ending") or last[-1] in _SIGNS + "-/+,("


def _is_label(body: str) -> bool:
    """A short line ending in a colon ("Performance status:", "Hepatic:") names what the items under it bound."""
    return body.rstrip().endswith(":") and len(body.split()) <= _MAX_LABEL_WORDS


def _unfinished(text: str, segment: Segment, bracket_closes: bool = True) -> bool:
    """A wrapped line continues an item whose text stopped mid-sentence (no closing punctuation; a closing
    bracket ends a sentence unless the next line opens with a comparator or "and": `bracket_closes=False`)."""
    end = segment.end
    while end > segment.start and text[end - 1].isspace():
        end -= 1  # not `rstrip` of the whole item: asked at every wrapped line, that would grow with the item
    tail = text[max(segment.start, end - len("criteria")):end]
    closing = ".;:!?)" if bracket_closes else ".;:!?"
    return bool(tail) and tail[-1] not in closing and not tail.endswith("criteria")


def _closes_open_bracket(text: str, segment: Segment, body: str) -> bool:
    """Whether a line's `body` closes a bracket the item before left open, whatever stands between ("… during or
    after AI therapy (i.e." / "" / "letrozole, anastrozole, exemestane)."): the line is the rest of that item."""
    item = text[segment.start:segment.end]
    first = next((c for c in body if c in "()"), "")
    return first == ")" and item.count("(") > item.count(")")


def _awaits_threshold(text: str, segment: Segment) -> bool:
    """Whether a line opening with a comparator finishes `segment`: one that stopped mid-sentence or on a bracket,
    or on a measure's name a colon ends after a separator ("…; Hemoglobin: ≥ 9.0 g/dL; Total bilirubin:" / "≤ 1.5 x
    ULN"); not a label standing alone, which heads the items under it, nor a lead ("… the following values:")."""
    if _unfinished(text, segment, bracket_closes=False):
        return True
    body = text[segment.start:segment.end].rstrip()
    if not body.endswith(":"):
        return False
    head = body[:-1]
    separator = max(head.rfind(mark) for mark in _NAME_SEPARATORS)
    return separator >= 0 and bool(vocabulary.find_measures(head[separator + 1:].strip()))


def _inline_items(text: str) -> list[Segment] | None:
    """"Inclusion Criteria: - Age ≥ 18 - Signed consent Exclusion Criteria: - …": items of a list flattened into
    running text, its headers perhaps broken over a wrapped line; None unless the text opens with such a header and
    a dash follows every header on its line."""
    headers = list(_inline_header().finditer(text))
    openings = [opening for header in headers if (opening := _INLINE_OPENING.match(text, header.end()))]
    if not headers or len(openings) < len(headers) or text[:headers[0].start()].strip():
        return None  # a header it does not know ("Inclusion criteria (cohort 1): - …") leaves the text to the lines
    segments: list[Segment] = []
    for header, opening, following in zip(headers, openings, [*headers[1:], None], strict=True):
        section, end = section_of(header.group("word")), following.start() if following else len(text)
        cursor = opening.end()
        for dash in _INLINE_DASH.finditer(text, cursor, end):
            before = text[max(cursor, dash.start() - _CODE_REACH):dash.start()].split()[-1:]
            after = text[dash.end():min(end, dash.end() + _CODE_REACH)].split()[:1]
            if before and after and (_CODE.fullmatch(before[0]) and _CODE.fullmatch(after[0])
                                     or after[0].lower().strip(".,;") in lexicon.words("result_word")):
                continue  # "class II - IV", "class A - B": a range of codes; "HBsAg - Negative": its result
            segments.append(Segment(section, cursor, dash.start()))
            cursor = dash.end()
        segments.append(Segment(section, cursor, end))
    return [s for s in segments if text[s.start:s.end].strip(" -\t\n")]


@cache
def _inline_header() -> re.Pattern[str]:
    """A header in running text, with its qualifier ("Key Exclusion Criteria:") and its words on two lines."""
    qualifiers = "|".join(re.escape(w) for w in sorted(lexicon.words("header_qualifier"), key=len, reverse=True))
    return re.compile(rf"(?:\b(?:{qualifiers})\s+)?\b(?P<word>inclusion|exclusion)\s+criteria\s*:", re.I)


def _split_paragraphs(text: str, segments: list[Segment]) -> list[Segment]:
    """With no bullets at all, criteria are sentences of a paragraph: split them."""
    out: list[Segment] = []
    for segment in segments:
        cursor = segment.start
        for match in _SENTENCE_END.finditer(text, segment.start, segment.end):
            word = match.group("word")
            if word.lower() in lexicon.words("sentence_abbreviation") or (len(word) == 1 and word.isupper()):
                continue
            out.append(Segment(segment.section, cursor, match.end(), cohort=segment.cohort))
            cursor = match.end()
        out.append(Segment(segment.section, cursor, segment.end, cohort=segment.cohort))
    return [s for s in out if text[s.start:s.end].strip(" .;")]


def _trim(text: str, segment: Segment) -> Segment:
    body = text[segment.start:segment.end]
    segment.start += len(body) - len(body.lstrip())
    segment.end -= len(body) - len(body.rstrip())
    return segment
