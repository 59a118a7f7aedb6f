"""Ages: when a threshold is a person's age now, an age at an event, or the age of someone else.

A screener compares a patient's age with an age threshold, so reading one where the text means something else (the
age a disease began, a donor's age, a count of years) turns a clear criterion into a wrong one. The resolver
(`measures.MeasureResolver`) asks these readings through the one `AgeReading` it holds.
"""

from __future__ import annotations

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, COORDINATION, Atom
from parser.criteria.bare_bounds import age_label
from parser.criteria.brackets import outside_brackets
from parser.criteria.clauses import Clauses
from parser.criteria.comparator_sites import plain_aside
from parser.criteria.cue_words import persons, strip_words
from parser.criteria.quantities import parse_number
from parser.vocabulary import Measure, units

_PERSON_PHRASE = 4
"""The most words a phrase naming persons takes ("healthy adult male volunteers")."""
_EVENT_WORDS = 5
"""The most words naming the event of an age ("age at first diagnosis of diabetes")."""
_ADULT = 18
"""The least age a bare number after persons is read as when what they do follows it."""
AGE_AT_UNNAMED_EVENT = "age at an event named elsewhere"
"""The measure of "prior to age 50" when its clause names no event: an age at something, never today's age."""


class AgeReading:
    """Age readings of a threshold, for the resolver that names what each threshold bounds; they read the criterion
    through the same `clauses` as the resolver."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.doc, self.marks = clauses.doc, clauses.marks

    def row_label(self, atoms: list[Atom]) -> tuple[int, int] | None:
        """"2 to < 6 years: 0.8 (male), 0.8 (female)", "1.5 mg/dL (male) or 1.4 mg/dL (female) (13 to < 16 years of
        age)": ages opening an item closed by its one colon, or closing it in brackets said to be of age, label a row
        of a table by age, the subgroup all its thresholds hold for, not a requirement of their own; the label's
        span (`bare_bounds.age_label`)."""
        doc = self.doc
        if len(atoms) < 2 or any(atom.kind != "comparison" for atom in atoms):
            return None
        colons = [t.i for t in doc if t.text == ":"]
        if len(colons) == 1 and atoms[0].end <= colons[0] < atoms[-1].start and age_label(self.marks, 0, colons[0]):
            return 0, colons[0] + 1
        end = len(doc) - (doc[-1].text in BOUNDARY)
        opening = next((i for i in range(end - 1, -1, -1) if doc[i].text == "("), None)
        if (opening is not None and doc[end - 1].text == ")" and atoms[0].end <= opening <= atoms[-1].start
                and age_label(self.marks, opening + 1, end - 1)
                and any(t.lower_ in lexicon.words("age_word") for t in doc[opening:end])):  # "… of age)"
            return opening, end
        return None

    def _low_end_of_a_span(self, atom: Atom) -> bool:
        """"≥ 1 and ≤ 6 months": a bare number joined by a coordinator to a larger one with a comparator and a unit of
        time, the low end of that span (not "≥ 18 and < 6 months from transplant", nor "… and within 2 years")."""
        doc, i = self.doc, atom.end
        if i >= len(doc) or doc[i].lower_ not in COORDINATION or (comparator := self.marks.comparators_by_start.get(
                i + 1)) is None or comparator.end + 1 >= len(doc):
            return False
        number = parse_number(doc[comparator.end].text)
        return (number is not None and number[0] > atom.bounds[-1].quantity.value
                and units.names_time(doc[comparator.end + 1].lower_))

    def says_age(self, atom: Atom) -> bool:
        """"older than 18", "18 or younger": the comparator itself names age."""
        return atom.comparator is not None and atom.comparator.text.lower() in lexicon.comparators_implying("age")

    def is_age(self, atom: Atom, clause: int) -> bool:
        """Years (or months with an age word) of a person: "aged 18", "18 years old", "≥ 1 and ≤ 6 months old"; not
        years a state is held for, named by no person ("≥ 20 cigarettes per day for at least 10 years": `held_opener`
        cues; "Healthy volunteers in 18-45 years" are aged so)."""
        held = (atom.start > 0 and self.doc[atom.start - 1].lower_ in lexicon.words("held_opener")
                and not self._person_between(clause, atom.start)
                or self.marks.cue_starting(atom.end, "elapse") is not None)  # "More than 5 years has elapsed …"
        if self.age_words_ahead(atom):
            return not self.of_a_thing(atom, clause)
        return (atom.bounds[-1].quantity.unit == "a" and not held
                and (self.clauses.persons_only(clause, atom.start) or self.names_persons(clause, atom.start))
                and not self.qualifies_a_noun(atom))

    def closed_as_an_age(self, atom: Atom, clause: int) -> bool:
        """"gestational age > 36 weeks, less than 2 weeks of age": a period closed by "of age" or "old" (`age_closer`
        cues) is the person's age, whatever was measured before it; not a thing's ("scans no more than 2 weeks
        old": `of_a_thing`)."""
        closer = lexicon.phrase_from(self.doc, atom.end, "age_closer") if atom.bounds[-1].quantity.is_time else 0
        if not closer or self.of_a_thing(atom, clause):
            return False
        atom.measures, atom.measure_spans = [vocabulary.measures_by_key()["age"]], [(atom.end, atom.end + closer)]
        return True

    def of_a_thing(self, atom: Atom, clause: int) -> bool:
        """"Tumour tissue no more than 12 months old", "scans should be < 2 weeks old": "old" after a thing that is
        dated (`aged_thing` cues: specimens, scans, results, an infection) says how recent it is, not anyone's age;
        not when persons open the clause ("Patients with HIV infection 18-65 years old" are that old)."""
        words = self._words(clause, atom.start)
        return bool(words) and words[-1] in lexicon.words("aged_thing") and not self._person_between(clause, atom.start)

    def _person_between(self, start: int, end: int) -> bool:
        """Whether any word of `[start, end)` names persons."""
        return any(t.lower_ in persons() for t in self.doc[start:end])

    def names_persons(self, start: int, end: int) -> bool:
        """"Premenopausal women", "study participants", "female (of non-childbearing potential)": a short phrase
        whose last word outside brackets is a person, or short phrases joined before it ("men or post-menopausal
        women", "premenopausal or postmenopausal women"), linked to nothing ("women with diabetes" is no person)."""
        words = self._words(start, end)
        if not words or set(words) & lexicon.words("person_link"):
            return False
        parts: list[list[str]] = [[]]  # "Men or post-menopausal women", "Pre- or postmenopausal women": joined
        for word in words:             # by "and"/"or" (punctuation is not among the words), each part short
            if word in ("and", "or"):
                parts.append([])
            else:
                parts[-1].append(word)
        return words[-1] in persons() and all(0 < len(part) <= _PERSON_PHRASE for part in parts)

    def _words(self, start: int, end: int) -> list[str]:
        """The words of `[start, end)` outside brackets, trimmed of function words at both ends, in lower case."""
        begin, finish = self.clauses.trimmed(start, end)
        return [w for w in outside_brackets([t.lower_ for t in self.doc[begin:finish]]) if w.isalpha()]

    def qualifies_a_noun(self, atom: Atom) -> bool:
        """"a 2-year history of asthma", "the 1-year follow-up": a year in the singular joined to the number by a
        hyphen qualifies the noun after it, a span of time, not a person's age ("18-years of age", "18-year
        adults", "40-year to 75-year" and "a 5-year-old" stay ages); so does one bound of years before a word of a
        span (`span_word` cues: "at least 2 years duration", "1 year history of migraine"), unless persons stand
        right before it ("Subjects 40-65 years history of smoking" is a run-on list: their age, then a history)."""
        doc, quantity = self.doc, atom.bounds[-1].quantity
        end = quantity.end
        if end < len(doc) and doc[end].lower_ in lexicon.words("span_word"):
            return len(atom.bounds) == 1 and not (atom.start > 0 and doc[atom.start - 1].lower_ in persons())
        if not (quantity.number_end < end - 1 and doc[quantity.number_end].text == "-" and end < len(doc)):
            return False
        after = doc[end].lower_
        return (doc[end - 1].lower_ in lexicon.words("year_singular") and doc[end].is_alpha
                and after not in lexicon.words("age_word") | lexicon.words("open_ending") | persons())

    def age_words_ahead(self, atom: Atom) -> bool:
        """"≥ 18 and ≤ 77 years old", "≥18- and ≤77-years-old": "old" or "of age" closes the bounds that follow."""
        doc, end = self.doc, atom.end
        while end < len(doc) and end - atom.end < 8 and doc[end].text not in (",", ";", ".", ")"):
            if doc[end].text == "(":  # "between 40 and 80 years (each inclusive) of age", "19 to 70 (inclusive)
                closing = plain_aside(self.marks, end)  # years old": closed right after it, past its unit
                if closing is None:
                    return False
                after = closing + 1
                after += after < len(doc) and units.names_time(doc[after].text)
                return self._closes_age(after)
            word = doc[end].lower_
            if self._closes_age(end):
                return True
            if not (parse_number(doc[end].text) or word in lexicon.words("bound_join")
                    or end in self.marks.comparators_by_start
                    or self.marks.comparators_by_end.get(end + 1) is not None or vocabulary.unit_spellings().get(word)):
                return False
            end += 1
        return False

    def _closes_age(self, i: int) -> bool:
        """Whether an `age_closer` ("old", "of age") starts at token `i` and ends the age: not "of age 40 or more",
        which opens another threshold, nor "of age-related macular degeneration"."""
        doc = self.doc
        length = lexicon.phrase_from(doc, i, "age_closer")
        after = i + length
        return bool(length) and not (after < len(doc) and (parse_number(doc[after].text) or doc[after].text == "-"))

    def age_of_another_person(self, atom: Atom, limit: int) -> None:
        """"Donor younger than 65 years", "first-degree relative with sudden death under 40 years of age": an age
        said of someone else (`other_person` cues in the threshold's clause) is that person's, never the patient's."""
        if len(atom.measures) != 1 or not isinstance(atom.measures[0], Measure) or atom.measures[0].key != "age":
            return
        clause = self.clauses.clause_start(atom.start, limit)
        others = lexicon.words("other_person")
        nearest = next((i for i in range(atom.start - 1, clause - 1, -1)
                        if self.doc[i].lower_ in others or self.marks.has_cue(i, "person")), None)
        other = nearest if nearest is not None and self.doc[nearest].lower_ in others else None
        # "sibling donor aged 18-60": the donor; "the parent and the participant aged 14-17": the participant
        if other is not None:
            atom.measures, atom.measure_spans = [f"age of {self.doc[other].lower_}"], [(other, other + 1)]
            for bound in atom.bounds:
                bound.quantity.unit = bound.quantity.unit or "a"  # "donor aged 18-60": years, as a person's age is

    def age_at_named_event(self, atom: Atom, clause: int) -> None:
        """"Age at onset < 45 years", "age at diagnosis of diabetes ≤ 30", "migraine onset at ≤ 50 years of age": an
        age the text ties by "at" to an event of the disease (`age_event` cues: onset, diagnosis), named after the
        word age or as the head of the words before "at", is the age then, never the person's age now, which a
        screener would compare instead. Persons before "at" keep their age ("Children diagnosed at age 1 to 10",
        "Girls after menarche at age 12 to 17": how old they are)."""
        if len(atom.measures) != 1 or not isinstance(atom.measures[0], Measure) or atom.measures[0].key != "age":
            return
        doc, events, filler = self.doc, lexicon.words("age_event"), lexicon.words("age_event_filler")
        front = atom.comparator.start if atom.comparator is not None and atom.comparator.end <= atom.start \
            else atom.start
        named = next((span for span in atom.measure_spans if span[1] < front and doc[span[1]].lower_ == "at"), None)
        if named is not None:  # "age at onset of diabetes <": the words between "at" and the threshold
            words = [t for t in doc[named[1] + 1:front] if t.is_alpha]
            while words and words[-1].lower_ in filler:
                words.pop()
            if words and len(words) <= _EVENT_WORDS and any(t.lower_ in events for t in words):
                self._age_at(atom, words[0].i, words[-1].i + 1)
            return
        at = front - 1
        while at > clause and doc[at].lower_ in filler:
            at -= 1  # "onset at age ≤ 50", "onset at the age of 40 or younger"
        if at - 1 < clause or doc[at].lower_ != "at":
            return
        begin, end = self.clauses.trimmed(clause, at)
        if begin < end and doc[end - 1].lower_ in events:  # "… has a diagnosis of migraine with onset at": the onset
            begin = max([begin, *(i + 1 for i in range(begin, end - 1) if doc[i].lower_ in strip_words())])
        if (begin < end and events & {doc[end - 1].lower_, doc[begin].lower_}
                and not any(t.lower_ in persons() for t in doc[begin:end])):  # "migraine onset", "onset of asthma"
            self._age_at(atom, begin, end)

    def _age_at(self, atom: Atom, begin: int, end: int) -> None:
        """Name the threshold the age at the event `[begin, end)` names, in years unless it says otherwise."""
        event = self.doc[begin:end].text
        if self.doc[begin].is_title:
            event = event[0].lower() + event[1:]  # "Migraine onset …" opens its item: "age at migraine onset"
        atom.measures, atom.measure_spans = [f"age at {event}"], [(begin, end)]
        for bound in atom.bounds:
            bound.quantity.unit = bound.quantity.unit or "a"  # "the age of 16", "age at onset < 45": in years

    def age_at_event(self, atom: Atom, clause: int) -> bool:
        """"migraine onset before the age of 50", "diagnosed with RA prior to age 16": the age at an event the clause
        names, never the person's age now (which a screener would compare instead)."""
        comparator = atom.comparator
        if comparator is None or comparator.text.lower() not in lexicon.comparators_implying("age_at_event"):
            return False
        if lexicon.phrase_from(self.doc, atom.bounds[-1].quantity.end, "gestation_word"):
            return False  # "preterm birth before 34 weeks of gestation": the gestational age, named after it
        for bound in atom.bounds:
            bound.quantity.unit = bound.quantity.unit or "a"  # "the age of 16": in years, whoever's age it is
        begin, end = clause, comparator.start
        leading = strip_words() | lexicon.words("aside_lead")
        while begin < end and (not self.doc[begin].is_alpha or self.doc[begin].lower_ in leading):
            begin += 1  # a bullet, a bracket, "and", "except": not the event
        ages = lexicon.words("age_noun")
        named = [k + 2 for k in range(begin, end - 2) if self.doc[k].lower_ in ages and self.doc[k + 1].lower_ == "of"]
        begin = named[-1] if named else begin  # "with the age of onset prior to 50 years of age": the age at onset
        if begin < end and self.clauses.persons_only(begin, end):
            atom.measures = [vocabulary.measures_by_key()["age"]]  # "women after the age of 50": their age
        elif self.clauses.is_content(*self.clauses.trimmed(begin, end)):  # "diagnosed with gout", not trimmed
            self._age_at(atom, begin, end)
        else:
            atom.measures = [AGE_AT_UNNAMED_EVENT]
        return True

    def said_age(self, atom: Atom) -> bool:
        """"older than 18", "≥ 18 and ≤ 77 years old": the comparator or the words after the number say age."""
        if not (self.says_age(atom) or (atom.bounds[-1].quantity.unit is None and self.age_words_ahead(atom))):
            return False
        atom.measures = [vocabulary.measures_by_key()["age"]]
        return True

    def range_of_persons(self, atom: Atom, clause: int) -> bool:
        """"Healthy women between 18 and 45", "individuals 15-21": a range of bare whole numbers right after a short
        phrase naming persons, with nothing after it that it may count, is their age in years (read as implied, and
        said so)."""
        age = vocabulary.measures_by_key()["age"]
        oldest = age.plausible[1] if age.plausible else 0
        values = [bound.quantity for bound in atom.bounds]
        if (len(values) != 2 or atom.start <= clause or not values[0].value < values[1].value
                or any(q.unit is not None or q.relative_to or not float(q.value).is_integer()
                       or not 0 < q.value <= oldest for q in values)
                or self.doc[atom.start - 1].lower_ not in persons() or not self.names_persons(clause, atom.start)):
            return False  # "women with 1-2 living children": the children are counted
        after = self.doc[atom.end] if atom.end < len(self.doc) else None
        if after is not None and (after.text == "(" or after.is_alpha and (
                after.lower_ not in COORDINATION | lexicon.words("clause_conjunction") | lexicon.words("age_word")
                | lexicon.words("person_link") | self._doing_after(atom, clause))):
            return False  # "women between 2 and 4 pregnancies", "patients 1-2 remaining lesions": what is counted
            # ("women between 25 and 40 seeking treatment": what they do, after their age)
        atom.measures = [age]
        return True

    def _doing_after(self, atom: Atom, clause: int) -> frozenset[str]:
        """The words of what persons do (`person_doing` cues: "seeking", "undergoing") that may follow their age: only
        after an adult's age, and not of pregnant women nor infants ("pregnant women 24 to 28 attending", "infants 6
        to 12 attending": weeks of pregnancy, months)."""
        if atom.bounds[-1].quantity.value < _ADULT or any(
                t.lower_ in lexicon.words("reproductive_word") for t in self.doc[clause:atom.start]):
            return frozenset()
        return lexicon.words("person_doing")

    def range_of_persons_after(self, atom: Atom) -> bool:
        """"18 to 60 years of healthy and schizophrenic participants": a range of years followed by "of" and
        words naming persons is their age; not one bound ("≥ 5 years of experience treating patients")."""
        doc = self.doc
        if (len(atom.bounds) != 2 or atom.bounds[-1].quantity.unit != "a" or atom.end >= len(doc)
                or doc[atom.end].lower_ != "of"):
            return False
        phrase = self.clauses.right_phrase(atom.end + 1)
        if phrase is None or not self.names_persons(*phrase):
            return False
        atom.measures = [vocabulary.measures_by_key()["age"]]
        return True

    def what_a_person_is(self, atom: Atom, clause: int) -> bool:
        """"Patients must be ≥ 18", "subjects are older than 65", "patients < 18": a bare whole number that persons,
        and nothing else in the clause, are said to be, or bounded by right after them, is their age (in years: the
        unit is read as implied, and said so); not a number counting them ("at least 20 subjects")."""
        quantity, doc, age = atom.bounds[-1].quantity, self.doc, vocabulary.measures_by_key()["age"]
        oldest = age.plausible[1] if age.plausible else 0
        if (quantity.unit is not None or quantity.relative_to or not float(quantity.value).is_integer()
                or not 0 < quantity.value <= oldest or atom.start <= clause
                or doc[atom.start - 1].lower_ not in lexicon.words("copula") | persons()):
            return False
        after = doc[atom.end] if atom.end < len(doc) else None
        if self._low_end_of_a_span(atom):
            return False  # "Patients ≥ 1 and ≤ 6 months after a myocardial infarction": a span of time, its unit after
        if after is not None and (after.text == "(" or after.is_alpha and after.lower_ not in (
                COORDINATION | lexicon.words("clause_conjunction") | lexicon.words("age_word")
                | lexicon.words("person_link") | lexicon.words("modal_verb") | lexicon.words("age_after_person")
                | self._doing_after(atom, clause))):
            return False  # "is ≥ 80 percent compliant", "must be ≥ 7 on the rating scale": what follows is measured
            # (not "≥ 18 who present …", "≥ 18 will be eligible", "under 20 at the time of consent")
        people = persons()
        if not any(t.lower_ in people for t in doc[clause:atom.start]) or not self.clauses.persons_only(
                clause, atom.start):
            return False
        atom.measures = [age]
        return True
