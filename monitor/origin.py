"""A local news site whose stories change: for ``monitor demo``, the tests and
the benchmarks. It serves on 127.0.0.1 only.

Pages look like real article pages (navigation, an ad that rotates on every
request, an "Updated N minutes ago" widget that ticks, a photo with a
caption, related links, a footer and scripts), so extraction is tested
against the noise real pages carry. Each story advances through its versions
on request; ETag and Last-Modified follow the story version, not the noise.
Fault modes make a path misbehave the way real sites do.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape

from aiohttp import web

FAULTS = ("none", "500", "404", "slow", "truncated", "wrong_charset", "huge", "redirect_loop", "error_200",
          "garbage")
_EPOCH = datetime(2025, 5, 15, 6, 0, tzinfo=UTC)

_NAV = ["World", "Ukraine", "Politics", "Business", "Opinion", "Culture", "Sport", "Newsletters", "Podcasts"]
_RELATED = ["Zelensky arrives in Ankara ahead of expected talks", "Explainer: who is in Russia's delegation",
            "Prisoner exchanges since 2022, in numbers", "Live: Ukraine war latest", "Opinion: what Istanbul means"]
_ADS = ["Subscribe for 1 EUR a month", "Download our app", "Become a member today", "Support independent journalism"]
_SCRIPT = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           "gtag('js',new Date());var a=document.querySelectorAll('.ad');for(var i=0;i<a.length;i++)"
           "{a[i].setAttribute('data-slot',i)}console.log('story page ready');")


@dataclass
class Story:
    versions: list[str]
    title: str = "Live: Russia–Ukraine talks in Istanbul"
    index: int = 0
    fault: str = "none"
    slow_seconds: float = 30.0
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


def render_article(title: str, text: str, *, minutes_ago: int = 3, ad: str = "", related=_RELATED) -> str:
    """A realistic ~30 KB article page around ``text`` (paragraphs split by blank lines)."""
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = []
    for i, p in enumerate(paras):
        if i == 0 and "(Source:" in p:
            body.append(
                '<figure class="lead-photo"><img src="/static/istanbul.jpg" alt="Delegations at the table" '
                f'width="1200" height="800"><figcaption>{escape(p)}</figcaption></figure>'
            )
        else:
            body.append(f"<p>{escape(p)}</p>")
    nav = "".join(f'<li><a href="/section/{n.lower()}">{n}</a></li>' for n in _NAV)
    rel = "".join(f'<li><a href="/story/{i}">{escape(r)}</a></li>' for i, r in enumerate(related))
    footer_links = "".join(f'<a href="/about/{i}">About us {i}</a> ' for i in range(40))
    padding = "".join(
        f'<link rel="preload" href="/static/font-{i}.woff2" as="font" type="font/woff2" crossorigin>'
        for i in range(20)
    )
    styles = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i:03x}}}" for i in range(600))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | The Local Independent</title>
<meta name="description" content="Live updates from the talks in Istanbul.">{padding}
<style>{styles}</style>
<script>{_SCRIPT}</script></head>
<body>
<header class="site-header"><a class="logo" href="/">The Local Independent</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<div class="ticker">Breaking news ticker: markets open higher; weather: 21°C in Kyiv</div></header>
<div class="ad ad-top" aria-label="Advertisement"><span>Advertisement</span> {escape(ad)}</div>
<main><article class="live-blog">
<h1 class="headline">{escape(title)}</h1>
<div class="byline">By Staff Reporter</div>
<div class="live-widget" data-live="1">Updated {minutes_ago} minutes ago</div>
<div class="article-body">
{chr(10).join(body)}
</div>
<div class="share">Share on Facebook · Share on X · Copy link</div>
</article>
<aside class="related"><h2>Related stories</h2><ul>{rel}</ul></aside>
<div class="ad ad-side"><span>Advertisement</span> {escape(ad)}</div>
</main>
<footer class="site-footer"><p>© 2025 The Local Independent. All rights reserved.</p>
<nav>{footer_links}</nav><p>Cookie settings · Privacy policy · Terms of use</p></footer>
<script>{_SCRIPT * 20}</script>
</body></html>
"""


ERROR_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Oops</title></head><body>"
              "<h1>Something went wrong</h1><p>Subscribe to continue reading.</p></body></html>")


def synthetic_article(n: int, version: int) -> str:
    """A deterministic article per (n, version): version bumps edit one paragraph."""
    rng = random.Random(n)
    places = ["Kyiv", "Kharkiv", "Odesa", "Istanbul", "Sumy", "Dnipro", "Lviv"]
    paras = []
    for p in range(12):
        sents = [
            f"Officials in {rng.choice(places)} said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that "
            f"{rng.randint(2, 900)} people were affected by the events described in report {n}-{p}-{s}."
            for s in range(4)
        ]
        paras.append(" ".join(sents))
    for v in range(1, version + 1):
        i = (n + v) % len(paras)
        paras[i] = paras[i].replace(" people were", f" people (revision {v}) were", 1)
    return "\n\n".join(paras)


