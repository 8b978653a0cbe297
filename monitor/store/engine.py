"""Which database, how to connect to it, and making sure its schema is current.

SQLite is the zero-configuration default; PostgreSQL is the same code once
``MONITOR_DATABASE_URL`` (or ``--db``) points at it. Everything specific to a
backend's connection lives here, so the queries never ask which one they run on.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from monitor.store import migrate
from monitor.store.errors import StoreError

ENV_URL = "MONITOR_DATABASE_URL"
ENV_DATA_DIR = "MONITOR_DATA_DIR"
DEFAULT_DATA_DIR = "snapshots"
DEFAULT_DB_FILE = "monitor.db"
_SQLITE_BUSY_SECONDS = 30.0

# The SQLite file each engine opened, as (path, st_dev, st_ino) at its first
# connection: what ``check_database_file`` compares the path with.
_SQLITE_FILES: weakref.WeakKeyDictionary[Engine, tuple[str, int, int]] = weakref.WeakKeyDictionary()

_PG_SCHEMES = {"postgres": "postgresql+psycopg", "postgresql": "postgresql+psycopg"}


def data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA_DIR) or DEFAULT_DATA_DIR)


def database_url(explicit: str | None = None) -> str:
    """The URL to use: ``--db`` beats ``MONITOR_DATABASE_URL`` beats the data folder.

    A bare path (no ``://``) names a SQLite file, so ``--db story.db`` works.
    ``postgres://`` and ``postgresql://`` get the psycopg 3 driver, which is
    the one installed.
    """
    raw = explicit or os.environ.get(ENV_URL) or str(data_dir() / DEFAULT_DB_FILE)
    if "://" not in raw:
        # Absolute, so the same file is meant whatever the working directory
        # becomes later (and the per-URL migration cache stays right).
        return "sqlite:///" + Path(raw).expanduser().absolute().as_posix()
    scheme, rest = raw.split("://", 1)
    return f"{_PG_SCHEMES.get(scheme, scheme)}://{rest}"


def make_engine(url: str) -> Engine:
    """An engine with the per-backend connection settings, schema untouched."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql" and "application_name" not in parsed.query:
            connect_args["application_name"] = "story-monitor"
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise StoreError(f"bad database URL {_safe(url)!r}: {_first_line(exc)}") from exc


def get_engine(url: str | None = None) -> Engine:
    """An engine on a database whose schema is current (migrated on first use)."""
    engine = make_engine(database_url(url))
    try:
        migrate.ensure_current(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(
            f"cannot use database {_safe(str(engine.url))}: {_first_line(exc.orig or exc)}"
        ) from exc
    except StoreError:
        engine.dispose()
        raise
    return engine


def upgrade(url: str | None = None) -> tuple[str | None, str | None]:
    """``monitor db upgrade``: apply pending migrations, return (from, to) revisions."""
    engine = make_engine(database_url(url))
    try:
        return migrate.upgrade(engine)
    except DBAPIError as exc:
        raise StoreError(
            f"cannot upgrade database {_safe(str(engine.url))}: {_first_line(exc.orig or exc)}"
        ) from exc
    finally:
        engine.dispose()


@contextmanager
def session_scope(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on error.

    ``write=True`` matters on SQLite only: the transaction takes the write
    lock up front (BEGIN IMMEDIATE), so a read-then-write cannot fail half-way
    with "database is locked" when another connection wrote in between;
    waiting for the lock honours busy_timeout, upgrading a read lock does not.
    """
    with Session(engine, expire_on_commit=False) as session:
        if write:
            session.connection(execution_options={"sqlite_immediate": True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def check_database_file(engine: Engine) -> None:
    """Raises ``StoreError`` when the SQLite file this engine opened is no longer at its path.

    A deleted (or replaced) database file stays open in this process: SQLite
    goes on "storing" into an unlinked inode that vanishes when the process
    exits, so a daemon that is not told loses everything it records from then
    on. One ``stat`` of the path compared with the file identity seen at the
    first connection; cheap enough for every round. A no-op for PostgreSQL and
    for in-memory databases.
    """
    known = _SQLITE_FILES.get(engine)
    if known is None:
        return
    path, dev, ino = known
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise StoreError(f"the database file {path} was deleted while in use; stopping before more results go "
                         "into a file that is gone (restore it from a backup, or start again on a new one)") from None
    except OSError as exc:
        raise StoreError(f"cannot check the database file {path}: {exc.strerror or exc}") from None
    if (st.st_dev, st.st_ino) != (dev, ino):
        raise StoreError(f"the database file {path} was replaced by another file while in use; "
                         "stopping rather than writing to the old one") from None


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    on_disk = bool(database) and database != ":memory:" and not database.startswith("file:")
    if on_disk:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    if on_disk:
        path = str(Path(database).expanduser().absolute())

        def remember(_dbapi_connection: Any, _record: Any) -> None:
            # The first connection creates or opens the file; later ones must
            # find the same file there (check_database_file).
            if engine not in _SQLITE_FILES:
                with suppress(OSError):
                    st = os.stat(path)
                    _SQLITE_FILES[engine] = (path, st.st_dev, st.st_ino)

        event.listen(engine, "connect", remember)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin, so
    # _sqlite_on_begin can choose BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(_SQLITE_BUSY_SECONDS * 1000)}")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "delete":
            _switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")  # cascades on watch/snapshot delete
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """WAL lets readers (the CLI) run while the daemon writes; the mode sticks to the file.

    Switching needs the database to itself and SQLite does not wait for that
    (busy_timeout does not apply), so two processes opening a new database at
    once would fail; retry instead.
    """
    deadline = time.monotonic() + _SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def unavailable(exc: BaseException) -> str | None:
    """Why the database could not be used, when that is the database's state
    rather than the statement's fault (server stopped or restarting, connection
    dropped, SQLite file locked): work that failed so is worth retrying as it
    is. None for anything else (a constraint, a bug), which retrying won't fix."""
    if isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        return _first_line(exc.orig or exc)
    return None


def reachable(engine: Engine) -> str | None:
    """None when the database answers a query now, else why not (``unavailable``'s reason)."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        return unavailable(exc) or _first_line(exc.orig or exc)
    return None


def missing_sqlite_file(url: str) -> str | None:
    """The path of a SQLite database ``url`` names that does not exist yet, else None."""
    parsed = make_url(url)
    path = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return None
    return None if Path(path).exists() else path


def absolute_sqlite(url: str) -> str:
    """A relative SQLite path made absolute, so the URL names one file whatever the working directory.

    The store remembers which URLs it has already migrated; a relative one
    would name a different file after a ``chdir`` (tests do that).
    """
    parsed = make_url(url)
    path = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return url
    if Path(path).is_absolute():
        return url
    return parsed.set(database=str(Path(path).absolute())).render_as_string(hide_password=False)


def database_revision(url: str) -> str | None:
    """The schema revision of the database at ``url`` (None: empty), read without migrating it."""
    from monitor.store.migrate import current_revision

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return current_revision(conn)
    except DBAPIError as e:
        raise StoreError(f"cannot read database: {_first_line(e.orig or e)}") from None
    finally:
        engine.dispose()
