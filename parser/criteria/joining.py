"""Joining a criterion's nodes by the words written between them: "or" binds loosest, then "and", then the
section's default or the quantifier of a lead to their list; a waiver ("…, unless …") is another way to meet an
inclusion and what lifts an exclusion. The builder (`assemble`) makes the nodes, this module the tree over them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from parser import vocabulary
from parser.criteria import concept_names, lexicon, time_since
from parser.criteria.alternatives import longer_or_shorter
from parser.criteria.atoms import BOUNDARY, LIST_JOINS
from parser.criteria.brackets import closing_bracket, outside_brackets
from parser.criteria.clauses import Clauses
from parser.criteria.cohorts import cohort_labels
from parser.criteria.cue_words import negation_words, persons
from parser.criteria.modifiers import modified_from
from parser.criteria.rest import example_lists, exception_starts, waiver_starts
from parser.criteria.source_tokens import Locate
from parser.models.criteria import AllOf, AnyOf, Comparison, Concept, Expr, Not
from parser.models.walk import iter_nodes
from parser.vocabulary import units

Node = tuple[int, int, Expr]
"""A node and the tokens it was read from."""
_CLAUSE_MARKS = frozenset({",", ";", ")", "(", ":"})
"""Marks past which an exception's words no longer reach the threshold after them."""
_CONJUNCTIONS = LIST_JOINS - {",", "/"}
"""The words after a comma that open another alternative or requirement ("…, or ALT > 2.5 × ULN")."""
_EXCEPTION_WORDS = 4
"""Words of an exception before a colon opening its list ("except for the following:")."""


_SERIAL_OR = (["or"], [",", "or"], ["and/or"], [",", "and/or"])
"""The words that end a list whose commas are its "or"."""


@dataclass(frozen=True)
class Layout:
    """What the builder knows of the criterion's layout when it joins: where the windows a subgroup has of its own
    start ("(6 weeks for nitrosoureas)"), and whether the criterion is a row of a table of ages."""

    apart: frozenset[int]
    in_row: bool


