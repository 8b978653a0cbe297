"""Offload: extraction in one thread until a worker process is ready, then there."""

from __future__ import annotations

import asyncio
import os
import time

from monitor.sources.offload import Offload, pool_workers, usable_cpus


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
