"""Which event each time window of a criterion dates, found in the words around it.

The builder asks once per window (`WindowEvents.find`) and gets the event's words back with what it needs to
know of how they were found: a state coordinated before a plan, an exception cut from the event's name, a window
that restates the one before it (and so is denied alike), a window that dates a threshold's measure (and so is
joined to that threshold by `all`).
"""

from __future__ import annotations

from dataclasses import dataclass

from parser.criteria import lexicon, windows
from parser.criteria.alternatives import alternative_span
from parser.criteria.atoms import BOUNDARY, Atom
from parser.criteria.brackets import bracket_depth, closing_bracket
from parser.criteria.clauses import Clauses
from parser.criteria.conditions import ConditionFinder
from parser.criteria.cue_words import negation_words, persons
from parser.criteria.subgroup_periods import JOINS
from parser.vocabulary import Measure

_ASIDE_REACH = 8
"""Tokens an aside in brackets on a threshold may hold before a denied event ("(transfusion allowed)")."""


@dataclass
class DatedEvent:
    """The words of the event a window dates, and how they were found."""

    span: tuple[int, int]
    named: bool = True
    """False when no word names the event: the window's own words stand for it, with a note."""
    state: tuple[int, int] | None = None
    """A state coordinated before a plan the window dates ("pregnant or planning to become pregnant within …")."""
    restates: Atom | None = None
    """The window before this one when this one restates it: another span or bound of the same period."""
    excepted: bool = False
    """An exception, a cause or a waiver was cut from the event's name."""
    dated: bool = True
    """False when the window dates the waiver, not the event it is kept on."""


