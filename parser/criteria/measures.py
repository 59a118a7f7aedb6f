"""Which measure a threshold bounds: lexicon names near it, the noun a count counts, age, or the clause.

Order of preference (see `MeasureResolver.resolve_measure`): a lexicon measure between comparator and
number ("≥ NYHA grade 2"); one right after the number that closes its clause ("90-140 mmHg systolic"); the
nearest compatible lexicon measure on the left with its coordinated neighbours ("AST or ALT"); the
previous threshold's measure when the clause names nothing ("(≤ 5 × ULN if liver metastases)"); the noun
phrase a count refers to ("at least one measurable lesion"); age for years of a person; the clause's own
noun phrase as a last resort. Each step names the measure; the questions it asks of the words around the
threshold are answered in `measure_lookup`.
"""

from __future__ import annotations

from parser import vocabulary
from parser.criteria import lexicon, stand_ins
from parser.criteria.ages import AgeReading
from parser.criteria.atoms import COORDINATION, Atom
from parser.criteria.brackets import CLOSING, OPENING, closing_bracket
from parser.criteria.conditions import ConditionFinder
from parser.criteria.cue_words import persons
from parser.criteria.following_names import FollowingNames, named_by
from parser.criteria.graded import GradeReading
from parser.criteria.measure_lookup import MeasureLookup, qualifiers
from parser.criteria.previous_names import PreviousNames, inherit, names_its_measure
from parser.criteria.quantities import Quantity, parse_number
from parser.vocabulary import Measure

_COORDINATING = frozenset({"or", "and", "to", ",", "and/or"})
"""The words joining a bound to the next one whose measure it shares ("less than 50 kg or over 100 kg in weight")."""
_QUALIFIER_REACH = 6
"""The most tokens between a bracket and the duration inside it ("(lasting longer than 14 days)")."""
_QUALIFIER_AFTER = 10
"""The most tokens after that duration to the bracket's end ("(> 10 days continuous use in previous 6 months)")."""
_CLAUSE_BREAKS = frozenset({";", ".", ":"}) | OPENING | CLOSING
"""What ends the reach of a subgroup written before a threshold over the thresholds after it."""
_HEADING_NAMES_MAX = 2
"""An item under a label ("Performance status:") may name its scale in a word or two ("GOG 0-2"), no more."""
_BETWEEN_WORDS = 12
"""The most words of the two events a length of time elapsed between ("the primary surgery and the development of
metastatic disease")."""



