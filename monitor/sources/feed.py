"""RSS and Atom feeds, parsed by feedparser from bytes we fetched ourselves
(feedparser never touches the network here): each new entry becomes a watch
of its own with the feed's settings, the way a newsroom follows a section."""

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
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base_url or ""})
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a readable RSS or Atom feed: {parsed.get('bozo_exception', 'unknown error')}")
    out: list[FeedEntry] = []
    for e in parsed.entries:
        link = e.get("link") or ""
        if not link:
            continue
        url = urljoin(base_url or "", link)
        if not url.startswith(("http://", "https://")):
            continue
        out.append(FeedEntry(id=str(e.get("id") or url), url=url, title=" ".join(str(e.get("title") or url).split()),
                             published=e.get("published")))
    return out


def feed_text(entries: list[FeedEntry]) -> str:
    """The feed as a document: one paragraph per entry, so its own diff reads
    as "entry added" / "entry removed"."""
    return "\n\n".join(f"{e.title} — {e.url}" for e in entries)
