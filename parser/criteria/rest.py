"""What the unstructured rest of a partly structured criterion can do, so a screener knows when to decide.

- `qualifier`: the rest only says when or how the structured part is measured ("at the time of signing the
  informed consent form", "confirmed by MRI", "calculated by Cockcroft-Gault"): the structured part is the criterion.
- `definition`: the rest is a label the structured part defines ("Uncontrolled hypertension: SBP > 140 or
  DBP > 90", "adequate marrow function defined as …"): the structured part is the criterion.
- `examples`: the rest is a list of examples opened right after the structured part ("heart disease (including
  heart failure, …)", "such as …", "e.g. …", to the end of the bracket or sentence). Examples only illustrate
  their head, so the structured part is the criterion; examples the engine did structure are instances of it.
- `alternative`: the rest is another way to satisfy the criterion ("… or other evidence of …", a part opened by
  "or", a head whose listed examples are what is structured: "liver disease including HBV DNA ≥ 10^4"): the
  structured part is sufficient, not necessary, so its failing never decides.
- `narrowing`: the rest only narrows the structured part: a severity word before it ("serious", "uncontrolled")
  or a list of exceptions, a cause or a need after it ("excluding …", "except …", "due to …", "requiring
  medication"). The structured part is necessary, not sufficient: its failing decides, its holding asks a person
  (is it serious? one of the exceptions?).
  A waiver after it ("unless due to Gilbert syndrome") lifts the criterion where it applies: it narrows an
  exclusion, and in an inclusion it is another way to meet it (`alternative`).
- `support`: the rest says the structured values are reached without a treatment that props them up ("platelets
  ≥ 100,000/mm3 without transfusion support"): the structured part is necessary; its holding is enough for a
  patient whose treatments record names no such treatment (`support` rows of the concept table).
- `unknown`: anything else (a second requirement, a judgement): a person reads it.
The phrases are rows of `data/cues.csv` (kinds `rest_qualifier`, `rest_definition`, `rest_alternative`,
`rest_examples`, `rest_exceptions`, `rest_cause`, `rest_need`, `rest_waiver`, `rest_severity`).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from parser.criteria import lexicon, pipeline
from parser.criteria.atoms import BOUNDARY, CLAUSE_PUNCT, LIST_JOINS
from parser.criteria.brackets import bracketed_abbreviation, closing_bracket
from parser.criteria.denials import ruling_out
from parser.criteria.marks import Marks
from parser.criteria.modifiers import modifier_start, plain_word
from parser.criteria.source_tokens import Locate
from parser.models.criteria import AnyOf, Comparison, Concept, Coverage, Expr, Not, Rest
from parser.models.walk import iter_nodes
from parser.vocabulary import concept_named, units

Polarity = Literal["affirmed", "denied", "mixed"]
"""Whether an expression's concepts are all affirmed, all denied, or some of each."""
_Cues = tuple[tuple[str, int, int], ...]
"""A criterion's rest cues: each one's kind and token range."""
_LISTS = frozenset({"rest_examples", "rest_exceptions", "rest_cause", "rest_waiver"})
_LIMITING = frozenset({"rest_exceptions", "rest_waiver"})
"""What keeps a structured part from being sufficient alone; not a cause, which may be the reason for a rule
("pregnant or lactating women, due to the risks of …")."""
_PROSPECT_REACH = 4
"""Words a candidacy or a procedure being undergone may stand before the treatment it is about ("candidates for
curative resection", "undergoing redo cardiac surgery")."""


@lru_cache(maxsize=1)  # one vocabulary at a time: a renewed pipeline's docs get their own matcher, the old one is freed
def _matcher(vocab: Vocab) -> PhraseMatcher:
    """The rest cues, matched only for partly structured criteria (a third of them): everyday words such as
    "patients" or "must" would cost every criterion a span each if the pipeline marked them. Keyed by the
    vocabulary of the docs it matches, so a doc parsed before a pipeline renewal is still matched right."""
    nlp = pipeline.load()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for kind in lexicon.REST_CUES:
        matcher.add(kind, [nlp.make_doc(phrase) for phrase in lexicon.cues()[kind]])
    return matcher


@lru_cache(maxsize=2)  # the rules of one criterion ask for its cues a dozen times; a cached doc is kept alive
def _cues(doc: Doc) -> _Cues:
    return tuple((doc.vocab.strings[kind], start, end) for kind, start, end in _matcher(doc.vocab)(doc))