class MeasureResolver:
    """Resolves `Atom.measures` for the comparison atoms of one criterion.

    It asks the readings of `lookup` (the words around each threshold), `conditions` (subgroups and events) and
    `ages` in its order of preference, all through the one reader of the criterion's clauses that the builder uses
    too: a subgroup found before a threshold takes part, and the subgroup tokens the builder marks are no measure.
    """

    def __init__(self, lookup: MeasureLookup, conditions: ConditionFinder) -> None:
        self.lookup, self.conditions = lookup, conditions
        self.clauses, self.doc, self.marks = lookup.clauses, lookup.doc, lookup.marks
        self.ages = AgeReading(lookup.clauses)
        self.grades = GradeReading(lookup)
        self.previous = PreviousNames(lookup)
        self.following = FollowingNames(lookup)

    def resolve_measure(self, atom: Atom, previous: Atom | None, limit: int) -> None:
        """Find what the atom bounds (see the module docstring for the order of preference)."""
        self._resolve_measure(atom, previous, limit)
        self._grade_of_a_lab(atom)
        if len(atom.measures) == 1 and isinstance(atom.measures[0], Measure) and atom.measures[0].key == "grade":
            self.grades.qualify(atom)
        if previous is not None and len(atom.measures) == 1 and len(previous.measures) == 1:
            self._in_another_specimen(atom, previous.measures[0])
        if atom.bounds[-1].quantity.is_time:
            self._free_of_earlier_disease(atom, limit)
        self.ages.age_of_another_person(atom, limit)
        self.ages.age_at_named_event(atom, self.clauses.clause_start(atom.start, limit))

    def share_measure_ahead(self, atom: Atom, atoms: list[Atom]) -> None:
        """"less than 50 kg or over 100 kg in weight", "≥ 12% and ≥ 200 mL reversibility of FEV1": a bound
        coordinated with one whose measure, or the noun phrase naming it, follows it."""
        later = [a for a in atoms if a.start >= atom.end and a.kind == "comparison"]
        if not later or not set(t.lower_ for t in self.doc[atom.end:later[0].start]) <= _COORDINATING:
            return
        if (after := self.lookup.measure_after(later[0])) is not None:
            atom.measures, atom.measure_spans = list(after[0]), [after[1]]
        elif (phrase := self.clauses.right_phrase(later[0].end)) is not None and self.clauses.is_content(*phrase):
            named_by(self.clauses, atom, phrase)

    def _grade_of_a_lab(self, atom: Atom) -> None:
        """"Grade 2 or higher creatinine increase", "grade 4 triglyceride elevation": a number right after the word
        "grade" (a name of the measure grade) is a grade of the lab's abnormality named after it, never a reading of
        the lab in its own unit (a creatinine of 2 mg/dL)."""
        before = atom.start - 1
        grade = vocabulary.measures_by_key().get("grade")
        if (before < 0 or grade is None or not atom.measures
                or grade not in vocabulary.find_measures(self.doc[before].text)
                or any(not isinstance(m, Measure) or m.unit == "1" or m.unit.startswith("{") for m in atom.measures)):
            return
        atom.measures, atom.measure_spans = [grade], [(before, atom.start)]

    def _free_of_earlier_disease(self, atom: Atom, limit: int) -> None:
        """"Prior malignancy allowed if disease-free for ≥ 3 years", "other cancer, unless in complete remission for 2
        years": a time free of disease (`disease_free` cues before the threshold in its clause) is how long the
        disease named before it (a concept of a `remitting_concept` row) has been in remission: in its sentence, or
        before it when its sentence names nothing else ("History of other malignancy. However, subjects who have been
        disease-free for 5 years …"; not "… Multiple sclerosis relapse-free for 1 year")."""
        if any(isinstance(m, Measure) for m in atom.measures):
            return
        clause = self.clauses.clause_start(atom.start, limit)
        cue = next((i for i in range(clause, atom.start) if self.marks.has_cue(i, "disease_free")), None)
        if cue is None:
            return
        sentence = self.clauses.sentence_start(atom.start)
        filler = persons() | lexicon.words("done_to") | lexicon.words("clause_conjunction") | (
            lexicon.words("modal_verb"))
        if not self.clauses.is_content(sentence, cue, ignore=filler):
            sentence = 0
        remitting = [(span, entry.concept) for span in self.marks.concepts if sentence <= span.start
                     and span.end <= atom.start
                     and (entry := vocabulary.concept_named(span.text)) is not None
                     and entry.concept in lexicon.words("remitting_concept")]
        if remitting:  # the nearest mention outside an aside ("Second malignancies (except skin cancer) unless …")
            span, concept = next((m for m in reversed(remitting) if not self.clauses.bracketed(m[0].start)),
                                 remitting[-1])
            atom.measures, atom.measure_spans = [f"time free of {concept}"], [(span.start, span.end)]

    def _in_another_specimen(self, atom: Atom, before: Measure | str) -> None:
        """"M-protein in serum (≥ 0.5 g/dL) or urine (≥ 200 mg/24 h)": a measure named by a specimen alone
        (`specimen` cues), its bound in brackets right after it, is what the bound before it measures, in that
        specimen (not "serum creatinine > 1.5 mg/dL or urine > 500 mL/day": a urine volume)."""
        specimens = lexicon.words("specimen")
        named = atom.measures[0]
        if (not isinstance(named, str) or named.lower() not in specimens or not isinstance(before, Measure)
                or atom.start < 2 or self.doc[atom.start - 1].text != "("):
            return
        specimen, *analyte = before.name.split()  # "serum M-protein": M-protein, measured in serum
        if specimen.lower() in specimens and analyte:
            atom.measures = [" ".join([named, *analyte])]

    def _resolve_measure(self, atom: Atom, previous: Atom | None, limit: int) -> None:
        """One named step after another, in order of preference: the first that names a measure ends the search.

        Three starts of the words to read are used in turn: the threshold's clause; past a subgroup opening it
        (`own`); and widened over a qualifier or past a name the previous threshold took (`search`)."""
        if atom.named_where_found:
            return  # "T2-4": a TNM category, named by the code itself
        if atom.subgroup_period and atom.kind == "comparison" and self.previous.for_subgroup(atom, previous):
            return
        if (self._planned_event(atom, previous, limit) or self._named_at_threshold(atom)
                or self._qualifies_what_follows(atom) or self._course_of(atom) or self.following.share_or_change(atom)):
            return
        clause = self.clauses.clause_start(atom.start, limit)
        if self.ages.age_at_event(atom, clause):
            return
        subgroup = self._subgroup_before(atom, previous, clause, limit)
        if subgroup is not None and self._in_subgroup(atom, previous, subgroup):
            return
        own = clause if subgroup is None else subgroup[1]  # "… and 6 weeks for those with X"
        if (self.ages.closed_as_an_age(atom, own) or self.previous.continues(atom, previous, own)
                or self.previous.renames(atom, previous, limit) or self._named_past_window(atom, previous, limit)):
            return
        search = self._search_start(atom, previous, own, limit)
        if (self._named_as_a_change(atom, previous, search) or self._named_after(atom) or self._named_inside(atom)
                or self._named_nearest(atom, previous, search, limit)
                or self._named_by_list_after(atom) or self._named_by_clause(atom, previous, search, limit)
                or self.previous.beside(atom, previous)):
            return
        self._orphan_or_parent(atom)

    def _named_past_window(self, atom: Atom, previous: Atom | None, limit: int) -> bool:
        """"The LVEF assessment by 2-D echocardiogram or MUGA scan performed within 90 days before entry must be ≥
        50%": a threshold a copula joins to the window closing the words that name its lab bounds that lab,
        however many words name the method (`MeasureLookup.window_between`)."""
        if previous is None or previous.kind != "window" or not self.lookup.window_between(previous, atom, limit):
            return False
        if not any(t.lower_ in lexicon.words("copula") for t in self.doc[previous.end:atom.start]):
            return False  # "within the last month at least 1 episode of dyspnoea": a count names its own noun
        measures, spans, coordination = self.lookup.nearest_measures(atom, limit)
        if measures:
            atom.measures, atom.measure_spans, atom.coordination = measures, spans, coordination
        return bool(measures)

    def _in_subgroup(self, atom: Atom, previous: Atom | None, subgroup: tuple[int, int, bool]) -> bool:
        """A threshold after a subgroup holds in it (`atom.when`, unless another subgroup follows the threshold) and
        takes the measure before it when it names none ("(patients with Gilbert's syndrome: ≤ 3.0 mg/dL)")."""
        atom.when = subgroup if self.conditions.subgroup_after(atom.end) is None else None
        if not names_its_measure(previous) or any(k in self.marks.measure_at for k in range(subgroup[1], atom.start)):
            return False  # "…; for patients with liver metastases, AST and ALT ≤ 5 × ULN": its own measures
        inherit(atom, previous)
        return True

    def _search_start(self, atom: Atom, previous: Atom | None, clause: int, limit: int) -> int:
        """Where the words that may name the measure start: the clause before when this one holds only qualifiers
        ("Child-Pugh class A (score 5-6)") that name no score ahead, and past the name the previous threshold took
        ("< 10% plasma cells but ≥ 1 bone lesion")."""
        widened = (self.clauses.clause_start(clause - 1, limit)
                   if clause > limit and not self.clauses.is_content(clause, atom.start, ignore=qualifiers())
                   and self.lookup.score_named_ahead(atom, clause, atom.start) is None  # "…; class III heart failure"
                   else clause)
        if previous is not None and self.lookup.name_taken_by(previous, atom):
            return max(widened, previous.measure_spans[-1][1])
        return widened

    def _named_as_a_change(self, atom: Atom, previous: Atom | None, clause: int) -> bool:
        """"a drop in systolic blood pressure of ≥ 20 mmHg", "an increase of ≥ 0.3 mg/dL in serum creatinine": the
        change of the nearest measure, or of the measure right after a change word and "of" before the threshold
        (or before the bound this one is coordinated with: "a change of > 20 mmHg systolic or 10 mmHg diastolic"),
        never the measure's level (which a screener would compare instead)."""
        change = self.lookup.changes.change_of_nearest(atom, clause)
        if change is not None:
            return named_by(self.clauses, atom, change)
        word = self.lookup.changes.change_word_leading(atom)
        if (word is None and previous is not None and previous.measure_spans
                and (previous_word := self.lookup.changes.change_word_leading(previous)) is not None
                and previous.measure_spans[0] == (previous_word, previous_word + 1)
                and {t.lower_ for t in self.doc[previous.measure_spans[-1][1]:atom.start]} <= COORDINATION):
            word = previous_word  # "… or 10 mmHg diastolic": the same change, of the measure after it
        after = self.lookup.measure_after(atom) if word is not None else None
        if word is None or after is None:
            return False
        atom.measures = [f"{self.doc[word].text} in {self.doc[slice(*after[1])].text}"]
        atom.measure_spans = [(word, word + 1), after[1]]
        return True

    def _named_nearest(self, atom: Atom, previous: Atom | None, clause: int, limit: int) -> bool:
        """The nearest compatible lexicon measures on the left, with their coordinated neighbours ("AST or ALT"),
        unless a count right after takes the value; with none, a label above, a dose, a share, the previous measure
        or age."""
        measures, spans, coordination = self.lookup.nearest_measures(atom, clause, limit)
        if not measures and self._named_without_lexicon(atom, previous, clause):
            return True
        if self.following.counted(atom, measures, spans):
            return True
        if measures:
            atom.measures, atom.measure_spans, atom.coordination = measures, spans, coordination
        return bool(measures)

    def _named_without_lexicon(self, atom: Atom, previous: Atom | None, clause: int) -> bool:
        """What a threshold with no lexicon measure before it bounds, when its own words or the item around say."""
        return (self._under_heading(atom, clause) or self.following.dose_of(atom, clause)
                or self.following.fraction_of(atom, clause)
                or self.previous.continues(atom, previous, clause) or self.ages.said_age(atom)
                or self.ages.what_a_person_is(atom, clause) or self.ages.range_of_persons(atom, clause))

    def _named_by_clause(self, atom: Atom, previous: Atom | None, clause: int, limit: int) -> bool:
        """The clause's own words: what a length of time bounds, a unit that names its measure, the previous
        threshold's measure, the words before the threshold (or before an exception), or a phrase around it."""
        if atom.bounds[-1].quantity.is_time and self._timed(atom, clause, limit):
            return True
        # only a length of time after an exception set off by a comma bounds what precedes the exception ("any
        # antidiabetic therapy, other than metformin, for more than 14 days"); any other threshold there is the
        # exception's own ("…, except prednisone at a dose ≤ 1 mg/kg/day")
        exception = self.clauses.before_exception(clause, limit) if atom.bounds[-1].quantity.is_time else None
        words = self.clauses.trimmed(*exception) if exception else self.clauses.trimmed(clause, atom.start)
        words = self._past_exception_words(clause, words)
        return (self._named_by_unit(atom, words) or self._as_previous(atom, previous, clause)
                or self._named_by_words(atom, previous, clause, words)
                or self._named_around(atom, previous, clause, limit))

    def _past_exception_words(self, clause: int, words: tuple[int, int]) -> tuple[int, int]:
        """The words naming a threshold without the exception opening them ("(with the exception of aspirin ≤ 300
        mg/day)": aspirin), which the trimming of function words may have entered ("exception of …")."""
        for k in range(clause, words[0] + 1):
            if (said := lexicon.phrase_from(self.doc, k, "rest_exceptions")) and words[0] < k + said < words[1]:
                return self.clauses.trimmed(k + said, words[1])
        return words

    def window_of_range(self, atom: Atom) -> int | None:
        """Where the window word opening a range of time starts ("within 2-4 weeks": such a range dates an event as a
        window does); None for any other atom, or a range closed by "of age" or "old" ("adults within 18-45 years of
        age")."""
        quantity = atom.bounds[-1].quantity
        if not quantity.is_time or len(atom.bounds) != 2 or self.ages.age_words_ahead(atom):
            return None
        cue = self.marks.cue_ending(atom.bounds[0].quantity.start, "window")
        return None if cue is None else cue.start

    def dates_past_threshold(self, atom: Atom, previous: Atom | None) -> bool:
        """Whether a range of time opened by a window word right after a threshold, or after the verb of taking it,
        dates what the words before that threshold name, as a single window there does ("a test with a sensitivity
        of at least 25 mIU/mL within 10-14 days", "ANC ≥ 1500/µL obtained within 14-28 days"); not when words of
        its own come between ("Patients ≥ 18 years who had an MI within 3-10 days")."""
        cue = self.window_of_range(atom)
        if cue is None or previous is None:
            return False
        done = self.marks.cue_ending(cue, "done_verb")
        return not self.clauses.is_content(previous.end, cue if done is None else done.start)

    def _planned_event(self, atom: Atom, previous: Atom | None, limit: int) -> bool:
        """"resection planned within 2-4 weeks of enrollment": a range of time opened by a window word bounds what the
        clause before it names; before a threshold the window follows, when those words name something
        ("hemoglobin ≥ 9 g/dL within 7-14 days" dates the hemoglobin)."""
        cue = self.window_of_range(atom)
        if cue is None:
            return False
        clause = self.clauses.clause_start(atom.start, limit)
        spans = [self.clauses.trimmed(clause, cue)]
        if previous is not None and self.dates_past_threshold(atom, previous):
            named = [span for span in previous.measure_spans if clause <= span[0] and span[1] <= previous.start]
            if named and any(isinstance(m, Measure) for m in previous.measures):
                # "CD4 count < 200 cells/mm3 within 3-6 months": the lab's name
                return named_by(self.clauses, atom, named[-1])
            spans.insert(0, self.clauses.trimmed(clause, previous.start))
        for begin, end in spans:
            if end > begin and self.clauses.is_content(begin, end):
                return named_by(self.clauses, atom, (begin, end))
        return False

    def _named_at_threshold(self, atom: Atom) -> bool:
        """A lexicon measure found with the threshold ("≥ NYHA grade 2"), or named in the noun an extremum word
        bounds ("minimum baseline MADRS score of 22"), when it can bound the value."""
        quantity = atom.bounds[-1].quantity
        found = [m for s, e in atom.measure_spans
                 for m in self.lookup.lexicon_measures(s, e, quantity) or self._marked_within(s, e, quantity)]
        measures = list({m.key: m for m in found}.values())  # a name and its abbreviation ("… Scale (MADRS)") once
        if measures:
            atom.measures = measures
        return bool(measures)

    def _marked_within(self, start: int, end: int, quantity: Quantity) -> list[Measure]:
        """The lexicon measures marked inside the words `[start, end)` that can bound `quantity`: not when the words
        say it changed ("minimum MADRS change score of 10" bounds a change, not the score)."""
        if any(t.lower_ in lexicon.words("measure_change") for t in self.doc[start:end]):
            return []
        return [m for span in self.marks.measures if start <= span.start and span.end <= end
                for m in self.lookup.lexicon_measures(span.start, span.end, quantity)]

    def _subgroup_before(self, atom: Atom, previous: Atom | None, clause: int,
                         limit: int) -> tuple[int, int, bool] | None:
        """A subgroup opening the threshold's clause ("for patients with liver metastases: ≤ 5 × ULN", "in patients
        with X, ≤ 3"), when the threshold names its measure after it or can take the measure before it."""
        if previous is not None and self._shares_the_subgroup(atom, previous, clause):
            return previous.when  # "…; for patients with liver metastases, AST ≤ 5 × ULN and bilirubin ≤ 3 × ULN"
        subgroup = self.conditions.subgroup_before(clause, atom.start)
        filler = COORDINATION | lexicon.words("period_article") | lexicon.words("modal_verb") | lexicon.words("copula")
        if subgroup is None and clause > limit and self.doc[clause - 1].text == "," and (clause == atom.start or all(
                k in self.marks.measure_at or self.doc[k].lower_ in filler for k in range(clause, atom.start))):
            # "For patients with liver metastases, ≤ 5 × ULN", "…, AST and ALT ≤ 5 × ULN", "…, the AST may be
            # ≤ 5 × ULN": the clause before opens it;
            # with the measure named after it, only after a threshold or for a sex ("For men, hemoglobin ≥ 13 g/dL"):
            # first in an item, "Patients with known hepatic failure, AST > 3 × ULN" says who is meant
            opening = self.clauses.clause_start(clause - 1, limit)
            found = self.conditions.subgroup_before(opening, clause - 1)
            if previous is not None and previous.end >= opening:
                found = None  # "QTc > 470 males, > 480 female": right after a threshold, the persons are its own
            led = self.conditions.lead_at(opening) is not None or self._restates_a_measure(atom, previous, clause)
            if found is not None and (clause == atom.start or led and (previous is not None or all(
                    t.lower_ in lexicon.words("sex_word") for t in self.doc[found[0]:found[1]]))):
                subgroup = found  # not a list: "Serum creatinine > 1.5 × ULN, patients with ESRD, CrCl < 30 mL/min"
        if subgroup is None or subgroup[0] in self.clauses.subgroup_tokens:
            return None  # "… or < 5 × UNL in case of liver metastases, GGT < 3 × UNL": the one before's condition
        named_after = any(k in self.marks.measure_at for k in range(subgroup[1], atom.start))
        return subgroup if named_after or names_its_measure(previous) else None

    def _shares_the_subgroup(self, atom: Atom, previous: Atom, clause: int) -> bool:
        """Whether a threshold joined by "and" or a comma alone to one a subgroup written before it holds in holds in it
        too: where it limits a measure limited before the subgroup ("…; for patients with liver metastases, AST and ALT
        ≤ 5 × ULN and bilirubin ≤ 3 × ULN"), or one named by the head noun of a measure so limited before and after it
        ("…, total bilirubin ≤ 3 × ULN and indirect bilirubin ≤ 2.5 × ULN"); not another ("…, and creatinine ≤ 1.5 ×
        ULN", "and albumin ≥ 3.0 g/dL" may be everyone's), nor after a subgroup that says who is meant ("Patients with
        COPD: FEV1 < 80% and FEV1/FVC < 70%")."""
        if previous.when is None or previous.when[1] > previous.start or not all(
                t.text == "," or t.lower_ == "and" for t in self.doc[previous.end:clause]) or any(
                t.text in _CLAUSE_BREAKS for t in self.doc[previous.end:atom.start]):
            return False
        quantity = atom.bounds[-1].quantity
        named = self._marked_within(clause, atom.start, quantity)
        limited = self._measure_keys(0, previous.when[0], quantity)
        if limited & {m.key for m in named}:
            return True
        overridden = [m for m in previous.measures if isinstance(m, vocabulary.Measure) and m.key in limited]
        return any(m.name.split()[-1] == o.name.split()[-1] for m in named for o in overridden)

    def _restates_a_measure(self, atom: Atom, previous: Atom | None, clause: int) -> bool:
        """Whether the measures named in a threshold's clause were the previous threshold's: a subgroup's own limit
        of them ("AST and ALT ≤ 2.5 × ULN; patients with liver metastases, AST and ALT ≤ 5 × ULN"), with no word
        opening the subgroup."""
        if previous is None:
            return False
        before = {m.key for m in previous.measures if isinstance(m, vocabulary.Measure)}
        return bool(before & self._measure_keys(clause, atom.start, atom.bounds[-1].quantity))

    def _measure_keys(self, start: int, end: int, quantity: Quantity) -> set[str]:
        return {m.key for m in self._marked_within(start, end, quantity)}

    def _qualifies_what_follows(self, atom: Atom) -> bool:
        """"chronic (lasting longer than 14 consecutive days) systemic steroid therapy": a duration in brackets
        after a word of duration (`duration_qualifier` cues) says how long the thing named after the bracket lasts."""
        doc = self.doc
        opening = next((i for i in range(atom.start - 1, max(-1, atom.start - _QUALIFIER_REACH), -1)
                        if doc[i].text == "("), None)
        if (opening is None or lexicon.phrase_before(doc, opening, "duration_qualifier") is None
                or not atom.bounds[-1].quantity.is_time):
            return False
        closing = closing_bracket(doc, atom.end, _QUALIFIER_AFTER)
        phrase = self.clauses.right_phrase(closing + 1) if closing is not None else None
        if phrase is None:
            return False
        link = phrase[1]  # "chronic (> 30 days) treatment with an oral corticosteroid": what the treatment is with
        generic = lexicon.words("weak_event") | lexicon.words("generic_label")  # "treatment", "use"
        if (all(t.lower_ in generic for t in doc[phrase[0]:link]) and link < len(doc)
                and doc[link].lower_ in lexicon.words("event_link")
                and (named := self.clauses.right_phrase(link + 1)) is not None):
            phrase = (phrase[0], named[1])
        return named_by(self.clauses, atom, phrase)

    def _course_of(self, atom: Atom) -> bool:
        """"a 2 to 3 month trial of erythropoietin", "12 weeks of (prior) treatment with metformin": a duration
        before a course of something (`course_noun` cues, or a generic event after "of", past a `prior_word`) is how
        long that course lasted, named with what it was of."""
        doc, end = self.doc, atom.end
        if not atom.bounds[-1].quantity.is_time or end >= len(doc):
            return False
        if doc[end].lower_ == "of":  # "12 weeks of treatment with": after "of", a generic event is a course too
            head, heads = end + 1, lexicon.words("course_noun") | lexicon.words("weak_event")
            if head < len(doc) and doc[head].lower_ in lexicon.words("prior_word"):
                head += 1  # "12 weeks of prior treatment with"
        else:
            head, heads = end, lexicon.words("course_noun")
        link = head + 1  # "trial of", "treatment with"
        if link + 1 >= len(doc) or doc[head].lower_ not in heads or doc[link].lower_ not in lexicon.words("event_link"):
            return False
        named = self.clauses.right_phrase(link + 1)
        return named is not None and named_by(self.clauses, atom, (head, named[1]))

    def _named_after(self, atom: Atom) -> bool:
        """A lexicon measure right after the number ("90-140 mmHg systolic"): see `measure_after`."""
        after = self.lookup.measure_after(atom)
        if after is not None:
            atom.measures, atom.measure_spans = after[0], [after[1]]
            atom.coordination = self.lookup.joined_after(atom, *after[1])
        return after is not None

    def _named_inside(self, atom: Atom) -> bool:
        """"≥ 2 x 10^6 CD34+ cells/kg", "10,000 copies HIV RNA/mL": the analyte named inside the value's unit
        (`Quantity.analyte`) is what it counts: by the lexicon's name when that measure takes such a unit, else by
        the words as written (a count of cells in blood is not the dose of them per kilogram)."""
        analyte = atom.bounds[-1].quantity.analyte
        if analyte is None:
            return False
        found = self.lookup.lexicon_measures(*analyte, atom.bounds[-1].quantity)
        if not found:
            return named_by(self.clauses, atom, analyte)
        atom.measures, atom.measure_spans = found, [analyte]
        return True

    def _under_heading(self, atom: Atom, clause: int) -> bool:
        """"Life expectancy:" above "At least 12 weeks": the measures a label above the item names, when the item
        names its scale in a word or two at most ("GOG 0-2")."""
        quantity = atom.bounds[-1].quantity
        heading = [m for m in self.clauses.heading if self.lookup.compatible(m, quantity)]
        if not heading or self.clauses.content_words(clause, atom.start) > _HEADING_NAMES_MAX \
                or self.lookup.counts_noun(atom):
            return False  # not "BMI:" / "≥ 27 kg/m² with ≥ 1 weight-related comorbidity": a count of its own
        atom.measures = heading if quantity.relative_to else heading[:1]
        # "AST and ALT" / "2.5 x ULN": both labs
        atom.coordination = self.clauses.section_join
        begin, end = self.clauses.trimmed(clause, atom.start)
        if end > begin:
            atom.labels = {heading[0].key: self.doc[begin:end].text}
        return True

    def _named_by_list_after(self, atom: Atom) -> bool:
        """"Elevation over 1.5 × ULN of any of the following laboratory results: ALT, AST or bilirubin": a threshold
        that a lead to a list follows (`list_lead` cues before a colon) bounds each lexicon measure of the list that
        can take its value."""
        doc, quantity = self.doc, atom.bounds[-1].quantity
        if quantity.unit is None and not quantity.relative_to:
            return False  # "in three or more of the following": a count of the items, not a value of each
        colon = self.clauses.lists.list_lead_after(atom.end)
        lead = [t.lower_ for t in doc[atom.end:colon]] if colon is not None else []
        counted = lead[:lead.index("following")] if "following" in lead else lead  # not "… values at Visit 2:"
        if colon is None or any((number := parse_number(word)) and number[0] > 1 for word in counted):
            return False  # "in two or more of the following": neither each nor any one of them
        stop = next((i for i in range(colon + 1, len(doc)) if doc[i].text == "."), len(doc))  # items may end in ";"
        if (own := next((i for i in range(colon + 1, stop) if i in self.marks.comparators_by_start), None)) is not None:
            # "…: bilirubin, creatinine; ALT and AST ≤ 3 × ULN": the items end before the part with its own threshold
            stop = max((i for i in range(colon + 1, own) if doc[i].text in (",", ";")), default=colon + 1)
        spans: list[tuple[int, int]] = []
        measures: list[Measure | str] = []
        for span in self.marks.measures:
            if colon < span.start and span.end <= stop and (found := self.lookup.lexicon_measures(span.start, span.end,
                                                                                          quantity)):
                spans.append((span.start, span.end))
                measures.extend(m for m in found if m not in measures)
        if not measures:
            return False
        atom.measures, atom.measure_spans = measures, spans
        atom.coordination = lexicon.list_quantifier(lead) or self.clauses.section_join
        return True

    def _timed(self, atom: Atom, clause: int, limit: int) -> bool:
        """What a length of time bounds when no lexicon measure does: a therapy after "of"/"on", a thing done, a
        person's age, an event after persons."""
        doc, clauses = self.doc, self.clauses
        if self.ages.range_of_persons_after(atom):
            return True  # "18 to 60 years of healthy participants"
        if (atom.end < len(doc) and doc[atom.end].lower_ in ("of", "on")
                and (phrase := clauses.right_phrase(atom.end + 1))):
            # "4-6 months of FOLFIRINOX", "> 72 hours on mechanical ventilation"
            return named_by(self.clauses, atom, phrase)
        if (done := clauses.done.before(atom, limit)) is not None:
            return named_by(self.clauses, atom, done)  # "scans performed < 14 days before"
        if self.ages.is_age(atom, clause):
            atom.measures = [vocabulary.measures_by_key()["age"]]
            return True
        if (between := self._elapsed_between(atom)) is not None:
            return named_by(self.clauses, atom, between)
        if clauses.persons_only(clause, atom.start) and (
                phrase := clauses.right_phrase(atom.end) or self.conditions.events.anchored_event(atom)):
            # "< 1 year post-menopausal", "60 to 120 days after autologous transplantation"
            return named_by(self.clauses, atom, phrase)
        return False

    def _elapsed_between(self, atom: Atom) -> tuple[int, int] | None:
        """"More than 5 years has elapsed between the primary surgery and the development of metastases": the two
        events a length of time elapsed between name the interval it bounds (up to a run-on item's next threshold:
        "… and first relapse Neutrophils > 1.5"); not "between the two platelet counts", which names no two."""
        doc, marks = self.doc, self.marks
        elapse = marks.cue_starting(atom.end, "elapse")
        if elapse is None or elapse.end >= len(doc) or doc[elapse.end].lower_ != "between" or (
                phrase := self.clauses.phrase_to_sentence_end(elapse.end + 1, _BETWEEN_WORDS)) is None:
            return None
        stop = next((t.i for t in doc[phrase[0]:phrase[1]] if t.i in marks.comparators_by_start
                     or t.i in marks.measure_at or any(char.isdigit() for char in t.text)), phrase[1])
        begin, end = self.clauses.trimmed(phrase[0], stop)
        return (begin, end) if end > begin and any(t.lower_ == "and" for t in doc[begin:end]) else None

    def _named_by_unit(self, atom: Atom, words: tuple[int, int]) -> bool:
        """"≥ 18 and ≤ 75 years of age, with ≥ 40 kg", "body weight 18-32 kg/m2", "Children > 20 kg": a unit that names
        its measure, when the words before name none it fits."""
        quantity = atom.bounds[-1].quantity
        alone = words[1] <= words[0] and not self.clauses.parent_measure  # "Greater than 2200 grams", no label above
        by_unit = self.lookup.measure_of_unit(
            quantity, said_of_persons=alone or words[1] > words[0] and self.clauses.persons_only(*words))
        if by_unit is None or self.lookup.names_compatible(*words, quantity):
            return False
        atom.measures = [by_unit]
        return True

    def _as_previous(self, atom: Atom, previous: Atom | None, clause: int) -> bool:
        """A clause naming nothing but filler takes the threshold before it: its measure ("… for the reference lab
        < 5X the ULN …", "in which case it should be ≤ 3 × ULN": `restating_filler` cues), or for a length of time
        what it bounded ("fevers > 100.5 °F for ≥ 2 weeks")."""
        quantity = atom.bounds[-1].quantity
        # "> 50% predicted (> 75% if …)", "ALT > 3 x ULN (requires > 5 x ULN if liver metastases)"
        measured = (quantity.unit not in (None, "1") or quantity.relative_to is not None) and not quantity.is_time
        filler = persons() | lexicon.words("limit_filler") | lexicon.words("restating_filler") | (
            lexicon.words("non_name_word") if measured else frozenset())
        if (not names_its_measure(previous) or self.clauses.is_content(clause, atom.start, ignore=filler)
                or self.lookup.counts_noun(atom)):
            return False  # not "≥ 3 × ULN in three or more of the following": a count of its own
        if all(self.lookup.compatible(m, quantity) for m in previous.measures if isinstance(m, Measure)):
            inherit(atom, previous)
            return True
        if not quantity.is_time:
            return False
        if previous.measure_spans:
            return named_by(self.clauses, atom, previous.measure_spans[0])
        first = previous.measures[0]  # "≥ 20 cigarettes per day for at least 10 years": how long, named as written
        atom.measures = [first.name if isinstance(first, Measure) else first]
        return True

    def _named_by_words(self, atom: Atom, previous: Atom | None, clause: int, words: tuple[int, int]) -> bool:
        """The clause's own words before the threshold, past its last clause word: or what they stand for (see
        `named_instead`), or the scale named after a qualifier or after a threshold with no words before it (see
        `scale_after`)."""
        start, end = words
        if end > start:
            start, end = self.clauses.past_either_way(clause, start, self.clauses.before_standard(start, end))
            start, end = self.clauses.trimmed(self.clauses.after_last_cut(start, end), end)
        named = stand_ins.named_instead(self.lookup, atom, previous, clause, start, end) if end > start else None
        if named is not None:
            start, end = named
        if end > start and (ahead := self.lookup.score_named_ahead(atom, start, end)) is not None:
            atom.measures, atom.measure_spans = ahead[0], [ahead[1]]
            return True
        if (scale := self.lookup.scale_after(atom, start, end)) is not None:
            start, end = scale  # "a score of at least 3 on the OHQ composite", "(> 3 on a 0-10 pain scale)"
        # "(ATS/ERS criteria, 2005 ie, ≥ 12%)": a year or other bare number names nothing
        if not (end > start and any(c.isalpha() for c in self.doc[start:end].text)
                and named_by(self.clauses, atom, (start, end))):
            return False
        word = self.doc[atom.start - 1]
        names = [measure for measure in atom.measures if isinstance(measure, str)]
        if end < word.i and word.lower_ in lexicon.words("scale_value_word") and \
                self.doc[end:word.i].text.startswith("(") and len(names) == len(atom.measures):
            # "metastatic disease (stage III or IV)": the stage of what the words before the bracket name
            atom.measures = [name if name.lower().endswith(word.lower_) else f"{name} {word.lower_}"
                             for name in names]  # not "early stage stage"
        return True

    def _named_around(self, atom: Atom, previous: Atom | None, clause: int, limit: int) -> bool:
        """A phrase around the threshold: the noun after it, or the phrase before an aside, a bracket or a window."""
        clauses = self.clauses
        phrase = (self.lookup.changes.change_after(atom) or clauses.right_phrase(atom.end)
                  or clauses.before_aside(clause, atom.start) or clauses.before_bracket(atom.start, limit)
                  or self.lookup.before_window_aside(atom, previous))
        return phrase is not None and named_by(self.clauses, atom, phrase)

    def _orphan_or_parent(self, atom: Atom) -> None:
        """What the item above bounds ("At least 1 measurable lesion" / "At least 20 mm by CT"; "receiving an ARV
        regimen for the following periods:" / "at least 6 months"), else what a lone bound of a flattened NCI/PDQ
        block meant (`orphan_measure`: "More than 12 weeks" for life expectancy)."""
        if self.clauses.parent_measure and self.lookup.fits_parent(atom.bounds[-1].quantity):
            atom.measures = [self.clauses.parent_measure]
        elif orphan := self.lookup.orphan_measure(atom):
            atom.measures = [orphan]

    def labels(self, atom: Atom) -> dict[str, str]:
        """Measure key → the words the text used for it, so the output keeps "fasting plasma glucose"."""
        found: dict[str, str] = {}
        for start, end in atom.measure_spans:
            written = self.doc[start:end].text
            for measure in vocabulary.find_measures(written):
                found.setdefault(measure.key, written)
        atom.labels = found
        return found
