"""Versions stored the way the daemon stores them: a file watch's text changed, then a real check.

All the checks of one call run in one round (``monitor.run.round.Round``), as
the daemon keeps one open: the worker process that reads the watched file is
started once, not once per version (about half a second each, more under
load, and most of what building a story used to cost a test).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

from monitor.run.round import Round
from monitor.store import claim_due, utcnow


def run_async(coro: Any) -> Any:
    """Runs ``coro`` to its end and returns its result. Playwright's sync API keeps an event loop
    running in the test's thread, so under it the coroutine runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _check_each(engine: Any, doc: Path | None, texts: list[str | None], start_day: int, step: int,
                      kw: dict[str, Any]) -> list:
    reports: list = []
    async with Round(engine, **kw) as r:
        for i, text in enumerate(texts):
            if text is not None:
                doc.write_text(text, encoding="utf-8")  # type: ignore[union-attr]
            reports += await r.check_all(claim_due(engine, "t", now=utcnow() + timedelta(days=start_day + i * step)))
    return reports


def check_texts(engine: Any, doc: Path | None, texts: list[str | None], *, start_day: int = 1, step: int = 1,
                **round_options: Any) -> list:
    """Write each text to ``doc`` (None: leave it) and check every watch due ``start_day + i * step``
    days from now; the reports of all the checks, in order."""
    return run_async(_check_each(engine, doc, texts, start_day, step, round_options))
