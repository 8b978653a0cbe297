"""A tiny forwarding HTTP proxy on 127.0.0.1, so a watch's ``proxy`` is tested end to end.

It takes an absolute-form request line (``GET http://host:port/path HTTP/1.1``),
records it, sends the request on to the host in origin form with the rest of
its headers and body, and pipes the answer back; one request per connection.
"""

from __future__ import annotations

import asyncio
import threading


class Proxy:
    def __init__(self) -> None:
        self.seen: list[str] = []  # request lines as received
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            first, *lines = head.decode("latin-1").split("\r\n")
            self.seen.append(first)
            method, target, version = first.split(" ")
            rest = target.split("://", 1)[1]
            hostport, _, path = rest.partition("/")
            host, _, port = hostport.partition(":")
            headers = [h for h in lines if h and not h.lower().startswith(("proxy-", "connection"))]
            length = next((int(h.split(":", 1)[1]) for h in headers if h.lower().startswith("content-length")), 0)
            body = await reader.readexactly(length) if length else b""
            up_r, up_w = await asyncio.open_connection(host, int(port or 80))
            head_out = "\r\n".join([f"{method} /{path} {version}", *headers, "Connection: close"])
            up_w.write(head_out.encode() + b"\r\n\r\n" + body)
            await up_w.drain()
            while chunk := await up_r.read(65536):
                writer.write(chunk)
                await writer.drain()
            up_w.close()
        finally:
            writer.close()

    def __enter__(self) -> Proxy:
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None and self._thread is not None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class Socks5(Proxy):
    """A SOCKS5 proxy (no authentication, CONNECT only) on 127.0.0.1; ``seen`` holds "host:port" per connection."""

    @property
    def url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _version, n = await reader.readexactly(2)
            await reader.readexactly(n)
            writer.write(b"\x05\x00")  # no authentication
            _v, _cmd, _rsv, atyp = await reader.readexactly(4)
            if atyp == 1:
                host = ".".join(str(b) for b in await reader.readexactly(4))
            elif atyp == 3:
                host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
            else:
                return
            port = int.from_bytes(await reader.readexactly(2), "big")
            self.seen.append(f"{host}:{port}")
            up_r, up_w = await asyncio.open_connection(host, port)
            writer.write(b"\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00")
            await writer.drain()

            async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
                while chunk := await src.read(65536):
                    dst.write(chunk)
                    await dst.drain()
                dst.close()

            await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer), return_exceptions=True)
        finally:
            writer.close()
