"""What a grade grades: "grade ≥ 2 peripheral neuropathy", "hepatic encephalopathy grade ≥ 2", "≥ grade 2 (NCI CTC)
allergic reaction", "recovery to ≤ grade 1 from all toxicities": the phrase after the grade, past a grading system, or
the one before the comparator, never the words that give the grade's cause ("whatever the cause", `grade_cause`)."""

from __future__ import annotations

from parser.criteria import lexicon
from parser.criteria.atoms import Atom
from parser.criteria.brackets import closing_bracket
from parser.criteria.measure_lookup import MeasureLookup

_BRACKET_REACH = 5
"""The most tokens inside a bracket right after a grade: a grading system's abbreviation ("(NCI CTC)") or an aside
("(to grade 1 or less)")."""


class GradeReading:
    """Names what a threshold on the generic measure "grade" grades, for the resolver, through its `lookup`."""

    def __init__(self, lookup: MeasureLookup) -> None:
        self.lookup, self.clauses, self.doc = lookup, lookup.clauses, lookup.doc

    def qualify(self, atom: Atom) -> None:
        """"grade ≥ 2 peripheral neuropathy", "hepatic encephalopathy grade ≥ 2": a grade of what."""
        end = atom.end
        if end < len(self.doc) and self.doc[end].lower_ in lexicon.words("grade_dimension"):
            end += 1  # "neuropathy of grade 2 or greater intensity": what the grade grades, not what is graded
        phrase = self.clauses.right_phrase(end)
        if phrase is not None and self.lookup.names_grading_system(*phrase):
            # "neuropathy grade ≥ 2 NCI CTCAE v4.03": the scale, not what is graded; "Grade 1 NCI CTC (…) neuropathy"
            phrase = self._graded_after_system(phrase[1])
        elif phrase is None:
            phrase = self._graded_after_system(end)  # "≥ grade 2 (NCI CTC) allergic reaction"
        if phrase is not None:
            phrase = self._before_cause(phrase)
        if phrase is None and atom.measure_spans:
            grade_start = min(atom.measure_spans[0][0], atom.start)  # "bleeding ≥ CTCAE grade 3": before the comparator
            begin, end = self.clauses.trimmed(self.clauses.clause_start(grade_start, 0), grade_start)
            if end <= begin and grade_start > 1 and self.doc[grade_start - 1].text == ",":
                # "chronic diarrhea, grade >= 2": what is graded stands before the comma
                begin, end = self.clauses.trimmed(self.clauses.clause_start(grade_start - 1, 0), grade_start - 1)
            phrase = ((begin, end) if end > begin and self.clauses.is_content(begin, end)
                      else self.clauses.before_bracket(grade_start, 0))
            if phrase is not None and all(t.lower_ in lexicon.words("recovery_word") for t in self.doc[slice(*phrase)]):
                phrase = self._recovered_from(atom.end) or phrase
        if phrase is not None:
            atom.measures = [f"{self.doc[phrase[0]:phrase[1]].text} grade"]
            atom.measure_spans = atom.measure_spans + [phrase]

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
            if closing is None or not self.lookup.names_grading_system(end + 1, closing):
                return None
            end = closing + 1
        phrase = self.clauses.right_phrase(end)
        return None if phrase is None or self.lookup.names_grading_system(*phrase) else phrase
