"""One thread that records every check of a round (or of a daemon's life).

Many checks finishing at once used to mean many threads each opening a
transaction for a handful of rows. On SQLite they queue for the one write
lock, and SQLite's busy handler waits by sleeping, so they queued slowly; on
any backend each commit is a round trip. Here the results go into a queue
and one thread writes whatever has gathered in one transaction: a quiet
round of 1,000 unchanged checks becomes a few dozen commits.

Batching changes nothing a caller can see. Each check is still all-or-
nothing under its own lease: ``record_in`` proves the lease before it
writes, so a lost lease fails only that check; the plain results (no new
version, no alert: most of them) go in together through ``record_plain``,
which checks every lease first. A check is reported done
only after its transaction committed. If a batch fails for any other reason,
it is rolled back and every check in it written again on its own, so one bad
result cannot lose its neighbours'.

A batch that fails because the database is unavailable (server stopped or
restarting, connection dropped) is kept, in memory, and written again, as it
is, until the database is back: the checks wait, still holding their
leases, instead of failing and losing what they saw. ``held`` says how many
results wait so; ``on_unavailable`` hears the reason of each failed attempt
and ``None`` once the held results are written.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import col

from monitor.store.checks import CheckResult, Recorded, is_plain, record_in, record_plain, validate
from monitor.store.engine import session_scope, unavailable
from monitor.store.errors import LeaseLost
from monitor.store.locking import lock_in_id_order
from monitor.store.models import Watch

MAX_BATCH = 100  # checks per transaction; bounds how long SQLite's write lock is held
RETRY_FIRST, RETRY_MOST = 0.25, 2.0  # seconds between attempts while the database is unavailable


@dataclass
class _Job:
    watch_id: int
    token: str
    result: CheckResult
    worker_id: str | None
    done: Future[Recorded] = field(default_factory=Future)


_STOP = object()


class CheckWriter:
    """``await writer.record(...)`` is ``record_check`` with shared transactions.

    Use as a context manager (sync or async); leaving it writes what is
    queued, then stops the thread.
    """

    def __init__(self, engine: Engine, *, max_batch: int = MAX_BATCH,
                 on_unavailable: Callable[[str | None], None] | None = None) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self.on_unavailable = on_unavailable
        self.batches = 0  # transactions committed, for tests and benchmarks
        self.held = 0  # results waiting for the database to come back
        self._queue: queue.SimpleQueue[_Job | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="check-writer", daemon=True)
        self._closed = False
        self._gate = threading.Lock()  # a job is queued before the stop mark, or refused
        self._thread.start()

    def submit(self, watch_id: int, token: str, result: CheckResult, *,
               worker_id: str | None = None) -> Future[Recorded]:
        """Queue one check's result; the future gives its ``Recorded`` or raises ``LeaseLost``."""
        validate(result)  # a malformed result is the caller's bug: say so now, not in the batch
        job = _Job(watch_id, token, result, worker_id)
        with self._gate:
            if self._closed:
                raise RuntimeError("the check writer is closed")
            self._queue.put(job)
        return job.done

    async def record(self, watch_id: int, token: str, result: CheckResult, *,
                     worker_id: str | None = None) -> Recorded:
        return await asyncio.wrap_future(self.submit(watch_id, token, result, worker_id=worker_id))

    def close(self) -> None:
        with self._gate:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._thread.join()

    def __enter__(self) -> CheckWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> CheckWriter:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.close)

    # -- the thread -----------------------------------------------------------

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is _STOP:
                return
            batch: list[_Job] = [first]  # type: ignore[list-item]
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                batch.append(more)  # type: ignore[arg-type]
            self._write_held(batch)

    def _write_held(self, batch: list[_Job]) -> None:
        """Write ``batch``; while the database is unavailable, keep it and try again
        (until the writer is closed: then the checks fail with the reason)."""
        pause = RETRY_FIRST
        while True:
            reason = self._write(batch, hold=not self._closed)
            if reason is None:
                break
            self.held = len(batch)
            if self.on_unavailable is not None:
                self.on_unavailable(reason)
            time.sleep(pause)
            pause = min(pause * 2, RETRY_MOST)
        if self.held:
            self.held = 0
            if self.on_unavailable is not None:
                self.on_unavailable(None)

    def _write(self, batch: list[_Job], *, hold: bool = False) -> str | None:
        """Write and answer ``batch``; or, with ``hold``, answer nothing and return
        why the database is unavailable, if it is."""
        outcomes: dict[int, Recorded | BaseException] = {}
        plain = [i for i, job in enumerate(batch) if is_plain(job.result)]
        try:
            with session_scope(self.engine, write=True) as session:
                # Every watch row of the batch first, in id order, and only here: the writes below
                # take them in the batch's order, which a lease renewal taking them in its own could
                # deadlock with; record_plain reads its leases under this lock.
                lock_in_id_order(session.connection(), Watch.__table__.c.id,
                                 col(Watch.id).in_(sorted({job.watch_id for job in batch})))
                if plain:
                    jobs = [(batch[i].watch_id, batch[i].token, batch[i].result, batch[i].worker_id) for i in plain]
                    outcomes.update(zip(plain, record_plain(session, jobs), strict=True))
                for i, job in enumerate(batch):
                    if i in outcomes:
                        continue
                    try:
                        outcomes[i] = record_in(session, job.watch_id, job.token, job.result,
                                                worker_id=job.worker_id)
                    except LeaseLost as e:
                        outcomes[i] = e
            self.batches += 1
        except BaseException as e:  # noqa: BLE001 - every future must be answered
            reason = unavailable(e)
            if hold and reason is not None:
                return reason
            if len(batch) > 1 and reason is None:
                for job in batch:
                    self._write([job])
            else:
                for job in batch:
                    _settle(job.done, e)
            return None
        for i, job in enumerate(batch):
            _settle(job.done, outcomes[i])
        return None


def _settle(done: Future[Recorded], outcome: Recorded | BaseException) -> None:
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)
