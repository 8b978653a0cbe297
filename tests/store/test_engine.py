"""Choosing the database, connecting to it, and failing in one clear line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import text

from monitor.store import StoreError, database_url, get_engine, session_scope
from monitor.store.engine import ENV_DATA_DIR, ENV_URL


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    return monkeypatch


def test_default_is_sqlite_in_the_snapshots_folder(clean_env: pytest.MonkeyPatch) -> None:
    assert database_url() == "sqlite:///" + (Path.cwd() / "snapshots" / "monitor.db").as_posix()


def test_data_dir_env_moves_the_default(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv(ENV_DATA_DIR, "elsewhere/data")
    assert database_url() == "sqlite:///" + (Path.cwd() / "elsewhere" / "data" / "monitor.db").as_posix()


def test_env_url_beats_default_and_option_beats_env(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv(ENV_URL, "sqlite:///from-env.db")
    assert database_url() == "sqlite:///from-env.db"
    assert database_url("sqlite:///from-option.db") == "sqlite:///from-option.db"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("story.db", "sqlite:///" + (Path.cwd() / "story.db").as_posix()),  # made absolute
        ("/var/lib/monitor/story.db", "sqlite:////var/lib/monitor/story.db"),
        ("postgres://u:p@db/monitor", "postgresql+psycopg://u:p@db/monitor"),
        ("postgresql://u@db/monitor", "postgresql+psycopg://u@db/monitor"),
        ("postgresql+psycopg://u@db/monitor", "postgresql+psycopg://u@db/monitor"),
    ],
    ids=["bare-file", "absolute-file", "postgres", "postgresql", "explicit-driver"],
)
def test_url_forms(clean_env: pytest.MonkeyPatch, given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_bare_path_creates_its_folder_and_a_working_database(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "story.db"
    engine = get_engine(str(path))
    try:
        assert path.exists()
        with session_scope(engine) as session:
            pragmas = {
                name: session.connection().exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
        # synchronous: 1 is NORMAL
        assert pragmas == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": 30000,
            "synchronous": 1,
        }
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdb://x/y",
        "postgresql+psycopg://user@/db?host=/nonexistent/socket/dir",
        "postgresql://user@host:notaport/db",
    ],
    ids=["unknown-scheme", "unreachable-postgres", "bad-port"],
)
def test_unusable_database_is_one_line_store_error(url: str) -> None:
    with pytest.raises(StoreError) as info:
        get_engine(url)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(("bad database URL", "cannot use database"))


def test_refused_tcp_connection_is_store_error() -> None:
    with socket.socket() as sock:  # a port on loopback that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match=f"cannot use database .*127.0.0.1:{port}"):
        get_engine(f"postgresql://user:secret@127.0.0.1:{port}/monitor?connect_timeout=2")


def test_password_never_appears_in_errors() -> None:
    with pytest.raises(StoreError) as info:
        get_engine("postgresql://user:hunter2@127.0.0.1:1/monitor?connect_timeout=2")
    assert "hunter2" not in str(info.value)


def test_engine_queries_work(db_url: str) -> None:
    engine = get_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_write_sessions_take_the_sqlite_write_lock_up_front(tmp_path: Path) -> None:
    """A read-then-write transaction must not fail half-way with "database is locked"."""
    import sqlite3

    path = tmp_path / "lock.db"
    engine = get_engine(str(path))
    try:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with session_scope(engine, write=True) as session:
            session.connection()  # the transaction has begun, nothing written yet
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with session_scope(engine) as session:  # plain sessions leave writers alone
            session.connection().exec_driver_sql("SELECT 1")
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        other.close()
    finally:
        engine.dispose()


def test_a_deleted_or_replaced_sqlite_file_is_noticed(tmp_path: Path) -> None:
    from monitor.store.engine import check_database_file

    db = tmp_path / "m.db"
    engine = get_engine(f"sqlite:///{db}")
    check_database_file(engine)  # the file it opened is there
    for p in tmp_path.glob("m.db*"):
        p.unlink()
    with pytest.raises(StoreError, match="was deleted while in use"):
        check_database_file(engine)
    db.write_bytes(b"")  # another file at the same path is not the one this engine writes to
    with pytest.raises(StoreError, match="replaced by another file"):
        check_database_file(engine)
    engine.dispose()
