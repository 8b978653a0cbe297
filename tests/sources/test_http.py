"""The http source against the real origin on 127.0.0.1: extraction, noise,
conditional GET, identical bodies, charsets, many pages at once."""

import asyncio

import pytest

import monitor.text.extract as extract_module
from monitor.sources.base import FetchOptions
from monitor.sources.http import fetch_http, fetch_many, new_session
from tests.origin import STORY, seed_versions
from tests.sources.helpers import FAST, fetch, paragraphs

SEEDS = seed_versions()
NOISE = ("Advertisement", "Updated", "minutes ago", "Related stories", "Cookie", "dataLayer", "Share on", "About us")


@pytest.fixture
def extractions(monkeypatch):
    """Counts calls of the extraction function, which stays real."""
    calls: list[int] = []
    real = extract_module.extract

    def counting(html, **k):
        calls.append(len(html))
        return real(html, **k)

    monkeypatch.setattr(extract_module, "extract", counting)
    return calls


def test_every_version_is_read_as_its_paragraphs_in_order(origin):
    for i, version in enumerate(SEEDS):
        got = fetch(origin.url(STORY))
        assert got.status == "ok" and got.http_status == 200, got.error
        assert paragraphs(got.text) == paragraphs(version), f"v{i + 1}"
        for word in NOISE:
            assert word not in got.text
        assert got.title and "Istanbul" in got.title
        assert got.content_type.startswith("text/html") and got.final_url == origin.url(STORY)
        assert 30_000 < got.bytes < 45_000 and len(got.raw_hash) == 64
        origin.advance(STORY)


def test_photo_caption_and_update_line_survive_the_round_trip(origin):
    for _ in range(len(SEEDS)):
        origin.advance(STORY)
    text = fetch(origin.url(STORY)).text
    assert "(Source:" in paragraphs(SEEDS[-1])[0] and "Update:" in paragraphs(SEEDS[-1])
    assert paragraphs(text)[0] == paragraphs(SEEDS[-1])[0]  # the caption, served as <figcaption>
    assert "Update:" in paragraphs(text)


def test_noise_changes_the_bytes_but_not_the_text(origin):
    a, b = fetch(origin.url(STORY)), fetch(origin.url(STORY))
    assert a.raw_hash != b.raw_hash  # the ad and the widget rotate on every request
    assert a.text == b.text and a.etag == b.etag  # the validators follow the story, not the noise


def test_conditional_get_answers_not_modified_without_extraction(origin, extractions):
    first = fetch(origin.url(STORY))
    assert first.etag and first.last_modified and len(extractions) == 1
    again = fetch(origin.url(STORY), FetchOptions(etag=first.etag, last_modified=first.last_modified,
                                                  raw_hash=first.raw_hash))
    assert (again.status, again.http_status, again.text) == ("not_modified", 304, None)
    assert (again.etag, again.last_modified, again.raw_hash) == (first.etag, first.last_modified, first.raw_hash)
    assert len(extractions) == 1
    by_date = fetch(origin.url(STORY), FetchOptions(last_modified=first.last_modified))
    assert by_date.status == "not_modified" and len(extractions) == 1
    origin.advance(STORY)
    changed = fetch(origin.url(STORY), FetchOptions(etag=first.etag, last_modified=first.last_modified))
    assert changed.status == "ok" and changed.etag != first.etag and len(extractions) == 2


def test_identical_body_is_same_body_and_skips_extraction(origin, extractions):
    origin.configure(STORY, noise=False, validators=False)
    first = fetch(origin.url(STORY))
    assert first.status == "ok" and first.etag is None and len(extractions) == 1
    again = fetch(origin.url(STORY), FetchOptions(raw_hash=first.raw_hash))
    assert (again.status, again.raw_hash, again.text, again.bytes) == ("same_body", first.raw_hash, None, first.bytes)
    assert len(extractions) == 1
    origin.advance(STORY)
    assert fetch(origin.url(STORY), FetchOptions(raw_hash=first.raw_hash)).status == "ok"


