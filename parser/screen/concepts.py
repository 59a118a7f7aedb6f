"""A criterion's concept against a patient's conditions, treatments and states (pregnant, lactating, sex).

- A list left out is "not recorded" (unknown); a list, even empty, is complete: what it omits is absent.
- A concept with a window ("within 6 months") asks when the latest matching event was present; an undated
  event can only confirm a "within" or refute an "at least", otherwise the answer waits for its date; so does a
  condition not recorded as active or resolved, whose onset and today answer differently.
- A condition not recorded as active or resolved shows the concept unless the criterion asks for it as present.
- A record naming only a broader concept ("metastatic disease") leaves a narrower one ("liver metastasis")
  unknown.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from parser.models.criteria import OPS
from parser.models.patient import Patient
from parser.screen import terms
from parser.screen.facts import Event, Facts, Outcome, Tri, number
from parser.screen.words import screening_terms
from parser.vocabulary import concepts as concept_rows
from parser.vocabulary import find_measures
from parser.vocabulary.units import HALF_LIVES, convert

SEXES: tuple[object, ...] = ("female", "male")
"""The sexes a subgroup condition on sex is enumerated over when the patient's is unknown."""
OTHER_SEX = "other"
"""A sex recorded as neither: in no subgroup by sex for certain, so its subgroups are enumerated too."""
UPPER_BOUNDS = frozenset({"<", "<="})
_YES_NO: dict[Tri, str] = {True: "yes", False: "no", None: "unknown"}
_STATE_VALUE: dict[str, Callable[[Patient], Tri]] = {
    "pregnant": lambda p: False if p.pregnant is None and p.sex == "male" else p.pregnant,
    "lactating": lambda p: False if p.lactating is None and p.sex == "male" else p.lactating,
    "female": lambda p: None if p.sex in (None, OTHER_SEX) else p.sex == "female",
    "male": lambda p: None if p.sex in (None, OTHER_SEX) else p.sex == "male",
}
"""A patient of another sex is not known to be in a subgroup by sex, nor known not to be: which of "men: Hb ≥ 13,
women: Hb ≥ 12" applies to them is for a person to say, never that neither does."""
_SOURCES = {"treatment": ("treatments",), "condition": ("conditions",)}
"""Where a concept of a category is looked up; any other category looks in both lists."""
_CACHE_BOUND = 4096
"""Records remembered per concept; a bound, so novel records cannot grow memory."""


@dataclass(frozen=True, slots=True)
class ConceptTest:
    """A concept of the criteria, compiled: the pattern of the terms that name it and where to look."""

    key: str
    """What names the concept among a criterion's subgroup conditions, and in the values assumed for them: all its
    value depends on (words, where it is looked up, codes, window), and every concept of sex is the one fact "sex"."""
    identity: str
    """All the test is made of (text as written, category, codes, window), so all its outcome depends on but the
    patient: the key of `Facts.memo`, which the criteria of every trial screened share."""
    name: str
    pattern: re.Pattern[str]
    drug_rows: frozenset[str]
    """The rows whose drugs a treatment entry may name to be an instance of it (`terms.drug_rows_naming`)."""
    vague: re.Pattern[str] | None
    """For a kind of a broader concept: the broader concept's names, which a record may give alone."""
    unqualified: re.Pattern[str] | None
    """For a list of events that shares a qualifier (`terms.shared_qualifier`), the names of the events written
    without it: a record of one may be of the concept, or not."""
    qualifier: str
    codes: frozenset[str]
    states: tuple[str, ...]
    sources: tuple[str, ...]
    window: tuple[str, float] | None
    since_last: bool
    """Whether the window is the time since the last such event (`Window.since_last`): a record without one has
    waited any washout out."""
    from_start: bool
    """Whether the window runs from the start of another event ("within the first 6 months of starting
    amiodarone"), which no record dates: a record without the concept still settles it, one with it does not."""
    window_text: str
    absent_text: str
    kinds: frozenset[str]
    """The rows a record entry of which may be it (`terms.related_kinds`): those its name holds and their kin."""
    apart: bool
    """Whether its name sets the disease under study apart ("other malignancies": `terms.sets_apart`)."""
    current: bool
    """Whether the criterion asks for a current treatment ("receiving X"): an ended one does not show it."""
    history: bool
    """Whether the criterion asks for a condition as history ("history of stroke"): an inactive one shows it."""
    present: bool
    """Whether the criterion asks for the concept as present now or recent ("current pneumonitis", "active infection",
    "other recent treatment"): a condition not recorded as active or resolved, or an ended treatment, does not show
    it."""
    clause: bool
    """Whether its name is a clause the engine could not cut to a term (`_a_clause`): no record entry names it, so a
    record without it proves nothing absent."""
    unproven: bool
    """Whether it is of a row a record need not list (`unproven_row` rows: disease progression), so a record without
    it proves nothing absent."""
    unlisted: bool
    """Whether it is a behaviour, an exposure, a bodily event or a test the vocabulary does not place (`unlisted_word`
    rows: "blood donation", "travel to an endemic area", "menstrual period", "baseline laboratory evaluations"): no
    record of conditions and treatments lists one, so a record without it proves nothing absent either."""


