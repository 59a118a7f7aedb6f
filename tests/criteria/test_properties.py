"""Properties that hold for any text: parse_criteria never raises, and every span indexes its text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser.criteria import parse_criteria
from parser.models.criteria import Comparison, Concept
from parser.models.walk import iter_nodes

_CLINICAL = st.sampled_from(
    ["Inclusion Criteria:", "Exclusion Criteria:", "* ", "  -  ", "•", "≥", "≤", "\\<", "\\>", "\\^", "×10^9/L",
     "x ULN", "within 6 months", "18-75 years", "ECOG 0-1", "PLT", "in patients with", "(", ")", ";", ".", "\n", " ",
     "0", "1.5",
     "1,500", "µmol/L", "mmHg", "no", "or", "and", "<p>", "<li>", "&lt;", "\u00a0", "NCT05628038", "Cohort A:"]
)
_TEXTS = st.one_of(st.text(max_size=300), st.lists(_CLINICAL, max_size=60).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_parse_criteria_never_raises_and_spans_index_their_text(text):
    document = parse_criteria(text)
    for criterion in document.inclusion + document.exclusion:
        assert 0 <= criterion.span[0] <= criterion.span[1] <= len(text)
        for node in iter_nodes(criterion.expr):
            if isinstance(node, (Comparison, Concept)):
                assert criterion.text[node.span[0]:node.span[1]] == node.text
                if isinstance(node, Concept) and node.within is not None:
                    assert criterion.text[node.within.span[0]:node.within.span[1]] == node.within.text


def test_real_corpus_texts_all_parse(corpus_texts):
    for text in corpus_texts:
        document = parse_criteria(text)
        assert document.inclusion or document.exclusion or not text.strip()