def _polarity(expr: Expr | None) -> Polarity:
    """Whether the expression's concepts are all denied ("No prior pelvic radiotherapy": a word narrowing a denied
    concept widens what its denial allows), all affirmed, or mixed ("no prior chemotherapy for rectal cancer", where
    a modifier of one may bear on the other)."""
    nodes = list(iter_nodes(expr, conditions=False))
    denials = {node.negated for node in nodes if isinstance(node, Concept)}
    if any(isinstance(node, Not) for node in nodes) or len(denials) > 1:
        return "mixed"
    if denials == {True}:
        return "mixed" if any(isinstance(node, Comparison) for node in nodes) else "denied"
    return "affirmed"


def _opens_with_a_denial(doc: Doc) -> bool:
    """Whether a criterion's first word denies ("No …", "Without …")."""
    first = next((token for token in doc if token.is_alpha), None)
    return first is not None and first.lower_ in lexicon.words("negation")


def _support_reading(expr: Expr | None, dated: bool, section: str) -> Rest | None:
    """What words saying a value is reached without support (`_support_withheld`) leave to the structured part: a
    transfusion or a growth factor only raises a count, so a value found below a bound is below it whatever the
    support, and a label of adequate function read from such bounds ("Adequate organ function … without using
    blood products") fails whatever it. Lower bounds or a label: their failing decides, and their holding decides for
    a patient whose record names no such support (`support`; in an inclusion only, where values are to be reached,
    else `narrowing`); upper bounds only: their holding decides (`alternative`), unless the item has a window
    (`dated`: "within 7 days … without growth factors" may ask that none was given in it, one more requirement); a
    mix: a person reads it."""
    nodes = list(iter_nodes(expr, conditions=False))
    ops = {node.op for node in nodes if isinstance(node, Comparison)}
    if (ops and ops <= {">", ">="}) or (not ops and any(
            isinstance(node, Concept) and node.category == "laboratory" for node in nodes)):
        return "support" if section == "inclusion" else "narrowing"
    return "alternative" if ops and ops <= {"<", "<="} and not dated else None


def classify_rest(marks: Marks, section: str, coverage: Coverage, uncovered: list[int], covered: set[int],
                  mentions: Set[int], expr: Expr | None, locate: Locate,
                  narrowed_by: Mapping[int, range] | None = None) -> Rest:
    """Classify the words of a criterion its expression (`expr`) leaves out (`uncovered`, token indices); `mentions`:
    where the lexicon concepts it structures start, whose modifiers left out narrow them unless the expression
    affirms some concepts and denies others (`_polarity` "mixed"), as do the words of a concept saying which
    structured one is meant (`narrowed_by`, by where the structured concept starts: "chemotherapy for metastatic
    disease", "infection requiring systemic therapy") where the item's requirement is its section's own (an
    inclusion's denial, an exclusion's affirmation; not "Subjects who have not had radiotherapy for rectal cancer"
    among exclusions, nor "Surgery to treat the primary tumour" among inclusions, which may be planned). When it only
    denies concepts ("denied"), what
    narrows a concept widens its denial: "No prior pelvic radiotherapy" holds for every patient without
    radiotherapy, and a patient with radiotherapy may still meet it, so the structured part is sufficient, not
    necessary (`alternative`)."""
    if coverage == "full":
        return "none"
    if coverage == "none" or not covered:
        return "unknown"
    doc = marks.doc
    if section == "inclusion" and isinstance(expr, AnyOf) and _polarity(expr) == "mixed" and _opens_with_a_denial(doc):
        return "unknown"  # "No active infection or recent use of antibiotics": both denied, or the use allowed?
    cues = _cues(doc)
    qualifying = _qualifying(doc, cues) | marks.standard_tokens  # as `qualifying_tokens`, the cues found once
    # and a study reference point ("Study entry must be within 5 weeks of surgery"): when, not what
    left = [i for i in uncovered if i not in qualifying and not marks.has_cue(i, "reference_event")]
    if not left:
        return "qualifier"
    dated = any(span.label_ == "cue:window" for span in marks.cues)
    if not set(left) - _support_withheld(marks) and (support := _support_reading(expr, dated, section)) is not None:
        return support
    polarity = _polarity(expr)
    examples, narrowing, waived = _lists(doc, cues, covered, section)
    own_requirement = (section == "inclusion") == (polarity == "denied")  # not one the section turns around
    narrowing_concepts = (narrowed_by or {}) if own_requirement else {}
    modifiers = _modifiers(doc, mentions, set(left), narrowing_concepts) if polarity != "mixed" else set()
    if _required_by_the_rest(doc, cues, covered):
        return "unknown"
    if all(i in examples for i in left):
        return "examples"
    if all(i in examples or i in narrowing or i in modifiers for i in left):
        if polarity == "mixed" and _narrows_a_denial(doc, cues, expr, locate):
            return "unknown"
        if section == "inclusion" and _excepts_a_threshold(doc, cues, expr, locate):
            return "unknown"
        lifting = section == "exclusion" and any(kind == "rest_waiver" for kind, _, _ in cues)
        # what widens a denial makes the structured part enough, but what lifts an exclusion ("…, unless they are
        # ineligible for chemotherapy") leaves it necessary, never enough to exclude
        return "alternative" if polarity == "denied" and not lifting else "narrowing"
    if waived and all(i in examples or i in waived for i in left):
        return "alternative"
    # a structured part a severity word, an exception or a waiver bears on is never sufficient alone
    # ... nor one the item says makes patients ineligible ("HER2+ (3+ by IHC or FISH+) tumours are not eligible":
    # `prose_exclusion_header` phrases), which turns the whole item round
    sufficient = (not narrowing and not waived and not any(kind in _LIMITING for kind, _, _ in cues)
                  and not _says_ineligible(doc, section))
    if sufficient and _illustrated(doc, cues, left, covered):
        return "alternative"
    if _defines(doc, cues, left, min(covered)) or _bracket_defines(doc, left, covered, expr):
        return "definition"
    if sufficient and _disjuncts(doc, cues, left, covered, section) and not (
            section == "inclusion" and _opens_with_a_denial(doc)):  # "No infection or fever > 38 °C": neither
        return "alternative"
    return "unknown"