@lru_cache(maxsize=4096)
def concept_test(concept: str, category: str | None, codes: tuple[str, ...],
                 within: tuple[str, float, str, bool, bool] | None, current: bool = False, history: bool = False,
                 apart: bool = False, present: bool = False, no_term: bool = False) -> ConceptTest:
    """A concept's test, made once per distinct concept: trials share many ("pregnant", "HIV infection"), and its
    pattern of every term naming it is the costliest part of compiling criteria (`trialwatch match`). A name that
    takes in a threshold of its criterion ("Hemoglobin of at least 6.2 mM and no transfusions") is a clause the
    engine could not cut to a term, whatever its words, and so is a window's own words standing for an event the
    text leaves unnamed ("… (but not within 4 weeks prior to screening)"): `no_term`."""
    name = concept.strip().lower()
    named_by, doubtful, qualifier = terms.shared_qualifier(name)
    words = tuple(dict.fromkeys(term for part in named_by for term in terms.naming_terms(part)))
    may_be = tuple(dict.fromkeys(term for part in doubtful for term in terms.naming_terms(part)))
    states_of = screening_terms().states
    states = tuple(dict.fromkeys(states_of[w] for w in words if w in states_of))
    by_sex = bool(states) and set(states) <= set(SEXES)
    broader = terms.broader_terms(name)
    sources = _SOURCES.get(category or "", ("conditions", "treatments"))
    window = None if within is None else (within[0], math.nan if within[2] == HALF_LIVES else convert(
        within[1], within[2], "d"))  # a span of half-lives: days no record gives (`_windowed`)
    since_last = within is not None and within[3]
    from_start = within is not None and within[4]
    return ConceptTest(
        key="sex" if by_sex else repr(("concept", name, sources, codes, window, since_last, from_start, current,
                                       history, apart, present, no_term)),
        identity=repr(("concept", concept, category, codes, within, current, history, apart, present,
                       no_term)),
        name="sex" if by_sex else concept,
        pattern=terms.term_pattern(words),
        drug_rows=frozenset().union(*(terms.drug_rows_naming(part) for part in named_by)),
        vague=re.compile("|".join(terms.inflected(t) for t in broader)) if broader else None,
        unqualified=terms.term_pattern(may_be) if may_be else None, qualifier=qualifier,
        codes=frozenset(codes), states=states, sources=sources, window=window, since_last=since_last,
        from_start=from_start,
        window_text=f"{within[0]} {number(within[1])} {within[2]}" if within else "",
        absent_text=f"no {concept} among recorded {' or '.join(sources)}", kinds=terms.related_kinds(name), apart=apart,
        current=current, history=history, present=present, clause=no_term or _a_clause(name),
        unproven=not (terms.kinds(name) or frozenset()).isdisjoint(screening_terms().unproven_rows),
        unlisted=_names_readings(name) or (category is None and _unlisted(name)))


