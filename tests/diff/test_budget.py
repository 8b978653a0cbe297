"""Bounded cost: the worst version pairs complete, every statement is still
accounted for, and a stage that reached its budget says so in the result.

No timings here (they live in ``benchmarks/bench_diff.py``); these tests
check what the engine returns when the budgets are reached.
"""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from monitor import diff_texts
from monitor.diff import budget, lcs
from monitor.diff.model import Diff
from monitor.diff.render import renderer
from monitor.diff.words import word_ops

SUBJECTS = ["The council", "Rescue crews", "The airline", "Prosecutors", "The governor", "Witnesses"]
VERBS = ["said", "confirmed", "reported", "denied", "announced"]
# Every object carries a number, so that the statements of one document are
# all different and each edit has one right answer.
OBJECTS = [
    "that bridge {n} would reopen on {d}",
    "that {n} families had been moved to shelters",
    "a delay to the inquiry into the {p} fire at block {n}",
    "that {n} flights from {p} were cancelled until {d}",
    "that {n} ballots were still being counted in {p}",
]
PLACES = ["Leeds", "Porto", "Lagos", "Osaka", "Quito", "Tartu"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng: random.Random, n: int | None = None) -> str:
    n = rng.randint(2, 9000) if n is None else n
    obj = rng.choice(OBJECTS).format(d=rng.choice(DAYS), n=n, p=rng.choice(PLACES))
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}."


def blog(n: int, seed: int, per_para: int = 4) -> list[list[str]]:
    rng = random.Random(seed)
    s = [sentence(rng, 10 + i) for i in range(n)]
    return [s[i : i + per_para] for i in range(0, n, per_para)]


def light_edit(s: str, rng: random.Random) -> str:
    w = s.split()
    k = rng.randrange(1, len(w) - 1)
    w.insert(k, "also") if rng.random() < 0.5 else w.__setitem__(k, w[k] + "s")
    return " ".join(w)


def doc(paras: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paras)


def assert_accounted(d: Diff) -> None:
    """Each statement of each side is in exactly one place: an unchanged
    link, or the change that names its location."""
    changed = {(o, n) for c in d for o in c.old_at for n in c.new_at}
    plain = [(o, n) for o, n in d.links() if (o, n) not in changed]
    old = Counter(o for o, _ in plain) + Counter(loc for c in d for loc in c.old_at)
    new = Counter(n for _, n in plain) + Counter(loc for c in d for loc in c.new_at)
    assert old == Counter(loc for loc, _ in d.sentences("old"))
    assert new == Counter(loc for loc, _ in d.sentences("new"))


def stages(d: Diff) -> set[str]:
    return {k for k, _ in d.degraded}


# -- ordinary documents stay exact ---------------------------------------------


def test_an_ordinary_diff_is_exact_and_says_nothing_about_budgets():
    a = blog(200, seed=1)
    b = [list(p) for p in a]
    b[3][1] = b[3][1].replace(".", " on Friday.")
    b.insert(0, ["Update: a new entry on top of the page."])
    d = diff_texts(doc(a), doc(b))
    assert d.degraded == ()
    assert d.to_dict()["degraded"] == {}
    for fmt in ("text", "markdown", "html"):
        assert "too large to compare" not in renderer(fmt)(d)


# -- the worst cases -------------------------------------------------------------


def test_every_sentence_lightly_edited_pairs_each_with_its_own_edit():
    a = blog(2000, seed=7)
    rng = random.Random(8)
    b = [[light_edit(s, rng) for s in p] for p in a]
    d = diff_texts(doc(a), doc(b))
    assert Counter(c.kind for c in d) == {"edited": 2000}
    assert all(c.old_at == c.new_at for c in d)  # paired by position, each with its own edit
    assert "fuzzy" in stages(d)
    assert_accounted(d)


def test_a_site_wide_template_change_is_one_edit_per_paragraph():
    a = blog(10000, seed=9)
    rng = random.Random(10)
    b = []
    for p in a:
        p = list(p)
        i = rng.randrange(len(p))
        p[i] = light_edit(p[i], rng)
        b.append(p)
    d = diff_texts(doc(a), doc(b))
    assert Counter(c.kind for c in d) == {"edited": 2500}
    assert sorted(c.new_at[0][0] for c in d) == list(range(2500))
    assert all(c.old_at == c.new_at for c in d)
    assert stages(d) <= {"fuzzy"}
    assert_accounted(d)


