"""The browser source against the local news site: a story a script writes after load.

The site's ``/js/story/...`` page is a shell whose script fetches the
story's paragraphs and writes them in, a moment after load. The http source
reads the shell; the browser source reads the statements, and the check
pipeline finds the seed story's US-participation edit in them. Pages that
never settle, crash their renderer or open a dialog, and a browser killed
mid-page, each fail their own read with the reason, and the next read works.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web

from monitor.run.check import CheckSettings
from monitor.run.round import check_claims
from monitor.sources.base import FetchOptions
from monitor.sources.browser import BrowserSettings, render
from monitor.sources.browser_engine import Browser, chromium_processes
from monitor.store import (
    add_watch,
    changes_for,
    claim_due,
    get_engine,
    latest_snapshot,
    session_scope,
    snapshot_text,
    utcnow,
)
from tests.origin import STORY, seed_versions
from tests.sources.helpers import fetch

JS_STORY = "/js" + STORY
US_BEFORE = "The United States said it would also be present in the negotiations."
US_AFTER = "the United States ultimately did not participate in the negotiations"
SETTINGS = CheckSettings(notifiers=({"type": "file", "directory": "alerts-test"},))


def page(html: str):
    """An aiohttp handler serving one fixed page."""
    async def handler(_request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html", charset="utf-8")
    return handler


ARTICLE = "<h1>Talks</h1><article><p>The talks in Istanbul are over after two hours, officials said.</p></article>"
# Asks the server something every 100 ms for ever: the network is never idle.
BUSY = ARTICLE + "<script>setInterval(function(){fetch('/poll?'+Date.now())},100)</script>"
# Hoards memory until the renderer's JavaScript heap (64 MB in these tests) runs out.
HOARD = ARTICLE + "<script>var a=[];while(true){a.push({x:Math.random(),y:[1,2,3]})}</script>"
# A paywall's meter: counts visits in local storage and a cookie, and says so in the text.
METER = ("<article><p id='m'></p></article><script>var n=parseInt(localStorage.getItem('n')||'0')+1;"
         "localStorage.setItem('n',n);var c=document.cookie.indexOf('seen=1')>=0;document.cookie='seen=1;max-age=3600';"
         "document.getElementById('m').textContent='This is free article '+n+' of 3 this month, and the cookie is '+"
         "(c?'kept':'fresh')+'.';</script>")
POPUP = ARTICLE + "<script>window.open('/poll');window.open('/poll');</script>"
ALERT = ARTICLE + "<script>alert('Subscribe to continue reading');</script>"


@pytest.fixture
def site(make_origin):
    """The seed story at v4 (the US 'would also be present'), plus the misbehaving pages."""
    o = make_origin({STORY: seed_versions()})
    for _ in range(3):
        o.advance(STORY)
    for path, html in (("/busy", BUSY), ("/hoard", HOARD), ("/alert", ALERT), ("/meter", METER), ("/popup", POPUP)):
        o.add_route(path, page(html))
    o.add_route("/poll", page("ok"))
    return o


def read(url: str, **kw) -> object:
    return asyncio.run(render(url, FetchOptions(**kw)))


def test_the_plain_source_sees_the_shell_and_the_browser_the_statements(browser, site) -> None:
    plain = fetch(site.url(JS_STORY))
    assert "United States" not in (plain.text or ""), plain.text
    got = read(site.url(JS_STORY))
    assert got.status == "ok", got.error
    assert US_BEFORE in got.text
    assert got.http_status == 200 and got.final_url == site.url(JS_STORY)
    # The script's request for the story reached the site; the 20 fonts the page preloads were never asked for.
    assert site.request_count("/api/story/istanbul-talks.json") == 1
    assert not [p for p in site.requests if p.startswith("/static/")], site.requests


def test_a_pooled_page_is_reused_and_keeps_nothing_of_the_last_read(browser, site) -> None:
    texts, opened = [], []
    for _ in range(3):
        got = read(site.url("/meter"))
        assert got.status == "ok", got.error
        texts.append(got.text)
        opened.append(browser.pages_opened)
    assert texts == ["This is free article 1 of 3 this month, and the cookie is fresh."] * 3
    assert opened[0] == opened[1] == opened[2]  # one page served all three reads


def test_windows_a_page_opens_are_closed(browser, site) -> None:
    got = read(site.url("/popup"))
    assert got.status == "ok", got.error
    time.sleep(0.5)

    async def open_pages() -> list[int]:
        return [len(tab.context.pages) for tab in browser._idle]

    assert browser.run(open_pages()) and set(browser.run(open_pages())) == {1}


def test_blocking_is_a_setting(browser_settings, site) -> None:
    b = Browser(BrowserSettings(executable=browser_settings.executable, block=()))
    try:
        got = asyncio.run(b.render(site.url(JS_STORY), FetchOptions()))
        assert US_BEFORE in got.html
        assert site.request_count("/static/font-0.woff2") == 1
    finally:
        b.close()


def test_the_us_participation_edit_is_detected_through_the_browser(browser, site, tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'monitor.db'}")
    with session_scope(engine, write=True) as s:
        rendered = add_watch(s, "rendered", site.url(JS_STORY), kind="browser").id
        plain = add_watch(s, "plain", site.url(JS_STORY), kind="http").id

    def round_() -> dict[str, object]:
        claims = claim_due(engine, "test", limit=10, now=utcnow() + timedelta(days=1))
        return {r.watch: r for r in asyncio.run(check_claims(engine, claims, settings=SETTINGS, worker_id="test"))}

    first = round_()
    assert first["rendered"].outcome == "first", first["rendered"].error
    site.advance(STORY)  # v5: "Despite initially saying they would also be present, ... did not participate"
    second = round_()
    assert second["rendered"].outcome == "changed", second["rendered"].error
    with session_scope(engine) as s:
        snap = latest_snapshot(s, rendered)
        edits = [c for c in changes_for(s, snap.id) if c.kind == "edited" and "negation" in (c.aspects or [])]
        assert [(c.old, US_AFTER in c.new) for c in edits] == [(US_BEFORE, True)]
        shell = snapshot_text(latest_snapshot(s, plain))
    assert "United States" not in shell and "Staff Reporter" in shell
    engine.dispose()


def test_a_page_that_never_settles_fails_with_what_it_was_doing(browser, site) -> None:
    t0 = time.monotonic()
    got = read(site.url("/busy"), timeout_total=2)
    assert got.status == "failed" and got.transient
    assert got.error == "the page did not settle within 2 s (still waiting for the network to be idle)"
    assert time.monotonic() - t0 < 10
    # Waiting for a selector instead reads it: the text is there, only the network is busy.
    by_selector = read(site.url("/busy"), timeout_total=5, selector="article")
    assert by_selector.status == "ok", by_selector.error
    assert by_selector.text == "The talks in Istanbul are over after two hours, officials said."
    assert read(site.url(JS_STORY)).status == "ok"


def test_a_selector_that_never_gets_text_says_so(browser, site) -> None:
    got = read(site.url(JS_STORY), timeout_total=2, selector="#nowhere")
    assert got.error == "the page did not settle within 2 s (still waiting for CSS selector '#nowhere' to have text)"


def test_a_crashed_renderer_fails_its_page_only(browser, site) -> None:
    got = read(site.url("/hoard"))
    assert got.status == "failed"
    assert got.error == "the page's renderer crashed (out of memory, or a browser fault)"
    again = read(site.url(JS_STORY))
    assert again.status == "ok" and US_BEFORE in again.text


def test_a_dialog_fails_the_page_and_the_next_page_works(browser, site) -> None:
    got = read(site.url("/alert"))
    assert got.status == "failed"
    assert got.error == ("the page opened a dialog (alert: 'Subscribe to continue reading') "
                         "and waits for a person to answer it")
    assert read(site.url(JS_STORY)).status == "ok"


def test_a_killed_browser_fails_the_page_and_is_started_again(browser, site) -> None:
    assert read(site.url(JS_STORY)).status == "ok"  # the browser runs
    launches = browser.launches
    pid = browser.browser_pid()
    assert pid is not None and pid in chromium_processes()

    async def kill_mid_page():
        reading = asyncio.ensure_future(render(site.url("/busy"), FetchOptions()))
        await asyncio.sleep(1.0)
        os.kill(pid, signal.SIGKILL)
        return await reading

    got = asyncio.run(kill_mid_page())
    assert got.status == "failed" and got.transient
    assert got.error.startswith("the browser exited while waiting for the network to be idle"), got.error
    again = read(site.url(JS_STORY))
    assert again.status == "ok" and US_BEFORE in again.text
    assert browser.launches == launches + 1 and browser.browser_pid() not in (None, pid)


def test_a_page_that_never_settles_holds_up_no_other_watch(browser, site, tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'monitor.db'}")
    with session_scope(engine, write=True) as s:
        add_watch(s, "busy", site.url("/busy"), kind="browser")
        for i in range(5):
            add_watch(s, f"plain-{i}", site.url(STORY), kind="http")
    finished: list[tuple[str, float]] = []
    t0 = time.monotonic()
    claims = claim_due(engine, "test", limit=10, now=utcnow() + timedelta(days=1))
    asyncio.run(check_claims(engine, claims, settings=SETTINGS, worker_id="test",
                             on_done=lambda r: finished.append((r.watch, time.monotonic() - t0))))
    order = [name for name, _ in finished]
    assert order[-1] == "busy" and len(order) == 6
    busy_at = finished[-1][1]
    # Every plain page was read and recorded while the browser still waited on the busy one (8 s limit here).
    assert busy_at >= 7.5 and all(at < busy_at - 4 for _, at in finished[:-1]), finished
    with session_scope(engine) as s:
        from monitor.store import get_watch

        busy = get_watch(s, "busy")
        assert busy.last_status == "failed"
    engine.dispose()