def _says_ineligible(doc: Doc, section: str) -> bool:
    """Whether an inclusion says those it describes are left out ("… tumours are not eligible": `denials.ruling_out`);
    in an exclusion that only restates the section."""
    return section == "inclusion" and ruling_out(doc, 0, len(doc)) is not None


def qualifying_tokens(marks: Marks) -> set[int]:
    """The words saying when or how something is measured or confirmed (`rest_qualifier` cues), or by which standard
    (`Marks.standard_tokens`)."""
    return _qualifying(marks.doc, _cues(marks.doc)) | marks.standard_tokens


def _qualifying(doc: Doc, cues: _Cues) -> set[int]:
    """The tokens of `rest_qualifier` cues and of the ways of measuring named after one, or after a word leading a
    method (`method_lead` cues: "by echocardiogram or MUGA", "as measured by ECHO or MUGA scan", "on ECG or Holter",
    "by CT and/or MRI": method words of the `imaging_word` and `method_word` cues, joined as a list's members are:
    `LIST_JOINS`): a choice of method is still how, never another criterion."""
    ends = [end for kind, start, end in cues if kind == "rest_qualifier"]
    found = {i for kind, start, end in cues if kind == "rest_qualifier" for i in range(start, end)}
    leads = lexicon.words("method_lead")
    ends += [i + 1 for i, token in enumerate(doc) if token.lower_ in leads]
    methods = lexicon.words("imaging_word") | lexicon.words("method_word")
    for end in ends:
        named = end
        while named < len(doc) and (doc[named].lower_ in methods or doc[named].lower_ in LIST_JOINS
                                    and named + 1 < len(doc) and doc[named + 1].lower_ in methods):
            named += 1
        if named > end:
            found.update(range(end - (doc[end - 1].lower_ in leads), named))
    return found


