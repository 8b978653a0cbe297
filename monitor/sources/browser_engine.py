"""The one browser of a process: Playwright driving Chromium on a thread of its own.

Playwright speaks to the browser over a pipe, and every message is read on
the event loop that started it. Run on the loop of a round, a page that
floods the pipe (a large DOM, a script that logs without end) would take
time from every other watch. So the browser lives on its own thread with
its own event loop; a round only waits on a future (``Browser.render``).

One browser per process, started by the first page and started again after
it dies (crash, kill, a driver that exits). A bounded number of pages render
at once (``BrowserSettings.pages``); a read waits for a slot before its time
starts, like a request waiting for a connection. The pages are pooled, each
in a browser context of its own with the blocked request types refused:
a new page costs a renderer process (0.3 to 0.5 s here, of a read of about
1.1 s), a reused one does not (a read of about 0.65 s, most of it the 0.5 s
of network quiet that "idle" means). Between reads a page is wiped of the
site's cookies and storage, so no watch sees what another left (a paywall
counting free articles keeps its count there). Each read has a hard limit
from opening to HTML: past it the page is closed and the check fails with
what the page was still doing. A crashed
renderer, a dialog (alert, confirm, prompt: a page that waits for a person)
and a browser that exits each end the page at once with the reason; the
next page is unaffected.

Under an address policy (``sources.addresses``: served beyond loopback,
``monitor run --refuse-private``) a page reads in a context whose every
connection goes through a gate that refuses this machine and private
networks (``sources.browser_gate``); pages of the pool are kept apart by
policy as by user agent. A refused document fails the read with the gate's
reason; a refused image, script or ``fetch`` is only blocked.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from monitor.sources.addresses import AddressPolicy
from monitor.sources.base import Fetched, FetchOptions, failed
from monitor.sources.browser import BrowserSettings
from monitor.sources.browser_gate import Gate

CLOSE_SECONDS = 5.0  # closing one page's context; longer means the browser is wedged and is restarted
LAUNCH_SECONDS = 30.0
GRACE_SECONDS = 1.0  # how long a failed page waits to learn whether its renderer or browser died
SHOWN = 160  # characters of a page's dialog text quoted in an error
REUSE = 50  # reads one pooled page serves before its context is replaced
# What a site keeps in the browser besides cookies, wiped from a pooled page before its next read.
_WIPE = "() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"

# Whether the selector matches an element that has text yet: a script may add the element empty and fill it later.
_HAS_TEXT = "s => { const e = document.querySelector(s); return !!e && e.textContent.trim().length > 0; }"


@dataclass(frozen=True)
class Rendered:
    """The page as the browser ended up with it."""

    html: str
    title: str | None
    status: int | None
    final_url: str
    elapsed_ms: int


class _Tab:
    """A page of the pool, in a browser context of its own; ``trouble`` is the read it serves now;
    ``gate`` the way out its context was given (None: straight out, no address refused)."""

    def __init__(self, browser: Any, context: Any, page: Any, user_agent: str, gate: Gate | None) -> None:
        self.browser, self.context, self.page, self.user_agent, self.gate = browser, context, page, user_agent, gate
        self.uses = 0
        self.trouble: asyncio.Future[str] | None = None
        self.troubled = False
        self.failed_documents: list[str] = []  # URLs of the main frame's documents that failed in this read

    def fail(self, why: str) -> None:
        """A crash or a dialog: ends the current read with ``why``, and the page is not used again."""
        self.troubled = True
        if self.trouble is not None and not self.trouble.done():
            self.trouble.set_result(why)


class _Gone(Exception):
    """The browser went away under a page."""


def _first_line(e: BaseException) -> str:
    """Playwright's message without its call log (which follows on later lines)."""
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


