"""`parse_criteria`: criteria text in any registry layout → the `Criteria` contract.

Pure and total: it never raises on text. A criterion the engine cannot structure is kept with its
text, `coverage: "none"` and a note, so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice, repeat

from spacy.language import Language
from spacy.tokens import Doc

from parser import vocabulary
from parser.criteria import lexicon, pipeline
from parser.criteria.assemble import Result, assemble
from parser.criteria.cohorts import cohort_labels
from parser.criteria.leads import Lead, lead_subject, lead_words, with_listed_events
from parser.criteria.locate import locate_criteria
from parser.criteria.normalize import (
    Folded,
    collapse_space,
    cut_runs,
    fold_symbols,
    looks_like_html,
    render_html,
    unescape_markdown,
)
from parser.criteria.permissions import only_permits
from parser.criteria.plausible import implausible_thresholds, unmeetable_bounds
from parser.criteria.population import names_one_sex, with_population_sex
from parser.criteria.segment import Segment, segment
from parser.criteria.source_tokens import SpanMap
from parser.criteria.version import PARSER_VERSION
from parser.models.criteria import PERMISSION, Comparison, Criteria, CriteriaSource, Criterion, Expr, Op
from parser.models.walk import iter_nodes
from parser.vocabulary import Measure

_PREFIX = {"inclusion": "inc", "exclusion": "exc"}


MAX_ITEM = 10_000
"""Characters of one item the engine reads: spaCy never sees a text over its million-character limit."""
MAX_TOKENS = 1_000
"""Words and signs of one item the engine reads (the longest item of 5,930 real texts has 479)."""
MAX_NUMBERS = 100
"""Numbers of one item the engine reads (the most in one real item is 53). Some rules look back over the item from
each threshold, so an item costs its thresholds times its length: bounding both keeps any text's cost linear."""
MAX_RUN = 100
"""Characters of one run without a space the engine reads (the longest real one has 87)."""
_TOKEN = re.compile(r"\w+|[^\w\s]")
_NUMBER = re.compile(r"\d+")
_SURROGATE = re.compile("[\ud800-\udfff]")
"""A code point no UTF-8 text holds (JSON's `"\\ud800"` escape makes one): spaCy cannot hash it, nor can the
document be written as JSON, so each is read as U+FFFD, one for one, and every span still indexes the text."""


@dataclass
class _Item:
    segment: Segment
    text: Folded  # the criterion text; its origin maps into the text as given
    analysed: Folded  # folded symbols; its origin maps into `text`
    notes: list[str]  # what of the item the engine did not read


def _analysed(text: str) -> tuple[Folded, list[str]]:
    """The text the pipeline reads for one item: symbols folded, and no longer than the engine reads."""
    analysed, cut = cut_runs(fold_symbols(Folded.identity(text[:MAX_ITEM])), MAX_RUN)
    notes = ([f"truncated: {cut} run(s) of over {MAX_RUN} characters without a space were read up to {MAX_RUN}"]
             if cut else [])
    beyond = [found.start() for pattern, limit in ((_TOKEN, MAX_TOKENS), (_NUMBER, MAX_NUMBERS))
              if len(analysed.text) > limit  # a shorter item cannot hold more: most are never scanned for words
              and (found := next(islice(pattern.finditer(analysed.text), limit, None), None)) is not None]
    if beyond or len(text) > MAX_ITEM:
        end = min(beyond, default=len(analysed.text))
        analysed = analysed.slice(0, end)
        notes.append(f"truncated: only the first {analysed.origin[end]:,} of {len(text):,} characters were read")
    return analysed, notes


def _prepare(text: str) -> tuple[str, list[_Item]]:
    folded = Folded.identity(text)
    layout = _layout(text)
    if layout == "html":
        folded = render_html(folded)
    folded = unescape_markdown(folded)
    start, end = locate_criteria(folded.text)
    region = folded.slice(start, end)
    items = []
    for seg in segment(region.text):
        item = collapse_space(region.slice(seg.start, seg.end))
        if item.text:
            items.append(_Item(seg, item, *_analysed(item.text)))
    return layout, items


_LAYOUTS = (  # indents never cross a line end: `^\s*` would rescan every blank line below each line start
    ("plain", re.compile(r"^ {2}- {2}\S", re.M)),  # the older ClinicalTrials.gov rendering
    ("bullets", re.compile(r"^[^\S\n]*•", re.M)),  # ClinConnect and pasted pages
    ("markdown", re.compile(r"^[^\S\n]*(?:[*-]|\d{1,2}[.)])\s+\S", re.M)),
)


def _layout(text: str) -> str:
    """Which layout the text was written in, for `source.format` (the segmenter reads them all alike)."""
    if looks_like_html(text):
        return "html"
    return next((name for name, pattern in _LAYOUTS if pattern.search(text)), "paragraph")


def _span_mapper(item: _Item, doc: Doc) -> SpanMap:
    def span_of(start: int, end: int) -> tuple[tuple[int, int], str]:
        if end <= start:
            return (0, 0), ""
        a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        a, b = item.analysed.source_span(a, b)
        return (a, b), item.text.text[a:b]

    return span_of


def _assemble_safely(doc: Doc, item: _Item, heading: tuple[Measure, ...], parent_measure: str | None,
                     lead_period: Op | None) -> Result:
    try:
        result = assemble(doc, item.segment.section, _span_mapper(item, doc), heading, parent_measure, lead_period)
    except Exception as error:  # a bug must cost one criterion its structure, never the document
        return Result(None, "none", "unknown", None, [f"not structured: internal error {type(error).__name__}"])
    # a threshold no patient can have, or bounds none meets together, are misreadings: a person's to read
    if doubts := implausible_thresholds(result.expr) + unmeetable_bounds(result.expr):
        coverage = "partial" if result.coverage == "full" else result.coverage
        return replace(result, coverage=coverage, rest="unknown", notes=[*result.notes, *doubts])
    return result


