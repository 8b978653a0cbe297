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

import math
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Engine, String, and_, cast, func, literal, or_, select, update
from sqlmodel import col

from monitor.store.columns import utcnow
from monitor.store.engine import session_scope
from monitor.store.locking import lock_in_id_order, skip_locked_ids
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


def fair_share(
    engine: Engine,
    *,
    workers: int,
    holding: int,
    backlog_after: float,
    now: datetime | None = None,
) -> int:
    """How many due watches one of ``workers`` daemons should claim now, holding
    ``holding`` already: its share of the work due or in flight, so that the
    daemon that happens to tick first does not take everything (four daemons
    that each claimed all they could split the checks 63/12/16/9 %).

    A share caps claims only while the others keep up: once the oldest due
    watch has waited ``backlog_after`` seconds unclaimed (a daemon counted as
    alive has died, or they are all busy) every due watch is fair game.
    """
    now = now or utcnow()
    with session_scope(engine) as session:
        due, oldest = session.execute(select(func.count(), func.min(Watch.next_due)).where(_claimable(now))).one()
        if not due:
            return 0
        if workers <= 1 or oldest is None or oldest < now - timedelta(seconds=backlog_after):
            return int(due)
        leased = session.execute(select(func.count()).where(col(Watch.lease_expires) >= now)).scalar_one()
    return max(0, min(int(due), math.ceil((due + leased) / workers) - holding))


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


def renew_leases(
    engine: Engine,
    tokens: Sequence[str],
    *,
    lease_seconds: float,
    now: datetime | None = None,
) -> int:
    """Extend every lease still held among ``tokens`` in one statement: the
    daemon's heartbeat for its checks in flight. Returns how many were held.

    A lease renewed like this can be short (seconds, not minutes), so a dead
    daemon's watches come back soon, while a slow check of a live one keeps
    its watch however long it runs.
    """
    if not tokens:
        return 0
    now = now or utcnow()
    statement = (
        update(Watch)
        .where(col(Watch.lease_token).in_(list(tokens)))
        .values(lease_expires=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine, write=True) as session:
        lock_in_id_order(session.connection(), Watch.__table__.c.id, col(Watch.lease_token).in_(list(tokens)))
        return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]


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
