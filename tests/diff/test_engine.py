"""Behaviour of diff_texts on small, readable cases."""

from monitor import diff_texts
from monitor.diff.model import Change, Diff

BASE = (
    "Delegations from Russia and Ukraine meet in Istanbul.\n\n"
    "The talks began at 1 p.m. local time. Both sides were present.\n\n"
    "The United States will also attend the talks.\n\n"
    "All week, many hoped the talks would bring the war closer to an end."
)


def kinds(d: Diff) -> list[str]:
    return [c.kind for c in d]


def test_identical_texts_have_no_changes():
    d = diff_texts(BASE, BASE)
    assert not d and len(d) == 0 and list(d) == []


def test_typography_and_digit_grouping_are_not_changes():
    a = "They agreed on 1000 for 1000. It will happen \"soon\" - he said."
    b = "They agreed on 1,000 for 1,000. It will happen “soon” – he said."
    assert not diff_texts(a, b)


def test_negation_reversal_is_one_edit_with_negation():
    new = BASE.replace(
        "The United States will also attend the talks.",
        "Despite initially saying they would also attend, the United States ultimately did not attend the talks.",
    )
    d = diff_texts(BASE, new)
    assert kinds(d) == ["edited"]
    assert "negation" in d[0].aspects
    assert d[0].significance >= 0.9
    assert "polarity" in d[0].reason


def test_moved_paragraph_is_moved_not_removed_and_added():
    paras = BASE.split("\n\n")
    new = "\n\n".join([paras[0], paras[3], paras[1], paras[2]])
    d = diff_texts(BASE, new)
    assert set(kinds(d)) == {"moved"}
    assert all(c.old == c.new for c in d)


def test_moved_and_edited_sentence_is_reported_as_both():
    paras = BASE.split("\n\n")
    edited = paras[3].replace("would bring", "might bring")
    new = "\n\n".join([paras[0], edited, paras[1], paras[2]])
    d = diff_texts(BASE, new)
    changed = [c for c in d if c.kind == "edited"]
    assert len(changed) == 1 and changed[0].moved
    assert "moved and edited" in changed[0].reason


def test_split_and_merge():
    a = "The talks ended after two hours, and the sides agreed on a prisoner exchange of 1000 for 1000."
    b = "The talks ended after two hours. The sides agreed on a prisoner exchange of 1000 for 1000."
    d = diff_texts(a, b)
    assert kinds(d) == ["split"]
    assert len(d[0].new_at) == 2
    back = diff_texts(b, a)
    assert kinds(back) == ["merged"]


def test_update_block_is_one_group():
    new = BASE.replace(
        "Delegations from Russia and Ukraine meet in Istanbul.\n\n",
        "Delegations from Russia and Ukraine meet in Istanbul.\n\nUpdate:\n\n"
        "The talks are over after two hours. A prisoner exchange was agreed.\n\n"
        "Zelenskyy called on Putin to meet him in person.\n\n",
    )
    d = diff_texts(BASE, new)
    assert kinds(d) == ["added"] * 4
    assert len(d.groups) == 1
    g = d.groups[0]
    assert g.trigger == "marker" and len(g.new_at) == 4
    assert {c.group for c in d} == {g.id}
    assert g.heading.startswith("The talks are over")


def test_new_block_at_top_is_an_update_without_marker():
    new = "Breaking: The delegations left Istanbul. No date was set.\n\n" + BASE
    d = diff_texts(BASE, new)
    assert len(d.groups) == 1


def test_unrelated_addition_is_not_a_group():
    new = BASE + "\n\nThe weather in Istanbul was sunny."
    d = diff_texts(BASE, new)
    assert kinds(d) == ["added"] and not d.groups


def test_presegmented_lists_are_aligned_as_given():
    old = ["A statement about the talks.", "The US will attend.", "Another one here."]
    new = ["A statement about the talks.", "The US will not attend.", "Another one here.", "New."]
    d = diff_texts(old, new)
    assert kinds(d) == ["edited", "added"]
    assert d[0].old_at == ((1, 0),) and d[0].new_at == ((1, 0),)
    assert d.links() == [((0, 0), (0, 0)), ((1, 0), (1, 0)), ((2, 0), (2, 0))]


def test_threshold_decides_edit_versus_replace():
    a = "The ministry said talks would resume on Monday in Odesa."
    b = "The ministry announced that negotiations restart next week in Lviv."
    loose = diff_texts(a, b, threshold=0.3)
    strict = diff_texts(a, b, threshold=0.95)
    assert kinds(loose) == ["edited"]
    assert sorted(kinds(strict)) == ["added", "removed"]


def test_change_roundtrips_through_dict():
    new = BASE.replace("1 p.m.", "1:35 p.m.")
    d = diff_texts(BASE, new)
    again = Diff.from_dict(d.to_dict())
    assert again.changes == d.changes
    assert Change.from_dict(d[0].to_dict()) == d[0]
    assert "time" in d[0].aspects
