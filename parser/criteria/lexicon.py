"""The engine's own data tables, loaded once: comparator phrases, cues, number words, lone thresholds.

Every rule a clinician might want to review is a row in `parser/criteria/data/`; this module only
reads the files into typed records. The measures, units and concepts the engine shares with the screener
are the vocabulary's (`parser.vocabulary`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Literal, get_args

from spacy.attrs import LOWER

from parser.models.criteria import Op
from parser.vocabulary import Measure, measures_by_key
from parser.vocabulary.tables import listed, table_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

_OPS: dict[str, Op] = {op: op for op in get_args(Op)}
_ENGINE = "parser.criteria"
"""The package whose `data/` holds the engine's own tables."""


@cache
def orphan_measures() -> dict[tuple[str, str], tuple[Measure, float, float]]:
    """(Dimension of a lone threshold, "none" without a unit; section) to the measure an NCI/PDQ block meant by it,
    with the plausible range of that measure in its own unit (months for life expectancy, years for age)."""
    by_key = measures_by_key()
    return {
        (row["dimension"], section): (by_key[row["measure"]], float(row["min"]), float(row["max"]))
        for row in table_rows("orphans.csv", _ENGINE)
        for section in listed(row["sections"])
    }


@cache
def number_words() -> dict[str, tuple[float, str]]:
    """Number words and Roman numerals to (value, kind); Roman numerals count only after a grade or class."""
    return {row["word"]: (float(row["value"]), row["kind"]) for row in table_rows("numbers.csv", _ENGINE)}


@cache
def ordinal_words() -> dict[str, float]:
    """Ordinals written as words ("second", "third") to their value: they name a degree, never a quantity."""
    return {row["word"]: float(row["value"]) for row in table_rows("ordinals.csv", _ENGINE)}


@cache
def comparators() -> tuple[tuple[str, Op, str], ...]:
    """(phrase, op, position) with position `before` or `after` the number (an op the contract lacks fails the load)."""
    return tuple((row["phrase"], _OPS[row["op"]], row["position"]) for row in table_rows("comparators.csv", _ENGINE))


@cache
def comparator_table() -> dict[str, tuple[Op, str]]:
    """Comparator phrase to (op, position): the one look-up of what a marked comparator says."""
    return {phrase: (op, position) for phrase, op, position in comparators()}


@cache
def postfix_comparators() -> frozenset[str]:
    """Comparator phrases written after the number ("or more", "and above")."""
    return frozenset(phrase for phrase, _, position in comparators() if position == "after")


@cache
def comparators_implying(measure: str) -> frozenset[str]:
    """Comparator phrases that say what they compare: "older than 18" bounds an `age`, "before the age of 16" an
    `age_at_event` (the age something happened at, not the person's age now)."""
    return frozenset(row["phrase"] for row in table_rows("comparators.csv", _ENGINE) if row["implies"] == measure)


@cache
def self_naming_comparators() -> frozenset[str]:
    """Comparator phrases that imply any measure: they win over a measure name inside them ("before the age of")."""
    return frozenset(row["phrase"] for row in table_rows("comparators.csv", _ENGINE) if row["implies"])


@cache
def words(kind: str) -> frozenset[str]:
    """The phrases of a cue kind as a set, for rules that test one token against it (`WORD_LIST_CUES` above all)."""
    return frozenset(cues()[kind])


def modifies_a_noun(word: str) -> bool:
    """Whether a word is one that modifies a noun: an adjective by its ending (`modifier_ending` cues: "-ory", "-ic",
    "-al"; not a drug class named so: `noun_by_ending` cues, "antibiotic", "anticoagulant") or a noun clinicians use as
    one (`modifier_word` cues: "motor")."""
    return word in words("modifier_word") or (
        word.endswith(cues()["modifier_ending"]) and word not in words("noun_by_ending"))


@cache
def cues() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for row in table_rows("cues.csv", _ENGINE):
        if row["phrase"] not in table[row["kind"]]:
            table[row["kind"]].append(row["phrase"])
    return {kind: tuple(phrases) for kind, phrases in table.items()}


