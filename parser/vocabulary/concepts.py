"""The concept table (`data/concepts.csv`): conditions, treatments and states criteria name, each with its terms and
how they relate to it, for the engine that marks mentions and the screener that matches patient records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from parser.vocabulary.tables import listed, table_rows

_LISTED = re.compile(r"\s*(?:,\s*(?:or\s+|and/or\s+)?|\bor\b|\band/or\b)\s*")
"""What separates the events a concept's name lists ("chemotherapy, radiotherapy, or immunotherapy"): commas, "or",
"and/or"; not "and", which may join the words of one name ("radiation and chemotherapy-induced nausea")."""


def listed_events(name: str) -> list[str]:
    """The events a concept's name lists, in order (the name alone when it lists none)."""
    return [part for part in _LISTED.split(name) if part]


@dataclass(frozen=True)
class ConceptEntry:
    """A concept and the terms its row lists, each with how it relates to the concept.

    The criteria engine marks every term of a row as a mention of the row's category (and one mention
    per row and criterion); a screener needs the relation: a `synonym` names the same concept, a
    `narrower` term a kind of it ("liver metastases" of "metastasis"), so a record of a narrower term satisfies a
    criterion naming the broader one and not the other way round. A row's concept may itself be a kind of other rows'
    (`kind_of`: chemotherapy and immunotherapy of systemic therapy), so a record of one may be the other.
    """

    concept: str
    category: str
    synonyms: tuple[str, ...]
    narrower_kinds: tuple[tuple[str, ...], ...] = ()
    """The narrower terms by kind, each kind's spellings with its name first: a cell writes one kind's spellings
    joined by "=" ("hiv=human immunodeficiency virus"), so that a criterion and a record naming it in different words
    name the same kind."""
    drug_kinds: tuple[tuple[str, ...], ...] = ()
    """Drugs of the row's kind by generic name (and regimens: FOLFOX), each with its other spellings joined as in
    `narrower_kinds`: a treatment entry naming one is an instance of the row (`drug_rows`), so a record of docetaxel
    is a chemotherapy and no corticosteroid. The engine does not mark them: criteria name drugs for other reasons
    than their treatment ("hypersensitivity to paclitaxel", "drugs that interact with cyclophosphamide")."""
    kind_of: tuple[str, ...] = ()
    """The concepts of the rows this row's concept is a kind of: "FOLFOX chemotherapy" is a systemic therapy."""
    support: bool = False
    """Whether it is a treatment that props up blood counts (transfusion, growth factors): a criterion may ask that
    its values be reached without it ("platelets ≥ 100,000/mm3 without transfusion support")."""
    overlaps: tuple[str, ...] = ()
    """The concepts of the rows that share instances with this row's without either being a kind of the other
    ("seizure" and "epilepsy"): a record of one may be the other, and proves neither."""
    unlike: tuple[str, ...] = ()
    """The concepts of the rows whose terms this row's hold though its concept is none of theirs ("diabetes
    insipidus" is no diabetes): inside one of this row's terms, a term of theirs names nothing."""

    @cached_property
    def narrower(self) -> tuple[str, ...]:
        return tuple(term for kind in self.narrower_kinds for term in kind)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term the row lists, whatever its relation, but its drugs: what marks a mention of the concept."""
        return (*self.synonyms, *self.narrower)

    def kind_spellings(self, term: str) -> tuple[str, ...]:
        """The spellings of the kind a narrower term (lower case) names, its name first; the term alone if it is none
        of them."""
        return next((kind for kind in self.narrower_kinds if term in kind), (term,))


def _kinds(cell: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(part.strip().lower() for part in kind.split("=") if part.strip()) for kind in listed(cell))


_PLURAL_ENDINGS = (("y", "ies"), ("ch", "ches"), ("sh", "shes"), ("x", "xes"), ("", "s"))
"""How a term's last word makes its plural ("allergy": "allergies", "tumor": "tumors"), after a consonant for "y"."""
_PLURAL_SHORTEST = 4
"""Letters a term's last word needs to be pluralised: shorter ones are abbreviations ("hiv", "copd")."""


def plural(term: str) -> str | None:
    """The plural of a term, by its last word; None for a last word that is no singular noun by its spelling (ending
    in "s", holding digits, an abbreviation)."""
    head, _, last = term.rpartition(" ")
    if not last.isalpha() or not last.islower() or last.endswith("s") or len(last) < _PLURAL_SHORTEST:
        return None
    for ending, replacement in _PLURAL_ENDINGS:
        if last.endswith(ending) and not (ending == "y" and last[-2] in "aeiou"):
            return f"{head} {last[:len(last) - len(ending)]}{replacement}".strip()
    return None


