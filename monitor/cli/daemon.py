"""``monitor run`` and ``monitor status``."""

from __future__ import annotations

import asyncio
import json

import typer

from monitor.cli import app
from monitor.errors import MonitorError


@app.command("run", rich_help_panel="Daemon")
def run_cmd(
    db: str | None = typer.Option(None, "--db", help="Database URL or SQLite path."),
    max_in_flight: int = typer.Option(50, "--max-in-flight", min=1, help="Checks running at once."),
    per_host: int = typer.Option(4, "--per-host", min=1, help="Concurrent requests to one host."),
    host_gap: float = typer.Option(0.2, "--host-gap", min=0.0, help="Least seconds between requests to one host."),
    tick: float = typer.Option(1.0, "--tick", min=0.05, help="Seconds between claims of due watches."),
    lease: float = typer.Option(30.0, "--lease", min=1.0,
                                help="Seconds a claim lasts unrenewed; the daemon renews its claims every third of it, "
                                     "and a dead daemon's work is taken over after it."),
    extract_workers: int | None = typer.Option(
        None, "--extract-workers", min=0,
        help="Processes that extract pages (0: in the daemon's own process). "
             "Default: one per CPU but one (at most 4), with 100 watches or more."),
    check_timeout: float = typer.Option(
        30.0, "--check-timeout", min=0.5,
        help="Seconds a diff or a large page's extraction may run in a worker before it is killed "
             "and the check fails."),
    feed_max_watches: int | None = typer.Option(None, "--feed-max-watches", min=0,
                                                help="Watches one feed may add in all (default 500)."),
    log_format: str = typer.Option("text", "--log-format", help="text or json (one object per line)."),
    metrics_port: int | None = typer.Option(
        None, "--metrics-port", min=0, max=65535, metavar="PORT",
        help="Serve Prometheus metrics at http://HOST:PORT/metrics (0: any free port, logged at start)."),
    metrics_host: str = typer.Option("127.0.0.1", "--metrics-host", metavar="HOST",
                                     help="Address the metrics listen on (default: this machine only)."),
    refuse_private: bool = typer.Option(
        False, "--refuse-private",
        help="Refuse to read pages from this machine or a private network (loopback, private, link-local "
             "addresses), checked at each connection: for watches added through `monitor serve --allow-remote`."),
    allow_host: list[str] | None = typer.Option(None, "--allow-host", metavar="HOST",
                                                help="With --refuse-private: a host that may have such an address "
                                                     "(repeatable)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Log warnings only."),
) -> None:
    """Run the daemon: check every watch on its schedule and deliver alerts.

    Stops cleanly on SIGTERM or Ctrl-C, within 15 s whatever a receiver does: no new
    claims, checks in flight are finished (or stopped and handed back), the alert
    outbox is flushed; an alert whose delivery is cut off stays pending.
    """
    import logging

    from monitor.notify.payload import DEFAULT_NOTIFIERS
    from monitor.run.check import CheckSettings
    from monitor.run.daemon import Daemon, DaemonSettings
    from monitor.run.deliver import Deliverer
    from monitor.run.logs import FORMATS, fields, log_uncaught, setup_logging
    from monitor.sources.addresses import AddressPolicy
    from monitor.store import database_url, get_engine

    if log_format not in FORMATS:
        raise typer.BadParameter("choose text or json", param_hint="--log-format")
    setup_logging(log_format, logging.WARNING if quiet else logging.INFO)
    feed_limit = {} if feed_max_watches is None else {"feed_max_watches": feed_max_watches}
    if allow_host and not refuse_private:
        raise MonitorError("--allow-host goes with --refuse-private (without it no host is refused)")
    addresses = (AddressPolicy(refuse_private=True, allow_hosts=frozenset(h.lower() for h in allow_host or ()))
                 if refuse_private else None)
    metrics = None
    try:  # every failure in the log's own format (one JSON line), not as a bare traceback
        engine = get_engine(database_url(db))
        build = None
        if metrics_port is not None:
            from monitor.notify.registry import build as registry_build
            from monitor.run.metrics import DaemonMetrics

            metrics = DaemonMetrics(engine)
            build = metrics.counting(registry_build)
            try:
                host, port = metrics.serve(metrics_port, metrics_host)
            except OSError as e:
                raise MonitorError(f"--metrics-port {metrics_port}: cannot listen on {metrics_host}: "
                                   f"{e.strerror or e}") from None
            logging.getLogger("monitor").info(f"metrics at http://{host}:{port}/metrics",
                                              extra=fields(event="metrics", host=host, port=port))
        deliverer = Deliverer(engine, defaults=DEFAULT_NOTIFIERS, build=build)
        daemon = Daemon(
            engine,
            settings=DaemonSettings(tick=tick, max_in_flight=max_in_flight, per_host=per_host,
                                    host_gap=host_gap, lease_seconds=lease, extract_workers=extract_workers,
                                    check_timeout=check_timeout),
            deliverer=deliverer,
            check_settings=CheckSettings(**feed_limit, addresses=addresses),
            log_format=log_format,
            metrics=metrics,
        )
        code = asyncio.run(daemon.run())
    except Exception as e:
        log_uncaught(e)
        code = 2 if isinstance(e, MonitorError) else 1
    finally:
        if metrics is not None:
            metrics.close()
    raise typer.Exit(code)


@app.command("status", rich_help_panel="Daemon")
def status_cmd(
    db: str | None = typer.Option(None, "--db", help="Database URL or SQLite path."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Daemons alive, checks per minute, failing watches, outbox backlog."""
    from monitor.cli.common import engine_for
    from monitor.views.status import status

    # A read command: a mistyped --db is an error, not a new empty database.
    with engine_for(db, must_exist=True) as engine:
        data = status(engine)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    alive = data["daemons_alive"]
    typer.echo(f"daemons alive:      {len(alive)}" + (f" ({', '.join(d['id'] for d in alive)})" if alive else ""))
    if data["daemons_silent"]:
        typer.echo(f"daemons silent:     {len(data['daemons_silent'])} (no heartbeat for over 90 s)")
    typer.echo(f"checks last minute: {data['checks_last_minute']}")
    typer.echo(f"watches:            {data['watches']} ({data['enabled']} enabled, {data['overdue']} overdue)")
    typer.echo(f"failing watches:    {len(data['failing'])}")
    from monitor.text.terminal import for_terminal as safe

    for f in data["failing"]:
        typer.echo(f"  {safe(f['name'], one_line=True)}: {f['failures']} failures, "
                   f"last: {safe(f['error'], one_line=True)}")
    ob = data["outbox"]
    typer.echo(f"outbox:             {ob.get('pending', 0)} pending, {ob.get('dead', 0)} dead, "
               f"{ob.get('delivered', 0)} delivered")
