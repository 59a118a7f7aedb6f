"""Sexes as subgroups of thresholds, in an item that gives each sex its own limit.

"For men, hemoglobin ≥ 13 g/dL; for women, ≥ 12 g/dL", "QTc > 470 ms males, > 480 ms females", "Male ≥ 65 years or
female ≥ 70 years", "Cr > 2.5 mg/dL [men], > 2.0 mg/dL [women]", "≥ 1.5 or ≥ 1.4 mg/dL in men and women, respectively":
where a sex word stands says whose threshold it is. Only in an item naming both sexes: alone ("Women with hemoglobin
≥ 12 g/dL") a sex may say who is meant, and sexes coordinated before one threshold ("Male or female ≥ 18 years") are
everyone.
"""

from __future__ import annotations

from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, COORDINATION
from parser.criteria.clauses import Clauses
from parser.criteria.cue_words import negation_words
from parser.criteria.quantities import parse_number

_SEX_MARKS = frozenset({"-", "(", "["})
"""What may stand between a threshold and the sex written after it ("- women", "[men]")."""
_SEX_MARK_ENDS = frozenset({")", "]"})


class SexGroups:
    """Reads where a criterion's sex words make a threshold one sex's."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses, self.doc, self.marks = clauses, clauses.doc, clauses.marks
        female, sexes = lexicon.words("female_word"), lexicon.words("sex_word")
        self._named = {t.lower_ in female for t in self.doc if t.lower_ in sexes}
        """Which sexes the item names (True: female), read once: most items name none."""
        self._opening: set[bool] | None = None

    def both_named(self) -> bool:
        """Whether the item names both sexes: only then is a sex word one threshold's."""
        return len(self._named) == 2

    def opening(self, start: int, stop: int, end: int, *, led: bool = False) -> tuple[int, int, bool] | None:
        """The sex word opening persons `[start, stop)` at the head of a threshold's clause, in an item naming both
        sexes ("For men, hemoglobin ≥ 13 g/dL; for women, …", "Male subjects with QTcF > 450 ms or female subjects
        with …") or led as a subgroup (`led`: "For women, hemoglobin ≥ 11 g/dL"): the sex is the subgroup, whatever
        follows. Alone and unled ("Women with hemoglobin ≥ 12 g/dL") it may say who is meant."""
        doc, sexes = self.doc, lexicon.words("sex_word")
        if doc[start].lower_ not in sexes:
            return None  # "For pregnant women, …", "For elderly women, …": a subgroup of a sex
        both = self.both_named()
        listed = (stop + 1 < len(doc) and doc[stop].text == "," and self.marks.has_cue(stop + 1, "person")) or (
            start >= 2 and doc[start - 1].text == "," and self.marks.has_cue(start - 2, "person"))
        follows = stop >= end or doc[stop].text in (",", ":") or stop in self.marks.measure_at or (
            doc[stop].lower_ in lexicon.words("person_link") and stop + 1 in self.marks.measure_at) or (
            self._predicate_of_threshold(stop, end))
        # the clause's end, its threshold or its measure ("For males HDL-C < 40 mg/dL, for females …")
        return (start, start + 1, False) if (both or led) and follows and not listed else None  # not "Women, men: …"

    def _predicate_of_threshold(self, start: int, end: int) -> bool:
        """Whether the words from `start` to a threshold at `end` are a relative pronoun or a modal and a verb phrase
        naming no condition: "Male subjects who consume more than 21 units …", "Female subjects must weigh between …"
        (the sex is the subgroup), not "Women who are pregnant, …"."""
        doc = self.doc
        if start >= end or doc[start].lower_ not in lexicon.words("relative_pronoun") | lexicon.words("modal_verb"):
            return False
        stops = BOUNDARY | lexicon.words("sex_word") | negation_words() | {"(", ")"}
        return not any(start <= span.start < end for span in self.marks.concepts) and not any(
            doc[i].lower_ in stops for i in range(start, end))

    def right_after(self, end: int) -> tuple[int, int, bool] | None:
        """A sex written right after a threshold in an item naming both sexes ("QTc > 470 ms males, > 480 ms
        females", "QTcB > 480 msec women, QTcB > 470 msec men"): its subgroup, though no word opens it."""
        doc, sexes = self.doc, lexicon.words("sex_word")
        opened = end + 1 < len(doc) and doc[end].text in _SEX_MARKS and doc[end + 1].lower_ in sexes
        end += opened  # "Hb < 12 g/dL - women or < 14 g/dL - men", "Cr > 2.5 mg/dL [men], > 2.0 mg/dL [women]"
        if end >= len(doc) or doc[end].lower_ not in sexes or not self.both_named():
            return None
        k = end + 1 + (opened and end + 1 < len(doc) and doc[end + 1].text in _SEX_MARK_ENDS)
        while k < len(doc) and self.marks.has_cue(k, "person"):
            k += 1  # "… > 480 ms female patients"
        if k < len(doc) and doc[k].text == ",":
            k += 1 + (k + 1 < len(doc) and doc[k + 1].lower_ in ("or", "and"))
            while k < len(doc) and self.marks.has_cue(k, "person"):
                k += 1  # "… males, females ≥ 12 g/dL": the next sex's limit; "male, female" lists them
            return (end, end + 1, False) if k == end + 2 or self.clauses.threshold_starts(k) else None
        ends = k == len(doc) or doc[k].text in (";", ".", ")") or (  # not a label: "Females: > 35 inches Males:"
            doc[k].lower_ in ("or", "and") and self.clauses.threshold_starts(k + 1))  # not "18-75 years males and …"
        return (end, end + 1, False) if ends else None

    def right_before(self, start: int) -> tuple[int, int, bool] | None:
        """A sex written right before a threshold's comparator or number in an item naming both sexes, a colon or a
        dash between at most ("Male ≥ 65 years or female ≥ 70 years", "Hemoglobin: Men: 12.2-18 g/dL and Women:
        10.5-17 g/dL"), or opening a bracket after everyone's limit ("(males: ≥ 10 g/dL)"): its subgroup."""
        at = self._opening_at(start)
        if at is not None and at > 0 and self.doc[at - 1].text == "(":
            return at, at + 1, False  # "Hb ≥ 9 g/dL (males: ≥ 10 g/dL)": the bracket gives that sex its own limit
        if not self.both_named() or at is None:
            return None
        if self._opening is None:  # the sexes written right before some threshold, found once per item
            female, doc = lexicon.words("female_word"), self.doc
            self._opening = {doc[i].lower_ in female for i in range(len(doc))
                             if (i + 1 < len(doc) and self._opening_at(i + 1) == i)
                             or (i + 2 < len(doc) and self._opening_at(i + 2) == i)}
        return (at, at + 1, False) if len(self._opening) == 2 else None  # not "Male or female ≥ 18 years"

    def _opening_at(self, start: int) -> int | None:
        """Where a sex word stands right before a threshold starting at token `start` (a colon or a dash between at
        most), unless another sex is coordinated with it ("male or female ≥ 18")."""
        doc, sexes = self.doc, lexicon.words("sex_word")
        if start >= len(doc) or not (start in self.marks.comparators_by_start or self.clauses.threshold_starts(start)
                                     or parse_number(doc[start].text) is not None):
            return None
        at = start - 1
        if at > 0 and doc[at].text in (":", "-"):
            at -= 1
        if at < 0 or doc[at].lower_ not in sexes or (
                at > 1 and doc[at - 1].lower_ in COORDINATION | {"/", "&"} and doc[at - 2].lower_ in sexes):
            return None
        return at

    def respective(self, begin: int, finish: int) -> tuple[int, int, bool] | None:
        """"≥ 1.5 mg/dL or ≥ 1.4 mg/dL in men and women, respectively": the second sex is the last threshold's
        subgroup (the one before it is for the other sex, as subgroups are complemented), not both sexes."""
        doc, sexes, respective = self.doc, lexicon.words("sex_word"), lexicon.words("respective_word")
        stop = finish
        while stop < len(doc) and (doc[stop].text == "," or doc[stop].lower_ in respective):
            stop += 1
        words = [t for t in doc[begin:stop] if t.text != "," and t.lower_ not in respective]
        if (not any(t.lower_ in respective for t in doc[begin:stop]) or len(words) != 3 or words[1].lower_ != "and"
                or not all(t.lower_ in sexes for t in (words[0], words[2]))):
            return None
        return words[2].i, words[2].i + 1, False


__all__ = ["SexGroups"]
