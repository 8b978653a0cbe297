"""Every timestamp comes back timezone-aware UTC, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import DateTime, Engine, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import select

from monitor.diff.model import Change
from monitor.store import AlertDraft, claim_due, heartbeat, session_scope
from monitor.store.models import Alert, Check, Snapshot, StoredChange, Watch, Worker, metadata
from tests.store.helpers import NOW, check_in, make_watch, result

MODELS = (Watch, Snapshot, Check, StoredChange, Alert, Worker)


def _time_columns(model: type) -> list[str]:
    table = metadata.tables[model.__tablename__]  # type: ignore[attr-defined]
    return [
        c.name
        for c in table.columns
        if isinstance(c.type, TypeDecorator) and isinstance(c.type.impl, DateTime)
    ]


def test_every_time_column_uses_the_utc_type() -> None:
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, DateTime):
                raise AssertionError(f"{table.name}.{column.name} is a plain DateTime")


def _fill(engine: Engine) -> None:
    watch = make_watch(engine)
    check_in(
        engine,
        watch,
        result(
            "first",
            "Text.",
            changes=[Change(kind="added", old=None, new="Text.")],
            alerts=[AlertDraft("console", {})],
        ),
    )
    claim_due(engine, "w", now=NOW + timedelta(hours=1))  # sets lease_expires
    with session_scope(engine) as session:
        heartbeat(session, "w", hostname="h", pid=1, now=NOW)


def test_all_timestamps_read_back_aware_utc(engine: Engine) -> None:
    _fill(engine)
    seen = 0
    with session_scope(engine) as session:
        for model in MODELS:
            for row in session.exec(select(model)):
                for name in _time_columns(model):
                    value = getattr(row, name)
                    if value is None:
                        continue
                    assert value.tzinfo is not None, f"{model.__name__}.{name} is naive"
                    assert value.utcoffset() == timedelta(0), f"{model.__name__}.{name}"
                    seen += 1
    assert seen >= 12


def test_other_offsets_and_naive_values_are_normalised(engine: Engine) -> None:
    tokyo = timezone(timedelta(hours=9))
    make_watch(engine, "tokyo", next_due=datetime(2026, 3, 1, 21, 0, tzinfo=tokyo))
    make_watch(engine, "naive", next_due=datetime(2026, 3, 1, 12, 0))  # taken as UTC
    with session_scope(engine) as session:
        if engine.dialect.name == "postgresql":
            # A server or session in another zone must not leak into our values.
            session.connection().execute(text("SET TIME ZONE 'Asia/Tokyo'"))
        dues = {w.name: w.next_due for w in session.exec(select(Watch))}
    assert dues == {"tokyo": NOW, "naive": NOW}
    assert all(d.tzinfo == UTC for d in dues.values())
