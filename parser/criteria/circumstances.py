"""A concept that says which other concept is meant, rather than being a requirement of its own.

"No prior chemotherapy for metastatic disease": the disease is what the treatment is for (`treated_condition_link`
cues); "Active infection requiring systemic therapy": the therapy is what the condition requires
(`required_treatment_link` cues). Where a condition excludes (an exclusion's, or one an inclusion denies), a
treatment may also say what caused it ("Pneumonitis due to radiotherapy", "Bleeding following surgery":
`sequel_treatment_link` cues) or be what it is a reaction to ("Patients allergic to corticosteroids", "Known
hypersensitivity to paclitaxel, or any component of the study drug": the object of a `reaction_link` phrase, to
the end of its clause, `reaction_object`); read as a requirement of its own, the treatment alone excluded every
patient who had it. Either way the second concept, and the words before it, narrow the first: a screener reads the
first concept and leaves the narrowing to the rest (`rest.classify_rest`). A concept listed after one of them is one
of its own ("… for metastatic disease, or known brain metastases"), unless an "or" alone joins it to a modifier term
("… for metastatic or recurrent disease": one disease, two modifiers) or, for a treatment saying what caused a
condition, "or" or "and" ("after radiotherapy or chemotherapy").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span

from parser.criteria import lexicon
from parser.criteria.atoms import BOUNDARY, LIST_JOINS
from parser.criteria.cue_words import negation_words, strip_words
from parser.criteria.modifiers import modifier_start, plain_word
from parser.models.criteria import Concept, Expr

_LINKS = {"condition": ("treatment", "treated_condition_link"), "treatment": ("condition", "required_treatment_link")}
"""A concept's category to the category of the concept it may narrow and the cues that link the two."""
_REACTION_REACH = 8
"""Words read after a list word for a part of what a reaction is to ("or any of the components of the study drug")."""
_COORDINATORS = LIST_JOINS - {","}
_CLAUSE_BREAKS = BOUNDARY | {":"}


def circumstance_start(doc: Doc, span: Span, category: str, nodes: Sequence[tuple[int, int, Expr]],
                       continued_from: int, excluding: bool) -> int | None:
    """Where the words begin that make a concept mention (`span`, of `category`) say which concept of the node before
    it (the last of `nodes`) is meant, or None when it is a concept of its own; `continued_from`: where the last such
    mention ended (-1: none), which one joined to it by an "or" after a modifier term continues; `excluding`: whether
    the item's section excludes what it affirms (an exclusion)."""
    narrowed, cue = _LINKS.get(category, (None, None))
    if cue is None or not nodes:
        return None
    first = _own_modifiers(doc, span.start)
    between = [t.lower_ for t in doc[continued_from:first]] if continued_from >= 0 else []
    if (len(between) == 1 and between[0] in lexicon.words("modifier_join")
            and doc[continued_from - 1].lower_ in lexicon.words("modifier_term")):
        return continued_from
    _, end, previous = nodes[-1]
    if not isinstance(previous, Concept) or previous.category != narrowed or _new_alternative(doc, end, span.start):
        return None
    # a treatment may say what caused a condition that excludes (not one an inclusion requires: both are required)
    sequel = category == "treatment" and previous.negated != excluding
    cues = (cue, "sequel_treatment_link") if sequel else (cue,)
    if any(lexicon.phrase_before(doc, i, kind) == end for kind in cues for i in range(first, span.start + 1)):
        return end  # "requiring", "due to": a word too
    if sequel and between and set(between) <= _COORDINATORS:
        return continued_from  # "after radiotherapy or chemotherapy"; not "…, chemotherapy within 4 weeks"
    return None


def _new_alternative(doc: Doc, start: int, end: int) -> bool:
    """Whether the words `[start, end)` open another alternative before a mention: a coordinator, then words of having
    it ("… requiring treatment or history of stem cell transplant": the transplant is no treatment it requires)."""
    words = [t.lower_ for t in doc[start:end]]
    joins = [i for i, word in enumerate(words) if word in _COORDINATORS]
    articles = lexicon.words("period_article")
    return bool(joins) and any(word in strip_words() for word in words[joins[-1] + 1:] if word not in _COORDINATORS
                               and word not in articles)


def reaction_object(doc: Doc, start: int, categories: Mapping[int, str]) -> int | None:
    """Where the object of a reaction ends ("hypersensitivity to paclitaxel, docetaxel or any component of the study
    drug"), for a condition named from `start` by a `reaction_link` phrase ("allergic to", "hypersensitivity
    reactions to"; not "metastases to the brain"); None without one. `categories`: the category of each concept
    mention by where it starts. The object ends with its clause: at a sentence break or colon, at a bracket it did
    not open, at a condition named in it, and at a list word unless one more thing reacted to follows
    (`_more_reacted_to`)."""
    link = lexicon.phrase_from(doc, start, "reaction_link")
    if not link:
        return None
    depth = 0
    i = first = start + link
    while i < len(doc):
        word = doc[i].lower_
        if categories.get(i, "treatment") != "treatment" or (depth == 0 and word in _CLAUSE_BREAKS):
            break
        depth += (word == "(") - (word == ")")
        if depth < 0 or (word in LIST_JOINS and depth == 0 and not _more_reacted_to(doc, i, categories)):
            break
        i += 1
    while i > first and doc[i - 1].lower_ in LIST_JOINS:
        i -= 1
    return i if i > first else None


def _more_reacted_to(doc: Doc, i: int, categories: Mapping[int, str]) -> bool:
    """Whether the list words at `i` (",", "or", ", or") go on to one more thing a reaction is to: "to …", a part of
    what was named ("or any of its excipients": a `reaction_lead` word, then a `reaction_part` word), or a single word
    that names no concept and says nothing of use or time ("Velcade, boron or mannitol"). Anything longer may be an
    exclusion of its own ("or severe renal impairment", "or strong CYP3A4 inhibitors", "or anticoagulant therapy"):
    the object ends, and the words after it are left to the rest."""
    while i < len(doc) and doc[i].lower_ in LIST_JOINS:
        i += 1
    if i >= len(doc):
        return False
    words = [token.lower_ for token in doc[i:i + _REACTION_REACH]]
    if words[0] == "to":
        return True
    if words[0] in lexicon.words("reaction_lead"):
        return any(word in lexicon.words("reaction_part") for word in words)
    stops = lexicon.words("reaction_stop") | lexicon.words("mention_filler") | lexicon.words("np_stop")
    ends = len(words) == 1 or words[1] in LIST_JOINS or words[1] in _CLAUSE_BREAKS or words[1] == "("
    return ends and doc[i].is_alpha and words[0] not in stops and i not in categories


def _own_modifiers(doc: Doc, start: int) -> int:
    """Where the modifiers of a noun starting at `start` begin, none of them a negation or a join ("for rectal
    cancer and no distant metastasis": "distant" only)."""
    stops = negation_words() | lexicon.words("modifier_join")
    return modifier_start(doc, start, lambda i: plain_word(doc[i]) and doc[i].lower_ not in stops)


__all__ = ["circumstance_start", "reaction_object"]
