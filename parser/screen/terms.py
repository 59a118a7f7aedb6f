"""Which words in a patient's record name a criterion's concept (`parser/vocabulary/data/concepts.csv`).

A criterion is satisfied by a record of its concept, a synonym or a narrower term ("liver metastases" for
"metastasis"), never by a broader one: a record naming only the broader concept leaves a narrower criterion
unknown. Words may be singular or plural; a concept that lists events ("arterial thrombosis or deep vein
thrombosis") is named by a record of any of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from parser.models.criteria import Concept
from parser.screen.words import WORD, screening_terms
from parser.vocabulary.concepts import (
    ConceptEntry,
    concept_named,
    concepts,
    drug_rows,
    kinds_above,
    kinds_below,
    listed_events,
    overlapping,
)

_PLURALS = (("ses", "s(?:is|es|e)"), ("is", "(?:is|es)"), ("ss", "ss(?:es)?"), ("s", "(?:s|es)?"), ("", "(?:s|es)?"))
"""Word endings and the forms they match, so "liver metastasis" finds "liver metastases" and back."""


@cache
def _listings() -> dict[str, list[tuple[str, ConceptEntry]]]:
    """Each term of the concept table (lower case) to the rows listing it and how: as the row's
    `concept`, or as one of its `synonyms` or `narrower` terms."""
    table: dict[str, list[tuple[str, ConceptEntry]]] = {}
    for entry in concepts():
        for relation, words in (("concept", (entry.concept,)), ("synonyms", entry.synonyms),
                                ("narrower", entry.narrower)):
            for word in words:
                table.setdefault(word.lower(), []).append((relation, entry))
    return table


def _lower(*groups: tuple[str, ...]) -> list[str]:
    return [word.lower() for group in groups for word in group]


@lru_cache(maxsize=4096)
def naming_terms(name: str) -> tuple[str, ...]:
    """The terms whose record satisfies a criterion naming `name`: the name itself, and for a concept
    or a synonym of it every synonym and narrower term ("metastasis": "liver metastases" too), and those of the rows
    that are kinds of it (`kind_of`: "systemic therapy": "chemotherapy" and "immunotherapy" too); for a kind, the
    other spellings of that kind ("human immunodeficiency virus": "hiv")."""
    words = [name]
    for relation, entry in _listings().get(name, ()):
        if relation in ("concept", "synonyms"):
            for row in _standing_for(entry):
                words += _lower((row.concept,), row.synonyms, row.narrower)
        elif relation == "narrower":
            words += entry.kind_spellings(name)  # "human immunodeficiency virus": "hiv" too
    return tuple(dict.fromkeys(words))


def _standing_for(entry: ConceptEntry) -> tuple[ConceptEntry, ...]:
    """The rows a criterion naming a row by its name or a synonym stands for: the row and the rows that are kinds of
    it, at any depth."""
    below = (concept_named(kind) for kind in sorted(kinds_below(entry.concept)))
    return (entry, *(found for found in below if found is not None))


def alternatives(name: str) -> tuple[str, ...]:
    """The events a concept lists, a record of any of which names it (the whole phrase stays one of them)."""
    parts = [part for part in listed_events(name) if len(part) >= 3]
    return tuple(dict.fromkeys([name, *parts]))


@lru_cache(maxsize=4096)
def shared_qualifier(name: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A concept's `alternatives` split by a qualifier that opens or closes its list of events and may bear on every
    one ("clinically significant heart failure, myocardial infarction or angina", "ascites or pleural effusion
    requiring drainage"; `list_prefix` and `list_postfix` rows): those a record names the concept by (the whole name,
    each part with the qualifier), those whose record only may be it, and the qualifier."""
    parts = alternatives(name)
    listed, vocabulary = parts[1:], screening_terms()
    if len(listed) < 2:
        return parts, (), ""
    prefix = next((p for p in vocabulary.list_prefixes if listed[0].startswith(f"{p} ")), None)
    postfix = next((found for p in vocabulary.list_postfixes
                    if (found := re.search(rf"(?<!\w){re.escape(p)}(?!\w).*", listed[-1]))), None)
    if prefix is None and postfix is None:
        return parts, (), ""
    qualified = ({0} if prefix is not None else set()) | ({len(listed) - 1} if postfix is not None else set())
    doubtful = tuple(part for i, part in enumerate(listed) if i not in qualified)
    before, after = (f"{prefix} " if prefix else ""), (f" {postfix.group(0)}" if postfix else "")
    named_by = (name, *(listed[i] for i in sorted(qualified)), *(f"{before}{part}{after}" for part in doubtful))
    qualifier = " … ".join(word for word in (prefix, postfix.group(0) if postfix else None) if word)
    return named_by, doubtful, qualifier  # "pneumonitis requiring steroids" names it too


