"""The seed story, step by step: the engine finds what the labels say.

Data-driven: one parametrized test over every consecutive pair of versions in
seeds/istanbul-talks/labels.jsonl, plus the "must show" cases by name.
"""

import json

import pytest

from monitor import diff_texts
from monitor.diff.evaluate import evaluate, load_corpus
from monitor.text.normalize import normalize
from tests.conftest import SEEDS

LABELS = [json.loads(line) for line in (SEEDS / "labels.jsonl").read_text(encoding="utf-8").splitlines()]


def versions() -> list[str]:
    return [(SEEDS / f"v{i}.txt").read_text(encoding="utf-8") for i in range(1, 7)]


def key(kind, old, new):
    return kind, normalize(old or ""), normalize(new or "")


@pytest.mark.parametrize("rec", LABELS, ids=[r["id"] for r in LABELS])
def test_each_step_produces_the_labelled_changes(rec):
    d = diff_texts(rec["old"], rec["new"])  # the engine's own segmentation, from raw text
    got = sorted((key(c.kind, c.old, c.new), tuple(sorted(c.aspects))) for c in d)
    want = sorted((key(c["kind"], c["old"], c["new"]), tuple(sorted(c["aspects"]))) for c in rec["changes"])
    assert got == want


def test_last_version_is_the_shared_seed_unchanged():
    assert versions()[-1].startswith("Delegations from Russia and Ukraine meet in Istanbul on Friday.")
    assert "1000 for a 1000" in versions()[-1]


def test_us_reversal_is_an_edit_with_negation():
    v = versions()
    d = diff_texts(v[3], v[4])
    us = [c for c in d if c.new and "United States ultimately did not participate" in c.new]
    assert len(us) == 1 and us[0].kind == "edited" and "negation" in us[0].aspects


def test_update_block_is_one_group_below_the_caption():
    v = versions()
    d = diff_texts(v[4], v[5])
    assert len(d.groups) == 1
    g = d.groups[0]
    assert g.trigger == "marker" and g.new_at[0] == (1, 0)
    texts = [c.new for c in d if c.group == g.id]
    assert texts[0] == "Update:" and any("1000 for a 1000" in t for t in texts)


def test_moved_paragraph_is_moved_and_reworded_sentence_is_wording_only():
    v = versions()
    d = diff_texts(v[1], v[2])
    assert [c.kind for c in d if "Peace is possible" in (c.new or "")] == ["moved"]
    reworded = [c for c in d if c.kind == "edited"]
    assert len(reworded) == 1 and reworded[0].aspects == ("wording",)
    assert not reworded[0].material


def test_corrected_figure_and_changed_quote():
    v = versions()
    assert [c.aspects for c in diff_texts(v[0], v[1]) if "ceasefire" in (c.new or "")] == [("numbers",)]
    assert [c.aspects for c in diff_texts(v[4], v[5]) if c.kind == "edited"] == [("quote",)]


def test_eval_link_f1_on_the_seed_labels():
    score = evaluate(load_corpus(SEEDS / "labels.jsonl")).to_dict()
    assert score["links"]["f1"] >= 0.95
    assert score["labels"]["accuracy"] >= 0.95
