"""``monitor check``: one round now, over named watches or every enabled one.

The watches are leased exactly as the daemon leases them, so a manual check
next to a running daemon never reads one watch twice at once: a watch the
daemon holds is reported as busy and left to it. Results are recorded
through the same pipeline, so the daemon and this command cannot disagree.

Exit status: 0 when every check ran (changed, unchanged, first or suspect),
1 when at least one check failed, 2 for trouble (unknown watch, bad database).
Alerts found are queued in the outbox; the daemon delivers them.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import typer

from monitor.cli import app, fail
from monitor.cli.common import console, db_option, engine_for, handled, print_json, watch_argument

if TYPE_CHECKING:
    from monitor.store.watches import WatchRef

# Summary order: what a user scans for first.
_ORDER = ("changed", "unchanged", "first", "suspect", "failed", "lease_lost", "busy")
_WORDS = {"first": "first version", "lease_lost": "lease lost", "busy": "busy elsewhere"}
FAILED = frozenset({"failed", "lease_lost"})


@app.command("check", rich_help_panel="Checks and results")
@handled
def check_cmd(
    refs: list[str] | None = watch_argument(many=True),
    all_: bool = typer.Option(False, "--all", help="Check every enabled watch."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per watch, in a list."),
    concurrency: int | None = typer.Option(None, "--concurrency", min=1,
                                           help="Requests in flight at once, in all (default 50)."),
    per_host: int | None = typer.Option(None, "--per-host", min=1,
                                        help="Requests in flight at once to one host (default 8)."),
    check_timeout: float | None = typer.Option(
        None, "--check-timeout", min=0.5,
        help="Seconds a diff or a large page's extraction may run before it is stopped and its check "
             "fails (default 30)."),
    feed_max_watches: int | None = typer.Option(None, "--feed-max-watches", min=0,
                                                help="Watches one feed may add in all (default 500)."),
    log_format: str | None = typer.Option(None, "--log-format",
                                          help="text or json: the form of the warnings written to stderr "
                                               "(json: one object per line; default: the bare message)."),
    db: str | None = db_option(),
) -> None:
    """Check watches now, concurrently, whether due or not.

    Exit status: 0 all checks ran, 1 some check failed, 2 trouble.
    """
    if log_format is not None:
        import logging

        from monitor.run.logs import FORMATS, setup_logging

        if log_format not in FORMATS:
            raise typer.BadParameter("choose text or json", param_hint="--log-format")
        setup_logging(log_format, logging.WARNING)
    if refs and all_:
        raise fail("give watch names or --all, not both")
    if not refs and not all_:
        raise fail("name the watches to check, or give --all to check every enabled watch")
    from monitor.store import session_scope, watch_refs

    with engine_for(db, must_exist=True) as engine:
        with session_scope(engine) as session:
            watches = _resolve(session, refs or []) if refs else watch_refs(session, enabled=True)
        if not watches:
            if as_json:
                print_json([])
            else:
                typer.echo("no enabled watches to check")
            return
        started = time.perf_counter()
        reports = run_round(engine, watches, progress=not as_json, concurrency=concurrency, per_host=per_host,
                            check_timeout=check_timeout, feed_max_watches=feed_max_watches)
        elapsed = time.perf_counter() - started
    if as_json:
        print_json(reports)
    else:
        for r in reports:
            typer.echo(report_line(r))
        typer.echo(summary_line(reports, elapsed))
    if any(r["outcome"] in FAILED for r in reports):
        raise typer.Exit(1)


def _resolve(session: Any, refs: list[str]) -> list[WatchRef]:
    """The named watches, each once, in the order given."""
    from monitor.store import get_watch
    from monitor.store.watches import WatchRef

    seen: dict[int, WatchRef] = {}
    for ref in refs:
        w = get_watch(session, ref)
        seen.setdefault(w.id or 0, WatchRef(w.id or 0, w.name, w.url))
    return list(seen.values())


def worker_name() -> str:
    import socket

    return f"cli:{socket.gethostname()}:{os.getpid()}"


def run_round(engine: Any, watches: list[WatchRef], *, progress: bool, concurrency: int | None = None,
              per_host: int | None = None, check_timeout: float | None = None,
              feed_max_watches: int | None = None) -> list[dict[str, Any]]:
    """``run.round.check_watches`` with a progress bar; one shown report dict per watch, in their order."""
    from monitor.run.check import CheckSettings
    from monitor.run.round import check_watches
    from monitor.sources.offload import Limits

    given = {"concurrency": concurrency, "per_host": per_host, "feed_max_watches": feed_max_watches}
    settings = CheckSettings(**{k: v for k, v in given.items() if v is not None})
    bar = _progress(enabled=progress)

    def claimed(n: int) -> None:
        # The modules and the watches stay until exit: the collector need not
        # keep walking them while thousands of checks allocate (see cli.main).
        gc.freeze()
        bar.start(n)

    try:
        reports = check_watches(engine, watches, worker_id=worker_name(), settings=settings,
                                limits=Limits(deadline=check_timeout) if check_timeout else None,
                                on_claimed=claimed, on_done=bar.advance)
    finally:
        bar.stop()
    return [shown_report(r.to_dict()) for r in reports]


def shown_report(r: dict[str, Any]) -> dict[str, Any]:
    """A check's report with its URL and error masked: it is printed, and may be piped into logs."""
    from monitor.config.secrets import mask_text, mask_url

    return {**r, "url": mask_url(r.get("url") or ""), "error": mask_text(r.get("error"))}


