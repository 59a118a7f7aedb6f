"""What the words after a threshold's number name, when no lexicon measure before it does: the substance of a dose
("> 10 mg/day of prednisone"), what a percentage covers ("radiotherapy to > 25% of the bone marrow"), what a count
or a frequency counts ("at least one measurable lesion", "1 to 4 pain episodes per day"), the cells a percentage is
of ("≥ 5% leukemic blasts") and the scale a class or stage is of ("class 3 or 4 heart failure")."""

from __future__ import annotations

from parser.criteria import lexicon, scores, shares
from parser.criteria.atoms import LIST_JOINS, Atom
from parser.criteria.clauses import Clauses
from parser.criteria.cue_words import persons
from parser.criteria.measure_lookup import MeasureLookup
from parser.criteria.quantities import parse_number
from parser.criteria.unit_phrases import DOSE_DIMENSIONS
from parser.vocabulary import Measure, units

_SECOND_COUNT = 4
"""The most tokens a second count's comparator and number take after "or" ("≥ 2 moderate or at least 1 severe")."""


def named_by(clauses: Clauses, atom: Atom, span: tuple[int, int]) -> bool:
    """Name the atom's measure by the words of `span`; True, so that a step ends with it. Words that never name
    what a threshold bounds (`non_name_word` cues: "except", "within", "note", "specifically") name nothing:
    the next step is asked, and a threshold no step names is left in the text for review. A generic word
    (`generic_label` cues: "interval", "period") before an anchor is named with the event after it."""
    span = clauses.referent(span)
    words = [t.lower_ for t in clauses.doc[span[0]:span[1]] if t.is_alpha]
    if words and all(word in lexicon.words("non_name_word") for word in words):
        return False
    if (words and all(word in lexicon.words("generic_label") for word in words) and span[1] + 1 < len(clauses.doc)
            and clauses.doc[span[1]].lower_ in lexicon.words("event_anchor")
            and (event := clauses.right_phrase(span[1] + 1)) is not None):
        span = (span[0], event[1])  # "a 4 week interval since prior chemotherapy": the interval since what
    atom.measures, atom.measure_spans = [clauses.doc[span[0]:span[1]].text], [span]
    return True