def _support_withheld(marks: Marks) -> set[int]:
    """The words saying a value is reached without a treatment that props it up ("platelets ≥ 100,000/mm3 without
    transfusion support", "ANC ≥ 1.5 independent of growth factors", "without using blood products"): a
    `support_lead` cue, then mentions of a `support` row of the concept table and `support_filler` words.
    What they leave to the structured part is its bounds' (`_support_reading`). Not after "with or" ("with or
    without transfusion"): a person reads that."""
    doc = marks.doc
    propping = {i for span in marks.concepts if (row := concept_named(span.text)) and row.support
                for i in range(span.start, span.end)}
    if not propping:
        return set()
    fillers, found = lexicon.words("support_filler"), set[int]()
    for start in range(len(doc)):
        if not (lead := lexicon.phrase_from(doc, start, "support_lead")) or (
                start >= 2 and doc[start - 2].lower_ == "with" and doc[start - 1].lower_ == "or"):
            continue
        end = start + lead
        while end < len(doc) and (end in propping or doc[end].lower_ in fillers):
            end += 1
        if any(i in propping for i in range(start + lead, end)):
            found.update(range(start, end))
    return found


def _defines(doc: Doc, cues: _Cues, left: list[int], first: int) -> bool:
    """Whether the left-out words are a label before a colon or a defining cue that opens the structured part; not
    a label opening with a cohort or other persons (`label_apart` rows: "Part A: T2DM subjects", "DONOR: Diabetes
    mellitus"), which says whom the structured part is about, not what it defines."""
    opener = next((end for kind, _, end in cues if kind == "rest_definition" and max(left) < end <= first), None)
    if opener is None:
        opener = next((i + 1 for i in range(max(left) + 1, first) if doc[i].text == ":"), None)
    return (opener is not None and not any(doc[i].text in BOUNDARY for i in range(min(left), opener))  # one sentence
            and doc[min(left)].lower_ not in lexicon.words("label_apart"))


def _bracket_defines(doc: Doc, left: list[int], covered: set[int], expr: Expr | None) -> bool:
    """Whether the structured part is thresholds in brackets, each right after a label it defines, and the labels are
    all that is left out ("Thrombocytopenia (platelets < 90,000/mm3)", "Renal insufficiency (creatinine > 2 mg/dL) or
    hepatic impairment (bilirubin > 3 mg/dL)"): such a bracket defines its label, as a colon does, where the label
    names a measured state (`defined_label` rows: "function", "impairment", "thrombocytopenia"), not a disease the
    bracket gives one sign of ("Bleeding diathesis (platelets < 50,000)": haemophilia has normal platelets) or
    narrows ("Type 2 diabetes (HbA1c 7-10%)"). Not a duration ("persistent AF (lasting longer than 7 days)": how
    long, not what), not a label that lists more than one thing ("anaphylaxis or uncontrolled asthma (3 or more
    features …)": the bracket defines the last), not where a denial or a relative clause may bear on it, and not for
    a past event (`past_label`: "History of thrombocytopenia (platelets < 50,000/mm3)", which today's count cannot
    rule out)."""
    nodes = list(iter_nodes(expr, conditions=False))
    if not any(isinstance(node, Comparison) for node in nodes) or any(
            isinstance(node, Concept | Not) or (isinstance(node, Comparison) and units.dimension(node.unit) == "time")
            for node in nodes):
        return False
    stops = lexicon.words("negation") | lexicon.words("relative_pronoun") | lexicon.words("past_label")
    if any(token.lower_ in stops for token in doc):
        return False  # "No AML (≥ 20% blasts)", "OSA who require CPAP (AHI > 15)", "History of anaemia (Hb < 10)"
    inside: set[int] = set()
    for run in _runs(doc, left, covered):
        opening = run[-1] + 1
        if (opening >= len(doc) or doc[opening].text != "(" or doc[run[-1]].lower_ not in lexicon.words("defined_label")
                or any(doc[i].lower_ in LIST_JOINS or doc[i].text in "()" for i in range(run[0] + 1, opening))):
            return False
        closing = next((i for i in range(opening + 1, len(doc)) if doc[i].text == ")"), len(doc))
        inside.update(range(opening + 1, closing))
    return bool(inside) and covered <= inside