def test_a_full_rewrite_under_the_same_url_completes_and_is_flagged():
    d = diff_texts(doc(blog(4000, seed=11)), doc(blog(4000, seed=12)))
    assert "fuzzy" in stages(d)
    assert {c.kind for c in d} <= {"added", "removed", "edited", "moved", "split", "merged"}
    assert sum(len(c.old_at) for c in d) <= 4000
    assert_accounted(d)


@pytest.mark.slow
def test_fifty_thousand_identical_paragraphs_plus_one_is_one_addition():
    para = "The council said the count would resume on Monday."
    a = [para] * 50_000
    b = a[:25_000] + ["A paragraph appears in the middle of the page."] + a[25_000:]
    d = diff_texts("\n\n".join(a), "\n\n".join(b))
    assert [(c.kind, c.new_at) for c in d] == [("added", ((25_000, 0),))]
    assert d.degraded == ()  # the common prefix and suffix are exact
    assert_accounted(d)


def _alternating() -> tuple[list[str], list[str]]:
    s = ["Witnesses said the road was open.", "Witnesses said the road was closed."]
    a = [s[i % 2] for i in range(50_000)]
    return a, a[1:] + a[:1]


@pytest.mark.slow
@pytest.mark.parametrize("joiner", ["\n\n", " "], ids=["paragraphs", "one-paragraph"])
def test_alternating_statements_are_aligned_by_position_and_flagged(joiner):
    a, b = _alternating()
    d = diff_texts(joiner.join(a), joiner.join(b))
    assert "order" in stages(d)
    # Only the chunk borders can differ: a handful of changes, not thousands.
    assert 1 <= len(d) <= 100
    assert all(c.kind in ("moved", "added", "removed") for c in d)
    assert_accounted(d)


