"""The sources Story Monitor ships: web pages, local files, feeds, PDF and JSON documents.

They register through the ``monitor.sources`` entry points in
``pyproject.toml``, exactly as a plugin would. This module stays light (the
readers load on first use), because the registry imports it to list kinds,
and ``monitor --help`` should not pay for aiohttp.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from monitor.sources.base import Fetched, FetchOptions, failed
from monitor.sources.protocol import SourceContext

log = logging.getLogger("monitor")


def check_http_url(raw: str) -> str:
    """An http(s) URL the fetcher can read (``config.urls``) with no password written in it."""
    from monitor.config.secrets import SecretError, check_url_credentials, mask_url
    from monitor.config.urls import url_problem

    if problem := url_problem(raw):
        # shown masked: an error must not print the password it refuses
        raise ValueError(f"{mask_url(raw)}: {problem}")
    try:
        check_url_credentials(raw)
    except SecretError as e:
        raise ValueError(str(e)) from None
    return raw


class HttpSource:
    """A web page over http(s): conditional requests, article extraction."""

    kind: ClassVar[str] = "http"
    schemes: ClassVar[tuple[str, ...]] = ("http", "https")
    paths: ClassVar[bool] = False

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        return check_http_url(raw.strip())

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        from monitor.sources.http import fetch_http

        return await fetch_http(context.session, url, options, offload=context.offload)


class FileSource:
    """A local file that an editor or an importer rewrites (HTML or plain text)."""

    kind: ClassVar[str] = "file"
    schemes: ClassVar[tuple[str, ...]] = ()
    paths: ClassVar[bool] = True

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        """Stored as an absolute path so the daemon finds it whatever its working
        directory; a relative path in a config file is relative to that file."""
        raw = raw.strip()
        path = Path(raw).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.exists():
            raise ValueError(f"{raw!r} is neither an http(s) URL nor an existing file")
        if not path.is_file():
            raise ValueError(f"{raw!r} is not a file")
        return str(path.resolve())

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        """Read in a worker, under the deadline: a read can hang (``sources.offload``)."""
        return await context.offload.read_file(url, options)


class FeedSource:
    """An RSS/Atom feed: each article it lists becomes a watch of its own."""

    kind: ClassVar[str] = "feed"
    schemes: ClassVar[tuple[str, ...]] = ()  # a feed URL looks like any page: chosen only when asked
    paths: ClassVar[bool] = False

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        raw = raw.strip()
        if "://" not in raw:
            # Feeds are fetched over HTTP (conditional requests, redirects); a feed file has no source.
            raise ValueError(f"{raw!r}: a feed must be an http(s) URL")
        return check_http_url(raw)

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        """Fetched raw (no article extraction) and parsed in a worker, its first
        ``sources.feed.MAX_ENTRIES`` entries only; the entries travel in ``extra``."""
        from monitor.sources.feed import MAX_ENTRIES, feed_text
        from monitor.sources.http import fetch_http
        from monitor.sources.offload import WorkFailed

        # The same bytes as last time (``same_body``) end the check before feedparser runs.
        raw = await fetch_http(context.session, url, replace(options, raw=True), offload=context.offload)
        if raw.status != "ok":
            return raw
        body = raw.extra.get("body") if raw.extra else None
        if body is None:
            return failed("feed body was not kept")
        try:
            parsed = await context.offload.parse_feed(body, raw.final_url or url)
        except WorkFailed as e:
            return failed(str(e))
        if isinstance(parsed, str):
            return failed(parsed)
        entries, skipped = parsed
        if skipped:
            log.warning(f"feed {url} lists {MAX_ENTRIES + skipped:,} entries; only the first {MAX_ENTRIES:,} "
                        "are read")
        return replace(raw, text=feed_text(entries), extra={"entries": entries, "skipped": skipped})


class PdfSource:
    """A PDF document over http(s) (a statement, a ruling): its text, page after page."""

    kind: ClassVar[str] = "pdf"
    schemes: ClassVar[tuple[str, ...]] = ()  # a PDF is found by its Content-Type; the kind forces it
    paths: ClassVar[bool] = False

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        return check_http_url(raw.strip())

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        """Read as a PDF whatever the Content-Type says (servers send octet-stream); parsed in a worker."""
        from monitor.sources.http import fetch_http

        return await fetch_http(context.session, url, replace(options, document="pdf"), offload=context.offload)


class JsonSource:
    """A JSON document over http(s) (an API, a live-blog feed): each item a jq `select` picks is a statement."""

    kind: ClassVar[str] = "json"
    schemes: ClassVar[tuple[str, ...]] = ()
    paths: ClassVar[bool] = False

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        return check_http_url(raw.strip())

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        """Read as JSON whatever the Content-Type says; the selection runs in a worker."""
        from monitor.sources.http import fetch_http

        return await fetch_http(context.session, url, replace(options, document="json"), offload=context.offload)