def _lists(doc: Doc, cues: _Cues, covered: set[int],
           section: str) -> tuple[set[int], set[int], set[int]]:
    """The tokens of lists of examples of a structured head, the tokens that only narrow the structured part (a
    severity word right before a structured token, a list of exceptions or a cause opened right after one, what it
    requires, and in an exclusion a waiver), and in an inclusion the tokens of a waiver opened right after one
    (another way to meet it)."""
    examples: set[int] = set()
    narrowing: set[int] = set()
    waived: set[int] = set()
    needs: set[int] = set()
    for kind, start, end in cues:
        if kind == "rest_severity" and end in covered:
            narrowing.update(range(start, end))
        elif kind == "rest_need" and _head(doc, start) in covered:
            need = range(start, _list_end(doc, start))
            if not any(doc[i].lower_ in LIST_JOINS and i not in covered for i in need):
                needs.update(need)  # "requiring medication"; not "requiring antibiotics …, or other infection"
        elif kind in _LISTS and _head(doc, start) in covered:
            found = examples if kind == "rest_examples" else narrowing
            if kind == "rest_waiver" and section == "inclusion":
                found = waived
            found.update(range(start, _list_end(doc, start)))
    illustrating = {i for kind, start, _ in cues if kind == "rest_examples"
                    for i in range(start, _list_end(doc, start))}
    narrowing.update(i for i in needs if i not in covered and i not in illustrating)  # "(e.g., infection requiring …)"
    return examples, narrowing, waived


def _narrows_a_denial(doc: Doc, cues: _Cues, expr: Expr | None, locate: Locate) -> bool:
    """Whether a list of exceptions, a cause or a waiver hangs on a denied concept beside an affirmed part ("Hemoglobin
    ≥ 9 g/dL and no transfusion within 2 weeks other than perioperative transfusion"): it widens the denial, where it
    narrows the rest, so the structured part is neither sufficient nor necessary."""
    spans = [locate(where) for node in iter_nodes(expr, conditions=False) if isinstance(node, Concept) and node.negated
             for where in (node.span, *([node.within.span] if node.within else []))]  # its window's words too
    denied = {i for tokens in spans if tokens is not None for i in tokens}
    return any(kind in _LISTS and _head(doc, start) in denied for kind, start, _ in cues)


def _excepts_a_threshold(doc: Doc, cues: _Cues, expr: Expr | None, locate: Locate) -> bool:
    """Whether a list of exceptions hangs on a threshold: in an inclusion it may exempt some from the bound ("AST < 3 x
    ULN except if due to tumour involvement of the liver") or keep some out though they meet it ("Age ≥ 18 years,
    except pregnant women"), which only a reader can tell."""
    bounded = {i for node in iter_nodes(expr, conditions=False) if isinstance(node, Comparison)
               and (tokens := locate(node.span)) is not None for i in tokens}
    return any(kind == "rest_exceptions" and _head(doc, start) in bounded for kind, start, _ in cues)


def _required_by_the_rest(doc: Doc, cues: _Cues, covered: set[int]) -> bool:
    """Whether what is structured is what words left out require ("conditions that require the use of systemic
    therapy", "Intercurrent condition requiring a treatment …: such as … chemotherapy"): a record of the treatment
    does not show the need for it now, so the structured part is neither sufficient nor necessary. Not the need of a
    person ("Patients requiring dialysis"), which is theirs, nor a need a definition opens ("defined as requiring")."""
    people = lexicon.words("person")
    for kind, start, _ in cues:
        head = _head(doc, start)
        if (kind == "rest_need" and head >= 0 and head not in covered and plain_word(doc[head])
                and doc[head].lower_ not in people and any(i > start for i in covered)):
            return True
    return False


def _modifiers(doc: Doc, mentions: Set[int], left: set[int], narrowed_by: Mapping[int, range]) -> set[int]:
    """The left-out words right before a structured lexicon concept that modify it ("prior thoracic radiotherapy",
    "respiratory tract infection"): they only narrow it, as a severity word does. A negation or a result word is no
    modifier ("negative HIV test"), and a word that makes it someone else's or not yet certain (`not_narrowing`
    rows: "maternal HIV infection", "suspected infection", "impending cord compression") keeps all of them from
    narrowing it, as does a concept that is the object of a verb or preposition before them (`modal_negation`,
    `object_lead` rows: "cannot tolerate …", "candidates for …"); a word named as a disease joined to more words
    is no modifier (`disease_ending` rows: "glaucoma or ocular hypertension" names two; "melanoma brain metastases"
    one). So do the words of a concept saying which one is meant (`narrowed_by`), under the same conditions."""
    not_modifiers = lexicon.words("negation") | lexicon.words("result_word")
    diseases, joins = tuple(lexicon.words("disease_ending")), lexicon.words("modifier_join")

    def modifier(i: int) -> bool:  # not a disease's name joined to more: "glaucoma or ocular hypertension" names two
        return (i in left and plain_word(doc[i]) and doc[i].lower_ not in not_modifiers
                and not (doc[i].lower_.endswith(diseases) and i + 1 < len(doc) and doc[i + 1].lower_ in joins))

    found: set[int] = set()
    for start in mentions:
        first = modifier_start(doc, start, modifier)
        run = [i for i in range(first, start) if i in left]
        before = doc[first - 1].lower_ if first > 0 else ""
        # "cannot tolerate chemotherapy": a verb; "candidates for thoracic surgery": the object of something else
        governed = before in lexicon.words("modal_negation") or before in lexicon.words("object_lead")
        if not governed and not any(doc[i].lower_ in lexicon.words("not_narrowing") for i in run):
            found.update(run, (i for i in narrowed_by.get(start, ()) if i in left))
    return found


