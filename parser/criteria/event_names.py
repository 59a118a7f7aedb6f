"""The event a time window dates, named by the words around it.

"No prior radiotherapy within 6 months" → the window bounds "radiotherapy", named by the clause it closes (or the
list a colon opens, the phrase around a bracketed window, the object of a verb of taking after it, the event its
anchor names: "at least 4 weeks since prior chemotherapy"); a study reference point ("before randomisation") is no
event.
"""

from __future__ import annotations

from parser.criteria import lexicon, windows
from parser.criteria.atoms import BOUNDARY, COORDINATION, Atom
from parser.criteria.brackets import closing_bracket
from parser.criteria.clauses import Clauses
from parser.criteria.cue_words import negation_words, persons, strip_words
from parser.criteria.quantities import parse_number

_MAX_BRACKET_LEAD = 3
_EVENT_REACH = 12
_LEAD_WORDS = 8  # "of any of the following conditions:"
_ANCHOR_WORDS = 5
"""The most words of an anchor naming only a reference point ("before the screening visit"), not running on."""
_CLOSING_REACH = 4
"""Tokens between a window's end and the bracket it closes ("(within 4 weeks (28 days) of the first infusion)")."""
_FINDING_WORDS = 3  # "or current clinical evidence": the words saying how else the event is found
_PERIOD_AFTER_CUE = 2
"""Tokens after a window word within which its period's number stands ("within 12 weeks", "within the 12 weeks")."""
_STEM = 5
"""How many first letters two words share to be read as one word inflected ("donated", "donate")."""


