"""Which lines of a criteria text are headers: section headers ("Exclusion Criteria:", "Inclusion criteria for Part
B"), headers written as a sentence ("Patients meeting any of the following will be excluded:"), headings of what must
hold at a later stage ("Randomization Criteria:") and lines naming the cohort the items below are for ("Cohort A:",
"For participants with T2DM:"). `segment` reads them line by line."""

from __future__ import annotations

import re
from functools import cache

from parser.criteria import lexicon
from parser.criteria.cohorts import is_label
from parser.criteria.cue_words import persons
from parser.criteria.lexicon import section_words

_FIRST_ITEM = re.compile(r"\s*1[.)]\s+(?=\S)")
"""The number of the first item, written on a header's line after it."""
_SHORT_WORD = 3
"""Letters of a word a title leaves in lower case ("Inclusion of Women and Minorities")."""


@cache
def header_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The section header pattern, and its header words alone: most lines hold no header word, and the cheap
    search for one spares them the costly pattern (the qualifier words before a header word try every start).
    Qualifier words are bounded in length and the space after the header word is never given back, so a line of
    one huge word or of endless spaces costs time linear in its length."""
    words = section_words()
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    header = re.compile(
        r"(?P<head>(?P<qualifier>(?:[\w/&,'-]{1,40}\s+){0,5}?)(?P<word>" + alternatives + r")s?(?:\b|(?=_))"
        r"(?:[\s_]+criteri(?:a|on)s?\b)?(?:\s+(?:includes?|are)\b)?(?P<when>\s+(?:at|during)\b[^:.;\n]{0,40}(?=:))?"
        r"(?:\s+(?:for|in|of|to|applicable to)\b(?P<group>[^:.;\n]{0,60})|\s+[-–]\s+(?P<dash>[^:.;\n-]{1,40})(?=:))?"
        r"(?P<aside>\s*\([^():\n]{1,100}\)(?=\s*:))?)\s*+(?::|\s*$|(?=\s*\n)|(?P<stop>\.(?=[ \t]*(?:\n|$)))|"
        r"(?<=\s)(?=\d{1,2}[.)](?:\s|$)))",
        re.I,
    )
    return header, re.compile(_trie(sorted(words)), re.I)


def _trie(words: list[str]) -> str:
    """One regex for a set of words, sharing their prefixes ("ex(?:clusion|lusion)"): matching it tries a few
    letters at each position instead of every word, three times faster than a plain alternation."""
    branches: dict[str, list[str]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    alternatives = [re.escape(first) + _trie(rests) for first, rests in branches.items()]
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return "" if not branches else f"(?:{body})?" if "" in words else body


@cache
def cohort_line() -> re.Pattern[str]:
    """A line naming the cohort the items below it are for ("Cohort A:", "Part 2 (dose expansion):"): a
    `cohort_word` cue ("cohort", "arm", "dose escalation", a hyphen or a space between its words), then its labels."""
    words = lexicon.words("cohort_word")
    heads = sorted(("[- ]".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(
        r"^\s*(?:for\s+|in\s+)?(?P<name>"
        rf"(?:{'|'.join(heads)})(?!(?-i:[a-z]))"  # "Phase1", "PhaseII"; not "participation:", a word it opens
        r"(?:\s+(?:[A-Z]{1,2}\d?|\d{1,2}[A-Za-z]?|[IVX]{1,4}|one|two|three|four)\b"
        r"(?:\s*(?:and|or|&|/|,)\s*(?:[A-Z]{1,2}\d?|\d{1,2}[A-Za-z]?|[IVX]{1,4}))*)?)"
        r"(?P<tail>[^:]{0,60}):\s*(?P<rest>.*)$",
        re.I,
    )


@cache
def group_heading() -> re.Pattern[str]:
    """A line naming the persons the items below it are for, opened by "for" ("For participants with T2DM:", "For
    subjects with non-small cell lung cancer only:"), not for everyone ("For all participants:"); without "for" such a
    line is as often a lead to a list ("Patients with any of the following:")."""
    people = "|".join(sorted((re.escape(w) for w in persons() if " " not in w), key=len, reverse=True))
    return re.compile(rf"^\s*for\s+(?!all\b)(?P<name>(?:{people})\b)(?P<tail>[^:]{{1,60}}):\s*(?P<rest>)$", re.I)


def section_of(word: str) -> str:
    """The section a header's section word opens ("Exclusions": exclusion)."""
    return section_words()[word.lower().rstrip("s")]


def _group_of(match: re.Match[str]) -> str | None:
    """The population a header is for: "Donor inclusion criteria", "Inclusion criteria for Part B"."""
    generic = lexicon.words("header_qualifier")  # "Key inclusion criteria": no population
    words = [w for w in re.split(r"\s+", match.group("qualifier") or "") if w and w.lower() not in generic]
    named = " ".join(words).strip(" /,-") or (match.group("group") or match.group("dash") or "").strip(" :,-")
    return named or None


def split_on_headers(text: str, start: int, end: int,
                      inside_item: bool = False) -> list[tuple[str | None, int, int, str | None]]:
    """Cut one line at every section header inside it: [(section or None, body start, body end, group)]. A line
    that continues an unfinished item (`inside_item`) holds only headers that say "criteria" after their section
    word or end in a colon: "… requiring treatment at the time of / inclusion" ends the item, it opens no section."""
    pattern, words = header_patterns()
    if words.search(text, start, end) is None:
        return [(None, start, end, None)] if text[start:end].strip() else []
    pieces: list[tuple[str | None, int, int, str | None]] = []
    group: str | None = None
    section: str | None = None
    cursor = position = start
    while (match := pattern.search(text, position, end)) is not None:
        position = match.start() + 1  # a rejected match may hide a real header starting a word later
        head_start = match.start("head")
        prefix = text[cursor:head_start]
        at_line_start = not text[start:head_start].strip(" \t-*•·")
        after_sentence = bool(re.search(r"[.;:]\s*$", prefix)) or at_line_start or _titled_header(text, match)
        if not after_sentence or not _is_header(text, match, end) or (
                inside_item and not _names_criteria(_head(match)) and text[match.end() - 1] != ":"):
            continue
        position = match.end()
        if prefix.strip():
            pieces.append((section, cursor, head_start, group))
        section, group = section_of(match.group("word")), _group_of(match)
        cursor = match.end()
        if (first_item := _FIRST_ITEM.match(text, cursor, end)) is not None:
            cursor = first_item.end()  # "EXCLUSION CRITERIA 1. Patient has …": the first item's number
    if text[cursor:end].strip() or section is not None:
        pieces.append((section, cursor, end, group))
    return pieces


_PROSE_HEADER_LENGTH = 160
"""The longest line read as a header written as a sentence."""


_STAGE_GROUP = re.compile(r"\s+for\s+(?P<group>[^:]{1,60}?)\s*:\s*$", re.I)
"""The group a heading of what must hold at a later stage is for, up to its end ("… Entry Criteria for HCV patients
(Part II):")."""


def prose_header(line: str) -> tuple[str, str | None] | None:
    """"Patients meeting any of the following criteria will be excluded:", "The study will enrol outpatients who
    fulfil the following criteria:": a sentence alone on its line (the caller knows the line before ended one),
    opening with a capital and ending in a colon, that says who is left out or taken in (`prose_exclusion_header`
    and `prose_inclusion_header` cues) opens that section; not the wrapped end of an item ("… Patients with treated
    CNS metastases are eligible, provided they meet all of the following criteria:"). A heading of what must hold to
    enter a later stage ("Criteria for Entry into the Titration Phase:", "Randomization Criteria:": `stage_entry_header`
    cues) opens an inclusion section, unless it names a section itself ("Exclusion criteria for randomization:")."""
    written = line.strip()
    if not written[:1].isupper() or not written.endswith(":") or len(written) > _PROSE_HEADER_LENGTH:
        return None
    words = f" {re.sub(r'[^a-z0-9]+', ' ', written.lower())} "
    for section in ("exclusion", "inclusion"):
        if any(f" {phrase} " in words for phrase in lexicon.words(f"prose_{section}_header")):
            return section, None
    if header_patterns()[1].search(written) is not None:
        return None
    entry = next((phrase for phrase in lexicon.words("stage_entry_header") if f" {phrase} " in words), None)
    if entry is None:
        return None
    said = re.search(r"[^a-z0-9]+".join(map(re.escape, entry.split())), written, re.I)
    group = _STAGE_GROUP.match(written, said.end()) if said is not None else None
    return "inclusion", group.group("group").strip() if group is not None else None


def _titled_header(text: str, match: re.Match[str]) -> bool:
    """"… Score 1 or 2 Exclusion Criteria: Any …": a capitalised "Criteria:" opens a section even mid-sentence."""
    head = match.group("head").strip()
    qualifier = (match.group("qualifier") or "").split()
    titled = all(word[:1].isupper() or not word[:1].isalpha() for word in qualifier)
    return titled and head[:1].isupper() and "riteria" in head and text[match.end() - 1] == ":"


def _head(match: re.Match[str]) -> str:
    """A header from its section word on, without the words before it ("criteria defined above for | inclusion of
    subjects": the "criteria" before the word is no header's)."""
    return match.group("head")[len(match.group("qualifier") or ""):]


def _is_header(text: str, match: re.Match[str], line_end: int) -> bool:
    """A header ends with a colon, or stands alone on its line; a sentence mentioning 'inclusion' is not one."""
    head = match.group("head")
    if len(head) > 90:
        return False
    qualifier = (match.group("qualifier") or "").split()
    plain = all(word.lower() in lexicon.words("header_qualifier") for word in qualifier)
    if (match.group("when") or match.group("aside") or match.group("dash") or match.group("stop")) and not plain:
        return False  # "Subjects who met the exclusion criteria at the time of the parent study: not eligible"
    if match.group("stop"):
        return _names_criteria(head)  # "Exclusion Criteria." alone on its line
    if text[match.end() - 1] == ":":
        # not "… one of the following criteria and / exclusion of other causes of acute hepatitis:": the noun "of"
        # what is excluded, in lower case, is prose; "exclusion for cohort B:" names the group a section is for, and
        # "INCLUSION OF WOMEN AND MINORITIES:" is a heading
        return (_names_criteria(head) or not match.group("group") or match.group("word")[:1].isupper()
                or _group_preposition(text, match) != "of")
    if re.match(r"\d{1,2}[.)](?:\s|$)", text[match.end():line_end]):
        # "… run-in period. EXCLUSION CRITERIA 1. Patient has …": a header in capitals before the first item; not
        # "MUST NOT MEET PARENT STUDY EXCLUSION CRITERIA 2. AND 5."
        return not qualifier and head.strip().isupper() and "CRITERI" in head and text[match.end()] == "1"
    if qualifier and qualifier[-1] in lexicon.words("header_prose"):
        return False  # "… other than those specified in the inclusion criteria" ending a wrapped line; a word of
        # prose is written in lower case ("is not an exclusion criterion"), not "Part A Exclusion Criteria"
    if (match.group("word")[:1].islower() and not _names_criteria(head)
            and any(word[:1].islower() and word not in lexicon.words("header_qualifier") for word in qualifier)):
        return False  # "the Study medical monitor for inclusion of the subject": prose, no header of criteria
    if match.group("group") and _group_preposition(text, match) == "of" and not _names_criteria(head):
        # "Appropriate exclusion of other liver disease such as …", "Exclusion of pregnancy": the act of excluding
        # something, an item; "Exclusion of patients" (persons: `person` cues) and "Inclusion of Women and
        # Minorities" (titled: the NCI's section on it) head sections
        group = match.group("group").split()
        titled = all(word[:1].isupper() for word in group if len(word) > _SHORT_WORD)
        if not plain or not (titled or set(word.lower() for word in group) <= lexicon.words("person")):
            return False
    return not text[match.end():line_end].strip()


def _names_criteria(head: str) -> bool:
    """Whether a header says "criteria" (or "criterion"), in any case and spelling of its ending."""
    return "riteri" in head.lower()


def _group_preposition(text: str, match: re.Match[str]) -> str:
    """The word that introduces a header's group ("for" in "Exclusion for cohort B:")."""
    before = text[match.start("head"):match.start("group")].split()
    return before[-1].lower() if before else ""


_LABEL_TOKEN = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|\d+[A-Za-z]?")


def population(label: str | None) -> str | None:
    """The label a header or heading gives its items when it names whom they are for, else None. A cohort is a
    population, some of the persons screened: one a cohort word and its label name ("Part B", "all patients in Arm
    2", "Stage 2"), or a cohort word heading the label ("control group", "Dose Escalation Phase"), persons of a kind
    ("Donor", "Healthy Volunteers", "women of childbearing potential") or patients said to be of a kind ("SLE
    Participants", "subjects with type 2 diabetes"). A topic is none ("Medical History", "Birth Control",
    "Bevacizumab-Specific"), nor a step everyone passes ("Screening Phase", "Randomization"), nor everyone ("All
    Participants", "both groups", "Main phase"), nor a bare patient noun ("Subject Inclusion Criteria", "Eligible
    Patients", "participants in this study"): a screener reads a cohort's items as applying to some patients only."""
    if not label:
        return None
    head = label.split(", ", 1)[0]  # "Cohort 1, all of the following": after a comma, the line's prose
    tokens = _LABEL_TOKEN.findall(head)
    words = [token.lower() for token in tokens]
    while words and words[-1] == "only":
        words.pop()
    cohort_words, staging = lexicon.words("cohort_word"), lexicon.words("staging_word")
    for i, word in enumerate(words):
        if word in cohort_words and i + 1 < len(tokens) and is_label(tokens[i + 1]) and (word not in staging or all(
                is_label(token) for token in tokens[i + 1:] if token.lower() not in ("and", "or"))):
            return label  # "Part B"; a stage by its numbers alone ("Stage 2", not "Stage II or III disease")
    spoken = head.isupper()  # "ALL PARTICIPANTS"; not "Cohort 1 (ALL)", acute lymphoblastic leukaemia
    if not words or any(word in lexicon.words("everyone_word") and (spoken or tokens[i] != "ALL")
                        for i, word in enumerate(words)):
        return None
    if {*lexicon.words("study_step"), *lexicon.words("topic_word")} & set(words):
        return None
    if words[-1] in cohort_words - staging:
        return label if len(words) > 1 or head != label else None  # "for cohort:": the trial's one population
    studies = lexicon.words("study_word")
    generic = lexicon.words("generic_person")
    kinds = (persons() - generic) | lexicon.words("population_word")
    if any(word in kinds and not set(words[i + 1:i + 2]) & studies for i, word in enumerate(words)):
        return label  # not "Parent Study"
    fillers = generic | studies | lexicon.words("label_filler") | lexicon.words("header_qualifier")
    for i, word in enumerate(words):
        if word not in generic:
            continue
        said_of_a_kind = i > 0 and words[i - 1] not in fillers  # "SLE Participants", not "Eligible Patients"
        linked = i + 1 < len(words) and words[i + 1] in lexicon.words("population_link") and any(
            other not in fillers for other in words[i + 2:])  # "with T2DM", not "in this study"
        if said_of_a_kind or linked:
            return label
    return None