class Origin:
    """The site. Use as a context manager, or ``start()``/``stop()``."""

    def __init__(self, stories: dict[str, list[str]] | None = None, *, articles: int = 0,
                 article_validators: bool = False) -> None:
        self.stories: dict[str, Story] = {p: Story(list(v)) for p, v in (stories or {}).items()}
        self.articles = articles
        self.article_validators = article_validators
        self.article_versions: dict[int, int] = {}
        self.requests: dict[str, int] = {}
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
        """Moves one story (or every story) to its next version; returns the index."""
        with self._lock:
            targets = [self.stories[path]] if path else list(self.stories.values())
            for s in targets:
                s.index = min(s.index + 1, len(s.versions) - 1)
            return targets[0].index if targets else 0

    def set_fault(self, path: str, mode: str, *, slow_seconds: float | None = None) -> None:
        if mode not in FAULTS:
            raise ValueError(f"unknown fault {mode!r}; choose from {', '.join(FAULTS)}")
        s = self.stories[path]
        s.fault = mode
        if slow_seconds is not None:
            s.slow_seconds = slow_seconds

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
        path = request.path
        self._count(path)
        story = self.stories.get(path.rstrip("~"))
        if story is None:
            raise web.HTTPNotFound(text="no such story")
        fault = story.fault
        if fault == "500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "404":
            return web.Response(status=404, text="Not Found")
        if fault == "slow":
            await asyncio.sleep(story.slow_seconds)
        if fault == "redirect_loop":
            raise web.HTTPFound(location=path.rstrip("~") if path.endswith("~") else path + "~")
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
            if inm == story.etag or (not inm and ims and _not_after(story.modified, ims)):
                return web.Response(status=304, headers=self._validators(story))
        self._tick += 1
        minutes = (self._tick % 59) + 1 if story.noise else 3
        ad = self._rng.choice(_ADS) + f" #{self._tick}" if story.noise else _ADS[0]
        html = render_article(story.title, story.text, minutes_ago=minutes, ad=ad)
        headers = self._validators(story) if story.conditional else {}
        if fault == "wrong_charset":
            # Declares UTF-8, sends Windows-1252: what a misconfigured CMS does.
            return web.Response(body=html.encode("cp1252", "replace"), headers=headers,
                                content_type="text/html", charset="utf-8")
        if fault == "truncated":
            body = html.encode()
            resp = web.StreamResponse(headers={**headers, "Content-Type": "text/html; charset=utf-8",
                                               "Content-Length": str(len(body) * 2)})
            await resp.prepare(request)
            await resp.write(body[: len(body) // 2])
            request.transport.close()
            return resp
        return web.Response(text=html, headers=headers, content_type="text/html", charset="utf-8")

    def _validators(self, story: Story) -> dict[str, str]:
        return {"ETag": story.etag, "Last-Modified": format_datetime(story.modified, usegmt=True)}

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        # Chunked, no Content-Length: the client must stop reading by itself.
        resp = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        try:
            for _ in range(50 * 16):
                await resp.write(chunk)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return resp

    async def _article(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        self._count("/article")
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
                              ad=f"{_ADS[self._tick % len(_ADS)]} #{self._tick}")
        return web.Response(text=html, headers=headers, content_type="text/html", charset="utf-8")

    async def _advance(self, request: web.Request) -> web.Response:
        path = request.query.get("path")
        if path and path not in self.stories:
            raise web.HTTPNotFound(text="no such story")
        return web.json_response({"index": self.advance(path)})

    async def _fault(self, request: web.Request) -> web.Response:
        try:
            self.set_fault(request.query["path"], request.query.get("mode", "none"))
        except (KeyError, ValueError) as e:
            raise web.HTTPBadRequest(text=str(e)) from None
        return web.json_response({"ok": True})

    async def _feed(self, request: web.Request) -> web.Response:
        items = "".join(
            f"<item><title>{escape(s.title)} {p}</title><link>{self.base}{p}</link><guid>{p}</guid></item>"
            for p, s in self.stories.items()
        )
        xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local Independent'
               f"</title><link>{self.base}/</link><description>Latest</description>{items}</channel></rss>")
        return web.Response(text=xml, content_type="application/rss+xml")

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/_advance", self._advance)
        app.router.add_post("/_fault", self._fault)
        app.router.add_get("/feed.xml", self._feed)
        app.router.add_get("/article/{n:\\d+}", self._article)
        app.router.add_get("/{tail:.*}", self._story)
        return app

    def start(self) -> Origin:
        ready = threading.Event()
        error: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                self._runner = web.AppRunner(self._app(), access_log=None)
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


def _not_after(modified: datetime, header: str) -> bool:
    try:
        return modified <= parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
