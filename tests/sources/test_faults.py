"""Every way a site misbehaves ends in a ``failed`` value with one clear line,
the right ``transient`` flag, and retries only where they can help."""

import time
from dataclasses import replace

import pytest

from monitor.sources.base import FetchOptions
from monitor.sources.http import fetch_http, validate_url
from tests.origin import STORY
from tests.sources.helpers import FAST, fetch

# mode, words the error must contain, transient
FAULTS = [
    ("500", "HTTP 500 Internal Server Error", True),
    ("404", "HTTP 404 Not Found", False),
    ("429", "HTTP 429 Too Many Requests", True),
    ("slow", "timed out after 1 s reading http://127.0.0.1:", True),
    ("drip", "timed out after 1.5 s reading", True),
    ("truncated", "truncated body from http://127.0.0.1:", True),
    ("huge", "body larger than 10 MB limit", False),
    ("redirect_loop", "redirect loop (more than 10 redirects)", False),
    ("garbage", "not text: content-type application/octet-stream", False),
]


@pytest.mark.parametrize("mode,needle,transient", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_fails_cleanly(origin, mode, needle, transient):
    origin.set_fault(STORY, mode, slow_seconds=3)
    got = fetch(origin.url(STORY), replace(FAST, timeout_total=1.5))
    assert got.status == "failed" and got.text is None
    assert needle in got.error, got.error
    assert "\n" not in got.error and "Traceback" not in got.error
    assert got.transient is transient
    assert got.elapsed_ms < 4000


@pytest.mark.parametrize("mode,transient", [(m, t) for m, _, t in FAULTS if m not in ("slow", "drip", "429")])
def test_only_transient_failures_are_retried(origin, mode, transient):
    origin.set_fault(STORY, mode)
    got = fetch(origin.url(STORY), replace(FAST, retries=2, backoff_base=0.01))
    assert got.status == "failed"
    served = origin.request_count(STORY) + origin.request_count(STORY + "~")  # the loop's other end
    if mode == "redirect_loop":  # one attempt, cut off at the redirect limit
        assert served <= FAST.max_redirects + 1
    else:
        assert served == (3 if transient else 1)


def test_retry_after_is_honoured_and_reported(origin):
    origin.set_fault(STORY, "429")
    once = fetch(origin.url(STORY))
    assert once.retry_after == 1.0 and origin.request_count(STORY) == 1
    t = time.perf_counter()
    twice = fetch(origin.url(STORY), replace(FAST, retries=1, backoff_base=0.01))
    assert twice.status == "failed" and origin.request_count(STORY) == 3
    assert time.perf_counter() - t >= 1.0  # waited as long as the server asked, not the 10 ms backoff


def test_recovery_after_a_transient_fault(origin):
    origin.set_fault(STORY, "500")
    assert fetch(origin.url(STORY)).transient
    origin.set_fault(STORY, "none")
    assert fetch(origin.url(STORY)).status == "ok"


def test_size_cap_stops_a_50_mb_body_without_reading_it(origin):
    origin.set_fault(STORY, "huge")
    t = time.perf_counter()
    got = fetch(origin.url(STORY))
    elapsed = time.perf_counter() - t
    assert got.status == "failed" and got.error == "body larger than 10 MB limit"
    cap = FetchOptions().max_bytes
    assert cap < got.bytes <= cap + 64 * 1024  # read one chunk past the cap, then stopped
    assert elapsed < 5
    deadline = time.monotonic() + 5
    while STORY not in origin.bytes_sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert origin.bytes_sent[STORY] < 30 * 1024 * 1024  # the server was stopped, far short of 50 MB
    small = fetch(origin.url(STORY), replace(FAST, max_bytes=256 * 1024))
    assert small.error == "body larger than 256 KB limit" and small.bytes <= 320 * 1024


def test_error_page_served_with_200_is_a_short_ok_page(origin):
    origin.set_fault(STORY, "error_200")
    got = fetch(origin.url(STORY))
    # Not a failure here: the pipeline sees the shrink and holds it as suspect.
    assert got.status == "ok" and "Subscribe to continue reading" in got.text and len(got.text) < 100


def test_unreachable_host():
    got = fetch("http://127.0.0.1:9/x")
    assert got.status == "failed" and got.transient and got.error == "connection refused: 127.0.0.1:9"


BAD_URLS = [
    ("ftp://example.org/y", "unsupported URL scheme 'ftp'"),
    ("file:///etc/passwd", "unsupported URL scheme 'file'"),
    ("javascript:alert(1)", "unsupported URL scheme 'javascript'"),
    ("example.org/news", "unsupported URL scheme none"),
    ("http:///nohost", "no host"),
    ("http://127.0.0.1:99999/", "invalid port"),
    ("http://exa mple.org/", "white space"),
]


@pytest.mark.parametrize("url,needle", BAD_URLS, ids=[u for u, _ in BAD_URLS])
def test_bad_urls_fail_with_a_clear_message(url, needle):
    with pytest.raises(ValueError, match=needle):
        validate_url(url)
    got = fetch(url)
    assert got.status == "failed" and needle in got.error and not got.transient


def test_fetch_http_never_raises_on_odd_input():
    import asyncio

    from monitor.sources.http import new_session

    async def go(url):
        async with new_session() as s:
            return await fetch_http(s, url, FAST)

    for url in ("", "   ", "http://", "https://[::1", "http://\u2603.invalid:80/"):
        got = asyncio.run(go(url))
        assert got.status == "failed" and got.error and "\n" not in got.error


def test_an_announced_oversized_body_is_refused_before_reading(make_origin):
    from aiohttp import web

    o = make_origin()

    async def announced(request):
        resp = web.StreamResponse(headers={"Content-Type": "text/html", "Content-Length": str(20 * 1024 * 1024)})
        await resp.prepare(request)
        await resp.write(b"<p>" + b"x" * 1024)
        return resp

    o.add_route("/big", announced)
    got = fetch(o.url("/big"))
    assert got.status == "failed" and not got.transient and got.bytes == 0
    assert got.error == f"body larger than 10 MB limit ({20 * 1024 * 1024} bytes announced)"
