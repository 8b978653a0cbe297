"""``monitor notifiers``, ``monitor notify test`` and ``monitor alerts``."""

from __future__ import annotations

import json

import typer

from monitor.cli import app

notify_app = typer.Typer(help="Try notifiers.", no_args_is_help=True)
app.add_typer(notify_app, name="notify", rich_help_panel="Alerts")


@app.command("notifiers", rich_help_panel="Alerts")
def notifiers_cmd(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """List the installed notifier kinds and their options (built-ins and plugins alike)."""
    from monitor.notify.registry import describe

    infos = describe()
    if as_json:
        typer.echo(json.dumps([
            {"kind": i.kind, "summary": i.summary,
             "options": [{"name": o.name, "type": o.type, "required": o.required,
                          "default": None if o.required else o.default, "description": o.description}
                         for o in i.options]}
            for i in infos], indent=2, default=str))
        return
    for i in infos:
        typer.echo(f"{i.kind}: {i.summary}")
        for o in i.options:
            dflt = "required" if o.required else f"default {o.default!r}"
            typer.echo(f"    {o.name} ({o.type}, {dflt}): {o.description}")


def _parse_sets(sets: list[str]) -> dict:
    out: dict = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


@notify_app.command("test")
def notify_test_cmd(
    kind: str = typer.Argument(..., help="Notifier kind (see 'monitor notifiers'), e.g. console, file, webhook."),
    sets: list[str] = typer.Option([], "--set", "-s", help="An option as KEY=VALUE (JSON values allowed)."),
) -> None:
    """Send a sample alert through one notifier, to check its configuration."""
    from monitor.config.secrets import mask_text
    from monitor.notify.base import DeliveryError
    from monitor.notify.registry import build
    from monitor.notify.sample import sample_alert

    notifier = build({"type": kind, **_parse_sets(sets)})
    try:
        notifier.send(sample_alert())
    except DeliveryError as e:
        typer.echo(f"monitor: error: {mask_text(str(e))} ({'transient' if e.transient else 'permanent'})", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"sent a sample alert through {kind}")


@app.command("alerts", rich_help_panel="Alerts")
def alerts_cmd(
    failed: bool = typer.Option(False, "--failed", help="List dead-lettered alerts."),
    retry: int | None = typer.Option(None, "--retry", help="Queue dead alert ID again."),
    send: bool = typer.Option(False, "--send", help="Deliver the alerts that are due now (what the daemon does "
                                                    "every few seconds), e.g. after 'monitor check' from cron."),
    db: str | None = typer.Option(None, "--db", help="Database URL or SQLite path."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The alert outbox: counts, dead letters (--failed), and re-sending one (--retry ID)."""
    from monitor.cli.common import engine_for
    from monitor.config.secrets import mask_text
    from monitor.store import (
        failed_alerts,
        outbox_counts,
        retry_alert,
        session_scope,
    )

    # The outbox lives in an existing database: a mistyped --db is an error, not a new empty one.
    with engine_for(db, must_exist=True) as engine:
        if send:
            from monitor.notify.payload import DEFAULT_NOTIFIERS
            from monitor.run.deliver import Deliverer

            sent = Deliverer(engine, defaults=DEFAULT_NOTIFIERS).deliver_due()
            with session_scope(engine) as s:
                left = outbox_counts(s)
            if as_json:
                from monitor.cli.common import print_json
                from monitor.views.results import delivered

                print_json(delivered(sent, left))
                return
            typer.echo(f"delivered {sent} alert{'s' if sent != 1 else ''}; {left.get('pending', 0)} pending "
                       f"(held back for debouncing or retrying), {left.get('dead', 0)} dead")
            return
        with session_scope(engine, write=retry is not None) as s:
            if retry is not None:
                a = retry_alert(s, retry)
                if as_json:
                    from monitor.cli.common import print_json
                    from monitor.views.results import retried

                    print_json(retried(retry, a.notifier, a.status))
                elif a.status == "delivered":
                    typer.echo(f"alert {retry} was already delivered; nothing to do")
                else:
                    typer.echo(f"alert {retry} queued again ({a.notifier}); the daemon sends it on its next pass")
                return
            if failed:
                rows = [{"id": a.id, "watch_id": a.watch_id, "notifier": a.notifier, "attempts": a.attempts,
                         "error": mask_text(a.last_error), "created_at": a.created_at.isoformat(),
                         "summary": mask_text(a.payload.get("summary"))} for a in failed_alerts(s)]
                if as_json:
                    typer.echo(json.dumps(rows, indent=2))
                elif not rows:
                    typer.echo("no dead-lettered alerts")
                else:
                    from monitor.text.terminal import for_terminal

                    for r in rows:
                        typer.echo(f"{r['id']:>5}  {r['notifier']:<10} {r['attempts']} attempts  "
                                   f"{for_terminal(r['error'], one_line=True)}")
                        typer.echo(f"       {for_terminal(r['summary'], one_line=True)}")
                return
            counts = outbox_counts(s)
    if as_json:
        typer.echo(json.dumps(counts))
    else:
        typer.echo(", ".join(f"{n} {k}" for k, n in counts.items()))
