"""How a document is read: one module per kind of source, one record out.

``http`` (aiohttp), ``file`` (local paths) and ``feed`` (RSS/Atom entries)
all hand back a ``Fetched``; ``fetch.FetchContext`` picks the source for a
watch. ``page`` turns a fetched body into article text and ``offload``
decides where that CPU work runs (one thread, or worker processes). The
heavier modules load on first use, so ``monitor --help`` does not pay for
aiohttp.
"""

from __future__ import annotations

from typing import Any

from monitor.sources.base import Fetched, FetchOptions, Status, failed

__all__ = ["FeedEntry", "FetchContext", "Fetched", "FetchOptions", "Status", "failed", "fetch_http", "fetch_many",
           "parse_feed", "read_file", "validate_url"]

_LAZY = {
    "fetch_http": "monitor.sources.http",
    "fetch_many": "monitor.sources.http",
    "validate_url": "monitor.sources.http",
    "read_file": "monitor.sources.file",
    "parse_feed": "monitor.sources.feed",
    "FeedEntry": "monitor.sources.feed",
    "FetchContext": "monitor.sources.fetch",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'monitor.sources' has no attribute {name!r}")
