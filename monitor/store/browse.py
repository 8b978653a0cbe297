"""Reading for pages and an API: alerts by state, one page of a list, the
newest alert of each watch, and the version an alert was raised for.

Lists come a page at a time (``offset``/``limit``) with their total, so a
web page or an API never loads a whole outbox or history to show 50 rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.store.models import Alert, Check, Snapshot, Watch


@dataclass(frozen=True)
class AlertRow:
    """An alert, the watch it is about and the version it was raised for (None for a status alert)."""

    alert: Alert
    watch_name: str
    version: int | None


def alerts_page(session: Session, *, status: str | None = None, watch_id: int | None = None,
                watch_ids: Sequence[int] | None = None, offset: int = 0,
                limit: int = 50) -> tuple[list[AlertRow], int]:
    """Alerts newest first, filtered by status and watch (or any of ``watch_ids``), and how many there are."""
    where = []
    if status is not None:
        where.append(col(Alert.status) == status)
    if watch_id is not None:
        where.append(col(Alert.watch_id) == watch_id)
    if watch_ids is not None:
        where.append(col(Alert.watch_id).in_(list(watch_ids)))
    total = session.exec(select(func.count()).select_from(Alert).where(*where)).one()
    rows = session.exec(
        select(Alert, Watch.name, Snapshot.version)
        .join(Watch, col(Watch.id) == col(Alert.watch_id))
        .outerjoin(Check, col(Check.id) == col(Alert.check_id))
        .outerjoin(Snapshot, col(Snapshot.id) == col(Check.snapshot_id))
        .where(*where)
        .order_by(col(Alert.created_at).desc(), col(Alert.id).desc())
        .offset(max(0, offset)).limit(max(0, limit))
    ).all()
    return [AlertRow(a, name, version) for a, name, version in rows], int(total)


def alert_entries(session: Session, *, watch_id: int | None = None, watch_ids: Sequence[int] | None = None,
                  kind: str | None = None, limit: int = 50) -> list[AlertRow]:
    """Stored alerts newest first, one per check (an alert queued for three notifiers is one entry).

    ``kind`` keeps only alerts of that payload kind (``changes``, ``failing``,
    ``recovered``); it is read from the payload, so it is filtered here rather
    than in SQL, over a bounded window of rows.
    """
    out: list[AlertRow] = []
    seen: set[tuple[int, int]] = set()
    offset, window = 0, max(limit, 1) * 4
    while len(out) < limit:
        rows, _ = alerts_page(session, watch_id=watch_id, watch_ids=watch_ids, offset=offset, limit=window)
        for row in rows:
            a = row.alert
            key = (a.watch_id, a.check_id if a.check_id is not None else -(a.id or 0))
            if key in seen or (kind is not None and a.payload.get("kind") != kind):
                continue
            seen.add(key)
            out.append(row)
            if len(out) == limit:
                break
        if len(rows) < window:
            break
        offset += window
    return out


def last_alerted(session: Session) -> dict[int, datetime]:
    """The time of each watch's newest alert raised with a version: its last material change."""
    rows = session.exec(
        select(Alert.watch_id, func.max(Alert.created_at))
        .join(Check, col(Check.id) == col(Alert.check_id))
        .where(col(Check.snapshot_id).is_not(None))
        .group_by(col(Alert.watch_id))
    ).all()
    return {watch_id: when for watch_id, when in rows}


def newest_titles(session: Session, watch_ids: Sequence[int] | None = None) -> dict[int, str]:
    """The title of each watch's newest version, where it has one: what a story is called now."""
    newest = (select(Snapshot.watch_id, func.max(Snapshot.version).label("version"))
              .group_by(col(Snapshot.watch_id)))
    if watch_ids is not None:
        newest = newest.where(col(Snapshot.watch_id).in_(list(watch_ids)))
    top = newest.subquery()
    rows = session.exec(
        select(Snapshot.watch_id, Snapshot.title)
        .join(top, (col(Snapshot.watch_id) == top.c.watch_id) & (col(Snapshot.version) == top.c.version))
        .where(col(Snapshot.title).is_not(None))
    ).all()
    return {watch_id: title for watch_id, title in rows if title}


def versions_page(session: Session, watch_id: int, *, offset: int = 0,
                  limit: int = 50) -> tuple[list[Snapshot], int]:
    """A watch's versions newest first, one page of them, and how many it keeps."""
    total = session.exec(select(func.count()).select_from(Snapshot).where(Snapshot.watch_id == watch_id)).one()
    rows = session.exec(
        select(Snapshot).where(Snapshot.watch_id == watch_id)
        .order_by(col(Snapshot.version).desc()).offset(max(0, offset)).limit(max(0, limit))
    ).all()
    return list(rows), int(total)


def newest_version(session: Session, watch_id: int) -> int:
    """The number of a watch's newest version, 0 before the first: what a live page polls."""
    n = session.exec(select(func.max(Snapshot.version)).where(Snapshot.watch_id == watch_id)).one()
    return int(n or 0)
