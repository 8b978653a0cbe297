"""Hostile and malformed pages on the local origin: UTF-16, charsets that are
not text encodings, redirects to other schemes, headers trickled a byte at a
time. Each reads as the healthy page would, or fails with one line."""

import asyncio
import time
from dataclasses import replace

import pytest

from monitor.sources.http import fetch_many
from tests.origin import STORY
from tests.sources.helpers import FAST, fetch


def healthy_text(origin) -> str:
    origin.configure(STORY, noise=False)
    got = fetch(origin.url(STORY))
    assert got.ok
    return got.text


@pytest.mark.parametrize("mode", ["utf16_bom", "utf16_header", "utf16_meta"])
def test_utf16_pages_read_as_the_utf8_page_does(origin, mode):
    want = healthy_text(origin)
    origin.set_fault(STORY, mode)
    got = fetch(origin.url(STORY))
    assert got.ok, got.error
    assert got.text == want and "Istanbul" in got.text


@pytest.mark.parametrize("mode", ["charset_punycode", "charset_undefined", "charset_base64"])
def test_a_charset_that_is_not_a_text_encoding_falls_back(origin, mode):
    want = healthy_text(origin)
    origin.set_fault(STORY, mode)
    got = fetch(origin.url(STORY))
    assert got.ok, got.error
    assert got.text == want


@pytest.mark.parametrize("mode,target", [
    ("redirect_file", "file:///etc/hostname"),
    ("redirect_data", "data:text/html"),
    ("redirect_javascript", "javascript:alert"),
    ("redirect_ftp", "ftp://127.0.0.1/"),
])
def test_a_redirect_to_another_scheme_fails_in_one_line(origin, mode, target):
    origin.set_fault(STORY, mode)
    got = fetch(origin.url(STORY), replace(FAST, retries=2))
    assert got.status == "failed" and not got.transient
    assert "redirected to a URL that cannot be read" in got.error and target in got.error
    assert "\n" not in got.error
    assert origin.request_count(STORY) == 1  # not retried: trying again cannot help


def test_a_redirect_target_is_quoted_short(origin):
    long_target = "data:text/html," + "x" * 5000

    async def redirect(request):
        from aiohttp import web

        return web.Response(status=302, headers={"Location": long_target})

    origin.add_route("/long-redirect", redirect)
    got = fetch(origin.url("/long-redirect"))
    assert got.status == "failed" and len(got.error) < 300


def test_headers_trickled_a_byte_at_a_time_hit_the_whole_attempt_deadline(origin):
    # Each byte arrives well inside the 1 s read timeout; ~100 bytes of headers
    # at 0.1 s would take ~10 s. The 1.5 s deadline must cover the headers.
    origin.set_fault(STORY, "trickle_headers", trickle_seconds=0.1)
    started = time.perf_counter()
    got = fetch(origin.url(STORY), replace(FAST, timeout_read=1.0, timeout_total=1.5))
    took = time.perf_counter() - started
    assert got.status == "failed" and got.transient
    assert "timed out after 1.5 s" in got.error and "headers were still arriving" in got.error, got.error
    assert took < 4.0


@pytest.mark.slow
def test_trickled_headers_inside_the_deadline_are_read(origin):
    # The same page, trickled faster than the deadline: it is read whole, so
    # the test above fails for the deadline, not because the mode is broken.
    origin.set_fault(STORY, "trickle_headers", trickle_seconds=0.02)
    got = fetch(origin.url(STORY), replace(FAST, timeout_read=1.0, timeout_total=30.0))
    assert got.ok, got.error
    assert "Istanbul" in got.text


def test_waiting_for_a_pooled_connection_is_not_under_the_deadline(make_origin):
    # One connection per host: the second request waits ~1.2 s for the first,
    # longer than its own 1 s deadline, and must still be read.
    o = make_origin({"/slow": ["Slow story paragraph one.\n\nParagraph two."],
                     "/quick": ["Quick story paragraph one.\n\nParagraph two."]})
    o.set_fault("/slow", "slow", slow_seconds=1.2)
    slow = (o.url("/slow"), replace(FAST, timeout_read=3.0, timeout_total=3.0))
    quick = (o.url("/quick"), replace(FAST, timeout_read=3.0, timeout_total=1.0))
    first, second = asyncio.run(fetch_many([slow, quick], per_host=1))
    assert first.ok, first.error
    assert second.ok, second.error

