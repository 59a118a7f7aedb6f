"""What a grade grades: "grade ≥ 2 peripheral neuropathy", "hepatic encephalopathy grade ≥ 2", "≥ grade 2 (NCI CTC)
allergic reaction", "recovery to ≤ grade 1 from all toxicities": the phrase after the grade, past a grading system, or
the one before the comparator, never the words that give the grade's cause ("whatever the cause", `grade_cause`)."""

from __future__ import annotations

from parser.criteria import lexicon
from parser.criteria.atoms import Atom
from parser.criteria.brackets import closing_bracket
from parser.criteria.comparator_sites import op_of
from parser.criteria.measure_lookup import MeasureLookup

_BRACKET_REACH = 5
"""The most tokens inside a bracket right after a grade: a grading system's abbreviation ("(NCI CTC)"), a reference
("(see Appendix III)") or an aside ("(to grade 1 or less)")."""

_JOINED_WORDS = 3
"""The most naming words a phrase joined by "or" or "and" to what a grade grades may have ("or motor neuropathy")."""
_ASIDE_WORDS = 3
"""The most words of an aside of a condition (", if clinically present,")."""


class GradeReading:
    """Names what a threshold on the generic measure "grade" grades, for the resolver, through its `lookup`."""

    def __init__(self, lookup: MeasureLookup) -> None:
        self.lookup, self.clauses, self.doc = lookup, lookup.clauses, lookup.doc

    def qualify(self, atom: Atom) -> None:
        """"grade ≥ 2 peripheral neuropathy", "hepatic encephalopathy grade ≥ 2": a grade of what."""
        end = atom.end
        tail = self.lookup.marks.comparators_by_start.get(end)
        if tail is not None and op_of(tail)[1] == "after":
            end = tail.end  # "≥ grade 2 or greater diarrhoea": the comparator said twice
        if end < len(self.doc) and self.doc[end].lower_ in lexicon.words("grade_dimension"):
            end += 1  # "neuropathy of grade 2 or greater intensity": what the grade grades, not what is graded
        phrase = self.clauses.right_phrase(end)
        if phrase is not None and self.lookup.names_grading_system(*phrase):
            # "neuropathy grade ≥ 2 NCI CTCAE v4.03": the scale, not what is graded; "Grade 1 NCI CTC (…) neuropathy"
            phrase = self._graded_after_system(phrase[1])
        elif phrase is None:
            phrase = self._graded_after_system(end)  # "≥ grade 2 (NCI CTC) allergic reaction"
        if phrase is not None:
            phrase = self._before_cause(self._coordinated(phrase))
        if phrase is None and atom.measure_spans:
            grade_start = min(atom.measure_spans[0][0], atom.start)  # "bleeding ≥ CTCAE grade 3": before the comparator
            begin, end = self.clauses.trimmed(self.clauses.clause_start(grade_start, 0), grade_start)
            if end <= begin and grade_start > 1 and self.doc[grade_start - 1].text == ",":
                # "chronic diarrhea, grade >= 2": what is graded stands before the comma
                begin, end = self.clauses.trimmed(self.clauses.clause_start(grade_start - 1, 0), grade_start - 1)
            if end <= begin and (before := self._before_conditional_aside(grade_start)) is not None:
                begin, end = before  # "Peripheral neuropathy, if present, must be < grade 2"
            phrase = ((begin, end) if end > begin and self.clauses.is_content(begin, end)
                      else self.clauses.before_bracket(grade_start, 0))
            if phrase is not None and all(t.lower_ in lexicon.words("recovery_word") for t in self.doc[slice(*phrase)]):
                phrase = self._recovered_from(atom.end) or phrase
        if phrase is not None:
            atom.measures = [f"{self.doc[phrase[0]:phrase[1]].text} grade"]
            atom.measure_spans = atom.measure_spans + [phrase]

    def _before_conditional_aside(self, grade_start: int) -> tuple[int, int] | None:
        """The words before an aside of a condition between commas that closes right before the grade's clause
        ("Peripheral neuropathy, if present, must be < grade 2": a `conditional_aside` cue opening at most
        `_ASIDE_WORDS` words), when they name something."""
        doc, clause = self.doc, self.clauses.clause_start(grade_start, 0)
        if clause < 2 or doc[clause - 1].text != ",":
            return None
        opening = next((k for k in range(clause - 2, max(-1, clause - 3 - _ASIDE_WORDS), -1) if doc[k].text == ","),
                       None)
        if opening is None or doc[opening + 1].lower_ not in lexicon.words("conditional_aside"):
            return None
        begin, end = self.clauses.trimmed(self.clauses.clause_start(opening, 0), opening)
        return (begin, end) if end > begin and self.clauses.is_content(begin, end) else None

    def _coordinated(self, phrase: tuple[int, int]) -> tuple[int, int]:
        """`phrase` with what "or" or "and" joins to it where the two share the second's head noun: a one-word
        `phrase` that modifies (`lexicon.modifies_a_noun`) before a longer one
        ("grade ≥ 2 sensory or motor neuropathy", "grade 3 neurologic or hepatic toxicity"): the grade grades both.
        Not two things ("grade ≥ 3 nausea or brain metastases"), a part with a threshold of its own ("grade 3
        neutropenia or platelets < 50"), a comparator ("grade 1 lipase or higher"), nor what a toxicity may recover
        to instead ("≤ grade 1 toxicity or baseline status")."""
        doc, marks, clauses = self.doc, self.lookup.marks, self.clauses
        begin, end = phrase
        if (clauses.content_words(begin, end) != 1 or end + 1 >= len(doc) or end in marks.comparators_by_start
                or doc[end].lower_ not in lexicon.words("coordinator")
                or not lexicon.modifies_a_noun(doc[end - 1].lower_)):
            return phrase
        slashed_or = end + 2 < len(doc) and doc[end + 1].text == "/" and doc[end + 2].lower_ == "or"
        after = end + (3 if slashed_or else 1)  # "fibrosis and/or inflammation"
        joined = clauses.right_phrase(after)
        if (joined is None or joined[0] != after or not 2 <= clauses.content_words(*joined) <= _JOINED_WORDS
                or self._bounded(joined[1])
                or any(t.lower_ in lexicon.words("recovery_target") for t in doc[slice(*joined)])):
            return phrase
        return begin, joined[1]

    def _bounded(self, end: int) -> bool:
        """Whether a comparator or a number follows the phrase ending at `end`: it has a threshold of its own."""
        doc = self.doc
        return end < len(doc) and (end in self.lookup.marks.comparators_by_start
                                   or any(c.isdigit() for c in doc[end].text))

    def _before_cause(self, phrase: tuple[int, int]) -> tuple[int, int] | None:
        """The words of `phrase` before any that give a grade's cause (`grade_cause` cues): "≥ grade 2 toxicity
        related to prior immunotherapy" grades the toxicity; "neuropathy > grade 2 whatever the cause" names nothing
        after the grade, so what is graded stands before the comparator. (An exception is no cut: "except for
        neurological toxicity, which must have resolved to grade ≤ 1" grades what it excepts.)"""
        cut = next((i for i in range(*phrase) if lexicon.phrase_from(self.doc, i, "grade_cause")), phrase[1])
        return (phrase[0], cut) if cut > phrase[0] else None

    def _recovered_from(self, end: int) -> tuple[int, int] | None:
        """"Recovery to ≤ grade 1 from all toxicities of prior therapy": what recovered is named after "from"."""
        doc = self.doc
        if end < len(doc) and doc[end].text == "(":
            closing = closing_bracket(doc, end + 1, _BRACKET_REACH)
            end = end if closing is None else closing + 1
        elif end < len(doc) and doc[end].text == ")":
            end += 1  # "not recovered (to grade 1 or less) from adverse events"
        if end + 1 < len(doc) and doc[end].lower_ == "from":
            return self.clauses.right_phrase(end + 1)
        return None

    def _graded_after_system(self, end: int) -> tuple[int, int] | None:
        """What is graded, named after its grading system and the system's bracketed abbreviation."""
        doc = self.doc
        if end < len(doc) and doc[end].text == "(":
            closing = closing_bracket(doc, end + 1, _BRACKET_REACH)
            if closing is None or not (self.lookup.names_grading_system(end + 1, closing)
                                       or doc[end + 1].lower_ in lexicon.words("reference_word")):
                return None  # "≥ grade 3 (see Appendix III) rash": a reference is an aside too
            end = closing + 1
        phrase = self.clauses.right_phrase(end)
        return None if phrase is None or self.lookup.names_grading_system(*phrase) else phrase

