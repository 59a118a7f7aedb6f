"""The spaCy pipeline: a blank English tokenizer taught clinical notation, plus lexicon matchers.

Trained pipelines cannot be downloaded here (and a parser should not need them), so the pipeline is
`spacy.blank("en")` with tokenizer rules that split `100×10^9/L`, `90g/L`, `140mmHg` and `\\<50%` into
number, operator and unit tokens, and one component that marks measures, comparators, cues and
concepts from the data tables. Its matches ride on the `Doc` as `marked(doc)`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans, registry

from parser import vocabulary
from parser.criteria import lexicon
from parser.criteria.quantities import days_after_weeks
from parser.vocabulary import units

_INFIXES = (
    r"(?<=[0-9])(?=[A-Za-zµ%+°º])",  # 90g, 3cm, 2+, 10E9, 38°C
    r"(?<=[0-9])[x×X*](?=[0-9])",  # 1.5x109, 100×10
    r"(?<=[0-9])\*(?=[A-Za-z])",  # 5*upper limit of normal
    r"(?<=[0-9][xX×])(?=[A-Za-z])",  # 1.5xULN, 2.5xUNL
    r"[<>≤≥=~^/()\[\];:×!?\"“”]",
    r"(?<=[0-9])-|(?<![<>≤≥=])-(?=[0-9])",  # not "T-score<-2.5": a minus glued to its comparator's number
    r"(?<=[^\s-])-(?=[^\s0-9-])",
    r",(?![0-9]{3}(?![0-9]))",
    r"(?<=[A-Za-z])\+",
    r"%",
    r"(?<=[a-z])\.(?=[A-Z])",
    r"(?<=[A-Za-z])\.(?=[0-9])",  # "mL/min.6)Serum": a list number glued to the end of a sentence
    r"(?<=[0-9])\.(?=[A-Z][a-z])",  # "1.Age ≥ 80 years 2.Brain metastasis": a list number glued to its item
    r"\.\.+",
    r"…",
)
_PREFIXES = (r"[\[\]()<>≤≥=~^/×±\"'“‘«§$£€•*·,;:…]", r"[xX×](?=[0-9])", r"[xX×](?=upper|ULN|UNL|ULM|ULRR|ULIN|uln)",
             r"-(?![0-9])", r"\.\.+")
_SUFFIXES = (r"[)\]\"'”’»;:,%+!?…]", r"(?<=[0-9A-Za-z.*])\*", r"(?<=[0-9A-Za-z%)\]+])\.", r"\.\.+", r"'s")
_EXCEPTIONS = ("e.g.", "i.e.", "etc.", "vs.", "E.g.", "I.e.", "approx.", "Dr.", "No.")

SPAN_GROUPS = ("measure", "comparator", "cue", "concept")


@dataclass(frozen=True)
class Marked:
    """The lexicon's matches on one Doc, by group: the marker's own `Span` objects, handed on as they are (a
    `doc.spans` group stores them as structs and builds every Span anew when it is read)."""

    measure: list[Span]
    comparator: list[Span]
    cue: list[Span]
    concept: list[Span]


_MARKED = "trialwatch_marked"  # a key of `Doc.user_data`, spaCy's storage for a component's own data


def marked(doc: Doc) -> Marked:
    """The lexicon matches of a Doc the pipeline made (the marker sets them when it runs on the Doc)."""
    found: Marked = doc.user_data[_MARKED]
    return found


def forget_marks(doc: Doc) -> None:
    """Drop the matches from `doc` once its item is built: their Spans hold the Doc, so left on it they would keep
    it, token arrays and all, alive until the garbage collector's next pass over old objects."""
    doc.user_data.pop(_MARKED, None)


