"""Whether a criterion asks for its concept now, in the past or present in the record: the words around the concept
as written ("receiving radiotherapy", "history of", "currently", "most recent"), read from the screening vocabulary's
rows (`current_cue`, `history_cue`, `present_word`, …)."""

from __future__ import annotations

import re

from parser.screen.words import WORD, screening_terms

_PARTS_OF_A_SENTENCE = re.compile(r"[;:]")
"""Where the words a concept is read with stop: a semicolon or a colon."""


def asks_current(criterion: str, concept: str) -> bool:
    """Whether a criterion (lower case) asks for its concept as current: a `current_cue` word right before the
    concept as written ("receiving radiotherapy", "patients on chemotherapy"), a `current_verb` before it in its
    sentence with no word of the past between ("receiving treatments … such as chemotherapy"), or one of the
    `current_word`s or `current_phrase`s anywhere ("currently", "ongoing", "during the study"); or it is an example
    of a noun asked for as current."""
    words = re.findall(r"[\w-]+", criterion)
    vocabulary = screening_terms()
    if any(word in vocabulary.current_words for word in words) or any(
            re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", criterion) for phrase in vocabulary.current_phrases):
        return True
    at = criterion.find(concept) if concept else -1
    if at <= 0:
        return False
    sentence = _PARTS_OF_A_SENTENCE.split(criterion[:at])[-1]
    before = re.findall(r"[\w-]+", sentence)
    if before[-1:] and before[-1] in vocabulary.current_cues or _an_example_of_current(sentence):
        return True
    verb = max((i for i, word in enumerate(before) if word in vocabulary.current_verbs), default=None)
    return verb is not None and vocabulary.past_words.isdisjoint(before[verb + 1:])


_EXAMPLE_HEAD = 3
"""Words of the noun a list of examples is about, before the words opening the list, a current cue may stand before."""


def _an_example_of_current(sentence: str) -> bool:
    """Whether a sentence (up to a concept) opens a list of examples of a noun asked for as current ("No other
    concurrent anticancer therapy (including chemotherapy": the chemotherapy is a concurrent one too)."""
    vocabulary = screening_terms()
    opened = max((found.start() for opener in vocabulary.example_openers
                  for found in re.finditer(rf"(?<![\w-]){re.escape(opener)}(?![\w-])", sentence)), default=None)
    if opened is None:
        return False
    head = re.findall(r"[\w-]+", sentence[:opened])[-_EXAMPLE_HEAD - 1:-1]
    return any(word in vocabulary.current_cues for word in head)


_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]")
_HISTORY_REACH = 4
"""Words a noun history cue may stand before a condition's name ("history of myocardial infarction or stroke")."""
_MODIFIER_REACH = 2
"""Words an adjective history cue may stand before a condition's name, in its own conjunct ("prior ischemic
stroke"; not "prior chemotherapy or heart failure")."""
_LEAD_OPENING = 4
"""Words a lead to a list may say before its history cue ("Patients with no prior history of …")."""
_CONJUNCTIONS = frozenset({"or", "and", "and/or"})


def asks_history(before: str, written: str, after: str = "") -> bool:
    """Whether a criterion asks for a condition as history: a `history_cue` a few words before its name as written
    (`written`; `before`, `after`: the criterion's text up to it and after it, lower case), in the same clause
    ("history of myocardial infarction or stroke", "prior ischemic stroke"); not "prior to" or "past 6 months", not
    someone else's ("family history of", "… in a first-degree relative": `relative_word` rows), and not where a word
    of the cue's conjunct names a present state (`present_word` rows: "history of stroke or active infection", "prior
    uncontrolled hypertension", "recent history of") unless "or" offers it beside the history ("prior or current")."""
    said = WORD.findall(_CLAUSE_BREAK.split(before)[-1])
    following = WORD.findall(_CLAUSE_BREAK.split(after)[0])
    cues = _history_cues(said)
    if not cues or set(following) & screening_terms().relative_words:
        return False
    start, end = cues[-1]
    between = said[end:]
    if between[:1] == ["or"] and between[1:2] and between[1] in screening_terms().present_words:
        between = between[2:]  # "prior or current stroke": two modifiers of one conjunct
    if said[end - 1] == "of":  # a noun cue heads a list ("history of MI or stroke")
        reaches = len(between) <= _HISTORY_REACH
    else:  # an adjective modifies its own conjunct only
        reaches = len(between) <= _MODIFIER_REACH and not set(between) & _CONJUNCTIONS
    return reaches and not _present(said, WORD.findall(written), cues)


