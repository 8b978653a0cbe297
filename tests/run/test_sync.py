"""Claiming named watches for `monitor check`, and sync planning, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from monitor.config import load_config
from monitor.run.sync import apply_sync, plan_sync, spec_changes
from monitor.store import claim_due, claim_watches, list_watches, record_check, session_scope
from tests.store.helpers import NOW, make_watch, reload, result


def test_named_watches_are_claimed_whether_due_or_not(engine: Engine) -> None:
    future = make_watch(engine, "future", next_due=NOW + timedelta(hours=5))
    off = make_watch(engine, "off", enabled=False)
    other = make_watch(engine, "other")  # due, but not asked for
    claims = claim_watches(engine, "cli", [off.id, future.id], now=NOW)
    assert [c.watch.name for c in claims] == ["off", "future"]  # in the order asked
    assert len({c.token for c in claims}) == 2
    assert reload(engine, other).lease_token is None
    # The token is a real lease: results can be recorded under it.
    record_check(engine, future.id, claims[1].token, result("first", "Some text."))
    assert reload(engine, future).lease_token is None


def test_a_lease_held_elsewhere_is_respected_until_it_expires(engine: Engine) -> None:
    w = make_watch(engine, "busy")
    (daemon_claim,) = claim_due(engine, "daemon", now=NOW)
    assert claim_watches(engine, "cli", [w.id], now=NOW + timedelta(seconds=10)) == []
    assert reload(engine, w).lease_token == daemon_claim.token
    (taken,) = claim_watches(engine, "cli", [w.id], now=NOW + timedelta(seconds=301))
    assert taken.watch.lease_owner == "cli" and taken.token != daemon_claim.token


def test_sync_plans_by_name_and_never_prunes_feed_articles(engine: Engine, tmp_path: Path) -> None:
    feed = make_watch(engine, "feed", url="https://news.example/rss", kind="feed", interval_seconds=600,
                      adaptive=False)
    make_watch(engine, "article", parent_id=feed.id)
    make_watch(engine, "stray")
    cfg = tmp_path / "monitor.toml"
    cfg.write_text('[[watch]]\nname = "feed"\nurl = "https://news.example/rss"\nfeed = true\n'
                   '[[watch]]\nname = "new"\nurl = "https://news.example/new"\n')
    config = load_config(cfg)
    with session_scope(engine) as session:
        plan = plan_sync(session, config, prune=True)
    assert [s.name for s in plan.create] == ["new"]
    assert plan.remove == ("stray",)
    assert plan.unchanged == ("feed",)
    done = apply_sync(engine, config, prune=True)
    assert set(done.ids) == {"new"}
    with session_scope(engine) as session:
        assert sorted(w.name for w in list_watches(session)) == ["article", "feed", "new"]


def test_a_new_schedule_is_due_no_later_than_its_first_interval(engine: Engine, tmp_path: Path) -> None:
    from dataclasses import replace

    from monitor.config import parse_schedule, spec_of

    w = make_watch(engine, "slow", interval_seconds=6 * 3600, adaptive=False,
                   next_due=NOW + timedelta(hours=5))
    spec = replace(spec_of(w), schedule=parse_schedule("5m"))
    changes = spec_changes(w, spec, NOW)
    assert changes["interval_seconds"] == 300
    assert NOW < changes["next_due"] <= NOW + timedelta(minutes=6)
    moved = spec_changes(w, replace(spec_of(w), url="https://news.example/elsewhere"), NOW)
    assert moved == {"url": "https://news.example/elsewhere", "next_due": NOW}
