"""Offset-keeping text rewrites: every output character remembers where it came from.

Criteria arrive markdown-escaped (`\\<`), HTML-rendered (`&lt;`, `<li>`), with full-width or
typographic symbols (`＞`, `≧`, `–`) and flattened or Unicode superscripts. The engine reads a
folded copy but must report spans in the text the user gave, so each rewrite keeps a map from
output index to input index, and maps compose.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from parser.criteria import lexicon
from parser.text import MARKDOWN_ESCAPE

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


@dataclass(frozen=True)
class Folded:
    """A rewritten text and, for each of its indices (and its end), the index in the source.

    A text not rewritten maps by a `range`: an item needs no tuple of an int per character until a rewrite
    moves something (building them was about 2% of the engine's time on long texts)."""

    text: str
    origin: Sequence[int]  # a step-1 `range` or a tuple

    @classmethod
    def identity(cls, text: str) -> Folded:
        return cls(text, range(len(text) + 1))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` back to the source; an empty span stays empty."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def slice(self, start: int, end: int) -> Folded:
        """The part `text[start:end]`, still mapping into the same source."""
        last = self.origin[end] if end > start else self.origin[start]
        if isinstance(self.origin, range):  # consecutive indices stay a range
            return Folded(self.text[start:end], range(self.origin[start], last + 1))
        return Folded(self.text[start:end], tuple(self.origin[start:end]) + (last,))


def rewrite(folded: Folded, pattern: re.Pattern[str], replace: str | Callable[[re.Match[str]], str]) -> Folded:
    """Apply `pattern.sub(replace, …)` to `folded` (`replace`: a literal or a function of the match), keeping the
    source map.

    Characters of a replacement all map to the start of their match, so a span that covers
    a replacement covers its whole source.
    """
    text = folded.text
    matches = list(pattern.finditer(text))
    if not matches:
        return folded  # most texts hold none of a rare spelling: keep the map as it is
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for match in matches:
        start, end = match.span()
        pieces.append(text[last:start])
        origin.extend(folded.origin[last:start])
        new = replace(match) if callable(replace) else replace
        pieces.append(new)
        origin.extend([folded.origin[start]] * len(new))
        last = end
    pieces.append(text[last:])
    origin.extend(folded.origin[last:])
    origin.append(folded.origin[len(text)])
    return Folded("".join(pieces), tuple(origin))


_MARKDOWN_ESCAPE = re.compile(MARKDOWN_ESCAPE.pattern + r"|\ufeff")  # the record parser's escapes, and BOMs


def unescape_markdown(folded: Folded) -> Folded:
    """Drop the backslashes ClinicalTrials.gov puts before markdown characters (`\\<` → `<`), and byte-order marks."""
    return rewrite(folded, _MARKDOWN_ESCAPE, lambda m: m.group(1) or "")


_BLOCK_TAG = re.compile(r"<\s*(/?)\s*(p|div|br|ul|ol|li|h[1-6]|tr|table)\b[^>]{0,400}>", re.I)  # bounded like any tag
_ANY_TAG = re.compile(r"<[^<>]{0,400}>")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]{2,8});")


_HTML_OPENING = re.compile(r"<(p|ul|li|br|ol)\b", re.I)


def looks_like_html(text: str) -> bool:
    """The history endpoints send criteria as HTML; the API v2 sends markdown.

    A tag is an opening and a later `>`: looking for the `>` once, not from every opening, keeps a text of
    endless unclosed openings linear."""
    opening = _HTML_OPENING.search(text)
    return opening is not None and text.find(">", opening.end()) >= 0


def render_html(folded: Folded) -> Folded:
    """Turn criteria HTML into the markdown-like layout the segmenter reads (`* ` items, nesting)."""
    depth = 0

    def block(match: re.Match[str]) -> str:
        nonlocal depth
        closing, tag = match.group(1), match.group(2).lower()
        if tag in ("ul", "ol"):
            depth += -1 if closing else 1
            depth = max(depth, 0)
            return "\n"
        if tag == "li":
            return "\n" if closing else "\n" + "  " * max(depth - 1, 0) + "* "
        return "\n"

    folded = rewrite(folded, _BLOCK_TAG, block)
    folded = rewrite(folded, _ANY_TAG, "")
    return rewrite(folded, _ENTITY, lambda m: html.unescape(m.group(0)))


@cache
def _symbol_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {
        ">/=": "≥", "</=": "≤", ">/ =": "≥", "</ =": "≤", "> / =": "≥", "< / =": "≤", "> /=": "≥", "< /=": "≤",
        ">/ ": "≥ ", "</ ": "≤ ",  # "Body weight >/ 50 kg": the equals sign dropped
        "= >": "≥", "= <": "≤",  # "Life expectancy = > 12 weeks": "=>" typed with a space
        "> than or equal to": "≥", "< than or equal to": "≤", ">than or equal to": "≥", "<than or equal to": "≤",
        "> or equal to": "≥", "< or equal to": "≤", "> or equal": "≥", "< or equal": "≤", "> or =": "≥", "< or =": "≤",
        ">or=": "≥", "<or=": "≤", ">or =": "≥", "<or =": "≤", "> or=": "≥", "< or=": "≤", "=/>": "≥", "=/<": "≤",
        "≥ or = to": "≥", "≤ or = to": "≤", "≥ or =": "≥", "≤ or =": "≤",
        ">=": "≥", "=>": "≥", "≧": "≥", "⩾": "≥", "≥=": "≥", "> =": "≥", "⪰": "≥",
        "<=": "≤", "=<": "≤", "≦": "≤", "⩽": "≤", "≤=": "≤", "< =": "≤", "⪯": "≤",
        "＞": ">", "＜": "<", "˃": ">", "˂": "<", "﹥": ">", "﹤": "<", "＝": "=", "～": "~", "〜": "~",
        "（": "(", "）": ")", "，": ", ", "、": ", ", "；": "; ", "：": ": ", "。": ". ", "％": "%",
        "–": "-", "—": "-", "‑": "-", "−": "-", "‐": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u200b": "",
        "’": "'", "‘": "'", "“": '"', "”": '"', "µ": "u", "μ": "u", "ɥ": "u", "㎕": "ul", "㎖": "ml", "㎗": "dl",
        "㎎": "mg", "㎏": "kg", "㎝": "cm", "㎜": "mm", "㎣": "mm3", "㎠": "cm2", "㎡": "m2",
        "×": "×", "ｘ": "x", "ⅹ": "x",
        "˚": "°", "ºC": "°C", "ºF": "°F",  # a ring above, or an ordinal sign before C or F, typed for a degree sign
        "®": "", "™": "", "©": "",  # marks of a brand name ("Xolair®"), which say nothing of what is named
    }
    # "ASA Ⅰ～Ⅱ", "stage Ⅲ": Roman numerals typed as one character each (but "ⅹ", a times sign, above)
    numerals = [*range(0x2160, 0x216C), *range(0x2170, 0x217C)]  # Ⅰ-Ⅻ, ⅰ-ⅻ: not the Ⅼ, Ⅽ, Ⅾ, Ⅿ read as units
    table.update({numeral: unicodedata.normalize("NFKC", numeral) for numeral in map(chr, numerals)
                  if numeral not in table})
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")


def fold_symbols(folded: Folded) -> Folded:
    """Fold comparator spellings, full-width forms, dashes and superscripts to one spelling each, and repair
    what typing and conversions did to numbers (`_REPAIRS`) and fibrosis stages written as codes."""
    pattern, table = _symbol_pattern()
    folded = rewrite(folded, pattern, lambda m: table[m.group(0)])
    if _ANY_TRIGGER.search(folded.text):
        needed = frozenset(name for name, trigger in _TRIGGERS.items() if trigger.search(folded.text))
        folded = rewrite(folded, _repair_pattern(needed), _repair)
    if _fibrosis_scales().search(folded.text):
        folded = rewrite(folded, _STAGE_CODE, lambda m: "" if _staged_fibrosis(m) else m.group(0))
    return rewrite(folded, _SUPERSCRIPT_RUN, lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS))


_STAGE_CODE = re.compile(r"(?<![\w.])F(?=[0-6](?![\w.]))")
"""The letter of a fibrosis stage code ("F2", "F0-3", "F1 to F3"; Ishak's run to F6)."""
_STAGE_REACH = 40
"""How far after a fibrosis scale's name (`fibrosis_scale` cues) its stages may be written as codes."""


@cache
def _fibrosis_scales() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, lexicon.words("fibrosis_scale"))) + r")\b", re.I)


def _staged_fibrosis(match: re.Match[str]) -> bool:
    """Whether a code "F2" stages fibrosis, a scale's name before it in its sentence ("METAVIR F3-F4", "fibrosis
    stage F2 or F3"): read as the stage number, which the scale's name then bounds."""
    before = match.string[max(0, match.start() - _STAGE_REACH):match.start()]
    return bool(_fibrosis_scales().search(re.split(r"[.;\n]", before)[-1]))


_UPPER_LIMIT_AHEAD = r"(?=\s+(?:the\s+)?(?:institutional\s+|local\s+)?(?:normal\s+)?(?:upper\b|ULN\b))"
"""An upper limit of normal coming next ("the institutional ULN", "the normal upper limit"), after "twice"."""
_REPAIRS: tuple[tuple[str, str, str, str | None], ...] = (
    # (name, a pattern every match holds, pattern, replacement; None keeps the match and adds a space)
    ("glued_to", r"to\d", r"\bto(?=\d)", None),  # "greater than or equal to18"
    ("glued_than", r"than\d", r"\bthan(?=\d)", None),
    ("glued_within", r"within\d", r"\bwithin(?=\d)", None),  # "a pregnancy test within14 days"
    ("glued_age", r"aged?\d", r"\baged?(?=\d)", None),  # "Age20-35years", "Men and women aged18 or older"
    ("glued_between", r"between\d", r"\bbetween(?=\d)", None),  # "Between18 and 80 years of age"
    ("glued_be", r"be\d", r"\bbe(?=\d{2})", None),  # "Be18-75 years old"
    # "ANC ≥ l500/µl", "greater than l000": a lower-case letter l typed for a one, right after a comparator
    ("ell_for_one", r"l\d\d", r"(?:(?<=[>=<≥≤] )|(?<=[>=<≥≤])|(?<=than ))(?-i:l)(?=\d{2}[\d,./ ])", "1"),
    ("broken_decimal", r"\d\. \d", r"(?<=\d\.) (?=\d+ ?[xX×*])", ""),  # "1. 5 x ULN"
    ("ordinal_power", r"10\^\d\d?th", r"(?<=10\^\d)th\b|(?<=10\^\d\d)th\b", ""),  # "1.5 x 10^9th/L"
    ("quoted_degree", r'\d"[fc]', r'(?<=\d)"(?=[FC]\b)', "°"),  # '100.5"F'
    ("within", r"w/in", r"\bw/in\b", "within"),  # "w/in 30 days": a clinician's shorthand
    ("optional_i", r"\(i\)u", r"\((?-i:I)\)(?=U\b|U/)", "I"),  # "1.2 (I)U/kg/day": units or international units
    ("wash_out", r"ash[ -]out", r"\b(?i:wash[ -]out)\b", "washout"),  # "a wash-out period": one word, as cued
    # "LVEF ³50%": a "≥" typed in the Symbol font comes out as a superscript three (or "Â³" once more mis-decoded);
    # a three raised after a unit or a number ("mm³", "10³/µL") is a power
    ("symbol_font_ge", r"³ ?\d", r"(?<![\w/^.)])(?<!mm )(?<!cm )(?<!um )(?<!µm )(?<! m )Â?³(?= ?\d)", "≥"),
    # "≥ CTCAE v4.0 grade 3"
    ("version", r"v(?:er|ersion)?\.? ?\d", r" ?\b(?:v|ver|version)\.? ?\d+(?:\.\d+)+\b| ?\bversion \d+\b", ""),
    ("ctcae", r"terminology", r"(?:NCI )?Common Terminology Criteria for Adverse Events(?: ?[\[(]CTCAE[\])])?",
     "CTCAE"),
    ("subscript", r"[a-z]_\d", r"(?<=[A-Za-z])_(?=\d{1,2}\b)", ""),  # "FEV_1", "pO_2": a subscript written flat
    # "< 4½ hours", "more than ½ teaspoon", "½-1 pack a day": a half as one character, after a whole number or alone;
    # not in a name: "t½", "t ½" (a letter before it), "½-life", "½ life" (life after it)
    ("half_after_number", r"\d ?½", r"(?<=\d) ?½", ".5"),
    ("half", r"½", r"(?<![\w.])(?<!\bt )½(?!\w)(?!-? ?life)", "0.5"),
    # "[Ann Neurol 2005; 58(6): 840-846]": a journal's year, volume and pages, no range of anything
    ("citation", r"\d ?[;:] ?\d", r"\b(?:19|20)\d\d ?[;:] ?\d+(?: ?\(\d+\))? ?: ?\d+ ?[-–] ?\d+\b", ""),
    # "more than twice the upper limit of normal": a multiple of a normal limit said in one word
    ("twice", r"twice", rf"\btwice(?:\s+of)?{_UPPER_LIMIT_AHEAD}", "2 x"),  # "twice of normal upper limit"
    ("thrice", r"thrice", rf"\bthrice(?:\s+of)?{_UPPER_LIMIT_AHEAD}", "3 x"),
)
"""Damage typing and conversions do to numbers and the names around them, repaired in one pass: a comparator
word or a word of age typed against its number, a decimal broken by a space before a multiplier, a power of ten read
aloud, a degree sign typed as a quote, "w/in" for within, "(I)U" for international units, a grading system's version
or full name between a comparator and a grade, a subscript after an underscore, a half as one character, a
journal citation's pages, and "twice"/"thrice" a normal limit.
Only the repairs whose trigger (a short pattern every match holds, cheap to search for) occurs are compiled into
the pass: most texts need none."""
_TRIGGERS = {name: re.compile(trigger, re.I) for name, trigger, _, _ in _REPAIRS}


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (a `|` inside a group or a class does not split)."""
    parts, current, depth, in_class, escaped = [], "", 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


def _first_character(alternative: str) -> str | None:
    """What a match of `alternative` starts with, as a class member (`\\d` or one literal character), or None when
    its start is not one required character (a group, a class, an anchor, an optional character)."""
    if alternative.startswith("\\d"):
        first, rest = "\\d", alternative[2:]
    elif alternative[:1] == "\\" and alternative[1:2] and not alternative[1].isalnum():
        first, rest = alternative[:2], alternative[2:]
    elif alternative[:1] and alternative[0] not in "^$.|?*+()[]{}\\":
        first, rest = re.escape(alternative[0]), alternative[1:]
    else:
        return None
    return None if rest[:1] in ("?", "*", "{") else first


def start_class(patterns: Iterable[str]) -> str | None:
    """A character class of what a match of any of `patterns` starts with, or None when one may start otherwise.

    Python's regex search tries an alternation at every position of the text; behind a lookahead of this class it
    tries it only where a match can start (half the time of the repair-trigger search, which every item runs)."""
    firsts = [_first_character(alternative) for pattern in patterns for alternative in _alternatives(pattern)]
    return None if None in firsts else "[" + "".join(sorted({first for first in firsts if first})) + "]"


_TRIGGER_START = start_class(trigger for _, trigger, _, _ in _REPAIRS)
_ANY_TRIGGER = re.compile(("" if _TRIGGER_START is None else f"(?={_TRIGGER_START})")
                          + "(?:" + "|".join(trigger for _, trigger, _, _ in _REPAIRS) + ")", re.I)
_REPLACEMENTS = {name: replacement for name, _, _, replacement in _REPAIRS}


@lru_cache(maxsize=128)
def _repair_pattern(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{name}>{pattern})" for name, _, pattern, _ in _REPAIRS if name in names), re.I)


def _repair(match: re.Match[str]) -> str:
    replacement = _REPLACEMENTS[match.lastgroup or ""]
    return match.group(0) + " " if replacement is None else replacement


def cut_runs(folded: Folded, limit: int) -> tuple[Folded, int]:
    """Cut every run of more than `limit` characters without a space to its first `limit`; how many were cut.

    No word, number or unit is that long; what is (a pasted hash, a run of brackets) would cost the tokenizer
    time growing with the square of its length."""
    matches = list(_long_run(limit).finditer(folded.text))
    if not matches:
        return folded, 0
    before = [None, *matches[:-1]]
    kept = [(last.end() if last else 0, match.start() + limit) for last, match in zip(before, matches, strict=True)]
    kept.append((matches[-1].end(), len(folded.text)))
    origin = [i for start, end in kept for i in folded.origin[start:end]]
    origin.append(folded.origin[len(folded.text)])
    return Folded("".join(folded.text[start:end] for start, end in kept), tuple(origin)), len(matches)


@cache
def _long_run(limit: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)\S{{{limit + 1},}}")  # tried from a run's start only, not from each character


_SPACE_RUN = re.compile(r"\s(?:\s+|(?<=[^ ]))")
"""Two or more white space characters, or one that is not a space (a lone space is already one space: rewriting it
would change nothing). It starts with one white space character, so the search skips to the next one instead of
trying two alternatives at every position."""


def collapse_space(folded: Folded) -> Folded:
    """One space for every run of white space, none at the ends (hard-wrapped items read as one line)."""
    folded = rewrite(folded, _SPACE_RUN, " ")
    text = folded.text
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    return folded.slice(start, end)
