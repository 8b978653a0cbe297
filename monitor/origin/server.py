"""The local news site's server: aiohttp on 127.0.0.1 at an ephemeral port,
in its own thread with its own event loop, so synchronous tests, the async
pipeline and ``monitor demo`` can all use it the same way.

Each story advances through its versions on request; ETag (weak, per
version) and Last-Modified follow the story version, not the noise, the way
a CMS sends them, and a matching conditional request gets a 304. Fault
modes make a path misbehave the way real sites do.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from aiohttp import web

from monitor.origin.pages import (
    ADS,
    ERROR_PAGE,
    atom_feed,
    live_json,
    render_article,
    render_scripted,
    rss_feed,
    synthetic_article,
)

# What each fault does, for ``set_fault`` and ``POST /_fault?path=...&mode=...``.
FAULTS = {
    "none": "the story page, as a healthy site serves it",
    "500": "HTTP 500 Internal Server Error",
    "404": "HTTP 404 Not Found",
    "429": "HTTP 429 Too Many Requests with Retry-After: retry_after seconds (default 1)",
    "slow": "waits slow_seconds before answering",
    "drip": "sends the page a few bytes at a time, forever slower than any deadline",
    "truncated": "announces a Content-Length twice the body, sends half, closes the connection",
    "wrong_charset": "declares charset=utf-8 but sends Windows-1252 bytes",
    "wrong_charset_latin1": "declares charset=iso-8859-1 but sends UTF-8 bytes",
    "huge": "a 50 MB body, chunked, with no Content-Length, generated as it is sent",
    "redirect_loop": "redirects between two URLs forever",
    "error_200": "a short 'Something went wrong / Subscribe to continue reading' page with status 200",
    "garbage": "4 KB of random bytes as application/octet-stream",
    "utf16_bom": "the page in UTF-16 (little-endian) with a byte-order mark, no charset in the header",
    "utf16_header": "the page in UTF-16LE without a byte-order mark, charset=utf-16le in the header",
    "utf16_meta": "the page in UTF-16LE, no byte-order mark, no header charset, <meta charset=utf-16> inside",
    "trickle_headers": "sends the status line and headers one byte every trickle_seconds (default 0.1), then the page",
    "redirect_file": "302 to a file: URL",
    "redirect_data": "302 to a data: URL",
    "redirect_javascript": "302 to a javascript: URL",
    "redirect_ftp": "302 to an ftp: URL",
    "charset_punycode": "the page in UTF-8 with charset=punycode in the header",
    "charset_undefined": "the page in UTF-8 with charset=undefined in the header",
    "charset_base64": "the page in UTF-8 with charset=base64 (a bytes-to-bytes codec) in the header",
}
_BAD_REDIRECTS = {
    "redirect_file": "file:///etc/hostname",
    "redirect_data": "data:text/html,<p>Hello</p>",
    "redirect_javascript": "javascript:alert(document.cookie)",
    "redirect_ftp": "ftp://127.0.0.1/story.html",
}
RECEIVED_KEPT = 10_000
_EPOCH = datetime(2025, 5, 15, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Received:
    """One request as the site received it, so a test can assert what a watch sent."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Story:
    versions: list[str]
    title: str = "Live: Russia–Ukraine talks in Istanbul"
    index: int = 0
    fault: str = "none"
    slow_seconds: float = 30.0
    trickle_seconds: float = 0.1
    retry_after: int = 1
    conditional: bool = True  # send ETag / Last-Modified and honour them
    noise: bool = True  # rotating ad and ticking widget
    changed_at: list[datetime] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.versions[self.index]

    @property
    def etag(self) -> str:
        return f'W/"v{self.index}-{hashlib.sha256(self.text.encode()).hexdigest()[:12]}"'

    @property
    def modified(self) -> datetime:
        return _EPOCH + timedelta(hours=self.index)


