"""Pruning old versions a watch no longer needs to keep.

A watch keeps its last ``keep_versions`` versions and/or those fetched within
``keep_days``; with both set a version survives if either rule keeps it, and
with neither, everything is kept. The newest version always survives: it is
what the next check is compared with.

What goes with a pruned version: the changes that *produced* it (they
describe a transition into a text no longer stored). Changes of a surviving
version that was compared with a pruned one stay, with ``prev_snapshot_id``
cleared, since they carry both texts themselves. Checks that saw a pruned
version stay too, with ``snapshot_id`` cleared: the attempt still happened.
This is done explicitly rather than left to ``ON DELETE`` rules, so it holds
even on a SQLite connection opened without foreign keys enforced.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from monitor.store.columns import utcnow
from monitor.store.models import Alert, Check, Snapshot, StoredChange, Watch


def versions_to_prune(session: Session, watch: Watch, now: datetime | None = None) -> list[int]:
    """Ids of the snapshots retention would delete, oldest first."""
    if watch.keep_versions is None and watch.keep_days is None:
        return []
    now = now or utcnow()
    rows = session.exec(
        select(Snapshot.id, Snapshot.fetched_at)
        .where(Snapshot.watch_id == watch.id)
        .order_by(col(Snapshot.version).desc())
    ).all()
    cutoff = now - timedelta(days=watch.keep_days) if watch.keep_days is not None else None
    doomed: list[int] = []
    for rank, (snapshot_id, fetched_at) in enumerate(rows):
        kept = (
            rank == 0
            or (watch.keep_versions is not None and rank < watch.keep_versions)
            or (cutoff is not None and fetched_at >= cutoff)
        )
        if not kept and snapshot_id is not None:
            doomed.append(snapshot_id)
    return doomed[::-1]


def apply_retention(session: Session, watch: Watch, now: datetime | None = None) -> int:
    """Delete the versions ``watch`` no longer keeps; return how many."""
    doomed = versions_to_prune(session, watch, now)
    if not doomed:
        return 0
    session.execute(delete(StoredChange).where(col(StoredChange.snapshot_id).in_(doomed)))
    session.execute(
        update(StoredChange)
        .where(col(StoredChange.prev_snapshot_id).in_(doomed))
        .values(prev_snapshot_id=None)
    )
    session.execute(
        update(Check).where(col(Check.snapshot_id).in_(doomed)).values(snapshot_id=None)
    )
    session.execute(delete(Snapshot).where(col(Snapshot.id).in_(doomed)))
    return len(doomed)


def prune_checks(session: Session, *, before: datetime, watch_id: int | None = None) -> int:
    """Delete check rows older than ``before``: the attempt log grows with every check.

    Alerts raised by a pruned check stay (with ``check_id`` cleared).
    """
    old = select(Check.id).where(col(Check.finished_at) < before)
    if watch_id is not None:
        old = old.where(col(Check.watch_id) == watch_id)
    session.execute(
        update(Alert).where(col(Alert.check_id).in_(old.scalar_subquery())).values(check_id=None)
    )
    statement = delete(Check).where(col(Check.id).in_(old.scalar_subquery()))
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