class FollowingNames:
    """The readings of what follows a threshold's number, through the criterion's one reader of clauses."""

    def __init__(self, lookup: MeasureLookup) -> None:
        self.lookup, self.clauses, self.doc, self.marks = lookup, lookup.clauses, lookup.doc, lookup.marks

    def dose_of(self, atom: Atom, clause: int) -> bool:
        """"> 10 mg/day of prednisone": a dose bounds the substance named after it (not a route of giving it); so
        does a volume (or one a day) "of" something when no word before it names what is measured, only persons or
        taking it (`intake_verb` cues: "a total of more than 350 mL of blood drawn", "consuming > 250 mL of grapefruit
        juice per day"; not "residual volume above 150 mL of urine")."""
        quantity = atom.bounds[-1].quantity
        dimension = units.dimension(quantity.unit) if quantity.unit else None
        doc, start = self.doc, atom.end
        ignored = lexicon.words("generic_label") | persons() | lexicon.words("intake_verb") | lexicon.words("rate_head")
        volume_of = (dimension in ("volume", "volume rate") and start < len(doc) and doc[start].lower_ == "of"
                     and not self.clauses.is_content(clause, atom.start, ignore=ignored))
        if dimension not in DOSE_DIMENSIONS and not volume_of:
            return False
        if start < len(doc) and doc[start].lower_ == "of":
            start += 1  # "> 10 mg of daily prednisone": after "of", a word of frequency qualifies the substance
            while start < len(doc) and doc[start].lower_ in lexicon.words("dose_route"):
                start += 1
        phrase = self.clauses.right_phrase(start)
        return (phrase is not None and doc[phrase[0]].lower_ not in lexicon.words("dose_route")
                and named_by(self.clauses, atom, phrase))

    def fraction_of(self, atom: Atom, clause: int) -> bool:
        """"radiotherapy to > 25% of the bone marrow": a percentage a verb or "to" links to what it covers bounds the
        share of what is named after "of" (`share_link` cues; or nothing but a list before it), unless that is a
        reference it is a percentage of ("of predicted", "of normal", "of the time": `percent_reference` cues).
        "Weight loss > 10% of body weight" names its measure before the number."""
        doc = self.doc
        if atom.bounds[-1].quantity.unit != "%" or atom.end >= len(doc):
            return False
        if doc[atom.end].lower_ != "of":
            return False
        before = doc[atom.start - 1].lower_ if atom.start > clause else ""
        listed = before in (",", "or", "and")  # "to the whole abdomen, > 25% of bone marrow, or …": one of a list
        if before and not listed and before not in lexicon.words("share_link"):
            return False
        phrase = self.clauses.right_phrase(atom.end + 1)
        if phrase is None:
            return False
        begin, end = self.clauses.trimmed(*phrase)
        if end <= begin or any(t.lower_ in lexicon.words("percent_reference") for t in doc[begin:end]):
            return False
        left = self.clauses.trimmed(clause, atom.start - 1) if before and not listed else (0, 0)
        if left[1] <= left[0] or not self.clauses.is_content(*left):
            return named_by(self.clauses, atom, (begin, end))
        # "radiotherapy to bone marrow": the share is of what the thing before the link reached
        atom.measures = [f"{doc[left[0]:left[1]].text} {doc[atom.start - 1].text} {doc[begin:end].text}"]
        atom.measure_spans = [left, (begin, end)]
        return True

    def share_or_change(self, atom: Atom) -> bool:
        """"> 10% body surface area", "more than 10% weight loss": a percentage the words right after name the share or
        the change of (`shares`), whatever threshold or measure comes before it. After "of" ("AD involvement ≥ 10% of
        BSA") the words before it name what covers the share, as `fraction_of` reads them."""
        if atom.bounds[-1].quantity.unit != "%" or (named := shares.named_after(self.doc, atom.end)) is None:
            return False
        return named_by(self.clauses, atom, named)

    def counted(self, atom: Atom, measures: list[Measure], spans: list[tuple[int, int]]) -> bool:
        """What a frequency or a bare count counts, unless a lexicon measure right before it takes the value:
        "1 to 4 breakthrough pain episodes per day", "at least one measurable lesion"."""
        quantity = atom.bounds[-1].quantity
        adjacent = bool(spans) and atom.start - spans[-1][1] <= 2
        counted = self.lookup.counted_noun(atom) if units.dimension(quantity.unit or "") == "frequency" else None
        if counted and not (adjacent and any(units.dimension(m.unit) == "frequency" for m in measures)):
            return named_by(self.clauses, atom, counted)  # not "AHI ≥ 15 events per hour": the index is the measure
        if quantity.unit == "%" and not adjacent and (share := self._share_of_cells_after(atom)) is not None:
            atom.measures, atom.measure_spans = share  # "must have ≥ 5% leukemic blasts in the bone marrow"
            return True
        unitless = quantity.unit is None and not quantity.relative_to and quantity.kind != "roman"
        if not unitless or adjacent or any(m.implied_unit == "1" for m in measures):
            return False
        phrase = self.clauses.right_phrase(atom.end) or self.lookup.phrase_ahead(atom.end)
        if phrase is None or self.lookup.repeats_only(phrase):
            return False
        if self._severity_of_a_noun_after(atom, phrase):
            return True
        return self._scaled(atom, phrase) if self.scale_value(atom) else named_by(self.clauses, atom, phrase)

    def _severity_of_a_noun_after(self, atom: Atom, phrase: tuple[int, int]) -> bool:
        """"more than 1 moderate or severe COPD exacerbation", "≥ 2 moderate or ≥ 1 severe exacerbations": a count
        whose phrase is only a severity (`severity_word` cues) counts the noun the severity coordinated after it
        qualifies, named with its own severity when a count of its own stands between."""
        doc, (start, end) = self.doc, phrase
        severity = lexicon.words("severity_word")
        if end >= len(doc) or doc[end].lower_ not in LIST_JOINS or not all(
                t.lower_ in severity for t in doc[start:end]):
            return False
        later = end + 1
        while later < len(doc) and later - end <= _SECOND_COUNT and (
                later in self.marks.comparator_tokens or parse_number(doc[later].text)):
            later += 1  # "or ≥ 1 | severe": the second count's own comparator and number
        other = self.clauses.right_phrase(later)
        if other is None or doc[other[0]].lower_ not in severity:
            return False
        noun = other[0] + 1
        while noun < other[1] and doc[noun].lower_ in severity:
            noun += 1
        if noun >= other[1]:
            return False
        if later == end + 1:
            return named_by(self.clauses, atom, (start, other[1]))  # "moderate or severe COPD exacerbation"
        atom.measures = [f"{doc[start:end].text} {doc[noun:other[1]].text}"]  # "moderate COPD exacerbation"
        atom.measure_spans = [(start, end), (noun, other[1])]
        return True

    def _share_of_cells_after(self, atom: Atom) -> tuple[list[Measure | str], list[tuple[int, int]]] | None:
        """The lexicon's percentage of cells a percentage right before them is ("must have ≥ 5% leukemic blasts in
        the bone marrow": the blast percentage, the phrase kept as written); not a marker's share of them ("CD33
        expression on ≥ 20% of leukemic blasts": after `marker_link` cues or before "of", the marker is measured), nor
        any noun after a percentage ("≥ 70% compliance")."""
        doc, quantity = self.doc, atom.bounds[-1].quantity
        links = lexicon.words("linking_word")
        if (atom.end < len(doc) and doc[atom.end].lower_ in links) or (
                atom.start > 0 and doc[atom.start - 1].lower_ in lexicon.words("marker_link")):
            return None
        phrase = self.clauses.right_phrase(atom.end)
        if phrase is None or any(t.lower_ in links for t in doc[phrase[0]:phrase[1]]):
            return None  # "a ≥ 12% reversibility of FEV1": a change of what follows, not its level
        head = self.marks.measure_at.get(phrase[1] - 1)
        found = self.lookup.lexicon_measures(head.start, head.end, quantity) if head is not None else []
        return (list(found), [phrase]) if found else None

    def scale_value(self, atom: Atom) -> bool:
        """Whether the threshold comes right after a word whose numbers are values of a scale (`scale_value_word`
        cues: "stage 3 or 4 melanoma", "class 3 or 4 heart failure"), which count nothing."""
        return atom.start > 0 and self.doc[atom.start - 1].lower_ in lexicon.words("scale_value_word")

    def _scaled(self, atom: Atom, phrase: tuple[int, int]) -> bool:
        """"class 3 or 4 congestive heart failure", "stage 3-4 liver fibrosis": values of the scale the word before
        them names, for what the phrase after them names: the score the vocabulary pairs them with (NYHA), else the
        phrase's own ("liver fibrosis stage")."""
        word = atom.start - 1
        if (classed := scores.class_of_condition(self.doc, word, atom.end)) is not None:
            atom.measures, atom.measure_spans = [classed[0]], [classed[1]]
            return True
        begin, end = self.clauses.referent(phrase)
        atom.measures, atom.measure_spans = [f"{self.doc[begin:end].text} {self.doc[word].lower_}"], [(begin, end)]
        return True