class NodeJoiner:
    """Joins one criterion's nodes; words an `or` of two spans of one window reads are marked `covered`."""

    def __init__(self, clauses: Clauses, section: str, covered: set[int], dating_thresholds: set[int],
                 locate: Locate) -> None:
        self.clauses, self.doc, self.marks, self.section = clauses, clauses.doc, clauses.marks, section
        self.covered, self.dating_thresholds, self.locate = covered, dating_thresholds, locate
        self.unclear_exception = False
        """Whether an exception's threshold excepts what its other words name, which no structure says (`join`)."""
        self.comparator_after: set[int] = set()
        """The words of comparators written after a threshold's end, past its substance ("10 mg/day prednisone or
        lower"): the threshold's own, no joiner of it to the next ("… or lower for at least 2 weeks")."""
        self.unclear_lack = False
        """Whether a concept is joined to a treatment it lacks ("brain metastases that have not been treated with
        radiotherapy"): a radiotherapy on record may have been for something else, so no structure says the whole."""

    def join(self, nodes: list[Node], layout: Layout) -> Expr | None:
        """Join nodes as `join_plain` does, the items a lead to a list opens after the first nodes as one part ("Hb ≥
        9 g/dL and either of the following: …"), except across a waiver ("creatinine ≤ 1.5 mg/dL, unless creatinine
        clearance ≥ 50 mL/min"): what follows it is another way to meet an inclusion (`any`) and, in an
        exclusion, what lifts it (`all` with the waiver negated), never one more requirement; so does an exclusion's
        exception that is a threshold (`_threshold_exception`, `_bracketed_exception`). An exclusion whose nodes are
        all thresholds read after its waiver or exception is their `not` (`_read_after`)."""
        if (found := self.list_after(nodes)) is not None:  # "Hb ≥ 9 g/dL and either of the following: …"
            lead, joiner = found
            stop = next((k for k in range(lead + 1, len(nodes))
                         if any(t.text in BOUNDARY for t in self.doc[nodes[k - 1][1]:nodes[k][0]])), len(nodes))
            head, listed = self.join(nodes[:lead], layout), self.join_plain(nodes[lead:stop], layout)
            if head is not None and listed is not None:
                parts = [head, listed]
                joint = (nodes[0][0], nodes[stop - 1][1], AllOf(all=parts) if joiner == "all" else AnyOf(any=parts))
                return self.join([joint, *nodes[stop:]], layout) if stop < len(nodes) else joint[2]
        if (cohorts := self._cohorts(nodes, layout)) is not None:
            return cohorts
        if (excepted := self._bracketed_exception(nodes)) is not None:
            head = self.join([node for node in nodes if node not in excepted], layout)
            lifted = self.join_plain(excepted, layout)
            if head is not None and lifted is not None:
                self.unclear_exception = True
                return AllOf(all=[head, Not(**{"not": lifted})])
        if self.section == "exclusion" and self._read_after(waiver_starts(self.doc), nodes, thresholds_only=True):
            lifted = self.join_plain(nodes, layout)  # "Other malignancy unless disease-free for ≥ 5 years": what
            return None if lifted is None else Not(**{"not": lifted})  # lifts the exclusion, which holds without it
        if self.section == "exclusion" and self._read_after(exception_starts(self.doc), nodes):
            self.unclear_exception = True  # "Any drug, with the exception of paracetamol (≤ 3 g/day) within 2
            # weeks": only what is excepted is read, which says nothing of what excludes; its thresholds lift it
            if self._read_after(exception_starts(self.doc), nodes, thresholds_only=True):
                lifted = self.join_plain(nodes, layout)  # "Anticoagulants (except enoxaparin ≤ 40 mg daily)"
                return None if lifted is None else Not(**{"not": lifted})
        waivers = waiver_starts(self.doc) if len(nodes) > 1 else []
        if (cue := self._threshold_exception(nodes)) is not None:  # "Malignancy within 5 years, except prostate
            waivers, self.unclear_exception = [*waivers, cue], True   # cancer with PSA < 0.1 ng/mL": a person's
        waiver = next((k for k, ((_, end, _), (start, _, _)) in enumerate(pairwise(nodes), 1)
                       if any(end <= w < start for w in waivers)
                       and not any(t.text in BOUNDARY for t in self.doc[end:start])), None)  # within one sentence
        if waiver is None:
            return self.join_plain(nodes, layout)
        head, lifted = self.join_plain(nodes[:waiver], layout), self.join_plain(nodes[waiver:], layout)
        assert head is not None and lifted is not None
        if self.section == "inclusion":
            return AnyOf(any=[head, lifted])
        return AllOf(all=[head, Not(**{"not": lifted})])

    def _cohorts(self, nodes: list[Node], layout: Layout) -> Expr | None:
        """An inclusion whose labels part its nodes by cohort ("Cohort A: … Cohort B: …") is met by any cohort's
        part; nodes before the first label are a requirement of every cohort ("ECOG 0-1 Group 1: … Group 2: …")."""
        starts = cohort_labels(self.doc) if self.section == "inclusion" else []
        if not nodes or not any(nodes[0][0] < start < nodes[-1][1] for start in starts):
            return None
        parts = [self.join_plain([node for node in nodes if start < node[0] and (
            k + 1 == len(starts) or node[1] <= starts[k + 1])], layout) for k, start in enumerate(starts)]
        last = next((t.i for t in self.doc[starts[-1]:] if t.text in BOUNDARY), len(self.doc))
        if any(part is None for part in parts) or any(node[0] > last for node in nodes) or any(
                starts[0] < mention.start and not any(start <= mention.start < end for start, end, _ in nodes)
                for mention in self.marks.concepts):
            return None  # a cohort's part left as words, a sentence after the last cohort's (". Platelets ≥ 100":
            # whose?), or a concept a part names left out ("Cohort A: prior chemotherapy and ECOG 0-2")
        either = AnyOf(any=[part for part in parts if part is not None])
        head = self.join_plain([node for node in nodes if node[1] <= starts[0]], layout)
        return either if head is None else AllOf(all=[head, either])

    def _threshold_exception(self, nodes: list[Node]) -> int | None:
        """Where an exclusion's exception opens whose thresholds end the criterion, of other measures in other units
        than all before them ("Malignancy within 5 years, except prostate cancer with PSA < 0.1 ng/mL (and Gleason
        ≤ 6)", "Radiotherapy within 28 days (except palliative RT to < 5% of the bone marrow)"). They lift the
        exclusion, but only for what the exception's other words name, which no structure says: read as `any`, a PSA
        < 0.1 alone excluded; as a plain waiver, a low PSA cleared a lung cancer. So they are joined as a waiver and
        the rest left to a person (`unclear_exception`). Not a subgroup's own threshold ("bilirubin > 1.5 × ULN,
        except in Gilbert's syndrome, > 3 × ULN"), nor one a waiver opens ("unless …")."""
        if self.section != "exclusion":
            return None
        for k in range(1, len(nodes)):
            cue = next((cue for cue in exception_starts(self.doc) if nodes[k - 1][1] <= cue < nodes[k][0]
                        and not any(t.text in _CLAUSE_MARKS for t in self.doc[cue:nodes[k][0]])), None)
            if cue is not None:
                return cue if self._lifting(nodes[:k], nodes[k:]) else None
        return None

    def _counted_in(self, threshold: Comparison, event: Concept) -> bool:
        """Whether a window's event names the threshold inside it as what counts or grades it, no list before it
        ("more than 3 episodes of hypoglycaemia in the last 6 months", "grade ≥ 2 diarrhoea within 14 days"; not
        "active infection or fever ≥ 38.5 °C within 3 days": the infection alone is one)."""
        named, counted = self.locate(event.span), self.locate(threshold.span)
        return (named is not None and counted is not None and named.start <= counted.start
                and counted.stop <= named.stop
                and not any(t.lower_ in LIST_JOINS for t in self.doc[named.start:counted.start]))

    def _read_after(self, cues: list[int], nodes: list[Node], thresholds_only: bool = False) -> bool:
        """Whether every node is read from the words after one of `cues` in its sentence, a waiver ("…, unless
        disease-free for at least 5 years") or an exception: the words before it, which it lifts, are left unread.
        `thresholds_only`: no concept among them ("unless cholecystectomy was performed" lifts an exclusion its
        words name, which is no structure)."""
        if not cues:
            return False
        leaves = [leaf for _, _, node in nodes for leaf in iter_nodes(node) if isinstance(leaf, Comparison | Concept)]
        if thresholds_only and any(isinstance(leaf, Concept) for leaf in leaves):
            return False
        starts = [found.start for leaf in leaves if (found := self.locate(leaf.span)) is not None]
        return bool(starts) and any(cue <= min(starts) and self._in_scope(cue, max(starts)) for cue in cues)

    def _in_scope(self, cue: int, i: int) -> bool:
        """Whether token `i` is within what the waiver or exception opening at `cue` says: not past its bracket's
        end ("(not including bundle branch block) such as AV block ≥ 2"), a sentence's, a semicolon or a colon, nor
        past a comma and a conjunction opening another alternative ("other than fatty liver, or ALT > 2.5 × ULN"),
        unless commas before it list what is excepted or the conjunction goes on with another of them ("except skin
        cancer, cervical cancer in situ, or any cancer with no disease for 5 years", "…, or other cancer …"); a colon
        right after the exception's words opens what it lists ("except the following: …")."""
        depth, listed, doc = 0, False, self.doc
        for token in doc[cue:i]:
            depth += (token.text == "(") - (token.text == ")")
            ahead = [t.lower_ for t in doc[token.i + 1:token.i + 3]]
            joined = token.text == "," and ahead[:1] != [] and ahead[0] in _CONJUNCTIONS and not (
                set(ahead[1:]) & lexicon.words("other_kind_word"))
            opening = token.text == ":" and token.i - cue <= _EXCEPTION_WORDS
            ends = token.text in BOUNDARY or token.text == ";" or token.text == ":" and not opening
            if depth < 0 or depth == 0 and (ends or joined and not listed):
                return False
            listed = listed or (depth == 0 and token.text == "," and not joined)
        return True

    def _bracketed_exception(self, nodes: list[Node]) -> list[Node] | None:
        """The thresholds of an exclusion's bracketed exception, when it holds nothing else and the item names what
        it excepts outside it ("Anticoagulants (with the exception of aspirin ≤ 300 mg/day) within 2 weeks"): they
        lift the exclusion for what the exception names, as `_threshold_exception` reads one that ends the item; read
        beside the rest, an aspirin within its limit excluded."""
        if self.section != "exclusion" or len(nodes) < 2:
            return None
        for cue in exception_starts(self.doc):
            if cue == 0 or self.doc[cue - 1].text != "(" or (closing := closing_bracket(
                    self.doc, cue, len(self.doc) - cue)) is None:
                continue
            inside = [node for node in nodes if cue <= node[0] and node[1] <= closing]
            if inside and len(inside) < len(nodes) and all(isinstance(node[2], Comparison) for node in inside):
                return inside
        return None

    def _lifting(self, heads: list[Node], excepted: list[Node]) -> bool:
        """Whether the nodes after an exception are thresholds of their own measures and units, no waiver's."""
        before = [node for _, _, head in heads for node in iter_nodes(head)]
        units = {node.unit for node in before if isinstance(node, Comparison)}
        units |= {node.within.unit for node in before if isinstance(node, Concept) and node.within is not None}
        measures = {node.measure for node in before if isinstance(node, Comparison)}
        if any(heads[-1][1] <= waiver < excepted[0][0] for waiver in waiver_starts(self.doc)):
            return False
        return all(isinstance(node, Comparison) and node.when is None and node.unit not in units
                   and node.measure not in measures for _, _, node in excepted)

    def _restated(self, start: int, node: Expr) -> bool:
        """Whether a concept of an exclusion is affirmed though a denial stands before it in its clause, which can only
        be one restating the section's requirement (`Clauses.negated_before`): "No prior chemotherapy and no brain
        metastases" requires neither, so either excludes."""
        if not isinstance(node, Concept) or node.negated or self.section != "exclusion":
            return False
        return self.clauses.negation.denied_before(start, self.clauses.clause_start(start, 0))

    def list_after(self, nodes: list[Node]) -> tuple[int, str] | None:
        """Where the items of a list start that a lead opens after other nodes, and how the list joins them: "and" or
        "with" (all: "ANC ≥ 1500/µL and one of the following: …") or "or" (any: "age ≥ 75 or at least one of the
        following: …"). A lead's own count of one after words of their own stays before the list ("heart failure
        with at least one of the following"); a bare one is the list's (`join_plain`)."""
        joins = [self.clauses.lists.list_join(start) for start, _, _ in nodes]
        k = next((k for k in range(1, len(nodes)) if joins[k] is not None and joins[k - 1] is None), None)
        if k is None:
            return None
        first, count = k, nodes[k - 1][2]
        if isinstance(count, Comparison) and count.counts_one:
            if k == 1:
                start = self.clauses.sentence_start(nodes[0][0])
                return (1, "all") if self.clauses.is_content(start, nodes[0][0], ignore=persons()) else None
            first = k - 1  # "and at least one of the following:": the lead's count is the list's
        link = [t.lower_ for t in self.doc[nodes[first - 1][1]:nodes[first][0]] if t.text != ","][:1]
        return (first, "any" if link == ["or"] else "all") if link in (["and"], ["with"], ["or"]) else None

    def join_plain(self, nodes: list[Node], layout: Layout) -> Expr | None:
        """Join nodes by what is written between them: "or" binds loosest, then "and", then the section default or
        the quantifier of a lead to their list ("one or more of the following: …", with or without its own count).
        Members of one list of examples ("including A, B and C") are joined alike, by the section default, as the
        commas between them are: in an exclusion any instance of the head excludes, in an inclusion every listed
        requirement must hold ("adequate organ function, including ANC ≥ 1500, platelets ≥ 100 and creatinine …")."""
        if not nodes:
            return None
        if len(nodes) == 1:
            return nodes[0][2]
        counted = isinstance(nodes[0][2], Comparison) and nodes[0][2].counts_one
        default = self.clauses.lists.list_join(nodes[counted][0]) or ("all" if self.section == "inclusion" else "any")
        lists: list[range] | None = None
        apart = layout.apart
        serial = self._serial_alternatives(nodes)
        joiners: list[str] = []
        separated: set[int] = set()  # gaps a comma or a sentence break alone fills, joined by the section default
        paired: set[int] = set()  # gaps "or" fills between two thresholds
        alike: set[int] = set()  # gaps a comma fills between two values of one measure
        for gap, ((left_start, end, left), (start, right_end, right)) in enumerate(pairwise(nodes)):
            words = set(outside_brackets([t.lower_ for t in self.doc[self._past_unnamed_events(end, start, left, right)
                                                                      :self._named_from(end, start, right)]
                                          if t.i not in self.comparator_after]))
            both_negated = _denied(left) and _denied(right)
            restated = self._restated(left_start, left) and self._restated(start, right)
            same_event = isinstance(left, Comparison) and isinstance(right, Concept) and (
                right.concept == left.measure or start in self.dating_thresholds
                or right.concept.startswith(f"{left.measure} (")  # "weight loss (> 10%) within 6 weeks": one loss
                or self._counted_in(left, right))
            combined = longer_or_shorter(self.marks.cues, left, right, right_end) if "or" in words else None
            if words & BOUNDARY:
                joiner = default
                separated.add(gap)
            elif combined is not None:
                joiner, said = combined  # "within 30 days or 5 half-lives, whichever is longer"
                self.covered.update(range(said.start, said.end))
            elif start in apart or (layout.in_row and isinstance(left, Comparison)
                                    and isinstance(right, Comparison) and left.when != right.when):
                joiner = default  # "(4 weeks for carboplatin or cisplatin and 6 weeks for …)": each group's own;
                # so in a table's row ("1.5 mg/dL (male) or 1.4 mg/dL (female) (13 to < 16 years)")
            elif restated:
                joiner = "any"  # "No A and no B" among exclusions: either excludes (what is required is neither)
            elif time_since.each_required(left, right):
                joiner = "all"  # "4 weeks since major surgery, or 2 weeks since minor surgery": each one's own
            elif ("or" in words and not both_negated) or (default == "any" and concept_names.same_row(
                    self.doc, (left_start, end, left), (start, right_end, right))):  # "nursing and pregnant"
                joiner = "any"
                if "or" in words and not words & {",", ";"} and _threshold(left) and _threshold(right):
                    paired.add(gap)  # "creatinine ≤ 1.5 or CrCl ≥ 60"; not ", or", which may close a list of ways
            elif gap in serial:
                joiner = "any"  # "Prior chemotherapy, radiotherapy or immunotherapy": the list's "or" is its commas'
            elif isinstance(left, Concept) and isinstance(right, Concept) and self._having(end, start):
                joiner = "all"  # "brain metastases with seizures": the first that has the second
            elif (isinstance(left, Concept) and isinstance(right, Concept) and right.negated
                  and self._lacking(end, start)):
                joiner = "all"  # "… that have not been treated with radiation": the first that lacks it (not anyone
                self.unclear_lack = True  # without radiation), though a radiation on record may be another's
            elif "and" in words or both_negated or same_event:  # "insulin for > 7 days during the 12 weeks before"
                gap_words = [t.lower_ for t in self.doc[end:start]]  # "…, and creatinine … or …": the list's last
                separated.update([gap] if any(a == "," and b == "and" for a, b in pairwise(gap_words)) else [])
                lists = example_lists(self.doc) if lists is None else lists
                joiner = default if "and" in words and any(end - 1 in r and start in r for r in lists) else "all"
            else:
                joiner = default
                if "," in words and _names([left]) == _names([right]) and _one_way(left, right):
                    alike.add(gap)  # "creatinine ≤ 1.5 mg/dL, ≤ 1.5 x ULN or …": values of one measure, a choice
                elif "," in words:
                    separated.add(gap)  # no "and" nor "or" here: a comma alone joins
            joiners.append(joiner)
        members = [node for _, _, node in nodes]
        if self.section == "inclusion" and default == "all" and paired and alike:
            joiners = ["any" if gap in alike else joiner for gap, joiner in enumerate(joiners)]
            if not separated:
                return _requirements_with_alternatives(members, joiners, separated)
        if self.section == "inclusion" and default == "all" and separated and paired:
            if _alternatives_listed(members):
                return AnyOf(any=members)
            lists = example_lists(self.doc) if lists is None else lists
            listed = any(r.start <= nodes[0][1] and nodes[-1][0] < r.stop for r in lists)
            if not listed and not self._counted_items(nodes[-1][0]):
                return _requirements_with_alternatives(members, joiners, separated)
        return _or_of_ands(members, joiners)

    def _counted_items(self, last: int) -> bool:
        """Whether words before the last node count the items ("at least one of the following features", "any of",
        "one or more of": a `list_any` or `list_all` word before "of" or "or more"): how many must hold is theirs to
        say, not the commas'."""
        counting = lexicon.words("list_any") | lexicon.words("list_all")
        words = [t.lower_ for t in self.doc[:last]]
        return any(word in counting and words[i + 1:i + 2] in (["of"], ["or"]) for i, word in enumerate(words))

    def _having(self, end: int, start: int) -> bool:
        """Whether the words between two concepts are "with" and the second one's modifiers ("tumours with active
        bleeding"; not "tumours with a high risk of bleeding", which have no bleeding)."""
        modifiers = modified_from(self.doc, start)
        return ([t.lower_ for t in self.doc[end:modifiers]] == ["with"]
                and all(t.lower_ != "of" for t in self.doc[modifiers:start]))

    def _lacking(self, end: int, start: int) -> bool:
        """Whether the words between two concepts are a relative clause saying the first lacks the second: a
        relative pronoun, then a denied perfect of receiving ("that have not been treated with"; not "which is not
        controlled with", whose denial is the verb's)."""
        return (end < start and self.doc[end].lower_ in lexicon.words("relative_pronoun")
                and self.clauses.negation.perfect_of_denial(end + 1, start))

    def _named_from(self, end: int, start: int, node: Expr) -> int:
        """Where the words between a node ending at `end` and one read from `start` stop: at the name of a denied
        event a window dates, when the denial opens it before its window ("… and no transfusion or erythropoietin
        within 4 weeks"): the "or" of that name joins what is denied, not the two nodes."""
        if isinstance(node, Concept) and node.negated and node.within is not None:
            named = self.locate(node.span)
            if (named is not None and end < named.start < start
                    and self.doc[named.start - 1].lower_ in negation_words()):
                return named.start
        return start

    def _past_unnamed_events(self, end: int, start: int, left: Expr, right: Expr) -> int:
        """Where the words joining two windows' events start: past the rest of a list of events the first window
        counts from (its anchor opened by `since_anchor` words) that no node names ("at least 4 weeks since prior
        surgery or biopsy and 2 weeks since chemotherapy": the "or" lists what the first period counts from, the
        "and" joins the two periods)."""
        if not (isinstance(left, Concept) and left.within is not None and left.within.anchor
                and left.within.anchor.split()[0].lower() in lexicon.words("since_anchor")
                and left.concept in left.within.anchor and isinstance(right, Concept) and right.within is not None):
            return end
        named = self.locate(left.span)
        begin = named.stop if named is not None and end <= named.start < named.stop <= start else end
        words = [t.lower_ for t in self.doc[begin:start]]  # after the event its anchor names
        listed = 1 if words[:1] == ["or"] else 2 if words[:2] == [",", "or"] else 0
        last = max((k for k, word in enumerate(words) if word in ("and", "or")), default=None)
        if (not listed or last is None or words[last] != "and"
                or not self.clauses.is_content(begin + listed, begin + last)):
            return end
        return begin + last

    def _serial_alternatives(self, nodes: list[Node]) -> set[int]:
        """The gaps between nodes that only a comma fills in a list of concepts ending with "or" ("Prior chemotherapy,
        radiotherapy, or immunotherapy"; "asthma, COPD, or both"): each comma is the list's "or". Not in a list of
        denied concepts ("no surgical, radiotherapy, or chemotherapy options": none of them), nor of thresholds,
        where commas often join requirements and the "or" only the last two ("ANC ≥ 1.5, platelets ≥ 100,
        creatinine ≤ 1.5 or CrCl ≥ 60")."""
        gaps = [[t.lower_ for t in self.doc[end:start]] for (_, end, _), (start, _, _) in pairwise(nodes)]
        last_end = nodes[-1][1]
        gaps.append([t.lower_ for t in self.doc[last_end:last_end + 3]])  # what follows the last: "…, or both"
        serial: set[int] = set()
        run: list[int] = []
        for gap, words in enumerate(gaps):
            if words == [","] and gap < len(gaps) - 1:
                run.append(gap)
                continue
            ending = words in _SERIAL_OR if gap < len(gaps) - 1 else ["or", "both"] in (words[:2], words[1:3])
            members = [node for _, _, node in nodes[(run[0] if run else gap):gap + 2]]
            if run and ending and all(isinstance(node, Concept) and not node.negated for node in members):
                serial.update(run)
            run = []
        return serial


