"""An OPML list of feeds (what feed readers export), read by listparser.

Each feed becomes a feed watch: every article it lists is then watched on
its own (``--kind feed``, the articles with the feed's tags). The
outline's title names the watch; the folders it sits in and the categories
it names are its tags. Outlines that are not feeds (a link with no
``xmlUrl``) are reported. listparser only ever gets the
bytes read here, never a URL, so nothing is fetched while importing.
"""

from __future__ import annotations

from pathlib import Path

from monitor.run.importers.common import Collector, Imported, ImportError_, read_bytes


def read_opml(path: Path) -> Imported:
    import listparser

    raw = read_bytes(path, "an OPML file")
    parsed = listparser.parse(raw)  # bytes: a str that looks like a URL would be fetched
    if not parsed.feeds and not parsed.lists:
        raise ImportError_(f"{path}: no feeds in it (is it an OPML file?)")
    c = Collector()
    for i, feed in enumerate(parsed.feeds, start=1):
        where = f"feed {i} ({feed.get('title') or feed.get('url')})"
        # Each folder the outline is in, and each category it names, is a tag ("News/World": news and world).
        folders = dict.fromkeys(part for cat in feed.get("categories") or [] for part in cat if part)
        c.add(where, url=feed.get("url") or "", name=feed.get("title") or None, kind="feed", tags=list(folders))
    for i, lst in enumerate(parsed.lists, start=1):
        c.note(f"list {i} ({lst.get('title') or lst.get('url')})",
               "not imported: a link to another subscription list is not followed")
    return c.result()
