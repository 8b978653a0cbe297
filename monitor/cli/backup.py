"""``monitor import FILE`` (``backup``): restore the watches a ``monitor export --format json`` file holds.

The command itself is ``cli.importing``, which also reads other monitors' files."""

from __future__ import annotations

from pathlib import Path

import typer

from monitor.cli.common import engine_for, print_json


def restore_backup(path: Path, *, dry_run: bool, skip_masked: bool, allow_files: list[Path] | None, force: bool,
                   as_json: bool, db: str | None) -> None:
    """Restore watches (settings, versions, changes) from an export: a backup.

    Every watch is checked first and the writes are one transaction. A watch
    the database already has (by name) is left alone. A secret written in
    place was masked on export and cannot come back: the import stops and
    names it (see --skip-masked); references to environment variables
    (env:MONITOR_SECRET_NAME) are restored as they were.
    """
    from monitor.run.backup import apply_import, plan_import, read_export
    from monitor.store import session_scope
    from monitor.views.results import imported

    label = path.name
    entries = read_export(path, label)
    options = {"path": path, "label": label, "allow_files": list(allow_files or []), "force": force,
               "skip_masked": skip_masked}
    with engine_for(db) as engine:
        if dry_run:  # lists a masked secret rather than stopping at it, as the import would
            with session_scope(engine) as session:
                plan = plan_import(session, entries, **{**options, "skip_masked": True})
            ids: dict[str, int] = {}
        else:
            plan, ids = apply_import(engine, entries, **options)
    data = imported(plan, ids, dry_run=dry_run, source=label)
    if as_json:
        print_json(data)
        return
    verb = "would restore" if dry_run else "restored"
    for w in data["restored"]:
        ident = f" (id {w['id']})" if w["id"] is not None else ""
        typer.echo(f"{verb} watch {w['name']}{ident}: {w['url']}, {w['schedule']}, "
                   f"{w['versions']} version{'s' if w['versions'] != 1 else ''}, "
                   f"{w['changes']} change{'s' if w['changes'] != 1 else ''}")
    for name in data["existing"]:
        typer.echo(f"already in the database, left alone: {name}")
    for m in data["skipped_masked"]:
        typer.echo(f"{'would skip' if dry_run else 'skipped'} {m['name']}: secrets masked on export "
                   f"({', '.join(m['masked'])}); give them as env:MONITOR_SECRET_NAME in the file, "
                   "or add them with `monitor edit`")
    if dry_run:
        if data["skipped_masked"] and not skip_masked:
            typer.echo("without --skip-masked the import stops at the masked secrets and writes nothing")
        typer.echo("dry run: nothing written")
    elif not data["restored"]:
        typer.echo("nothing restored")
