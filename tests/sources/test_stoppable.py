"""File reads and feed parses run where they can be stopped: a read that
hangs, a file too slow to extract and a parse that never ends each fail
their own check after the deadline, with a one-line reason, while the
other watches read alongside them are done; and a feed of any length costs
about what its first ``MAX_ENTRIES`` entries cost."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass

from monitor.origin import render_article
from monitor.sources import offload
from monitor.sources.feed import MAX_ENTRIES, first_entries, parse_feed, read_entries
from monitor.sources.fetch import FetchContext
from monitor.sources.offload import Limits
from tests.origin import seed_versions
from tests.sources.helpers import ENDLESS_READ, endless_feed, endless_read, paragraphs

SEED = seed_versions()[-1]


@dataclass
class W:
    """The watch fields the fetch context reads."""

    url: str
    kind: str = "file"
    selector: str | None = None
    ignore: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    last_body_hash: str | None = None


def read_all(watches: list[W], deadline: float) -> tuple[list, list[float]]:
    """Reads the watches together in one context; each result and when it came (s from the start)."""

    async def go():
        async with FetchContext(limits=Limits(deadline=deadline)) as ctx:
            started = time.monotonic()

            async def one(w):
                got = await ctx.fetch(w)
                return got, time.monotonic() - started

            done = await asyncio.gather(*(one(w) for w in watches))
        return [g for g, _ in done], [t for _, t in done]

    return asyncio.run(go())


def _story(tmp_path, name="story.html"):
    path = tmp_path / name
    path.write_text(render_article("Talks", SEED), encoding="utf-8")
    return path


def test_a_file_read_that_never_ends_fails_after_the_deadline_and_other_files_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(offload, "file_function", endless_read)
    stuck = _story(tmp_path, f"{ENDLESS_READ}.html")
    others = [_story(tmp_path, f"story{i}.html") for i in range(3)]
    (got_stuck, *got), (t_stuck, *t) = read_all([W(str(stuck)), *(W(str(p)) for p in others)], deadline=3.0)
    assert got_stuck.status == "failed" and got_stuck.transient
    assert got_stuck.error == "reading the file timed out after 3 s; the file is read again next check"
    assert all(g.ok and paragraphs(g.text) == paragraphs(SEED) for g in got)
    assert max(t) < t_stuck  # the others did not wait for the stuck read
    assert t_stuck < 3.0 + 30  # the deadline, plus a worker start on a loaded machine


def test_a_file_too_slow_to_extract_is_stopped_at_the_deadline(tmp_path):
    # About 9 MB of paragraphs, under the 10 MB cap: extracting it takes the
    # GIL for tens of seconds in a thread (4 MB took 7.6 s here); in a worker
    # it is killed at the deadline.
    big = tmp_path / "enormous.html"
    body = "".join(f"<p>Paragraph {i} of an enormous page, with words enough to be kept as text.</p>"
                   for i in range(110_000))
    big.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    assert 8_000_000 < big.stat().st_size < 10 * 1024 * 1024
    small = _story(tmp_path)
    (got_big, got_small), (t_big, t_small) = read_all([W(str(big)), W(str(small))], deadline=1.0)
    assert got_big.status == "failed" and got_big.error.startswith("reading the file timed out after 1 s")
    assert got_small.ok and t_small < t_big


def test_a_fifo_swapped_in_is_refused_at_once_in_the_worker(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)  # nobody ever writes to it
    story = _story(tmp_path)
    (got_fifo, got_story), _ = read_all([W(str(fifo)), W(str(story))], deadline=5.0)
    assert got_fifo.status == "failed" and "FIFO" in got_fifo.error and "timed out" not in got_fifo.error
    assert got_story.ok


def _rss(n: int, base: str = "http://127.0.0.1:9", newest: int | None = None) -> bytes:
    newest = n if newest is None else newest
    items = "".join(f"<item><title>Entry {i}</title><link>{base}/entry/{i}</link></item>"
                    for i in range(newest, newest - n, -1))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>S</title>{items}</channel></rss>".encode()


def _atom(n: int) -> bytes:
    entries = "".join(f"<atom:entry><atom:title>Entry {i}</atom:title><atom:id>urn:e:{i}</atom:id>"
                      f"<atom:link href='http://127.0.0.1:9/entry/{i}'/></atom:entry>" for i in range(n, 0, -1))
    return (b"<?xml version='1.0'?><atom:feed xmlns:atom='http://www.w3.org/2005/Atom'><atom:title>S</atom:title>"
            + entries.encode() + b"</atom:feed>")


def test_a_long_feed_is_parsed_up_to_its_first_entries_rss_and_prefixed_atom():
    for body in (_rss(MAX_ENTRIES + 700), _atom(MAX_ENTRIES + 700)):
        entries, skipped = read_entries(body, "http://127.0.0.1:9/feed")
        assert skipped == 700 and len(entries) == MAX_ENTRIES
        assert entries[0].url.endswith(f"/entry/{MAX_ENTRIES + 700}") and entries[-1].url.endswith("/entry/701")
        assert entries[0].title == f"Entry {MAX_ENTRIES + 700}"
    short = _rss(MAX_ENTRIES)
    assert first_entries(short, MAX_ENTRIES) == (short, 0)
    assert len(parse_feed(short)) == MAX_ENTRIES


def test_the_cut_feed_is_still_well_formed_xml():
    from xml.etree import ElementTree

    cut, skipped = first_entries(_rss(50), 10)
    assert skipped == 40
    root = ElementTree.fromstring(cut)  # raises on anything feedparser's strict parser would reject
    assert len(root.findall("./channel/item")) == 10 and root.find("./channel/title").text == "S"


def _cpu(fn, *args) -> float:
    started = time.process_time()
    fn(*args)
    return time.process_time() - started


def test_parsing_a_feed_costs_about_its_first_entries_whatever_its_length():
    """Before the cut, parsing time grew with the whole feed (20,000 entries:
    about 20 times 1,000); now both parse 1,000 and the rest is a bytes search."""
    _cpu(parse_feed, _rss(100))  # feedparser's imports out of the measure
    one_k, twenty_k = _rss(MAX_ENTRIES), _rss(20 * MAX_ENTRIES)
    base = min(_cpu(parse_feed, one_k) for _ in range(2))
    long = min(_cpu(parse_feed, twenty_k) for _ in range(2))
    assert long < 2 * base + 0.2, (base, long)


def test_a_feed_parse_that_never_ends_fails_after_the_deadline_and_other_watches_go_on(
        make_origin, tmp_path, monkeypatch, caplog):
    from aiohttp import web

    monkeypatch.setattr(offload, "feed_function", endless_feed)
    site = make_origin({"/story/a": ["Talks resumed."]}, noise=False)

    def route(path: str, body: bytes) -> None:
        async def serve(request):
            return web.Response(body=body, content_type="application/rss+xml")

        site.add_route(path, serve)

    route("/stuck.xml", _rss(3, site.url("")).replace(b"<title>S</title>", f"<title>{ENDLESS_READ}</title>".encode()))
    route("/long.xml", _rss(MAX_ENTRIES + 5, site.url("")))
    story = _story(tmp_path)
    with caplog.at_level(logging.WARNING, logger="monitor"):
        (stuck, long, page), (t_stuck, t_long, t_page) = read_all(
            [W(site.url("/stuck.xml"), kind="feed"), W(site.url("/long.xml"), kind="feed"), W(str(story))],
            deadline=3.0)
    assert stuck.status == "failed" and stuck.error == "parsing the feed timed out after 3 s"
    assert long.ok and len(long.extra["entries"]) == MAX_ENTRIES and long.extra["skipped"] == 5
    assert page.ok and max(t_long, t_page) < t_stuck
    assert any(f"lists {MAX_ENTRIES + 5:,} entries; only the first {MAX_ENTRIES:,} are read" in r.getMessage()
               for r in caplog.records)


def test_a_page_that_is_not_a_feed_still_fails_with_the_parsers_reason(origin):
    from tests.origin import STORY

    (got,), _ = read_all([W(origin.url(STORY), kind="feed")], deadline=10.0)
    assert got.status == "failed" and got.error.startswith("not a readable RSS or Atom feed")