def _a_clause(name: str) -> bool:
    """Whether a concept's name is a clause rather than a term a record entry could hold ("women of childbearing
    potential must have a negative serum pregnancy test", "patients may not have had a transfusion", "plasma HIV-1
    RNA < 50 copies/mL"): a word only a clause has (`clause_word` rows) or a comparator before any relative pronoun,
    a head about persons ("patients with deficits that are stable …": `person_word` rows), or more words than a term
    takes ("specific T cell co-stimulation or checkpoint pathway targeted therapy" is one). A term a relative clause
    follows is its head ("another malignancy that has required treatment": a record without a malignancy has none
    that did)."""
    vocabulary = screening_terms()
    words = name.split()
    head = next((words[:i] for i, word in enumerate(words) if word in vocabulary.relative_pronouns), words)
    return (len(words) > _TERM_WORDS or not head or head[0] in vocabulary.person_words
            or any(word in vocabulary.clause_words for word in head) or any(sign in " ".join(head) for sign in "<>≤≥="))


def _unlisted(name: str) -> bool:
    """Whether a concept's name is a behaviour, an exposure, a bodily event or a test (`unlisted_word` rows, words as
    written: "non-smoker", not "ultrasound-guided"; not one with a head noun of a condition or a treatment,
    `condition_head` rows: "menstrual disorders", "use of smoking cessation medication"): what a record of conditions
    and treatments does not list (as it lists no reading: `_names_readings`)."""
    vocabulary = screening_terms()
    if not vocabulary.unlisted_words.isdisjoint(re.findall(r"[\w-]+", name)):
        phrases = [found for phrase in _name_tail().split(name) if (found := re.findall(r"\w+", phrase))]
        return not phrases or vocabulary.condition_heads.isdisjoint((phrases[0][-1], phrases[-1][-1]))
    return False


def _names_readings(name: str) -> bool:
    """Whether a concept's name names readings only ("Na", "ALT or AST", "plasma HIV-1 RNA" held for 6 months),
    whatever category the engine gave it: no record of conditions lists one (but a measure named like a drug may
    be the drug, `drug_named_category` rows: "insulin")."""
    parts = [part.strip() for part in _NAME_PARTS.split(name) if part.strip()]
    return bool(parts) and all((read := find_measures(part)) and read[0].category not in
                               screening_terms().drug_named_categories for part in parts)


_NAME_PARTS = re.compile(r",|/|\b(?:and|or)\b")


@cache
def _name_tail() -> re.Pattern[str]:
    """Where the words after a head noun start (a punctuation mark or a `head_break` row: "blood donation | of more
    than 400 mL", "use | of smoking cessation medication"): the first part's last word is the name's head, and so is
    the last part's after "use of"."""
    return re.compile(rf"[,;(]|\b(?:{'|'.join(map(re.escape, screening_terms().head_breaks))})\b")


_TERM_WORDS = 12
"""The most words of a term a record entry names, kinds named after "or other" among them."""


