"""The one locking subquery both claims use (watches and outbox alerts), and row locks taken in id order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CTE, ColumnElement, Connection, select


def skip_locked_ids(id_column: Any, where: ColumnElement[bool], order_by: list[Any], limit: int) -> CTE:
    """Ids of up to ``limit`` rows matching ``where``, locked, skipping rows
    another transaction holds.

    Materialised, so PostgreSQL runs the locking subquery exactly once:
    inlined as ``IN (SELECT ... LIMIT n)`` the planner may re-run it per row
    and, skipping rows the outer UPDATE already changed, take more than n.
    SQLite ignores both the lock and the hint; its writers are serialised.
    """
    return (
        select(id_column)
        .where(where)
        .order_by(*order_by)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("chosen")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )


def lock_in_id_order(conn: Connection, id_column: Any, where: ColumnElement[bool]) -> None:
    """Locks the rows matching ``where`` in ascending id order, in the transaction of ``conn``.

    Two transactions that each update several watch rows (the check writer's
    batch, the lease renewal) deadlock on PostgreSQL when they take the rows in
    different orders; one of them fails with "deadlock detected" (seen under
    load: a renewal failed so and was logged as the database being unavailable).
    Taking them all first, in one order, makes the second wait instead. A no-op
    on SQLite, whose writers are serialised.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(id_column).where(where).order_by(id_column).with_for_update())
