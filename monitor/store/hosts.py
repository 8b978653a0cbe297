"""The per-host request budget, shared by every daemon on one database.

A host may receive ``limit`` requests at once and one every ``gap`` seconds
from all daemons together; each daemon keeping its own budget meant four
daemons sent four times as much. A request takes a slot row (``host_slot``)
for its duration: a token and an expiry, like a watch's lease, renewed with
the daemon's leases and so freed within a lease when its daemon dies.

Taking a slot locks that row only, skipping rows another daemon is taking
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's write lock serialises
them), so two daemons never take one slot and, when a gap is set, a host's
pacer row is locked too, so two requests never start within the gap. A row
per slot is created on first use. Locking every slot row of the host
instead made all daemons queue on one lock: four daemons checked 21 pages
a second where one checked 83.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Engine, func, or_, update
from sqlmodel import Session, col, select

from monitor.store.columns import utcnow
from monitor.store.engine import session_scope
from monitor.store.models import HostSlot

_TABLE = HostSlot.__table__
PACER = -1  # the row, per host, whose started_at is the newest request's start: locked to keep the gap


class Taken(NamedTuple):
    """A slot taken (``token`` set), or how long to wait before asking again."""

    slot: int | None
    token: str | None
    wait: float


def _insert_missing(engine: Engine, host: str, slots: list[int]) -> None:
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    with session_scope(engine, write=True) as session:
        session.execute(insert(_TABLE).values([{"host": host, "slot": s} for s in slots]).on_conflict_do_nothing())


def take_host_slot(
    engine: Engine,
    host: str,
    *,
    owner: str,
    limit: int,
    gap: float,
    hold_seconds: float,
    now: datetime | None = None,
) -> Taken:
    """Take one of ``host``'s ``limit`` slots if one is free and the newest request
    to it began ``gap`` seconds ago or more; else say how long to wait (0: unknown,
    a request must end first)."""
    for _ in range(2):
        with session_scope(engine, write=True) as session:
            taken = _take(session, host, owner, limit, gap, hold_seconds, now)
            if taken is not None:
                return taken
        _insert_missing(engine, host, [PACER, *range(limit)])
    raise AssertionError(f"the slots of {host} were created and are still missing")


def _take(session: Session, host: str, owner: str, limit: int, gap: float, hold_seconds: float,
          now: datetime | None) -> Taken | None:
    """None: the host's rows are not all there yet."""
    pacer = None
    if gap > 0:
        pacer = session.exec(select(HostSlot).where(col(HostSlot.host) == host, col(HostSlot.slot) == PACER)
                             .with_for_update()).first()
        if pacer is None:
            return None
    now = now or utcnow()  # once the pacer is ours
    if pacer is not None and pacer.started_at is not None and pacer.started_at + timedelta(seconds=gap) > now:
        return Taken(None, None, (pacer.started_at + timedelta(seconds=gap) - now).total_seconds())
    free = session.exec(
        select(HostSlot)
        .where(col(HostSlot.host) == host, col(HostSlot.slot) >= 0, col(HostSlot.slot) < limit,
               or_(col(HostSlot.token).is_(None), col(HostSlot.expires) < now))
        .order_by(col(HostSlot.slot)).limit(1).with_for_update(skip_locked=True)
    ).first()
    if free is None:
        present = session.exec(select(func.count()).select_from(HostSlot).where(
            col(HostSlot.host) == host, col(HostSlot.slot) >= 0, col(HostSlot.slot) < limit)).one()
        return Taken(None, None, 0.0) if present >= limit else None
    free.token, free.owner = uuid.uuid4().hex, owner
    free.expires, free.started_at = now + timedelta(seconds=hold_seconds), now
    if pacer is not None:
        pacer.started_at = now
    return Taken(free.slot, free.token, 0.0)


def release_host_slot(engine: Engine, host: str, slot: int, token: str) -> bool:
    """Free a slot at the end of its request."""
    statement = (
        update(HostSlot)
        .where(col(HostSlot.host) == host, col(HostSlot.slot) == slot, col(HostSlot.token) == token)
        .values(token=None, owner=None, expires=None)
    )
    with session_scope(engine, write=True) as session:
        return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def renew_host_slots(engine: Engine, owner: str, *, hold_seconds: float, now: datetime | None = None) -> int:
    """Extend every slot ``owner`` holds (requests still running), with its leases."""
    now = now or utcnow()
    statement = (
        update(HostSlot)
        .where(col(HostSlot.owner) == owner, col(HostSlot.token).is_not(None))
        .values(expires=now + timedelta(seconds=hold_seconds))
    )
    with session_scope(engine, write=True) as session:
        return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