@lru_cache(maxsize=4096)
def broader_terms(name: str) -> tuple[str, ...]:
    """For a narrower term, the names of the concepts it is a kind of: a record naming only one of
    those ("metastatic disease") does not say whether the patient has this kind ("liver metastasis")."""
    words = [word for relation, entry in _listings().get(name, ()) if relation == "narrower"
             for word in _lower((entry.concept,), entry.synonyms)]
    return tuple(dict.fromkeys(words))


_KEY = 3
"""Letters of a term's start that index it (the shortest terms, "hiv", "dvt", have three)."""


@cache
def _kind_patterns() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """Each row of the concept table as a pattern of all its terms, with the first letters of each term: a name
    holds a term only where one of its words starts with them, which spares most rows a search."""
    rows = []
    for entry in concepts():
        written = {w.lower() for w in (entry.concept, *entry.terms)}
        if any(len(w) < _KEY or not w[0].isalnum() for w in written):
            raise ValueError(f"concepts.csv: a term of {entry.concept!r} is shorter than {_KEY} or starts otherwise")
        rows.append((entry.concept, term_pattern(written), frozenset(w[:_KEY] for w in written)))
    return tuple(rows)


_WORD_START = re.compile(r"(?<!\w)\w")
"""Where a word starts, as `term_pattern` reads a term's start."""


@cache
def _entry_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The screener's `entry_word`s (words of the disease under study, "adenocarcinoma", which no row lists) as
    patterns, each with the row it is a kind of (malignancy)."""
    return tuple((row, term_pattern({word})) for word, rows in screening_terms().entry_words.items() for row in rows)


def _rows_named(written: str) -> tuple[frozenset[str], frozenset[str]]:
    """The rows whose terms a lower-case name holds, each where no longer term of a row that is its kin holds it
    ("systemic anti-tumour therapy" is a systemic therapy, whose kind the name says, and not any anticancer therapy
    a radiotherapy may be; "metastatic spinal cord compression" is still metastatic) and no term of a row unlike it
    overlaps it ("diabetes insipidus" holds no diabetes); and the rows its entry words are kinds of."""
    found = _term_spans(written)
    spans = unlike_spans(written)
    own = frozenset(concept for concept, (start, end) in found
                    if not any(first <= start and end <= last and last - first > end - start and _kin(concept, other)
                               for other, (first, last) in found)
                    and not (spans and shadowed(spans, (start, end), {concept})))
    return own, frozenset(row for row, pattern in _entry_patterns() if pattern.search(written))


def _term_spans(written: str) -> list[tuple[str, tuple[int, int]]]:
    """Each term of a row a lower-case name holds, with the row and where the term stands."""
    starts = {written[match.start():match.start() + _KEY] for match in _WORD_START.finditer(written)}
    return [(concept, match.span()) for concept, pattern, keys in _kind_patterns() if not keys.isdisjoint(starts)
            for match in pattern.finditer(written)]


def _kin(row: str, other: str) -> bool:
    return other != row and other in _kin_of(row)


@cache
def _kin_of(row: str) -> frozenset[str]:
    """The rows that are kinds of a row, that it is a kind of, or that share instances with it."""
    return kinds_below(row) | kinds_above(row) | overlapping(row)


Spans = tuple[tuple[int, int, frozenset[str]], ...]


@cache
def _unlike_patterns() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """The terms of each row that says which rows it is none of (`unlike`), as one pattern with those rows."""
    return tuple((term_pattern({w.lower() for w in (entry.concept, *entry.terms)}), frozenset(entry.unlike))
                 for entry in concepts() if entry.unlike)


@lru_cache(maxsize=4096)
def unlike_spans(written: str) -> Spans:
    """Where a lower-case name holds a term of a row `unlike` others, with those others; none in most names."""
    return tuple((found.start(), found.end(), rows) for pattern, rows in _unlike_patterns()
                 for found in pattern.finditer(written))


def shadowed(spans: Spans, span: tuple[int, int], rows: Iterable[str]) -> bool:
    """Whether a term found at `span` of a name, a term of `rows` or of their kin, overlaps a term of a row unlike
    them (`unlike_spans`) that is not inside it: "diabetes" in "central diabetes insipidus" names no diabetes, nor
    "gestational diabetes" in "gestational diabetes insipidus"."""
    start, end = span
    return any(first < end and start < last and not (start <= first and last <= end) and not unlike.isdisjoint(rows)
               for first, last, unlike in spans)


@lru_cache(maxsize=4096)
def kinds(name: str) -> frozenset[str] | None:
    """The rows of the concept table whose terms a name holds ("FOLFOX chemotherapy": chemotherapy), or whose kind
    its entry words name ("rectal adenocarcinoma": malignancy), or None when the vocabulary cannot say what it is
    ("right hemicolectomy"): such a record entry may be an instance of any concept, and so never proves one absent;
    nor does one of a kind the concept's own name holds."""
    own, entry = _rows_named(name.strip().lower())
    return (own | entry) or None


