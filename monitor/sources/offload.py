"""Where the CPU work of a check runs (extracting a page, diffing two texts),
and how work that can run long is stopped.

Extraction is most of a check's CPU (trafilatura, 2.7 ms for a 40 KB article
here). Two measurements decide where it goes:

- In threads, more is worse. The GIL lets one run at a time, and handing it
  between several CPU-bound threads and the event loop costs more than the
  work: 1,000 changed pages took 6.3 s with one extraction thread, 7.2 s with
  two and 9.7 s with asyncio's default six, on two cores. So this process
  extracts in one thread.
- A process reaches another core. With ``workers`` > 0, the first page that
  needs extracting starts a pool of that many (spawned, so it is safe
  whatever threads run here). Until its first worker is ready (about half a
  second here) pages are extracted in the thread; afterwards in the pool. A
  round of 304s never starts it.

A thread cannot be stopped; a process can. So anything that can run long
runs in a worker process under a per-job deadline (``Limits.deadline``, 30 s
by default): past it the worker is killed, a new one is started when next
needed, and the check fails with the reason ("diff timed out after 30 s").
Each worker's address space is capped (``Limits.memory_mb``, RLIMIT_AS), so
a job that would take gigabytes fails with a reason instead of swapping the
machine. The rule, by measured input size (two cores, shared):

- a page body of at most ``SMALL_PAGE`` bytes is extracted in the thread
  when no pool runs (256 KB took 0.13 s, 1 MB 0.64 s, 4 MB 7.6 s); a
  larger one in a worker;
- a diff of two texts of at most ``run.jobs.SMALL_DIFF`` characters together runs in
  a thread (the slowest shapes measured at that size took about 0.2 s; a
  full rewrite of 2 x 160,000 characters took 40 s); a larger one in a
  worker;
- ignore patterns run wherever their page is extracted, under their own
  budget per page (``text.extract.IGNORE_BUDGET``, the ``regex`` timeout);
- a watched file is always read (and extracted) in a worker, and a feed,
  a PDF or a JSON selection always parsed in one, whatever their size: a read can hang on a mount
  that stops answering, and feedparser's time grows with the feed, so
  neither may hold a thread that every other check shares.

Small jobs in the thread keep today's speed (no pickling, no process); the
stoppable path costs a process start (about 0.5 s, once) and a copy of the
input. A worker that dies (a page that crashes the parser) fails the job it
held and is replaced; it never ends the round or the daemon. A worker whose
parent dies, even by SIGKILL, exits within a second.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from monitor.errors import MonitorError
from monitor.sources.base import Fetched, failed

log = logging.getLogger("monitor")

POOL_MIN_WATCHES = 100  # fewer, and a round is over before a pool has started
# One worker extracts ~370 pages/s here (2.7 ms each); one process feeding
# them manages about 1,000 checks/s at best, so more workers than this would
# only hold memory (60-80 MB each) on a many-core machine.
POOL_MAX_WORKERS = 4
# Workers for stoppable jobs when no extraction pool runs: two, so that one
# runaway job never makes another watch's large diff wait for its deadline.
STOPPABLE_WORKERS = 2
SMALL_PAGE = 256 * 1024  # bytes of body extracted in the thread
START_TIMEOUT = 60.0  # a worker that is not ready by then is given up (imports on a busy machine)


# Seconds a check's jobs spent waiting for a thread or a worker (not running):
# a check sets a list here, the jobs it starts add their waits to it, and its
# ``duration_ms`` leaves them out. Queued behind 49 other pages, a check that
# took 20 ms would otherwise report the whole line it stood in.
queue_waits: ContextVar[list[float] | None] = ContextVar("monitor_queue_waits", default=None)


def _waited(since: float) -> None:
    waits = queue_waits.get()
    if waits is not None:
        waits.append(time.perf_counter() - since)  # list.append is atomic: safe from any thread


async def _in_executor(executor: ThreadPoolExecutor, fn: Callable[..., Any], *args: Any) -> Any:
    """``run_in_executor`` that counts the time ``fn`` waits for a thread as the check's queue
    time, and lets ``fn`` (which may wait for a worker in turn) add to the same count."""
    waits = queue_waits.get()
    if waits is None:
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
    queued = time.perf_counter()

    def started(*a: Any) -> Any:
        waits.append(time.perf_counter() - queued)
        token = queue_waits.set(waits)
        try:
            return fn(*a)
        finally:
            queue_waits.reset(token)

    return await asyncio.get_running_loop().run_in_executor(executor, started, *args)


@dataclass(frozen=True)
class Limits:
    """How long one job may run in a worker and how much memory a worker may map."""

    deadline: float = 30.0  # seconds per job (one extraction, one diff)
    memory_mb: int = 1024  # address space per worker; a warmed-up idle one maps about 130 MB here
    # Modules a worker imports before it says it is ready, so that importing
    # them is not counted against a job's deadline. The layer that runs the
    # diff names its engine here: this one does not import it.
    preload: tuple[str, ...] = ()


class WorkFailed(MonitorError):
    """A job in a worker did not finish: the message is the check's reason."""


