"""``monitor sync monitor.toml``: the watches a file declares, made so in the database.

The file is the source of truth for the watches it names (matched by name):
missing ones are created, differing ones updated, a key left out goes back
to its default. Watches the file does not name are left alone unless
``--prune``. Everything is validated before anything is written, and the
writes are one transaction.

A config file may come from someone else (``monitor.config.trust``): it
reads local files only under ``--allow-files DIR``, environment variables
only as ``MONITOR_SECRET_*`` secrets, and ``--dry-run`` lists every endpoint
alerts would go to, every secret and every file it would read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from monitor.cli import app
from monitor.cli.common import RESULT_JSON_HELP, db_option, engine_for, handled, print_json

if TYPE_CHECKING:
    from monitor.run.sync import SyncPlan


@app.command("sync", rich_help_panel="Watches")
@handled
def sync_cmd(
    path: Path = typer.Argument(..., metavar="CONFIG", help="A monitor.toml with [defaults] and [[watch]] tables."),
    prune: bool = typer.Option(False, "--prune", help="Remove watches the file does not declare."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Say what would change, and every endpoint, "
                                                                "secret and local file it would reach; write nothing."),
    allow_files: list[Path] | None = typer.Option(
        None, "--allow-files", metavar="DIR",
        help="Let the file watch local files (and notifiers use local paths) under DIR (repeatable). "
             "Default: no local paths at all."),
    force: bool = typer.Option(False, "--force", help="Keep ignore patterns that timed out on the backtracking "
                                                      "probes."),
    as_json: bool = typer.Option(False, "--json", help=RESULT_JSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Create, update (and with --prune remove) watches to match a config file."""
    from monitor.config import load_config
    from monitor.run.sync import apply_sync

    config = load_config(path, label=str(path), allow_files=list(allow_files or []), force=force)
    with engine_for(db) as engine:
        done = apply_sync(engine, config, prune=prune, dry_run=dry_run)
    plan, ids = done.plan, done.ids
    if as_json:
        from monitor.config.trust import reach
        from monitor.notify.payload import DEFAULT_NOTIFIERS
        from monitor.views.results import synced

        print_json(synced(plan, ids, dry_run=dry_run, source=path.name,
                          reach=reach(config.watches, DEFAULT_NOTIFIERS) if dry_run else None))
        return
    lines = plan_lines(plan, ids, dry_run=dry_run, source=path.name)
    if dry_run:
        from monitor.config.trust import reach_lines
        from monitor.notify.payload import DEFAULT_NOTIFIERS

        lines[-1:-1] = reach_lines(config.watches, DEFAULT_NOTIFIERS)
    for line in lines:
        typer.echo(line)


def plan_lines(plan: SyncPlan, ids: dict[str, int], *, dry_run: bool, source: str) -> list[str]:
    from monitor.config.secrets import mask_url

    verb = {"create": "would create", "update": "would update", "remove": "would remove"} if dry_run else \
        {"create": "created", "update": "updated", "remove": "removed"}
    lines = []
    for spec in plan.create:
        ident = f" (id {ids[spec.name]})" if spec.name in ids else ""
        lines.append(f"{verb['create']} watch {spec.name}{ident}: {mask_url(spec.url)}, {spec.schedule.describe()}")
    for spec, diffs in plan.update:
        lines.append(f"{verb['update']} watch {spec.name}: " + "; ".join(diffs))
    for name in plan.remove:
        lines.append(f"{verb['remove']} watch {name}")
    if plan.unchanged:
        n = len(plan.unchanged)
        lines.append(f"unchanged: {n} watch{'es' if n != 1 else ''}")
    if plan.untouched:
        lines.append(f"not in {source}, left alone (--prune removes them): {', '.join(plan.untouched)}")
    if dry_run:
        lines.append("dry run: nothing written")
    elif plan.empty:
        lines.append("nothing to do: the database already matches the file")
    return lines