def _clinical_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer built once with clinical rules (building the default one and then editing it costs 0.5 s)."""

    def make(nlp: Language) -> Tokenizer:
        rules = {text: [{ORTH: text}] for text in _EXCEPTIONS}
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(_PREFIXES).search,
            suffix_search=compile_suffix_regex(_SUFFIXES).search,
            infix_finditer=compile_infix_regex(_INFIXES).finditer,
        )

    return make


# registered by a call, not as a decorator: catalogue ships no types, and its decorator would untype the function
registry.tokenizers.register("trialwatch.clinical_tokenizer.v1", func=_clinical_tokenizer)


class _LexiconMarker:
    """Marks every lexicon phrase in a Doc: measures, comparators, cues, concepts (longest wins)."""

    def __init__(self, nlp: Language) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.groups: dict[int, str] = {}  # match id → span group, so a match costs no string lookup
        self.window = nlp.vocab.strings.add("cue:window")
        self.age_after = nlp.vocab.strings.add("cue:age_after")
        make = nlp.make_doc

        def add(matcher: PhraseMatcher, label: str, phrases: Iterable[str]) -> None:
            matcher.add(label, [make(phrase) for phrase in phrases])
            self.groups[nlp.vocab.strings[label]] = label.split(":", 1)[0]

        for measure in vocabulary.measures():
            names = (measure.name, *measure.synonyms)
            add(self.lower, "measure", sorted({s for name in names for s in vocabulary.name_spellings(name)}))
        for measure in vocabulary.measures():
            add(self.exact, "measure", measure.abbreviations)
        add(self.lower, "measure", sorted({s for name in vocabulary.measure_group_names()
                                           for s in vocabulary.name_spellings(name)}))
        for phrase, _op, _position in lexicon.comparators():
            add(self.lower, "comparator", [phrase])
        for kind, phrases in lexicon.cues().items():
            if kind == "strip":  # a rule reads a strip span only when it is longer than a word (`Clauses.trimmed`)
                phrases = tuple(p for p in phrases if len(make(p)) > 1)
            read_elsewhere = lexicon.POSITIONAL_CUES | lexicon.REST_CUES | lexicon.WORD_LIST_CUES
            if not kind.startswith(("section_", "page_")) and kind not in read_elsewhere:
                add(self.lower, f"cue:{kind}", phrases)
        for entry in vocabulary.concepts():
            add(self.lower, "concept", (entry.concept, *entry.terms))

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {group: [] for group in SPAN_GROUPS}
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                found[self.groups[match_id]].append(Span(doc, start, end, label=match_id))
        naming = lexicon.self_naming_comparators()
        named = {i for c in found["comparator"] if c.text.lower() in naming for i in range(c.start, c.end)}
        measures = [span for span in filter_spans(found["measure"])
                    if not _inside_compound(doc, span) and not any(i in named for i in range(span.start, span.end))]
        taken = {i for span in measures for i in range(span.start, span.end)}
        cues = found["cue"]
        windows = filter_spans([c for c in cues if c.label == self.window])
        window_tokens = {i for span in windows for i in range(span.start, span.end)}
        ages = {c.start for c in cues if c.label == self.age_after}
        comparators = filter_spans(_prefer_prefixes(_without_lost_than(
            [c for c in found["comparator"] if not any(i in taken or i in window_tokens for i in range(c.start, c.end))
             and (c.text.lower() not in _age_points() or _before_an_age(doc, c.end, ages))]
        )))
        doc.user_data[_MARKED] = Marked(measures, comparators, cues, filter_spans(found["concept"]))
        return doc


def _inside_compound(doc: Doc, span: Span) -> bool:
    """"weight-for-height z-score", "HCT-CI": a name glued by hyphens to other words is part of another name; so is
    one glued to the number before it ("SLEDAI-2K": not potassium)."""
    before = (span.start >= 2 and doc[span.start - 1].text == "-" and not doc[span.start - 2].whitespace_
              and not doc[span.start - 1].whitespace_) or (
        span.start >= 1 and doc[span.start - 1].text.isdigit() and not doc[span.start - 1].whitespace_)
    after = (span.end + 1 < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_
             and not doc[span.end].whitespace_)
    return before or after


@cache
def _age_points() -> frozenset[str]:
    """Comparators of an age at an event that name no age themselves ("before", "prior to", "after"; not "before the
    age of"): points in time, comparators only before an age (`_before_an_age`)."""
    ages = lexicon.words("age_noun")
    return frozenset(p for p in lexicon.comparators_implying("age_at_event") if not ages & set(p.split()))


def _before_an_age(doc: Doc, i: int, ages: set[int]) -> bool:
    """Whether an age is written from token `i`, in years or months ("before 50 years of age", "after 40 years old")
    or of a pregnancy ("before 34 weeks of gestation": `gestation_word` cues): only there is a point in time
    (`_age_points`) a comparator, of the age at an event or of the gestational age."""
    unit = units.spelled(doc[i + 1].lower_) if i + 2 < len(doc) and doc[i].like_num else None
    after = i + 2
    if unit == "wk" and (days := days_after_weeks(doc, after, len(doc))) is not None:
        after = days[1]  # "before 37 weeks 6 days of gestation"
    gestation = unit in ("wk", "d") and bool(lexicon.phrase_from(doc, after, "gestation_word"))
    return (unit in ("a", "mo") and i + 2 in ages) or gestation


def _without_lost_than(spans: list[Span]) -> list[Span]:
    """A comparative whose "than" was lost ("greater 200 msec": `bare_comparative` cues) is a comparator only
    alone: not inside a postfix phrase ("6 or greater 48 hours before"), nor after "or" ("more or less 5 kg")."""
    bare = lexicon.words("bare_comparative")
    if not any(s.text.lower() in bare for s in spans):
        return spans
    table, doc = lexicon.comparator_table(), spans[0].doc
    after = [s for s in spans if table[s.text.lower()][1] == "after"]
    return [s for s in spans if s.text.lower() not in bare or not (
        any(a.start < s.end and s.start < a.end for a in after)
        or s.start > 0 and doc[s.start - 1].lower_ in lexicon.words("or_word"))]


def _prefer_prefixes(spans: list[Span]) -> list[Span]:
    """"below 18 or older than 65": a prefix comparator before a number beats the postfix phrase it overlaps."""
    if not spans:
        return spans
    table = lexicon.comparator_table()
    doc = spans[0].doc
    before = [s for s in spans if table[s.text.lower()][1] == "before" and _number_follows(doc, s.end)]
    return [
        s for s in spans
        if table[s.text.lower()][1] != "after" or not any(b.start < s.end and s.start < b.end for b in before)
    ]


def _number_follows(doc: Doc, i: int) -> bool:
    """Whether a number starts at token `i`, right after a bracket restating the comparator ("greater than (>)
    11"), or after the words naming an age ("older than (the) age (of) 70": `age_noun` cues, "the", "of")."""
    if i + 3 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and not doc[i + 1].is_alpha:
        i += 3
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    if i < len(doc) and doc[i].lower_ in lexicon.words("age_noun"):
        i += 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "of")
    return i < len(doc) and doc[i].like_num


