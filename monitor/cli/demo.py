"""``monitor demo``."""

from __future__ import annotations

from pathlib import Path

import typer

from monitor.cli import app


@app.command("demo", rich_help_panel="Daemon")
def demo_cmd(
    seeds: Path | None = typer.Option(None, "--seeds", help="Seed story folder (default: seeds/istanbul-talks)."),
    data_dir: Path = typer.Option(Path("snapshots"), "--data-dir", help="Where the demo database goes."),
    alerts_dir: Path = typer.Option(Path("alerts"), "--alerts-dir", help="Where alert files and the report go."),
) -> None:
    """Show the whole pipeline on the bundled seed story, on this machine.

    A local news site (127.0.0.1 only) serves the story's versions one after
    another; the daemon checks it every second and alerts on each change.
    Ends by itself, in well under a minute.
    """
    from monitor.run.demo import run_demo

    r = run_demo(seeds=seeds, data_dir=data_dir, alerts_dir=alerts_dir, say=typer.echo)
    typer.echo(
        f"\ndemo: done in {r.seconds:.1f} s: {r.versions} versions, {r.changes} changes, "
        f"{r.alerts} alerts delivered"
    )
    typer.echo(f"demo: how the story evolved: {r.report}")
    typer.echo(f"demo: look around: monitor history istanbul-talks --db {r.database}")
    typer.echo(f"demo: follow a claim: monitor timeline istanbul-talks --about 'United States' --db {r.database}")
    typer.echo(f"demo: in a browser: monitor serve --db {r.database}, then http://127.0.0.1:8000/watches/istanbul-talks")
