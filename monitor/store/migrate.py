"""Bringing a database to the schema this code expects.

Alembic is driven in code (no alembic.ini) so an installed package migrates
itself: on first use, and through ``monitor db upgrade``. Several daemons may
start at once against one fresh database, so the upgrade runs under a lock
(an advisory lock on PostgreSQL, the write lock on SQLite) and re-reads the
version after taking it; whoever comes second finds nothing left to do.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from monitor.store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = "monitor.store:migrations"
# The newest revision in migrations/versions. Checking a database against it
# needs one query and no Alembic: importing Alembic cost 0.15 s of every
# command's start here, and it is needed only when there is work to do. A
# test keeps this equal to the head Alembic computes from the scripts.
HEAD = "0008"
# Any fixed 64-bit number works; this one spells "STORYMON".
_PG_LOCK_KEY = 0x53544F52594D4F4E

# URLs (with password) known to be at head in this process, so that opening
# an engine costs one query the first time and none afterwards.
_current: set[str] = set()


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _known(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str | None]:
    """Apply pending migrations; return the revision before and after."""
    with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        before = current_revision(conn)
        if before is not None and not _known(before):
            raise StoreError(
                f"database schema is at revision {before}, which this version of "
                "Story Monitor does not know; upgrade Story Monitor"
            )
        if before != head_revision() or target != "head":
            from alembic import command

            command.upgrade(alembic_config(conn), target)
        after = current_revision(conn)
    if after == head_revision():
        _current.add(_key(engine))
    return before, after


def ensure_current(engine: Engine) -> None:
    """Upgrade to head unless already there; cheap after the first call per URL."""
    key = _key(engine)
    if key in _current:
        return
    with engine.connect() as conn:
        try:
            at = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no table yet: a new database
            at = None
        conn.rollback()
    if at == HEAD:
        _current.add(key)
        return
    upgrade(engine)


def forget(engine: Engine) -> None:
    """Drop the cached "at head" verdict, e.g. after the schema was changed behind our back."""
    _current.discard(_key(engine))


def _key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)
