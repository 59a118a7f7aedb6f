"""The screener's own word lists (`data/screening.csv`): which concept words a patient field answers, which
concept categories no record states or the patient confirms at enrolment and the wording of those steps, the words
of lesion counts, and the words that make a record entry someone else's or of another kind than a concept, and the
qualifiers a list of events may share.

They are read by the screener only, so they live with it; the measures, units and concepts it shares with the
engine are the vocabulary's (`parser.vocabulary`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parser.vocabulary.tables import table_rows

WORD = re.compile(r"[\w'-]+")
"""A word of a name or a criterion as the screener reads them: letters, digits, hyphens and apostrophes."""


@dataclass(frozen=True)
class ScreeningTerms:
    """The screener's word lists (`data/screening.csv`)."""

    states: dict[str, str]
    """Concept words a patient field answers rather than a condition or treatment: word to the field's
    state (`pregnant`, `lactating`, `female`, `male`)."""
    later_anchors: tuple[str, ...]
    """Anchor words of windows that lie after enrollment ("6 months after the last dose"): not checkable."""
    past_anchors: frozenset[str]
    """Anchor words of windows counted from a past event ("within 6 months of completing adjuvant chemotherapy", "of
    previous surgery"), not from screening: no record date says when that was, so not checkable either ("prior"
    unless "prior to"; not an anchor naming an event of the study, `study_anchors`: "prior to the initial dose")."""
    onset_windows: tuple[str, ...]
    """Words opening a window that runs from its anchor's start ("within the first 2 months of initiating ibrutinib",
    "of infection"): the event's own first months, which no record date says (unless the anchor is the study's)."""
    anchor_breaks: frozenset[str]
    """Words that end the event a past anchor word governs ("of initial diagnosis | prior to randomization")."""
    study_anchors: frozenset[str]
    """Anchor words naming an event of the study ("dose", "randomization"): a window counted from it is counted
    from screening."""
    unrecorded_categories: frozenset[str]
    """Concept categories no patient record states as a fact (laboratory): left to a reviewer."""
    partner_words: tuple[str, ...]
    """Words that put a criterion's pregnancy on a partner ("female partner"): a male patient may hold that plan."""
    enrolment_categories: frozenset[str]
    """Concept categories confirmed when the patient enrols (consent, contraception): listed, not blocking."""
    lesion_words: dict[str, frozenset[str]]
    """Words of a lesion count's name and what each says: counts `lesions` or `organs`, only `distant` or
    `measurable` ones, or nothing (`filler`)."""
    lesion_sites: dict[str, str]
    """Site words of lesion counts and of patients' lesions, to one name per organ ("pelvic" → pelvis)."""
    far_sites: dict[str, frozenset[str]]
    """A structure a criterion measures tumours' distance to ("spinal cord") to the organs (by `lesion_sites` names)
    whose lesions lie more than a centimetre from it."""
    current_cues: frozenset[str]
    """Words that, right before a treatment, ask for it as current ("receiving", "on"): an ended one is unknown."""
    current_words: frozenset[str]
    """Words that anywhere in a criterion ask for its treatments as current ("currently", "ongoing")."""
    current_phrases: tuple[str, ...]
    """Phrases that anywhere in a criterion put its treatments in the study's time ("during the study"): a course
    that ended before is no answer."""
    donor_words: frozenset[str]
    """Words of a record entry saying the patient gave what it names ("bone marrow donation"): it is someone else's
    treatment ("donor" is not one: "donor lymphocyte infusion" is the patient's own)."""
    example_openers: tuple[str, ...]
    """Words opening a list of examples of the noun before them ("anticancer therapy, including chemotherapy"): a
    `current_cue` before that noun asks for each example as current too."""
    current_verbs: frozenset[str]
    """Verbs of a treatment going on now ("receiving", "undergoing") that take a list of treatments as their object,
    however far into the sentence it goes ("who are receiving treatments which, if omitted, … such as
    chemotherapy"), unless a word of the past comes between (`past_words`)."""
    past_words: frozenset[str]
    """Words of a treatment in the past: `past_verb` rows ("received", "underwent"), past anchors and one-word history
    cues ("prior"): "receiving or having received chemotherapy" asks for it ever."""
    history_cues: tuple[str, ...]
    """Words right before a condition as written, or anywhere in a lead to a list, that ask for it as history
    ("history of stroke", "prior myocardial infarction", "No history of any of the following:"): an inactive record
    of it meets it, where a criterion naming it alone leaves an inactive one unknown (history or current?)."""
    present_words: frozenset[str]
    """Words that ask for a condition as present ("active", "uncontrolled", and the `current_word` rows: "currently",
    "ongoing"): no history cue reaches past them."""
    relative_words: frozenset[str]
    """Words that make the history after them someone else's ("family history of", "maternal history of")."""
    history_waivers: frozenset[str]
    """Words of a lead that let history pass ("a past history is allowed"): its history cue asks nothing."""
    period_words: frozenset[str]
    """Words after "past" or "previous" that make it a period, not history ("past few months")."""
    opposites: dict[str, frozenset[str]]
    """A qualifier of a concept's name to the words that, in a record entry, say the entry is not of it ("major"
    surgery: a "minor surgery" entry; "unstable" angina: "stable angina")."""
    list_prefixes: tuple[str, ...]
    """Qualifiers that, opening a list of events ("clinically significant pleural effusion, ascites or pericardial
    effusion"), may bear on every event listed."""
    list_postfixes: tuple[str, ...]
    """Words that open a qualifier closing a list of events ("ascites or pleural effusion requiring drainage"),
    which may bear on every event listed."""
    relative_leads: tuple[str, ...]
    """Words that open a record entry about someone else ("family history of colorectal cancer", "mother: breast
    cancer"): it names no condition or treatment of the patient."""
    judging_categories: frozenset[str]
    """Enrolment categories that are the investigator's call (value `judges`): a criterion structuring one is that
    call as a whole, its other words the grounds of it ("… not suitable due to any clinical abnormalities")."""
    enrolment_words: frozenset[str]
    """The wording of enrolment steps ("willing", "signed", "study", "women of childbearing potential"): a criterion
    that structures only such steps is read at enrolment as a whole only when its other words are these."""
    fact_words: frozenset[str]
    """Enrolment wording that may also state a clinical fact ("not currently receiving other investigational
    drugs"): beside a concept a record answers, not wording (`enrolment.unread`)."""
    organ_systems: dict[str, str]
    """Words naming an organ system to the category of the measures that test it ("bone marrow": hematology), for a
    criterion that labels organ function adequate without numbers of its own (`labels`)."""
    organ_label_words: frozenset[str]
    """Words that make a laboratory concept naming organ systems a label of their function ("function")."""
    adequacy_words: frozenset[str]
    """Words that say the function labelled must be adequate ("adequate", "sufficient")."""
    entry_words: dict[str, frozenset[str]]
    """Words beside the concept table's that say what a record entry is ("adenocarcinoma", "recurrence" of the
    disease under study), to the rows it is a kind of (malignancy; a recurrence is also a disease progression), so
    that the entry does not leave every concept of another row unknown (`terms.kinds`)."""
    another_words: frozenset[str]
    """Words by which a concept's name sets the disease under study apart ("second primary malignancy", "other
    malignancies"): an entry of its `entry_words` is none of it (`terms.under_study`)."""
    entry_details: frozenset[str]
    """Words that say how, how much or how far a recorded treatment or condition went ("cycles", "fractions",
    "adjuvant", "stage", "controlled"): a part of a record entry of these alone (and numbers) names nothing of its own
    ("FOLFOX chemotherapy, 12 cycles"; `terms.entry_kinds`)."""
    drug_endings: dict[str, frozenset[str]]
    """How the generic names of drugs end (antibodies "-mab", kinase inhibitors "-nib", taxanes "-taxel",
    biguanides "-formin", statins "-vastatin"), to the kinds of the concept table such a drug may be (none where
    the table has no row for its class): one named after the kind a treatment entry names is a second drug
    ("chemotherapy bevacizumab"), and one named alone is a drug, no procedure ("metformin"; `terms.entry_kinds`)."""
    procedure_rows: frozenset[str]
    """The rows of the concept table that are procedures, not drugs ("surgery", "radiotherapy"): the kinds a drug
    named alone is not."""
    radiolabel_endings: frozenset[str]
    """How the names of drugs given radiolabelled end (murine antibodies "-momab": ibritumomab, tositumomab): one
    named alone may be a radiotherapy."""
    clause_words: frozenset[str]
    """Words a clause has and a term does not ("must", "may", "have", "should"): a concept named with one is a clause
    the engine could not cut to a term, which no record entry names (`concepts.ConceptTest.clause`)."""
    unlisted_words: frozenset[str]
    """Words naming a behaviour, an exposure, a bodily event or a test ("donation", "travel", "intercourse",
    "menstrual", "laboratory", "scan"): a concept the vocabulary does not place that is named with one is nothing a
    record of conditions and treatments lists, so a record without it proves nothing absent
    (`concepts.ConceptTest.unlisted`)."""
    unproven_rows: frozenset[str]
    """Rows of the concept table whose instances a record of conditions need not list (disease progression: records
    hold diagnoses, not each change in their course), so a record without one proves nothing absent
    (`concepts.ConceptTest.unproven`)."""
    condition_heads: frozenset[str]
    """Head nouns that make a concept's name a condition or a treatment whatever an `unlisted_word` before it says
    ("menstrual disorders", "exercise intolerance", "smoking cessation medication"): a record lists those."""
    head_breaks: tuple[str, ...]
    """Words after which a concept's name goes on past its head noun ("blood donation | of more than 400 mL", "use |
    of smoking cessation medication"): prepositions and relative pronouns."""
    drug_named_categories: frozenset[str]
    """Categories of measures named like the drugs that supply them ("insulin", "testosterone", "vitamin D"): a concept
    named so may be the drug, which a record of treatments lists, so it is no reading the record leaves out."""
    relative_pronouns: frozenset[str]
    """The words that open a relative clause after a term ("that", "which", "who"): what comes before is its head."""
    person_words: frozenset[str]
    """Words for the persons a criterion is about ("patients", "subjects"): a head of these alone names no event."""
    lead_words: frozenset[str]
    """The words of a bare lead to a list of sub-items ("Patients must meet at least 1 of the following criteria:"):
    a lead of these alone asks nothing of its own (`rules.SubItems`)."""