def says_history(lead: str) -> bool:
    """Whether a lead to a list (lower case) asks for its items as history: a history cue among its first words ("No
    history of any of the following:", "Prior history of the following:"), not "prior to" an anchor, not someone
    else's, and no word letting history pass (`history_waiver` rows: "Any of the following (a past history is
    allowed):", "… patients with a prior history that has resolved are eligible")."""
    said = WORD.findall(lead)
    cues = _history_cues(said)
    return (bool(cues) and cues[0][0] <= _LEAD_OPENING and not set(said) & screening_terms().history_waivers
            and not _present(said, [], cues[:1]))


def names_present(text: str) -> bool:
    """Whether a text (lower case) names a present state ("Active tuberculosis"): a lead's history does not reach
    the concept it names."""
    return bool(set(WORD.findall(text)) & screening_terms().present_words)


def asks_present(before: str, concept: str, after: str) -> bool:
    """Whether a criterion asks for its concept as present or recent: a `present_word` in the concept's name, before
    it past commas, which part the items of a list ("other recent treatment, e.g. major surgery, anticancer therapy";
    "taking concomitant medications … which are known to interfere with healing, such as anti-neoplastic drugs") but
    not past a semicolon, a colon or a bracket, or after it up to a semicolon or a colon ("Hepatitis B infection
    (active)", "brain metastases that are untreated or symptomatic"); "most recent" says which, not how recent ("the
    most recent line of therapy")."""
    said = f"{_PART_BREAK.split(before.lower())[-1]} {concept.lower()} {_PARTS_OF_A_SENTENCE.split(after.lower())[0]}"
    return names_present(_LATEST.sub(" ", said))


_PART_BREAK = re.compile(r"[;:()\[\]]")
_LATEST = re.compile(r"\bmost recent(?:ly)?\b")


def _history_cues(said: list[str]) -> list[tuple[int, int]]:
    """Where the history cues among `said` start and end, in order; not "prior to …", not a period ("past 6 months",
    "previous few weeks": a window), not after a relative's word ("family history of")."""
    vocabulary = screening_terms()
    found = []
    for i in range(len(said)):
        for cue in vocabulary.history_cues:
            words = cue.split()
            end = i + len(words)
            following = said[end] if end < len(said) else ""
            if (said[i:end] == words and following != "to" and not following[:1].isdigit()
                    and following not in vocabulary.period_words
                    and not set(said[max(0, i - 2):i]) & vocabulary.relative_words):
                found.append((i, end))
                break
    return found


def _present(said: list[str], name: list[str], cues: list[tuple[int, int]]) -> bool:
    """Whether the last cue's conjunct or the name asks for a present state, other than one "or" offers right beside
    a history cue ("prior or current stroke", "active or prior tuberculosis", "past or present history of TB")."""
    present = screening_terms().present_words
    if set(name) & present:
        return True
    start = cues[-1][0]
    opening = max((i + 1 for i in range(start) if said[i] in _CONJUNCTIONS), default=0)
    offered = set()
    for first, end in cues:
        if said[end:end + 1] == ["or"]:
            offered.add(end + 1)
        if first >= 2 and said[first - 1] == "or":
            offered.add(first - 2)
            opening = min(opening, first - 2)
    return any(said[i] in present and i not in offered for i in range(opening, len(said)))
