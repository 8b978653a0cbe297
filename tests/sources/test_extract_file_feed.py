"""Extraction options, the file source and feeds."""

import asyncio

import pytest

from monitor.origin import render_article
from monitor.sources.base import FetchOptions
from monitor.sources.feed import parse_feed
from monitor.sources.fetch import FetchContext
from monitor.sources.file import read_file
from monitor.text.extract import ExtractError, extract
from tests.origin import STORY

PAGE = render_article("Title", "First paragraph here is long enough.\n\nSecond paragraph, Updated 5 minutes ago.")


def test_css_selector_overrides_and_ignore_patterns_apply():
    got = extract(PAGE, selector=".live-widget")
    assert got.text == "Updated 3 minutes ago"
    cleaned = extract(PAGE, ignore=[r",? ?Updated \d+ minutes ago\.?"])
    assert "Updated" not in cleaned.text and "Second paragraph" in cleaned.text
    with pytest.raises(ExtractError, match="CSS selector"):
        extract(PAGE, selector="div[[")
    with pytest.raises(ExtractError, match="regular expression"):
        extract(PAGE, ignore=["("])


def test_hostile_markup_is_never_text_or_executed():
    page = render_article("T", "A <script>alert(1)</script> paragraph with {{ 7*7 }} inside it, long enough.")
    got = extract(page)
    assert "<script>alert(1)</script>" in got.text and "{{ 7*7 }}" in got.text  # as text, escaped in the page
    assert "dataLayer" not in got.text


def test_file_source(tmp_path):
    ok = tmp_path / "a.html"
    ok.write_text(PAGE)
    got = read_file(str(ok), FetchOptions())
    assert got.status == "ok" and got.text.startswith("First paragraph")
    assert read_file(str(ok), FetchOptions(raw_hash=got.raw_hash)).status == "same_body"
    (tmp_path / "empty.txt").write_text(" \n")
    (tmp_path / "bin").write_bytes(b"\x00\x01" * 100)
    cases = {"missing": "no such file", "empty.txt": "empty document", "bin": "binary"}
    for name, needle in cases.items():
        r = read_file(str(tmp_path / name), FetchOptions())
        assert r.status == "failed" and needle in r.error


def test_feed_entries_from_a_served_rss(origin):
    class W:
        kind, url, selector, ignore, etag, last_modified, last_body_hash = ("feed", origin.url("/feed.xml"),
                                                                             None, [], None, None, None)

    async def go():
        async with FetchContext() as ctx:
            return await ctx.fetch(W())

    got = asyncio.run(go())
    assert got.status == "ok", got.error
    entries = got.extra["entries"]
    assert [e.url for e in entries] == [origin.url(STORY)]
    assert origin.url(STORY) in got.text


def test_atom_feed_and_garbage():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>One</title><link href="/a/1"/><id>1</id></entry>
    <entry><title>Two</title><link href="http://127.0.0.1/a/2"/><id>2</id></entry></feed>"""
    entries = parse_feed(atom, "http://127.0.0.1/feed")
    assert [e.url for e in entries] == ["http://127.0.0.1/a/1", "http://127.0.0.1/a/2"]
    with pytest.raises(ValueError, match="not a readable"):
        parse_feed(b"\x00garbage<<<", "http://127.0.0.1/")
