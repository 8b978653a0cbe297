"""The schema comes from the migrations, is applied on first use, and matches the models."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from monitor.store import StoreError, get_engine, make_engine, migrate, upgrade
from monitor.store.models import metadata

TABLES = {"watch", "snapshot", "check", "change", "alert", "worker", "host_slot", "alembic_version",
          "statement", "statement_event", "lineage_version"}


def test_first_use_creates_every_table_at_head(db_url: str) -> None:
    engine = get_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == TABLES
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
    finally:
        engine.dispose()


def test_upgrade_is_idempotent(db_url: str) -> None:
    head = migrate.head_revision()
    assert upgrade(db_url) == (None, head)
    assert upgrade(db_url) == (head, head)
    engine = get_engine(db_url)  # and first use after an explicit upgrade is a no-op
    engine.dispose()
    assert upgrade(db_url) == (head, head)


def test_models_match_migrations(db_url: str) -> None:
    """A change to models.py without a revision (or the reverse) fails here."""
    engine = get_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_simultaneous_first_use_migrates_once(db_url: str) -> None:
    """Several daemons starting on one fresh database must not trip over each other."""
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_engine() -> None:
        try:
            start.wait()
            engine = make_engine(db_url)
            try:
                migrate.upgrade(engine)
            finally:
                engine.dispose()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_engine) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    engine = get_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        engine.dispose()


def test_database_from_a_newer_version_is_refused(db_url: str) -> None:
    engine = get_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
        migrate.forget(engine)
        with pytest.raises(StoreError, match="ffff.*upgrade Story Monitor"):
            get_engine(db_url)
    finally:
        engine.dispose()


def test_the_head_checked_without_alembic_is_alembics_head() -> None:
    from monitor.store.migrate import HEAD, head_revision

    assert head_revision() == HEAD
