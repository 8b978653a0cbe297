"""A watch's own request: headers, cookies, user agent, method, body, proxy, basic auth.

The options come from the watch row (``config.request`` checked them when
they were set); secrets are still ``env:NAME`` references here and are read
from the environment only as the request goes out, so they are never
stored, and every message below names the variable, never its value.

A socks proxy needs its own connection pool (aiohttp-socks makes the
connector), so a watch behind one reads through a session of its own for
that check; an http proxy goes through the round's shared session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from monitor.errors import MonitorError
from monitor.sources.base import FetchOptions

SOCKS_SCHEMES = ("socks4", "socks4a", "socks5", "socks5h")
_DEFAULT = FetchOptions()


class RequestProblem(MonitorError):
    """A watch's request cannot be made as configured (a secret that is not set): one line, no secret in it."""


def request_fields(request: Mapping[str, Any]) -> dict[str, Any]:
    """``FetchOptions`` fields from a watch's stored ``request`` table (keys as in ``monitor.toml``)."""
    out: dict[str, Any] = {}
    if request.get("headers"):
        out["headers"] = tuple((str(k), str(v)) for k, v in dict(request["headers"]).items())
    if request.get("cookies"):
        out["cookies"] = tuple((str(k), str(v)) for k, v in dict(request["cookies"]).items())
    for key in ("user_agent", "method", "body", "proxy", "auth"):
        if request.get(key):
            out[key] = request[key]
    if request.get("timeout"):
        # One number a user understands: the whole attempt, and no single wait longer than it.
        t = float(request["timeout"])
        out.update(timeout_total=t, timeout_read=min(t, _DEFAULT.timeout_read),
                   timeout_connect=min(t, _DEFAULT.timeout_connect))
    return out


def _secret(value: str, what: str) -> str:
    from monitor.config.secrets import SecretError, resolve

    try:
        return resolve(value)
    except SecretError as e:
        raise RequestProblem(f"{what}: {e}") from None


def request_headers(opts: FetchOptions) -> dict[str, str]:
    """The headers a watch sends: the user agent, its own headers, its cookies; ``env:`` values read now."""
    headers = {"User-Agent": opts.user_agent}
    for name, value in opts.headers:
        headers[name] = _secret(value, f"header {name}")
    if opts.cookies:
        headers["Cookie"] = "; ".join(f"{k}={_secret(v, f'cookie {k}')}" for k, v in opts.cookies)
    return headers


def request_auth(opts: FetchOptions) -> tuple[str, str] | None:
    """``(user, password)`` for basic auth, the password read from its variable now; None without auth."""
    if not opts.auth:
        return None
    user, _, ref = opts.auth.partition(":")
    return user, _secret(ref, "basic auth")


@asynccontextmanager
async def proxy_session(session: Any, opts: FetchOptions) -> AsyncIterator[tuple[Any, str | None]]:
    """``(session, proxy)`` to read through: the shared session and an http proxy URL (or None),
    or, for a socks proxy, a session of its own whose connector speaks socks."""
    proxy = opts.proxy
    if not proxy or not proxy.lower().startswith(SOCKS_SCHEMES):
        yield session, proxy
        return
    import aiohttp
    from aiohttp_socks import ProxyConnector

    from monitor.sources.http import _TRACE

    own = aiohttp.ClientSession(connector=ProxyConnector.from_url(proxy), auto_decompress=True, trust_env=False,
                                cookie_jar=aiohttp.DummyCookieJar(), trace_configs=[_TRACE])
    try:
        yield own, None
    finally:
        await own.close()