POSITIONAL_CUES = frozenset({
    "normal_after_multiplier", "unit_adjective", "anchor_continuation", "multiple_direction", "follow_up_event",
    "subgroup_link", "list_lead", "rate_filler", "plan", "scale_link", "conduction_block", "age_closer",
    "np_qualifier", "grade_cause", "support_lead", "lead_denial", "lead_open", "lead_permission", "indifferent_lead",
    "treated_condition_link", "required_treatment_link", "sequel_treatment_link", "reaction_link",
})
"""Cue kinds looked up only at one known position (after a multiplier, after a number, after an anchor): they
hold everyday words ("normal", "full", "and no"), so marking them everywhere would cost more than it tells."""
REST_CUES = frozenset({
    "rest_qualifier", "rest_definition", "rest_alternative", "rest_examples", "rest_exceptions", "rest_severity",
    "rest_waiver", "rest_cause", "rest_need", "rest_permission", "rest_prospect", "procedure_prospect",
    "need_prospect", "rest_allowance",
})
"""Cue kinds read only for a criterion its expression leaves partly unstructured (`parser.criteria.rest`)."""
WORD_LIST_CUES = frozenset({
    "np_stop", "defined_label", "disease_ending", "past_label", "reaction_lead", "reaction_part", "reaction_stop",
    "reference_word", "recovery_target", "requirement_modal", "requirement_filler", "requirement_verb", "denial_join",
    "modal_denial", "relative_pronoun", "grade_condition", "grade_joiner", "coordinator", "modifier_ending",
    "modifier_word", "summed_score", "held_noun", "washout_word", "recovery_word", "specimen", "clause_conjunction",
    "grading_system", "measure_change", "threshold_link", "bracket_lead", "dose_route", "pronoun", "generic_label",
    "rate_stop", "rate_head", "alcohol_word", "transfusion_word", "blood_product", "urine_word", "done_to",
    "linking_word", "before_negative", "limit_filler", "sentence_abbreviation", "score_filler", "lesion_property",
    "steady_state", "rest_of_group", "dose_state_word", "dose_grammar", "support_filler", "kind_prefix", "label_apart",
    "lead_blocker", "dose_word", "group_determiner", "grade_not_condition", "age_link", "cumulative_dimension",
    "score_noun", "scale_end_word", "forward_anchor", "backward_anchor", "reference_lead", "study_word", "header_prose",
    "sex_word", "age_word", "aged_thing", "prose_exclusion_header", "prose_inclusion_header", "prefix_filler",
    "implied_lead", "subgroup_opening", "subgroup_if_named", "person_link", "person_link_filler", "person_negation",
    "person_use_link", "intake_verb", "standard_lead", "standard_word", "structure_size", "size_adjective",
    "qualitative_result", "fibrosis_scale", "severity_word", "verb_negation", "period_lead", "single_word",
    "auxiliary", "verb_particle", "noun_by_ending", "article",
    "period_opener", "period_article", "period_noun", "event_link", "weak_event", "duration_qualifier", "event_anchor",
    "ending_word", "prior_word", "lasting_word", "bound_link", "not_post_word", "dose_multiplier", "scale_word",
    "scale_filler", "scale_name_word", "percent_reference", "share_link", "repeat_word", "upper_limit_word",
    "lower_limit_word", "limit_word", "condition_lead", "restating_filler", "limit_gap", "absent_result", "result_test",
    "test_specimen", "held_opener", "steady_level", "correction_lead", "ahead_word", "plan_stop", "plan_word",
    "staging_word", "staged_noun", "spacing_word", "standing_participle", "recency_word", "group_word", "letter_name",
    "value_qualifier", "own_threshold_link", "anchor_stop", "header_qualifier", "grade_word", "open_ending",
    "denial_lead", "result_word", "cohort_word", "age_mention", "finding_word", "history_qualifier", "demonstrative",
    "anaphor_drug", "list_opener", "list_reference",
    "anaphor_disease", "modal_verb", "remitting_concept", "other_person", "not_a_scale", "copula", "list_any",
    "list_all", "year_singular", "degree_join", "mention_filler", "lesion_noun", "modifier_term", "bound_join",
    "version_word", "threshold_opener", "or_word", "score_lead", "series_join", "generic_measure", "span_word",
    "scale_value_word", "stage_context", "square_word", "cube_word", "restating_join", "staged_generic",
    "non_name_word", "clock_word", "extremum_word", "count_noun", "list_delimiter", "modifier_join", "not_narrowing",
    "copies_word", "modal_negation", "measure_link", "object_lead", "range_opener", "range_noun", "grade_dimension",
    "course_noun", "singular_period", "times_word", "bare_comparative", "lasting_noun", "elapse_condition",
    "recency_window", "inclusive_word", "inclusive_lead", "respective_word", "next_period_lead", "age_noun",
    "multiple_end_word", "ended_verb", "age_label_word", "age_after_person", "person_doing", "completion_verb",
    "onset_event", "requiring_modal", "event_participle", "since_anchor", "span_lead", "entry_word", "point_comparator",
    "recent_word", "cased_non_unit", "hedge_word", "last_episode", "perfect_auxiliary", "proviso_word",
    "age_event", "age_event_filler", "viral_load_word", "marker_link", "measuring_word", "imaging_word",
    "lesion_qualifier", "distance_word", "acuity_word", "better_worse_word", "snellen_line", "lower_better_word",
    "eye_word", "predicate_opening", "kind_head_filler", "result_present", "result_absent", "result_marker",
    "joint_word", "lead_subject", "lead_restating", "other_kind_word", "procedure_word", "procedure_ending",
    "no_criteria", "reproductive_word", "female_word", "negation_adverb",
    "ordered_condition", "order_word", "progression_site_word", "receiving_verb",
    "joint_treatment_word", "having_verb", "undated_aside", "study_point", "study_noun", "word_negation",
    "prohibiting_modal", "event_verb", "stop_verb", "event_passive", "ongoing_word", "naive_word", "permission_end",
    "permission_limit",
    "prohibition_word", "block_heading", "criteria_heading", "scale_top", "method_word",
    "method_lead", "conditional_aside", "wrap_prose", "study_named", "ruled_out_filler",
    "listed_group_link", "failing_word", "share_whole", "share_filler", "subgroup_denial",
    "standard_score", "permitting_modal", "excluding_word", "missed_target",
    "either_way", "generic_person", "stage_entry_header", "toxicity_grade_word",
    "change_link", "change_amount_link", "reached_link", "everyone_word", "population_word", "label_filler",
    "population_link", "study_step", "topic_word", "cell_word", "dose_qualifier", "unit_article",
    "defined_unit", "gestation_word",
})
"""Cue kinds read as word lists at one position where a rule asks (`words`), never marked as spans."""