class _progress:
    """A progress bar on a terminal, nothing elsewhere: ``start(total)``, ``advance(report)``, ``stop()``."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        if not (self.enabled and total > 0 and os.isatty(1) and os.isatty(2)):
            return  # no terminal to draw on: do not even load rich
        con = console(stderr=True)
        if con.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                console=con, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("check", total=total)

    def advance(self, _report: Any) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def report_line(r: dict[str, Any]) -> str:
    """``✓ name: changed, 3 changes, version 4`` / ``✗ name: failed: HTTP 404 Not Found``."""
    from monitor.text.terminal import for_terminal

    r = {**r, "error": for_terminal(r.get("error"), one_line=True) or None}
    name, outcome, version = for_terminal(r["watch"], one_line=True), r["outcome"], r.get("version")
    at = f"version {version}" if version is not None else None
    if outcome == "changed":
        n = r.get("changes", 0)
        parts = [f"changed, {n} change{'s' if n != 1 else ''}", at]
        if r.get("alerts"):
            parts.append(f"{r['alerts']} alert{'s' if r['alerts'] != 1 else ''} queued")
        return f"✓ {name}: " + ", ".join(p for p in parts if p)
    if outcome == "unchanged":
        return f"✓ {name}: unchanged" + (f", {at}" if at else "")
    if outcome == "first":
        return f"✓ {name}: first version stored" + (f", {at}" if at else "")
    if outcome == "suspect":
        return f"! {name}: suspect, {r.get('error') or 'held for confirmation'}"
    if outcome == "busy":
        return f"- {name}: {r.get('error')}"
    return f"✗ {name}: {_WORDS.get(outcome, outcome)}: {r.get('error') or 'no details'}"


def summary_line(reports: list[dict[str, Any]], seconds: float) -> str:
    """``checked 12 watches in 1.4 s: 3 changed, 8 unchanged, 1 failed``."""
    counts = Counter(r["outcome"] for r in reports)
    parts = [f"{counts[k]} {_WORDS.get(k, k)}" for k in _ORDER if counts[k]]
    parts += [f"{n} {k}" for k, n in counts.items() if k not in _ORDER]
    n = len(reports)
    return f"checked {n} watch{'es' if n != 1 else ''} in {seconds:.1f} s: " + ", ".join(parts)
