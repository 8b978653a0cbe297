"""One place that knows how to read a watch, whatever its kind.

``FetchContext`` owns the HTTP client for a round (or for the daemon's
lifetime), so connections are pooled across watches and per-host limits
hold; ``fetch(watch)`` picks the source registered for the watch's kind
(``monitor.sources.registry``) and carries the conditional-request state
from the watch row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from monitor.sources import registry
from monitor.sources.addresses import AddressPolicy
from monitor.sources.base import Fetched, FetchOptions, failed
from monitor.sources.offload import Limits, Offload
from monitor.sources.protocol import Source


def options_for(watch: Any, **overrides: Any) -> FetchOptions:
    from monitor.sources.request import request_fields

    asked = request_fields(getattr(watch, "request", None) or {})
    return FetchOptions(
        selector=watch.selector or None,
        ignore=tuple(watch.ignore or ()),
        select=getattr(watch, "selection", None) or None,
        etag=watch.etag,
        last_modified=watch.last_modified,
        raw_hash=watch.last_body_hash,
        **{**asked, **overrides},
    )


class FetchContext:
    """``extract_workers``: processes to extract pages in (``sources.offload``);
    0 extracts in one thread of this process. ``limits``: the deadline and
    memory of work that can run long (``sources.offload.Limits``). ``policy``:
    addresses refused when connecting (``sources.addresses``)."""

    def __init__(self, *, concurrency: int = 50, per_host: int = 8, extract_workers: int = 0,
                 limits: Limits | None = None, policy: AddressPolicy | None = None,
                 **option_overrides: Any) -> None:
        self.concurrency = concurrency
        self.per_host = per_host
        self.policy = policy
        self.overrides = option_overrides
        self._session = None
        # Threads and processes start only when work arrives, so building it here costs nothing.
        self._offload = Offload(extract_workers, limits)
        self._sources: dict[str, Source] | None = None

    async def __aenter__(self) -> FetchContext:
        from monitor.sources.http import new_session

        self._session = new_session(concurrency=self.concurrency, per_host=self.per_host, policy=self.policy)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
        await asyncio.to_thread(self._offload.close)

    async def cpu(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Runs CPU-bound work of a check off the event loop, in a thread that may wait on ``diff``."""
        return await self._offload.here(fn, *args)

    def stoppable(self, fn: Callable[..., Any], *texts: str, what: str, here_up_to: int) -> Any:
        """``fn(*texts)`` where it can be stopped if long (``Offload.stoppable``); blocking, so call it from ``cpu``."""
        return self._offload.stoppable(fn, *texts, what=what, here_up_to=here_up_to)

    @property
    def session(self) -> Any:
        """The round's HTTP session, lent to the sources that speak HTTP."""
        assert self._session is not None, "use FetchContext as an async context manager"
        return self._session

    @property
    def offload(self) -> Offload:
        return self._offload

    async def fetch(self, watch: Any) -> Fetched:
        opts = options_for(watch, **self.overrides)
        try:
            if self._sources is None:
                self._sources = registry.available()  # once per round or daemon, not per watch
            source = registry.get(watch.kind, self._sources)
            return await source.fetch(watch.url, opts, self)
        except Exception as e:  # a source bug must be a failed check, not a dead daemon
            return failed(f"{type(e).__name__}: {e}")