class ConceptLeaf:
    """A concept's fact for a patient, remembered per patient (`Facts.memo`) and, when it depends on the record
    of conditions and treatments alone, per record: records repeat across the patients of a screening run."""

    __slots__ = ("test", "domain", "_by_record", "_by_names")

    def __init__(self, test: ConceptTest) -> None:
        self.test = test
        self.domain: tuple[object, ...] = SEXES if set(test.states) <= set(SEXES) and test.states else (True, False)
        self._by_record: dict[int, Outcome] | None = {} if not test.codes and not test.states else None
        self._by_names: dict[tuple[tuple[str, ...] | None, ...], tuple[tuple[str, int], ...]] = {}
        """Which events of a vocabulary of records (the names in each list) name this concept: a dated concept's
        outcome depends on dates that differ between patients, its names much less."""

    @property
    def key(self) -> str:
        return self.test.key

    @property
    def by_record(self) -> bool:
        """Whether the outcome is found by the record of conditions and treatments alone (`Facts.record`)."""
        return self._by_record is not None

    @property
    def name(self) -> str:
        return self.test.name

    def evaluate(self, facts: Facts, neutral: bool = False) -> Outcome:
        """Whether the patient has the concept (an assumed value while its subgroups are enumerated), as a compiled
        node (`compile.Evaluator`): a concept always applies, so `neutral` is unused."""
        test = self.test
        if facts.assume and test.key in facts.assume:
            assumed = facts.assume[test.key]
            return (assumed in test.states if self.domain == SEXES else bool(assumed)), "", False
        found = facts.memo.get(test.identity)
        if found is None:
            found = facts.memo[test.identity] = self._remembered(facts)
        return found

    fact = evaluate
    """The concept as a subgroup condition (`compile.Condition`): the same, without a frame in between."""

    def _remembered(self, facts: Facts) -> Outcome:
        record = facts.record(self.test.window is not None) if self._by_record is not None else None
        if record is None or self._by_record is None:
            return concept_fact(self.test, facts, self._matches(facts))
        found = self._by_record.get(record)
        if found is None:
            if len(self._by_record) >= _CACHE_BOUND:
                self._by_record.clear()
            found = self._by_record[record] = concept_fact(self.test, facts, self._matches(facts))
        return found

    def _matches(self, facts: Facts) -> list[Event]:
        """The patient's events this concept names, by their names (not where a word says the opposite kind: "inhaled
        corticosteroids" for "systemic corticosteroids") or their codes."""
        test = self.test
        if test.states:
            return []
        if test.codes:
            return [e for source in test.sources for e in facts.events(source) or ()
                    if self._names(e.terms, source) or e.codes & test.codes]
        vocabulary = (facts.names["conditions"], facts.names["treatments"])
        hits = self._by_names.get(vocabulary)
        if hits is None:
            if len(self._by_names) >= _CACHE_BOUND:
                self._by_names.clear()
            hits = self._by_names[vocabulary] = tuple(
                (source, i) for source in test.sources for i, name in enumerate(facts.names[source] or ())
                if self._names(name.strip().lower(), source))
        return [(facts.events(source) or [])[i] for source, i in hits]

    def _names(self, entry: str, source: str) -> bool:
        """Whether a record entry (lower case) names the concept where no word before the term says otherwise, nor a
        longer term around it (`terms.shadowed`), or a treatment entry names a drug of its kind (`terms.drug_kinds`)."""
        test = self.test
        if test.drug_rows and source == "treatments" and not terms.drug_kinds(entry).isdisjoint(test.drug_rows):
            return True
        spans = terms.unlike_spans(entry)
        return any(not terms.opposed_at(test.name, entry, found.start())
                   and not (spans and terms.shadowed(spans, found.span(), test.kinds))
                   for found in test.pattern.finditer(entry))


@cache
def _supports(category: str) -> tuple[ConceptLeaf, ...]:
    """The treatments that prop up blood counts (`support` rows of the concept table), as concepts to look up among
    the record's treatments or its conditions ("transfusion-dependent anaemia")."""
    return tuple(ConceptLeaf(concept_test(row.concept, category, (), None)) for row in concept_rows() if row.support)


def unsupported(facts: Facts) -> bool:
    """Whether the patient's treatments are recorded and name no treatment that props up counts (an entry naming one
    among others does: "FOLFOX with pegfilgrastim support"), nor one that may be one, and no condition names one
    ("transfusion-dependent anaemia"; a condition the vocabulary cannot classify is no treatment): values to be
    reached "without transfusion support" are then reached without it, whenever that was."""
    return (all(leaf.evaluate(facts)[0] is False for leaf in _supports("treatment"))
            and not any(leaf.evaluate(facts)[0] for leaf in _supports("condition")))


