"""Join the atoms of one criterion into an `Expr`: comparisons, windows as concepts, subgroups, logic.

Each atom gets its measure (`measures.py`) and its condition or event (`conditions.py`); this module
turns them into contract nodes with spans, has them joined by the connectives written between them (`joining.py`),
and says how much of the item was captured.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from parser import vocabulary
from parser.criteria import concept_names, lexicon, ranges, time_since
from parser.criteria.atoms import Atom, Bound, find_atoms, named_from
from parser.criteria.bare_multiples import multiple_without_limit
from parser.criteria.circumstances import (
    circumstance_start,
    reaction_object,
)
from parser.criteria.clauses import Clauses, after_hyphenated_non
from parser.criteria.conditions import ConditionFinder, complement_subgroups
from parser.criteria.coverage import not_content, progression_left_open, read_coverage
from parser.criteria.cue_words import persons
from parser.criteria.denials import absent_result, states_a_requirement
from parser.criteria.event_lists import EventLists
from parser.criteria.heads import example_heads
from parser.criteria.joining import Layout, NodeJoiner, apart_as_either
from parser.criteria.marks import Marks
from parser.criteria.measure_lookup import MeasureLookup
from parser.criteria.measures import MeasureResolver
from parser.criteria.mentions import disjunct_mentions, sentence_mentions
from parser.criteria.modifiers import indifferent_start, modified_from, other_kind_start
from parser.criteria.population import narrowed_population
from parser.criteria.quantities import Quantity
from parser.criteria.rest import (
    classify_rest,
    exception_starts,
    names_a_prospect,
    permits_or_plans,
    qualifying_tokens,
)
from parser.criteria.source_tokens import SpanMap, TokenLocator
from parser.criteria.time_since import Washouts, reads_backwards
from parser.criteria.window_events import WindowEvents
from parser.models.criteria import AllOf, AnyOf, Canonical, Comparison, Concept, Coverage, Expr, Not, Op, Rest, Window
from parser.models.walk import iter_nodes, rebuilt
from parser.vocabulary import Measure, units

_DECISIVE_RESTS = frozenset({"qualifier", "definition", "examples"})
"""Rests that let the structured part decide both ways."""


_LABELLED_NAME = 6
"""The most words naming the measure between a row label's colon and its threshold ("Age ≥ 65: PLMAI > 15")."""


@dataclass
class Result:
    """A criterion's expression, how much of it was structured, and notes for the reviewer."""

    expr: Expr | None
    coverage: Coverage
    rest: Rest
    category: str | None
    notes: list[str] = field(default_factory=list)


