"""``monitor import [FORMAT] FILE``: a backup of this monitor (``cli.backup``), or watches from
another monitor, applied as ``monitor sync`` applies a file.

The reading is ``run.importers`` (plain functions: watches and a report);
here the watches are planned and written, or only planned with
``--dry-run``, and the report of what was not carried over is printed
after them, line by line.
"""

from __future__ import annotations

from pathlib import Path

import typer

from monitor.cli import app, fail
from monitor.cli.common import RESULT_JSON_HELP, db_option, engine_for, handled

FORMAT_HELP = ("backup (the default: a `monitor export` file), urlwatch (urls.yaml), changedetection "
               "(a backup zip) or opml (a feed list).")
BACKUP = "backup"


@app.command("import", rich_help_panel="Watches")
@handled
def import_cmd(
    first: str | None = typer.Argument(None, metavar="FORMAT", help=FORMAT_HELP, show_default=False),
    second: Path | None = typer.Argument(None, metavar="FILE", help="The file to import.", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Say what would be created, updated or restored, "
                                                                "and what cannot be carried over; write nothing."),
    skip_masked: bool = typer.Option(False, "--skip-masked",
                                     help="backup: import the other watches when some had a secret masked on "
                                          "export."),
    allow_files: list[Path] | None = typer.Option(
        None, "--allow-files", metavar="DIR",
        help="backup: let file watches read local files (and notifiers use local paths) under DIR (repeatable), "
             "as for `monitor sync`. Default: no local paths at all."),
    force: bool = typer.Option(False, "--force", help="backup: keep ignore patterns that timed out on the "
                                                      "backtracking probes."),
    as_json: bool = typer.Option(False, "--json", help="backup: " + RESULT_JSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Restore a backup (`monitor export`), or bring watches from urlwatch, changedetection.io or an OPML list.

    `monitor import FILE` restores a backup: settings, versions and changes, in
    one transaction; a watch the database already has (by name) is left alone.
    `monitor import FORMAT FILE` reads another monitor's file: watches are
    matched by name, as `monitor sync` matches them (a new name is created, an
    existing one updated, nothing removed), then every setting that could not be
    carried over is listed, with the job it came from.
    """
    from monitor.run.importers import FORMATS

    if first is None:
        raise fail("give the file to import: monitor import [FORMAT] FILE")
    fmt, path = (BACKUP, Path(first)) if second is None else (first, second)
    if fmt == BACKUP:
        from monitor.cli.backup import restore_backup

        restore_backup(path, dry_run=dry_run, skip_masked=skip_masked, allow_files=allow_files, force=force,
                       as_json=as_json, db=db)
        return
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; use one of {', '.join((BACKUP, *FORMATS))}")
    for flag, given in (("--skip-masked", skip_masked), ("--allow-files", allow_files), ("--force", force),
                        ("--json", as_json)):
        if given:
            raise fail(f"{flag} is for restoring a backup, not for importing from {fmt}")
    _import_other(fmt, path, dry_run=dry_run, db=db)


def _import_other(fmt: str, path: Path, *, dry_run: bool, db: str | None) -> None:
    from monitor.cli.sync import plan_lines
    from monitor.config import SyncConfig
    from monitor.run.importers import read_import
    from monitor.run.sync import apply_sync

    imported = read_import(fmt, path)
    config = SyncConfig(path=path, watches=imported.watches)
    with engine_for(db) as engine:
        done = apply_sync(engine, config, prune=False, dry_run=dry_run)
    lines = plan_lines(done.plan, done.ids, dry_run=dry_run, source=path.name)
    for line in lines[:-1] if dry_run else lines:
        if not line.startswith("not in "):
            typer.echo(line)
    if imported.report:
        n = len(imported.report)
        typer.echo(f"not carried over ({n} line{'s' if n != 1 else ''}):")
        from monitor.text.terminal import for_terminal

        for line in imported.report:  # names, filters and tags from another program's file: nothing a terminal acts on
            typer.echo(f"  {for_terminal(line, one_line=True)}")
    if dry_run:
        typer.echo(lines[-1])
