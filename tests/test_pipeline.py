"""One check end to end against the local news site: fetch, extract, compare, store."""

import asyncio
import json
from datetime import timedelta

import pytest
from sqlmodel import func, select

from monitor.pipeline import CheckSettings, check_claims, check_one
from monitor.sources.fetch import FetchContext
from monitor.store import (
    Alert,
    Check,
    Snapshot,
    Watch,
    add_watch,
    claim_due,
    get_engine,
    latest_snapshot,
    session_scope,
    snapshot_text,
    utcnow,
)
from monitor.text.normalize import normalize
from tests.conftest import SEEDS
from tests.origin import STORY, seed_versions

LABELS = [json.loads(x) for x in (SEEDS / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
SETTINGS = CheckSettings(notifiers=({"type": "file", "directory": "alerts-test"},))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'monitor.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    return get_engine(url)


def watch(engine, url, **kw):
    with session_scope(engine, write=True) as s:
        w = add_watch(s, "istanbul", url, **kw)
        s.flush()
        return w.id


def round_(engine, settings=SETTINGS):
    claims = claim_due(engine, "test-worker", limit=50, now=utcnow() + timedelta(days=1))
    return asyncio.run(check_claims(engine, claims, settings=settings, worker_id="test-worker"))


def counts(engine):
    with session_scope(engine) as s:
        return {m.__name__: s.exec(select(func.count()).select_from(m)).one() for m in (Snapshot, Check, Alert)}


def key(kind, old, new):
    return kind, normalize(old or ""), normalize(new or "")


def test_seed_steps_produce_labelled_changes_and_noise_produces_none(engine, origin):
    wid = watch(engine, origin.url(STORY))
    [first] = round_(engine)
    assert first.outcome == "first" and first.version == 1
    origin.stories[STORY].conditional = False  # every check downloads a fresh, noisy page
    [same] = round_(engine)
    assert same.outcome == "unchanged" and same.changes == 0
    assert counts(engine)["Snapshot"] == 1 and counts(engine)["Check"] == 2
    for step, rec in enumerate(LABELS, start=2):
        origin.advance(STORY)
        [r] = round_(engine)
        assert r.outcome == "changed" and r.version == step, r
        with session_scope(engine) as s:
            snap = latest_snapshot(s, wid)
            from monitor.store import changes_for

            got = sorted(key(c.kind, c.old, c.new) for c in changes_for(s, snap.id))
        assert got == sorted(key(c["kind"], c["old"], c["new"]) for c in rec["changes"]), rec["id"]
        assert r.alerts == 1  # every seed step has a material change
    with session_scope(engine) as s:
        assert snapshot_text(latest_snapshot(s, wid)) == seed_versions()[-1].strip()


def test_conditional_get_skips_everything(engine, origin):
    watch(engine, origin.url(STORY))
    round_(engine)
    before = origin.requests[STORY]
    [r] = round_(engine)
    assert r.outcome == "unchanged" and origin.requests[STORY] == before + 1
    assert counts(engine)["Snapshot"] == 1


def test_only_a_text_that_differs_reads_stored_versions(engine, origin, monkeypatch):
    import monitor.pipeline as pipeline

    compared = []
    real = pipeline._compare
    monkeypatch.setattr(pipeline, "_compare", lambda *a: compared.append(1) or real(*a))
    watch(engine, origin.url(STORY))
    round_(engine)  # the first version: nothing stored to compare with
    origin.stories[STORY].conditional = False  # full pages, their ad and widget changed each time
    [noise] = round_(engine)
    assert noise.outcome == "unchanged" and compared == []  # same text: decided from the claim's head
    origin.advance(STORY)
    [changed] = round_(engine)
    assert changed.outcome == "changed" and compared == [1]


@pytest.mark.parametrize("fault", ["500", "404", "slow", "truncated", "huge", "redirect_loop", "error_200",
                                   "garbage", "wrong_charset"])
def test_faults_record_a_failed_or_suspect_check_and_recovery_diffs_against_last_good(engine, origin, fault):
    wid = watch(engine, origin.url(STORY))
    round_(engine)
    origin.set_fault(STORY, fault, slow_seconds=2)
    claims = claim_due(engine, "w", limit=5, now=utcnow() + timedelta(days=1))

    async def go():
        async with FetchContext(timeout_read=1.0, retries=0) as ctx:
            return [await check_one(engine, c, ctx.fetch, settings=SETTINGS) for c in claims]

    [bad] = asyncio.run(go())
    expected = {"wrong_charset": {"unchanged"}, "error_200": {"suspect"}}.get(fault, {"failed"})
    assert bad.outcome in expected, bad
    assert bad.changes == 0 and bad.alerts == 0
    if fault == "error_200":  # served again: still distrusted, still no changes
        [again] = round_(engine)
        assert again.outcome == "suspect" and again.changes == 0
    origin.set_fault(STORY, "none")
    origin.advance(STORY)
    [ok] = round_(engine)
    assert ok.outcome == "changed"
    with session_scope(engine) as s:
        from monitor.store import changes_for

        snap = latest_snapshot(s, wid)
        kinds = sorted(c.kind for c in changes_for(s, snap.id))
    assert kinds == sorted(c["kind"] for c in LABELS[0]["changes"])


def test_a_429_with_retry_after_is_not_asked_again_before_then(engine, origin):
    wid = watch(engine, origin.url(STORY))
    round_(engine)
    origin.set_fault(STORY, "429", retry_after=7200)
    claims = claim_due(engine, "w", limit=5, now=utcnow() + timedelta(days=1))

    async def go():
        async with FetchContext(retries=0) as ctx:
            return [await check_one(engine, c, ctx.fetch, settings=SETTINGS) for c in claims]

    before = utcnow()
    [r] = asyncio.run(go())
    assert r.outcome == "failed" and "429" in (r.error or "")
    with session_scope(engine) as s:
        due = s.get(Watch, wid).next_due
    assert due >= before + timedelta(seconds=7200)
    assert due <= utcnow() + timedelta(seconds=7200)


def test_a_trimmed_story_is_suspect_first_then_confirmed(engine, origin):
    full = seed_versions()[-1]
    short = full.split("\n\n")[0] + "\n\n" + full.split("\n\n")[9]
    origin.stories[STORY].versions = [full, short]
    watch(engine, origin.url(STORY))
    round_(engine)
    origin.advance(STORY)
    [first] = round_(engine)
    assert first.outcome == "suspect" and first.changes == 0
    origin.stories[STORY].conditional = False
    [second] = round_(engine)
    assert second.outcome == "changed" and second.changes > 5


def test_failures_send_one_failing_alert_then_a_recovery(engine, origin):
    watch(engine, origin.url(STORY))
    round_(engine)
    origin.set_fault(STORY, "404")
    outcomes = [round_(engine)[0] for _ in range(5)]
    assert [o.outcome for o in outcomes] == ["failed"] * 5
    assert sum(o.alerts for o in outcomes) == 1 and outcomes[2].alerts == 1
    origin.set_fault(STORY, "none")
    [back] = round_(engine)
    assert back.outcome == "unchanged" and back.alerts == 1
    with session_scope(engine) as s:
        kinds = [a.payload["kind"] for a in s.exec(select(Alert).order_by(Alert.id))]
    assert kinds == ["failing", "recovered"]


def test_file_watch(engine, tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text("The US will attend the talks.\n\nTalks begin on Thursday.")
    watch(engine, str(doc), kind="file")
    assert round_(engine)[0].outcome == "first"
    doc.write_text("The US will not attend the talks.\n\nTalks begin on Thursday.")
    [r] = round_(engine)
    assert r.outcome == "changed" and r.changes == 1


def test_feed_entries_become_watches_with_the_feed_settings(engine, origin):
    with session_scope(engine, write=True) as s:
        add_watch(s, "section", origin.url("/feed.xml"), kind="feed", interval_seconds=300,
                  selector=".article-body", rules={"keywords": ["ceasefire"]})
    [feed] = round_(engine)
    assert feed.outcome == "first"
    from monitor.store import list_watches

    with session_scope(engine) as s:
        children = [w for w in list_watches(s) if w.parent_id is not None]
        assert [(w.url, w.kind, w.interval_seconds, w.selector, w.rules) for w in children] == [
            (origin.url(STORY), "http", 300, ".article-body", {"keywords": ["ceasefire"]})]
    reports = {r.watch: r for r in round_(engine)}
    child = next(n for n in reports if n != "section")
    assert reports[child].outcome == "first" and reports["section"].outcome == "unchanged"
    round_(engine)
    with session_scope(engine) as s:
        assert len([w for w in list_watches(s) if w.parent_id is not None]) == 1  # not spawned twice