def concept_fact(test: ConceptTest, facts: Facts, events: list[Event]) -> Outcome:
    """Whether the patient has the concept, from its states, or the events naming it and their dates."""
    if test.states:
        values: list[Tri] = []  # a loop: a generator here would be a closure made and resumed per call
        for state in test.states:
            values.append(_STATE_VALUE[state](facts.patient))
        return states_outcome(test.states, tuple(values))
    if not events and (test.window is None or facts.as_of is not None):
        return _vague(test, facts) or _unqualified(test, facts) or _absent(test, facts)
    if test.window is None:
        current = next((e for e in events if _answers(test, e) and not e.problem), None)
        if current:
            history = "" if current.active is not False or current.kind == "treatment" else (
                " (inactive: history is asked)")
            return True, f"{test.name}: {current.kind} {current.label} recorded{history}", False
        odd = events[0]
        said = odd.problem or ("ended, and the criterion asks for a current or recent one" if odd.kind == "treatment"
                               else "not recorded as active or resolved, and the criterion asks for a present one"
                               if odd.active is None else "inactive (history or current?)")
        return None, f"{test.name}: {odd.kind} {odd.label} is {said}", False
    if facts.as_of is None:
        return None, f"{test.name}: no as_of date for the {test.window_text} window", False
    if test.from_start:
        return None, (f"{test.name}: {events[0].kind} {events[0].label} recorded; {test.window_text} of another "
                      f"event's start, which the record does not date"), False
    found = _windowed(test, events, facts.as_of) or _absent(test, facts)
    if test.unproven and found[0] is False and test.window is not None and test.window[0] in UPPER_BOUNDS:
        return None, f"{found[1]}; a later one need not be recorded", False  # an old progression is no proof of none
    return found


def _answers(test: ConceptTest, event: Event) -> bool:
    """Whether an event shows the concept where no window dates it: an ongoing treatment, or an ended one unless
    the criterion asks for a current or recent one ("other recent treatment, e.g. anticancer therapy": a course of
    2022 is not known to be recent) and not for history; an active condition, an inactive one where history is asked,
    and one not recorded as active or resolved unless the criterion asks for a present one (or history, which it
    shows)."""
    if event.kind == "treatment":
        return bool(event.active) or test.history or not (test.current or test.present)
    if event.active is None:
        return test.history or not test.present
    return event.active or test.history


def _windowed(test: ConceptTest, events: list[Event], as_of: dt.date) -> Outcome | None:
    """Only the latest event matters; an undated one might be later, which can only confirm a "within" or
    refute an "at least": otherwise the answer waits for its date. So does a condition whose onset and today
    answer differently when the record does not say whether it is present still."""
    assert test.window is not None
    op, days = test.window
    if math.isnan(days):  # "within 5 half-lives": an entry that may be the drug is not dated by the record's days
        return None, (f"{test.name}: {events[0].kind} {events[0].label} recorded; {test.window_text} of the drug, "
                      "which its dates do not give"), False
    dated, doubtful = [], None
    for e in events:
        if (e.last is None or e.problem or _may_last(e, op, days, as_of)
                or (_habit_ended(test, e) and (as_of - e.last).days > days)):
            doubtful = doubtful or e
        else:
            dated.append(e)
    if dated:
        latest = max(dated, key=lambda e: e.last or dt.date.min)
        since = (as_of - (latest.last or as_of)).days
        holds = OPS[op](since, days)
        if doubtful is None or holds == (op in UPPER_BOUNDS):
            where = "within" if holds else "outside"
            said = f"{test.name}: {latest.kind} {latest.label} {since} d before {as_of}, {where} {test.window_text}"
            return holds, said, False
    if doubtful and _habit_ended(test, doubtful):
        return None, f"{test.name}: condition {doubtful.label} resolved, on a date the record does not give", False
    if doubtful and doubtful.active and doubtful.kind == "condition" and not doubtful.problem:
        onset = f"since {doubtful.onset}" if doubtful.onset else "with no onset recorded"
        return None, f"{test.name}: condition {doubtful.label} active {onset}: counted from its onset or today?", False
    if doubtful and doubtful.last is not None and not doubtful.problem:
        return None, (f"{test.name}: {doubtful.kind} {doubtful.label} of {doubtful.last}, not recorded as active or "
                      f"resolved"), False
    if doubtful:
        return None, f"{test.name}: {doubtful.kind} {doubtful.label} has {doubtful.problem or 'no date'}", False
    return None