def waiver_starts(doc: Doc) -> list[int]:
    """Where the waivers of a criterion open ("unless …"): what follows one lifts the requirement before it."""
    return [start for kind, start, _ in _cues(doc) if kind == "rest_waiver"]


def exception_spans(doc: Doc) -> list[tuple[int, int]]:
    """The words that open the exceptions of a criterion ("except …", "other than …"), as token ranges."""
    return [(start, end) for kind, start, end in _cues(doc) if kind == "rest_exceptions"]


def exception_starts(doc: Doc) -> list[int]:
    """Where the exceptions of a criterion open."""
    return [start for start, _ in exception_spans(doc)]


def example_lists(doc: Doc) -> list[range]:
    """The token ranges of the lists of examples in a criterion ("including A, B and C"): their members are
    instances of the head, so an "and" between two of them joins list members, not requirements."""
    return [members for _, members in listed_examples(doc)]


def listed_examples(doc: Doc) -> list[tuple[int, range]]:
    """Each list of examples with the token it is about ("liver disease including HBV …": "disease")."""
    return [(_head(doc, start), range(start, _list_end(doc, start))) for kind, start, _ in _cues(doc)
            if kind == "rest_examples"]


def permits_or_plans(doc: Doc, expr: Expr) -> bool:
    """Whether a criterion says what a patient may have or will have (`rest_permission` cues: "may have had prior
    surgery", "Patients may have undergone debulking surgery", "who will have thyroid surgery"), or who may take part
    where it structures no threshold (`rest_allowance` cues: "Patients with treated brain metastases stable for more
    than 3 months are eligible"; "Karnofsky ≥ 70 are eligible" is a requirement): the concepts it names are no
    requirement as written, so its rest is for a person. Not a permission its sentence denies ("No pegylated growth
    factors are allowed within 3 weeks")."""
    negations = lexicon.words("negation")
    thresholds = any(isinstance(node, Comparison) and not _how_long(node) for node in iter_nodes(expr))
    for kind, start, _ in _cues(doc):
        if kind != "rest_permission" and (kind != "rest_allowance" or thresholds):
            continue
        opening = max((t.i for t in doc[:start] if t.text in BOUNDARY), default=-1) + 1
        if not any(t.lower_ in negations for t in doc[opening:start]):
            return True
    return False


def names_a_prospect(doc: Doc, expr: Expr | None, locate: Locate) -> bool:
    """Whether a criterion names a treatment as a prospect rather than an event: one the patient is judged fit for
    (`rest_prospect` cues: "Must be surgical candidates", "not amenable to curative resection", "does not permit
    surgery", "awaiting liver transplantation"), or a procedure the patient is undergoing (`procedure_prospect` cues
    before a `procedure_word` or `procedure_ending`: "Patients undergoing emergency surgery"), which in a trial of the
    procedure is the one it plans, or one the patient needs (`need_prospect` cues opening the criterion or after a
    person: "Requires radiotherapy", "Patients requiring surgery"; not "Infection requiring surgery", a need of the
    infection). No record of past treatments shows either, denied or not, so the rest is for a person. A therapy being
    undergone or needed ("undergoing hemodialysis", "Patients requiring dialysis") is current, and a record shows it."""
    treatments = [tokens for node in iter_nodes(expr, conditions=False)
                  if isinstance(node, Concept) and node.category == "treatment"
                  and (tokens := locate(node.span)) is not None]
    people = lexicon.words("person")
    for kind, start, end in _cues(doc) if treatments else ():
        if kind == "need_prospect" and start > 0 and not _a_persons(doc, start, people):
            continue
        for treatment in treatments:
            ahead = (end <= treatment.start <= end + _PROSPECT_REACH
                     and not any(t.text in BOUNDARY for t in doc[end:treatment.start]))
            if kind == "rest_prospect" and (ahead or treatment.stop == start):
                return True
            if (kind in ("procedure_prospect", "need_prospect") and ahead
                    and any(_names_a_procedure(doc[i].lower_) for i in treatment)):
                return True
    return False


