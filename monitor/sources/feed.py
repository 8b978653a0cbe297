"""RSS and Atom feeds, parsed by feedparser from bytes we fetched ourselves.

feedparser can fetch URLs on its own, with its own client, timeouts and no
size cap; it is only ever handed bytes here, so every request goes through
the http source's limits. Each new entry becomes a watch of its own with
the feed's settings, the way a newsroom follows a section.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    url: str
    title: str
    published: str | None = None


def parse_feed(body: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """Entries with an http(s) link, in feed order; relative links resolved
    against ``base_url``. ``ValueError`` when nothing in ``body`` is a feed."""
    if not isinstance(body, bytes | bytearray):
        # A str would be taken for a URL or a path and opened by feedparser.
        raise TypeError("parse_feed takes the feed's bytes, never a URL or a path")
    import feedparser

    parsed = feedparser.parse(bytes(body), response_headers={"content-location": base_url or ""})
    # Bozo alone is no reason: feedparser flags a missing Content-Type, and
    # many real feeds are slightly malformed yet perfectly readable.
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise ValueError(f"not a readable RSS or Atom feed: {' '.join(str(reason).split())}")
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for e in parsed.entries:
        link = e.get("link") or ""
        url = urljoin(base_url or "", link) if link else ""
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        title = " ".join(str(e.get("title") or url).split())
        published = e.get("published") or e.get("updated")  # Atom often has only <updated>
        out.append(FeedEntry(id=str(e.get("id") or url), url=url, title=title, published=published))
    return out


def feed_text(entries: list[FeedEntry]) -> str:
    """The feed as a document: one paragraph per entry, so its own diff reads
    as "entry added" / "entry removed"."""
    return "\n\n".join(f"{e.title} — {e.url}" for e in entries)