def _habit_ended(test: ConceptTest, event: Event) -> bool:
    """Whether a resolved condition is a behaviour (`ConceptTest.unlisted`: "smoking"): its date is when it began,
    not when it last happened, so a date before a window says nothing of the window (one inside it does)."""
    return test.unlisted and event.kind == "condition" and event.active is False and not event.problem


def _may_last(event: Event, op: str, days: float, as_of: dt.date) -> bool:
    """Whether a condition answers a window one way by its onset and the other way by today, where the record leaves
    both readings open: it is not recorded as active or resolved, or it is active and the window asks how long ago
    ("diagnosed at least 6 months before screening": counted from the diagnosis, though "at least 4 weeks since" an
    event may count from its last day)."""
    if event.kind != "condition" or not (event.active is None or (event.active and op not in UPPER_BOUNDS)):
        return False
    return event.onset is None or OPS[op]((as_of - event.onset).days, days) != OPS[op](0, days)


@lru_cache(maxsize=1024)
def states_outcome(states: tuple[str, ...], values: tuple[Tri, ...]) -> Outcome:
    """A concept of patient states ("pregnant or lactating"): any of them; made once per combination."""
    said = ", ".join(f"{state}: {_YES_NO[v]}" for state, v in zip(states, values, strict=True))
    value: Tri = True if True in values else None if None in values else False
    return value, said, False


def _vague(test: ConceptTest, facts: Facts) -> Outcome | None:
    """Unknown when the record names only a broader concept ("metastatic disease" for "liver metastasis"), unless it
    is dated outside the concept's window ("surgery" two years ago is no "major surgery" within 4 weeks either way)
    or ended long enough ago for its washout ("at least 4 weeks since major surgery" after a surgery last year)."""
    if test.vague is None:
        return None
    for source in test.sources:
        for event in facts.events(source) or ():
            if (test.vague.fullmatch(event.terms) and not _outside(test, event, facts.as_of)
                    and not _waited_out(test, event, facts.as_of)):
                return None, f"{test.name}: {event.kind} {event.label} recorded, which does not say which kind", False
    return None


def _unqualified(test: ConceptTest, facts: Facts) -> Outcome | None:
    """Unknown when the record names a listed event only without the qualifier the list shares ("ascites" for
    "ascites or pleural effusion requiring drainage"), unless it is dated outside the window."""
    if test.unqualified is None:
        return None
    for source in test.sources:
        for event in facts.events(source) or ():
            if test.unqualified.search(event.terms) and not _outside(test, event, facts.as_of):
                return None, f"{test.name}: {event.kind} {event.label} recorded; {test.qualifier}?", False
    return None


