"""The spaCy pipeline: a blank English tokenizer taught clinical notation, plus lexicon matchers.

Trained pipelines cannot be downloaded here (and a parser should not need them), so the pipeline is
`spacy.blank("en")` with tokenizer rules that split `100×10^9/L`, `90g/L`, `140mmHg` and `\\<50%` into
number, operator and unit tokens, and one component that marks measures, comparators, cues and
concepts from the data tables. Matches are stored as span groups on the `Doc`.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from parser.criteria import lexicon

_INFIXES = (
    r"(?<=[0-9])(?=[A-Za-zµ%+])",  # 90g, 3cm, 2+, 10E9
    r"(?<=[0-9])[x×X*](?=[0-9])",  # 1.5x109, 100×10
    r"(?<=[xX×])(?=ULN|LLN|uln|lln)",  # 1.5xULN
    r"[<>≤≥=~^/()\[\];:×]",
    r"(?<=[0-9])-|-(?=[0-9])",
    r"(?<=[A-Za-z])-(?=[A-Za-z])",
    r",(?![0-9]{3}(?![0-9]))",
    r"(?<=[A-Za-z])\+",
    r"%",
)
_PREFIXES = (r"[<>≤≥=~^/(\[×±]", r"[-•*·]")
_SUFFIXES = (r"[)\];:,%+]", r"(?<=[0-9A-Za-z%)])\.")

SPAN_GROUPS = ("measure", "comparator", "cue", "concept")


def _configure_tokenizer(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + list(_INFIXES)).finditer
    tokenizer.prefix_search = compile_prefix_regex(list(nlp.Defaults.prefixes) + list(_PREFIXES)).search
    tokenizer.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes) + list(_SUFFIXES)).search
    # Default exceptions would keep "a.m."-style abbreviations; units such as "mm." must split.
    tokenizer.rules = {key: value for key, value in tokenizer.rules.items() if key in ("e.g.", "i.e.", "etc.", "vs.", "E.g.", "I.e.")}


class _LexiconMarker:
    """Marks every lexicon phrase in a Doc: measures, comparators, cues, concepts (longest wins)."""

    def __init__(self, nlp: Language) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        make = nlp.make_doc
        for measure in lexicon.measures():
            self.lower.add("measure", [make(name) for name in (measure.name, *measure.synonyms)])
        for measure in lexicon.measures():
            self.exact.add("measure", [make(a) for a in measure.abbreviations])
        for phrase, _op, _position in lexicon.comparators():
            self.lower.add("comparator", [make(phrase)])
        for kind, phrases in lexicon.cues().items():
            if not kind.startswith(("section_", "page_")):
                self.lower.add(f"cue:{kind}", [make(p) for p in phrases])
        for entry in lexicon.concepts():
            self.lower.add("concept", [make(s) for s in (entry.concept, *entry.synonyms)])

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list] = {group: [] for group in SPAN_GROUPS}
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                label = doc.vocab.strings[match_id]
                group = label.split(":", 1)[0]
                found[group].append(doc[start:end].__class__(doc, start, end, label=label))
        measures = filter_spans(found["measure"])
        taken = {i for span in measures for i in range(span.start, span.end)}
        cues = found["cue"]
        windows = filter_spans([c for c in cues if c.label_ == "cue:window"])
        window_tokens = {i for span in windows for i in range(span.start, span.end)}
        comparators = filter_spans(
            [c for c in found["comparator"] if not any(i in taken or i in window_tokens for i in range(c.start, c.end))]
        )
        doc.spans["measure"] = measures
        doc.spans["comparator"] = comparators
        doc.spans["cue"] = cues
        doc.spans["concept"] = filter_spans(found["concept"])
        return doc


@Language.factory("trialwatch_lexicon")
def _make_lexicon_marker(nlp: Language, name: str) -> _LexiconMarker:
    return _LexiconMarker(nlp)


@cache
def load() -> Language:
    """Build the pipeline once per process; `nlp.pipe` it for batches."""
    nlp = spacy.blank("en")
    _configure_tokenizer(nlp)
    nlp.add_pipe("trialwatch_lexicon")
    return nlp
