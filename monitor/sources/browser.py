"""Pages that write their story with JavaScript: the ``browser`` source.

A live blog that fetches its entries after load, or an official statement
page that is an empty shell until its script runs, gives the http source no
text at all. This source loads the page in a real browser (Chromium, driven
by Playwright), waits until it has settled, and hands the rendered HTML to
the same extraction and diff as any page (``sources.page.read_page``).

This module stays light (Playwright is imported on the first render, in
``sources.browser_engine``), because the registry imports it to list kinds.
The browser is configured from the environment, read when it first starts:

- ``MONITOR_CHROMIUM``: the browser binary (default: ``chromium``,
  ``chromium-browser``, ``google-chrome`` or ``google-chrome-stable`` on
  ``PATH``, else Playwright's own download if one is installed);
- ``MONITOR_BROWSER_PAGES``: pages rendered at once (default 4);
- ``MONITOR_BROWSER_PAGE_SECONDS``: the hard limit on one page, from
  opening it to its HTML (default 30; a watch's own ``timeout_total`` is
  used when shorter);
- ``MONITOR_BROWSER_BLOCK``: request types never loaded (default
  ``image,font,media``; ``none`` loads everything);
- ``MONITOR_BROWSER_JS_HEAP_MB``: the JavaScript heap of one page (default
  512); a page that needs more crashes its own renderer, which fails its
  check and nothing else.

Under the round's address policy (``sources.addresses``) every request a
page makes goes through ``sources.browser_gate``, as the http source's
connections go through its connector.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from monitor.errors import MonitorError
from monitor.sources.base import Fetched, FetchOptions, failed
from monitor.sources.protocol import SourceContext

if TYPE_CHECKING:
    from monitor.sources.addresses import AddressPolicy
    from monitor.sources.browser_engine import Browser

BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BLOCKED = ("image", "font", "media")
INSTALL_HINT = "pip install 'story-monitor[browser]'"


class BrowserSettingError(MonitorError, ValueError):
    """A ``MONITOR_BROWSER_*`` variable holds something this source cannot use."""


@dataclass(frozen=True)
class BrowserSettings:
    """How the one browser of this process runs; see the module docstring for each variable."""

    executable: str | None = None
    pages: int = 4
    page_seconds: float = 30.0
    block: tuple[str, ...] = BLOCKED
    js_heap_mb: int = 512

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> BrowserSettings:
        env = dict(os.environ if env is None else env)
        block = env.get("MONITOR_BROWSER_BLOCK")
        return cls(
            executable=env.get("MONITOR_CHROMIUM") or find_chromium(),
            pages=_number(env, "MONITOR_BROWSER_PAGES", 4, int),
            page_seconds=_number(env, "MONITOR_BROWSER_PAGE_SECONDS", 30.0, float),
            block=BLOCKED if block is None else tuple(
                t.strip() for t in block.split(",") if t.strip() and t.strip() != "none"),
            js_heap_mb=_number(env, "MONITOR_BROWSER_JS_HEAP_MB", 512, int),
        )


def _number(env: dict[str, str], name: str, default, kind):
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise BrowserSettingError(f"{name}={raw!r}: must be a number") from None
    if value <= 0:
        raise BrowserSettingError(f"{name}={raw!r}: must be more than 0")
    return value


def find_chromium() -> str | None:
    """The first Chromium or Chrome on ``PATH``; None leaves the choice to Playwright."""
    for name in BINARIES:
        if found := shutil.which(name):
            return found
    return None


def playwright_missing() -> str | None:
    """Why this source cannot render here, or None when Playwright is installed."""
    if importlib.util.find_spec("playwright") is None:
        return f"the browser source needs Playwright: {INSTALL_HINT}"
    return None


_shared: Browser | None = None
_settings: BrowserSettings | None = None


def configure(settings: BrowserSettings | None) -> None:
    """Replaces the settings of this process's browser (None: read the environment again);
    a running browser is closed and the next page starts one with the new settings."""
    global _settings
    close_shared()
    _settings = settings


def shared() -> Browser:
    """The one browser of this process, started on its first page."""
    global _shared
    if _shared is None:
        from monitor.sources.browser_engine import Browser

        _shared = Browser(_settings or BrowserSettings.from_env())
    return _shared


def close_shared() -> None:
    """Closes this process's browser, if it runs (also at exit)."""
    global _shared
    if _shared is not None:
        _shared.close()
        _shared = None


async def render(url: str, opts: FetchOptions, offload=None, policy: AddressPolicy | None = None) -> Fetched:
    """One page through the browser, then the extraction every page gets.

    ``offload`` (``sources.offload.Offload``) extracts off the event loop,
    like the http source; without it a thread does. ``policy``: addresses
    none of the page's requests may reach (``sources.browser_gate``).
    """
    import asyncio
    import hashlib

    from monitor.config.secrets import SecretError, url_auth
    from monitor.sources.builtin import check_http_url
    from monitor.sources.page import read_page

    if why := playwright_missing():
        return failed(why)
    try:
        url, creds = url_auth(url)
        if creds:
            return failed("the browser source cannot send a user name and password yet; use the http source")
        check_http_url(url)
        browser = shared()
    except (SecretError, ValueError) as e:
        return failed(str(e))
    got = await browser.render(url, opts, policy)
    if isinstance(got, Fetched):
        return got
    body = got.html.encode("utf-8")
    meta = dict(http_status=got.status, content_type="text/html; charset=utf-8", final_url=got.final_url)
    if len(body) > opts.max_bytes:
        from monitor.sources.http import size_text

        return failed(f"rendered page larger than {size_text(opts.max_bytes)} limit", bytes=len(body), **meta)
    raw_hash = hashlib.sha256(body).hexdigest()
    if raw_hash == opts.raw_hash:
        return Fetched(status="same_body", raw_hash=raw_hash, bytes=len(body), elapsed_ms=got.elapsed_ms, **meta)
    meta["raw_hash"] = raw_hash
    if offload is not None:
        read = await offload.run(read_page, body, "utf-8", opts, meta)
    else:
        read = await asyncio.to_thread(read_page, body, "utf-8", opts, meta)
    if read.status == "ok" and not read.title and got.title:
        read = replace(read, title=got.title)
    return replace(read, elapsed_ms=got.elapsed_ms)


class BrowserSource:
    """A page rendered in a browser first (JavaScript runs): for stories a script writes."""

    kind: ClassVar[str] = "browser"
    schemes: ClassVar[tuple[str, ...]] = ()  # an http(s) page like any other: chosen only when asked (--render)
    paths: ClassVar[bool] = False

    def target(self, raw: str, *, base_dir: Path | None = None) -> str:
        from monitor.sources.builtin import check_http_url

        raw = raw.strip()
        if "://" not in raw:
            raise ValueError(f"{raw!r}: a rendered page must be an http(s) URL")
        url = check_http_url(raw)
        if why := playwright_missing():
            raise ValueError(why)
        return url

    async def fetch(self, url: str, options: FetchOptions, context: SourceContext) -> Fetched:
        """Rendered in this process's browser (its own thread and event loop), extracted
        through the round's offload: a slow page never holds up the other watches. The round's
        address policy holds for every request the page makes, as for the http source."""
        return await render(url, options, context.offload, context.policy)