@cache
def _longest_first(kind: str) -> tuple[tuple[str, ...], ...]:
    """A cue kind's phrases as word tuples, the longest first, for rules that read them at one position."""
    return tuple(sorted(_split_phrases(kind), key=len, reverse=True))


@cache
def first_words(kind: str) -> frozenset[str]:
    """The words a cue kind's phrases open with: a token that is none of them opens no phrase of the kind."""
    return frozenset(phrase[0] for phrase in _split_phrases(kind) if phrase)


@cache
def _last_words(kind: str) -> frozenset[str]:
    return frozenset(phrase[-1] for phrase in _split_phrases(kind) if phrase)


def phrase_before(doc: Doc, end: int, kind: str) -> int | None:
    """Where a phrase of the cue `kind` (`POSITIONAL_CUES` above all) that ends right before token `end` starts, or
    None."""
    if end <= 0 or doc[end - 1].lower_ not in _last_words(kind):
        return None  # (read first: most positions end no phrase, and a token is cheaper than a slice per phrase)
    for phrase in _longest_first(kind):
        start = end - len(phrase)
        if start >= 0 and tuple(token.lower_ for token in doc[start:end]) == phrase:
            return start
    return None


def any_word(doc: Doc, words: frozenset[str]) -> bool:
    """Whether any token of `doc` is one of `words` (lower case), read from the doc's array of lower-case forms: a
    check most items fail, made without a token object for each word."""
    ids = _WORD_IDS.get(words)
    if ids is None:  # (a string's id is the hash of its text, the same in every vocabulary)
        ids = _WORD_IDS[words] = frozenset(doc.vocab.strings.as_int(word) for word in words)
    return not ids.isdisjoint(doc.to_array(LOWER).tolist())


