"""What a verb of doing dates: "A bone scan must be obtained within 28 days", "major surgery performed within 4
weeks", "MASH on a liver biopsy obtained within 180 days". A window (or a bound on a duration) after a verb of doing
(`done_verb` cues) dates the thing done, which the clause names before the verb. Read over one criterion's `Clauses`,
reached as `Clauses.done`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY
from parser.criteria.brackets import opening_bracket
from parser.criteria.clause_reader import ClauseReader
from parser.criteria.cue_words import strip_words

if TYPE_CHECKING:
    from parser.criteria.atoms import Atom

_METHOD_WORDS = 6
"""The most words of a method's name between its lead and the verb of doing ("on a standing knee X-ray obtained"),
hyphens and a bracketed part of the name not counted ("standing (weight-bearing) X-ray")."""
_ASIDE_REACH = 12
"""The most tokens of an aside between a method's name and the verb of doing ("(in-laboratory or home test)")."""


def _standard_words() -> frozenset[str]:
    """Words naming a standard a value is read by (`standard_word`, `grading_system` cues: "RECIST", "criteria")."""
    return lexicon.words("standard_word") | lexicon.words("grading_system")


class DoneVerbs(ClauseReader):
    """The thing a verb of doing before a window names."""

    def before(self, atom: Atom, limit: int) -> tuple[int, int] | None:
        """"A bone scan must be obtained within 28 days", "major surgery performed within 4 weeks": a window (or a
        bound on a duration) after a verb of doing (`done_verb` cues) dates the thing done, the noun phrase that
        opens its clause (its sentence when the clause continues a list: "Imaging of chest, abdomen, and pelvis
        must be performed …"), past the persons who had it ("Patients with major surgery performed …")."""
        clauses = self.clauses
        verb = self.marks.cue_ending(atom.start, "done_verb")
        if verb is None and atom.start > 0 and self.doc[atom.start - 1].lower_ == "for":
            verb = self.marks.cue_ending(atom.start - 1, "done_verb")  # "must have been discontinued for ≥ 4 months"
        if verb is None or self.marks.has_cue(verb.start - 1, "negation"):
            return None  # not "drugs that cannot be discontinued 2 weeks before": what is not done dates nothing
        if (done := self._method_before(verb.start, limit)) is not None:
            return done
        start = clauses.clause_start(verb.start, limit)
        colon = max((k + 1 for k in range(start, verb.start) if self.doc[k].text == ":"), default=start)
        if clauses.is_content(colon, verb.start):
            start = colon  # "the following conditions must be met: | vedolizumab must have been discontinued …"
        if start > limit and self.doc[start - 1].text == "(" and not clauses.is_content(start, verb.start):
            opening = clauses.after_last_cut(clauses.clause_start(start - 1, limit), start - 1)
            before = clauses.trimmed(opening, start - 1)
            if before[1] > before[0]:
                return before  # "blood counts at baseline (obtained < 14 days prior to randomization)"
        if start > limit and (self.doc[start].lower_ in lexicon.words("coordinator")
                              or not clauses.is_content(start, verb.start)):
            while start > limit and self.doc[start - 1].text not in BOUNDARY:
                start -= 1
        skipped = (lexicon.words("done_to") | lexicon.words("clause_conjunction") | lexicon.words("modal_verb")
                   | lexicon.words("person_link_filler"))
        while start < verb.start and (self.marks.has_cue(start, "person") or self.doc[start].lower_ in skipped):
            start += 1  # "Patients with | major surgery", "Subjects who had | radiotherapy", "but | it", "Women of
            # childbearing potential must have a | pregnancy test"
        phrase = clauses.right_phrase(start)
        if (phrase is not None and phrase[1] - phrase[0] == 1 and phrase[1] < verb.start
                and self.doc[phrase[1]].lower_ == "by"):
            phrase = clauses.right_phrase(phrase[1] + 1)  # "Verified by fundus photography performed within …": one
            # word and "by" open the clause, so what was done is named after "by"
        if phrase is not None and phrase[1] - phrase[0] == 1 and self.doc[phrase[0]].lower_ in lexicon.words("pronoun"):
            # "Hydroxyurea is permitted, but it must be stopped 24 h before"
            phrase = clauses.sentence_subject(phrase[0])
        if phrase is None:
            return None
        if self._kind_said_after(phrase, verb.start):
            phrase = phrase[0], verb.start  # "Drugs that are strong CYP3A4 inhibitors must be stopped 7 days before"
        begin, end = clauses.trimmed(phrase[0], min(phrase[1], verb.start))
        weak = lexicon.words("weak_event") | strip_words()
        if all(t.lower_ in weak for t in self.doc[begin:end]):
            return None  # "enrolled in, or discontinued within 30 days from, a trial": what was left is named after
        return (begin, end) if end > begin else None

    def _method_before(self, verb: int, limit: int) -> tuple[int, int] | None:
        """"MASH on a liver biopsy obtained within 180 days", "AHI ≥ 15 on a polysomnogram performed within 12
        months": a verb of doing right after the noun phrase a method lead opens (`method_lead` cues: "on", "by"), with
        no auxiliary of its own, is said of that phrase, not of what opens the clause."""
        clauses = self.clauses
        doc, k = self.doc, verb - 1
        if doc[k].lower_ in lexicon.words("modal_verb") | lexicon.words("copula"):
            return None  # "a liver biopsy must be obtained": the clause's own subject, read by the caller
        stop = verb
        if doc[k].text == ")" and (opening := opening_bracket(doc, k, _ASIDE_REACH)) is not None:
            if doc[opening + 1].lower_ in lexicon.words("coordinator"):
                return None  # "on a CT scan (or MRI) performed": an alternative the name would drop
            stop, k = opening, opening - 1  # "on a polysomnogram (in-laboratory or at home) performed": its aside
        words = 0
        while k > limit and words < _METHOD_WORDS and (doc[k].is_alpha or doc[k].text in ("-", ")")) and (
                doc[k].lower_ not in lexicon.words("method_lead")):
            if doc[k].text == ")" and (inside := opening_bracket(doc, k, _ASIDE_REACH)) is not None:
                k = inside  # "on a standing (weight-bearing) X-ray obtained": a bracket inside the name
            words += doc[k].is_alpha
            k -= 1  # "an X-ray": a hyphen joins a name's words
        if k <= limit or doc[k].lower_ not in lexicon.words("method_lead") or k == verb - 1:
            return None
        begin, end = clauses.trimmed(k + 1, stop)
        if end <= begin or not clauses.is_content(begin, end) or any(
                self.marks.has_cue(i, "reference_event") for i in range(begin, end)) or lexicon.names_the_following(
                [t.lower_ for t in doc[begin:end]]):
            return None  # not "by the following tests measured within 28 days: …": what the list names
        if any(t.lower_ in _standard_words() for t in doc[begin:end]):
            return None  # "Measurable disease by RECIST (version 1.1) assessed …": how it is read, not what
        return begin, end

    def _kind_said_after(self, phrase: tuple[int, int], verb: int) -> bool:
        """Whether a phrase of drug words only ("Drugs", "Medications") is followed, before the verb, by a relative
        clause saying which ("that are strong CYP3A4 inhibitors"), which names what was done better than they do."""
        doc, (start, end) = self.doc, phrase
        return (end < verb - 1 and all(t.lower_ in lexicon.words("anaphor_drug") for t in doc[start:end])
                and doc[end].lower_ in lexicon.words("relative_pronoun") and self.clauses.is_content(end + 1, verb))
