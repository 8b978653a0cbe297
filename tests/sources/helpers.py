"""Small helpers shared by the source tests."""

from __future__ import annotations

import asyncio

from monitor.sources.base import Fetched, FetchOptions
from monitor.sources.http import fetch_http, new_session

# Short timeouts and backoff so fault tests take a second, not a minute.
FAST = FetchOptions(timeout_connect=1.0, timeout_read=1.0, timeout_total=5.0, retries=0, backoff_base=0.05)


def fetch(url: str, opts: FetchOptions = FAST) -> Fetched:
    """One read through a fresh session, from synchronous test code."""

    async def go() -> Fetched:
        async with new_session() as s:
            return await fetch_http(s, url, opts)

    return asyncio.run(go())


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]