@pytest.mark.parametrize("mode", ["wrong_charset", "wrong_charset_latin1"])
def test_a_wrong_charset_is_recovered_not_garbled(origin, mode):
    for _ in range(len(SEEDS)):
        origin.advance(STORY)  # the last version has curly quotes and dashes to garble
    origin.set_fault(STORY, mode)
    got = fetch(origin.url(STORY))
    assert got.status == "ok", got.error
    assert paragraphs(got.text) == paragraphs(SEEDS[-1])


def test_selector_and_ignore_apply_over_http(origin):
    got = fetch(origin.url(STORY), FetchOptions(selector=".article-body p"))
    assert paragraphs(got.text) == paragraphs(SEEDS[0])
    widget = fetch(origin.url(STORY), FetchOptions(selector=".live-widget", ignore=(r"\d+",)))
    assert widget.text == "Updated minutes ago"
    none = fetch(origin.url(STORY), FetchOptions(selector=".no-such-thing"))
    assert none.status == "failed" and "matched no text" in none.error and not none.transient
    bad = fetch(origin.url(STORY), FetchOptions(ignore=("(",)))
    assert bad.status == "failed" and "regular expression" in bad.error


def test_plain_text_and_bom(make_origin):
    from aiohttp import web

    o = make_origin()

    async def plain(request):
        return web.Response(text="<p> is not a tag here\n\nSecond paragraph", content_type="text/plain")

    async def bom(request):
        body = "\ufeff<html><body><article><p>Gruß aus Köln, ein Absatz.</p></article></body></html>"
        return web.Response(body=body.encode("utf-8"), headers={"Content-Type": "text/html"})

    o.add_route("/plain", plain)
    o.add_route("/bom", bom)
    assert fetch(o.url("/plain")).text == "<p> is not a tag here\n\nSecond paragraph"
    assert fetch(o.url("/bom")).text == "Gruß aus Köln, ein Absatz."


def test_many_pages_at_once_in_order_and_only_changed_ones_differ(make_origin):
    o = make_origin(articles=120, article_validators=True)
    urls = [o.url(f"/article/{n}") for n in range(120)]
    first = asyncio.run(fetch_many(urls, concurrency=20, per_host=10))
    assert [f.status for f in first] == ["ok"] * 120
    assert all(f"report {n}-0-0" in f.text for n, f in enumerate(first))
    changed = set(o.advance_many(0.1, seed=3))
    assert len(changed) == 12
    again = asyncio.run(fetch_many([(u, FetchOptions(etag=f.etag)) for u, f in zip(urls, first, strict=True)]))
    assert {n for n, f in enumerate(again) if f.status == "ok"} == changed
    assert {n for n, f in enumerate(again) if f.status == "not_modified"} == set(range(120)) - changed
    assert all(again[n].text != first[n].text for n in changed)
    assert sum(o.request_count(f"/article/{n}") for n in range(120)) == 240


def test_waiting_for_a_pooled_connection_is_not_a_timeout(origin):
    """Five requests through one connection, each 0.25 s: the last waits
    1 s for its turn, far past the 0.3 s connect timeout, and must not fail."""
    origin.set_fault(STORY, "slow", slow_seconds=0.25)
    opts = FetchOptions(timeout_connect=0.3, timeout_read=2.0, retries=0)

    async def go():
        async with new_session(concurrency=1, per_host=1) as s:
            return await asyncio.gather(*(fetch_http(s, origin.url(STORY), opts) for _ in range(5)))

    results = asyncio.run(go())
    assert [r.status for r in results] == ["ok"] * 5, [r.error for r in results]


def test_fetch_many_reports_each_failure_in_place(origin):
    urls = [origin.url(STORY), "ftp://example.invalid/x", origin.url("/story/nothing-here")]
    got = asyncio.run(fetch_many(urls, options=FAST))
    assert [g.status for g in got] == ["ok", "failed", "failed"]
    assert "scheme" in got[1].error and got[2].error == "HTTP 404 Not Found"