def _denied(node: Expr) -> bool:
    """Whether a node is denied: a negated concept or a threshold that must not hold ("No A or B": neither)."""
    return isinstance(node, Not) or getattr(node, "negated", False) is True


def _one_way(left: Expr, right: Expr) -> bool:
    """Whether two single thresholds bound from the same side ("≤ 1.5 mg/dL, ≤ 1.5 x ULN": two limits to choose
    from), not the two ends of a range ("for at least 24 hours, but less than 21 days")."""
    return (isinstance(left, Comparison) and isinstance(right, Comparison)
            and (left.op in ("<", "<=")) == (right.op in ("<", "<=")))


def _threshold(node: Expr) -> bool:
    """Whether a node is a threshold, alone or denied or bounded on both sides ("creatinine ≤ 1.5 mg/dL")."""
    inner = node.not_ if isinstance(node, Not) else node
    return isinstance(inner, Comparison) or isinstance(inner, AllOf) and all(
        isinstance(part, Comparison) for part in inner.all)


def _alternatives_listed(members: list[Expr]) -> bool:
    """Whether a list of thresholds ending in "or" lists alternatives, not requirements: values of one measure ("> 10
    mm with CT, > 20 mm by chest x-ray, or > 10 mm with calipers"), or scales of one state (`one_state` categories:
    "ECOG 0-1, Karnofsky ≥ 70 or Lansky ≥ 70")."""
    names = _names(members)
    return len(names) == 1 or _categories(members) <= vocabulary.one_state_categories()


