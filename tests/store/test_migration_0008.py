"""Revision 0008: watches get tags (none for those already stored); going back keeps every watch and version."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from monitor.store import add_watch, get_watch, list_watches, make_engine, session_scope, tag_counts
from monitor.store import migrate as migrations

_SNAPSHOT = ("INSERT INTO snapshot (watch_id, version, content_hash, text_z, size, fetched_at, suspect) "
             "VALUES (:w, 1, 'h', :z, 1, '2026-01-01', false)")


def _columns(engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def _downgrade(engine, target: str) -> None:
    with engine.connect() as conn, conn.begin():
        command.downgrade(migrations.alembic_config(conn), target)
    migrations.forget(engine)


def test_stored_watches_get_no_tags_and_a_downgrade_keeps_watches_and_versions(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrations.upgrade(engine, "0007")
        assert "tags" not in _columns(engine, "watch")
        with session_scope(engine, write=True) as s:  # a watch stored before tags existed (no tags column yet)
            s.execute(text("INSERT INTO watch (name, url, kind, adaptive, timezone, ignore, rules, notifiers, "
                           "enabled, created_at, next_due, consecutive_failures, failing_alert_sent, uid) VALUES "
                           "('old', 'https://a.example', 'http', false, 'UTC', '[]', '{}', '[]', true, "
                           "'2026-01-01', '2026-01-01', 0, false, 'u1')"))
            old_id = s.execute(text("SELECT id FROM watch WHERE name = 'old'")).scalar()
            s.execute(text(_SNAPSHOT), {"w": old_id, "z": b"\0"})
        assert migrations.upgrade(engine) == ("0007", "0008")
        with session_scope(engine, write=True) as s:
            assert get_watch(s, "old").tags == []
            add_watch(s, "new", "https://b.example", tags=["talks", "україна"])
        with session_scope(engine) as s:
            assert tag_counts(s) == {"talks": 1, "україна": 1}
            assert [w.name for w in list_watches(s, tag="україна")] == ["new"]

        _downgrade(engine, "0007")
        assert "tags" not in _columns(engine, "watch")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM watch")).scalar() == 2
            assert conn.execute(text("SELECT count(*) FROM snapshot")).scalar() == 1
        assert migrations.upgrade(engine) == ("0007", migrations.HEAD)
        with session_scope(engine) as s:
            assert {w.name: w.tags for w in list_watches(s)} == {"new": [], "old": []}
    finally:
        engine.dispose()
