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


# A file or feed whose path or bytes hold this never finishes reading or
# parsing: the hooks below stand in for ``sources.offload.file_function`` and
# ``feed_function`` (a mount that stops answering, a parse that never ends),
# so the deadline is certain however fast the real work becomes. Workers are
# spawned and import them by name.
ENDLESS_READ = "endless-read"


def endless_read(path: str, opts: FetchOptions) -> Fetched:
    import time

    if ENDLESS_READ in path:
        while True:
            time.sleep(1.0)
    from monitor.sources.file import read_file

    return read_file(path, opts)


def endless_feed(body: bytes, base_url: str):
    import time

    if ENDLESS_READ.encode() in body:
        while True:
            time.sleep(1.0)
    from monitor.sources.feed import read_entries

    return read_entries(body, base_url)


def run_with_endless_read() -> None:
    """``python -c 'from tests.sources.helpers import run_with_endless_read as r; r()' run ...``:
    the ``monitor`` command with ``endless_read`` as its file read."""
    import sys

    from monitor.cli import main
    from monitor.sources import offload

    offload.file_function = endless_read
    sys.argv[0] = "monitor"
    main()


def endless_document(kind, body, charset, opts, meta):
    """``offload.document_function`` that never ends on a body holding ``ENDLESS_READ`` (a PDF parser stuck)."""
    import time

    if ENDLESS_READ.encode() in body:
        while True:
            time.sleep(1.0)
    from monitor.sources.documents import read_document

    return read_document(kind, body, charset, opts, meta)
