"""One check end to end against the local news site: fetch, extract, compare, store."""

import asyncio
import json
from datetime import timedelta

import pytest
from sqlmodel import func, select

from monitor.run.check import CheckSettings, check_one
from monitor.run.round import check_claims
from monitor.sources.fetch import FetchContext
from monitor.store import (
    Alert,
    Check,
    Snapshot,
    Watch,
    add_watch,
    claim_due,
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
    import monitor.run.check as pipeline

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


def test_a_304_after_a_one_off_error_page_is_the_story_and_clears_the_distrust(engine, origin):
    """The error page brought no validators, so the next request still carries the story's ETag:
    the 304 that answers it is the story, not the error page seen again."""
    wid = watch(engine, origin.url(STORY))
    assert round_(engine)[0].outcome == "first"
    origin.set_fault(STORY, "error_200")
    assert round_(engine)[0].outcome == "suspect"
    origin.set_fault(STORY, "none")
    back = [round_(engine)[0] for _ in range(3)]
    assert [r.outcome for r in back] == ["unchanged"] * 3, back
    assert all(r.changes == 0 and r.alerts == 0 for r in back)
    with session_scope(engine) as s:
        assert s.get(Watch, wid).last_status == "unchanged"
        distrusted = s.exec(select(Snapshot).where(Snapshot.watch_id == wid, Snapshot.suspect)).one()
        assert distrusted.confirmed_at is None and distrusted.dismissed_at is not None
    origin.set_fault(STORY, "error_200")  # the same page again: distrusted again, not believed
    assert [round_(engine)[0].outcome for _ in range(2)] == ["suspect", "suspect"]
    origin.set_fault(STORY, "none")
    origin.advance(STORY)
    [ok] = round_(engine)
    assert ok.outcome == "changed"
    with session_scope(engine) as s:
        from monitor.store import changes_for

        kinds = sorted(c.kind for c in changes_for(s, latest_snapshot(s, wid).id))
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
    origin.set_fault(STORY, "500")  # a second outage of the same page is its own episode
    again = [round_(engine)[0] for _ in range(3)]
    assert [o.alerts for o in again] == [0, 0, 1]
    origin.set_fault(STORY, "none")
    assert round_(engine)[0].alerts == 1
    with session_scope(engine) as s:
        rows = s.exec(select(Alert).order_by(Alert.id)).all()
    assert [a.payload["kind"] for a in rows] == ["failing", "recovered", "failing", "recovered"]
    assert len({a.idempotency_key for a in rows}) == 4


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
                  selector=".article-body", rules={"keywords": ["ceasefire"]}, debounce_seconds=30,
                  tags=["talks", "world"])
    [feed] = round_(engine)
    assert feed.outcome == "first"
    from monitor.store import list_watches

    with session_scope(engine) as s:
        children = [w for w in list_watches(s) if w.parent_id is not None]
        assert [(w.url, w.kind, w.interval_seconds, w.selector, w.rules, w.debounce_seconds, w.tags)
                for w in children] == [
            (origin.url(STORY), "http", 300, ".article-body", {"keywords": ["ceasefire"]}, 30, ["talks", "world"])]
        assert len(list_watches(s, tag="world")) == 2  # the feed and its article
    reports = {r.watch: r for r in round_(engine)}
    child = next(n for n in reports if n != "section")
    assert reports[child].outcome == "first" and reports["section"].outcome == "unchanged"
    round_(engine)
    with session_scope(engine) as s:
        assert len([w for w in list_watches(s) if w.parent_id is not None]) == 1  # not spawned twice


