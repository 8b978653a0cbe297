"""One place that knows how to read a watch, whatever its kind.

``FetchContext`` owns the HTTP client for a round (or for the daemon's
lifetime), so connections are pooled across watches and per-host limits
hold; ``fetch(watch)`` picks the source by the watch's kind and carries the
conditional-request state from the watch row.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from monitor.sources.base import Fetched, FetchOptions, failed
from monitor.sources.offload import Limits, Offload, WorkFailed

log = logging.getLogger("monitor")


def options_for(watch: Any, **overrides: Any) -> FetchOptions:
    return FetchOptions(
        selector=watch.selector or None,
        ignore=tuple(watch.ignore or ()),
        etag=watch.etag,
        last_modified=watch.last_modified,
        raw_hash=watch.last_body_hash,
        **overrides,
    )


class FetchContext:
    """``extract_workers``: processes to extract pages in (``sources.offload``);
    0 extracts in one thread of this process. ``limits``: the deadline and
    memory of work that can run long (``sources.offload.Limits``)."""

    def __init__(self, *, concurrency: int = 50, per_host: int = 8, extract_workers: int = 0,
                 limits: Limits | None = None, **option_overrides: Any) -> None:
        self.concurrency = concurrency
        self.per_host = per_host
        self.overrides = option_overrides
        self._session = None
        # Threads and processes start only when work arrives, so building it here costs nothing.
        self._offload = Offload(extract_workers, limits)

    async def __aenter__(self) -> FetchContext:
        from monitor.sources.http import new_session

        self._session = new_session(concurrency=self.concurrency, per_host=self.per_host)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
        await asyncio.to_thread(self._offload.close)

    async def cpu(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Runs CPU-bound work of a check off the event loop, in a thread that may wait on ``diff``."""
        return await self._offload.here(fn, *args)

    def diff(self, old: str, new: str) -> Any:
        """Diffs two texts where a long diff can be stopped; blocking, so call it from ``cpu``."""
        return self._offload.diff(old, new)

    async def fetch(self, watch: Any) -> Fetched:
        opts = options_for(watch, **self.overrides)
        try:
            if watch.kind == "file":  # in a worker, under the deadline: a read can hang (sources.offload)
                return await self._offload.read_file(watch.url, opts)
            if watch.kind == "feed":
                return await self._feed(watch.url, opts)
            from monitor.sources.http import fetch_http

            assert self._session is not None, "use FetchContext as an async context manager"
            return await fetch_http(self._session, watch.url, opts, offload=self._offload)
        except Exception as e:  # a source bug must be a failed check, not a dead daemon
            return failed(f"{type(e).__name__}: {e}")

    async def _feed(self, url: str, opts: FetchOptions) -> Fetched:
        """A feed is fetched raw (no article extraction) and parsed in a
        worker, its first ``sources.feed.MAX_ENTRIES`` entries only."""
        from monitor.sources.feed import MAX_ENTRIES, feed_text
        from monitor.sources.http import fetch_http

        assert self._session is not None
        # The same bytes as last time (``same_body``) end the check before feedparser runs.
        raw = await fetch_http(self._session, url, replace(opts, raw=True), offload=self._offload)
        if raw.status != "ok":
            return raw
        body = raw.extra.get("body") if raw.extra else None
        if body is None:
            return failed("feed body was not kept")
        try:
            entries, skipped = await self._offload.parse_feed(body, raw.final_url or url)
        except WorkFailed as e:
            # feedparser's "not a feed" comes back as "parsing the feed failed: ValueError: not a readable ..."
            return failed(str(e).replace("parsing the feed failed: ValueError: ", "", 1))
        if skipped:
            log.warning(f"feed {url} lists {MAX_ENTRIES + skipped:,} entries; only the first {MAX_ENTRIES:,} "
                        "are read")
        return replace(raw, text=feed_text(entries), extra={"entries": entries, "skipped": skipped})