def _categories(nodes: list[Expr]) -> set[str]:
    """The categories of the lexicon measures the thresholds among `nodes` bound ("performance", "renal"); a name
    the lexicon does not know is a category of its own."""
    return {found[0].category if (found := vocabulary.find_measures(name)) else name for name in _names(nodes)}


def _names(nodes: list[Expr]) -> set[str]:
    return {node.measure for expr in nodes for node in iter_nodes(expr, conditions=False)
            if isinstance(node, Comparison)}


def _requirements_with_alternatives(nodes: list[Expr], joiners: list[str], separated: set[int]) -> Expr:
    """"ANC ≥ 1500, platelets ≥ 100,000, creatinine ≤ 1.5 mg/dL or CrCl ≥ 60 mL/min": in an inclusion the commas and
    sentence breaks between thresholds join requirements, and an "or" only the two thresholds beside it, so the
    requirements split at the `separated` gaps are all required, each joined within by its own words ("or" loosest,
    then "and")."""
    parts: list[Expr] = []
    start = 0
    for gap in [*sorted(separated), len(nodes) - 1]:
        parts.append(_or_of_ands(nodes[start:gap + 1], joiners[start:gap]))
        start = gap + 1
    return parts[0] if len(parts) == 1 else AllOf(all=parts)


def _or_of_ands(nodes: list[Expr], joiners: list[str]) -> Expr:
    """Nodes joined by the joiner of each gap between them, "any" binding loosest: `any` of `all`s."""
    groups: list[list[Expr]] = [[nodes[0]]]
    for joiner, node in zip(joiners, nodes[1:], strict=True):
        if joiner == "any":
            groups.append([node])
        else:
            groups[-1].append(node)
    conjunctions = [g[0] if len(g) == 1 else AllOf(all=g) for g in groups]
    return conjunctions[0] if len(conjunctions) == 1 else AnyOf(any=conjunctions)


def apart_as_either(node: Expr) -> Expr:
    """"Younger than 18 and older than 75 years" among exclusions: two limits of one measure with a gap between them
    are the two ways out of a range (`any`), whatever word joined them; read as `all`, no patient met them. (Limits
    that meet, "> 10 and ≤ 10", are no range: either way every patient would be excluded.)"""
    if not isinstance(node, AllOf) or len(node.all) != 2:
        return node
    first, second = node.all
    if not isinstance(first, Comparison) or not isinstance(second, Comparison) or (
            first.measure, first.relative_to, first.when) != (second.measure, second.relative_to, second.when):
        return node
    upper, lower = (first, second) if first.op in ("<", "<=") else (second, first)
    if upper.op not in ("<", "<=") or lower.op not in (">", ">="):
        return node
    try:  # "younger than 6 months and older than 5 years": one measure in two units
        low = units.convert(lower.value, lower.unit, upper.unit)
    except units.IncompatibleUnits:
        return node
    return AnyOf(any=[first, second]) if low > upper.value else node
