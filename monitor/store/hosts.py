"""The per-host request budget, shared by every daemon on one database.

A host may receive ``limit`` requests at once and one every ``gap`` seconds
from all daemons together; each daemon keeping its own budget meant four
daemons sent four times as much. A request takes a slot row (``host_slot``)
for its duration: a token and an expiry, like a watch's lease, renewed with
the daemon's leases and so freed within a lease when its daemon dies.

Taking a slot locks the host's slot rows (``FOR UPDATE`` on PostgreSQL; the
write lock on SQLite), so two daemons never take one slot or start two
requests within the gap. A row per slot is created on first use.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Engine, update
from sqlmodel import col, select

from monitor.store.columns import utcnow
from monitor.store.engine import session_scope
from monitor.store.models import HostSlot

_TABLE = HostSlot.__table__


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
            rows = list(session.exec(
                select(HostSlot).where(col(HostSlot.host) == host, col(HostSlot.slot) < limit)
                .order_by(col(HostSlot.slot)).with_for_update()
            ))
            if len(rows) == limit:
                return _take(rows, owner, gap, hold_seconds, now or utcnow())  # "now" once the rows are ours
        _insert_missing(engine, host, sorted(set(range(limit)) - {r.slot for r in rows}))
    raise AssertionError(f"the slots of {host} were created and are still missing")


def _take(rows: list[HostSlot], owner: str, gap: float, hold_seconds: float, now: datetime) -> Taken:
    latest = max((r.started_at for r in rows if r.started_at is not None), default=None)
    if gap > 0 and latest is not None and latest + timedelta(seconds=gap) > now:
        return Taken(None, None, (latest + timedelta(seconds=gap) - now).total_seconds())
    free = next((r for r in rows if r.token is None or r.expires is None or r.expires < now), None)
    if free is None:
        return Taken(None, None, 0.0)
    free.token, free.owner = uuid.uuid4().hex, owner
    free.expires, free.started_at = now + timedelta(seconds=hold_seconds), now
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