def _a_persons(doc: Doc, start: int, people: Set[str]) -> bool:
    """Whether the words before a cue at `start` are a person's, across a relative pronoun and a modal ("Patients
    requiring …", "Patients who will require …")."""
    i = start - 1
    while i > 0 and doc[i].lower_ in lexicon.words("relative_pronoun") | lexicon.words("modal_verb"):
        i -= 1
    return doc[i].lower_ in people


def _names_a_procedure(word: str) -> bool:
    return word in lexicon.words("procedure_word") or word.endswith(lexicon.cues()["procedure_ending"])


def _how_long(node: Comparison) -> bool:
    """Whether a threshold is how long a state or an event lasted or is past ("stable for more than 4 weeks"), not a
    measurement nor an age."""
    return units.dimension(node.unit) == "time" and "age" not in node.measure.lower().split()


def example_cue_tokens(doc: Doc) -> set[int]:
    """The tokens of the words that open lists of examples ("including, but not limited to", "such as")."""
    return {i for kind, start, end in _cues(doc) if kind == "rest_examples" for i in range(start, end)}


def _illustrated(doc: Doc, cues: _Cues, left: list[int], covered: set[int]) -> bool:
    """Whether what is structured are listed examples of a head that is not ("liver disease including HBV DNA
    ≥ 10^4"): each example is an instance of the head, so it satisfies the criterion, but the head has others.
    The left-out words are then the head, in the sentence that opens the list, and the list's other members. Not a
    head a severity word qualifies ("Uncontrolled intercurrent illness, e.g. hypertension"): it bears on each
    example, which a record of the example alone does not show, unless the example is a threshold ("Uncontrolled
    diabetes, e.g. HbA1c > 9%"); nor a list naming what caused an example ("Neurological disorders, e.g. …,
    neuropathy due to chemotherapy"): the cause is no instance of the head."""
    for kind, start, _ in cues:
        if kind != "rest_examples" or _head(doc, start) in covered:
            continue
        members = range(start, _list_end(doc, start))
        opening = _sentence_start(doc, start)
        if any(other == "rest_severity" and opening <= at < start for other, at, _ in cues) and not any(
                doc[i].like_num for i in covered if i in members):  # a threshold example states its own severity
            continue
        if any(other == "rest_cause" and at in members for other, at, _ in cues):
            continue  # "…, neuropathy due to chemotherapy, …": what caused an example is none
        if _qualified_example(doc, members, covered, {at for other, at, _ in cues if other == "rest_examples"}):
            continue
        if all(i in members for i in covered) and all(opening <= i < members.stop for i in left):
            return True
    return False


def _qualified_example(doc: Doc, members: range, covered: set[int], example_starts: set[int]) -> bool:
    """Whether a structured example is narrowed by words in a bracket right after it ("diabetes (insulin
    dependent)", "hypertension (uncontrolled)"): a record of the example alone does not show it. Not an abbreviation
    ("(CHF)") nor a list of examples of its own ("(e.g. …)")."""
    for i in members:
        if i not in covered or i + 1 not in members or doc[i + 1].text != "(":
            continue
        inner = range(i + 2, closing_bracket(doc, i + 2, len(doc), members.stop) or members.stop)
        if (not bracketed_abbreviation(doc, i + 1) and not any(k in covered or k in example_starts for k in inner)
                and any(doc[k].is_alpha for k in inner)):
            return True
    return False