class _Builder:
    """Builds one criterion's expression: atoms → measures, conditions and windows → nodes → one tree.

    One reader of the criterion's clauses and subgroups (`clauses`) serves the builder and the measure resolver
    alike: the subgroup tokens the builder marks there are what the resolver no longer reads as a measure."""

    def __init__(self, doc: Doc, section: str, span_of: SpanMap, heading: tuple[Measure, ...] = (),
                 parent_measure: str | None = None, lead_period: Op | None = None) -> None:
        self.clauses = Clauses(doc, Marks.of(doc), section, heading, parent_measure)
        self.lead_period = lead_period
        self.conditions = ConditionFinder(self.clauses)
        self.lookup = MeasureLookup(self.clauses)
        self.resolver = MeasureResolver(self.lookup, self.conditions)
        self.doc, self.marks, self.section = doc, self.clauses.marks, section
        self.span_of = span_of
        self.locate = TokenLocator(doc, span_of)
        self.notes: list[str] = []
        self.covered: set[int] = set()
        self.window_events = WindowEvents(self.clauses, self.conditions, self.covered)
        self.joiner = NodeJoiner(self.clauses, section, self.covered, self.window_events.dating_thresholds,
                                 self.locate)
        self.mention_starts: set[int] = set()  # where the lexicon concepts the expression names start
        self.narrowed_by: dict[int, range] = {}
        """By where a structured concept starts, the words of a concept saying which one is meant (`circumstances`)."""
        self.head_left_out = False  # a narrowed head of listed instances is left out: the structure is not all of it
        self.list_limited = False  # words after a list of examples may limit all of it: its rest is for a person
        self.category: str | None = None
        self.atoms: list[Atom] = []
        self.washouts = Washouts(self.marks, section)
        self.excepted = False  # an exception cut from an event's name is left to the rest: never `full`
        self.waived_window = False  # a window a waiver holds, kept on the event it lifts: for a person to read
        self.denied_windows: dict[int, bool] = {}  # whether each window of its own words (by start) was denied
        self.threshold_tokens: set[int] = set()  # the words of thresholds and distances, not of windows' events
        self.row: tuple[tuple[int, int], Expr] | None = None  # a table row's label of ages, and those ages

    def concept_node(self, start: int, end: int, *, negated: bool = False, window: Window | None = None,
                     name: str | None = None) -> Concept:
        found = self.lexicon_concept(start, end) if name is None else (vocabulary.concept_named(name), start)
        entry = found[0] if found else None
        # "Negative urine pregnancy test": the state the named test finds is absent. Among exclusions a negative result
        # is a requirement written there ("Pregnant. Women … must have a negative pregnancy test"): its state excludes.
        result = absent_result(self.clauses, found[1], end) if found and self.section == "inclusion" else None
        if found and result is not None:
            (said, end), start, negated = result, found[1], not negated
            self.covered.update(range(said, start))
        (a, b), text = self.span_of(start, end)
        self.covered.update(range(start, end))
        return Concept(
            concept=name or self.doc[start:end].text,
            category=entry.category if entry and self.names_one_category(start, end, entry.category) else None,
            negated=negated,
            within=window,
            text=text,
            span=(a, b),
        )

    def names_one_category(self, start: int, end: int, category: str) -> bool:
        """Whether every lexicon concept named in `[start, end)` is of `category`: an event naming a condition and a
        treatment ("Diabetes requiring insulin, and chemotherapy within 4 weeks") is looked up among both, and so is
        a condition's therapy ("previous cancer therapy", "HCV treatment": `therapy_of_condition`)."""
        if category == "condition" and concept_names.therapy_of_condition(self.doc, self.marks.concepts, start, end):
            return False
        return all(entry.category == category for span in self.marks.concepts if start <= span.start and span.end <= end
                   if (entry := vocabulary.concept_named(span.text)) is not None)

    def lexicon_concept(self, start: int, end: int) -> tuple[vocabulary.ConceptEntry, int] | None:
        """The lexicon's entry for the first concept named in `[start, end)`, and where its name starts; not one
        named in an exception ("any prescription medication (except for hormonal contraceptives)": no contraception)."""
        for span in self.marks.concepts:
            if start <= span.start and span.end <= end:
                if any(self.clauses.exception_at(i) is not None for i in range(start + 1, span.start)):
                    return None
                entry = vocabulary.concept_named(span.text)
                return None if entry is None else (entry, span.start)
        word = self.doc[start:end].text.lower()
        if word in lexicon.words("sex_word"):  # "female", "men": a person's sex, which no concept row names
            return vocabulary.ConceptEntry(word, "sex", ()), start
        return None

    def comparison_nodes(self, atom: Atom) -> Expr | None:
        if not atom.measures:
            self.notes.append(f"threshold without a measure: {self.span_of(atom.start, atom.end)[1]!r}")
            return None
        (a, b), text = self.span_of(atom.start, atom.end)
        if atom.implied_op:
            self.notes.append(f"comparator not written in {text!r}; read as {atom.bounds[-1].op}")
        when = None
        if atom.when:
            condition = self.threshold_condition(atom.when) or self.concept_node(atom.when[0], atom.when[1])
            when = Not(**{"not": condition}) if atom.when[2] else condition
        if self.row is not None:  # a table row's ages, and the threshold's own subgroup (not those ages again)
            (begin, end), ages = self.row
            own = atom.when is not None and begin <= atom.when[0] and atom.when[1] <= end
            if not begin <= atom.start < end:
                when = ages if when is None or own else AllOf(all=[ages, when])
        pair = atom.bounds[-1].quantity.second
        denied = self.clauses.negation.denies_threshold(atom)  # "No fever > 38.5 °C": the bound must not hold
        if not denied and self.clauses.negation.verb_denied(atom):
            if pair is None and len(atom.bounds) == len(atom.measures) == 1 and atom.bounds[0].op in ranges.COMPLEMENT:
                bound = atom.bounds[0]  # "must not have involved more than 25%": at most 25%, as "not more than"
                atom.bounds = [Bound(ranges.COMPLEMENT[bound.op], bound.quantity)]
            else:
                denied = True
        found = (self.pressure_pair(atom, pair, text, (a, b), when, denied)
                 if pair is not None and len(atom.bounds) == 1 else self.measured_nodes(atom, text, (a, b), when))
        return Not(**{"not": found}) if denied else found

    def measured_nodes(self, atom: Atom, text: str, span: tuple[int, int], when: Expr | None) -> Expr:
        """A threshold's comparison of each measure it bounds, joined as the names were."""
        per_measure: list[Expr] = []
        labels = atom.labels or self.resolver.labels(atom)
        for measure in atom.measures:
            label = labels.get(measure.key) if isinstance(measure, Measure) else None
            bounds: list[Expr] = [self.comparison(measure, bound.op, bound.quantity, text, span, when, label)
                                  for bound in atom.bounds]
            per_measure.append(bounds[0] if len(bounds) == 1
                               else AnyOf(any=bounds) if atom.complement else AllOf(all=bounds))
        self.covered.update(i for i in range(atom.start, atom.end) if i not in atom.aside)
        if atom.comparator is not None:  # a comparator after the substance ("17.5 mg/day of prednisone or more")
            self.covered.update(range(atom.comparator.start, atom.comparator.end))
            if atom.comparator.start >= atom.end:
                self.joiner.comparator_after.update(range(atom.comparator.start, atom.comparator.end))
        for start, end in atom.measure_spans:
            self.covered.update(range(start, end))
        return per_measure[0] if len(per_measure) == 1 else (
            AnyOf(any=per_measure) if atom.coordination == "any" else AllOf(all=per_measure))

    def threshold_condition(self, when: tuple[int, int, bool]) -> Expr | None:
        """"Lansky ≥ 50 for patients < 16 years of age", "CrCl ≥ 60 for patients with creatinine > 1.5 × ULN":
        a subgroup defined by one threshold is that comparison."""
        end = when[1] + (when[1] < len(self.doc) and self.doc[when[1]].text == "%")  # (trimming dropped a last "%")
        inner = [a for a in self.atoms if a.kind == "comparison" and a.end <= end and (
            when[0] <= a.start or (a.comparator is not None and a.comparator.start == a.start
                                   and a.start < when[0] <= a.comparator.end))]
        if len(inner) != 1 or self.clauses.is_content(when[0], inner[0].start,
                                                      ignore=persons() | lexicon.words("age_word")):
            return None
        atom = inner[0]
        counted = self.clauses.subgroup_tokens & set(range(atom.end, when[1]))
        self.clauses.subgroup_tokens -= counted  # "among patients on fewer than two antihypertensive agents": what
        self.resolver.resolve_measure(atom, None, when[0])  # the threshold counts is named inside the subgroup
        self.clauses.subgroup_tokens |= counted
        if not atom.measures:
            return None
        atom.measures = [next(iter(vocabulary.find_measures(m)), m) if isinstance(m, str) else m for m in atom.measures]
        return self.comparison_nodes(atom)

    def pressure_pair(self, atom: Atom, second: float, text: str, span: tuple[int, int], when: Expr | None,
                      denied: bool) -> Expr:
        """"BP > 140/90 mmHg" bounds systolic and diastolic pressure alike; `second` is the diastolic value. An
        inclusion's pair holds both (a target), an exclusion's either (beyond it), and a denied pair the other way
        ("No BP > 160/100": neither; "not stabilised to 150/90 or lower" among exclusions: not both)."""
        bound, by_key = atom.bounds[0], vocabulary.measures_by_key()
        diastolic = Quantity(bound.quantity.start, bound.quantity.end, second, bound.quantity.unit)
        nodes: list[Expr] = [
            self.comparison(by_key["sbp"], bound.op, bound.quantity, text, span, when),
            self.comparison(by_key["dbp"], bound.op, diastolic, text, span, when),
        ]
        self.covered.update(range(atom.start, atom.end))
        return AllOf(all=nodes) if (self.section == "inclusion") != denied else AnyOf(any=nodes)

    def comparison(
        self, measure: Measure | str, op: Op, quantity: Quantity, text: str, span: tuple[int, int], when: Expr | None,
        label: str | None = None,
    ) -> Comparison:
        entry = measure if isinstance(measure, Measure) else None
        unit, inferred, relative_to = quantity.unit, False, quantity.relative_to
        if unit in (None, "1") and relative_to is None and entry is not None \
                and multiple_without_limit(self.marks, entry, quantity):
            unit, relative_to = "1", "ULN"
            self.notes.append(f"'{quantity.value:g} times' read as a multiple of the ULN of {entry.name}")
        if unit is not None and entry is not None:
            unit = vocabulary.written_unit(entry, unit)  # "SBP > 160 mm"; "temperature above 38 degrees"
        elif entry is not None and entry.unit == "{dipstick}" and self.doc[quantity.start].text.startswith("+"):
            unit = entry.unit  # "greater than +1 proteinuria": a dipstick grade written with its sign first
        if unit is None:
            if entry is None:
                unit = "1"
            elif implied := vocabulary.implied_unit(entry, quantity.value):
                unit, inferred = implied, implied != "1"
                self.notes.append(f"unit of {entry.name} not written; read as {unit}")
            else:
                unit = "{unspecified}"
                self.notes.append(f"unit of {entry.name} not written")
        canonical, compared = None, unit if entry is None else vocabulary.threshold_unit((entry,), unit)
        if entry and not relative_to and compared != entry.unit:
            try:
                converted = units.convert(quantity.value, compared, entry.unit, molar_mass=entry.molar_mass)
                canonical = Canonical(value=converted, unit=entry.unit)
            except units.IncompatibleUnits:
                canonical = None
        elif entry and not relative_to:
            canonical = Canonical(value=quantity.value, unit=compared)
        if entry and self.category is None:
            self.category = entry.category
        value = quantity.value
        return Comparison(
            measure=measure.name if isinstance(measure, Measure) else measure,
            label=label if entry and label and label.lower() != entry.name.lower() else None,
            loinc=entry.loinc if entry else None,
            op=op,
            value=int(value) if float(value).is_integer() and abs(value) < 1e15 else value,
            unit=unit,
            unit_inferred=inferred,
            relative_to=relative_to,
            canonical=canonical,
            when=when,
            text=text,
            span=span,
        )

    def window_node(self, atom: Atom, limit: int) -> Expr | None:
        bound = atom.bounds[-1]
        (a, b), text = self.span_of(atom.start, atom.end)
        anchor = self.doc[atom.anchor[0]:atom.anchor[1]].text if atom.anchor else None
        self.covered.update(range(atom.start, atom.end))
        if atom.kind == "distance":
            target = anchor.split(" ", 1)[1] if anchor and " " in anchor else None
            measure = f"distance to {target}" if target else "distance"
            if atom.anchor:
                self.covered.update(range(*atom.anchor))
            if atom.start and (lesion := self.doc[atom.start - 1]).lower_ in lexicon.words("lesion_noun"):
                # "tumours within 3 mm of the spinal cord": what the distance is of, which a screener reads
                self.covered.add(atom.start - 1)
                self.threshold_tokens.add(atom.start - 1)
                measure = measure.replace("distance", f"distance of {lesion.lower_}", 1)
            return self.comparison(measure, bound.op, bound.quantity, text, (a, b), None)
        event = self.window_events.find(atom, self.atoms, limit)
        condition = self.lexicon_concept(*event.span) is not None and self.names_one_category(*event.span, "condition")
        window = Window(op=bound.op, value=bound.quantity.value, unit=bound.quantity.unit or "d", anchor=anchor,
                        direction=atom.direction, text=text, span=(a, b),
                        since_last=self.washouts.mark(atom, self.atoms, event.span, condition, (a, b)))
        if not event.named:
            self.notes.append(f"time window without a named event: {text!r}")
        self.excepted = self.excepted or event.excepted
        state, concept = event.state, event.span
        concept = (self.clauses.after_denied_verb(*concept), concept[1])
        self.waived_window = (self.waived_window or not event.dated or self.excepted_period(atom, concept)
                              or any(t.lower_ in lexicon.words("stop_verb") for t in self.doc[concept[0]:concept[1]]))
        # "must be able to interrupt NSAIDs 2 days before …": when to stop a drug, no event the record dates
        if atom.anchor:
            self.covered.update(range(*atom.anchor))
        if state is not None:
            return self.state_or_plan(atom, state, concept, window, limit)
        in_anchor = atom.anchor is not None and atom.anchor[0] <= concept[0] < atom.anchor[1]
        # "since prior and no concurrent X": the washout is not negated
        negation_end = atom.start if in_anchor else concept[0]
        if concept[0] >= atom.end and self.clauses.clause_start(atom.start, limit) == atom.start > limit + 1 \
                and self.doc[atom.start - 1].text == ",":
            negation_end = atom.start - 1  # "No history, within the past 5 years, of X": the negation opens the item
        clause = self.clauses.clause_start(negation_end, limit)
        negated = denied = self.clauses.negation.negated_before(negation_end, clause)
        if not negated and bound.op not in ("<", "<=") and self.clauses.negation.denied_before(negation_end, clause):
            # "No prior chemotherapy for at least 4 weeks" excludes chemotherapy within 4 weeks, which a window as
            # written cannot say: the denial stays, and the criterion is a person's to read
            negated = self.waived_window = True
        not_within = (self.section == "inclusion" and concept[1] < atom.start
                      and self.clauses.negation.negated_before(atom.start, concept[1])
                      and not self.clauses.is_content(concept[1], atom.start))
        # "Bone marrow transplant not within 3 months": not one that recent, which may ask for an older one ("Prior
        # chemotherapy required, but not within 3 weeks") or allow none: denied, and the rest is a person's to read
        self.waived_window = self.waived_window or not_within
        negated = negated or self.clauses.negation.negated_after(atom.anchor[1] if atom.anchor else atom.end) or (
            not_within)
        negated = self.window_events.denial(atom, event, negated)
        if atom.subgroup_period:  # "No chemotherapy within 3 weeks (6 weeks for mitomycin C)": denied as its window
            own = [a.start for a in self.atoms if a.kind == "window" and a.end <= atom.start and not a.subgroup_period]
            negated = negated or (bool(own) and self.denied_windows.get(own[-1], False))
        else:
            self.denied_windows[atom.start] = negated
        if negated and denied and time_since.denied_washout(self.marks, atom, concept, self.section):
            negated, window = False, window.model_copy(update={"since_last": True})
        return self.concept_node(concept[0], concept[1], negated=negated, window=window)

    def excepted_period(self, atom: Atom, event: tuple[int, int]) -> bool:
        """Whether an exclusion's period since an event follows an exception that runs up to it ("No prior
        chemotherapy except adjuvant chemotherapy completed more than 12 months ago"): it may be the exception's own,
        for a person to read; not after an aside the exception closes ("except Procrit (epoetin), at least …")."""
        if self.section != "exclusion" or atom.bounds[-1].op not in (">", ">="):
            return False
        return any(event[1] <= cue < atom.start and not any(t.text in (",", ")") for t in self.doc[cue:atom.start])
                   for cue in exception_starts(self.doc))

    def state_or_plan(self, atom: Atom, state: tuple[int, int], plan: tuple[int, int], window: Window,
                      limit: int) -> Expr | None:
        """A state and the plan after it as two concepts joined by the words between them ("pregnant or planning to
        become pregnant within …": `any`); a negation before the state ("not pregnant or planning to …") denies
        the plan as well, one between them the plan alone."""
        negated = self.clauses.negation.negated_before(state[0], self.clauses.clause_start(state[0], limit)) or (
            self.clauses.negation.negated_after(atom.anchor[1] if atom.anchor else atom.end))
        current = self.concept_node(*state, negated=negated, window=self.state_window(atom, window))
        planned = self.concept_node(*plan, window=window,
                                    negated=negated or self.clauses.negation.negated_before(plan[0], state[1]))
        return self.joiner.join_plain([(*state, current), (*plan, planned)], self.layout())

    def state_window(self, atom: Atom, window: Window) -> Window | None:
        """The window of a state coordinated before a plan: none ("pregnant, or planning to become pregnant within 6
        months after the last dose": a state holds now), but a bound counted back from its anchor dates what was done
        as well as what is planned ("had surgery or scheduled to undergo surgery within 6 months prior to
        screening"), as a window in the past."""
        if atom.anchor is None or window.op not in ("<", "<=") or (
                self.doc[atom.anchor[0]].lower_ in lexicon.words("forward_anchor")):
            return None
        return window.model_copy(update={"direction": "past"})

    def mention_nodes(self) -> list[tuple[int, int, Expr]]:
        """Lexicon concepts of a criterion that has no threshold: diagnoses, therapies, pregnancy."""
        nodes: list[tuple[int, int, Expr]] = []
        mentions = concept_names.Mentions(self.doc, self.marks.concepts)
        names = concept_names.ConceptNames(mentions)
        narrowing_until = -1  # where the last concept saying which other one is meant ends
        entries = {span.start: vocabulary.concept_named(mentions.term(span)) for span in mentions.spans}
        categories = {start: entry.category for start, entry in entries.items() if entry is not None}
        object_end = -1  # where the object of the last condition that is a reaction ends
        for span in mentions.spans:
            entry = entries[span.start]
            if span.start in self.marks.standard_tokens:
                continue  # "as defined by Response Evaluation Criteria in Solid Tumors": a standard's name
            non = after_hyphenated_non(self.doc, span.start)
            if entry is None or self._dates_a_period(span) or (non and len(span) > 1) or span.start < object_end:
                continue  # "non-malignant pleural effusion", "non-surgical treatment": "non-" made another word
            if entry.category == "treatment" and concept_names.labels_a_heading(self.doc, span):
                self.covered.update(range(span.start, span.end + 1))  # "Biologic therapy: Not specified": a topic
                continue
            if concept_names.in_exception(self.doc, span.start):
                self.excepted = True  # "liver disease (not including hepatitis C)": left out of it, for a person
                continue
            found = circumstance_start(self.doc, span, entry.category, nodes, narrowing_until,
                                       self.section == "exclusion")
            if found is not None:  # "chemotherapy for metastatic disease": which chemotherapy, no requirement
                narrowed = nodes[-1][0]
                self.narrowed_by[narrowed] = range(self.narrowed_by.get(narrowed, range(found, found)).start, span.end)
                narrowing_until = span.end
                continue
            if (indifferent := indifferent_start(self.doc, span.start)) is not None:
                self.covered.update(range(indifferent, span.end))  # "with or without portal hypertension": no part
                continue
            self.mention_starts.add(span.start)
            if names.restates(span, entry):
                self.covered.update(range(span.start, span.end))  # "pregnancy or pregnant": one concept named twice
                object_end = self.reaction_to(nodes, span, entry, categories) or object_end
                continue
            names.named(span, entry)
            modifiers = modified_from(self.doc, span.start)
            limit = self.clauses.negation.negation_limit(span.start, modifiers)
            if any(t.lower_ in lexicon.words("modal_negation") for t in self.doc[limit:span.start]):
                limit = span.start  # "cannot tolerate chemotherapy": the negation is the verb's, not the concept's
            term = mentions.terms.get(span.start)  # "C" of "hepatitis B or C": hepatitis C
            start = span.start if term else other_kind_start(self.doc, span.start)  # "or any other <kind of> …"
            negated = (self.clauses.negation.negated_before(span.start, limit)
                       or concept_names.denied_by_non(span, entry) or concept_names.naive_of(self.doc, span)
                       or (non and len(span) == 1)  # "non-metastatic": a one-word concept denied
                       # "No HIV, HBV or HCV", "No stroke or other serious cardiovascular disease"
                       or concept_names.listed_after_denied(self.doc, self.doc[start:span.end], nodes)
                       or concept_names.example_of_denied(self.doc, span.start, entry.category, nodes))
            if negated:  # "have not been treated with chemotherapy": the denial's verb phrase is read with it
                self.covered.update(i for cue in self.marks.cues if cue.label_ == "cue:strip"
                                    and limit <= cue.start and cue.end <= start for i in range(cue.start, cue.end))
            if (result := concept_names.result_said_of(self.doc, span, mentions.spans)) is not None:
                self.covered.update(result.tokens)  # "HIV negative", "HIV or HCV antibody positive"
                negated = negated or result.absent
            if self.category is None:
                self.category = entry.category
            if start < span.start:
                self.covered.add(start - 1)  # "other": the kind named is the concept, no alternative to it
            nodes.append((start, span.end, self.concept_node(start, span.end, negated=negated, name=term)))
            object_end = self.reaction_to(nodes, span, entry, categories) or object_end
        return nodes

    def reaction_to(self, nodes: list[tuple[int, int, Expr]], span: Span, entry: vocabulary.ConceptEntry,
                    categories: dict[int, str]) -> int | None:
        """Where the object of a reaction the mention `span` names ends ("allergic to corticosteroids", "allergy or
        hypersensitivity to cyclophosphamide"), its words narrowing the last node (the concept it names), which
        excludes (`circumstances.reaction_object`); None when it names no reaction."""
        if not nodes:
            return None
        start, _, node = nodes[-1]
        if (entry.category != "condition" or not isinstance(node, Concept)
                or node.negated == (self.section == "exclusion")):
            return None
        end = reaction_object(self.doc, span.start, categories)
        if end is not None:
            self.narrowed_by[start] = range(self.narrowed_by.get(start, range(span.end, span.end)).start, end)
        return end

    def disjunct_nodes(self) -> list[tuple[int, int, Expr]]:
        """Lexicon concepts beside thresholds that are a disjunct of their own (`mentions`), with their words of
        evidence ("clinical or radiological evidence of spinal cord compression, or tumours within 3 mm of …")."""
        nodes: list[tuple[int, int, Expr]] = []
        for start, end, opening in disjunct_mentions(self.marks, self.covered, self.threshold_tokens):
            self.covered.update(range(opening, start))
            self.mention_starts.add(start)
            nodes.append((start, end, self.concept_node(start, end)))
        return nodes

    def sentence_nodes(self, atoms: list[Atom]) -> list[tuple[int, int, Expr]]:
        """In an inclusion, lexicon concepts beside thresholds that are a sentence of their own (`sentence_mentions`):
        one more requirement ("MRI-confirmed liver metastases. At least one measurable lesion.")."""
        if self.section != "inclusion" or not self.marks.concepts:
            return []  # (no concept, no need to match the rest cues)
        occupied = {i for atom in atoms for i in range(atom.start, atom.end)} | self.threshold_tokens | self.covered
        nodes: list[tuple[int, int, Expr]] = []
        for start, end in sentence_mentions(self.marks, occupied, qualifying_tokens(self.marks)):
            self.mention_starts.add(start)
            nodes.append((start, end, self.concept_node(start, end)))
        return nodes

    def head_nodes(self) -> list[Expr]:
        """In an exclusion, the concepts lists of examples holding structured thresholds are about, and the lists'
        concepts (`heads`). Not where a window dates something: the head would be excluded at any time."""
        if self.section != "exclusion" or any(atom.kind == "window" for atom in self.atoms):
            return []
        ignored = not_content()
        found = example_heads(self.marks, self.covered, self.threshold_tokens,
                              lambda i: self.doc[i].is_alpha and self.doc[i].lower_ not in ignored)
        self.head_left_out, self.list_limited = found.head_left_out, found.limited
        self.mention_starts.update(span.start for span in found.spans)
        return [self.concept_node(span.start, span.end) for span in found.spans]

    def _dates_a_period(self, span: Span) -> bool:
        """"for 3 months after the last dose of study drug": a concept named as what a reference event is of dates a
        period, it is no requirement of its own."""
        of = span.start - 1
        return of > 0 and self.doc[of].lower_ == "of" and self.marks.cue_ending(of, "reference_event") is not None

    def table_row(self, atoms: list[Atom]) -> list[tuple[int, int]]:
        """The label of ages of a table's row (`AgeReading.row_label`) as the subgroup its thresholds hold for: its
        span, in a list to which the criterion's other conditions are added."""
        # a row under a table's heading; or an exclusion's whose colon opens the thresholds' one sentence ("Age ≥ 65
        # years: PLMAI > 15" never excludes every age; "Age > 80 years: excluded. CrCl < 30 mL/min" is two reasons)
        label = self.resolver.ages.row_label(atoms) if self.clauses.heading or self.section == "exclusion" else None
        if label is not None and not self.clauses.heading and not self._opens_thresholds(label[1], atoms):
            label = None
        ages = self.threshold_condition((*label, False)) if label else None
        if label is None or ages is None or any(
                isinstance(node, Comparison) and node.measure != "age" for node in iter_nodes(ages)):
            return []
        self.row = label, ages
        self.covered.update(range(*label))
        return [label]

    def _opens_thresholds(self, start: int, atoms: list[Atom]) -> bool:
        """Whether the words from token `start` (after a label's colon) run into the next threshold, a few naming
        words between at most and no punctuation, and on to the last threshold within one sentence."""
        following = next((atom for atom in atoms if atom.start >= start), None)
        return (following is not None and following.start - start <= _LABELLED_NAME
                and not any(self.doc[i].is_punct for i in range(start, following.start))
                and not any(self.doc[i].text in (".", ";") for i in range(start, atoms[-1].end)))

    def row_end(self, atom: Atom) -> int:
        """Where the words that may name the first threshold start: past a table row's label of ages before it."""
        return self.row[0][1] if self.row is not None and self.row[0][1] <= atom.start else 0

    def build(self) -> Result:
        found = find_atoms(self.marks, self.section, self.clauses.heading, self.lead_period)
        atoms = self.atoms = found.atoms
        self.covered.update(found.scale_ends)  # "(on the 0-4 IGA scale)": the scale's ends are read, no lost threshold
        nodes: list[tuple[int, int, Expr]] = []
        previous: Atom | None = None
        previous_window = window_limit = previous_limit = 0
        conditions = (self.table_row(atoms) + self.conditions.hold_in_groups_before(atoms)
                      + self.conditions.hold_in_age_clauses_before(atoms))
        lesion: tuple[int, int, bool] | None = None
        for atom in atoms:
            if any(start <= atom.start < end for start, end in conditions):
                continue  # "if on 3 or more antihypertensive drugs" is part of the condition above
            limit = previous.end if previous else self.row_end(atom)
            window = atom.kind != "comparison"
            if window or self.resolver.window_of_range(atom) is not None:
                if window or self.resolver.dates_past_threshold(atom, previous):
                    limit = previous_window  # a window reads its event past thresholds, back to the window before
                previous_window, window_limit = atom.end, limit
            elif (previous is not None and previous.kind == "window"
                  and self.lookup.window_between(previous, atom, window_limit)):
                limit = window_limit  # "Lipase performed within 28 days of randomization must be ≤ 1.5 × ULN"
            elif (previous is not None and self.lookup.spacing(previous)
                  and self.lookup.window_between(previous, atom, previous_limit)):
                limit = previous_limit  # "two Hb values taken ≥ 6 days apart must be ≥ 7 g/dL"
            previous_limit = limit
            if atom.kind == "comparison":
                self.resolver.resolve_measure(atom, previous, limit)
                if not atom.measures:
                    self.resolver.share_measure_ahead(atom, atoms)
                atom.when = (atom.when or self.conditions.subgroup_after(atom.end)
                             or self.conditions.sexes.right_before(atom.start))
                pair = None if atom.when else self.conditions.subgroup_of_pair(atom, atoms)
                atom.when = atom.when or pair
                if atom.when is None:
                    atom.when = lesion = self.conditions.lesion_of(atom, lesion)
                else:
                    lesion = None
                if atom.when:  # (from the threshold's end; the subgroup's start when the pair's other bound is between)
                    after = atom.when[0] if pair else atom.end
                    conditions.append((after, atom.when[1]))
                    self.covered.update(range(atom.when[0], atom.when[1]))
                    self.clauses.subgroup_tokens.update(range(after, atom.when[1]))
                node = self.comparison_nodes(atom)
            else:
                node = self.window_node(atom, limit)
            if atom.kind != "window":  # a threshold's words: its own, its measure's, a distance's tumours
                named = (range(*span) for span in atom.measure_spans)
                self.threshold_tokens.update(range(atom.start, atom.end), *named)
            if node is not None:
                nodes.append((named_from(self.doc, atom, previous), atom.end, node))
            previous = atom
        nodes = [(start, end, node) for (start, end, _), node in
                 zip(nodes, complement_subgroups([n for _, _, n in nodes]), strict=True)]
        if not nodes:
            nodes = self.mention_nodes()
        else:
            nodes = sorted(nodes + self.disjunct_nodes() + self.sentence_nodes(atoms), key=lambda node: node[0])
        expr = self.washouts.settled(self.joiner.join(nodes, self.layout()))
        lists = EventLists(self.doc, self.marks.concepts, self.locate, self.section, self.concept_node)
        expr = None if expr is None else rebuilt(expr, lists)
        if expr is not None and self.section == "exclusion":
            expr = rebuilt(expr, apart_as_either)
        self.excepted = self.excepted or self.joiner.unclear_exception
        if expr is not None and (heads := self.head_nodes()):
            expr = AnyOf(any=[*heads, *(expr.any if isinstance(expr, AnyOf) else [expr])])
        coverage, uncovered, stray = read_coverage(self.doc, self.marks, self.covered, expr, atoms,
                                                   cut=self.excepted or self.head_left_out)
        narrowed = narrowed_population(self.doc, expr, uncovered, self.atoms)
        rest: Rest = "unknown" if stray else "narrowing" if narrowed else classify_rest(
            self.marks, self.section, coverage, uncovered, self.covered, self.mention_starts, expr, self.locate,
            self.narrowed_by)
        if self.excepted and rest in _DECISIVE_RESTS:
            rest = "narrowing"  # the exception cut from an event's name bears on it, whatever else the rest says
        unclear = (self.clauses.negation.unclear_denial() or self.joiner.unclear_exception or self.joiner.unclear_lack
                   or self.conditions.unparted_ages
                   or progression_left_open(self.doc, self.marks, self.covered, expr))
        if (self.waived_window or unclear or (self.list_limited and rest in ("alternative", "examples"))
                or (expr is not None and permits_or_plans(self.doc, expr))
                or names_a_prospect(self.doc, expr, self.locate) or reads_backwards(expr, self.section)
                or (self.section == "exclusion" and states_a_requirement(self.doc))):
            rest = "unknown"
        if rest == "unknown" and coverage == "full":
            coverage = "partial"  # every word read, but how one bears is a person's call: the expression is not it
        return Result(expr, coverage, rest, self.category, self.notes)

    def layout(self) -> Layout:
        """What joining needs of the atoms read so far (`joining.Layout`)."""
        return Layout(frozenset(atom.start for atom in self.atoms if atom.subgroup_period), self.row is not None)


def assemble(
    doc: Doc, section: str, span_of: SpanMap, heading: tuple[Measure, ...] = (), parent_measure: str | None = None,
    lead_period: Op | None = None,
) -> Result:
    """Build the expression of one criterion from its analysed `Doc`.

    `heading` holds the measures named by the line the item sits under ("Life expectancy:" above "At least
    12 weeks"), `parent_measure` what the first threshold of the item above bounds ("At least 1 measurable
    lesion" above "At least 20 mm by CT"): the measure of a threshold whose own words name none; `lead_period`
    how a bare period after the item's label bounds it, when the lead above says its items are periods
    (`leads.Lead.period`).
    """
    return _Builder(doc, section, span_of, heading, parent_measure, lead_period).build()