class WorkTimedOut(WorkFailed):
    """A job ran past its deadline; its worker was killed."""


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

    A worker waits on its pipe, and a parent killed with SIGKILL might leave
    it waiting forever; a check of the parent's pid once a second costs
    nothing.
    """
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()


def _serve(conn: Any, parent: int, memory_mb: int, preload: tuple[str, ...] = ()) -> None:
    """A worker's life: cap its memory, warm up, then run jobs one at a time."""
    _leave_with(parent)
    if memory_mb > 0:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))
    try:  # imports are not the job's: they stay out of its deadline
        import importlib

        from monitor.sources.page import warm_up

        for name in preload:
            importlib.import_module(name)
        warm_up()
    except Exception:  # noqa: S110 - the first job reports whatever is wrong
        pass
    conn.send(("ready", None))
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            out: tuple[str, Any] = ("ok", fn(*args))
        except MemoryError:
            out = ("memory", None)
        except Exception as e:
            out = ("error", f"{type(e).__name__}: {e}")
        try:
            conn.send(out)
        except MemoryError:
            out = ("memory", None)
            conn.send(out)
        if out[0] == "memory":
            return  # a process that ran out of memory is not trusted with another job


class _Worker:
    """One spawned process and the pipe to it; ``call`` blocks (run it in a thread)."""

    def __init__(self, ctx: Any, limits: Limits) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, os.getpid(), limits.memory_mb, limits.preload),
                                name="monitor-worker", daemon=True)
        self.proc.start()
        child.close()
        self.ready = False

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...], limits: Limits, what: str) -> tuple[str, Any]:
        try:
            if not self.ready:
                if not self.conn.poll(START_TIMEOUT):
                    raise WorkFailed(f"a worker process did not start within {START_TIMEOUT:g} s")
                self.conn.recv()
                self.ready = True
            self.conn.send((fn, args))
            if not self.conn.poll(limits.deadline):
                raise WorkTimedOut(f"{what} timed out after {limits.deadline:g} s")
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise WorkFailed(f"the worker process died during the {what}") from None

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Workers:
    """Up to ``size`` worker processes, started when first needed; thread-safe.

    A worker whose job timed out, ran out of memory or died is killed and
    forgotten; the next job starts a fresh one.
    """

    def __init__(self, size: int, limits: Limits) -> None:
        import multiprocessing

        self.size, self.limits = size, limits
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self._closed = False
        self.replaced = 0  # workers killed for a timeout, memory or a crash

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...], what: str) -> Any:
        """Runs ``fn(*args)`` in a worker; raises ``WorkFailed`` with the reason if it does not finish."""
        asked = time.perf_counter()
        with self._slots:
            _waited(asked)
            w = self._take()
            try:
                kind, value = w.call(fn, args, self.limits, what)
            except WorkFailed as e:
                self._discard(w, str(e))
                raise
            except BaseException:
                self._discard(w, f"{what} interrupted")
                raise
            if kind == "memory":
                self._discard(w, f"{what} ran out of memory")
                raise WorkFailed(f"{what} needed more than the {self.limits.memory_mb} MB a worker may use")
            self._give_back(w)
            if kind == "error":
                raise WorkFailed(f"{what} failed: {value}")
            return value

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise WorkFailed("shutting down")
            if self._idle:
                return self._idle.pop()
            w = _Worker(self._ctx, self.limits)
            self._all.add(w)
            return w

    def _give_back(self, w: _Worker) -> None:
        with self._lock:
            if self._closed:
                return
            self._idle.append(w)

    def _discard(self, w: _Worker, why: str) -> None:
        with self._lock:
            self._all.discard(w)
            closed = self._closed
        w.kill()
        if not closed:
            self.replaced += 1
            log.warning(f"worker process {w.proc.pid} stopped: {why}; a new one starts when needed")

    def close(self) -> None:
        """Kills every worker at once: a job in flight fails with ``WorkFailed``."""
        with self._lock:
            self._closed = True
            everyone = list(self._all)
            self._all.clear()
            self._idle.clear()
        for w in everyone:
            if w.proc.is_alive():
                w.proc.kill()
        for w in everyone:
            w.proc.join(5)


