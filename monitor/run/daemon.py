"""``monitor run``: the long-running process.

APScheduler drives the loop: a short tick that claims due watches from the
database (with a lease) and starts their checks, the alert outbox, a
heartbeat, and housekeeping. Nothing about which watch is due lives in this
process: it is all in the watch rows, so watches added, edited or removed
while the daemon runs take effect on the next tick, several daemons can
share one PostgreSQL database, and a daemon killed with SIGKILL loses
nothing: its leases expire and the work is claimed again.

One page never holds up the others: work that can run long (a large diff or
extraction) runs in a worker process that is killed at ``check_timeout``,
failing that check with the reason, and ignore patterns have their own
budget (``sources.offload``, ``text.extract``). SIGTERM stops claiming,
gives checks in flight half of ``shutdown_grace`` to finish, then cancels
the rest, kills their workers and releases their leases; the last outbox
flush gets what remains, so the process exits 0 within ``shutdown_grace``.
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
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.run.check import CheckReport, CheckSettings
from monitor.run.logs import fields, setup_logging  # noqa: F401 - setup_logging: where callers found it
from monitor.run.round import HostGate, Round
from monitor.store import (
    Claim,
    Engine,
    apply_retention,
    claim_due,
    count_watches,
    heartbeat,
    list_watches,
    prune_checks,
    prune_workers,
    release_lease,
    remove_worker,
    session_scope,
    utcnow,
)
from monitor.store.engine import StoreError, check_database_file

if TYPE_CHECKING:
    from monitor.run.metrics import DaemonMetrics

log = logging.getLogger("monitor")


@dataclass(frozen=True)
class DaemonSettings:
    """How the daemon paces itself; one home for each default."""

    tick: float = 1.0  # seconds between claims of due watches
    max_in_flight: int = 50  # checks running at once
    lease_seconds: float = 300.0  # a dead daemon's claims come back after this
    per_host: int = 4  # concurrent requests to one host
    host_gap: float = 0.2  # least seconds between two requests to one host
    outbox_every: float = 2.0
    heartbeat_every: float = 10.0
    housekeeping_every: float = 300.0
    keep_checks_days: float = 30.0
    shutdown_grace: float = 20.0  # SIGTERM to exit, at most; checks in flight get half of it
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
        log_format: str = "text",
        on_check: Callable[[CheckReport], None] | None = None,
        clock: Callable[[], datetime] = utcnow,
        worker_id: str | None = None,
        metrics: DaemonMetrics | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings or DaemonSettings()
        self.check_settings = check_settings or CheckSettings()
        self.deliver = deliver
        self.log_format = log_format
        self.on_check = on_check
        self.metrics = metrics
        self.clock = clock
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.counters = Counters()
        self.in_flight: dict[asyncio.Task, Claim] = {}
        self.stopping = asyncio.Event()
        self._claiming = False
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
        async with Round(
            self.engine, settings=self.check_settings, worker_id=self.worker_id, clock=self.clock,
            concurrency=self.settings.max_in_flight, per_host=self.settings.per_host, extract_workers=workers,
            limits=Limits(self.settings.check_timeout, self.settings.worker_memory_mb),
            gate=HostGate(self.settings.per_host, self.settings.host_gap),
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
            sched.add_job(self.housekeeping, "interval", seconds=s.housekeeping_every, id="housekeeping",
                          max_instances=1, coalesce=True)
            sched.start()
            log.info(f"daemon {self.worker_id} started: tick {s.tick}s, up to {s.max_in_flight} checks in flight, "
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
        if room <= 0:
            return
        self._claiming = True
        try:
            claims = await asyncio.to_thread(
                claim_due, self.engine, self.worker_id, limit=room,
                lease_seconds=self.settings.lease_seconds, now=self.clock(),
            )
        except Exception as e:  # a database hiccup must not end the daemon
            log.warning(f"claiming failed: {e}")
            return
        finally:
            self._claiming = False
        for c in claims:
            task = asyncio.create_task(self._check(c))
            self.in_flight[task] = c
            task.add_done_callback(self._done)

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
            log.error(f"check of {name} crashed: {type(exc).__name__}: {exc}")
            if claim is not None:
                # Give the watch back at once instead of waiting for the lease.
                asyncio.get_running_loop().run_in_executor(
                    None, release_lease, self.engine, claim.watch.id, claim.token
                )
            return
        report: CheckReport = task.result()
        if not self.stopping.is_set():
            # Claim the freed slot now rather than at the next tick: otherwise
            # throughput is capped at max_in_flight / tick checks per second.
            asyncio.get_running_loop().create_task(self.tick())
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
        if self.in_flight:
            done, pending = await asyncio.wait(list(self.in_flight),
                                               timeout=max(0.0, stop_by - grace / 2 - time.monotonic()))
            for t in pending:
                claim = self.in_flight.get(t)
                t.cancel()
                if claim is not None:
                    await asyncio.to_thread(release_lease, self.engine, claim.watch.id, claim.token)
            if pending:
                log.info(f"released {len(pending)} unfinished checks for another daemon")
                await asyncio.gather(*pending, return_exceptions=True)
        if self.deliver is not None:
            # The flush is bounded too; what it does not send stays in the outbox.
            left = stop_by - time.monotonic() - 2.0
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
        if self.deliver is None:
            return
        try:
            await self.deliver()
        except Exception as e:
            log.warning(f"outbox delivery failed: {e}")

    async def beat(self) -> None:
        def write() -> None:
            with session_scope(self.engine, write=True) as s:
                heartbeat(s, self.worker_id, hostname=socket.gethostname(), pid=os.getpid(),
                          checks_done=self.counters.checks, now=self.clock())

        try:
            await asyncio.to_thread(write)
        except Exception as e:
            log.warning(f"heartbeat failed: {e}")

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
