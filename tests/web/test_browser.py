"""The story page in a real browser (headless Chromium): a new version arrives without a reload,
the strict CSP blocks nothing the page needs, and the console stays clean."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.origin import seed_versions
from tests.web.browser import Browser, chromium
from tests.web.conftest import store_versions

pytestmark = pytest.mark.skipif(chromium() is None, reason="no chromium on this machine")


def test_a_new_version_arrives_live_with_no_console_errors(served):
    url, engine, doc = served

    async def run() -> tuple[str, str, str, list]:
        async with Browser() as b:
            await b.goto(url + "/watches/1")
            before = await b.evaluate("document.getElementById('versions').dataset.version")
            await asyncio.sleep(1.5)  # the event stream is open
            await asyncio.to_thread(store_versions, engine, doc, [seed_versions()[2]], start_day=10)
            after = None
            for _ in range(60):
                after = await b.evaluate("document.getElementById('versions').dataset.version")
                if after == "3":
                    break
                await asyncio.sleep(0.1)
            status = await b.evaluate("document.getElementById('live').textContent")
            await b.drain()
            return before, after, status, b.console

    before, after, status, console = asyncio.run(run())
    assert (before, after) == ("2", "3") and status == "version 3 arrived"
    problems = [c for c in console if c.get("entry", {}).get("level") == "error" or "exceptionDetails" in c
                or c.get("type") == "error"]
    assert problems == [], json.dumps(problems)[:500]


def test_add_a_watch_with_the_keyboard_alone(served, tmp_path):
    url, _, _ = served
    other = tmp_path / "other.txt"
    other.write_text("A second story begins here.", encoding="utf-8")

    async def run() -> tuple[str, str, list]:
        async with Browser() as b:
            await b.goto(url + "/watches/new")
            await b.press("Tab", 6)  # five links in the header, then the first field
            focused = await b.evaluate("document.activeElement.id")
            assert focused == "url"
            await b.type(str(other))
            await b.press("Tab")
            await b.type("second-story")
            await b.press("Enter")  # submits the form, as Enter in a text field does
            flash = await b.wait_for("document.querySelector('.flash') && document.querySelector('.flash').textContent")
            heading = await b.evaluate("document.querySelector('h1').textContent")
            await b.drain()
            return flash, heading, b.console

    flash, heading, console = asyncio.run(run())
    assert flash.startswith("added watch second-story (id 2)") and heading == "second-story"
    assert [c for c in console if c.get("entry", {}).get("level") == "error" or "exceptionDetails" in c] == []
