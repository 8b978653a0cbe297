"""Properties that must hold for any input (hypothesis)."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor import diff_texts

WORDS = ["the", "talks", "Putin", "Zelenskyy", "1000", "1,000", "did", "not", "attend", "U.S.",
         "p.m.", "“soon,”", "Update:", "Friday", "...", "Mr.", "—", "ceasefire", "30", "days"]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
document = st.lists(paragraph, min_size=0, max_size=8).map("\n\n".join)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def accounted(d):
    """Every statement of each side appears exactly once: linked or changed."""
    old = Counter(loc for loc, _ in d.sentences("old"))
    new = Counter(loc for loc, _ in d.sentences("new"))
    seen_old: Counter = Counter()
    seen_new: Counter = Counter()
    for o, n in d.links():
        seen_old[o] += 1
        seen_new[n] += 1
    for c in d:
        if c.kind == "removed":
            seen_old.update(c.old_at)
        if c.kind == "added":
            seen_new.update(c.new_at)
    # split/merged link one side to several: count each location once
    for c in d:
        if c.kind == "split":
            seen_old.update({loc: -(len(c.new_at) - 1) for loc in c.old_at})
        if c.kind == "merged":
            seen_new.update({loc: -(len(c.old_at) - 1) for loc in c.new_at})
    return seen_old == old and seen_new == new


settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@given(document)
def test_identical_inputs_give_no_changes(doc):
    assert not diff_texts(doc, doc)


@given(document, document)
def test_every_sentence_is_accounted_for_exactly_once(a, b):
    assert accounted(diff_texts(a, b))


@given(noise, noise)
def test_no_input_crashes_the_engine(a, b):
    d = diff_texts(a, b)
    assert all(0.0 <= c.significance <= 1.0 for c in d)
    assert accounted(d)


@given(st.lists(sentence, max_size=10), st.lists(sentence, max_size=10))
def test_presegmented_inputs_are_accounted_for(a, b):
    assert accounted(diff_texts(a, b))