def _read_file(path: str, opts: Any) -> Fetched:
    from monitor.sources.file import read_file

    return read_file(path, opts)


def _read_feed(body: bytes, base_url: str) -> Any:
    from monitor.sources.feed import read_entries

    try:
        return read_entries(body, base_url)
    except ValueError as e:  # not a feed: the page's fault, said in its own words, not the worker's
        return str(e)


def _read_document(kind: str, body: bytes, charset: str | None, opts: Any, meta: dict[str, Any]) -> Fetched:
    from monitor.sources.documents import read_document

    return read_document(kind, body, charset, opts, meta)


# The file read, the feed parse and the document read a check runs. Tests replace them (work
# that never ends) to prove the deadline; they are not settings a user can
# reach. (The diff is the run layer's: ``run.jobs.diff_function``.)
file_function: Callable[[str, Any], Fetched] = _read_file
feed_function: Callable[[bytes, str], Any] = _read_feed
document_function: Callable[..., Fetched] = _read_document


class Offload:
    """Runs a check's CPU work: small jobs in threads, the rest in stoppable workers."""

    def __init__(self, workers: int = 0, limits: Limits | None = None) -> None:
        self.workers = workers
        self.limits = limits or Limits()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        size = max(workers, STOPPABLE_WORKERS)
        # Threads that wait on workers for pages (no CPU): as many pages at
        # once as there are extraction workers; and threads that compare a
        # changed text (read stored versions, diff, rules) and may wait too.
        self._slots = workers if workers > 0 else STOPPABLE_WORKERS
        self._in_workers = 0  # pages in workers now (touched only on the event loop)
        self._waiters = ThreadPoolExecutor(max_workers=self._slots, thread_name_prefix="worker-wait")
        self._compare = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="compare")
        # Threads that wait on workers for file reads and feed parses (no CPU here).
        self._jobs = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="job-wait")
        self._size = size
        self._pool: Workers | None = None
        self._ready: Future[Any] | None = None

    @property
    def restarts(self) -> int:
        """Worker processes killed (a deadline, memory, a crash) and replaced when next needed."""
        return self._pool.replaced if self._pool is not None else 0

    @property
    def pool(self) -> Workers:
        if self._pool is None:
            self._pool = Workers(self._size, self.limits)
        return self._pool

    async def run(self, fn: Callable[..., Fetched], *args: Any) -> Fetched:
        """Extracts a page: a large one (over ``SMALL_PAGE``) always in a
        stoppable worker; a small one in the pool once it has started, unless
        every worker is busy (one may be stuck on a page until its deadline),
        else in the thread."""
        small = _size(args) <= SMALL_PAGE
        if small and (not self._pool_ready() or self._in_workers >= self._slots):
            return await _in_executor(self._thread, fn, *args)
        self._in_workers += 1
        try:
            return await _in_executor(self._waiters, self.pool.call, fn, args, "extraction")
        except WorkFailed as e:
            return failed(f"{e}; the page is read again next check")
        finally:
            self._in_workers -= 1

    async def read_file(self, path: str, opts: Any) -> Fetched:
        """Reads (and extracts) a watched file in a worker, under the deadline.

        A file can stall a reader however it is opened: a network or FUSE
        mount that stops answering, a 10 MB page whose extraction takes the
        GIL for half a minute. In a thread neither can be stopped, and each
        holds one of the threads every other check shares; in a worker it
        fails its own check after ``Limits.deadline``.
        """
        try:
            return await self._job(file_function, (path, opts), "reading the file")
        except WorkFailed as e:
            return failed(f"{e}; the file is read again next check", transient=True)

    async def parse_feed(self, body: bytes, base_url: str) -> Any:
        """A feed's ``(entries, skipped)`` (``sources.feed.read_entries``), parsed in a
        worker under the deadline, or why the body is not a feed (a string);
        raises ``WorkFailed`` when the worker timed out, ran out of memory or died."""
        return await self._job(feed_function, (body, base_url), "parsing the feed")

    async def document(self, kind: str, body: bytes, charset: str | None, opts: Any,
                       meta: dict[str, Any]) -> Fetched:
        """Reads a PDF or selects from a JSON document (``sources.documents``) in a
        worker, whatever its size: a parser's time grows with the document, and a
        jq program can loop forever; past the deadline the check fails with the reason."""
        what = "reading the PDF" if kind == "pdf" else "the jq selection"
        try:
            return await self._job(document_function, (kind, body, charset, opts, meta), what)
        except WorkFailed as e:
            return failed(f"{e}; the document is read again next check", bytes=len(body), **meta)

    async def _job(self, fn: Callable[..., Any], args: tuple[Any, ...], what: str) -> Any:
        return await _in_executor(self._jobs, self.pool.call, fn, args, what)

    async def here(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Other work of a check (comparing a changed text) in a thread that may wait on ``diff``."""
        return await _in_executor(self._compare, fn, *args)

    def stoppable(self, fn: Callable[..., Any], *texts: str, what: str, here_up_to: int) -> Any:
        """``fn(*texts)``, blocking; call it from a thread (``here``).

        Texts of at most ``here_up_to`` characters together run in the
        calling thread; larger ones in a worker, under the deadline (``fn``
        must be a module-level function: workers import it by name).
        Raises ``WorkFailed`` (``WorkTimedOut``) with the reason.
        """
        if sum(map(len, texts)) <= here_up_to:
            return fn(*texts)
        return self.pool.call(fn, texts, what)

    def _pool_ready(self) -> bool:
        """With ``workers`` > 0: starts the pool's first worker at the first page, and says once it is ready."""
        if self.workers <= 0:
            return False
        if self._ready is None:
            from monitor.sources.page import warm_up

            self._ready = self._waiters.submit(self.pool.call, warm_up, (), "start")
            return False
        if not self._ready.done():
            return False
        if self._ready.exception() is not None:
            log.warning("the extraction pool did not start; pages are extracted in this process")
            self.workers = 0
            return False
        return True

    def close(self) -> None:
        """Kills the workers first (so nothing waits on them), then ends the threads."""
        if self._pool is not None:
            self._pool.close()
        for ex in (self._waiters, self._compare, self._jobs, self._thread):
            ex.shutdown(wait=True, cancel_futures=True)


def _size(args: tuple[Any, ...]) -> int:
    """The measured size of a job's input: its first argument, if text or bytes."""
    return len(args[0]) if args and isinstance(args[0], (bytes, str)) else 0