def test_two_different_one_megabyte_tokens_are_a_removal_and_an_addition():
    rng = random.Random(13)
    a, b = ("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=1_000_000)) for _ in range(2))
    d = diff_texts(a, b)
    assert sorted(c.kind for c in d) == ["added", "removed"]
    assert "fuzzy" in stages(d)
    assert_accounted(d)


def test_a_huge_statement_keeps_its_text_and_its_aspects():
    rng = random.Random(15)
    words = ["council", "said", "the", "count", "would", "resume", "on", "time", "people", "votes"]
    left = " ".join(rng.choice(words) for _ in range(60_000))
    right = " ".join(rng.choice(words) for _ in range(60_000))
    old = f"{left} and the mayor will attend the hearing {right}"
    new = f"{left} and the mayor will not attend the hearing {right}"
    d = diff_texts(old, new)
    assert len(d) == 1 and d[0].kind == "edited"
    assert d[0].old == old and d[0].new == new  # the record keeps the whole text
    assert "negation" in d[0].aspects  # judged on the changed stretch
    assert {"aspects", "fuzzy"} <= stages(d)


@pytest.mark.slow
def test_one_long_quoted_paragraph_with_one_edit_is_one_edit():
    rng = random.Random(14)
    a = [f"“{sentence(rng)[:-1]},” the spokesperson said." for _ in range(5000)]
    b = list(a)
    b[2500] = light_edit(b[2500], rng)
    d = diff_texts(" ".join(a), " ".join(b))
    assert [c.kind for c in d] == ["edited"]
    assert d[0].new == b[2500]
    assert_accounted(d)



def test_a_quoted_paragraph_retyped_with_straight_quotes_is_still_one_edit():
    """Each wording is normalised once per diff and the key shared by both
    sides; curly and straight quotation marks still fold to one key, so only
    the edited statement differs."""
    rng = random.Random(15)
    a = [f"“{sentence(rng)[:-1]},” the spokesperson said." for _ in range(300)]
    b = [s.replace("“", '"').replace("”", '"') for s in a]
    b[150] = light_edit(b[150], rng)
    d = diff_texts(" ".join(a), " ".join(b))
    assert [c.kind for c in d] == ["edited"]
    assert d[0].old == a[150] and d[0].new == b[150]
    assert not d.degraded
    assert_accounted(d)

# -- each budget, reached on a small document ------------------------------------


def test_past_the_split_budget_a_split_is_still_found_near_its_place(monkeypatch):
    b = blog(40, seed=3)
    a = [list(p) for p in b]
    s1, s2 = a[5][1], a[5][2]
    a[5][1:3] = [s1[:-1] + ", and " + s2[0].lower() + s2[1:]]  # one statement, later split in two
    # the same split, found exactly below the budget and by position above it
    exact = diff_texts(doc(a), doc(b))
    monkeypatch.setattr(budget, "SPLIT_CELLS", 0)
    cheap = diff_texts(doc(a), doc(b))
    assert "splits" in stages(cheap) and "splits" not in stages(exact)
    assert [c.kind for c in cheap] == [c.kind for c in exact] == ["split"]
    assert_accounted(cheap)


def test_past_the_fuzzy_budget_edits_in_place_are_still_paired(monkeypatch):
    a = blog(400, seed=4, per_para=40)
    rng = random.Random(5)
    b = [[light_edit(s, rng) if k % 3 == 0 else s for k, s in enumerate(p)] for p in a]
    exact = diff_texts(doc(a), doc(b))
    monkeypatch.setattr(budget, "FUZZY_CELLS", 10)
    cheap = diff_texts(doc(a), doc(b))
    assert "fuzzy" in stages(cheap) and exact.degraded == ()
    assert [(c.kind, c.old_at, c.new_at) for c in cheap] == [(c.kind, c.old_at, c.new_at) for c in exact]
    assert_accounted(cheap)


# -- the flag ---------------------------------------------------------------------


def test_the_flag_is_in_the_json_and_one_line_in_every_renderer(monkeypatch):
    monkeypatch.setattr(budget, "FUZZY_CELLS", 0)
    rng = random.Random(6)
    a = blog(40, seed=6)
    b = [[light_edit(s, rng) for s in p] for p in a]
    d = diff_texts(doc(a), doc(b))
    payload = json.loads(renderer("json")(d))
    assert set(payload["degraded"]) == {"fuzzy"} and payload["degraded"]["fuzzy"]
    assert Diff.from_dict(d.to_dict()).degraded == d.degraded
    for fmt in ("text", "markdown", "html"):
        out = renderer(fmt)(d)
        assert sum("too large to compare" in line for line in out.splitlines()) == 1, fmt
        assert "fuzzy" in out


# -- sequence alignment past its budget ---------------------------------------------


def _valid(ops, a, b) -> int:
    i = j = kept = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert (i2 > i1 or j2 > j1) and tag in ("equal", "delete", "insert", "replace")
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            kept += i2 - i1
        else:
            assert (tag == "delete") == (j1 == j2) and (tag == "insert") == (i1 == i2)
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return kept


def test_bounded_alignment_is_a_valid_alignment_and_exact_below_its_budget(monkeypatch):
    rng = random.Random(2)
    cases = []
    for _ in range(400):
        a = [rng.randrange(rng.choice((3, 40, 500))) for _ in range(rng.randrange(60))]
        b = list(a)
        for _ in range(rng.randrange(6)):
            k = rng.randrange(len(b) + 1)
            b.insert(k, rng.randrange(50)) if rng.random() < 0.5 or not b else b.pop(min(k, len(b) - 1))
        cases.append((a, b))
    exact = [lcs.opcodes(a, b) for a, b in cases]
    monkeypatch.setattr(lcs, "_BITPARALLEL_LIMIT", 40)
    monkeypatch.setattr(lcs, "_CHUNK_CELLS", 20)
    for (a, b), ex in zip(cases, exact, strict=True):
        with budget.recording() as notes:
            ops = lcs.opcodes(a, b)
        kept, best = _valid(ops, a, b), _valid(ex, a, b)
        assert kept <= best
        if len(a) * len(b) <= 40:
            assert ops == ex
        if kept < best:
            assert "order" in notes  # only the chunking step may lose matches


def test_word_highlights_of_huge_statements_are_bounded_outside_a_diff():
    a = " ".join(["alpha", "beta"] * 60_000)
    b = " ".join(["beta", "alpha"] * 60_000)
    ops = word_ops(a, b)
    assert "".join(op.old for op in ops) == a and "".join(op.new for op in ops) == b


def test_past_the_fuzzy_budget_one_edit_among_many_additions_is_still_found(monkeypatch):
    monkeypatch.setattr(budget, "FUZZY_CELLS", 0)
    rng = random.Random(9)
    kept = blog(8, seed=9)
    old_one = "The council said that bridge 77 would reopen on Monday after the inspection."
    new_many = [sentence(rng, 500 + k) for k in range(30)] + [old_one.replace("Monday", "Tuesday")]
    d = diff_texts(doc(kept + [[old_one]] + kept), doc(kept + [new_many] + kept))
    assert "fuzzy" in stages(d)
    edited = [c for c in d if c.kind == "edited"]
    assert [(c.old, c.new) for c in edited] == [(old_one, new_many[-1])]
    assert "time" in edited[0].aspects
    assert_accounted(d)