def _named_measures(doc: Doc) -> tuple[Measure, ...]:
    """The measures a heading names, in order ("Creatinine clearance ≥ 70 mL/min OR creatinine based on age, as
    follows:"): a threshold below it takes the first its unit fits."""
    found = {m.key: m for span in pipeline.marked(doc).measure for m in vocabulary.find_measures(span.text)[:1]}
    return tuple(found.values())


def _first_measure(expr: Expr | None) -> str | None:
    """"At least 1 measurable lesion" / "at least 20 mm by CT": what the first threshold of an item bounds."""
    return next((node.measure for node in iter_nodes(expr, conditions=False) if isinstance(node, Comparison)), None)


def _criteria(items: list[_Item], docs: Iterable[Doc]) -> Iterator[tuple[str, Criterion]]:
    counters = {"inclusion": 0, "exclusion": 0}
    ids: dict[int, str] = {}
    children: dict[int, int] = {}
    named: dict[int, tuple[Measure, ...]] = {}  # what an item that is a label names, for the items under it
    measured: dict[int, str | None] = {}  # what an item's first threshold bounds, for the items under it
    listed: dict[int, list[str]] = {}  # the texts of the items under an item
    leads: dict[int, Lead] = {}  # how each item with items under it bears on them
    for item in items:
        if item.segment.parent is not None:
            listed.setdefault(item.segment.parent, []).append(item.text.text)
    one_sex = names_one_sex(item.text.text for item in items if item.segment.section == "inclusion")
    for index, (item, doc) in enumerate(zip(items, docs, strict=True)):
        seg = item.segment
        parent = ids.get(seg.parent) if seg.parent is not None else None
        if seg.parent is not None and parent is not None:
            children[seg.parent] = children.get(seg.parent, 0) + 1
            ident = f"{parent}.{children[seg.parent]}"
        else:
            counters[seg.section] += 1
            ident = f"{_PREFIX[seg.section]}-{counters[seg.section]}"
        ids[index] = ident
        above = seg.parent if seg.parent is not None else -1
        lead = leads.get(seg.parent) if seg.parent is not None else None
        result = _assemble_safely(doc, item, named.get(above, ()), measured.get(above), lead.period if lead else None)
        if (one_sex or seg.section == "exclusion") and seg.parent is None and seg.cohort is None and (
                index not in listed):
            result = replace(result, expr=with_population_sex(doc, result.expr, _span_mapper(item, doc), seg.section))
        if index not in listed and _first_measure(result.expr) is None and only_permits(doc):
            result = replace(result, expr=None, coverage="none", rest="unknown", category=PERMISSION)
        if index in listed:
            leads[index] = Lead.of(item.text.text, seg.section, result.expr, lead)
        if lead is not None:
            result = lead.item(result, seg.section, item.text.text)
        result = replace(result, expr=with_listed_events(result.expr, listed.get(index, [])))
        measured[index] = _first_measure(result.expr)
        heads = item.text.text.endswith(":") or measured[index] is None  # "AST and ALT" / "- 2.5 x ULN": a label too
        named[index] = _named_measures(doc) if heads else ()
        if index in listed and measured[index] is None:
            measured[index] = lead_subject(doc)  # "the cumulative lesion size must be:" / "≥ 1.27 mm2"
        pipeline.forget_marks(doc)
        origin = item.text.origin
        # built without validation: every field comes from the engine's own typed values (a test validates the output)
        yield seg.section, Criterion.model_construct(
            id=ident,
            text=item.text.text,
            span=(origin[0], origin[len(item.text.text) - 1] + 1),
            category=result.category,
            cohort=None if seg.section == "inclusion" and cohort_labels(doc) else seg.cohort,  # any cohort's part
            parent=parent,
            sub_items=lexicon.list_quantifier(lead_words(item.text.text)) if index in listed else None,
            expr=result.expr,
            coverage=result.coverage,
            rest=result.rest,
            notes=result.notes + item.notes,
        )


def parse_criteria(text: str, *, nct_id: str | None = None, path: str | None = None) -> Criteria:
    """Structure every inclusion and exclusion criterion of `text` (markdown, plain, bullets, HTML or a page)."""
    return next(parse_many([text], nct_ids=[nct_id], paths=[path]))


def parse_many(
    texts: Iterable[str], *, nct_ids: Iterable[str | None] | None = None, paths: Iterable[str | None] | None = None,
    batch_size: int = 256,
) -> Iterator[Criteria]:
    """Parse many criteria texts, streaming: one text read and one document built at a time, in memory flat in
    their number (the pipeline is renewed every `pipeline.RENEW_AFTER` texts)."""
    jobs = zip(texts, repeat(None) if nct_ids is None else nct_ids, repeat(None) if paths is None else paths,
               strict=False)  # the texts set the length: an absent id or path is an endless repeat(None)
    for text, nct_id, path in jobs:
        document = _document(pipeline.load(), text, nct_id, path, batch_size)
        pipeline.parsed(1)
        yield document


def _document(nlp: Language, text: str, nct_id: str | None, path: str | None, batch_size: int) -> Criteria:
    text = text if isinstance(text, str) else str(text)
    layout, items = _prepare(_SURROGATE.sub("\ufffd", text))
    docs = nlp.pipe((item.analysed.text for item in items), batch_size=batch_size)
    document = Criteria(
        nct_id=nct_id,
        source=CriteriaSource(path=path, format=layout, parser_version=PARSER_VERSION,
                              sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()),
    )
    for section, criterion in _criteria(items, docs):
        getattr(document, section).append(criterion)
    return document
