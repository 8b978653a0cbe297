"""Revision 0003: existing watches each get their own uid; going back keeps every version."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import select

from monitor.store import Watch, make_engine, session_scope
from monitor.store import migrate as migrations

_OLD_WATCH = ("INSERT INTO watch (name, url, kind, adaptive, timezone, ignore, rules, notifiers, enabled, created_at, "
              "next_due, consecutive_failures, failing_alert_sent) VALUES (:n, 'https://a.example', 'http', 0, 'UTC', "
              "'[]', '{}', '[]', 1, '2026-01-01', '2026-01-01', 0, 0)")
_SNAPSHOT = ("INSERT INTO snapshot (watch_id, version, content_hash, text_z, size, fetched_at, suspect) "
             "VALUES (1, 1, 'h', :z, 1, '2026-01-01', 0)")


def test_existing_watches_get_distinct_uids_and_a_downgrade_keeps_their_versions(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrations.upgrade(engine, "0002")
        with engine.begin() as conn:
            for i in range(3):
                conn.execute(text(_OLD_WATCH), {"n": f"w{i}"})
            conn.execute(text(_SNAPSHOT), {"z": b"\0"})
        migrations.upgrade(engine)
        with session_scope(engine) as s:
            uids = [w.uid for w in s.exec(select(Watch))]
        assert len(uids) == 3 and all(u and len(u) == 32 for u in uids) and len(set(uids)) == 3

        from alembic import command

        with engine.connect() as conn, conn.begin():
            command.downgrade(migrations.alembic_config(conn), "0002")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM snapshot")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM watch")).scalar() == 3
        migrations.forget(engine)
        assert migrations.upgrade(engine) == ("0002", migrations.HEAD)
    finally:
        engine.dispose()
