"""Who may use the app, and what a browser may do with its pages.

- Loopback by default. Any other address needs ``--allow-remote`` and a token
  (``MONITOR_TOKEN`` or ``--token-file``); without one ``monitor serve`` refuses
  to start. With a token, every request carries it (``Authorization: Bearer``)
  or the session cookie that ``/login`` sets after the token was typed; the
  compare is constant-time.
- On loopback without a token, the Host header must name a loopback address:
  a page elsewhere cannot rebind its own domain to 127.0.0.1 and read the app.
- Forms carry a CSRF token (double-submit: a random cookie and the same value
  in the form); every write also checks the Origin header when a browser sends
  one. The API's writes take JSON only, which a cross-site form cannot send.
- Beyond loopback, a watch added or edited here must be an http(s) URL whose
  host does not resolve to a loopback, private or link-local address, unless
  the host was allowed with ``--allow-host`` (``check_target``).
- Every response has a strict Content-Security-Policy: nothing loads from
  elsewhere, no inline script or style, no framing.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from monitor.errors import MonitorError
from monitor.sources.addresses import AddressPolicy, refused

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),  # no-referrer would make browsers send Origin: null on forms
    ("x-frame-options", "DENY"),
)
CSRF_COOKIE = "monitor_csrf"
SESSION_COOKIE = "monitor_session"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class TargetRefused(MonitorError):
    """Served beyond loopback, a watch may not read this machine's files or its private network."""


def check_target(url: str, kind: str, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse a file, or a host that resolves to a loopback, private, link-local or reserved address,
    unless the host is in ``allowed``. Checked when a watch is added or edited through the app, so the
    mistake is said at once; a check run from the app checks again when it connects
    (``Access.addresses``), since a name can be pointed elsewhere later."""
    parts = urlsplit(url)
    if kind == "file" or parts.scheme not in ("http", "https"):
        raise TargetRefused("url: served beyond loopback, a watch reads only http(s) URLs, not files on this "
                            "machine")
    host = (parts.hostname or "").lower()
    if host in allowed:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError, ValueError):
        raise TargetRefused(f"url: cannot resolve {host!r} to check where it points") from None
    for raw in sorted(addresses):
        ip = ipaddress.ip_address(raw.split("%")[0])
        if refused(str(ip)):
            raise TargetRefused(f"url: {host} points to {ip}, a loopback, private or link-local address; "
                                "served beyond loopback, watches may not read those (allow the host with "
                                "--allow-host)")


class ServeError(MonitorError):
    """``monitor serve`` cannot start as asked (an address beyond loopback without a token)."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(env_value: str | None, token_file: Path | None) -> str | None:
    """The token from a file (first line) or the environment; a short one is refused."""
    token = env_value
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        except (OSError, IndexError, UnicodeDecodeError) as e:
            raise ServeError(f"cannot read a token from {token_file}: {getattr(e, 'strerror', None) or e}") from None
    if token is not None and len(token.strip()) < 16:
        raise ServeError("the token must have at least 16 characters (e.g. `python -c 'import secrets; "
                         "print(secrets.token_urlsafe(32))'`)")
    return token.strip() if token else None


@dataclass(frozen=True)
class Access:
    """How the app was asked to be served: what it then demands of each request."""

    host: str = "127.0.0.1"
    token: str | None = None
    allowed_hosts: frozenset[str] = frozenset()
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def for_serving(cls, host: str, *, allow_remote: bool, token: str | None,
                    allowed_hosts: frozenset[str] = frozenset()) -> Access:
        if not is_loopback(host):
            if not allow_remote:
                raise ServeError(f"refusing to serve on {host}, beyond this machine, without --allow-remote "
                                 "(and a token in MONITOR_TOKEN or --token-file)")
            if not token:
                raise ServeError(f"refusing to serve on {host} without a token: set MONITOR_TOKEN or give "
                                 "--token-file FILE")
        return cls(host=host, token=token, allowed_hosts=frozenset(h.lower() for h in allowed_hosts))

    @property
    def loopback_only(self) -> bool:
        return self.token is None

    def target_guard(self) -> Callable[[str, str], None] | None:
        """What a watch added or edited through the app must pass: nothing on loopback; beyond it,
        ``check_target``."""
        if is_loopback(self.host):
            return None
        return lambda url, kind: check_target(url, kind, self.allowed_hosts)

    def addresses(self) -> AddressPolicy | None:
        """What a check run from the app may not connect to: nothing refused on loopback; beyond it,
        this machine and private networks, checked when each connection is made (``sources.addresses``)."""
        if is_loopback(self.host):
            return None
        return AddressPolicy(refuse_private=True, allow_hosts=self.allowed_hosts)

    def session_value(self) -> str:
        """What the session cookie holds: derived from the token, so changing the token logs everyone out."""
        assert self.token is not None
        return hmac.new(self.secret, self.token.encode(), hashlib.sha256).hexdigest()

    def authorised(self, authorization: str | None, session: str | None) -> bool:
        if self.token is None:
            return True
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode()):
            return True
        return bool(session) and hmac.compare_digest((session or "").encode(), self.session_value().encode())

    def token_matches(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def host_allowed(self, host_header: str | None) -> bool:
        """On loopback without a token, only loopback Host names (DNS rebinding)."""
        if not self.loopback_only:
            return True
        host = host_header or ""
        name = host.split("]")[0].lstrip("[") if host.startswith("[") else host.rsplit(":", 1)[0]
        return is_loopback(name)


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, submitted: str | None) -> bool:
    return bool(cookie) and bool(submitted) and hmac.compare_digest(cookie.encode(), submitted.encode())


def same_origin(origin: str | None, host_header: str | None) -> bool:
    """A browser's Origin on a write must be this app's; requests without one (curl) pass."""
    if origin is None:
        return True
    if origin == "null":
        return False
    return origin.split("://", 1)[-1] == (host_header or "")
