"""``monitor import FORMAT FILE``: watches from another monitor, applied as ``monitor sync`` applies a file.

The reading is ``run.importers`` (plain functions: watches and a report);
here the watches are planned and written, or only planned with
``--dry-run``, and the report of what was not carried over is printed
after them, line by line.
"""

from __future__ import annotations

from pathlib import Path

import typer

from monitor.cli import app, fail
from monitor.cli.common import db_option, engine_for, handled

FORMAT_HELP = "urlwatch (urls.yaml), changedetection (a backup zip) or opml (a feed list)."


@app.command("import", rich_help_panel="Watches")
@handled
def import_cmd(
    fmt: str = typer.Argument(..., metavar="FORMAT", help=FORMAT_HELP),
    path: Path = typer.Argument(..., metavar="FILE", help="The file to import."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Say what would be created or updated, and what "
                                                                "cannot be carried over; write nothing."),
    db: str | None = db_option(),
) -> None:
    """Bring watches from urlwatch, changedetection.io or an OPML feed list.

    Watches are matched by name, as `monitor sync` matches them: a new name is
    created, an existing one updated, nothing is removed. Then every setting
    that could not be carried over is listed, with the job it came from.
    """
    from monitor.cli.sync import plan_lines
    from monitor.config import SyncConfig
    from monitor.run.importers import FORMATS, read_import
    from monitor.run.sync import apply_sync, plan_sync
    from monitor.store import session_scope

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    imported = read_import(fmt, path)
    config = SyncConfig(path=path, watches=imported.watches)
    with engine_for(db) as engine:
        if dry_run:
            with session_scope(engine) as session:
                plan, ids = plan_sync(session, config, prune=False), {}
        else:
            done = apply_sync(engine, config, prune=False)
            plan, ids = done.plan, done.ids
    lines = plan_lines(plan, ids, dry_run=dry_run, source=path.name)
    for line in lines[:-1] if dry_run else lines:
        if not line.startswith("not in "):
            typer.echo(line)
    if imported.report:
        n = len(imported.report)
        typer.echo(f"not carried over ({n} line{'s' if n != 1 else ''}):")
        for line in imported.report:
            typer.echo(f"  {line}")
    if dry_run:
        typer.echo(lines[-1])
