"""``monitor run``: the long-running process.

APScheduler drives the loop: a short tick that claims due watches from the
database (with a lease) and starts their checks, the alert outbox, a
heartbeat, and housekeeping. Nothing about which watch is due lives in this
process: it is all in the watch rows, so watches added, edited or removed
while the daemon runs take effect on the next tick, several daemons can
share one PostgreSQL database, and a daemon killed with SIGKILL loses
nothing: its leases expire and the work is claimed again.

Leases are short (30 s) and the daemon renews those of its checks in flight
every third of that, so a slow check keeps its watch while a dead daemon's
watches are taken over within the lease. When the database goes away the
daemon keeps running: checks in flight keep their results in memory until
they can be written (``CheckWriter``), no new work is claimed meanwhile,
leases it could not give back are given back once it returns, and the
outage is logged once (``run.outage``).

One page never holds up the others: work that can run long (a large diff or
extraction) runs in a worker process that is killed at ``check_timeout``,
failing that check with the reason, and ignore patterns have their own
budget (``sources.offload``, ``text.extract``). SIGTERM starts one
deadline for everything, ``shutdown_grace``: claiming stops, checks in
flight get half of it to finish, then the rest are cancelled, their workers
killed and their leases released; alert delivery (a pass in progress and the
last flush) gets what remains but two seconds, and an alert whose send is cut
off stays pending for the next start. The process exits 0 within
``shutdown_grace``, whatever a receiver does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.run.check import CheckReport, CheckSettings
from monitor.run.deliver import Deliverer
from monitor.run.logs import fields, setup_logging  # noqa: F401 - setup_logging: where callers found it
from monitor.run.outage import Outage
from monitor.run.round import Round, SharedHostGate
from monitor.store import (
    Claim,
    Engine,
    apply_retention,
    claim_due,
    count_watches,
    fair_share,
    heartbeat,
    list_watches,
    live_workers,
    prune_checks,
    prune_workers,
    release_lease,
    remove_worker,
    renew_leases,
    session_scope,
    utcnow,
)
from monitor.store.engine import StoreError, check_database_file, unavailable

if TYPE_CHECKING:
    from monitor.run.metrics import DaemonMetrics

log = logging.getLogger("monitor")


@dataclass(frozen=True)
class DaemonSettings:
    """How the daemon paces itself; one home for each default."""

    tick: float = 1.0  # seconds between claims of due watches
    max_in_flight: int = 50  # checks running at once
    lease_seconds: float = 30.0  # a dead daemon's claims come back after this; renewed while checks run
    per_host: int = 4  # concurrent requests to one host
    host_gap: float = 0.2  # least seconds between two requests to one host
    outbox_every: float = 2.0
    heartbeat_every: float = 10.0
    housekeeping_every: float = 300.0
    keep_checks_days: float = 30.0
    shutdown_grace: float = 15.0  # SIGTERM to exit, at most, for everything; checks in flight get half
    check_timeout: float = 30.0  # a diff or extraction in a worker past this is killed; the check fails
    worker_memory_mb: int = 1024  # address space of one worker process
    # Processes that extract pages; None: one per core but one, once there
    # are enough watches for it to matter (sources.offload.pool_workers).
    extract_workers: int | None = None


@dataclass
class Counters:
    started: float = field(default_factory=time.monotonic)
    checks: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)

    def add(self, r: CheckReport) -> None:
        self.checks += 1
        self.by_outcome[r.outcome] = self.by_outcome.get(r.outcome, 0) + 1


def log_check(r: CheckReport, fmt: str = "text") -> None:
    """One line per check: watch, outcome, duration (and what changed); in JSON, every field of the report.
    ``fmt`` is no longer needed (the handler's formatter decides) and kept for callers that pass it."""
    extra = ""
    if r.version is not None:
        extra += f" version={r.version}"
    if r.changes:
        extra += f" changes={r.changes}"
    if r.alerts:
        extra += f" alerts={r.alerts}"
    if r.error:
        extra += f" error={r.error!r}"
    log.info(f"check watch={r.watch} outcome={r.outcome} ms={r.duration_ms}{extra}",
             extra=fields(event="check", **r.to_dict()))


class Daemon:
    """One daemon process. Collaborators are passed in: the engine, the
    settings, the alert deliverer and the clock."""

    def __init__(
        self,
        engine: Engine,
        *,
        settings: DaemonSettings | None = None,
        check_settings: CheckSettings | None = None,
        deliver: Callable[[], Awaitable[int]] | None = None,
        deliverer: Deliverer | None = None,
        log_format: str = "text",
        on_check: Callable[[CheckReport], None] | None = None,
        clock: Callable[[], datetime] = utcnow,
        worker_id: str | None = None,
        metrics: DaemonMetrics | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings or DaemonSettings()
        self.check_settings = check_settings or CheckSettings()
        # A ``Deliverer`` is run in a thread and told the shutdown deadline; a bare
        # ``deliver`` coroutine (tests) is only bounded by ``asyncio.wait_for``.
        self.deliverer = deliverer
        if deliver is None and deliverer is not None:
            deliver = partial(asyncio.to_thread, deliverer.deliver_due)
        self.deliver = deliver
        self._flushing = False
        self._flush_again = False
        self.log_format = log_format
        self.on_check = on_check
        self.metrics = metrics
        self.clock = clock
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.counters = Counters()
        self.in_flight: dict[asyncio.Task, Claim] = {}
        self.stopping = asyncio.Event()
        self._claiming = False
        self.outage = Outage()
        # Leases to give back that could not be given back yet (the database was away).
        self._to_release: dict[int, str] = {}
        self.workers = 1  # daemons sharing the database, as of the last heartbeat
        self._share, self._share_at = 0, float("-inf")  # this daemon's fair share, and when it was counted
        self._stop_by: float | None = None
        self.exit_code = 0

    # -- the loop ----------------------------------------------------------

    async def run(self) -> int:
        from monitor.sources.offload import Limits

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
                loop.add_signal_handler(sig, self.stop)
        workers = self.settings.extract_workers
        if workers is None:
            from monitor.sources.offload import pool_workers

            workers = pool_workers(await asyncio.to_thread(self._enabled_watches))
        # The host budget holds across every daemon on the database (store.hosts).
        self.gate = SharedHostGate(self.engine, self.worker_id, self.settings.per_host, self.settings.host_gap,
                                   hold_seconds=self.settings.lease_seconds)
        async with Round(
            self.engine, settings=self.check_settings, worker_id=self.worker_id, clock=self.clock,
            concurrency=self.settings.max_in_flight, per_host=self.settings.per_host, extract_workers=workers,
            limits=Limits(self.settings.check_timeout, self.settings.worker_memory_mb),
            gate=self.gate,
            on_unavailable=self.outage.writer,
        ) as round_:
            self._round = round_
            if self.metrics is not None:
                self.metrics.track_workers(round_.worker_restarts)
            sched = AsyncIOScheduler()
            s = self.settings
            now = datetime.now().astimezone()
            sched.add_job(self.tick, "interval", seconds=s.tick, id="tick", max_instances=1,
                          coalesce=True, next_run_time=now)
            if self.deliver is not None:
                sched.add_job(self.flush_outbox, "interval", seconds=s.outbox_every, id="outbox",
                              max_instances=1, coalesce=True, next_run_time=now)
            sched.add_job(self.beat, "interval", seconds=s.heartbeat_every, id="heartbeat",
                          max_instances=1, coalesce=True, next_run_time=now)
            sched.add_job(self.renew, "interval", seconds=s.lease_seconds / 3, id="leases",
                          max_instances=1, coalesce=True)
            sched.add_job(self.housekeeping, "interval", seconds=s.housekeeping_every, id="housekeeping",
                          max_instances=1, coalesce=True)
            sched.start()
            log.info(f"daemon {self.worker_id} started: tick {s.tick}s, lease {s.lease_seconds:g}s, "
                     f"up to {s.max_in_flight} checks in flight, "
                     + (f"{workers} extraction process{'es' if workers != 1 else ''}" if workers
                        else "extracting in-process"))
            try:
                await self.stopping.wait()
            finally:
                sched.shutdown(wait=False)
                await self._drain()
        return self.exit_code

    def _enabled_watches(self) -> int:
        with session_scope(self.engine) as s:
            return count_watches(s, enabled=True)

    def stop(self) -> None:
        if not self.stopping.is_set():
            log.info("stopping: no new claims; finishing checks in flight")
            self._stop_by = time.monotonic() + self.settings.shutdown_grace
            if self.deliverer is not None:
                # A send in progress (to a receiver that may never answer) is bound by it too.
                self.deliverer.stop_by = self._stop_by - 2.0
            self.stopping.set()

    async def tick(self) -> None:
        """Claims as many due watches as there is room for and starts them."""
        if self.stopping.is_set() or self._claiming:
            return
        try:
            check_database_file(self.engine)  # one stat: a deleted SQLite file must not swallow the results
        except StoreError as e:
            log.error(str(e))
            self.exit_code = 2
            self.stop()
            return
        room = self.settings.max_in_flight - len(self.in_flight)
        if room <= 0 or self._round.held:  # results wait for the database: claim nothing new till they are in
            return
        self._claiming = True
        try:
            claims = await asyncio.to_thread(self._claim, room)
        except Exception as e:  # a database hiccup must not end the daemon
            self._failed("claiming", e)
            return
        finally:
            self._claiming = False
        self.outage.ok("claiming")
        for c in claims:
            task = asyncio.create_task(self._check(c))
            self.in_flight[task] = c
            task.add_done_callback(self._done)

    def _claim(self, room: int) -> list[Claim]:
        """Up to ``room`` due watches, but no more than this daemon's share of them when
        others share the database (``store.fair_share``)."""
        if self.workers > 1:
            # Counted once a tick, not before each claim: a check that ends claims again at
            # once, and counting before each of those cost two queries per check.
            if time.monotonic() - self._share_at >= self.settings.tick:
                self._share = fair_share(self.engine, workers=self.workers, holding=len(self.in_flight),
                                         backlog_after=2 * self.settings.tick + 1, now=self.clock())
                self._share_at = time.monotonic()
            room = min(room, self._share)
            if room <= 0:
                return []
        claims = claim_due(self.engine, self.worker_id, limit=room, lease_seconds=self.settings.lease_seconds,
                           now=self.clock())
        self._share -= len(claims)
        return claims

    async def _check(self, claim: Claim) -> CheckReport:
        if self.metrics is not None:
            self.metrics.started(claim.watch.next_due, self.clock())
        return await self._round.check(claim)

    def _done(self, task: asyncio.Task) -> None:
        claim = self.in_flight.pop(task, None)
        if self.metrics is not None and (task.cancelled() or task.exception() is not None):
            self.metrics.abandoned()
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            name = claim.watch.name if claim else "?"
            reason = unavailable(exc)
            if reason is not None:  # it read the database mid-check; checked again once it is back
                self.outage.failed(f"checking {name}", reason)
            else:
                log.error(f"check of {name} crashed: {type(exc).__name__}: {exc}")
            if claim is not None:
                # Give the watch back soon instead of waiting for the lease (at the next
                # renewal, or when the database is back).
                self._to_release[claim.watch.id or 0] = claim.token
            return
        report: CheckReport = task.result()
        if not self.stopping.is_set():
            # Claim the freed slot now rather than at the next tick: otherwise
            # throughput is capped at max_in_flight / tick checks per second.
            asyncio.get_running_loop().create_task(self.tick())
            if report.alerts and self.deliver is not None:
                # The first change of a quiet story goes out now, not at the next outbox pass.
                asyncio.get_running_loop().create_task(self.flush_outbox())
        self.counters.add(report)
        if self.metrics is not None:
            self.metrics.checked(report)
        log_check(report, self.log_format)
        if self.on_check:
            self.on_check(report)

    async def _drain(self) -> None:
        """Finish (or give back) the checks in flight, then flush the outbox, all
        within ``shutdown_grace`` of the stop: checks get half of it."""
        grace = self.settings.shutdown_grace
        stop_by = self._stop_by or time.monotonic() + grace
        if self.deliverer is not None:
            self.deliverer.stop_by = stop_by - 2.0
        if self.in_flight:
            done, pending = await asyncio.wait(list(self.in_flight),
                                               timeout=max(0.0, stop_by - grace / 2 - time.monotonic()))
            for t in pending:
                claim = self.in_flight.get(t)
                t.cancel()
                if claim is not None:
                    self._to_release[claim.watch.id or 0] = claim.token
            await self._release_leftovers()
            if pending:
                log.info(f"released {len(pending)} unfinished checks for another daemon")
                await asyncio.gather(*pending, return_exceptions=True)
        if self.deliver is not None:
            # The flush is bounded too; what it does not send stays in the outbox.
            left = stop_by - time.monotonic() - 1.0
            try:
                await asyncio.wait_for(self.deliver(), timeout=max(0.5, left))
            except TimeoutError:
                log.warning("final outbox flush cut short; the rest is sent at the next start")
            except Exception as e:
                log.warning(f"final outbox flush failed: {e}")
        try:
            await asyncio.to_thread(self._forget)
        except Exception as e:
            log.warning(f"could not remove the heartbeat row: {e}")
        log.info(f"stopped after {self.counters.checks} checks")

    def _forget(self) -> None:
        with session_scope(self.engine, write=True) as s:
            remove_worker(s, self.worker_id)

    # -- periodic jobs -----------------------------------------------------

    async def flush_outbox(self) -> None:
        """One outbox pass; asked for while one runs, another follows it rather than running alongside."""
        if self.deliver is None:
            return
        if self._flushing:
            self._flush_again = True
            return
        self._flushing = True
        try:
            again = True
            while again and not self.stopping.is_set():
                self._flush_again = False
                try:
                    await self.deliver()
                except asyncio.CancelledError:
                    if not self.stopping.is_set():
                        raise
                    # A pass still running when the daemon exits is cancelled with the loop; what it
                    # did not send stays in the outbox. Not an error for the scheduler to log with a
                    # traceback (seen when a deleted database file stops the daemon mid-pass).
                    return
                except Exception as e:
                    self._failed("outbox delivery", e)
                again = self._flush_again
        finally:
            self._flushing = False

    def _failed(self, what: str, e: Exception) -> None:
        reason = unavailable(e)
        if reason is not None:
            self.outage.failed(what, reason)
        else:
            log.warning(f"{what} failed: {e}")

    async def renew(self) -> None:
        """The lease heartbeat: every claim in flight extended by a whole lease, in
        one statement, so a check however slow keeps its watch while this
        process lives. Leases given up while the database was away go back too."""
        await self._release_leftovers()
        tokens = [c.token for c in self.in_flight.values()]
        if not tokens:
            return
        try:
            held = await asyncio.to_thread(renew_leases, self.engine, tokens,
                                           lease_seconds=self.settings.lease_seconds, now=self.clock())
            await asyncio.to_thread(self.gate.renew)
        except Exception as e:
            self._failed("renewing leases", e)
            return
        self.outage.ok("renewing leases")
        if held < len(tokens):
            log.debug(f"{len(tokens) - held} of {len(tokens)} leases in flight were lost to another worker")

    async def _release_leftovers(self) -> None:
        for watch_id, token in list(self._to_release.items()):
            try:
                await asyncio.to_thread(release_lease, self.engine, watch_id, token)
            except Exception as e:
                self._failed("giving back a lease", e)
                return
            self._to_release.pop(watch_id, None)

    async def beat(self) -> None:
        def write() -> int:
            now = self.clock()
            with session_scope(self.engine, write=True) as s:
                heartbeat(s, self.worker_id, hostname=socket.gethostname(), pid=os.getpid(),
                          checks_done=self.counters.checks, now=now)
                # Silent for three heartbeats: dead, or cut off; its share is taken over.
                return live_workers(s, within=timedelta(seconds=3 * self.settings.heartbeat_every), now=now)

        try:
            self.workers = await asyncio.to_thread(write)
            self.gate.sharers = self.workers
            self.outage.ok("heartbeat")
        except Exception as e:
            self._failed("heartbeat", e)

    async def housekeeping(self) -> None:
        def work() -> tuple[int, int]:
            now = self.clock()
            pruned = 0
            with session_scope(self.engine, write=True) as s:
                for w in list_watches(s):
                    if w.keep_versions is not None or w.keep_days is not None:
                        pruned += apply_retention(s, w, now)
                checks = prune_checks(s, before=now - timedelta(days=self.settings.keep_checks_days))
                prune_workers(s, older_than=now - timedelta(days=1))
            return pruned, checks

        try:
            pruned, checks = await asyncio.to_thread(work)
            if pruned or checks:
                log.info(f"housekeeping: pruned {pruned} versions and {checks} old checks")
        except Exception as e:
            log.warning(f"housekeeping failed: {e}")
