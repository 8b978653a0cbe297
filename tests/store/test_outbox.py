"""Alerts move pending → delivered, or pending → dead → (retry) pending, once each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from monitor.store import (
    AlertDraft,
    AlertNotFound,
    claim_alerts,
    failed_alerts,
    mark_delivered,
    mark_failed,
    outbox_counts,
    pending_alerts,
    retry_alert,
    session_scope,
)
from monitor.store.models import Alert
from tests.store.helpers import NOW, check_in, make_watch, result


def queue(engine: Engine, *notifiers: str) -> list[int]:
    watch = make_watch(engine)
    drafts = [AlertDraft(n, {"title": "Talks", "changes": [{"kind": "added"}]}) for n in notifiers]
    return list(check_in(engine, watch, result("first", "Text.", alerts=drafts)).alert_ids)


def test_pending_then_delivered_once(engine: Engine) -> None:
    (alert_id,) = queue(engine, "console")
    with session_scope(engine) as session:
        (pending,) = pending_alerts(session, now=NOW)
        assert pending.id == alert_id and pending.payload["changes"] == [{"kind": "added"}]
        assert pending_alerts(session, now=NOW - timedelta(seconds=1)) == []  # not due yet
    with session_scope(engine) as session:
        assert mark_delivered(session, alert_id, now=NOW + timedelta(seconds=3))
        assert not mark_delivered(session, alert_id)  # a second report changes nothing
    with session_scope(engine) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert (alert.status, alert.attempts) == ("delivered", 1)
        assert alert.delivered_at == NOW + timedelta(seconds=3)
        assert pending_alerts(session, now=NOW + timedelta(days=1)) == []
        assert outbox_counts(session) == {"pending": 0, "delivered": 1, "dead": 0}


def test_failure_backs_off_then_dies_then_retries(engine: Engine) -> None:
    (alert_id,) = queue(engine, "webhook")
    with session_scope(engine) as session:
        alert = mark_failed(session, alert_id, "HTTP 503", NOW + timedelta(minutes=1))
        assert (alert.status, alert.attempts, alert.last_error) == ("pending", 1, "HTTP 503")
    with session_scope(engine) as session:
        assert pending_alerts(session, now=NOW + timedelta(seconds=59)) == []
        assert len(pending_alerts(session, now=NOW + timedelta(minutes=1))) == 1
        mark_failed(session, alert_id, "HTTP 503", NOW + timedelta(minutes=5), dead=True)
    with session_scope(engine) as session:
        (dead,) = failed_alerts(session)
        assert (dead.id, dead.status, dead.attempts) == (alert_id, "dead", 2)
        assert pending_alerts(session, now=NOW + timedelta(days=1)) == []
    with session_scope(engine) as session:
        again = retry_alert(session, alert_id, now=NOW + timedelta(hours=1))
        assert (again.status, again.attempts) == ("pending", 0)
    with session_scope(engine) as session:
        assert failed_alerts(session) == []
        assert [a.id for a in pending_alerts(session, now=NOW + timedelta(hours=1))] == [alert_id]


def test_claimed_alerts_are_hidden_from_other_deliverers(engine: Engine) -> None:
    ids = queue(engine, "console", "email", "webhook")
    first = claim_alerts(engine, now=NOW, limit=2, lease_seconds=60)
    second = claim_alerts(engine, now=NOW, limit=10, lease_seconds=60)
    assert len(first) == 2 and len(second) == 1
    assert sorted(a.id for a in first + second) == sorted(ids)
    assert claim_alerts(engine, now=NOW + timedelta(seconds=30)) == []
    # A deliverer that died without reporting: its alerts come back after the timeout.
    assert len(claim_alerts(engine, now=NOW + timedelta(seconds=61))) == 3


def test_unknown_alert(engine: Engine) -> None:
    with session_scope(engine) as session:
        with pytest.raises(AlertNotFound, match="no alert with id 999"):
            retry_alert(session, 999)
        with pytest.raises(AlertNotFound):
            mark_delivered(session, 999)