# A bot check padded with explanations until it is about as long as the story
# (the size guard alone lets it through): written for these tests.
_GATE_PARAS = [
    "Checking your browser before you reach this site.",
    "This step makes sure that you are a person and not an automated program; it takes a few seconds.",
    "Keep this window open: you are sent on to the page you asked for once the check has finished.",
    "If nothing happens, turn on JavaScript and allow cookies for this address, then load the page again.",
    "We see a large number of requests from your network and want to rule out abuse of our servers.",
    "Keep your software up to date and avoid tools that send requests in bulk to avoid this in future.",
    "Having trouble? Contact the help desk and quote reference {n} so that our team can look into it.",
    "The check runs once per visit and stores a small cookie so that you are not asked again for a while.",
    "Visitors who block every cookie meet this page each time, as the result cannot be remembered.",
    "Office networks, shared connections and private tunnels sometimes trigger the check for many at once.",
    "Please do not refresh repeatedly: every new request starts the waiting period from the beginning.",
    "Screen reader users can ask for an audio version of the check from the link below this message.",
    "The waiting time depends on the load on the network and on the speed of your device and connection.",
    "Nothing from this check is shared with advertisers, and the cookie it stores expires after one day.",
    "Some browser extensions that block scripts or change how pages load make this check fail every time.",
    "If you reached this page from a link in an email or an app, open it in your usual browser instead.",
    "Our staff look at connections flagged by mistake by hand during office hours on working days.",
    "Thank you for your patience while we keep the site available for every reader who visits it.",
    "Readers on older phones may wait a little longer, since the check asks the device to solve a small task.",
    "The task is solved by your browser without any action from you and does not install anything at all.",
    "A site that relies on this service cannot switch it off for single readers, so please bear with us.",
    "More answers to common questions about this check can be found on the help pages of the service.",
]


def _gate_page(story_chars: int, n: int) -> str:
    from monitor.text.extract import extract

    for k in range(1, len(_GATE_PARAS) + 1):
        body = "".join(f"<p>{p.format(n=n)}</p>" for p in _GATE_PARAS[:k])
        html = (f"<html><head><title>Just a moment</title></head><body><main><h1>One moment, please</h1>{body}"
                "</main></body></html>")
        if len(extract(html).text) >= 0.8 * story_chars:
            return html
    raise AssertionError("the gate page could not be made as long as the story")


def test_a_challenge_page_as_long_as_the_story_is_suspect_and_the_story_coming_back_is_no_change(engine, origin):
    from aiohttp import web

    story = seed_versions()[-1]
    origin.stories[STORY].versions = [story]
    origin.stories[STORY].conditional = False
    watch(engine, origin.url(STORY))
    assert round_(engine)[0].outcome == "first"
    served = iter(range(1000))

    async def gate(request):  # a fresh reference number on every request, as real challenges have
        return web.Response(text=_gate_page(len(story.strip()), next(served)), content_type="text/html")

    origin.add_route(STORY, gate)
    held = [round_(engine)[0] for _ in range(2)]
    assert [r.outcome for r in held] == ["suspect", "suspect"], held
    assert "challenge or error page" in (held[0].error or "")
    origin.routes.pop(STORY)
    [back] = round_(engine)
    assert back.outcome == "unchanged" and back.changes == 0
    assert counts(engine)["Alert"] == 0


def test_the_same_gate_page_served_twice_is_still_not_believed(engine, origin):
    from aiohttp import web

    story = seed_versions()[-1]
    origin.stories[STORY].versions = [story]
    watch(engine, origin.url(STORY))
    round_(engine)
    page = _gate_page(len(story.strip()), 7)

    async def gate(request):
        return web.Response(text=page, content_type="text/html")

    origin.add_route(STORY, gate)
    assert [round_(engine)[0].outcome for _ in range(3)] == ["suspect"] * 3
    assert counts(engine)["Alert"] == 0


