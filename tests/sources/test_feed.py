"""RSS and Atom feeds served by the origin, fetched by our client, parsed from bytes."""

import asyncio
from dataclasses import dataclass

import pytest

from monitor.sources.base import FetchOptions
from monitor.sources.feed import FeedEntry, feed_text, parse_feed
from monitor.sources.fetch import FetchContext
from tests.origin import STORY, seed_versions
from tests.sources.helpers import fetch

STORIES = {STORY: seed_versions(), "/story/ceasefire": ["One paragraph.", "Two paragraphs.\n\nNow."]}


@dataclass
class FeedWatch:
    """The watch fields the fetch context reads."""

    url: str
    kind: str = "feed"
    selector: str | None = None
    ignore: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    last_body_hash: str | None = None


def read_feed(url):
    async def go():
        async with FetchContext() as ctx:
            return await ctx.fetch(FeedWatch(url))

    return asyncio.run(go())


@pytest.mark.parametrize("path", ["/feed.xml", "/feed.atom"], ids=["rss", "atom"])
def test_served_feed_becomes_entries_and_a_document(make_origin, path):
    o = make_origin(STORIES)
    got = read_feed(o.url(path))
    assert got.status == "ok", got.error
    entries = got.extra["entries"]
    assert [e.url for e in entries] == [o.url(p) for p in STORIES]  # relative Atom links resolved
    assert all(isinstance(e, FeedEntry) and e.id and e.title for e in entries)
    assert got.text == feed_text(entries) and o.url(STORY) in got.text


def test_raw_bytes_from_our_client_parse_the_same(make_origin):
    o = make_origin(STORIES)
    raw = fetch(o.url("/feed.atom"), FetchOptions(raw=True))
    entries = parse_feed(raw.extra["body"], raw.final_url)
    assert [e.url for e in entries] == [o.url(p) for p in STORIES]
    assert entries[0].published  # Atom <updated> stands in for published


def test_a_page_that_is_not_a_feed_is_a_failed_check(origin):
    got = read_feed(origin.url(STORY))
    assert got.status == "failed" and "not a readable RSS or Atom feed" in got.error


def test_parse_feed_takes_bytes_only_so_feedparser_never_fetches():
    with pytest.raises(TypeError, match="bytes"):
        parse_feed("http://127.0.0.1:9/feed.xml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a readable"):
        parse_feed(b"\x00garbage<<<", "http://127.0.0.1/")


def test_entries_without_a_web_link_or_repeated_are_skipped():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>  Spaced\n  title </title><link>/a/1</link></item>
    <item><title>Dup</title><link>http://127.0.0.1/a/1</link></item>
    <item><title>Mail</title><link>mailto:desk@example.org</link></item>
    <item><title>No link</title></item></channel></rss>"""
    entries = parse_feed(rss, "http://127.0.0.1/feed")
    assert entries == [FeedEntry(id="http://127.0.0.1/a/1", url="http://127.0.0.1/a/1", title="Spaced title")]
    assert parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>') == []