@lru_cache(maxsize=4096)
def record_kinds(name: str) -> frozenset[str] | None:
    """The rows a record entry may be an instance of: those its name holds (`kinds`), and the kinds of a row it names
    by the row's own name or a synonym ("diabetes" may be type 1 diabetes, an autoimmune disease; "type 2 diabetes",
    a narrower term, is not)."""
    own = kinds(name)
    if own is None:
        return None
    written = name.strip().lower()
    return own.union(*(kinds_below(row) for row in own if _names_the_row_only(row, written)))


@lru_cache(maxsize=4096)
def entry_kinds(name: str, *, treatment: bool = False) -> frozenset[str] | None:
    """`record_kinds` of a record entry, which may name several things ("FOLFOX + bevacizumab", "chemotherapy
    followed by pembrolizumab", "type 2 diabetes with coronary artery disease"): None when the vocabulary cannot
    classify one of them, which may be anything, so the entry proves no kind absent (bevacizumab may be the targeted
    therapy a criterion asks about; "adenocarcinoma with EGFR mutation" is left to a person too). A `treatment`
    entry naming a drug after the kind it names ("XELOX chemotherapy pembrolizumab") may also be of the kinds the
    drug's ending says, and one naming a drug alone that the vocabulary does not hold is no procedure
    (`_lone_drug_kinds`). A part of numbers and `entry_detail` words names nothing ("radiotherapy, 50 Gy in 25
    fractions", "surgery with curative intent")."""
    parts = _PARTS.split(name)
    named = [part for part in parts if _names_something(part)]
    if treatment and drug_kinds(name):  # "docetaxel", "FOLFOX + bevacizumab": each part's own kinds
        each = [drug_kinds(part) or entry_kinds(part, treatment=True) for part in named]
        known = [found for found in each if found is not None]
        return frozenset().union(*known) if len(known) == len(each) else None
    if len(named) > 1 and any(kinds(part) is None for part in named):
        return None
    found = record_kinds(name)
    if treatment and found is None:
        return _lone_drug_kinds(named)
    if not treatment or found is None:
        return found
    return found.union(*(_drug_kinds_after_terms(part) for part in named))