class EventNames:
    """Finds the words naming the event each window of a criterion dates, reading it through its `clauses`."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.doc, self.marks = clauses.doc, clauses.marks

    def event_after(self, atom: Atom) -> tuple[int, int] | None:
        """The event named by "of …" (`event_link` cues) right after a window and the bracket it closes: "(within 2
        years) of X", "treatment within 4 weeks with X"; not a study reference point ("of the first dose")."""
        doc, links = self.doc, lexicon.words("event_link")
        reference = windows.names_reference_event
        right_after = not atom.anchor or atom.anchor[0] > atom.end or not reference(self.marks, atom.end + 1)
        ends = [atom.end] if right_after else []
        if atom.anchor:  # "within 6 months prior to screening of myocardial infarction": the anchor ran on
            cue = self.marks.cue_starting(atom.anchor[0], "anchor")
            named_from = cue.end if cue else atom.anchor[0] + 1
            # not "from a clinical trial involving an off-label use of a drug": the anchor names its own event
            inside = [i for i in range(atom.anchor[0] + 1, atom.anchor[1]) if doc[i].lower_ in links
                      and (reference(self.marks, named_from) or not self.clauses.is_content(named_from, i)
                           or self._names_no_event(named_from, i))]
            studied = [i for i in inside if reference(self.marks, i + 1)]
            # a link to a study reference point ("prior to the first dose of study drug with X") only if no other
            ends += [i for i in inside if i not in studied] + [atom.anchor[1]] + studied
        closed = (self._past_other_finding(end + (end < len(doc) and doc[end].text in (")", ",")))
                  for end in ends)
        after = next((end for end in closed if end < len(doc) and doc[end].lower_ in links
                      and self.clauses.exception_at(end) is None  # not "…, with the exception of X"
                      and not (doc[end - 1].text == "," and self.marks.has_cue(end + 1, "negation"))), None)
        # nor "stable for ≥ 90 days, with no plan to change": what is denied after a comma is no event dated
        if after is None:
            return None
        colon = next((i for i in range(after + 1, min(len(doc), after + _LEAD_WORDS)) if doc[i].text == ":"), None)
        if colon is not None and lexicon.names_the_following([t.lower_ for t in doc[after + 1:colon]]):
            return self.clauses.lists.listed_after(colon)  # "History, within 6 months, of any of the following: X, Y"
        return self._up_to_another_window(after + 1)

    def _up_to_another_window(self, start: int) -> tuple[int, int] | None:
        """The words from `start` to the sentence's end or to another window ("within 8 weeks of surgery, performed
        within 12 weeks of diagnosis": the surgery), without the words left before that window ("performed", "(")."""
        doc = self.doc
        found = self.clauses.phrase_to_sentence_end(start, _EVENT_REACH)
        window = next((i for i in range(start, found[1]) if (cue := self.marks.cue_starting(i, "window")) is not None
                       and any(parse_number(t.text) is not None for t in doc[cue.end:cue.end + _PERIOD_AFTER_CUE])),
                      None) if found else None  # not "the last cycle of chemotherapy": no period
        if found is None or window is None:
            return found
        stop = window
        while stop > start and (doc[stop - 1].is_punct or doc[stop - 1].lower_ in lexicon.words("non_name_word")):
            stop -= 1
        begin, finish = self.clauses.trimmed(start, stop)
        return (begin, finish) if finish > begin and self.clauses.is_content(begin, finish) else None

    def _past_other_finding(self, end: int) -> int:
        """Past "or current evidence", "or presence" (`finding_word` cues) after a window: "History within the past
        year or current diagnosis of X" dates X, whichever way it is found."""
        doc, stop = self.doc, end + 1
        if end >= len(doc) or doc[end].lower_ != "or":
            return end
        while stop < len(doc) and stop - end <= _FINDING_WORDS and doc[stop].lower_ in lexicon.words("finding_word"):
            stop += 1
        return stop if stop > end + 1 else end

    def bracket_opening(self, start: int) -> int | None:
        """The bracket a window opens, or stands first in after "i.e." ("history of (i.e., ≤ 12 weeks from day 1)
        or current bleeding"): `bracket_lead` cues may come between."""
        lead = lexicon.words("bracket_lead")
        for i in range(start, max(-1, start - _MAX_BRACKET_LEAD - 1), -1):
            if self.doc[i].text == "(":
                return i
            if i < start and self.doc[i].lower_ not in lead:
                return None
        return None

    def window_concept(self, atom: Atom, limit: int) -> tuple[int, int] | None:
        if atom.concept is not None:
            begin, finish = self.clauses.trimmed(*atom.concept)
            if finish > begin:
                return begin, finish
        if (dated := self.dated_event(atom)) is not None:
            return dated
        if (recent := self._after_recent(atom, limit)) is not None:
            return recent
        clause = self.clauses.clause_start(atom.start, limit, through_lists=True)
        if (clause == atom.start and clause > limit and self.doc[clause - 1].text == ","
                and (head := self.head_of_examples(self.clauses.clause_start(clause - 1, limit), limit))):
            return head  # "any herbal treatments, e.g., St John's Wort, within 7 days": the kind, not one example
        if (done := self.clauses.done.before(atom, limit)) is not None:
            return done
        start, end = self.clauses.trimmed(self.clauses.after_joined_predicate(clause, atom.start), atom.start)
        if end > start and lexicon.names_the_following([t.lower_ for t in self.doc[clause:end]]):
            listed = self.clauses.lists.listed_after(atom.anchor[1] if atom.anchor else atom.end)
            if listed is not None:  # "any of the following within 6 months: myocardial infarction, …"
                return listed
        content = end > start and self.clauses.is_content(start, end)
        if (taken := self.object_of_taking(atom, clause)) is not None:
            return taken  # "currently taking, or have taken within 30 days before screening, X"
        if content and (anchored := self._event_after_reference(atom, start, end)) is not None:
            return anchored
        weak = self._names_no_event(start, end)
        if (content and not weak and self._names_no_event(start, end, lexicon.words("recency_word"))
                and (named := self.event_after(atom)) is not None):
            return named  # "documented recent history (within 6 months) of X"
        if content and not weak:
            return self._noun_after_bracket(atom, limit, start, end) or (start, end)
        # "a recent history (within 5 years) of X", "patients at least 6 months after X": named around the window
        after = self.event_after(atom) if weak else None
        around = after or (self.anchored_event(atom, events_only=True) if weak else None)
        inside = clause > 0 and self.doc[clause - 1].text == "("
        if around is not None and not inside:
            return around
        opening = self.bracket_opening(atom.start)
        if opening is None and inside:
            opening = clause - 1
        if opening is not None:
            # not "(began within …)", "X (initiated at least 28 days before) with Y": words inside the bracket that
            # name nothing leave the phrase before it, unless that names nothing either ("therapy (started …) with Y")
            outside = self.clauses.bracket_neighbours(opening, atom, limit, after_only=weak and start < opening)
            if outside is not None and (after is None or not self._names_no_event(*outside)):
                return outside  # "No previous (within the last 5 years) or concurrent malignancies"
        if around is not None:
            return around
        if clause > limit and self.doc[clause - 1].text == ",":
            # "an episode of hypoglycemia, defined by …, within 6 months"
            first = self.clauses.first_clause(limit, clause - 1)
            if first is not None and self._names_no_event(*first) and (named := self.event_after(atom)) is not None:
                return named  # "History, within the past 12 months, of migraine"
            if first is not None:
                return first
        if weak:
            return start, end
        return (self.anchored_event(atom, events_only=True) or self.opened_by(atom)
                or self.anchored_event(atom) or self.clauses.right_phrase(atom.end))

    def _event_after_reference(self, atom: Atom, start: int, end: int) -> tuple[int, int] | None:
        """"Randomization within 24 hours of ICU admission", "Study entry must be within 5 weeks of surgical
        resection": after words naming a study reference point only, a window dates the event its anchor names; not
        a dose of the study's ("within 12 hours prior to the first dose of study medication")."""
        if atom.anchor is None or not self._reference_only(start, end) or any(
                t.lower_ in lexicon.words("dose_word") for t in self.doc[atom.anchor[0]:atom.anchor[1]]):
            return None
        return self.anchored_event(atom)

    def _reference_only(self, start: int, end: int) -> bool:
        """Whether words opening their sentence name a study reference point only ("Randomization", "Study entry must
        be": `reference_event` cues, function words and modal verbs), so a window after them dates the event its anchor
        names."""
        skipped = strip_words() | lexicon.words("modal_verb") | lexicon.words("copula")
        opening = self.clauses.sentence_start(start)
        if not all(t.lower_ in skipped for t in self.doc[opening:start]):
            return False  # not "… within 2 weeks prior to study entry or | within 6 weeks …": words left between
        return any(self.marks.has_cue(i, "reference_event") for i in range(start, end)) and all(
            self.marks.has_cue(i, "reference_event") or not t.is_alpha or t.lower_ in skipped
            for i, t in enumerate(self.doc[start:end], start))

    def _noun_after_bracket(self, atom: Atom, limit: int, start: int, end: int) -> tuple[int, int] | None:
        """"Symptomatic (within 6 months) heart failure": words before a bracketed window that only modify a noun
        after it leave that noun to name the event."""
        if not self.clauses.modifiers_only(start, end) or (opening := self.bracket_opening(atom.start)) is None:
            return None
        return self.clauses.bracket_neighbours(opening, atom, limit)

    def _after_recent(self, atom: Atom, limit: int) -> tuple[int, int] | None:
        """"Unstable angina, or recent (within 1 year) myocardial infarction", "recent (<48 hours) myocardial
        infarction": a window bracketed right after a word of recency (`recency_word` cues) says how recent the
        event named after the bracket is, whatever the list before it names: up to the next comma when the word of
        recency is one item of a list, all of it when the word opens the list. Not under a denial, which the whole
        list shares ("Absence of heart failure or recent (…) infarction": both denied)."""
        doc, opening = self.doc, self.bracket_opening(atom.start)
        if opening is None or opening <= limit or doc[opening - 1].lower_ not in lexicon.words("recency_word"):
            return None
        sentence = next((i + 1 for i in range(opening - 1, limit - 1, -1) if doc[i].text in BOUNDARY), limit)
        denials = negation_words()
        if any(self.marks.has_cue(i, "negation") or doc[i].lower_ in denials for i in range(sentence, opening)):
            return None  # "No heart failure or recent (< 6 months) infarction": the denial holds the whole list
        closing = closing_bracket(doc, atom.anchor[1] if atom.anchor else atom.end, _CLOSING_REACH)
        if (closing is None or closing + 1 >= len(doc) or not doc[closing + 1].is_alpha
                or doc[closing + 1].lower_ in COORDINATION | {"to"}):
            return None  # "prior (no more than 24 hours) to the first dose", "recent (8 weeks) or recent (4 weeks) …"
        found = self.clauses.bracket_neighbours(opening, atom, limit, after_only=True)
        clause = self.clauses.clause_start(opening - 1, limit, through_lists=True)
        ignored = lexicon.words("recency_word") | lexicon.words("finding_word") | lexicon.words("span_word")
        if found is None or not self.clauses.is_content(clause, opening - 1, ignore=ignored):
            return found  # "Current or recent (…) celiac disease, inflammatory bowel disease, …": the list is dated
        cut = next((t.i for t in self.doc[found[0]:found[1]] if t.text in (",", ";")), found[1])
        return self.clauses.trimmed(found[0], cut)  # "…, or recent (< 6 months) myocardial infarction, severe …"

    def object_of_taking(self, atom: Atom, clause: int) -> tuple[int, int] | None:
        """The object of a verb of taking (`receiving_verb` cues) right before the window, in a clause (from token
        `clause`) whose words before it name no event of their own: it follows the window and the study reference point
        that window counts back from ("currently taking, or have taken within 30 days before randomization, X", "Has
        received within the past 3 months any anticoagulant"). None when the window's anchor names an event ("taken
        within 30 days of surgery") or the words after it go on with another span ("…, or 5 half-lives, …")."""
        doc, verbs, start = self.doc, lexicon.words("receiving_verb"), clause
        verb = atom.start - 1
        while verb > start and doc[verb].text == ",":
            verb -= 1
        if verb < start or doc[verb].lower_ not in verbs or (self.clauses.is_content(start, atom.start)
                                                             and not self._names_no_event(start, atom.start, verbs)):
            return None
        after = atom.end
        if atom.anchor is not None:
            reference = next((self.marks.cue_starting(i, "reference_event") for i in range(*atom.anchor)
                              if self.marks.has_cue(i, "reference_event")), None)
            if reference is None:
                return None
            after = reference.end
            while (more := self.marks.cue_starting(after, "reference_event")) is not None:
                after = more.end  # "Screening Visit"
            after += self.marks.labels_number(after)  # "Visit 1"
        while after < len(doc) and doc[after].text == ",":
            after += 1
        if after >= len(doc) or doc[after].lower_ in COORDINATION:
            return None
        if doc[after].text == ":":
            return self.clauses.lists.listed_after(after)  # "has received within 90 days of screening: X; Y; or Z"
        found = self.clauses.phrase_to_sentence_end(after, _EVENT_REACH)
        if found is not None and lexicon.names_the_following([t.lower_ for t in doc[after:found[1]]]):
            return self.clauses.lists.listed_after(after)  # "… any of the following medications: X, Y"
        return found

    def opened_by(self, atom: Atom) -> tuple[int, int] | None:
        """"Within 4 weeks prior to registration, the patient's ANC …", "In the last 6 months: history of MI, stroke": a
        window opening its sentence with a window word, set off by a comma or a colon, dates what follows it."""
        doc, end = self.doc, atom.anchor[1] if atom.anchor else atom.end
        opens = atom.start == 0 or doc[atom.start - 1].text in BOUNDARY or doc[atom.start - 1].text == ":"
        if not opens or self.marks.cue_starting(atom.start, "window") is None or end + 1 >= len(doc):
            return None
        if doc[end].text == ":":
            return self.clauses.lists.listed_after(end)
        if doc[end].text != ",":
            return self._listed_after_lead(atom, end)  # "Within 1 year before screening or …, any of the following: MI"
        aside = (lexicon.words("np_stop") | lexicon.words("rest_exceptions") | lexicon.words("clause_conjunction")) - (
            lexicon.words("done_to"))  # "Within 30 days, have received X": the event, told with a verb
        if doc[end + 1].lower_ in aside:
            return None  # "Within 5 years, except for …", "Within 4 weeks, as assessed by …": an aside, not the event
        start = self.clauses.past_persons(end + 1, len(doc), strip_words())
        stop = start
        while (stop < len(doc) and stop - start < _EVENT_REACH and doc[stop].text not in BOUNDARY
               and doc[stop].text != "(" and stop not in self.marks.comparators_by_start
               and not self.marks.has_cue(stop, "np_cut") and parse_number(doc[stop].text) is None):
            stop += 1
        if lexicon.names_the_following([t.lower_ for t in doc[start:stop]]):
            # "Within the past 180 days, any of the following: MI, stroke"
            return self.clauses.lists.listed_after(start)
        begin, finish = self.clauses.trimmed(start, stop)
        return (begin, finish) if finish > begin and self.clauses.is_content(begin, finish) else None

    def _listed_after_lead(self, atom: Atom, end: int) -> tuple[int, int] | None:
        """The events a lead to a list names after a window opening its sentence and another span of time joined to it
        ("Within 1 year before the screening visit or between screening and randomization, any of the following: …")."""
        colon = self.clauses.lists.list_lead_after(end)
        if colon is None or (atom.anchor is not None and atom.anchor[1] - atom.anchor[0] > _ANCHOR_WORDS):
            return None  # not "Within 28 days before registration adequate organ function as shown by all of …"
        lead = self.doc[end:colon]
        joined = self.doc[end].lower_ in lexicon.words("series_join")  # "… or between screening and randomization, …"
        bare = all(t.lower_ in lexicon.lead_words() for t in lead)  # "any of the following": nothing but the lead
        # not "no history of cancer other than …"
        return self.clauses.lists.listed_from(colon) if joined or bare else None

    def before_plan(self, concept: tuple[int, int], plan: int) -> tuple[int, int] | None:
        """"Pregnant or breast-feeding women, or women planning to become pregnant within 6 months after the last
        dose", "receiving dialysis or expected to require dialysis within 1 year": the words of a window's event
        `concept` coordinated before the plan starting at token `plan` ("or", "and" or a comma, past the persons who
        plan, function and negation words), past the persons they name; None when nothing is coordinated before the
        plan ("Women planning a pregnancy")."""
        begin, end = concept
        if not begin < plan < end:
            return None
        doc, skipped = self.doc, (persons() | strip_words() | negation_words()) - COORDINATION
        i = plan
        while i > begin and doc[i - 1].lower_ in skipped:
            i -= 1
        if i == begin or doc[i - 1].lower_ not in COORDINATION:
            return None
        start, stop = self.clauses.trimmed(begin, i - 1)
        while (start < stop and self.marks.has_cue(start, "person") and not self.concept_at(start)
               and not self.clauses.hyphenated(start, start + 1)):  # not "child-bearing", "Child-Pugh"
            # "Women who are | pregnant", not "pregnant women" itself
            start, stop = self.clauses.trimmed(start + 1, stop)
        return (start, stop) if stop > start else None

    def names_state(self, state: tuple[int, int], plan: int) -> bool:
        """Whether the words before a plan name a state of their own, which holds now. Not words that expect or deny
        something themselves ("malignancy likely to result in disability", "must not be pregnant": they stay with the
        plan, which no record decides), nor a verb or a noun whose object the plan names, the word the plan repeats
        ("donated or plans to donate blood", "administration or planned administration of a vaccine"), unless a
        concept row names it ("pregnancy or planned pregnancy")."""
        doc, (start, stop) = self.doc, state
        words = [t.lower_ for t in doc[start:stop]]
        if (any(lexicon.phrase_at(words[i:], "plan") for i in range(len(words)))
                or self.clauses.negation.denies(start, stop)):
            return False
        if any(start <= span.start and span.end <= stop for span in self.marks.concepts):
            return True
        named = [t.lower_ for t in doc[start:stop] if self.clauses.is_content(t.i, t.i + 1, persons())]
        after = plan + lexicon.phrase_at([t.lower_ for t in doc[plan:]], "plan")
        return bool(named) and not (after < len(doc) and _same_stem(named[-1], doc[after].lower_))

    def concept_at(self, start: int) -> bool:
        """Whether a concept row names a phrase starting at token `start` ("pregnant" of "pregnant women")."""
        return any(span.start == start for span in self.marks.concepts)

    def dated_event(self, atom: Atom) -> tuple[int, int] | None:
        """"2 weeks must have elapsed since radiotherapy", "6 weeks from nitrosoureas": a period counted from an event
        names it right after its anchor word (`event_anchor` cues), whatever the clause said before. Not when the
        period is a window around what precedes it ("progression within 6 months after X") or how long that lasted
        (`lasting_word` cues), nor for a study reference point ("from registration") or words naming no event of
        their own ("after completion of treatment")."""
        doc = self.doc
        if atom.anchor is not None and windows.is_post_word(doc[atom.anchor[0]].lower_):
            return atom.anchor  # "within 6 weeks postpartum"
        if atom.anchor is None or not (doc[atom.anchor[0]].lower_ in lexicon.words("event_anchor")
                                       or atom.anchor[0] > 0 and doc[atom.anchor[0] - 1].lower_ == "between"):
            return None  # (an anchor of "… elapsed between X and <study point>": `windows.anchor_after`)
        if self.marks.cue_starting(atom.start, "window") is not None or (
                atom.start > 0 and doc[atom.start - 1].lower_ in lexicon.words("lasting_word")):
            return None  # "progression within 6 months after X", "toxicity persisting > 2 weeks after X": not X
        named = self.anchored_event(atom, events_only=True)
        if named is None or self._names_no_event(*named):
            return None
        return named if windows.names_own_event([t.lower_ for t in doc[named[0]:named[1]]]) else None

    def _names_no_event(self, start: int, end: int, also: frozenset[str] = frozenset()) -> bool:
        """Persons or generic words ("patients", "history", "treatment", `weak_event` cues; words that name nothing,
        `non_name_word` cues: "except", "note"; how a history is known, `finding_word` and `history_qualifier` cues:
        "evidence", "personal"; entering the study, `entry_word` cues: "Eligible 28 days after …"; and the words
        `also`), alone or joined ("participant has a history", "current evidence or history"), name no event: the
        window's event is to be looked for around it."""
        generic = (lexicon.words("generic_label") | lexicon.words("weak_event") | lexicon.words("non_name_word") | also
                   | lexicon.words("finding_word") | lexicon.words("history_qualifier") | lexicon.words("entry_word")
                   | COORDINATION
                   | persons() | strip_words())
        return end > start and self.clauses.is_content(start, end) and (
            self.clauses.persons_only(start, end)
            or all(t.lower_ in generic or t.is_punct for t in self.doc[start:end]))

    def head_of_examples(self, clause: int, limit: int) -> tuple[int, int] | None:
        """The phrase a clause of examples set off by commas illustrates ("X, e.g., Y, within …": X), if any."""
        doc = self.doc
        comma = clause - 1
        if comma < limit + 2 or doc[comma].text != "," or doc[comma - 1].lower_ not in lexicon.words("bracket_lead"):
            return None
        before = comma - 1 - (doc[comma - 2].text == ",")
        begin, end = self.clauses.trimmed(self.clauses.clause_start(before, limit), before)
        return (begin, end) if end > begin and self.clauses.is_content(begin, end) else None

    def anchored_event(self, atom: Atom, events_only: bool = False) -> tuple[int, int] | None:
        """The event a window's anchor names ("… after kidney transplantation"), its anchor word left out; a
        duration not read as a window ("60 to 120 days after X") has its anchor word right after it. With
        `events_only`, a study reference point ("prior to randomisation") is no event."""
        anchor = atom.anchor
        if anchor is None and atom.end < len(self.doc) and self.marks.cue_starting(atom.end, "anchor") is not None:
            stop = atom.end + 1
            while stop < len(self.doc) and stop - atom.end <= _EVENT_REACH and self.doc[stop].text not in BOUNDARY:
                stop += 1
            anchor = (atom.end, stop)
        if anchor is None:
            return None
        cue = self.marks.cue_starting(anchor[0], "anchor")
        if events_only and (anchor := self._before_reference(anchor, cue.end if cue else anchor[0])) is None:
            return None
        begin, finish = self.clauses.trimmed(cue.end if cue else anchor[0], anchor[1])
        lead = next((i for i in range(begin + 1, finish) if lexicon.phrase_from(self.doc, i, "reference_lead")), None)
        if lead is not None:  # "from prior radiotherapy to the start of study drug": the radiotherapy, not the point
            begin, finish = self.clauses.trimmed(begin, lead)
        if finish <= begin and anchor[1] < len(self.doc) and self.doc[anchor[1]].text == ",":
            # "enrolled in, or discontinued within 30 days from, a clinical trial": the object shared past a comma
            return self.clauses.phrase_to_sentence_end(anchor[1] + 1, _EVENT_REACH)
        return (begin, finish) if finish > begin and self.clauses.is_content(begin, finish) else None

    def _before_reference(self, anchor: tuple[int, int], words: int) -> tuple[int, int] | None:
        """An anchor's words from token `words` up to a study reference point an anchor counting back dates them by
        in turn (`backward_anchor` cues: "from any prior radiotherapy before registration": the radiotherapy), or the
        words a period runs to (`reference_lead` cues: "from prior radiotherapy to the start of study drug"); None
        when a reference point is all they name ("prior to randomisation", "before the start of the treatment
        phase", "from the date of the last study drug administration")."""
        joined = next((i for i in range(words + 1, anchor[1]) if self.doc[i].lower_ == "and"
                       and windows.names_reference_event(self.marks, i + 1)), None)
        if joined is not None:  # "between the last dose of X and the first dose of study drug": X
            return (anchor[0], joined) if self.clauses.is_content(words, joined) else None
        reference = next((i for i in range(*anchor) if self.marks.has_cue(i, "reference_event")), None)
        if reference is None:
            return anchor
        cut = next((i for i in range(reference - 1, words, -1) if lexicon.phrase_from(self.doc, i, "backward_anchor")
                    or lexicon.phrase_from(self.doc, i, "reference_lead")), None)
        return None if cut is None or not self.clauses.is_content(words, cut) else (anchor[0], cut)


def _same_stem(word: str, other: str) -> bool:
    """Whether two words are one inflected ("uses", "use"; "participated", "participating"), by their first letters."""
    size = min(_STEM, len(word), len(other))
    return size > 0 and word[:size] == other[:size]


__all__ = ["EventNames"]