@cache
def screening_terms() -> ScreeningTerms:
    rows = table_rows("screening.csv", "parser.screen")
    return ScreeningTerms(
        states={row["term"]: row["value"] for row in rows if row["kind"] == "state"},
        later_anchors=tuple(row["term"] for row in rows if row["kind"] == "later_anchor"),
        past_anchors=frozenset(row["term"] for row in rows if row["kind"] == "past_anchor"),
        onset_windows=tuple(row["term"] for row in rows if row["kind"] == "onset_window"),
        anchor_breaks=frozenset(row["term"] for row in rows if row["kind"] == "anchor_break"),
        study_anchors=frozenset(row["term"] for row in rows if row["kind"] == "study_anchor"),
        unrecorded_categories=frozenset(row["term"] for row in rows if row["kind"] == "unrecorded_category"),
        partner_words=tuple(row["term"] for row in rows if row["kind"] == "partner_word"),
        enrolment_categories=frozenset(row["term"] for row in rows if row["kind"] == "enrolment_category"),
        lesion_words={row["term"]: frozenset(row["value"].split()) for row in rows if row["kind"] == "lesion_word"},
        lesion_sites={row["term"]: row["value"] for row in rows if row["kind"] == "lesion_site"},
        far_sites={row["term"]: frozenset(row["value"].split()) for row in rows if row["kind"] == "far_site"},
        current_cues=frozenset(row["term"] for row in rows if row["kind"] == "current_cue"),
        current_words=frozenset(row["term"] for row in rows if row["kind"] == "current_word"),
        current_verbs=frozenset(row["term"] for row in rows if row["kind"] == "current_verb"),
        example_openers=tuple(row["term"] for row in rows if row["kind"] == "example_opener"),
        current_phrases=tuple(row["term"] for row in rows if row["kind"] == "current_phrase"),
        donor_words=frozenset(row["term"] for row in rows if row["kind"] == "donor_word"),
        past_words=frozenset(row["term"] for row in rows if row["kind"] in ("past_verb", "past_anchor")
                             or (row["kind"] == "history_cue" and " " not in row["term"])),
        history_cues=tuple(row["term"] for row in rows if row["kind"] == "history_cue"),
        present_words=frozenset(row["term"] for row in rows if row["kind"] in ("present_word", "current_word")),
        relative_words=frozenset(row["term"] for row in rows if row["kind"] == "relative_word"),
        history_waivers=frozenset(row["term"] for row in rows if row["kind"] == "history_waiver"),
        period_words=frozenset(row["term"] for row in rows if row["kind"] == "period_word"),
        opposites={term: frozenset(row["value"] for row in rows if row["kind"] == "opposite" and row["term"] == term)
                   for term in {row["term"] for row in rows if row["kind"] == "opposite"}},
        list_prefixes=tuple(row["term"] for row in rows if row["kind"] == "list_prefix"),
        list_postfixes=tuple(row["term"] for row in rows if row["kind"] == "list_postfix"),
        relative_leads=tuple(row["term"] for row in rows if row["kind"] == "relative_lead"),
        judging_categories=frozenset(row["term"] for row in rows
                                     if row["kind"] == "enrolment_category" and row["value"] == "judges"),
        enrolment_words=frozenset(row["term"] for row in rows if row["kind"] == "enrolment_word"),
        fact_words=frozenset(row["term"] for row in rows if row["kind"] == "fact_word"),
        organ_systems={row["term"]: row["value"] for row in rows if row["kind"] == "organ_system"},
        organ_label_words=frozenset(row["term"] for row in rows if row["kind"] == "organ_label"),
        adequacy_words=frozenset(row["term"] for row in rows if row["kind"] == "adequacy_word"),
        entry_words={row["term"]: frozenset(row["value"].split("|")) for row in rows if row["kind"] == "entry_word"},
        another_words=frozenset(row["term"] for row in rows if row["kind"] == "another_word"),
        entry_details=frozenset(row["term"] for row in rows if row["kind"] == "entry_detail"),
        drug_endings={row["term"]: frozenset(kind for kind in row["value"].split("|") if kind)
                      for row in rows if row["kind"] == "drug_ending"},
        procedure_rows=frozenset(row["term"] for row in rows if row["kind"] == "procedure_row"),
        radiolabel_endings=frozenset(row["term"] for row in rows if row["kind"] == "radiolabel_ending"),
        clause_words=frozenset(row["term"] for row in rows if row["kind"] == "clause_word"),
        unlisted_words=frozenset(row["term"] for row in rows if row["kind"] == "unlisted_word"),
        unproven_rows=frozenset(row["term"] for row in rows if row["kind"] == "unproven_row"),
        condition_heads=frozenset(row["term"] for row in rows if row["kind"] == "condition_head"),
        head_breaks=tuple(row["term"] for row in rows if row["kind"] == "head_break"),
        drug_named_categories=frozenset(row["term"] for row in rows if row["kind"] == "drug_named_category"),
        relative_pronouns=frozenset(row["term"] for row in rows if row["kind"] == "relative_pronoun"),
        person_words=frozenset(row["term"] for row in rows if row["kind"] == "person_word"),
        lead_words=frozenset(row["term"] for row in rows if row["kind"] == "lead_word"),
    )


def words_of(name: str) -> list[str]:
    """A lesion count's name or a lesion's site as words, hyphens as spaces ("non-target" -> non, target)."""
    return name.lower().replace("-", " ").split()


def lesion_site(site: str) -> str:
    """A lesion's site by the same names as the counts' ("pelvic" and "pelvis" are one site)."""
    words = " ".join(words_of(site))
    return screening_terms().lesion_sites.get(words, words)