def _with_plurals(terms: tuple[str, ...], taken: frozenset[str]) -> tuple[str, ...]:
    """A row's terms and their plurals, but for plurals another term already is ("metastases")."""
    plurals = (plural(term) for term in terms)
    return tuple(dict.fromkeys([*terms, *(form for form in plurals if form and form.lower() not in taken)]))


_PLURAL_CATEGORIES = frozenset({"condition", "treatment"})
"""The rows whose terms' plurals name the same: conditions and treatments ("active infections", "chemotherapies"). A
state's or a commitment's plural names something else: "contraceptives" are drugs a record lists, "prior
pregnancies" a count of past events."""


@cache
def concepts() -> tuple[ConceptEntry, ...]:
    """The table's rows, the terms of conditions and treatments each with its plural ("active infection": "active
    infections"), as criteria name them either way; a narrower term's plural names the same kind."""
    rows = table_rows("concepts.csv")
    taken = frozenset(term.lower() for row in rows for cell in ("concept", "synonyms", "narrower")
                      for term in listed(row[cell].replace("=", "|")))

    def forms(terms: tuple[str, ...], category: str) -> tuple[str, ...]:
        return _with_plurals(terms, taken) if category in _PLURAL_CATEGORIES else terms

    return tuple(ConceptEntry(row["concept"], row["category"],
                              forms((row["concept"], *listed(row["synonyms"])), row["category"])[1:],
                              tuple(forms(kind, row["category"]) for kind in _kinds(row["narrower"])),
                              _kinds(row["drugs"]), listed(row["kind_of"]), row["support"] == "yes",
                              listed(row["overlaps"]), listed(row["unlike"]))
                 for row in rows)


@cache
def drug_rows() -> dict[str, frozenset[str]]:
    """Each drug's spelling (lower case) to the concepts of the rows listing it (cyclophosphamide: chemotherapy and
    immunosuppressive therapy)."""
    found: dict[str, set[str]] = {}
    for entry in concepts():
        for kind in entry.drug_kinds:
            for spelling in kind:
                found.setdefault(spelling, set()).add(entry.concept)
    return {spelling: frozenset(rows) for spelling, rows in found.items()}


@cache
def _by_term() -> dict[str, ConceptEntry]:
    return {name.lower(): entry for entry in concepts() for name in (entry.concept, *entry.terms)}


def concept_named(term: str) -> ConceptEntry | None:
    """The row a term (in any case) names, if any: what a mention the engine marked is a mention of."""
    return _by_term().get(term.lower())


@cache
def _kinds_of() -> dict[str, frozenset[str]]:
    """Each row's concept to the concepts of the rows that are kinds of it, at any depth."""
    direct: dict[str, set[str]] = {}
    for entry in concepts():
        for broader in entry.kind_of:
            direct.setdefault(broader, set()).add(entry.concept)
    found: dict[str, frozenset[str]] = {}

    def below(concept: str, seen: frozenset[str]) -> frozenset[str]:
        kinds = set(direct.get(concept, ()))
        for kind in direct.get(concept, ()):
            if kind not in seen:
                kinds |= below(kind, seen | {kind})
        return frozenset(kinds)

    for entry in concepts():
        found[entry.concept] = below(entry.concept, frozenset({entry.concept}))
    return found


def kinds_below(concept: str) -> frozenset[str]:
    """The concepts of the rows that are kinds of a row's concept, at any depth ("systemic therapy": chemotherapy,
    immunotherapy, targeted therapy)."""
    return _kinds_of().get(concept, frozenset())


@cache
def _kinds_above() -> dict[str, frozenset[str]]:
    return {entry.concept: frozenset(broader for broader, below in _kinds_of().items() if entry.concept in below)
            for entry in concepts()}


def kinds_above(concept: str) -> frozenset[str]:
    """The concepts of the rows a row's concept is a kind of, at any depth ("chemotherapy": systemic therapy)."""
    return _kinds_above().get(concept, frozenset())


@cache
def _overlapping() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for entry in concepts():
        for other in entry.overlaps:
            found.setdefault(entry.concept, set()).add(other)
            found.setdefault(other, set()).add(entry.concept)
    return {concept: frozenset(others) for concept, others in found.items()}


def overlapping(concept: str) -> frozenset[str]:
    """The concepts of the rows that share instances with a row's concept, whichever row says so."""
    return _overlapping().get(concept, frozenset())
