"""Handing due watches to workers, one worker per watch at a time.

A claim is a lease: a token and an expiry written into the watch row. Only
the holder of the current token may record results (``record_check``), and a
lease that expires (its worker died or hung) is simply claimable again. On
PostgreSQL concurrent claimers skip each other's locked rows instead of
waiting (``FOR UPDATE SKIP LOCKED``); SQLite serialises writers, and the
claim takes the write lock up front, so the same statement is safe there.

These take an ``Engine`` rather than a ``Session``: each is its own short
transaction, and must be, for the guarantees above to hold.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Engine, String, and_, cast, literal, or_, select, update
from sqlmodel import col

from monitor.store.columns import utcnow
from monitor.store.engine import session_scope
from monitor.store.locking import skip_locked_ids
from monitor.store.models import Watch
from monitor.store.snapshots import Head, snapshot_heads


class Claim(NamedTuple):
    watch: Watch
    token: str
    # The versions to compare with, read in the claiming transaction; None
    # means "not read", and the check reads it itself.
    head: Head | None = None


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        col(Watch.enabled).is_(True),
        col(Watch.next_due) <= now,
        _free(now),
    )


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(col(Watch.lease_expires).is_(None), col(Watch.lease_expires) < now)


def _lease(engine: Engine, where: ColumnElement[bool], worker_id: str, now: datetime,
           lease_seconds: float) -> list[Claim]:
    """One UPDATE ... RETURNING that leases every row ``where`` selects, and
    one query for the claimed watches' newest versions.

    One random batch id plus the row id gives every claimed row its own
    token without a round trip per row.
    """
    batch = uuid.uuid4().hex
    statement = (
        update(Watch)
        .where(where)
        .values(
            lease_token=literal(batch + "-") + cast(Watch.id, String),
            lease_owner=worker_id,
            lease_expires=now + timedelta(seconds=lease_seconds),
        )
        .returning(Watch)
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine, write=True) as session:
        watches = list(session.scalars(statement))
        heads = snapshot_heads(session, [w.id for w in watches if w.id is not None])
    return [Claim(w, w.lease_token or "", heads.get(w.id or 0)) for w in watches]


def claim_due(
    engine: Engine,
    worker_id: str,
    *,
    limit: int = 10,
    lease_seconds: float = 300,
    now: datetime | None = None,
) -> list[Claim]:
    """Lease up to ``limit`` due watches, most overdue first."""
    now = now or utcnow()
    chosen = skip_locked_ids(Watch.id, _claimable(now), [col(Watch.next_due), col(Watch.id)], limit)
    claims = _lease(engine, and_(col(Watch.id).in_(select(chosen.c.id)), _claimable(now)),
                    worker_id, now, lease_seconds)
    claims.sort(key=lambda c: (c.watch.next_due, c.watch.id or 0))
    return claims


def claim_watches(
    engine: Engine,
    worker_id: str,
    ids: Sequence[int],
    *,
    lease_seconds: float = 300,
    now: datetime | None = None,
) -> list[Claim]:
    """Lease exactly these watches, whether due or not, enabled or not
    (``monitor check NAME``). A watch another worker holds is left out, so a
    manual check and a running daemon never check one watch at once."""
    if not ids:
        return []
    now = now or utcnow()
    claims = {c.watch.id: c for c in _lease(engine, and_(col(Watch.id).in_(list(ids)), _free(now)),
                                             worker_id, now, lease_seconds)}
    return [claims[i] for i in ids if i in claims]


def renew_lease(
    engine: Engine,
    watch_id: int,
    token: str,
    *,
    lease_seconds: float = 300,
    now: datetime | None = None,
) -> bool:
    """Extend a lease still held; False means it was lost and the work should stop."""
    now = now or utcnow()
    statement = (
        update(Watch)
        .where(col(Watch.id) == watch_id, col(Watch.lease_token) == token)
        .values(lease_expires=now + timedelta(seconds=lease_seconds))
    )
    with session_scope(engine, write=True) as session:
        return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def lease_owner(engine: Engine, watch_id: int) -> str | None:
    """Who holds this watch's lease now (None: nobody, or the watch is gone)."""
    with session_scope(engine) as session:
        return session.execute(select(Watch.lease_owner).where(col(Watch.id) == watch_id)).scalar()


def release_lease(engine: Engine, watch_id: int, token: str) -> bool:
    """Give a watch back unchecked (e.g. on shutdown) so another worker can take it now."""
    statement = (
        update(Watch)
        .where(col(Watch.id) == watch_id, col(Watch.lease_token) == token)
        .values(lease_token=None, lease_owner=None, lease_expires=None)
    )
    with session_scope(engine, write=True) as session:
        return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]
