"""Where the CPU work of a fetch runs: decoding and extracting a page.

Extraction is most of a check's CPU (trafilatura, 2.7 ms for a 40 KB article
here). Two measurements decide where it goes:

- In threads, more is worse. The GIL lets one run at a time, and handing it
  between several CPU-bound threads and the event loop costs more than the
  work: 1,000 changed pages took 6.3 s with one extraction thread, 7.2 s with
  two and 9.7 s with asyncio's default six, on two cores. So this process
  extracts in one thread.
- A process reaches another core. With ``workers`` > 0, the first page that
  needs extracting starts a pool of that many (spawned, so it is safe
  whatever threads run here; each imports only ``sources.page``). Until the
  pool has started (about half a second here) pages are extracted in the
  thread; afterwards in the pool. A round of 304s never starts it.

A worker that dies (a page that crashes the parser) fails the pages it held
and sends the rest to the thread; it never ends the round or the daemon. A
worker whose parent dies, even by SIGKILL, exits within a second.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from monitor.sources.base import Fetched, failed

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger("monitor")

POOL_MIN_WATCHES = 100  # fewer, and a round is over before a pool has started
# One worker extracts ~370 pages/s here (2.7 ms each); one process feeding
# them manages about 1,000 checks/s at best, so more workers than this would
# only hold memory (60-80 MB each) on a many-core machine.
POOL_MAX_WORKERS = 4


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def pool_workers(watches: int) -> int:
    """How many extraction processes suit a round (or a daemon) of ``watches``:
    one per core but one, which the event loop and the database writer keep,
    and no more than ``POOL_MAX_WORKERS``."""
    return min(POOL_MAX_WORKERS, max(0, usable_cpus() - 1)) if watches >= POOL_MIN_WATCHES else 0


def _leave_with(parent: int) -> None:
    """In a worker: exit when ``parent`` does, however it ended.

    A pool worker waits on its task queue, whose writing end it holds itself
    (multiprocessing hands a queue over whole), so a parent killed with
    SIGKILL would leave it, and the resource tracker, waiting forever. A
    check of the parent's pid once a second costs nothing.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()


class Offload:
    """Runs a fetch's CPU work in the pool once it has started, else in one thread."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        self._pool: ProcessPoolExecutor | None = None
        self._ready: Future[None] | None = None

    async def run(self, fn: Callable[..., Fetched], *args: Any) -> Fetched:
        loop = asyncio.get_running_loop()
        pool = self._usable_pool()
        if pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return await loop.run_in_executor(pool, fn, *args)
            except BrokenProcessPool:
                self._broken()
                return failed("the extraction worker died reading this page; it is read again next check")
        return await loop.run_in_executor(self._thread, fn, *args)

    async def here(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Other CPU work of a check (the diff) in the same one thread, for the same reason."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    def _usable_pool(self) -> ProcessPoolExecutor | None:
        if self.workers <= 0:
            return None
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from monitor.sources.page import warm_up

            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_leave_with, initargs=(os.getpid(),))
            self._ready = self._pool.submit(warm_up)
            return None
        assert self._ready is not None
        if not self._ready.done():
            return None
        if self._ready.exception() is not None:
            self._broken()
            return None
        return self._pool

    def _broken(self) -> None:
        if self.workers > 0:
            log.warning("an extraction worker died; pages are extracted in this process from now on")
            self.workers = 0

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._thread.shutdown(wait=True)