_WORD_IDS: dict[frozenset[str], frozenset[int]] = {}
"""The ids of the word sets `any_word` was asked about, by set: a few cue tables."""


def phrase_at(words: list[str], kind: str) -> int:
    """How many of `words` (lower-cased tokens from a position) a phrase of the cue `kind` covers, or 0."""
    for phrase in _longest_first(kind):
        if tuple(words[:len(phrase)]) == phrase:
            return len(phrase)
    return 0


def phrase_from(doc: Doc, start: int, kind: str) -> int:
    """`phrase_at` for the tokens of `doc` from `start`, as many as the longest phrase of `kind` takes: the table,
    not the caller, says how far a phrase reaches ("atrioventricular ( av ) block" is five tokens)."""
    if start >= len(doc) or doc[start].lower_ not in first_words(kind):
        return 0
    phrases = _longest_first(kind)
    return phrase_at([token.lower_ for token in doc[start:start + len(phrases[0])]], kind)


@cache
def section_words() -> dict[str, str]:
    """Header word (lower case, no plural s) to the section it opens."""
    table = cues()
    words = {w.lower().rstrip("s"): "inclusion" for w in table["section_inclusion"]}
    words.update({w.lower().rstrip("s"): "exclusion" for w in table["section_exclusion"]})
    return words


_LEAD_TAIL = 3
"""How many words may follow the last word of a lead trimmed of its article ("following laboratory abnormalities")."""
_LEAD_BACK = 6
"""How many last words of a lead may hold "the following" ("one or more of the following cardiovascular conditions",
"any of the following laboratory values at Visit 1")."""


@cache
def lead_words() -> frozenset[str]:
    """The words of the leads to a list (`list_lead` cues: "the following") and their quantifiers (`list_any`:
    "any"): a lead made of these names nothing but the list after it."""
    return frozenset(word for phrase in cues()["list_lead"] for word in phrase.split()) | words("list_any")


_QUANTIFIER_WORDS = 3
"""How many words before "of the following" may say how many ("at least 1", "one or more")."""


def counts_several(words_said: Sequence[str]) -> bool:
    """Whether any word counts more than one ("more than 2 of the following", "two or more")."""
    return any(_count(word) > 1 for word in words_said)


def list_quantifier(lead: Sequence[str]) -> str | None:
    """How the items a lead to a list introduces combine (`names_the_following`), by the words right before its "of
    (the) following": `any` ("one or more of the following", "at least 1 of the following": `list_any` cues) or `all`
    ("all of the following": `list_all`). None for a count above one ("any two of"), and for a lead with a denial,
    a cap or examples anywhere in it ("No history of any of the following", "not eligible for chemotherapy due to one
    of the following", "including any of the following", "no more than 1 of"; `negation` and `lead_blocker` cues):
    what such a list asks is for a person to read."""
    if not names_the_following(lead):
        return None
    end = max(i for i, word in enumerate(lead) if word == "following")
    while end > 0 and lead[end - 1] in ("the", "of"):
        end -= 1
    said = lead[max(0, end - _QUANTIFIER_WORDS):end]
    written = f" {' '.join(lead)} "
    if counts_several(said) or any(f" {phrase} " in written for phrase in
                                                   words("negation") | words("lead_blocker")):
        return None
    return "any" if set(said) & words("list_any") else "all" if set(said) & words("list_all") else None