@lru_cache(maxsize=4096)
def drug_kinds(name: str) -> frozenset[str]:
    """The rows of the drugs a treatment entry (lower case) names as whole parts, but for details ("docetaxel",
    "docetaxel 75 mg/m2 q3w", "FOLFOX + bevacizumab": FOLFOX's): a drug's name among other words says nothing of
    the entry ("docetaxel-refractory", "paclitaxel-eluting stent", "cisplatin chemoradiotherapy", "investigational
    olaparib", "cyclophosphamide for lupus nephritis")."""
    table = drug_rows()
    parts = _PARTS.split(name)
    return frozenset().union(*(table.get(" ".join(_detail_free_words(part)), frozenset()) for part in parts))


@lru_cache(maxsize=4096)
def drug_rows_naming(name: str) -> frozenset[str]:
    """The rows whose drugs are instances of a concept a criterion names (lower case): the row it names by its name or
    a synonym, and the rows that are kinds of it ("systemic therapy": chemotherapy's drugs too); none for a narrower
    kind ("anti-PD-1": a drug's row does not say which kind it is)."""
    return frozenset(row.concept for relation, entry in _listings().get(name, ()) if relation in ("concept", "synonyms")
                     for row in _standing_for(entry))


def _lone_drug_kinds(named: list[str]) -> frozenset[str] | None:
    """A treatment entry naming one drug alone that the vocabulary does not hold ("metformin", "metformin 500 mg twice
    daily"): a drug by its generic name's ending (`drug_ending` rows), so it may be any row but a procedure
    (`procedure_row` rows: no surgery, radiotherapy or dialysis); an ending says no more, as "-statin" ends
    pentostatin and "-nib" a JAK inhibitor that is immunosuppressive. None when no ending says (a brand name, a
    procedure: "hemicolectomy"), for an isotope-labelled name ("90Y-ibritumomab", "177Lu-…") or one of a drug
    given radiolabelled (`radiolabel_ending` rows): it may be anything."""
    vocabulary = screening_terms()
    words = [word for part in named for word in _detail_free_words(part)]
    if len(words) != 1 or not words[0].isalpha():
        return None
    word = words[0]
    if not any(word.endswith(ending) and len(word) >= len(ending) + _DRUG_STEM for ending in vocabulary.drug_endings):
        return None
    if any(word.endswith(ending) for ending in vocabulary.radiolabel_endings):
        return None  # "ibritumomab": a murine antibody given radiolabelled, a radiotherapy too
    return _drug_rows()


@cache
def _drug_rows() -> frozenset[str]:
    """The rows a drug may be: every row of the concept table (and those the screener's entry words are kinds of)
    but the procedures and their kin ("anticancer therapy", which a drug may be as one of its other kinds:
    chemotherapy, targeted therapy)."""
    procedures = screening_terms().procedure_rows
    every = frozenset(entry.concept for entry in concepts()) | frozenset(row for row, _ in _entry_patterns())
    return every - procedures - frozenset().union(*(_kin_of(row) for row in procedures))


def _drug_kinds_after_terms(part: str) -> frozenset[str]:
    """The kinds a drug named after the last term the vocabulary classifies in a part of a treatment entry may be, by
    its name's ending (`drug_ending` rows: "-mab" a targeted therapy, an immunotherapy or an immunosuppressant):
    "chemotherapy bevacizumab" may be the targeted therapy a criterion asks about ("chemotherapy FOLFOX" and
    "radiotherapy IMRT" end in no such ending). Not in brackets, which say what the part names ("anti-PD-1 antibody
    (nivolumab)"), nor a word no longer than its ending by a few letters ("ad lib")."""
    ends = [end for _, (_, end) in _term_spans(part)]
    if not ends:
        return frozenset()
    endings = screening_terms().drug_endings
    return frozenset().union(*(rows for word in WORD.findall(_BRACKETED.sub(" ", part[max(ends):]))
                               for ending, rows in endings.items()
                               if word.endswith(ending) and len(word) >= len(ending) + _DRUG_STEM))


