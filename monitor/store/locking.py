"""The one locking subquery both claims use (watches and outbox alerts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CTE, ColumnElement, select


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
