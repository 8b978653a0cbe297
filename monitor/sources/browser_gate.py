"""The browser's way out, when addresses are refused: a SOCKS5 gate on 127.0.0.1.

Served beyond loopback (or ``monitor run --refuse-private``), a rendered page
must not reach this machine or its private network any more than a fetched
one (``sources.addresses``). A page makes many requests of its own: its
document, each redirect hop, scripts, styles, frames, ``fetch`` and XHR,
WebSockets, workers. Rather than judge URLs before the browser connects
(Playwright's request routing does not see redirect hops, and the browser
would resolve the name again by itself, a window for DNS rebinding), each
browser context that reads under a policy is given this gate as its proxy,
loopback included (``<-loopback>``). Chromium then hands the gate every
connection it makes, with the host name unresolved (SOCKS5 resolves at the
proxy); the gate resolves it once, drops the refused addresses (unless the
host is allowed by name), and connects to an address it checked: what was
checked is what is connected to, so a name that answers a public address
first and 127.0.0.1 the next time gains nothing.

What does not go through a proxy: WebRTC's UDP (a STUN request to
127.0.0.1 leaves the page whatever the context's proxy), so the browser is
started with ``--webrtc-ip-handling-policy=disable_non_proxied_udp``, which
keeps every page off UDP; and name lookups that connect nowhere (DNS
prefetching may still ask the resolver about a name).

Each refusal, and each connection the gate could not make, is remembered by
host for a while, so a page whose document was refused fails its check with
that reason; a refused image or ``fetch`` is only blocked, and the page is
read without it. The gate takes no password: on 127.0.0.1 it lends nothing
a local program lacks (it reaches only what the policy allows), and a web
page cannot speak SOCKS to it (an HTTP request is no SOCKS greeting).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import struct
import time
from collections import OrderedDict

from monitor.sources.addresses import AddressPolicy, refusal

CONNECT_SECONDS = 10.0  # one upstream connection; the page's own limit bounds the whole read
HANDSHAKE_SECONDS = 10.0
REMEMBERED = 256  # hosts whose last refusal or failure is kept for the page that asked
CHUNK = 64 * 1024

# SOCKS5 (RFC 1928): the only method offered and taken is "no authentication"; the only command, CONNECT.
_VERSION, _NO_AUTH, _CONNECT = 5, 0, 1
_IPV4, _NAME, _IPV6 = 1, 3, 4
_OK, _NOT_ALLOWED, _UNREACHABLE, _REFUSED, _BAD_COMMAND, _BAD_ADDRESS = 0, 2, 4, 5, 7, 8


class Gate:
    """A SOCKS5 server on 127.0.0.1 that connects only where ``policy`` allows; ``url`` is what a browser
    context is given as its proxy. Start and close it on the event loop that serves it."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._server: asyncio.Server | None = None
        self._why: OrderedDict[str, tuple[float, str, bool]] = OrderedDict()
        self._open: set[asyncio.Task[None]] = set()

    async def start(self) -> Gate:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    @property
    def url(self) -> str:
        assert self._server is not None, "start the gate first"
        port = self._server.sockets[0].getsockname()[1]
        return f"socks5://127.0.0.1:{port}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._open):
            task.cancel()
        await asyncio.gather(*self._open, return_exceptions=True)

    def reason(self, host: str | None, since: float = 0.0) -> tuple[str, bool] | None:
        """Why the gate refused or could not reach ``host`` (a name or an IP, as in the URL) at or after
        ``since`` (``time.monotonic()``), and whether it was the policy's refusal; None if it did neither."""
        got = self._why.get(_key(host or ""))
        if got is None or got[0] < since:
            return None
        return got[1], got[2]

    def _remember(self, host: str, why: str, refused: bool = False) -> None:
        self._why[host] = (time.monotonic(), why, refused)
        self._why.move_to_end(host)
        while len(self._why) > REMEMBERED:
            self._why.popitem(last=False)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._open.add(task)
        upstream: asyncio.StreamWriter | None = None
        try:
            try:
                async with asyncio.timeout(HANDSHAKE_SECONDS):
                    host, port = await _handshake(reader, writer)
            except (_Bad, asyncio.IncompleteReadError, TimeoutError, ConnectionError):
                return
            code, up = await self._connect(host, port)
            writer.write(_reply(code))
            await writer.drain()
            if up is None:
                return
            up_reader, upstream = up
            await asyncio.gather(_pipe(reader, upstream), _pipe(up_reader, writer))
        except (ConnectionError, OSError):
            pass
        finally:
            for w in (upstream, writer):
                if w is not None:
                    w.close()
            self._open.discard(task)

    async def _connect(self, host: str, port: int) -> tuple[int, tuple[asyncio.StreamReader, asyncio.StreamWriter]
                                                              | None]:
        """Resolves once, keeps the addresses the policy allows, connects to the first that answers."""
        name = _key(host)
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(name, port, type=socket.SOCK_STREAM,
                                                                 proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError, ValueError) as e:
            self._remember(name, f"cannot resolve {name}: {getattr(e, 'strerror', None) or e}")
            return _UNREACHABLE, None
        found = list(dict.fromkeys(info[4][0] for info in infos))
        kept = [a for a in found if self.policy.allows(name, a)]
        if not kept:
            self._remember(name, refusal(name, found), refused=True)
            return _NOT_ALLOWED, None
        last = ""
        for address in kept:
            try:
                async with asyncio.timeout(CONNECT_SECONDS):
                    return _OK, await asyncio.open_connection(address, port)
            except TimeoutError:
                last = f"timed out after {CONNECT_SECONDS:g} s connecting to {name}:{port}"
            except OSError as e:
                last = f"cannot connect to {name}:{port}: {e.strerror or e}"
        self._remember(name, last)
        return _REFUSED, None


class _Bad(Exception):
    """A client that does not speak the SOCKS5 the gate speaks."""


def _key(host: str) -> str:
    """A host as the gate and a URL both name it: lower case, no trailing dot, an IPv6 address unbracketed."""
    return host.strip("[]").rstrip(".").lower()


def _reply(code: int) -> bytes:
    """A reply to CONNECT; the bound address is left empty (0.0.0.0:0): the browser does not use it."""
    return struct.pack("!BBBB4sH", _VERSION, code, 0, _IPV4, b"\0\0\0\0", 0)


async def _handshake(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> tuple[str, int]:
    version, count = await reader.readexactly(2)
    methods = await reader.readexactly(count)
    if version != _VERSION or _NO_AUTH not in methods:
        writer.write(bytes([_VERSION, 0xFF]))
        raise _Bad("no acceptable method")
    writer.write(bytes([_VERSION, _NO_AUTH]))
    version, command, _, kind = await reader.readexactly(4)
    if kind == _IPV4:
        host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
    elif kind == _IPV6:
        host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
    elif kind == _NAME:
        (length,) = await reader.readexactly(1)
        host = (await reader.readexactly(length)).decode("ascii", errors="replace")
    else:
        writer.write(_reply(_BAD_ADDRESS))
        raise _Bad("address type")
    (port,) = struct.unpack("!H", await reader.readexactly(2))
    if version != _VERSION or command != _CONNECT:
        writer.write(_reply(_BAD_COMMAND))
        raise _Bad("command")
    return host, port


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    """Copies until the source ends, then tells the sink no more is coming."""
    with contextlib.suppress(ConnectionError, OSError):
        while chunk := await source.read(CHUNK):
            sink.write(chunk)
            await sink.drain()
        if sink.can_write_eof():
            sink.write_eof()
