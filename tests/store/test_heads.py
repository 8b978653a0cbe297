"""Heads: what a claim carries so the common check needs no query of its own."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from monitor.store import claim_due, content_hash, session_scope, snapshot_heads, snapshot_texts
from tests.store.helpers import NOW, check_in, make_watch, result


def test_heads_of_new_good_and_distrusted_watches(engine: Engine) -> None:
    new = make_watch(engine, "new")
    good = make_watch(engine, "good")
    distrusted = make_watch(engine, "distrusted")
    check_in(engine, good, result("first", "A. B."))
    later = NOW + timedelta(minutes=1)
    v2 = check_in(engine, good, result("changed", "A. B. C.", at=later), now=later)
    v1 = check_in(engine, distrusted, result("first", "A long story. " * 20))
    bad = check_in(engine, distrusted, result("suspect", "Subscribe.", at=later, suspect=True), now=later)

    with session_scope(engine) as s:
        heads = snapshot_heads(s, [new.id or 0, good.id or 0, distrusted.id or 0])
        texts = snapshot_texts(s, [v1.snapshot_id or 0, bad.snapshot_id or 0])
    assert heads[new.id or 0].last_id is None and heads[new.id or 0].good_id is None
    g = heads[good.id or 0]
    assert (g.last_id, g.good_id, g.good_hash, g.last_suspect) == (
        v2.snapshot_id, v2.snapshot_id, content_hash("A. B. C."), False)
    assert g.good_at == later
    d = heads[distrusted.id or 0]
    assert d.last_suspect and d.last_id == bad.snapshot_id and d.last_hash == content_hash("Subscribe.")
    assert d.good_id == v1.snapshot_id  # compare with the last version the guard trusted
    assert texts == {v1.snapshot_id: "A long story. " * 20, bad.snapshot_id: "Subscribe."}


def test_a_claim_carries_its_head(engine: Engine) -> None:
    w = make_watch(engine, "story")
    rec = check_in(engine, w, result("first", "Text."))
    later = NOW + timedelta(hours=2)
    (claim,) = claim_due(engine, "tester", now=later)
    assert claim.head is not None and claim.head.good_id == rec.snapshot_id
