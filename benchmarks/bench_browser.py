"""Rendered pages per second beside plain fetches, and the browser's memory.

What it answers: what a ``render = true`` watch costs next to an ordinary one
on this machine, and how much memory the one browser of a process takes.

Method. ``monitor.origin.Origin`` serves, from a thread of this process,
PAGES synthetic article pages (``/article/<n>``, about 30 KB each, ads,
scripts, 20 preloaded fonts) and as many stories whose text a script writes
after load (``/js/story/<n>``). In the same run:

- plain: every article through the http source and the page extraction
  (``sources.http.fetch_many``, 50 at a time), the baseline;
- rendered: the same articles, then the scripted stories, through the
  browser source (``sources.browser.render``) with its defaults (4 pages at
  once, images, fonts and media blocked, waiting for the network to be idle,
  which by its definition costs at least 0.5 s a page), then again with 8
  pages at once.

The browser is started (and timed) before the rendered rounds, so they
measure pages, not the launch. Memory is the browser's process tree
(``sources.browser_engine.chromium_processes``: the browser, its renderers,
GPU and utility processes), sampled every 50 ms while pages render: the sum
of RSS (counts shared pages once per process, so it overstates) and the sum
of PSS (shared pages divided among their users: the better figure), idle
after launch and at the peak. Needs Playwright and a Chromium (see the
README); without them it says so and measures nothing.
"""

from __future__ import annotations

import asyncio
import threading
import time

PAGES = 40


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_memory() -> tuple[int, int, int]:
    """(processes, summed RSS in MB, summed PSS in MB) of this process's browser."""
    from monitor.sources.browser_engine import chromium_processes

    procs = chromium_processes()
    rss = sum(r for _, r in procs.values()) // (1024 * 1024)
    pss = sum(_pss_kb(p) for p in procs) // 1024
    return len(procs), rss, pss


def breakdown() -> str:
    """PSS of the browser's processes by type (browser, renderer, gpu-process, utility ...), in MB."""
    import re

    from monitor.sources.browser_engine import chromium_processes

    kinds: dict[str, list[int]] = {}
    for pid in chromium_processes():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kind = re.search(r"--type=(\S+)", cmd)
        kinds.setdefault(kind.group(1) if kind else "browser", []).append(_pss_kb(pid) // 1024)
    return ", ".join(f"{k} {len(v)} x {sum(v) // len(v)} MB" for k, v in sorted(kinds.items()))


class Sampler:
    """The peak of ``tree_memory`` while it runs."""

    def __init__(self) -> None:
        self.peak = (0, 0, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = tree_memory()
            if now[2] > self.peak[2]:
                self.peak = now
            time.sleep(0.05)

    def stop(self) -> tuple[int, int, int]:
        self._stop.set()
        self._thread.join()
        return self.peak


def _rate(label: str, n: int, seconds: float, results: list) -> float:
    ok = sum(1 for r in results if r.status == "ok")
    rate = n / seconds
    print(f"{label:<46} {n:>5} {seconds:>8.2f} {rate:>9.1f} {ok:>5}")
    return rate


def run() -> bool:
    from monitor.origin import Origin, synthetic_article
    from monitor.sources.base import FetchOptions
    from monitor.sources.browser import BrowserSettings, configure, find_chromium, playwright_missing, render
    from monitor.sources.http import fetch_many

    if why := playwright_missing():
        print(f"skipped: {why}")
        return True
    if not find_chromium():
        print("skipped: no Chromium on PATH (set MONITOR_CHROMIUM, or install Debian's chromium)")
        return True
    stories = {f"/story/{n}": [synthetic_article(n, 0)] for n in range(PAGES)}
    with Origin(stories, articles=PAGES) as site:
        articles = [site.url(f"/article/{n}") for n in range(PAGES)]
        scripted = [site.url(f"/js/story/{n}") for n in range(PAGES)]
        opts = FetchOptions(retries=0)
        print(f"{'round':<46} {'pages':>5} {'seconds':>8} {'pages/s':>9} {'ok':>5}")

        async def plain() -> list:
            return await fetch_many(articles, options=opts)

        t0 = time.perf_counter()
        got = asyncio.run(plain())
        plain_rate = _rate("plain: http source + extraction", PAGES, time.perf_counter() - t0, got)

        rates: dict[str, float] = {}
        launched = idle = (0, 0, 0)
        pooled = ""
        peak = (0, 0, 0)
        for pages in (4, 8):
            configure(BrowserSettings(executable=BrowserSettings.from_env().executable, pages=pages))
            t0 = time.perf_counter()
            warm = asyncio.run(render(site.url("/article/0"), opts))  # starts the browser
            launch = time.perf_counter() - t0
            assert warm.status == "ok", warm.error
            if pages == 4:
                launched = (launch, *tree_memory()[1:])
                idle = tree_memory()
            sampler = Sampler()

            async def rendered(urls: list[str]) -> list:
                return list(await asyncio.gather(*(render(u, opts) for u in urls)))

            for what, urls in (("articles", articles), ("scripted stories", scripted)):
                t0 = time.perf_counter()
                got = asyncio.run(rendered(urls))
                rates[f"{what}, {pages}"] = _rate(f"rendered: {what}, {pages} pages at once", PAGES,
                                                  time.perf_counter() - t0, got)
            now = sampler.stop()
            peak = max(peak, now, key=lambda m: m[2])
            if pages == 4:
                pooled = breakdown()
        configure(None)
    print()
    print(f"browser launch and first page: {launched[0]:.2f} s")
    print(f"browser memory idle (after one page): {idle[0]} processes, RSS sum {idle[1]} MB, PSS sum {idle[2]} MB")
    print(f"browser processes with the 4 pooled pages idle (PSS, average of each type): {pooled}")
    print(f"browser memory peak while rendering: {peak[0]} processes, RSS sum {peak[1]} MB, PSS sum {peak[2]} MB")
    best = max(rates.values())
    print(f"plain fetches are {plain_rate / rates['articles, 4']:.0f}x the rendered pages/s at the default 4 pages "
          f"({plain_rate / best:.0f}x at the best rendered rate)")
    return True