_DRUG_STEM = 3
"""The fewest letters a drug's name has before its ending ("metformin", "olaparib"; not "ad lib")."""
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _names_something(part: str) -> bool:
    """Whether a part of a record entry names something of its own: a word that is no `entry_detail` word, no organ
    (`lesion_site` rows: "to pelvis") and no `_NOTATION` (a number, a dose, a date, a schedule, a stage); a drug code
    ("MK-3475", "T-DM1") or an abbreviation ("IO", "RT") names something."""
    return any(word not in screening_terms().lesion_sites for word in _detail_free_words(part))


def _detail_free_words(part: str) -> list[str]:
    """The words of a part of a record entry but `entry_detail` words and `_NOTATION` (numbers, doses, dates)."""
    details = screening_terms().entry_details
    return [word for word in WORD.findall(part.replace("²", "2"))
            if word not in details and _NOTATION.fullmatch(word) is None]


_NOTATION = re.compile(r"""
    [\d.,:-]+(?:mg|mcg|ug|g|ml|gy|cgy|kg|h|d|wk|w|x)?  # a number, a date, a dose: "2.5", "2024-01-05", "10mg", "2x"
    | q\d+[hdw]  | c\d+d\d+                              # a schedule, a cycle's day: "q2w", "c1d1"
    | (?:t[0-4x][a-d]?)?(?:n[0-3x][a-c]?)?(?:m[01x][a-c]?)?  # a TNM stage: "t3n1m0"
    | [ctls]\d{1,2}                                     # a vertebra: "t10", "l4"
""", re.VERBOSE)
"""Clinical notations that name no treatment or condition of their own."""


def _names_the_row_only(row: str, written: str) -> bool:
    """Whether an entry names a row by its name or a synonym, not by one of its narrower terms, which say the kind
    ("type 2 diabetes mellitus" holds "diabetes mellitus", and is type 2)."""
    synonyms, narrower = _row_term_patterns(row)
    return synonyms.search(written) is not None and (narrower is None or narrower.search(written) is None)


