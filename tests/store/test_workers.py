"""Heartbeats and the `monitor status` summary."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from monitor.store import (
    AlertDraft,
    claim_due,
    heartbeat,
    prune_workers,
    remove_worker,
    session_scope,
    status_summary,
)
from tests.store.helpers import NOW, check_in, make_watch, result


def test_heartbeat_upserts(engine: Engine) -> None:
    with session_scope(engine) as session:
        heartbeat(session, "host-a:1", hostname="host-a", pid=1, now=NOW - timedelta(minutes=5))
    with session_scope(engine) as session:
        worker = heartbeat(session, "host-a:1", hostname="host-a", pid=1, checks_done=7, now=NOW)
        assert worker.started_at == NOW - timedelta(minutes=5)
        assert (worker.heartbeat_at, worker.checks_done) == (NOW, 7)


def test_status_summary(engine: Engine) -> None:
    with session_scope(engine) as session:
        heartbeat(session, "alive", hostname="a", pid=1, now=NOW - timedelta(seconds=10))
        heartbeat(session, "silent", hostname="b", pid=2, now=NOW - timedelta(minutes=10))
        heartbeat(session, "gone", hostname="c", pid=3, now=NOW)
        remove_worker(session, "gone")
    ok = make_watch(engine, "ok")
    broken = make_watch(engine, "broken")
    make_watch(engine, "behind", next_due=NOW - timedelta(minutes=30))
    make_watch(engine, "off", enabled=False, next_due=NOW - timedelta(minutes=30))
    check_in(engine, ok, result("first", "Text.", alerts=[AlertDraft("console", {})]))
    check_in(engine, broken, result("failed", error="DNS failure"))
    check_in(engine, broken, result("failed", error="DNS failure"))
    leased = make_watch(engine, "leased", next_due=NOW - timedelta(minutes=30))
    claim_due(engine, "alive", now=NOW)  # takes "behind" and "leased"
    del leased
    with session_scope(engine) as session:
        summary = status_summary(session, now=NOW + timedelta(seconds=30))
    assert [w.id for w in summary.workers_alive] == ["alive"]
    assert [w.id for w in summary.workers_silent] == ["silent"]
    assert summary.checks_last_minute == 3
    assert (summary.watches, summary.enabled, summary.overdue) == (5, 4, 0)
    assert [(w.name, w.consecutive_failures) for w in summary.failing] == [("broken", 2)]
    assert summary.outbox == {"pending": 1, "delivered": 0, "dead": 0}
    assert summary.oldest_pending == NOW
    with session_scope(engine) as session:
        later = status_summary(session, now=NOW + timedelta(hours=1))
    assert later.checks_last_minute == 0 and later.workers_alive == []
    assert later.overdue == 4  # every enabled watch, leases long expired
    with session_scope(engine) as session:
        assert prune_workers(session, older_than=NOW - timedelta(minutes=1)) == 1
