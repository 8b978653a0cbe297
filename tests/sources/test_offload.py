"""Offload: extraction in one thread until a worker process is ready, then there; work
that can run long in a worker that is killed at its deadline or memory cap."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from monitor.run import jobs
from monitor.run.jobs import SMALL_DIFF
from monitor.sources.offload import (
    SMALL_PAGE,
    Limits,
    Offload,
    Workers,
    WorkFailed,
    WorkTimedOut,
    pool_workers,
    usable_cpus,
)
from tests.hooks import ENDLESS, endless_diff


def _diff(off: Offload, old: str, new: str):
    """The check's diff as the run layer hands it to the workers (``run.jobs``)."""
    return off.stoppable(jobs.diff_function, old, new, what="diff", here_up_to=SMALL_DIFF)


def _pid() -> int:
    return os.getpid()


def _die() -> int:
    os._exit(3)


async def _until_pool(off: Offload, fn, deadline: float = 60.0):
    """Calls ``fn`` through ``off`` until it runs in another process (the pool is up)."""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        got = await off.run(fn)
        if got != os.getpid():
            return got
        await asyncio.sleep(0.05)
    raise AssertionError("the extraction pool never started")


def test_pages_go_to_the_thread_until_the_pool_is_up_then_to_the_pool() -> None:
    async def go() -> tuple[int, int]:
        off = Offload(1)
        try:
            first = await off.run(_pid)  # starts the pool, runs here meanwhile
            return first, await _until_pool(off, _pid)
        finally:
            await asyncio.to_thread(off.close)

    first, later = asyncio.run(go())
    assert first == os.getpid()
    assert later != os.getpid()


def test_a_dead_worker_fails_its_page_and_a_new_worker_takes_the_next() -> None:
    async def go():
        off = Offload(1)
        try:
            first = await _until_pool(off, _pid)
            dead = await off.run(_die)
            after = await off.run(_pid)
            return first, dead, after, off.pool.replaced
        finally:
            await asyncio.to_thread(off.close)

    first, dead, after, replaced = asyncio.run(go())
    assert dead.status == "failed" and "worker process died" in (dead.error or "")
    assert after not in (os.getpid(), first) and replaced == 1


def test_no_workers_means_no_pool() -> None:
    async def go():
        off = Offload(0)
        try:
            return await off.run(_pid), off._pool
        finally:
            await asyncio.to_thread(off.close)

    pid, pool = asyncio.run(go())
    assert pid == os.getpid() and pool is None


def test_small_rounds_and_single_cpus_get_no_workers() -> None:
    assert pool_workers(10) == 0
    assert pool_workers(1000) == min(4, max(0, usable_cpus() - 1))


def _sleep_forever(*_args) -> None:
    while True:
        time.sleep(1.0)


def _hog(*_args) -> int:
    return len(bytearray(3 * 1024**3))


def _pid_of(*_args) -> int:
    return os.getpid()


def test_a_job_past_its_deadline_is_killed_with_its_worker_and_the_next_job_runs() -> None:
    pool = Workers(1, Limits(deadline=5.0, memory_mb=0))  # 5 s: the first job imports this module
    try:
        first = pool.call(_pid_of, (), "probe")
        with pytest.raises(WorkTimedOut, match="diff timed out after 5 s"):
            pool.call(_sleep_forever, (), "diff")
        second = pool.call(_pid_of, (), "probe")
    finally:
        pool.close()
    assert second != first and pool.replaced == 1
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)


def test_a_job_over_the_memory_cap_fails_with_a_reason() -> None:
    pool = Workers(1, Limits(deadline=30.0, memory_mb=512))
    try:
        with pytest.raises(WorkFailed, match="diff needed more than the 512 MB"):
            pool.call(_hog, (), "diff")
        assert pool.call(_pid_of, (), "probe") != os.getpid()
    finally:
        pool.close()


def test_small_diffs_run_in_the_thread_and_large_ones_in_a_worker(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "diff_function", _pid_of)
    off = Offload(0)
    try:
        small = _diff(off, "a" * 100, "b" * 100)
        large = _diff(off, "a" * SMALL_DIFF, "b")
    finally:
        off.close()
    assert small == os.getpid() and large != os.getpid()


def test_a_large_page_is_extracted_in_a_worker_even_without_a_pool() -> None:
    async def go():
        off = Offload(0)
        try:
            return await off.run(_pid_of, b"x" * 100), await off.run(_pid_of, b"x" * (SMALL_PAGE + 1))
        finally:
            await asyncio.to_thread(off.close)

    small, large = asyncio.run(go())
    assert small == os.getpid() and large != os.getpid()


def test_closing_stops_a_job_in_flight_at_once(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "diff_function", endless_diff)

    async def go():
        off = Offload(0, Limits(deadline=60.0))
        job = asyncio.get_running_loop().run_in_executor(None, _diff, off, "a" * SMALL_DIFF, ENDLESS)
        await asyncio.sleep(3.0)  # the worker has started and is in the endless diff
        started = time.monotonic()
        await asyncio.to_thread(off.close)
        with pytest.raises(WorkFailed):
            await job
        return time.monotonic() - started

    assert asyncio.run(go()) < 10.0


def _sleep_3(*_args) -> int:
    time.sleep(3.0)
    return os.getpid()


def test_small_pages_go_to_the_thread_while_every_worker_is_busy() -> None:
    async def go():
        off = Offload(1)
        try:
            worker = await _until_pool(off, _pid)
            busy = asyncio.create_task(off.run(_sleep_3))
            await asyncio.sleep(0.5)
            meanwhile = await off.run(_pid)
            return worker, await busy, meanwhile
        finally:
            await asyncio.to_thread(off.close)

    worker, busy, meanwhile = asyncio.run(go())
    assert busy == worker and meanwhile == os.getpid()
