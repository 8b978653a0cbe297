"""The http source against a real origin on 127.0.0.1: noise, conditional GET, every fault mode."""

import asyncio
import time

import pytest

from monitor.sources.base import FetchOptions
from monitor.sources.http import fetch_http, new_session, validate_url
from tests.origin import STORY, seed_versions

FAST = FetchOptions(timeout_read=1.0, retries=1, backoff_base=0.05)


def fetch(url, opts=FAST):
    async def go():
        async with new_session() as s:
            return await fetch_http(s, url, opts)

    return asyncio.run(go())


def test_article_text_is_extracted_without_page_noise(origin):
    for _ in range(5):
        origin.advance(STORY)
    got = fetch(origin.url(STORY))
    assert got.status == "ok" and got.http_status == 200
    assert got.text == seed_versions()[-1].strip()
    for noise in ("Advertisement", "Updated", "minutes ago", "Related stories", "Cookie", "dataLayer", "Share on"):
        assert noise not in got.text
    assert got.title and "Istanbul" in got.title


def test_noise_alone_changes_the_bytes_but_not_the_text(origin):
    a, b = fetch(origin.url(STORY)), fetch(origin.url(STORY))
    assert a.raw_hash != b.raw_hash  # the ad and the widget rotate
    assert a.text == b.text


def test_conditional_get_answers_not_modified_without_extraction(origin, monkeypatch):
    first = fetch(origin.url(STORY))
    calls = []
    import monitor.text.extract as ex

    real = ex.extract
    monkeypatch.setattr(ex, "extract", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = fetch(origin.url(STORY), FetchOptions(etag=first.etag, last_modified=first.last_modified))
    assert again.status == "not_modified" and again.http_status == 304 and again.text is None
    assert calls == []
    origin.advance(STORY)
    changed = fetch(origin.url(STORY), FetchOptions(etag=first.etag, last_modified=first.last_modified))
    assert changed.status == "ok" and calls == [1]


def test_identical_body_skips_extraction(origin, monkeypatch):
    story = origin.stories[STORY]
    story.noise = False
    story.conditional = False
    first = fetch(origin.url(STORY))
    calls = []
    import monitor.text.extract as ex

    monkeypatch.setattr(ex, "extract", lambda *a, **k: calls.append(1))
    again = fetch(origin.url(STORY), FetchOptions(raw_hash=first.raw_hash))
    assert again.status == "same_body" and again.raw_hash == first.raw_hash and calls == []


@pytest.mark.parametrize("mode,needle,transient", [
    ("500", "HTTP 500", True),
    ("404", "HTTP 404", False),
    ("slow", "timed out", True),
    ("truncated", "truncated", True),
    ("huge", "10 MB limit", False),
    ("redirect_loop", "redirect loop", False),
    ("garbage", "not text", False),
])
def test_fault_modes_fail_cleanly(origin, mode, needle, transient):
    origin.set_fault(STORY, mode, slow_seconds=3)
    t = time.perf_counter()
    got = fetch(origin.url(STORY))
    assert got.status == "failed" and got.text is None
    assert needle in got.error and "\n" not in got.error
    assert got.transient is transient
    assert time.perf_counter() - t < 5


def test_wrong_charset_is_recovered_not_garbled(origin):
    origin.set_fault(STORY, "wrong_charset")
    got = fetch(origin.url(STORY))
    assert got.status == "ok" and got.text == seed_versions()[0].strip()


def test_error_page_with_200_reads_as_a_short_page(origin):
    origin.set_fault(STORY, "error_200")
    got = fetch(origin.url(STORY))
    assert got.status == "ok" and len(got.text) < 100  # the pipeline's guard marks it suspect


def test_unreachable_and_bad_urls():
    got = fetch("http://127.0.0.1:9/x", FetchOptions(retries=0))
    assert got.status == "failed" and got.transient and "cannot connect" in got.error
    for bad, needle in [("ftp://x/y", "scheme"), ("http:///nohost", "no host"), ("example.org", "scheme"),
                        ("http://127.0.0.1:99999/", "port")]:
        with pytest.raises(ValueError, match=needle):
            validate_url(bad)
        assert needle in fetch(bad).error
