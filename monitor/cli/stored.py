"""Stored versions as inputs: ``monitor diff story@3 story@latest``.

``read_stored`` is what ``monitor diff`` calls for an argument with an ``@``
that is not a file; every failure is an ``InputError`` (one line, exit 2),
like any other input that cannot be read.
"""

from __future__ import annotations

from monitor.cli.inputs import Document
from monitor.errors import InputError


def parse_spec(spec: str) -> tuple[str, int]:
    """``name@3`` → ("name", 3); ``@-1`` counts back from the newest; ``@latest`` is ``@-1``."""
    name, at, version = spec.rpartition("@")
    if not at or not name:
        raise InputError(f"{spec!r}: a stored version is written WATCH@N, e.g. story@3 or story@latest")
    version = version.strip().lower()
    if version == "latest":
        return name, -1
    try:
        number = int(version)
    except ValueError:
        raise InputError(
            f"{spec!r}: the version after '@' must be a number, a negative number counting back "
            "from the newest, or 'latest'"
        ) from None
    if number == 0:
        raise InputError(f"{spec!r}: versions are numbered from 1 (use -1 or 'latest' for the newest)")
    return name, number


def read_stored(spec: str, db: str | None) -> Document:
    """The text of a stored version, labelled with its actual number (``story@-1`` → ``story@7``)."""
    from monitor.cli.common import absolute_sqlite, missing_sqlite_file
    from monitor.store import (
        StoreError,
        VersionNotFound,
        WatchNotFound,
        database_url,
        get_engine,
        get_snapshot,
        get_watch,
        session_scope,
        snapshot_text,
    )

    name, number = parse_spec(spec)
    url = database_url(db)
    if path := missing_sqlite_file(url):
        raise InputError(f"{spec}: no database at {path} to read stored versions from (pass --db)")
    try:
        engine = get_engine(absolute_sqlite(url))
    except StoreError as e:
        raise InputError(str(e)) from None
    try:
        with session_scope(engine) as session:
            watch = get_watch(session, name)
            snapshot = get_snapshot(session, watch, number)
            return Document(snapshot_text(snapshot), f"{watch.name}@{snapshot.version}")
    except (WatchNotFound, VersionNotFound) as e:
        raise InputError(f"{spec}: {e}") from None
    finally:
        engine.dispose()
