"""The alert outbox: queued with the check, delivered later, each exactly once.

An alert moves ``pending`` → ``delivered``, or ``pending`` → ``dead`` once its
retries are spent (the deliverer decides when, and the backoff); a user can
send a dead alert back to ``pending`` with ``retry_alert``.

Several daemons may deliver from one database, so delivery starts with
``claim_alerts``: it pushes ``next_attempt_at`` of the alerts it takes past a
short visibility timeout, so no other daemon picks them up meanwhile, and a
daemon that dies mid-delivery only delays them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, update
from sqlmodel import Session, col, select

from monitor.store.columns import utcnow
from monitor.store.engine import session_scope
from monitor.store.errors import AlertNotFound
from monitor.store.locking import skip_locked_ids
from monitor.store.models import Alert, Watch


def _due(now: datetime) -> ColumnElement[bool]:
    return (col(Alert.status) == "pending") & (col(Alert.next_attempt_at) <= now)


def pending_alerts(
    session: Session, *, now: datetime | None = None, limit: int = 100
) -> list[Alert]:
    """Alerts due for an attempt, oldest first. Read-only: deliverers use ``claim_alerts``."""
    now = now or utcnow()
    return list(
        session.exec(
            select(Alert)
            .where(_due(now))
            .order_by(col(Alert.next_attempt_at), col(Alert.id))
            .limit(limit)
        )
    )


def claim_alerts(
    engine: Engine,
    *,
    now: datetime | None = None,
    limit: int = 50,
    lease_seconds: float = 120,
) -> list[Alert]:
    """Take up to ``limit`` due alerts for delivery by this process."""
    now = now or utcnow()
    chosen = skip_locked_ids(Alert.id, _due(now), [col(Alert.next_attempt_at), col(Alert.id)], limit)
    statement = (
        update(Alert)
        .where(col(Alert.id).in_(select(chosen.c.id)), _due(now))
        .values(next_attempt_at=now + timedelta(seconds=lease_seconds))
        .returning(Alert)
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine, write=True) as session:
        alerts = list(session.scalars(statement))
    alerts.sort(key=lambda a: (a.created_at, a.id or 0))
    return alerts


def mark_delivered(session: Session, alert_id: int, *, now: datetime | None = None) -> bool:
    """Record a successful delivery; False if it was no longer pending (nothing changed)."""
    statement = (
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.status) == "pending")
        .values(
            status="delivered",
            delivered_at=now or utcnow(),
            attempts=Alert.attempts + 1,
            last_error=None,
        )
        .execution_options(synchronize_session="fetch")
    )
    if session.execute(statement).rowcount == 1:  # type: ignore[attr-defined]
        return True
    _get(session, alert_id)  # raises AlertNotFound if it is not merely delivered already
    return False


def mark_failed(
    session: Session,
    alert_id: int,
    error: str,
    next_attempt_at: datetime,
    *,
    dead: bool = False,
) -> Alert:
    """Record a failed attempt: retry at ``next_attempt_at``, or give up (``dead``)."""
    alert = _get(session, alert_id)
    if alert.status == "delivered":  # a late report from a retry that lost a race
        return alert
    alert.attempts += 1
    alert.last_error = error
    alert.next_attempt_at = next_attempt_at
    if dead:
        alert.status = "dead"
    session.add(alert)
    session.flush()
    return alert


def failed_alerts(session: Session, *, limit: int | None = None) -> list[Alert]:
    """Alerts given up on, newest first: what `monitor alerts --failed` lists."""
    query = (
        select(Alert)
        .where(Alert.status == "dead")
        .order_by(col(Alert.created_at).desc(), col(Alert.id).desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


def retry_alert(session: Session, alert_id: int, *, now: datetime | None = None) -> Alert:
    """Queue a dead alert again with a fresh retry budget."""
    alert = _get(session, alert_id)
    if alert.status != "delivered":
        alert.status = "pending"
        alert.attempts = 0
        alert.next_attempt_at = now or utcnow()
        session.add(alert)
        session.flush()
    return alert


def outbox_counts(session: Session) -> dict[str, int]:
    counts = {"pending": 0, "delivered": 0, "dead": 0}
    for status, n in session.exec(
        select(Alert.status, func.count()).group_by(col(Alert.status))
    ):
        counts[status] = n
    return counts


def _get(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise AlertNotFound(alert_id)
    return alert


def debounce_slot(now: datetime, last: datetime | None, window: float) -> datetime:
    """When a change alert raised ``now`` goes out, given ``last``, the latest
    slot of the same story and receiver: leading and trailing edge.

    A quiet story (nothing sent in the last ``window`` seconds) goes out at
    once and opens a window; a change inside an open window joins the batch
    sent when it ends, and that send opens the next window. So the first
    change is never held, and a receiver gets at most one message per window.
    """
    if last is None or now >= last + timedelta(seconds=window):
        return now
    if last > now:
        return last  # a batch is waiting: join it
    return last + timedelta(seconds=window)


def last_slot(session: Session, watch_id: int, notifier: str) -> datetime | None:
    """The latest debounce slot given to a change alert of this watch and notifier."""
    return session.exec(
        select(Alert.not_before).where(
            Alert.watch_id == watch_id, Alert.notifier == notifier, col(Alert.not_before).is_not(None),
        ).order_by(col(Alert.not_before).desc()).limit(1)
    ).first()


def release_alerts(session: Session, alert_ids: list[int], *, now: datetime | None = None) -> int:
    """Give claimed alerts back, due now and with no attempt counted: a shutdown cut their delivery off."""
    if not alert_ids:
        return 0
    statement = (
        update(Alert)
        .where(col(Alert.id).in_(alert_ids), col(Alert.status) == "pending")
        .values(next_attempt_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def receiver_counts(session: Session) -> list[dict[str, Any]]:
    """The outbox per receiver (a watch's configured notifier), by watch name and
    notifier name: ``{"watch", "notifier", "pending", "delivered", "dead"}``."""
    rows = session.exec(
        select(Watch.name, Alert.notifier, Alert.status, func.count())
        .join(Watch, col(Watch.id) == col(Alert.watch_id))
        .group_by(col(Watch.name), col(Alert.notifier), col(Alert.status))
        .order_by(col(Watch.name), col(Alert.notifier))
    )
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for watch, notifier, status, n in rows:
        entry = out.setdefault((watch, notifier), {"watch": watch, "notifier": notifier, "pending": 0,
                                                   "delivered": 0, "dead": 0})
        entry[status] = n
    return list(out.values())
