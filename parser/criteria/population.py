"""The sex an item's population is defined by, which its thresholds leave unsaid.

"Women aged 18-45 years" structures the age alone: a man of 30 met it, as if the word "Women" were filler. Where an
inclusion names one sex before ages, and nothing else, the sex is one more requirement. Not a subgroup's
requirement ("Women of childbearing potential must have a negative pregnancy test", "Female subjects must be
post-menopausal for at least 1 year", "Body fat > 25% for men"), which names a concept or another measure or puts
the sex after its threshold, nor both sexes ("Men and women aged 18-75"). An exclusion's population is what it excludes:
"Women aged 50 or older" excluded a man of 60."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from parser.criteria import lexicon
from parser.criteria.atoms import CLAUSE_PUNCT, COORDINATION, Atom
from parser.criteria.cue_words import persons
from parser.criteria.source_tokens import Locate, SpanMap, TokenLocator
from parser.models.criteria import AllOf, Comparison, Concept, Expr
from parser.models.walk import iter_nodes


def names_one_sex(texts: Iterable[str]) -> bool:
    """Whether a document's inclusions name one sex only: where they name both ("Men aged 45 to 80 years" and
    "Women aged 55 to 80 years" as two items, or cohorts), each item's sex is one population of several, and no
    item alone says the trial's."""
    female = lexicon.words("female_word")  # the `sex_word` cues that name women; the others name men
    said = {word.lower() in female for text in texts for word in re.findall(r"[\w-]+", text)
            if word.lower() in lexicon.words("sex_word")}
    return len(said) == 1


def bounds_ages_only(expr: Expr) -> bool:
    """Whether an expression bounds ages only: an item about who may take part, whose other words say who."""
    return all(isinstance(node, AllOf) or (isinstance(node, Comparison) and node.measure == "age")
               for node in iter_nodes(expr, conditions=False))


def population_sex(doc: Doc, expr: Expr, locate: Locate, *, one_phrase: bool = False) -> int | None:
    """The token of the one sex an item made only of ages names before them ("Healthy male subjects aged 18-55
    years", "Must be male ≥ 48 years", "Pregnant women aged 18-40"), or None. Not one a subgroup word opens ("for
    women", "if female"), nor where words about reproduction (`reproductive_word` cues) follow the ages: the item
    then says something of a subgroup, whatever its structure."""
    if not bounds_ages_only(expr):
        return None  # "Women aged 18-45 or adolescents aged 12-17": the sex is one alternative's
    starts = [tokens.start for node in iter_nodes(expr, conditions=False)
              if isinstance(node, Comparison) and (tokens := locate(node.span))]
    sexes = [t for t in doc if t.lower_ in lexicon.words("sex_word")]
    if (not starts or not sexes or len({t.lower_ in lexicon.words("female_word") for t in sexes}) > 1
            or any(t.lower_ in lexicon.words("reproductive_word") for t in doc[min(starts):])):
        return None  # "Female subjects who are ≥ 7 y and premenarchal will not undergo pregnancy tests": a subgroup's
    before = [t for t in sexes if t.i < min(starts)]
    if not before:
        return None
    first = before[-1]  # "Pregnant women or women younger than 18 years": the one named with the ages
    if first.i > 0 and doc[first.i - 1].lower_ in lexicon.words("subgroup_lead"):
        return None
    if any(t.lower_ in persons() for t in doc[min(starts):max(starts)]):
        return None  # "Female patients older than 65 years and any patient older than 80 years": the last anyone's
    if one_phrase and _listing(doc[first.i + 1:min(starts)]) and not _apposition(doc[first.i + 1:min(starts)]):
        return None  # "Pregnant women, breastfeeding and younger than 18 years": a list, the age anyone's
    return first.i


def _listing(tokens: Span) -> bool:
    return any(t.lower_ in COORDINATION or t.text == ";" for t in tokens)


def _apposition(tokens: Span) -> bool:
    """"Women, aged 50 or older", "Female, 65 years of age or older": a comma after the sex that only words of age
    follow."""
    return [t.text for t in tokens if t.lower_ not in lexicon.words("age_word")] == [","]


def with_population_sex(doc: Doc, expr: Expr | None, span_of: SpanMap, section: str) -> Expr | None:
    """`expr` with the one sex its population is named by required beside it (`population_sex`), for an item under
    no lead nor cohort: an exclusion whose sex and ages are one phrase ("Women aged 50 or older" excludes no man; an
    exclusion lists what it excludes, so "Pregnant women, or under 18 years" excludes a boy), or an inclusion of a
    document whose inclusions name one sex only (`names_one_sex`)."""
    sex = None if expr is None else population_sex(doc, expr, TokenLocator(doc, span_of),
                                                   one_phrase=section == "exclusion")
    if expr is None or sex is None:
        return expr
    span, text = span_of(sex, sex + 1)
    required = Concept(concept=text, category="sex", text=text, span=span)
    return AllOf(all=[required, *(expr.all if isinstance(expr, AllOf) else [expr])])


def population_state(doc: Doc, i: int, ages_only: bool) -> bool:
    """Whether token `i` is a state of reproduction a population is named by ("Pregnant women aged 18-40", and where
    only ages are structured "Women aged 18 or older who are pregnant"): a requirement, though it names persons too;
    not one denied ("Male or non-pregnant female aged 18 or over"), as before."""
    sexes = lexicon.words("sex_word")
    if doc[i].lower_ not in lexicon.words("reproductive_word") or (i > 0 and doc[i - 1].lower_ in ("non", "-", "not")):
        return False
    if ages_only:
        return True
    j = i + 1
    while j < len(doc) and doc[j].lower_ in persons() and doc[j].lower_ not in sexes:
        j += 1  # "Pregnant healthy women", "Pregnant adolescent girls"
    return j < len(doc) and doc[j].lower_ in sexes


def narrowed_population(doc: Doc, expr: Expr | None, uncovered: list[int], atoms: list[Atom]) -> bool:
    """Whether the words an item's expression leaves out are only states of reproduction its population is named by,
    in one phrase with its thresholds ("Pregnant women aged 18-40", "18-40 years old pregnant women"; not "Children,
    adults under 21 years of age, and pregnant women"): what is structured is necessary, not sufficient."""
    ages_only = expr is not None and bounds_ages_only(expr)
    if not uncovered or not atoms or not all(population_state(doc, i, ages_only) for i in uncovered):
        return False
    first, last = min(atom.start for atom in atoms), max(atom.end for atom in atoms)
    if first <= max(uncovered) and min(uncovered) < last:
        return False  # "Age 18 years and above, including pregnant women": the state among the thresholds
    between = doc[max(uncovered) + 1:first] if max(uncovered) < first else doc[last:min(uncovered)]
    return not any(t.lower_ in COORDINATION or t.text in CLAUSE_PUNCT for t in between)