class Browser:
    """``await browser.render(url, opts)`` from any event loop; ``close()`` from any thread."""

    def __init__(self, settings: BrowserSettings) -> None:
        self.settings = settings
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._start_lock = threading.Lock()
        # Created on the browser's own loop:
        self._pw: Any = None
        self._browser: Any = None
        self._gone: asyncio.Event | None = None
        self._slots: asyncio.Semaphore | None = None
        self._launch_lock: asyncio.Lock | None = None
        self._idle: list[_Tab] = []
        self._gates: dict[AddressPolicy, Gate] = {}
        self.launches = 0
        self.pages_opened = 0
        atexit.register(self.close)

    # -- from the caller's side ---------------------------------------------

    async def render(self, url: str, opts: FetchOptions, policy: AddressPolicy | None = None) -> Rendered | Fetched:
        """The rendered page, or a failed ``Fetched`` saying why; never raises for a page's fault.
        ``policy``: the addresses the page may not connect to, for any of its requests."""
        if policy is not None and not policy.refuse_private:
            policy = None
        fut = asyncio.run_coroutine_threadsafe(self._render(url, opts, policy), self._running_loop())
        return await asyncio.wrap_future(fut)

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float | None = None) -> Any:
        """Runs ``coro`` on the browser's loop and waits (for tests and benchmarks: ``pids``, ``close``)."""
        return asyncio.run_coroutine_threadsafe(coro, self._running_loop()).result(timeout)

    def close(self) -> None:
        """Closes the browser and stops its thread; a later page starts both again."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        # Closing must not raise at exit; the driver ends the browser when its pipe closes anyway.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(LAUNCH_SECONDS)
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._close_gates(), loop).result(CLOSE_SECONDS)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(LAUNCH_SECONDS)
        self._thread = self._loop = None

    def browser_pid(self) -> int | None:
        """The process id of the running browser, if any (from the process tree: Playwright does not say)."""
        tree = chromium_processes()
        tops = [p for p, (parent, _) in tree.items() if parent not in tree]
        return tops[0] if tops else None

    # -- the browser's own thread --------------------------------------------

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._start_lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                ready = threading.Event()
                loop = asyncio.new_event_loop()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    self._slots = asyncio.Semaphore(self.settings.pages)
                    self._launch_lock = asyncio.Lock()
                    self._gone = asyncio.Event()
                    ready.set()
                    loop.run_forever()
                    loop.close()

                self._thread = threading.Thread(target=serve, name="browser", daemon=True)
                self._loop = loop
                self._thread.start()
                ready.wait()
            return self._loop

    async def _launch(self) -> Any:
        assert self._launch_lock is not None
        async with self._launch_lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            await self._shutdown()
            from playwright.async_api import async_playwright

            s = self.settings
            # WebRTC's UDP would pass a context's gate by (a STUN request to 127.0.0.1 leaves a page whatever
            # its proxy): UDP only through a proxy, which no page has, so none at all. Pages read for their text.
            args = ["--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
                    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
                    f"--js-flags=--max-old-space-size={s.js_heap_mb}"]
            try:
                async with asyncio.timeout(LAUNCH_SECONDS):
                    self._pw = await async_playwright().start()
                    self._browser = await self._pw.chromium.launch(
                        executable_path=s.executable, headless=True, args=args, timeout=0)
            except BaseException as e:
                await self._shutdown()
                where = s.executable or "Playwright's own Chromium"
                if isinstance(e, TimeoutError):
                    raise _Gone(f"the browser ({where}) did not start within {LAUNCH_SECONDS:g} s") from None
                if isinstance(e, asyncio.CancelledError):
                    raise
                raise _Gone(f"cannot start the browser ({where}): {_first_line(e)}; "
                            "set MONITOR_CHROMIUM to a Chromium or Chrome binary") from None
            gone = asyncio.Event()
            self._gone = gone
            self._browser.on("disconnected", lambda _b: gone.set())
            self.launches += 1
            return self._browser

    async def _shutdown(self) -> None:
        browser, pw = self._browser, self._pw
        self._browser = self._pw = None
        self._idle.clear()  # their contexts close with the browser
        for step in ((browser.close if browser is not None else None), (pw.stop if pw is not None else None)):
            if step is None:
                continue
            try:
                async with asyncio.timeout(CLOSE_SECONDS):
                    await step()
            except Exception:  # already gone, or wedged: the driver exits with its pipe and takes it along
                pass

    async def _gate(self, policy: AddressPolicy | None) -> Gate | None:
        """The gate for ``policy``, started on first use and kept for the life of this thread."""
        if policy is None:
            return None
        if policy not in self._gates:
            self._gates[policy] = await Gate(policy).start()
        return self._gates[policy]

    async def _close_gates(self) -> None:
        gates, self._gates = list(self._gates.values()), {}
        for gate in gates:
            await gate.close()

    async def _render(self, url: str, opts: FetchOptions, policy: AddressPolicy | None = None) -> Rendered | Fetched:
        assert self._slots is not None
        async with self._slots:
            started = time.perf_counter()
            limit = min(self.settings.page_seconds, opts.timeout_total)
            try:
                browser = await self._launch()
            except _Gone as e:
                return failed(str(e), transient=True)
            state = {"doing": "opening the page"}
            tab: _Tab | None = None
            clean = False
            try:
                async with asyncio.timeout(limit):
                    tab = await self._tab(browser, opts.user_agent, await self._gate(policy))
                    got = await self._page(tab, url, opts, state)
                    clean = not tab.troubled
            except TimeoutError:
                got = failed(f"the page did not settle within {limit:g} s (still {state['doing']})", transient=True)
            except _Gone as e:
                got = failed(str(e), transient=True)
            except Exception as e:
                if not browser.is_connected():
                    got = failed(f"the browser exited while {state['doing']}; it is started again for the next page",
                                 transient=True)
                else:
                    got = failed(f"browser error while {state['doing']}: {_first_line(e)}", transient=True)
            finally:
                if tab is not None:
                    await self._give_back(tab, clean and browser is self._browser)
            if isinstance(got, Rendered):
                got = Rendered(got.html, got.title, got.status, got.final_url,
                               int((time.perf_counter() - started) * 1000))
            return got

    async def _tab(self, browser: Any, user_agent: str, gate: Gate | None) -> _Tab:
        """An idle page of the pool for this browser, user agent and gate, else a new one in a fresh context."""
        while self._idle:
            tab = self._idle.pop()
            if tab.browser is browser and tab.user_agent == user_agent and tab.gate is gate \
                    and not tab.page.is_closed():
                return tab
            await self._discard(tab)
        # Under a policy every connection of the context goes through its gate, this machine's too
        # ("<-loopback>": Chromium would otherwise connect to loopback addresses directly).
        proxy = {"server": gate.url, "bypass": "<-loopback>"} if gate is not None else None
        context = await browser.new_context(user_agent=user_agent, service_workers="block", accept_downloads=False,
                                            proxy=proxy)
        try:
            tab = _Tab(browser, context, await context.new_page(), user_agent, gate)
            self.pages_opened += 1
            blocked = frozenset(self.settings.block)
            if blocked:
                async def route(r: Any) -> None:
                    try:
                        if r.request.resource_type in blocked:
                            await r.abort("blockedbyclient")
                        else:
                            await r.continue_()
                    except Exception:  # the page closed meanwhile
                        pass
                await context.route("**/*", route)
        except BaseException:
            await self._close_context(context)
            raise
        tab.page.on("crash", lambda _p: tab.fail("the page's renderer crashed (out of memory, or a browser fault)"))

        def document_failed(request: Any) -> None:  # the main frame's document, or a redirect hop of it
            with contextlib.suppress(Exception):
                if request.is_navigation_request() and request.frame.parent_frame is None:
                    tab.failed_documents.append(request.url)
        if gate is not None:
            tab.page.on("requestfailed", document_failed)

        def popup(other: Any) -> None:  # a window the page opened: closed, so a pooled context keeps one page
            if other is not tab.page:
                asyncio.ensure_future(_close_quietly(other))
        context.on("page", popup)

        async def on_dialog(d: Any) -> None:
            if d.type != "beforeunload":
                text = " ".join((d.message or "").split())
                shown = text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
                tab.fail(f"the page opened a dialog ({d.type}: {shown!r}) and waits for a person to answer it")
            with contextlib.suppress(Exception):
                await d.dismiss()
        tab.page.on("dialog", on_dialog)
        return tab

    async def _give_back(self, tab: _Tab, clean: bool) -> None:
        """A page that ended well goes back to the pool, wiped of what the site kept (cookies, its storage:
        a paywall's meter of free articles lives there); any other page, or one used ``REUSE`` times, is closed."""
        tab.uses += 1
        if clean and tab.uses < REUSE:
            try:
                async with asyncio.timeout(CLOSE_SECONDS):
                    with contextlib.suppress(Exception):  # a page whose origin has no storage
                        await tab.page.evaluate(_WIPE)
                    await tab.context.clear_cookies()
                    await tab.page.goto("about:blank", timeout=0)
                tab.trouble = None
                self._idle.append(tab)
                return
            except Exception:
                pass
        await self._discard(tab)

    async def _discard(self, tab: _Tab) -> None:
        if tab.browser is self._browser and tab.browser.is_connected():  # else it went with its browser
            await self._close_context(tab.context)

    async def _close_context(self, context: Any) -> None:
        try:
            async with asyncio.timeout(CLOSE_SECONDS):
                await context.close()
        except Exception:
            if self._browser is not None and self._browser.is_connected():
                # A context that will not close is a wedged browser: start afresh rather than leak pages.
                await self._shutdown()

    async def _page(self, tab: _Tab, url: str, opts: FetchOptions, state: dict[str, str]) -> Rendered | Fetched:
        page = tab.page
        trouble: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        tab.trouble = trouble
        tab.failed_documents = []
        since = time.monotonic()

        async def load() -> Rendered | Fetched:
            state["doing"] = "loading"
            try:
                response = await page.goto(url, wait_until="domcontentloaded", timeout=0)
            except Exception:
                if refusal := self._refused_document(tab, url, since):
                    return refusal
                raise
            status = response.status if response is not None else None
            if status is not None and status >= 400:
                return failed(f"HTTP {status} {response.status_text or ''}", http_status=status,
                              transient=status in (408, 425, 429, 500, 502, 503, 504), final_url=page.url)
            if opts.selector:
                state["doing"] = f"waiting for CSS selector {opts.selector!r} to have text"
                await page.wait_for_function(_HAS_TEXT, arg=opts.selector, timeout=0, polling=100)
            else:
                state["doing"] = "waiting for the network to be idle"
                await page.wait_for_load_state("networkidle", timeout=0)
            if refusal := self._refused_document(tab, None, since):  # the page sent itself somewhere refused
                return refusal
            state["doing"] = "reading the rendered page"
            html = await page.content()
            return Rendered(html=html, title=await page.title() or None, status=status, final_url=page.url,
                            elapsed_ms=0)

        work = asyncio.ensure_future(load())
        gone = asyncio.ensure_future(self._wait_gone())
        try:
            await asyncio.wait({work, trouble, gone}, return_when=asyncio.FIRST_COMPLETED)
            if work.done() and work.exception() is not None and not (trouble.done() or gone.done()):
                # "Target closed" can arrive before the news of why: give a crash or an exit a moment to be told.
                await asyncio.wait({trouble, gone}, timeout=GRACE_SECONDS)
        finally:
            gone.cancel()
            if not work.done():
                work.cancel()
                await asyncio.gather(work, return_exceptions=True)
        if trouble.done():  # a crash or a dialog explains whatever the load then raised
            return failed(trouble.result())
        if gone.done() and not gone.cancelled():
            raise _Gone(f"the browser exited while {state['doing']}; it is started again for the next page")
        return work.result()

    @staticmethod
    def _refused_document(tab: _Tab, url: str | None, since: float) -> Fetched | None:
        """The gate's reason when the main frame's document (``url``, a redirect hop, or a page the document
        moved on to) was refused or could not be reached through it during this read."""
        if tab.gate is None:
            return None
        from urllib.parse import urlsplit

        for address in [*reversed(tab.failed_documents), *([url] if url else [])]:
            with contextlib.suppress(ValueError):
                if got := tab.gate.reason(urlsplit(address).hostname, since):
                    why, refusal = got
                    return failed(why, transient=not refusal)
        return None

    async def _wait_gone(self) -> None:
        assert self._gone is not None
        await self._gone.wait()


async def _close_quietly(page: Any) -> None:
    with contextlib.suppress(Exception):
        await page.close()


def chromium_processes() -> dict[int, tuple[int, int]]:
    """The Chromium processes started from this process: pid -> (parent pid, resident bytes).

    Read from ``/proc`` (Linux); empty elsewhere. The browser is a grandchild
    (this process, Playwright's driver, the browser), its renderers and
    helpers its descendants.
    """
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return {}
    page = os.sysconf("SC_PAGE_SIZE")
    info: dict[int, tuple[int, str, int]] = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss = int(f.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
        comm = stat[stat.index("(") + 1: stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2:].split()[1])
        info[pid] = (parent, comm, rss)
    mine = {os.getpid()}
    grew = True
    while grew:  # descendants of this process
        grew = False
        for pid, (parent, _, _) in info.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                grew = True
    return {pid: (parent, rss) for pid, (parent, comm, rss) in info.items()
            if pid in mine and pid != os.getpid() and "chrom" in comm.lower()}
