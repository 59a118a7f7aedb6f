"""Words that deny something other than they seem to: an exclusion's denials that restate the section's requirement
(`RequirementWording`), an exclusion that says what is required (`states_a_requirement`), and a test result that says
a finding is absent (`absent_result`).

Sponsors often word an exclusion as what is required: "No active brain metastases", "Must not have known brain
metastases", "Prior therapy: no radiotherapy". Read literally, such an item would exclude every patient *without*
what it names; it names what excludes. A state denied in other words excludes as it reads ("Subjects who have not
had prior chemotherapy", "Patients who cannot swallow tablets"), and so does a modal's denial in a sentence about
some patients only ("Patients who had chemotherapy must not have brain metastases").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from parser.criteria import lexicon
from parser.criteria.brackets import bracket_depth, closing_bracket, opening_bracket

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from parser.criteria.clauses import Clauses


class RequirementWording:
    """Which negation cues of one exclusion item restate its requirement (`restates`), and whether one may as well
    belong to an exception before it (`unclear`); the item's `Clauses` are passed in, not kept, so that no cycle
    keeps a parsed text alive."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        fillers = lexicon.words("requirement_filler")
        self.opening = next((t.i for t in self.doc if t.is_alpha and len(t) > 1 and t.lower_ not in fillers),
                            len(self.doc))
        """The item's first word past "has" or "have" ("Has no prior chemotherapy")."""

    def restates(self, cue: Span, clauses: Clauses) -> bool:
        """Whether a negation cue restates the requirement: the item's first word ("No active CNS metastases", "Has
        no …"), a "no" after a label ("Prior therapy: no chemotherapy"), a "no" joined to an opening one ("No prior
        chemotherapy and no brain metastases"; not one after an exception, `unclear`), or a modal's denial of having,
        being or receiving ("Must not have known brain metastases", "Patients should have no prior radiotherapy",
        "may not enroll") in a sentence about every patient."""
        doc, i = self.doc, cue.start
        if cue[0].lower_ == "no":
            if i == self.opening or (i > 0 and doc[i - 1].text == ":" and not any(t.is_punct for t in doc[:i - 1])):
                return True
            if self._joined_to_opening(i):
                return not self._after_exception(i, clauses)
        modal = self._modal(cue)
        return modal is not None and self._denies_having(cue) and not self._relative(modal, clauses)

    def unclear(self, cues: Iterable[Span], clauses: Clauses) -> bool:
        """Whether a denial of the item may be read two ways, so the item is a person's to read: a "no" joined to the
        opening one after an exception or a waiver ("No prior radiotherapy except palliative radiotherapy and no
        prior chemotherapy": the exception's own, or one more requirement?); an opening "Not" ("Not pregnant or
        nursing" restates the requirement, "Not signed the consent" excludes as it reads); a modal's denial that
        restates nothing ("Patients who may not receive radiotherapy", "may not tolerate chemotherapy"), which says
        what a patient may or can do, not what they had."""
        for cue in cues:
            start = cue.start
            if cue[0].lower_ == "no" and self._joined_to_opening(start) and self._after_exception(start, clauses):
                return True
            if start == self.opening and cue[0].lower_ == "not":
                return True
            if self._modal(cue) is not None and not self.restates(cue, clauses):
                return True
        return False

    def _joined_to_opening(self, i: int) -> bool:
        doc = self.doc
        return (self.opening < i and doc[self.opening].lower_ == "no"
                and doc[i - 1].lower_ in lexicon.words("denial_join"))

    def _after_exception(self, i: int, clauses: Clauses) -> bool:
        return any(clauses.exception_at(k) is not None for k in range(self.opening, i))

    def _relative(self, modal: int, clauses: Clauses) -> bool:
        """Whether the modal's sentence is about some patients only ("Patients who had chemotherapy must not …")."""
        relative = lexicon.words("relative_pronoun")
        return any(t.lower_ in relative for t in self.doc[clauses.sentence_start(modal):modal])

    def _modal(self, cue: Span) -> int | None:
        """Where the modal stands that the cue denies ("must not be", "should have no", "may not receive"; the cue
        "must not" itself), if any."""
        doc, modals = self.doc, lexicon.words("requirement_modal")
        if cue[0].lower_ in modals:
            return cue.start
        if cue[0].lower_ not in lexicon.words("modal_denial"):
            return None
        modal = cue.start - 1
        while modal >= 0 and doc[modal].lower_ in lexicon.words("requirement_filler"):
            modal -= 1
        return modal if modal >= 0 and doc[modal].lower_ in modals else None

    def _denies_having(self, cue: Span) -> bool:
        """Whether a modal's denial is of having, being or receiving ("must not have", "should have no"), not of
        another verb ("may not tolerate chemotherapy" denies the tolerating)."""
        doc = self.doc
        denial = next((t.i for t in cue if t.lower_ in lexicon.words("modal_denial")), cue.end - 1)
        denied = doc[denial + 1] if denial + 1 < len(doc) else None
        return doc[denial].lower_ == "no" or (denied is not None and denied.lower_ in lexicon.words("requirement_verb"))


