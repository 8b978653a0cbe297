"""Properties that must hold for any input (hypothesis)."""

from collections import Counter

from hypothesis import HealthCheck, example, given, settings
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


# Typographic variants of one wording, so that keys are shared between
# statements whose texts differ.
VARIANTS = ["“soon,”", '"soon,"', "1,000", "1000", "1\u202f000", "talks—ended", "talks-ended", "`x`",
            "The", "the", "U.S.", "…", "..."]
variant_sentence = st.lists(st.sampled_from(WORDS + VARIANTS), min_size=1, max_size=6).map(
    lambda ws: " ".join(ws) + ".")
variant_doc = st.lists(st.lists(variant_sentence, min_size=1, max_size=4).map(" ".join),
                       max_size=6).map("\n\n".join)


@given(variant_doc, variant_doc)
def test_every_statement_keeps_its_own_matching_key(a, b):
    """The aligner normalises each distinct wording once per diff and shares
    the key between both sides: no statement may get another's key."""
    from monitor.diff.align import align
    from monitor.text.normalize import normalize
    from monitor.text.segment import split_paragraphs

    al = align(split_paragraphs(a), split_paragraphs(b))
    items = [it for p in al.pairs for it in (*p.old, *p.new)] + al.removed + al.added
    assert all(it.key == normalize(it.text) for it in items)


MARKED = ["1,000", "1\u202f000", "1\u00a0000", "12,5", "`x`", "“a”", "‘b’", "«c»", "„d", "e–f", "g—h", "−3",
          "4…", "Zé", "a  b", "x\ty", "\n", ",", "000", "ß"]
marked_text = st.lists(st.sampled_from(MARKED), max_size=6).map(" ".join)


@given(marked_text)
@example("1\u202f000 `x`")  # the only non-ASCII mark is a grouping space
def test_matching_key_is_the_table_applied_to_the_whole_text(s):
    """``normalize`` replaces only the marks present (fast); the key must be
    what translating the whole text through the table gives."""
    import re

    from monitor.text import normalize as nz

    ref = re.sub(r"(?<=\d)[,\u202f\u00a0](?=\d{3}\b)", "", s) if ("," in s or not s.isascii()) else s
    if not ref.isascii():
        ref = ref.translate(nz._TRANSLATE)
    ref = re.sub(r"\s+", " ", ref).strip().casefold()
    assert nz.normalize(s) == ref
