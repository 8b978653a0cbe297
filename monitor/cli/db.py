"""``monitor db upgrade`` and ``monitor db current``: the database schema.

Databases migrate themselves on first use; these are for an administrator
who wants to do it deliberately (before starting several daemons against a
shared PostgreSQL, say) or to see where a database stands.
"""

from __future__ import annotations

import typer

from monitor.cli import app, fail
from monitor.cli.common import RESULT_JSON_HELP, absolute_sqlite, db_option, handled, missing_sqlite_file, print_json

db_app = typer.Typer(name="db", help="The database schema: upgrade it, or show its revision.",
                     no_args_is_help=True)
app.add_typer(db_app, rich_help_panel="Watches")


@db_app.command("upgrade")
@handled
def upgrade_cmd(db: str | None = db_option(),
               as_json: bool = typer.Option(False, "--json", help=RESULT_JSON_HELP)) -> None:
    """Apply pending migrations (safe to run any time; does nothing when current)."""
    from monitor.store import database_url, upgrade

    before, after = upgrade(absolute_sqlite(database_url(db)))
    if as_json:
        from monitor.store.migrate import head_revision
        from monitor.views.results import schema

        print_json(schema(after, head_revision(), before, upgraded=before != after))
    elif before == after:
        typer.echo(f"database already at revision {after} (current)")
    else:
        typer.echo(f"database at revision {after} (was {before or 'empty'})")


@db_app.command("current")
@handled
def current_cmd(db: str | None = db_option(),
                as_json: bool = typer.Option(False, "--json", help="Print one JSON object (exit 1 if behind).")
                ) -> None:
    """Show the database's schema revision and whether it is current. Exit 1 if behind."""
    from monitor.store import database_revision, database_url
    from monitor.store.migrate import head_revision

    url = database_url(db)
    if path := missing_sqlite_file(url):
        raise fail(f"no database at {path}")
    at = database_revision(url)
    head = head_revision()
    if as_json:
        from monitor.views.results import schema

        print_json(schema(at, head))
        if at != head:
            raise typer.Exit(1)
        return
    if at == head:
        typer.echo(f"database at revision {at} (current)")
        return
    typer.echo(f"database at revision {at or 'none (empty)'}; this version of Story Monitor expects {head}: "
               "run `monitor db upgrade`")
    raise typer.Exit(1)
