"""pytest fixtures around the browser source: a Chromium to drive, or a skip that says why.

``make test`` installs Debian's chromium first when it is missing and the
user is root (the Makefile's ``chromium`` step); anywhere else, point
``MONITOR_CHROMIUM`` at a Chromium or Chrome, or these tests are skipped
with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from monitor.sources.browser import BrowserSettings, configure, find_chromium, playwright_missing, shared

# Short enough that the failure tests take seconds; the JavaScript heap small enough that a page
# which hoards memory crashes its renderer in about a second.
PAGE_SECONDS = 8.0
JS_HEAP_MB = 64


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser binary the tests drive."""
    if why := playwright_missing():
        pytest.skip(why)
    path = os.environ.get("MONITOR_CHROMIUM") or find_chromium()
    if not path:
        pytest.skip("no Chromium found: `make test` installs Debian's chromium when run as root; "
                    "elsewhere install one or set MONITOR_CHROMIUM")
    return path


@pytest.fixture(scope="session")
def browser_settings(chromium: str) -> BrowserSettings:
    return BrowserSettings(executable=chromium, pages=2, page_seconds=PAGE_SECONDS, js_heap_mb=JS_HEAP_MB)


@pytest.fixture(scope="session")
def browser_env(browser_settings: BrowserSettings) -> dict[str, str]:
    """The same settings for a ``monitor`` command run in a subprocess."""
    s = browser_settings
    return {"MONITOR_CHROMIUM": s.executable or "", "MONITOR_BROWSER_PAGES": str(s.pages),
            "MONITOR_BROWSER_PAGE_SECONDS": str(s.page_seconds), "MONITOR_BROWSER_JS_HEAP_MB": str(s.js_heap_mb)}


@pytest.fixture(scope="session")
def browser(browser_settings: BrowserSettings) -> Iterator:
    """This process's browser with the test settings, started by its first page, closed at the end."""
    configure(browser_settings)
    yield shared()
    configure(None)
