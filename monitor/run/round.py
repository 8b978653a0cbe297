"""One round of checks: the one code path under ``monitor check`` and the daemon.

A ``Round`` holds what concurrent checks share while it is open: one fetch
context (connection pools, extraction workers, the limits of a long job),
one result writer and, for the daemon, a per-host gate. ``Round.check``
runs one claimed watch through ``check.check_one``. The daemon keeps one
round open for its life and feeds it claims as they come due;
``check_claims`` opens one for a batch of claims; ``check_watches`` leases
named watches first, checks them and gives back what it did not record.

Progress is reported through callbacks (``on_claimed`` with the number of
watches leased, ``on_done`` with each report), so a progress bar, a log line
or a web page can follow a round without the round knowing which.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from monitor.run.check import CheckReport, CheckSettings, check_one
from monitor.run.jobs import DIFF_MODULES, stoppable_diff
from monitor.sources.offload import Limits
from monitor.store import (
    CheckWriter,
    Claim,
    Engine,
    Taken,
    claim_watches,
    lease_owner,
    release_host_slot,
    release_lease,
    renew_host_slots,
    take_host_slot,
    utcnow,
)
from monitor.store.engine import reachable, unavailable
from monitor.store.watches import WatchRef
from monitor.store.writer import RETRY_FIRST, RETRY_MOST

OnDone = Callable[[CheckReport], None]


class HostGate:
    """Per-host politeness: at most ``limit`` requests at once to one host,
    and at least ``gap`` seconds between the starts of two of them."""

    def __init__(self, limit: int, gap: float) -> None:
        self.limit, self.gap = limit, gap
        self._sems: dict[str, asyncio.Semaphore] = {}
        self._next: dict[str, float] = {}

    def _host(self, url: str) -> str:
        return urlsplit(url).netloc.lower() if "://" in url else "file"

    async def run(self, url: str, fn: Callable[[], Awaitable]):
        host = self._host(url)
        sem = self._sems.setdefault(host, asyncio.Semaphore(self.limit))
        async with sem:
            if host != "file":
                await self._pace(host)
            return await fn()

    async def _pace(self, host: str) -> None:
        if self.gap > 0:
            loop = asyncio.get_running_loop()
            now = loop.time()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.gap
            if start > now:
                await asyncio.sleep(start - now)


class SharedHostGate(HostGate):
    """``HostGate`` whose budget holds for all daemons on the database together:
    each request also takes one of the host's slots there (``store.hosts``),
    held for at most ``hold_seconds`` unless renewed (``renew``, with the
    daemon's leases).

    Before asking the database a request waits for this process's part of
    the host's slots: ``limit`` divided by the daemons sharing the database
    (``sharers``, set from their heartbeats), so that about as many requests
    ask as there are slots. Each process asking for up to all of them left
    most askers polling: four daemons sharing 50 slots checked 88 pages a
    second where two checked 262.

    While the database is unavailable each process keeps to its own budget,
    as before, rather than stopping checks that are already running.
    """

    POLL_FIRST, POLL_MOST = 0.02, 0.1  # seconds between asks while the host is busy

    def __init__(self, engine: Engine, owner: str, limit: int, gap: float, *, hold_seconds: float) -> None:
        super().__init__(limit, gap)
        self.engine, self.owner, self.hold_seconds = engine, owner, hold_seconds
        self.sharers = 1
        self._busy: dict[str, int] = {}
        self._turn: dict[str, asyncio.Condition] = {}

    @property
    def part(self) -> int:
        """How many of a host's slots this process asks for at once."""
        return max(1, math.ceil(self.limit / max(1, self.sharers)))

    async def run(self, url: str, fn: Callable[[], Awaitable]):
        host = self._host(url)
        if host == "file":
            return await fn()
        turn = self._turn.setdefault(host, asyncio.Condition())
        async with turn:
            await turn.wait_for(lambda: self._busy.get(host, 0) < self.part)
            self._busy[host] = self._busy.get(host, 0) + 1
        try:
            taken = await self._take(host)
            try:
                return await fn()
            finally:
                if taken is not None and taken.token is not None:
                    with contextlib.suppress(Exception):  # unreleased, it expires with the lease
                        await asyncio.to_thread(release_host_slot, self.engine, host, taken.slot, taken.token)
        finally:
            async with turn:
                self._busy[host] -= 1
                turn.notify_all()

    async def _take(self, host: str) -> Taken | None:
        pause = self.POLL_FIRST
        while True:
            try:
                taken = await asyncio.to_thread(take_host_slot, self.engine, host, owner=self.owner, limit=self.limit,
                                                gap=self.gap, hold_seconds=self.hold_seconds)
            except Exception as e:
                if unavailable(e) is None:
                    raise
                await self._pace(host)  # the database is away: this process's own budget
                return None
            if taken.token is not None:
                return taken
            await asyncio.sleep(taken.wait if taken.wait > 0 else pause)
            pause = min(pause * 2, self.POLL_MOST)

    def renew(self) -> int:
        """Extend the slots of this process's requests still running (blocking)."""
        return renew_host_slots(self.engine, self.owner, hold_seconds=self.hold_seconds)


class Round:
    """An open round: ``async with Round(...) as r: await r.check(claim)``.

    ``concurrency`` and ``per_host`` bound the fetches (default: the check
    settings'); ``extract_workers``: processes to extract pages in
    (``sources.offload.pool_workers``), 0 for one thread here; ``limits``:
    the deadline and memory of a job that can run long.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        settings: CheckSettings | None = None,
        worker_id: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        concurrency: int | None = None,
        per_host: int | None = None,
        extract_workers: int = 0,
        limits: Limits | None = None,
        gate: HostGate | None = None,
        on_done: OnDone | None = None,
        on_unavailable: Callable[[str | None], None] | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings or CheckSettings()
        self.worker_id = worker_id
        self.clock = clock
        self.concurrency = concurrency or self.settings.concurrency
        self.per_host = per_host or self.settings.per_host
        self.extract_workers = extract_workers
        self.limits = limits
        self.gate = gate
        self.on_done = on_done
        self.on_unavailable = on_unavailable
        self._writer: CheckWriter | None = None
        self._ctx: Any = None
        self._diff: Callable[[str, str], Any] | None = None
        self._stack = AsyncExitStack()
        self._waiting = 0

    async def __aenter__(self) -> Round:
        from monitor.sources.fetch import FetchContext

        # Closed in the reverse order of opening, as nested ``async with`` would.
        # Workers import the diff engine before their first job, not inside its deadline.
        limits = replace(self.limits or Limits(), preload=DIFF_MODULES)
        async with AsyncExitStack() as opening:
            self._writer = await opening.enter_async_context(
                CheckWriter(self.engine, on_unavailable=self.on_unavailable))
            self._ctx = await opening.enter_async_context(
                FetchContext(concurrency=self.concurrency, per_host=self.per_host,
                             extract_workers=self.extract_workers, limits=limits,
                             policy=self.settings.addresses))
            self._diff = stoppable_diff(self._ctx)
            self._stack = opening.pop_all()  # both open: this round owns them now
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._stack.__aexit__(*exc)

    def worker_restarts(self) -> int:
        """Extraction worker processes replaced so far (a deadline, memory, a crash), for the metrics."""
        return self._ctx.offload.restarts if self._ctx is not None else 0

    @property
    def held(self) -> int:
        """Checks waiting for the database to come back: results the writer keeps
        (``CheckWriter.held``) and checks that could not read what they compare with."""
        return (self._writer.held if self._writer is not None else 0) + self._waiting

    async def check(self, claim: Claim) -> CheckReport:
        """Check one claimed watch and record its result under the claim's lease.

        The host gate covers the fetch alone. With ``on_unavailable`` set (the
        daemon), a check whose comparison or write finds the database gone keeps
        the page it fetched and runs again from there once the database is
        back, so a version seen during an outage is not lost; without it (a
        manual check) the error ends the check.
        """
        ctx = self._ctx
        fetched: list[Any] = []

        async def fetch_once(watch: Any) -> Any:
            if not fetched:
                run = partial(ctx.fetch, watch)
                fetched.append(await (self.gate.run(watch.url, run) if self.gate is not None else run()))
            return fetched[0]

        while True:
            try:
                report = await check_one(self.engine, claim, fetch_once, settings=self.settings,
                                         worker_id=self.worker_id, clock=self.clock, writer=self._writer,
                                         cpu=ctx.cpu, diff=self._diff)
                break
            except Exception as e:
                reason = unavailable(e)
                if reason is None or self.on_unavailable is None:
                    raise
                self.on_unavailable(reason)
                await self._database_back()
        if self.on_done:
            self.on_done(report)
        return report

    async def _database_back(self) -> None:
        self._waiting += 1
        try:
            pause = RETRY_FIRST
            while await asyncio.to_thread(reachable, self.engine) is not None:
                await asyncio.sleep(pause)
                pause = min(pause * 2, RETRY_MOST)
        finally:
            self._waiting -= 1

    async def check_all(self, claims: Sequence[Claim]) -> list[CheckReport]:
        """Every claim checked once, concurrently; the reports in the claims' order."""
        return list(await asyncio.gather(*(self.check(c) for c in claims)))


async def check_claims(
    engine: Engine,
    claims: Sequence[Claim],
    *,
    settings: CheckSettings | None = None,
    worker_id: str | None = None,
    clock: Callable[[], datetime] = utcnow,
    on_done: OnDone | None = None,
    extract_workers: int = 0,
    limits: Limits | None = None,
) -> list[CheckReport]:
    """One round: every claimed watch checked once, concurrently, each result
    recorded under its own lease."""
    async with Round(engine, settings=settings, worker_id=worker_id, clock=clock, on_done=on_done,
                     extract_workers=extract_workers, limits=limits) as r:
        return await r.check_all(claims)


def check_watches(
    engine: Engine,
    watches: Sequence[WatchRef],
    *,
    worker_id: str,
    settings: CheckSettings | None = None,
    limits: Limits | None = None,
    on_claimed: Callable[[int], None] | None = None,
    on_done: OnDone | None = None,
) -> list[CheckReport]:
    """Lease, check and record these watches now, due or not: one report per
    watch, in their order. A watch another worker holds is not checked: its
    report says ``busy`` and who holds it.

    Leases still held when the round ends early (Ctrl-C, a crash) are given
    back at once, rather than keeping the daemon off those watches until
    they expire; for a recorded check the release is a no-op.
    """
    from monitor.sources.offload import pool_workers

    claims = claim_watches(engine, worker_id, [w.id for w in watches])
    if on_claimed:
        on_claimed(len(claims))
    done: list[CheckReport] = []
    try:
        if claims:
            done = asyncio.run(check_claims(engine, claims, settings=settings, worker_id=worker_id, on_done=on_done,
                                            extract_workers=pool_workers(len(claims)), limits=limits))
    finally:
        # A recorded check released its lease with its result; give back only
        # the ones that were not recorded (Ctrl-C, a crash, a lost lease).
        recorded = {r.watch_id for r in done if not r.lease_lost}
        for c in claims:
            if c.watch.id not in recorded:
                release_lease(engine, c.watch.id or 0, c.token)
    by_id = {r.watch_id: r for r in done}
    return [by_id[w.id] if w.id in by_id else _busy(engine, w) for w in watches]  # reports are of claimed watches


def _busy(engine: Engine, w: WatchRef) -> CheckReport:
    owner = lease_owner(engine, w.id)
    return CheckReport(watch_id=w.id, watch=w.name, url=w.url, outcome="busy", duration_ms=0,
                       error=f"being checked by {owner or 'another worker'}; left to it")