@lru_cache(maxsize=256)
def _row_term_patterns(row: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """A row's name and synonyms as one pattern, and its narrower terms as another (None: it lists none)."""
    entry = concept_named(row)
    assert entry is not None
    synonyms = term_pattern({w.lower() for w in (entry.concept, *entry.synonyms)})
    return synonyms, term_pattern({w.lower() for w in entry.narrower}) if entry.narrower else None


@lru_cache(maxsize=4096)
def under_study(name: str) -> bool:
    """Whether a record entry names the disease under study by its entry words alone ("rectal adenocarcinoma",
    "pelvic recurrence"), which a concept setting it apart ("second primary malignancy", "other malignancies") is
    not; an entry naming a concept of the table besides ("recurrence of breast cancer") is read as any other."""
    own, entry = _rows_named(name.strip().lower())
    return bool(entry) and not own


def sets_apart(name: str) -> bool:
    """Whether a concept's name, or the words right before it, set the disease under study apart (`another_word`s:
    "second primary malignancy", "history of other malignancies")."""
    return any(word in screening_terms().another_words for word in re.findall(r"[\w-]+", name.lower()))


_BEFORE = 3
"""Words before a concept that may set it apart ("any other active malignancy")."""


def words_before(text: str) -> str:
    """The last few words of `text`: those right before a concept."""
    return " ".join(re.findall(r"[\w-]+", text)[-_BEFORE:])


@lru_cache(maxsize=4096)
def related_kinds(name: str) -> frozenset[str]:
    """The rows a record entry of which may be an instance of a concept named `name`: those its name holds (`kinds`),
    the rows that are kinds of them and the rows they are kinds of ("chemotherapy": systemic therapy too, which a
    record may name alone), but no sibling ("immunotherapy" is no chemotherapy)."""
    own = kinds(name) or frozenset()
    return own.union(*(_kin_of(row) for row in own))


def opposed_at(concept: str, entry: str, start: int) -> bool:
    """Whether the word right before position `start` of a record entry (lower case), where a term of a concept
    begins, is opposite to a qualifier of the concept's name ("inhaled corticosteroids" for "systemic
    corticosteroids"; not "prednisone and topical clobetasol", where the word before "prednisone" says nothing)."""
    before = re.findall(r"[\w-]+", entry[:start])[-1:]
    return bool(before) and before[0] in _opposites_of(concept)


@lru_cache(maxsize=4096)
def _opposites_of(concept: str) -> frozenset[str]:
    opposites = screening_terms().opposites
    return frozenset(word for qualifier in re.findall(r"[\w-]+", concept.lower())
                     for word in opposites.get(qualifier, ()))


_PARTS = re.compile(r"[;,+/]| and | plus | with | then | followed by | including ")
"""What joins the treatments or conditions of one record entry ("prednisone and topical clobetasol", "chemotherapy
followed by pembrolizumab maintenance")."""


@lru_cache(maxsize=4096)
def opposed(concept: str, entry: str) -> bool:
    """Whether a record entry (lower case) says it is not of a concept's kind: it holds a word opposite to a qualifier
    of the concept's name (`opposite` rows: "dental extraction (minor surgery)" is no "major surgery", "stable angina"
    no "unstable angina", "hydrocortisone 1% topical cream" no "systemic corticosteroids"), and names one thing only:
    in "prednisone and topical clobetasol" the word is another drug's."""
    return _PARTS.search(entry) is None and any(
        re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", entry) for word in _opposites_of(concept))


@lru_cache(maxsize=4096)
def elsewhere(concept: str, entry: str) -> bool:
    """Whether a record entry (lower case) is the concept in another organ: with their organ words (`lesion_site`
    rows) left out the two say the same ("liver metastasis" and "brain metastases": metastasis), and the organs
    differ, so the entry is no instance of the concept though both are metastases (`kinds`). An entry that says more
    ("lung adenocarcinoma with intracranial metastases") may be one."""
    (wanted, rest), (named, other) = _organ_split(concept), _organ_split(entry)
    if not wanted or not named or wanted & named:
        return False
    return bool(rest) and re.fullmatch(inflected(rest), other) is not None


def _organ_split(name: str) -> tuple[frozenset[str], str]:
    """The organs a name's words name (by the lesion counts' names: "hepatic" is liver), and its other words."""
    sites = screening_terms().lesion_sites
    words = re.findall(r"[a-z]+", name.lower())
    return frozenset(sites[w] for w in words if w in sites), " ".join(w for w in words if w not in sites)


@cache
def _relative_lead() -> re.Pattern[str]:
    leads = "|".join(re.escape(lead) for lead in sorted(screening_terms().relative_leads, key=len, reverse=True))
    return re.compile(rf"\s*(?:{leads})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def about_a_relative(name: str) -> bool:
    """Whether a record entry is about someone else ("family history of colorectal cancer", "mother: breast cancer") or
    someone else's treatment the patient gave for ("bone marrow transplant donation": `donor_word` rows): it is no
    condition or treatment of the patient, so it neither names a concept nor leaves one's absence unknown."""
    return _relative_lead().match(name) is not None or not screening_terms().donor_words.isdisjoint(
        re.findall(r"[a-z]+", name.lower()))


def term_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern of whole terms, each singular or plural, the longest tried first; made once per set of terms, as
    tests of one concept asked in several ways ("history of stroke", "stroke") share it."""
    return _term_pattern(tuple(sorted(set(words), key=lambda term: (-len(term), term))))


@lru_cache(maxsize=8192)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w){inflected(t)}(?!\w)" for t in terms))


def inflected(term: str) -> str:
    """A regex for a term whose words may be singular or plural."""
    words = []
    for word in term.split(" "):
        if not word[-1:].isalpha():
            words.append(re.escape(word))
            continue
        ending, forms = next((e, f) for e, f in _PLURALS if word.endswith(e))
        words.append(re.escape(word[: len(word) - len(ending)]) + forms)
    return " ".join(words)


def category(concept: Concept) -> str | None:
    """The concept's category as the engine gave it, else that of a row of the concept table listing it."""
    if concept.category:
        return concept.category
    listed = _listings().get(concept.concept.strip().lower())
    return listed[0][1].category if listed else None