def lead_reading(lead: Sequence[str], section: str) -> Literal["affirmed", "denied", "open"]:
    """How a lead to a list bears on its items (its lower-case words). `denied` when it opens with a denial
    (`lead_denial`, after `lead_subject` words: "No history of any of the following", "Patients must not have any of
    the following conditions"): each item is denied. `open` when a denial stands elsewhere ("Patients with > 3 of
    the following risk factors are not eligible"), or with a denial it sets its items apart as exceptions or as what
    shows it (`lead_open`: "No other hormonal therapy except the following", "No proteinuria, as demonstrated by
    either of the following"): how each item bears is for a person. Else `affirmed`, as items are read alone
    ("Adequate hematologic function as evidenced by the following:"). `open` too when it lets its items pass
    (`lead_permission`: "The following prior therapies are allowed provided …": each is no requirement). Fixed
    phrases ("including, but not limited to", "with or without": `pseudo_negation`) and comparators ("no more than
    14 days before") deny nothing, nor, in an exclusion, a denial of taking part (`lead_restating`: "Subjects who
    meet any of the following are not eligible") or one opening the lead ("Patients must not have any of the
    following:" restates the exclusion)."""
    written = f" {' '.join(lead)} "
    for phrase in _not_denials():
        written = written.replace(f" {phrase} ", " ")
    said = written.split()
    start = 0
    while start < len(said) and said[start] in words("lead_subject"):
        start += 1
    opening = phrase_at(said[start:], "lead_denial")
    after = said[start + opening:]
    restating = words("lead_restating") if section == "exclusion" else frozenset()
    denial_after = any(not set(after[end:end + _RESTATING_REACH]) & restating
                       for end in _phrase_ends(after, "negation"))
    if denial_after or (opening and has_phrase(after, "lead_open")) or _permits(said):
        return "open"
    # an exclusion's "Patients must not have any of the following:" restates that its items exclude
    return "denied" if opening and section == "inclusion" else "affirmed"


_PERMISSION_REACH = 2
"""Words before a word of permission where a negation denies it ("is not allowed", "will not be permitted")."""


def _permits(said: Sequence[str]) -> bool:
    """Whether a lead lets its items pass ("The following prior therapies are allowed"), not denying it ("Any of
    the following is not allowed:", "… will not be permitted:")."""
    return any(tuple(said[i:i + len(phrase)]) == phrase
               and not any(word in words("negation") for word in said[max(0, i - _PERMISSION_REACH):i])
               for phrase in _split_phrases("lead_permission") for i in range(len(said)))


_RESTATING_REACH = 3
"""Words after a denial in an exclusion's lead where a word of taking part makes it a restatement ("are not
eligible", "will not be enrolled")."""


def has_phrase(words: Sequence[str], kind: str) -> bool:
    """Whether a phrase of a cue kind stands anywhere in `words` (lower-case words)."""
    return bool(_phrase_ends(words, kind))


def _phrase_ends(words: Sequence[str], kind: str) -> list[int]:
    """Where each phrase of a cue kind found in `words` ends."""
    phrases = _split_phrases(kind)
    return [i + len(phrase) for i in range(len(words)) for phrase in phrases
            if tuple(words[i:i + len(phrase)]) == phrase]


@cache
def _split_phrases(kind: str) -> tuple[tuple[str, ...], ...]:
    """A cue kind's phrases as word tuples, made once: leads are read in every document."""
    return tuple(tuple(phrase.split()) for phrase in cues()[kind])


@cache
def _not_denials() -> tuple[str, ...]:
    """Phrases with a negation word that deny nothing: fixed phrases (`pseudo_negation`) and comparators of more than
    one word ("no more than"), longest first, so "more than" is never taken out of "no more than"."""
    phrases = words("pseudo_negation") | {phrase for phrase in comparator_table() if " " in phrase}
    return tuple(sorted(phrases, key=lambda phrase: (-len(phrase.split()), phrase)))


def _count(word: str) -> float:
    """The number a word writes ("2", "two"), 0 if none."""
    return float(word) if word.isdigit() else number_words().get(word, (0.0, ""))[0]


def names_the_following(phrase: Sequence[str]) -> bool:
    """Whether a phrase (its lower-case words) is a lead whose items are listed after it: a `list_lead` ("the
    following", "of following") is among its last words ("the following medications", "all of the following
    laboratory values"), or it starts with a lead's last word (a lead trimmed of its article: "following laboratory
    abnormalities"); not "following" as a preposition ("infection following surgery")."""
    tail = list(phrase[-_LEAD_BACK - 1:])
    if any(phrase_at(tail[i:], "list_lead") for i in range(len(tail))):
        return True
    trimmed = {lead[-1] for lead in _longest_first("list_lead")}
    return bool(phrase) and phrase[0] in trimmed and len(phrase) <= _LEAD_TAIL