def states_a_requirement(doc: Doc) -> bool:
    """Whether an exclusion says what a patient must be or have ("Doses of antihypertensives must be stable for 30
    days", "Hemoglobin must be at least 9 g/dL"): a requirement filed among exclusions, whose structure, read as what
    excludes, says the reverse; a person reads it. Not a modal denied ("must not have", "should have no"), nor one
    saying who is excluded ("must be excluded"), nor "may" ("may have received"), which permits, nor an aside in
    brackets with no number ("(this should be confirmed by the investigator)"; not "(must be 3.5-5.5 mEq/L)")."""
    modals = lexicon.words("requirement_modal") - lexicon.words("permitting_modal")
    if not lexicon.any_word(doc, modals):
        return False  # most items have no modal: no token of theirs is read
    depth = 0
    for token in doc:
        depth = bracket_depth(depth, token.text)
        if token.lower_ not in modals or (depth and not _holds_a_number(doc, token.i)):
            continue
        following = [t.lower_ for t in doc[token.i + 1:token.i + 1 + _MODAL_REACH]]
        if not following or following[0] in lexicon.words("modal_denial") or (
                following[0] in lexicon.words("requirement_filler") and following[1:2] == ["no"]):
            continue
        if not set(following) & lexicon.words("excluding_word"):
            return True
    return False


def _holds_a_number(doc: Doc, i: int) -> bool:
    """Whether the bracket around token `i` holds a number."""
    opening, closing = opening_bracket(doc, i, i), closing_bracket(doc, i, len(doc) - i)
    return any(t.like_num for t in doc[i if opening is None else opening:len(doc) if closing is None else closing])


_MODAL_REACH = 3
"""Words after a modal that may say it excludes ("must be excluded", "should not be")."""
_TEST_NAME_REACH = 3
"""The most words from the concept a test looks for to its test word ("pregnancy test", "HIV antibody test")."""


def absent_result(clauses: Clauses, name: int, end: int) -> tuple[int, int] | None:
    """"Negative pregnancy test", "negative serum pregnancy test at baseline": a result word (`absent_result` cues)
    right before the name of a test starting at `name`, its test word (`result_test` cues) within a few words and
    before `end`, across specimen words (`test_specimen` cues), says the finding the test looks for is absent. The
    result word's index and the end of the test's name (the words after it, "at baseline", are no part of it)."""
    doc = clauses.doc
    tested = next((t.i + 1 for t in doc[name:min(end, name + _TEST_NAME_REACH)]
                   if t.lower_ in lexicon.words("result_test")), None)
    if tested is None:
        return None
    i = name - 1
    while i >= 0 and doc[i].lower_ in lexicon.words("test_specimen"):
        i -= 1
    if i < 0 or doc[i].lower_ not in lexicon.words("absent_result") or clauses.hyphenated(i, i + 1):
        return None
    return i, tested


def ruling_out(doc: Doc, start: int, end: int) -> int | None:
    """Where a phrase saying the patients described are left out starts in `[start, end)` ("… are not eligible", "…
    will be excluded from the study and should be treated …": a `prose_exclusion_header` phrase closing its clause,
    past at most the study named); None for one naming a state ("ineligible for autologous transplantation") or left
    out of a part of the study only ("… will be excluded from arm B")."""
    words = [token.lower_ for token in doc[start:end]]
    phrases, keys = _ruling_phrases()
    if keys.isdisjoint(words):
        return None  # (most stretches hold no phrase's longest word: no phrase is tried on them)
    found = [at for phrase in phrases for at in range(len(words) - len(phrase) + 1)
             if tuple(words[at:at + len(phrase)]) == phrase and _closes_clause(words, at + len(phrase))]
    return start + min(found) if found else None


def _closes_clause(words: list[str], after: int) -> bool:
    """Whether a clause ends at `after`, past at most the study named ("… from the study")."""
    while after < len(words) and words[after] in lexicon.words("study_named"):
        after += 1
    return after >= len(words) or words[after] in _CLAUSE_ENDS


@cache
def _ruling_phrases() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The `prose_exclusion_header` phrases as words, and the longest word of each."""
    phrases = tuple(tuple(phrase.split()) for phrase in lexicon.words("prose_exclusion_header"))
    return phrases, frozenset(max(phrase, key=len) for phrase in phrases)


_CLAUSE_ENDS = frozenset({"and", "but", ",", ".", ";", ":", ")"})
"""What closes a clause after a phrase saying patients are left out."""
