"""Daemons report in; `monitor status` reads how the whole installation is doing.

Liveness is a heartbeat timestamp rather than a process check because the
daemons may run on other machines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from monitor.store.columns import utcnow
from monitor.store.models import Alert, Check, Watch, Worker
from monitor.store.outbox import outbox_counts
from monitor.store.watches import count_watches

ALIVE_WITHIN = timedelta(seconds=90)


def heartbeat(
    session: Session,
    worker_id: str,
    *,
    hostname: str,
    pid: int,
    checks_done: int | None = None,
    now: datetime | None = None,
) -> Worker:
    """Insert or refresh this daemon's row."""
    now = now or utcnow()
    worker = session.get(Worker, worker_id)
    if worker is None:
        worker = Worker(id=worker_id, hostname=hostname, pid=pid, started_at=now)
    worker.heartbeat_at = now
    if checks_done is not None:
        worker.checks_done = checks_done
    session.add(worker)
    session.flush()
    return worker


def live_workers(session: Session, *, within: timedelta, now: datetime | None = None) -> int:
    """Daemons heard from within ``within``: how many share the work (at least this one)."""
    now = now or utcnow()
    count = session.exec(select(func.count()).select_from(Worker).where(col(Worker.heartbeat_at) >= now - within)).one()
    return max(1, int(count))


def remove_worker(session: Session, worker_id: str) -> None:
    """A clean shutdown removes its row, so status never shows it as dead."""
    session.execute(delete(Worker).where(col(Worker.id) == worker_id))


def prune_workers(session: Session, *, older_than: datetime) -> int:
    """Forget daemons not heard from since ``older_than`` (crashed, not shut down)."""
    result = session.execute(delete(Worker).where(col(Worker.heartbeat_at) < older_than))
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StatusSummary:
    now: datetime
    workers_alive: list[Worker]
    workers_silent: list[Worker]
    checks_last_minute: int
    watches: int
    enabled: int
    overdue: int  # due more than a minute ago and not leased: workers are behind
    failing: list[Watch]
    outbox: dict[str, int] = field(default_factory=dict)
    oldest_pending: datetime | None = None


def status_summary(
    session: Session, *, now: datetime | None = None, alive_within: timedelta = ALIVE_WITHIN
) -> StatusSummary:
    now = now or utcnow()
    workers = list(session.exec(select(Worker).order_by(col(Worker.started_at))))
    alive = [w for w in workers if w.heartbeat_at >= now - alive_within]
    alive_ids = {w.id for w in alive}
    minute_ago = now - timedelta(minutes=1)
    checks = session.exec(
        select(func.count()).select_from(Check).where(col(Check.finished_at) >= minute_ago)
    ).one()
    total = count_watches(session)
    enabled = count_watches(session, enabled=True)
    overdue = session.exec(
        select(func.count())
        .select_from(Watch)
        .where(
            col(Watch.enabled).is_(True),
            col(Watch.next_due) < minute_ago,
            (col(Watch.lease_expires).is_(None)) | (col(Watch.lease_expires) < now),
        )
    ).one()
    failing = list(
        session.exec(
            select(Watch)
            .where(col(Watch.consecutive_failures) > 0)
            .order_by(col(Watch.consecutive_failures).desc(), col(Watch.name))
        )
    )
    oldest = session.exec(
        select(func.min(Alert.created_at)).where(col(Alert.status) == "pending")
    ).one()
    return StatusSummary(
        now=now,
        workers_alive=alive,
        workers_silent=[w for w in workers if w.id not in alive_ids],
        checks_last_minute=int(checks),
        watches=total,
        enabled=enabled,
        overdue=int(overdue),
        failing=failing,
        outbox=outbox_counts(session),
        oldest_pending=oldest,
    )