def _disjuncts(doc: Doc, cues: _Cues, left: list[int], covered: set[int], section: str) -> bool:
    """Whether every run of left-out words is another way to satisfy the criterion: opened by "or" between it
    and the structured words before it, or, before the first structured word, tied to what follows by "or"
    without a sentence in between ("LVEF < 40% or other evidence of heart failure",
    "Pregnant or lactating women …; or …"). A run after a sentence break that "or" does not open is another
    requirement ("Histologically confirmed adenocarcinoma. At least one lesion ≥ 10 mm"), and so, in an inclusion,
    where commas join requirements, is a clause after a comma (`_one_clause`)."""
    alternatives = {start for kind, start, _ in cues if kind == "rest_alternative"}
    example_openers = {start for kind, start, _ in cues if kind == "rest_examples"}
    return all(_disjunct(doc, run, covered, alternatives)
               and (section == "exclusion" or _one_clause(doc, run, example_openers))
               for run in _runs(doc, left, covered))


def _one_clause(doc: Doc, run: list[int], example_openers: Set[int]) -> bool:
    """Whether a run of left-out words is one alternative: each comma in it is one of a list that "or" ends in its
    sentence ("gefitinib, erlotinib, or other EGFR inhibitors") or opens examples, not the start of a clause that adds
    a requirement ("… or schizoaffective disorder, currently in acute exacerbation")."""
    end = next((k for k in range(run[-1], len(doc)) if doc[k].text in BOUNDARY), len(doc))
    ors = [k for k in range(run[0], end) if doc[k].lower_ in lexicon.words("or_word")]
    for previous, i in pairwise(run):
        commas = [k for k in range(previous, i) if doc[k].text == ","]
        if commas and i not in example_openers and not any(k > commas[-1] for k in ors):
            return False
    return True


def leaves_out_an_alternative(doc: Doc, uncovered: list[int], covered: set[int]) -> bool:
    """Whether some run of left-out words is tied to the structured part by "or" ("Malignancy or CEA > 100",
    "Receiving radiotherapy, or hemoglobin < 9"): however little of the item it is, the structured part is then
    not the whole criterion, and its failing decides nothing."""
    return bool(uncovered) and bool(covered) and any(
        _disjunct(doc, run, covered, frozenset()) for run in _runs(doc, uncovered, covered))


def leaves_out_an_exception(doc: Doc, uncovered: list[int], covered: set[int]) -> bool:
    """"… no red cell transfusion within 2 weeks other than perioperative transfusion": an exception
    (`rest_exceptions` cues) left out with the words it excepts bears on the structure, however few its words."""
    left_out = set(uncovered)
    for start, end in exception_spans(doc):
        if start in covered:
            continue
        for token in doc[end:]:
            if token.text in CLAUSE_PUNCT:
                break
            if token.i in left_out:
                return True
    return False


def _disjunct(doc: Doc, run: list[int], covered: set[int], alternatives: Set[int]) -> bool:
    """Whether one run of left-out words is opened by "or" (or an alternative cue) after the structured words
    before it, or, before the first structured word, tied to what follows by "or" within one sentence."""
    first = min(covered)
    if run[0] < first:
        link = range(run[-1] + 1, first)
        if any(doc[i].text in BOUNDARY for i in link):
            return False
    else:
        opener = max(i for i in range(run[0]) if i in covered or doc[i].text in BOUNDARY)
        link = range(opener, run[0])
    return any(doc[i].lower_ in lexicon.words("or_word") or i in alternatives for i in link)


def _runs(doc: Doc, left: list[int], covered: set[int]) -> list[list[int]]:
    """The left-out words in runs that structured words or sentence breaks separate."""
    runs: list[list[int]] = []
    for i in sorted(left):
        if runs and not any(j in covered or doc[j].text in BOUNDARY for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _sentence_start(doc: Doc, i: int) -> int:
    while i > 0 and doc[i - 1].text not in BOUNDARY:
        i -= 1
    return i


def _head(doc: Doc, cue: int) -> int:
    """The token a list opened at `cue` is about: the last word before it, across punctuation and an opening bracket."""
    i = cue - 1
    while i >= 0 and not doc[i].text[:1].isalnum():
        i -= 1
    return i


def _list_end(doc: Doc, cue: int) -> int:
    """Where a list opened at `cue` ends: its closing bracket when it is inside brackets, else the sentence's end."""
    depth = sum(1 if doc[i].text == "(" else -1 if doc[i].text == ")" else 0 for i in range(cue))
    for i in range(cue, len(doc)):
        if depth > 0 and doc[i].text == ")":
            return i + 1
        if depth <= 0 and doc[i].text in BOUNDARY:
            return i
    return len(doc)
