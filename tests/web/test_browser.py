"""The web app as a person uses it, in Debian's Chromium driven by Playwright: a watch added with the
keyboard alone, its first version, a newer one arriving live, the seed story's US-participation history,
a console with no errors on any page, and screenshots at desktop and phone widths kept as test artefacts.

Playwright's own browser download is not reachable here, so the system binary is launched (found as the
browser source finds it: ``MONITOR_CHROMIUM``, else ``chromium`` on ``PATH``); without one, the tests skip."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.store import add_watch, session_scope
from tests.origin import STORY, seed_versions
from tests.web.conftest import check_due, store_versions

ROOT = Path(__file__).resolve().parents[2]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
US = "United States"


def artefacts() -> Path:
    """Where screenshots are kept after the run: ``MONITOR_TEST_ARTIFACTS``, else test-artifacts/screenshots."""
    folder = Path(os.environ.get("MONITOR_TEST_ARTIFACTS") or ROOT / "test-artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator:
    """One headless Chromium for the whole module; each test opens its own pages in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def pages(browser) -> Iterator:
    """Opens pages at a given size; every console error and uncaught exception on any of them is kept,
    and a test fails if one was reported."""
    errors: list[str] = []
    contexts = []

    def open_page(size: str = "desktop"):
        ctx = browser.new_context(viewport=SIZES[size])
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        return page

    yield open_page, errors
    for ctx in contexts:
        ctx.close()
    assert errors == []


def tab_to(page, text: str, limit: int = 40) -> None:
    """Presses Tab until the focused element reads ``text``, as a keyboard user moves through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} not reached with Tab")


def test_add_a_watch_with_the_keyboard_and_see_a_new_version_arrive_live(served, origin, pages):
    url, engine, _ = served
    open_page, errors = pages
    page = open_page()
    page.goto(url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Stories"
    tab_to(page, "Add a watch")
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/watches/new")
    for _ in range(10):  # the header's links, then the form's first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "url":
            break
    page.keyboard.type(origin.url(STORY))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type("talks-live")
    page.keyboard.press("Enter")  # submits the form, as Enter in a text field does
    page.wait_for_selector(".flash")
    assert page.text_content(".flash").startswith("added watch talks-live (id 2)")
    assert page.text_content("h1") == "talks-live"

    tab_to(page, "Check now")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash:has-text('checked talks-live')")
    assert "version 1" in page.text_content(".flash")
    assert page.get_attribute("#versions", "data-version") == "1"
    first = page.text_content("#versions")

    # The timeline panel filtered by keyboard too: the US statement, with one step so far.
    page.focus("#about")
    page.keyboard.type(US)
    page.keyboard.press("Enter")
    page.wait_for_url("**/watches/2?about=United+States**")
    us = page.locator("#timeline article.statement", has_text=US)
    assert us.locator("span.kind").all_text_contents() == ["v1 appeared"]

    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    page.wait_for_timeout(1500)  # the event stream is open
    assert origin.advance(STORY) == 1  # 0-based: the seed story's second version
    check_due(engine, day=30)
    page.locator("#versions[data-version='2']").wait_for(timeout=15000)  # no string eval: the CSP forbids it
    assert page.text_content("#live") == "version 2 arrived"
    assert page.evaluate("window.sameDocument") is True
    assert page.text_content("#versions") != first
    # The statement's new history entry, in the panel still filtered as the reader asked.
    assert us.locator("span.kind").all_text_contents() == ["v1 appeared", "v2 edited"]
    assert "said it would also be present in the negotiations" in us.locator("ol.history > li").nth(1).inner_text()
    assert page.input_value("#about") == US
    assert page.text_content("#timeline p.meta").startswith(f"statements about {US} (")
    assert page.locator("#timeline table.timeline a", has_text="v2").is_visible()
    assert "changed" in page.text_content("#status") and "version 2" in page.text_content("#checks")
    assert page.evaluate("window.sameDocument") is True
    assert errors == []


# Laid out within the viewport: nothing wider than it, no table scrolling sideways inside itself, and each
# status word on one line (measured on its text, which wraps letter by letter in a squeezed column).
LAYOUT = """() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  tables: [...document.querySelectorAll("table")].filter(t => t.scrollWidth > t.clientWidth).map(t => t.className),
  statuses: [...document.querySelectorAll(".status")].map(el => {
    const r = document.createRange(); r.selectNodeContents(el);
    return [el.textContent, r.getClientRects().length];
  }),
})"""


def laid_out(page) -> list[str]:
    """The status words shown, after asserting the page reads within its viewport."""
    layout = page.evaluate(LAYOUT)
    assert layout["overflow"] <= 0 and layout["tables"] == [], (page.url, layout)
    assert all(lines == 1 for _, lines in layout["statuses"]), (page.url, layout["statuses"])
    return [word for word, _ in layout["statuses"]]


def test_seed_story_history_and_screenshots_at_two_widths(served, pages):
    url, engine, doc = served
    open_page, errors = pages
    store_versions(engine, doc, seed_versions()[2:], start_day=10)
    with session_scope(engine, write=True) as s:  # a failing watch too, with its error, listed first
        add_watch(s, "wire-feed-with-a-long-name", str(doc.parent / "gone" / "feed.txt"), kind="file")
    check_due(engine, day=20)
    check_due(engine, day=40)
    folder = artefacts()
    shots = []
    for size in SIZES:
        page = open_page(size)
        page.goto(url + "/?q=istanbul")  # one story alone: its status column is at its narrowest
        assert laid_out(page) == ["unchanged"]
        page.goto(url + "/")
        assert page.locator("a", has_text="istanbul-talks").first.is_visible()
        assert laid_out(page) == ["failed", "unchanged"]
        failing = page.locator("table.stories tbody tr").first
        assert "(2 in a row)" in failing.inner_text() and failing.locator(".meta", has_text="no such file").is_visible()
        # On a phone each row is a card: no header row, each value after its column's name.
        assert page.locator("table.stories thead").is_visible() is (size == "desktop")
        shots.append(folder / f"stories-{size}.png")
        page.screenshot(path=shots[-1], full_page=True)

        page.goto(f"{url}/watches/istanbul-talks?about={US}#timeline")
        article = page.locator("#timeline article.statement", has_text="did not participate")
        assert article.count() == 1 and article.is_visible()
        steps = article.locator("ol.history > li")
        assert steps.locator("span.kind").all_text_contents() == ["v1 appeared", "v2 edited", "v5 edited"]
        assert steps.nth(2).locator("span.aspect").all_text_contents() == ["negation"]
        now, was = steps.nth(2).locator("div").all_text_contents()
        assert "ultimately did not participate" in now and "would also be present" in was
        assert all(steps.nth(i).is_visible() for i in range(3))
        status, *alerts = laid_out(page)
        assert status == "unchanged" and set(alerts) == {"pending"}  # the alerts are queued for a notifier
        shots.append(folder / f"story-{size}.png")
        page.screenshot(path=shots[-1], full_page=True)
    for shot in shots:
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, (shot, len(data))
    assert errors == []