class Origin:
    """The site, on 127.0.0.1 at an ephemeral port, served from its own thread.

    ``stories`` maps a path (``/story/istanbul-talks``) to its versions, each
    a text with paragraphs split by blank lines; ``articles`` adds that many
    synthetic pages at ``/article/<n>`` for benchmarks. Use as a context
    manager, or ``start()``/``stop()``. Control it in-process (``advance``,
    ``set_fault``, ``configure``, ``advance_many``) or, from another process,
    over HTTP: ``POST /_advance?path=``, ``POST /_fault?path=&mode=&slow=&trickle=``,
    ``POST /_configure?path=&noise=0&validators=0``, ``GET /_requests``.
    ``<story path>.json`` serves the story as a live blog's JSON feed;
    ``serve_document`` serves any bytes (a PDF) at a path.
    ``requests`` counts the requests served per path; ``active`` is how many
    are being served now and ``most_active`` the most there ever were at once
    (what a per-host limit shared by several daemons is measured by).
    """

    def __init__(self, stories: dict[str, list[str]] | None = None, *, articles: int = 0,
                 article_validators: bool = False, noise: bool = True, validators: bool = True) -> None:
        self.stories: dict[str, Story] = {p: Story(list(v), noise=noise, conditional=validators)
                                          for p, v in (stories or {}).items()}
        self.articles = articles
        self.article_validators = article_validators
        self.article_versions: dict[int, int] = {}
        self.requests: dict[str, int] = {}
        self.active = 0
        self.most_active = 0
        self.bytes_sent: dict[str, int] = {}  # by the "huge" fault, per path
        self.routes: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]] = {}
        self.documents: dict[str, tuple[str, bytes]] = {}  # path -> (content type, body)
        # The latest requests as the server saw them (bounded: benchmarks send millions).
        self.received: deque[Received] = deque(maxlen=RECEIVED_KEPT)
        self._tick = 0
        self._rng = random.Random(7)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- control -----------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def advance(self, path: str | None = None) -> int:
        """Moves one story (or every story) to its next version, staying on the
        last one; returns the new index (0-based)."""
        with self._lock:
            targets = [self._story_at(path)] if path else list(self.stories.values())
            for s in targets:
                s.index = min(s.index + 1, len(s.versions) - 1)
            return targets[0].index if targets else 0

    def set_fault(self, path: str, mode: str, *, slow_seconds: float | None = None,
                  retry_after: int | None = None, trickle_seconds: float | None = None) -> None:
        """Makes ``path`` misbehave (see ``FAULTS``); ``"none"`` heals it."""
        if mode not in FAULTS:
            raise ValueError(f"unknown fault {mode!r}; choose from {', '.join(FAULTS)}")
        s = self._story_at(path)
        with self._lock:
            s.fault = mode
            if slow_seconds is not None:
                s.slow_seconds = slow_seconds
            if retry_after is not None:
                s.retry_after = retry_after
            if trickle_seconds is not None:
                s.trickle_seconds = trickle_seconds

    def configure(self, path: str, *, noise: bool | None = None, validators: bool | None = None) -> None:
        """``noise=False`` stops the ad and the widget changing, so two reads of
        one version are byte-identical; ``validators=False`` stops sending and
        honouring ETag / Last-Modified, as many sites do."""
        s = self._story_at(path)
        with self._lock:
            if noise is not None:
                s.noise = noise
            if validators is not None:
                s.conditional = validators

    def add_route(self, path: str, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> None:
        """Serves ``path`` with ``handler`` (an aiohttp handler), for a test that
        needs one page the stories cannot express; works while running."""
        with self._lock:
            self.routes[path] = handler

    def serve_document(self, path: str, content_type: str, body: bytes) -> None:
        """Serves ``body`` at ``path`` (a PDF, a JSON feed) until replaced; works while running."""
        with self._lock:
            self.documents[path] = (content_type, body)

    def received_at(self, path: str) -> list[Received]:
        """The requests for ``path`` in order: method, headers and body as they arrived."""
        with self._lock:
            return [r for r in self.received if r.path == path]

    def request_count(self, path: str) -> int:
        return self.requests.get(path, 0)

    def _story_at(self, path: str) -> Story:
        try:
            return self.stories[path]
        except KeyError:
            raise KeyError(f"no story at {path!r}; the origin serves {', '.join(self.stories) or 'none'}") from None

    def advance_many(self, fraction: float, seed: int = 1) -> list[int]:
        """Changes ``fraction`` of the synthetic articles; returns their numbers."""
        rng = random.Random(seed)
        picked = rng.sample(range(self.articles), int(self.articles * fraction))
        with self._lock:
            for n in picked:
                self.article_versions[n] = self.article_versions.get(n, 0) + 1
        return picked

    # -- serving -----------------------------------------------------------

    def _count(self, path: str) -> None:
        with self._lock:
            self.requests[path] = self.requests.get(path, 0) + 1

    async def _story(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            return await self._serve_story(request)
        finally:
            with self._lock:
                self.active -= 1

    async def _serve_story(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self._count(path)
        body = await request.read() if request.can_read_body else b""
        with self._lock:
            headers = {k.lower(): v for k, v in request.headers.items()}
            self.received.append(Received(request.method, path, headers, body))
        if path in self.routes:
            return await self.routes[path](request)
        if path in self.documents:
            content_type, doc = self.documents[path]
            return web.Response(body=doc, headers={"Content-Type": content_type})
        if path.endswith(".json") and path.removesuffix(".json") in self.stories:
            s = self.stories[path.removesuffix(".json")]
            return web.Response(text=live_json(s.title, s.text, s.modified), content_type="application/json")
        story = self.stories.get(path.rstrip("~"))
        if story is None:
            raise web.HTTPNotFound(text="no such story")
        fault = story.fault
        if fault == "500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "404":
            return web.Response(status=404, text="Not Found")
        if fault == "429":
            return web.Response(status=429, text="Too Many Requests", headers={"Retry-After": str(story.retry_after)})
        if fault == "slow":
            await asyncio.sleep(story.slow_seconds)
        if fault == "redirect_loop":
            raise web.HTTPFound(location=path.rstrip("~") if path.endswith("~") else path + "~")
        if fault in _BAD_REDIRECTS:
            return web.Response(status=302, headers={"Location": _BAD_REDIRECTS[fault]})
        if fault == "error_200":
            return web.Response(text=ERROR_PAGE, content_type="text/html", charset="utf-8")
        if fault == "garbage":
            return web.Response(body=bytes(self._rng.randrange(256) for _ in range(4096)),
                                content_type="application/octet-stream")
        if fault == "huge":
            return await self._huge(request)
        if story.conditional and fault == "none":  # a faulty server does not answer 304
            inm = request.headers.get("If-None-Match")
            ims = request.headers.get("If-Modified-Since")
            if (inm and _etag_matches(inm, story.etag)) or (not inm and ims and _not_after(story.modified, ims)):
                return web.Response(status=304, headers=self._validators(story))
        self._tick += 1
        minutes = (self._tick % 59) + 1 if story.noise else 3
        ad = self._rng.choice(ADS) + f" #{self._tick}" if story.noise else ADS[0]
        html = render_article(story.title, story.text, minutes_ago=minutes, ad=ad)
        headers = self._validators(story) if story.conditional else {}
        if fault in ("wrong_charset", "wrong_charset_latin1"):
            # What misconfigured CMSs do, in both directions; the page's own
            # <meta charset> is rewritten to agree with the header.
            declared, sent = ("utf-8", "cp1252") if fault == "wrong_charset" else ("iso-8859-1", "utf-8")
            page = html.replace('<meta charset="utf-8">', f'<meta charset="{declared}">', 1)
            return web.Response(body=page.encode(sent, "replace"), headers=headers, content_type="text/html",
                                charset=declared)
        if fault == "drip":
            return await self._drip(request, html.encode())
        if fault.startswith("utf16_"):
            return _utf16(fault, html, headers)
        if fault.startswith("charset_"):
            return web.Response(body=html.encode(), headers={**headers, "Content-Type":
                                f"text/html; charset={fault.removeprefix('charset_')}"})
        if fault == "trickle_headers":
            return await self._trickle_headers(request, html.encode(), story.trickle_seconds)
        if fault == "truncated":
            body = html.encode()
            resp = web.StreamResponse(headers={**headers, "Content-Type": "text/html; charset=utf-8",
                                               "Content-Length": str(len(body) * 2)})
            await resp.prepare(request)
            await resp.write(body[: len(body) // 2])
            request.transport.close()
            return resp
        return web.Response(text=html, headers=headers, content_type="text/html", charset="utf-8")

    async def _drip(self, request: web.Request, body: bytes) -> web.StreamResponse:
        # Each write lands well inside any read timeout, so only a deadline
        # on the whole body stops the client.
        resp = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        try:
            for i in range(0, len(body), 16):
                await resp.write(body[i : i + 16])
                await asyncio.sleep(0.2)
        except ConnectionError:  # the client hung up, as it should
            pass
        return resp

    async def _trickle_headers(self, request: web.Request, body: bytes, pause: float) -> web.StreamResponse:
        # Written straight to the socket: aiohttp sends a response's headers
        # in one piece. Every byte lands well inside any read timeout, so
        # only a deadline that covers the headers stops the client.
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        transport = request.transport
        try:
            for i in range(len(head)):
                if transport is None or transport.is_closing():
                    break
                transport.write(head[i : i + 1])
                await asyncio.sleep(pause)
            else:
                transport.write(body)
        finally:
            if transport is not None:
                transport.close()
        # Never sent: the connection is closed; aiohttp only needs a response object.
        return web.Response(status=200)

    def _validators(self, story: Story) -> dict[str, str]:
        return {"ETag": story.etag, "Last-Modified": format_datetime(story.modified, usegmt=True)}

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        # Chunked, no Content-Length: the client must stop reading by itself.
        resp = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        try:
            for _ in range(50 * 16):
                await resp.write(chunk)  # waits while the client is not reading
                sent += len(chunk)
        except ConnectionError:  # the client hung up, as it should
            pass
        finally:
            # What left this server: a client that stops reading stops this
            # well short of 50 MB (plus what socket buffers held).
            self.bytes_sent[request.path] = sent
        return resp

    async def _scripted(self, request: web.Request) -> web.Response:
        """``/js/story/x``: story ``/story/x`` as a page whose script writes the text,
        fetched from ``/api/story/x.json`` (the current version's paragraphs)."""
        self._count(request.path)
        path = "/" + request.match_info["tail"]
        story = self.stories.get(path.removesuffix(".json"))
        if story is None:
            raise web.HTTPNotFound(text="no such story")
        if request.path.startswith("/api/"):
            paras = [p.strip() for p in story.text.split("\n\n") if p.strip()]
            return web.json_response({"title": story.title, "paragraphs": paras})
        self._tick += 1
        html = render_scripted(story.title, f"/api{path}.json", minutes_ago=(self._tick % 59) + 1 if story.noise else 3,
                               ad=self._rng.choice(ADS) + f" #{self._tick}" if story.noise else ADS[0])
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def _article(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        self._count(request.path)
        if n >= self.articles:
            raise web.HTTPNotFound()
        version = self.article_versions.get(n, 0)
        headers = {}
        if self.article_validators:
            headers = {"ETag": f'W/"a{n}-v{version}"',
                       "Last-Modified": format_datetime(_EPOCH + timedelta(hours=version), usegmt=True)}
            if request.headers.get("If-None-Match") == headers["ETag"]:
                return web.Response(status=304, headers=headers)
        self._tick += 1
        html = render_article(f"Report {n}", synthetic_article(n, version), minutes_ago=(self._tick % 59) + 1,
                              ad=f"{ADS[self._tick % len(ADS)]} #{self._tick}")
        return web.Response(text=html, headers=headers, content_type="text/html", charset="utf-8")

    async def _advance(self, request: web.Request) -> web.Response:
        path = request.query.get("path")
        if path and path not in self.stories:
            raise web.HTTPNotFound(text="no such story")
        return web.json_response({"index": self.advance(path)})

    async def _fault(self, request: web.Request) -> web.Response:
        q = request.query
        try:
            slow = float(q["slow"]) if "slow" in q else None
            trickle = float(q["trickle"]) if "trickle" in q else None
            self.set_fault(q["path"], q.get("mode", "none"), slow_seconds=slow, trickle_seconds=trickle)
        except (KeyError, ValueError) as e:
            raise web.HTTPBadRequest(text=str(e)) from None
        return web.json_response({"ok": True})

    async def _configure(self, request: web.Request) -> web.Response:
        q = request.query

        def flag(name: str) -> bool | None:
            return None if name not in q else q[name].lower() in ("1", "true", "yes", "on")

        try:
            self.configure(q["path"], noise=flag("noise"), validators=flag("validators"))
        except KeyError as e:
            raise web.HTTPBadRequest(text=str(e)) from None
        return web.json_response({"ok": True})

    async def _requests(self, request: web.Request) -> web.Response:
        with self._lock:
            return web.json_response(dict(self.requests))

    async def _feed(self, request: web.Request) -> web.Response:
        return web.Response(text=rss_feed(self.base, self._listing()), content_type="application/rss+xml")

    async def _atom(self, request: web.Request) -> web.Response:
        return web.Response(text=atom_feed(self._listing(), updated=_EPOCH), content_type="application/atom+xml")

    def _listing(self) -> list[tuple[str, str, datetime]]:
        return [(p, s.title, s.modified) for p, s in self.stories.items()]

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/_advance", self._advance)
        app.router.add_post("/_fault", self._fault)
        app.router.add_post("/_configure", self._configure)
        app.router.add_get("/_requests", self._requests)
        app.router.add_get("/feed.xml", self._feed)
        app.router.add_get("/feed.atom", self._atom)
        app.router.add_get("/article/{n:\\d+}", self._article)
        app.router.add_get("/js/{tail:story/.+}", self._scripted)
        app.router.add_get("/api/{tail:story/.+\\.json}", self._scripted)
        app.router.add_route("*", "/{tail:.*}", self._story)
        return app

    def start(self) -> Origin:
        ready = threading.Event()
        error: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                # Slow and streaming fault handlers must not hold up stop().
                self._runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=0.5)
                loop.run_until_complete(self._runner.setup())
                site = web.TCPSite(self._runner, "127.0.0.1", self.port, backlog=1024)
                loop.run_until_complete(site.start())
                self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            except BaseException as e:  # report to the starting thread
                error.append(e)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            # Handlers still sleeping or streaming (slow, drip, huge) end here,
            # not as "Task was destroyed but it is pending" at exit.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=serve, name="origin", daemon=True)
        self._thread.start()
        ready.wait(10)
        if error:
            raise error[0]
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> Origin:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _utf16(fault: str, html: str, headers: dict[str, str]) -> web.Response:
    """The page in UTF-16, declared by a byte-order mark, the header or only its own meta tag."""
    page = html.replace('<meta charset="utf-8">', '<meta charset="utf-16">', 1)
    if fault == "utf16_bom":
        return web.Response(body=page.encode("utf-16"), headers={**headers, "Content-Type": "text/html"})
    if fault == "utf16_header":
        return web.Response(body=page.encode("utf-16-le"),
                            headers={**headers, "Content-Type": "text/html; charset=utf-16le"})
    return web.Response(body=page.encode("utf-16-le"), headers={**headers, "Content-Type": "text/html"})


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses weak comparison: ``W/"x"`` matches ``"x"``, and ``*`` matches anything."""
    if header.strip() == "*":
        return True
    strong = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == strong for tag in header.split(","))


def _not_after(modified: datetime, header: str) -> bool:
    try:
        return modified <= parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
