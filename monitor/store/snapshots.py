"""Reading stored versions, their changes and the checks that found them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from monitor.diff.model import Change
from monitor.store.compress import decompress_text
from monitor.store.errors import VersionNotFound
from monitor.store.models import Check, Snapshot, StoredChange, Watch


def snapshot_text(snapshot: Snapshot) -> str:
    return decompress_text(snapshot.text_z)


@dataclass(frozen=True)
class VersionInfo:
    """One line of `monitor history`: a version and what changed to produce it."""

    version: int
    snapshot_id: int
    fetched_at: datetime
    size: int
    title: str | None
    suspect: bool
    changes: int
    counts: dict[str, int] = field(default_factory=dict)


def latest_snapshot(session: Session, watch_id: int, *, good: bool = True) -> Snapshot | None:
    """The newest version; with ``good`` the newest one the guard did not distrust.

    Diffs are computed against the latest good version, so one error page
    does not produce "everything removed" followed by "everything added".
    """
    query = select(Snapshot).where(Snapshot.watch_id == watch_id)
    if good:
        query = query.where(
            or_(col(Snapshot.suspect).is_(False), col(Snapshot.confirmed_at).is_not(None))
        )
    return session.exec(query.order_by(col(Snapshot.version).desc()).limit(1)).first()


def get_snapshot(session: Session, watch: Watch, version: int) -> Snapshot:
    """Version ``version`` of ``watch``; negative numbers count back from the newest."""
    assert watch.id is not None
    if version < 0:
        newest = _newest_version(session, watch.id)
        version = (newest or 0) + 1 + version
    found = session.exec(
        select(Snapshot).where(Snapshot.watch_id == watch.id, Snapshot.version == version)
    ).first()
    if found is None:
        raise VersionNotFound(watch.name, version, _newest_version(session, watch.id))
    return found


def list_versions(session: Session, watch_id: int) -> list[VersionInfo]:
    snapshots = session.exec(
        select(Snapshot).where(Snapshot.watch_id == watch_id).order_by(col(Snapshot.version))
    ).all()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.exec(
        select(StoredChange.snapshot_id, StoredChange.kind, func.count())
        .where(StoredChange.watch_id == watch_id)
        .group_by(col(StoredChange.snapshot_id), col(StoredChange.kind))
    )
    for snapshot_id, kind, n in rows:
        counts[snapshot_id][kind] = n
    return [
        VersionInfo(
            version=s.version,
            snapshot_id=s.id or 0,
            fetched_at=s.fetched_at,
            size=s.size,
            title=s.title,
            suspect=not s.good,
            changes=sum(counts[s.id or 0].values()),
            counts=dict(counts[s.id or 0]),
        )
        for s in snapshots
    ]


def changes_for(session: Session, snapshot_id: int) -> list[Change]:
    """The changes that produced a version, in the order the diff reported them."""
    rows = session.exec(
        select(StoredChange)
        .where(StoredChange.snapshot_id == snapshot_id)
        .order_by(col(StoredChange.id))
    )
    return [row.to_change() for row in rows]


def recent_checks(session: Session, watch_id: int, *, limit: int = 20) -> list[Check]:
    return list(
        session.exec(
            select(Check)
            .where(Check.watch_id == watch_id)
            .order_by(col(Check.started_at).desc(), col(Check.id).desc())
            .limit(limit)
        )
    )


def _newest_version(session: Session, watch_id: int) -> int | None:
    return session.exec(
        select(func.max(Snapshot.version)).where(Snapshot.watch_id == watch_id)
    ).first()