@Language.factory("trialwatch_lexicon")
def _make_lexicon_marker(nlp: Language, name: str) -> _LexiconMarker:
    return _LexiconMarker(nlp)


RENEW_AFTER = 10_000
"""Texts one pipeline parses before it is built anew. spaCy keeps every new word it meets (vocabulary, tokenizer
cache) for good: 14 MB over the 6,000 unique real texts we have, and without end for a process parsing a registry.
A fresh pipeline costs 0.05 s and a few hundred texts of cold caches, and forgets them. (spaCy's memory zones
forget them too, but nothing met inside one is cached, which costs a seventh of the speed.)"""


class _Current:
    """The pipeline this process parses with, and how many texts it has parsed."""

    nlp: Language | None = None
    texts = 0


def load() -> Language:
    """The pipeline, built once per `RENEW_AFTER` texts; `nlp.pipe` it for batches.

    The pipeline's hundred thousand objects live long, so they are moved out of the garbage collector's sight
    (`gc.freeze`): otherwise every full collection walks them again (5% of parsing time), and worker processes
    forked after this share their memory pages instead of copying them when walked.
    """
    if _Current.nlp is None:
        nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "trialwatch.clinical_tokenizer.v1"}}})
        nlp.add_pipe("trialwatch_lexicon")
        gc.freeze()
        _Current.nlp = nlp
    return _Current.nlp


def parsed(texts: int) -> None:
    """Count `texts` parsed texts; once the pipeline has parsed `RENEW_AFTER`, the next `load` builds it anew.

    Callers hold nothing of the pipeline's (docs, spans) past this call."""
    _Current.texts += texts
    if _Current.texts >= RENEW_AFTER:
        _Current.nlp, _Current.texts = None, 0
        gc.unfreeze()  # the old pipeline's objects can be collected again; the new one is frozen when built