def _absent(test: ConceptTest, facts: Facts) -> Outcome:
    """No current or dated event: false if every list it is looked up in was recorded and the vocabulary classifies
    the concept and every entry of it as another kind (`terms.kinds`: "right hemicolectomy" may be the surgery asked,
    and so may "hemicolectomy (surgery)" the "major surgery"; any entry may be a "neurological disorder", which the
    vocabulary cannot classify: a stroke is one), else unknown. An entry dated outside a "within" window cannot
    be the event, whatever it is, nor can one that says it is of the opposite kind ("minor surgery") or of another
    organ ("liver metastasis" for "brain metastasis"), nor one of the disease under study for a concept that sets
    it apart ("rectal adenocarcinoma" for "other malignancies"; for "carcinoma" it may be one). The least time since
    the last such event (`ConceptTest.since_last`: "at least 4 weeks since prior chemotherapy") is met: a patient
    who had none has waited it out, and so has one whose entries that may be one ended long enough ago. Any other
    treatment under a lower-bound window (or an event the vocabulary cannot place: "stable weight for 3 months") is
    unknown: "metformin for at least 8 weeks" needs a course, which the criteria do not tell from a washout; so is a
    concept named by a clause (`ConceptTest.clause`)."""
    missing = [source for source in test.sources if source in facts.unrecorded]
    if missing:
        return None, f"{test.name}: {' and '.join(missing)} not recorded", False
    if test.clause:
        return None, f"{test.name}: a clause, which no record entry names", False
    if test.unlisted:
        return None, f"{test.name}: not something a record of conditions and treatments lists", False
    if test.unproven:
        return None, f"{test.name}: none recorded, and a record of conditions need not list one", False
    waited: Event | None = None  # an entry that may be the event, its washout waited out either way
    for source in test.sources:
        for event in facts.events(source) or ():
            kinds = terms.entry_kinds(event.terms, treatment=event.kind == "treatment")
            if test.apart and terms.under_study(event.terms):
                continue  # "rectal adenocarcinoma" is no "other malignancy"
            if ((kinds is None or not test.kinds or kinds & test.kinds) and not _outside(test, event, facts.as_of)
                    and not terms.opposed(test.name, event.terms) and not terms.elsewhere(test.name, event.terms)):
                if not _waited_out(test, event, facts.as_of):
                    return None, f"{test.name}: {event.kind} {event.label} recorded, which may be one", False
                waited = waited or event
    if waited is not None and waited.last is not None and facts.as_of is not None:
        since = (facts.as_of - waited.last).days
        return True, (f"{test.name}: {waited.kind} {waited.label}, which may be one, {since} d before {facts.as_of}: "
                      f"{test.window_text} waited either way"), False
    if test.since_last and test.window is not None and test.window[0] not in UPPER_BOUNDS:
        return True, f"{test.absent_text}: none to have waited {test.window_text} since", False
    if test.window is not None and test.window[0] not in UPPER_BOUNDS and "treatments" in test.sources:
        return None, f"{test.absent_text}: {test.window_text} since one (met) or a course that long (not met)?", False
    if "conditions" not in test.sources and (named := _named_among_conditions(test, facts)) is not None:
        return None, f"{test.name}: condition {named.label} recorded, which may name one", False
    return False, test.absent_text, False


def _named_among_conditions(test: ConceptTest, facts: Facts) -> Event | None:
    """A condition entry naming a treatment looked for among treatments ("status post autologous stem cell
    transplant", "radiation pneumonitis"): a record that files a procedure with the diagnoses proves none absent."""
    return next((event for event in facts.events("conditions") or () if test.pattern.search(event.terms)), None)


def _waited_out(test: ConceptTest, event: Event, as_of: dt.date | None) -> bool:
    """Whether a treatment that may be the event a washout counts from ended long enough ago that the washout is met
    whether it is that event or not ("at least 4 weeks since investigational agents" and a docetaxel ended in 2022)."""
    if (not test.since_last or test.window is None or test.window[0] in UPPER_BOUNDS or as_of is None
            or event.kind != "treatment" or event.last is None or event.problem):
        return False
    return OPS[test.window[0]]((as_of - event.last).days, test.window[1])


def _outside(test: ConceptTest, event: Event, as_of: dt.date | None) -> bool:
    """Whether a dated event lies outside the concept's "within" window (never true without one, nor for a condition
    not recorded as active or resolved, which may be present still: as in `_windowed`, where it waits)."""
    if (test.window is None or test.window[0] not in UPPER_BOUNDS or event.last is None or as_of is None
            or event.active is None or test.from_start or math.isnan(test.window[1])):
        return False  # (a span of half-lives: no record dates its end)
    return not OPS[test.window[0]]((as_of - event.last).days, test.window[1])