def test_a_url_reused_for_another_article_is_held_once_then_reported(engine, origin):
    story = seed_versions()[-1]
    other = "\n\n".join(
        f"The council voted {i + 5} to {i + 2} on budget line {i}, which pays for street lighting in ward {i}. "
        f"Residents of ward {i} had asked for {10 * i + 3} new lamps after a survey in spring."
        for i in range(1, 16)
    )
    origin.stories[STORY].versions = [story, other]
    origin.stories[STORY].conditional = False
    watch(engine, origin.url(STORY))
    round_(engine)
    origin.advance(STORY)
    [first] = round_(engine)
    assert first.outcome == "suspect" and "waiting for the next check" in (first.error or "")
    [second] = round_(engine)
    assert second.outcome == "changed" and second.changes > 5 and second.alerts > 0


def test_a_live_blog_whose_entries_all_rolled_off_is_held_once_then_reported(engine, origin):
    def entries(first):
        return "\n\n".join(f"Update {i}: crews reached district {i} and counted {i * 7} damaged homes on street {i}."
                           for i in range(first, first + 20))

    origin.stories[STORY].versions = [entries(1), entries(100), entries(102)]
    origin.stories[STORY].conditional = False
    watch(engine, origin.url(STORY))
    round_(engine)
    origin.advance(STORY)
    [first] = round_(engine)
    assert first.outcome == "suspect"
    origin.advance(STORY)  # two more entries: not the same text, but most of the held one
    [second] = round_(engine)
    assert second.outcome == "changed" and second.alerts > 0


def _feed_route(origin, path, n, *, changing):
    from aiohttp import web

    served = iter(range(10**6))

    async def feed(request):
        items = "".join(f"<item><title>Entry {i}</title><link>{origin.url(f'/entry/{i}')}</link></item>"
                        for i in range(n))
        stamp = f"<!-- {next(served)} -->" if changing else ""
        return web.Response(text=f"<?xml version='1.0'?>{stamp}<rss version='2.0'><channel><title>Section</title>"
                                 f"{items}</channel></rss>", content_type="application/rss+xml")

    origin.add_route(path, feed)


def _check_feed(engine, fid, settings=SETTINGS):
    from monitor.store import claim_watches

    claims = claim_watches(engine, "w", [fid])
    return asyncio.run(check_claims(engine, claims, settings=settings))[0]


def _children(engine, fid):
    with session_scope(engine) as s:
        return s.exec(select(func.count()).select_from(Watch).where(Watch.parent_id == fid)).one()


def test_an_unchanged_feed_is_not_parsed_again(engine, origin, monkeypatch):
    from monitor.sources.offload import Offload

    parsed = []
    real = Offload.parse_feed  # the parse itself runs in a worker; this is the call that sends it there
    monkeypatch.setattr(Offload, "parse_feed", lambda *a, **k: parsed.append(1) or real(*a, **k))
    _feed_route(origin, "/big.xml", 300, changing=False)  # no validators: the same bytes every time
    fid = watch(engine, origin.url("/big.xml"), kind="feed")
    assert _check_feed(engine, fid).outcome == "first"
    again = [_check_feed(engine, fid) for _ in range(2)]
    assert [r.outcome for r in again] == ["unchanged", "unchanged"] and len(parsed) == 1
    assert _children(engine, fid) == 50  # the per-check bound; the rest waits for the feed to change


def test_a_feed_adds_watches_up_to_its_limit_and_says_so(engine, origin, caplog):
    _feed_route(origin, "/big.xml", 300, changing=True)
    fid = watch(engine, origin.url("/big.xml"), kind="feed")
    settings = CheckSettings(notifiers=SETTINGS.notifiers, feed_max_watches=70)
    with caplog.at_level("WARNING", logger="monitor"):
        _check_feed(engine, fid, settings)
        assert _children(engine, fid) == 50 and not caplog.records
        _check_feed(engine, fid, settings)
        assert _children(engine, fid) == 70
        _check_feed(engine, fid, settings)
        assert _children(engine, fid) == 70
    messages = [r.getMessage() for r in caplog.records]
    assert messages and all("limit (--feed-max-watches 70): 230 new entries not followed" in m for m in messages)