class WindowEvents:
    """The events a criterion's windows date, in the order they were asked for, and whether each is denied."""

    def __init__(self, clauses: Clauses, conditions: ConditionFinder, covered: set[int]) -> None:
        self.clauses, self.conditions, self.covered = clauses, conditions, covered
        self.doc, self.marks = clauses.doc, clauses.marks
        self.events: list[tuple[Atom, tuple[int, int]]] = []  # each window's atom and the event it dates
        self.denied: dict[int, bool] = {}  # whether each window's event is denied, by the window's start
        self.dating_thresholds: set[int] = set()  # the starts of windows that date a threshold's measure

    def find(self, atom: Atom, atoms: list[Atom], limit: int) -> DatedEvent:
        """The event a window dates: the one it restates, one a duration before it named, else the words before
        or after it (`ConditionFinder.window_concept`), trimmed of a threshold, an exception or a plan."""
        restated = None if atom.subgroup_period else self.restated_window(atom)  # a group's own window dates it
        found = restated[1] if restated else self.shared_event(atom, atoms) or self.conditions.events.window_concept(
            atom, limit)
        found = self._anchor_before(atom, found) or found
        if found is not None and self._only_an_anchor(atom, found):
            found = self._apart_from_its_anchor(atom, atoms, limit)
        event = DatedEvent((atom.start, atom.end), named=False) if found is None else DatedEvent(found)
        event.restates = restated[0] if restated else None
        span = self._past_a_label(self.clauses.referent(event.span))
        if (dated_measure := self.threshold_measure_in(span, atom, atoms)) is not None:
            span = dated_measure  # "weight loss > 10% over the past 3 months": it dates the threshold's measure
            self.dating_thresholds.add(atom.start)
        if (excepted := self.excepted_event(atom, span)) is not None:
            (span, event.dated), event.excepted = excepted, True
        event.state, span = self.plan_apart(atom, span, atoms)
        event.span = self._past_its_point(atom, self.event_before_plan(atom, self.denied_after_threshold(span, atoms)))
        self.events.append((atom, event.span))
        return event

    def _past_a_label(self, span: tuple[int, int]) -> tuple[int, int]:
        """"Chemotherapy: must not have received chemotherapy within 3 weeks": the event is named after the label a
        colon closes, whose words say what the item is about, not what the window dates; not a colon in brackets or
        opening examples ("agents, including: azathioprine, …", "(eg: pembrolizumab)"), and only where the words after
        it name a concept of their own."""
        leads = lexicon.words("bracket_lead") | lexicon.words("rest_examples")
        colons, depth = [], 0
        for token in self.doc[span[0]:span[1] - 1]:
            depth = bracket_depth(depth, token.text)
            if token.text == ":" and depth == 0 and token.i > span[0] and self.doc[token.i - 1].lower_ not in leads:
                colons.append(token.i)
        if not colons or not any(colons[-1] < mention.start < span[1] for mention in self.marks.concepts):
            return span  # "For patients on steroids: treatment at a stable dose": the label names what is dated
        named = self.clauses.trimmed(colons[-1] + 1, span[1])
        return named if named[0] < named[1] else span

    def _past_its_point(self, atom: Atom, event: tuple[int, int]) -> tuple[int, int]:
        """"since the last dose of prior chemotherapy", "from completion of radiotherapy": an event in the window's
        anchor is named after the point of it the window counts from (`event_point` cues), which no record names, and
        without the word of the NCI/PDQ idiom "since prior and no concurrent …" (`ongoing_word` cues)."""
        start, end = event
        if atom.anchor is None or not atom.anchor[0] <= start < atom.anchor[1]:
            return event
        while start + 1 < end and self.doc[start].lower_ in lexicon.words("ongoing_word"):
            start += 1  # "since prior and no concurrent chemotherapy": the idiom's word, not the event's name
        point = self.marks.cue_starting(start, "event_point")
        if point is None or point.end >= end:
            return start, end
        return self.clauses.trimmed(point.end, end)

    def denial(self, atom: Atom, event: DatedEvent, negated: bool) -> bool:
        """Whether the window's event is denied: as the window it restates is, else as its own words say."""
        if event.restates is not None:
            negated = self.denied.get(event.restates.start, negated)
        self.denied[atom.start] = negated
        return negated

    def denied_after_threshold(self, concept: tuple[int, int], atoms: list[Atom]) -> tuple[int, int]:
        """"Hemoglobin ≥ 9 g/dL without transfusion within 2 weeks", "… of at least 10 g/dL and no transfusion in the
        past 3 weeks": an event denied right after a threshold of its clause, or after the word joining the two (and
        an aside in brackets on the threshold), is the event the window dates (its negation read before it), not the
        threshold before it."""
        ends = [other.end for other in atoms  # the name may start inside the threshold: "100 | x 10^9/L and no …"
                if other.kind == "comparison" and concept[0] < other.end and other.end + 1 < concept[1]]
        if not ends:
            return concept
        denial = max(ends)
        if self.doc[denial].text == "(" and (closed := closing_bracket(self.doc, denial + 1, _ASIDE_REACH)):
            self.covered.update(range(denial, closed + 1))  # "(5.6 mmol/L)", "(transfusion allowed)": the threshold's
            denial = closed + 1
        while denial + 1 < concept[1] and self.doc[denial].lower_ in JOINS:
            denial += 1  # "and no", ", and no"
        if denial < concept[1] and self.doc[denial].lower_ in negation_words():
            return denial + 1, concept[1]
        return concept

    def event_before_plan(self, atom: Atom, concept: tuple[int, int]) -> tuple[int, int]:
        """"Myocardial infarction in the past 6 months or likely within the next 6 months": a window whose words name
        only a plan (`plan_word` cues) dates the event the window before it in the sentence dates."""
        words = [t.lower_ for t in self.doc[concept[0]:concept[1]] if t.is_alpha]
        earlier = [(other, event) for other, event in self.events if other.end <= atom.start]
        if (not words or not set(words) <= lexicon.words("plan_word") or not earlier
                or any(t.text in BOUNDARY for t in self.doc[earlier[-1][0].end:atom.start])):
            return concept
        self.covered.update(range(*concept))
        return earlier[-1][1]

    def plan_apart(self, atom: Atom, concept: tuple[int, int],
                   atoms: list[Atom]) -> tuple[tuple[int, int] | None, tuple[int, int]]:
        """A window a plan puts ahead dates the plan, from its cue on ("planning to become pregnant"), not a state
        coordinated before it ("Pregnant or breast-feeding women, or …"): (that state or None, the plan's event).
        Words another atom reads ("within 4 weeks before screening, or planned surgery within …", "Child-Pugh 7 to 9
        and not anticipated to receive a transplant within …") are that atom's, so the plan alone remains."""
        plan = windows.plan_start(self.marks, atom.start) if atom.direction == "ahead" else None
        state = None if plan is None else self.conditions.events.before_plan(concept, plan)
        if state is None or plan is None:
            return None, concept
        planned = (plan, concept[1])
        if any(other is not atom and other.start < state[1] and state[0] < _reach(other) for other in atoms):
            return None, planned
        return (state, planned) if self.conditions.events.names_state(state, plan) else (None, concept)

    def excepted_event(self, atom: Atom, concept: tuple[int, int]) -> tuple[tuple[int, int], bool] | None:
        """The event a window's clause names before an exception, a cause or a waiver in it, and whether the window
        dates it: "major surgery other than biopsy within 2 weeks" dates "major surgery"; in "brain metastases unless
        treated at least 4 weeks before" it dates the waiver, not the event before it. The contract has no place for a
        waiver's window: it stays on the event, as a reader of the text would tabulate it, and the criterion is left
        to a person (rest `unknown`): read as the event's, it would clear a patient whose brain metastases are a week
        old. The words from the exception on are the rest's."""
        if (cut := self.clauses.exception_in(*concept)) is not None:
            return self.clauses.trimmed(concept[0], cut[0]), not (cut[1] and cut[0] < atom.start)
        return None

    def threshold_measure_in(self, event: tuple[int, int], window: Atom, atoms: list[Atom]) -> tuple[int, int] | None:
        """The measure of a threshold when it and the threshold are all the words an event found for a window
        takes in, past persons and duty words ("weight loss > 10% over the past 3 months", "Patients must use rescue
        medication on at least 3 days a week in the last 4 weeks"), or when the event's words are only the
        threshold's own ("… at least two days a week for the past six months"): not a threshold inside a list of
        events ("NYHA III/IV heart failure, or angina within 6 months") nor one describing another event ("Q-wave
        infarction with CK ≥ 2 × ULN within 24 hours")."""
        before = [other for other in atoms if other.kind == "comparison" and other.end <= window.start]
        if any(event in other.measure_spans and other.end <= event[0] for other in before):
            return event  # "pregnant (> 20 weeks gestation) in the previous 6 months": the measure named after it
        inside = [other for other in before
                  if event[0] <= other.start < event[1] <= other.end or other.start <= event[0] < event[1] <= other.end]
        if not inside:
            return None
        threshold, leading = inside[-1], persons() | lexicon.words("modal_verb")
        spans = [span for span in threshold.measure_spans if span[1] <= threshold.start and (
            threshold.start <= event[0] or event[0] <= span[0]
            and not self.clauses.is_content(event[0], span[0], ignore=leading))]
        if not spans:
            return None
        start, end = spans[-1]
        for later in threshold.measure_spans:  # "calculated or measured creatinine clearance", "ALT or AST"
            if end < later[0] <= end + 2 and {t.lower_ for t in self.doc[end:later[0]]} <= set(JOINS):
                end = later[1]
        words = [t.text for t in self.doc[start:end]]
        closes = end < len(self.doc) and self.doc[end].text == ")" and words.count("(") > words.count(")")
        return start, end + closes  # "C-reactive protein (CRP)": its abbreviation's bracket closed

    def restated_window(self, atom: Atom) -> tuple[Atom, tuple[int, int]] | None:
        """The window before this one and its event when this one restates it: the second bound of one period
        ("ECG at least 2 weeks but less than 4 weeks before entry": `bound_link` cues between them), or its other
        span ("within 30 days or 5 half-lives"), or a bracketed one counted to another point (`_bracketed_after`).
        Both date the same event, denied alike."""
        if self.events and ((last := self.events[-1])[0].end + 1 == atom.start
                            and self.doc[atom.start - 1].lower_ in lexicon.words("bound_link")
                            or alternative_span(self.doc, last[0], atom.bounds[-1].quantity)
                            or self._bracketed_after(last[0], atom)):
            return last
        return None

    def _bracketed_after(self, last: Atom, atom: Atom) -> bool:
        """Whether a window opens a bracket right after the window before and its anchor ("within the last 62 days
        before primary registration (within the last 90 days before secondary registration)"): the same event's
        period counted to another point."""
        end = last.anchor[1] if last.anchor is not None else last.end
        return (end + 1 == atom.start and self.doc[end].text == "(" and atom.anchor is not None
                and self._names_the_study_point(atom.anchor))

    def _names_the_study_point(self, span: tuple[int, int]) -> bool:
        """Whether an anchor's words name only the study's point in time ("before secondary registration"), no event
        ("from nitrosoureas")."""
        point = lexicon.words("study_noun") | lexicon.words("study_point")
        return not self.clauses.is_content(self._past_anchor_words(span), span[1], ignore=point)

    def _past_anchor_words(self, span: tuple[int, int]) -> int:
        """Where a span's words start past the anchor words opening it ("before", "prior to", "after")."""
        words = [t.lower_ for t in self.doc[span[0]:span[1]]]
        return span[0] + (lexicon.phrase_at(words, "backward_anchor") or lexicon.phrase_at(words, "forward_anchor"))

    def _anchor_before(self, atom: Atom, found: tuple[int, int] | None) -> tuple[int, int] | None:
        """The event the window before dates when the words found for this window's event are only that window's
        anchor, joined to this window by "or", "and" or a comma alone, before "for", "during the" (`next_period_lead`,
        `period_article` cues: "radiotherapy within 28 days of enrolment or within 14 days …":
        radiotherapy, not enrolment): an anchor dates nothing, the event before it is what both windows date. Not an
        anchor both windows share ("for 3 days before and 3 days after the biopsy"), nor one a clause after it dates
        ("within 8 weeks of surgery, performed within 12 weeks of diagnosis", "… of surgery (within 12 weeks of
        diagnosis)": the surgery)."""
        if found is None or not self.events:
            return None
        last, event = self.events[-1]
        anchor = last.anchor
        if anchor is None or not (anchor[0] <= found[0] and found[1] <= anchor[1] <= atom.start):
            return None
        words = [t.lower_ for t in self.doc[anchor[1]:atom.start]]
        lead = lexicon.words("next_period_lead") | lexicon.words("period_article")
        while words and words[-1] in lead:
            words.pop()  # "from enrolment and for 12 months after …", "… prior to visit 0 or during the 12 months …"
        return event if words and set(words) <= set(JOINS) else None

    def _only_an_anchor(self, atom: Atom, found: tuple[int, int]) -> bool:
        """Whether the words found for a window's event are only the study's point in time (`study_noun` words and
        the `study_point` words beside them) it or a window before it counts back from ("enrollment", "Visit 1",
        "before primary registration"); not an event it counts from ("since prior chemotherapy", "of initiation of
        induction therapy")."""
        start = self._past_anchor_words(found)
        return self._names_the_study_point(found) and any(
            other.anchor is not None and other.anchor[0] <= start and found[1] <= other.anchor[1]
            for other in (atom, *(window for window, _ in self.events)))

    def _apart_from_its_anchor(self, atom: Atom, atoms: list[Atom], limit: int) -> tuple[int, int] | None:
        """The event of a window whose words found name only the point it counts back from ("Use of X 3 months prior
        to Visit 1", "In the 12 months prior to enrollment, participant has a history of X", "… (within 90 days
        before secondary registration)"): an anchor dates nothing. The words before the window in its clause (those
        of the clause before when a relative pronoun opens it and denies: "…, except X, which cannot be used within
        …"; none when it permits: "…, except X, which may be used within …"), else the clause right after its anchor
        (or the words, when none before name it), holding no threshold or window of its own; else None leaves it
        unnamed: a bracketed window counting back from another point ("… within 30 days before primary registration
        (within 60 days before secondary registration)") is another requirement, and read as the first one's event it
        would exclude at the wrong point."""
        doc, clauses = self.doc, self.clauses
        clause = clauses.clause_start(atom.start, limit)
        if clause > limit and doc[clause].lower_ in lexicon.words("relative_pronoun") and doc[clause - 1].text == ",":
            denials = negation_words() | lexicon.words("modal_negation") | lexicon.words("prohibition_word")
            if not any(t.lower_ in denials for t in doc[clause:atom.start]):
                return None  # "except hydroxyurea, which may be used within 7 days": a permission dates no event
            clause, end = clauses.clause_start(clause - 1, limit), clause - 1
            clause += lexicon.phrase_from(doc, clause, "aside_lead")  # "except X, which cannot be used …": X
        else:
            end = atom.start
        after = atom.anchor[1] if atom.anchor is not None else atom.end
        finish = next((t.i for t in doc[after + 1:] if t.text in BOUNDARY), len(doc))
        candidates = [clauses.trimmed(clause, end)]
        if after < len(doc) and (doc[after].text == "," or not clauses.is_content(*candidates[0])):
            candidates.append(clauses.trimmed(after + (doc[after].text == ","), finish))  # "Received within 4 weeks
            # prior to Day 1 any CYP3A4 inducer": nothing before the window names it
        return next(((begin, stop) for begin, stop in candidates if stop > begin and clauses.is_content(begin, stop)
                     and not self._only_an_anchor(atom, (begin, stop))
                     and not any(begin < other.end and other.start < stop for other in atoms if other is not atom)),
                    None)

    def shared_event(self, atom: Atom, atoms: list[Atom]) -> tuple[int, int] | None:
        """"X for more than 14 days during the 8 weeks before enrolment": a window closing a clause whose
        duration already named its event bounds that same event."""
        clause = self.clauses.clause_start(atom.start, 0)
        for other in reversed(atoms):
            if other is atom or other.end > atom.start or other.start < clause:
                continue
            if other.kind == "comparison" and other.bounds[-1].quantity.is_time and other.measure_spans and not any(
                    isinstance(m, Measure) and m.key == "age" for m in other.measures):
                return other.measure_spans[-1]  # not a person's age: "smokers over 18 years … quit within 1 month"
            return None
        return None


def _reach(atom: Atom) -> int:
    """Where the words an atom reads end: its anchor's end, if it has one after it."""
    return max(atom.end, atom.anchor[1]) if atom.anchor else atom.end
