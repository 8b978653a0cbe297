"""What the watch commands share: ``--db``, opening the database, errors, time and JSON rendering."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from monitor.cli import fail

if TYPE_CHECKING:
    from monitor.store import Engine

P = ParamSpec("P")
R = TypeVar("R")

DB_HELP = ("Database: a SQLite file path or a database URL "
           "(default: $MONITOR_DATABASE_URL, else ./snapshots/monitor.db).")
JSON_HELP = "Print JSON instead of a table."
RESULT_JSON_HELP = "Print what was done as one JSON object (its keys are listed in the README)."


def db_option() -> Any:
    return typer.Option(None, "--db", metavar="URL_OR_PATH", help=DB_HELP)


def write_text_file(path: Path, text: str) -> None:
    """Writes what a command produced to the file the user named (newlines as given), or one line
    saying why it could not."""
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as e:
        raise fail(f"cannot write {path}: {e.strerror}") from None


def watch_argument(many: bool = False) -> Any:
    """The WATCH argument: a name or an id, completed from the database's watch names on TAB."""
    if many:
        return typer.Argument(None, metavar="WATCH", help="Names or ids of watches.", autocompletion=complete_watch)
    return typer.Argument(..., metavar="WATCH", help="Name or id of the watch.", autocompletion=complete_watch)


def complete_watch(ctx: typer.Context, incomplete: str) -> list[str]:
    """Watch names starting with what was typed, read from ``--db`` if given (else the default)."""
    from monitor.store import watch_names

    return _completed(ctx, incomplete, watch_names)


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags some watch has, starting with what was typed."""
    from monitor.store import tag_counts

    return _completed(ctx, incomplete, tag_counts)


def _completed(ctx: typer.Context, incomplete: str, read: Callable[[Any], Iterable[str]]) -> list[str]:
    """What ``read`` finds in the database, starting with what was typed.

    Completion must never get in the way: a missing database, one that
    cannot be read or a slow import gives no candidates, never an error, and
    never creates a database file.
    """
    try:
        from monitor.store import database_url, get_engine, session_scope

        url = database_url(ctx.params.get("db"))
        if missing_sqlite_file(url):
            return []
        engine = get_engine(absolute_sqlite(url))
        try:
            with session_scope(engine) as s:
                names = list(read(s))
        finally:
            engine.dispose()
    except Exception:
        return []
    return sorted(n for n in names if n.startswith(incomplete))


def handled(func: Callable[P, R]) -> Callable[P, R]:
    """Every error a user can cause ends as one line and exit 2, never a traceback.

    ``monitor.cli.main`` turns ``MonitorError`` into that line; the store's
    and the schedule's own exceptions, and a database failing mid-command,
    are caught here so the commands stay correct however they are invoked.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from monitor.errors import MonitorError
        from monitor.store import DBAPIError

        try:
            return func(*args, **kwargs)
        except MonitorError as e:
            raise fail(str(e)) from None
        except DBAPIError as e:
            # The database went away or refused mid-command (server down, disk full, locked too long).
            lines = str(e.orig or e).strip().splitlines()
            raise fail(f"database error: {lines[0] if lines else type(e).__name__}") from None

    return wrapper


@contextmanager
def engine_for(db: str | None, *, must_exist: bool = False) -> Iterator[Engine]:
    """The database, migrated to the current schema, disposed of afterwards.

    With ``must_exist`` a SQLite file that is not there is an error rather
    than a new empty database: reading commands should not leave a stray
    database behind a mistyped ``--db``.
    """
    from monitor.store import database_url, get_engine

    url = database_url(db)
    if must_exist and (path := missing_sqlite_file(url)):
        raise fail(f"no database at {path} (add a watch first, or pass --db)")
    engine = get_engine(absolute_sqlite(url))
    try:
        yield engine
    finally:
        engine.dispose()


def missing_sqlite_file(url: str) -> str | None:
    """``store.missing_sqlite_file``, imported when called: the CLI starts without the database stack."""
    from monitor.store import missing_sqlite_file as missing

    return missing(url)


def absolute_sqlite(url: str) -> str:
    """``store.absolute_sqlite``, imported when called: the CLI starts without the database stack."""
    from monitor.store import absolute_sqlite as absolute

    return absolute(url)


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def relative(dt: datetime | None, now: datetime) -> str:
    """ "3 min ago" / "in 4 h": how far ``dt`` is from ``now``, for people scanning a table."""
    if dt is None:
        return "never"
    seconds = (dt - now).total_seconds()
    future, seconds = seconds > 0, abs(seconds)
    if seconds < 45:
        return "now" if future else "just now"
    # The largest unit that fits (with a little slack, so 58 min reads "1 h"); minutes otherwise.
    size, unit = next(((s, u) for s, u in ((86400, "d"), (3600, "h")) if seconds >= s * 0.95), (60, "min"))
    n = max(1, round(seconds / size))
    return f"in {n} {unit}" if future else f"{n} {unit} ago"


def when(dt: datetime) -> str:
    """A timestamp a person can read in a table: UTC, to the second."""
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC")


def human_size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    value = float(n)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            break
    return f"{value:.1f} {unit}"


def print_json(value: Any) -> None:
    from monitor.text.terminal import json_for_terminal

    typer.echo(json_for_terminal(json.dumps(value, indent=2, ensure_ascii=False, default=_json_default)))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def console(*, stderr: bool = False) -> Any:
    """A rich console that never reads page text as markup or colours it by guesswork."""
    from rich.console import Console

    # soft_wrap: long lines are left for the terminal (or the file) to wrap, so text
    # piped elsewhere comes out as it was stored.
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
