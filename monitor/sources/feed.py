"""RSS and Atom feeds, parsed by feedparser from bytes we fetched ourselves.

feedparser can fetch URLs on its own, with its own client, timeouts and no
size cap; it is only ever handed bytes here, so every request goes through
the http source's limits. Each new entry becomes a watch of its own with
the feed's settings, the way a newsroom follows a section.

Only the first ``MAX_ENTRIES`` entries are parsed. feedparser's cost grows
with the entries (a feed of 100,000 took 22-38 CPU-seconds and 290-330 MB a
check here), while a feed watch never uses more than its newest few hundred
(``feeds.DEFAULT_MAX_WATCHES``, at most 50 new a check). So the bytes are
cut after the ``MAX_ENTRIES``-th closing ``</item>`` or ``</entry>`` (found
by a bytes search, no parsing) and the document's own tail after its last
entry is put back, so what feedparser gets is still well-formed. Feeds list
newest first, nearly all of them; a feed that lists oldest first and runs
past the cap shows no new entries until it is trimmed. Parsing runs in a
worker process under the check's deadline (``sources.offload``).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from urllib.parse import urljoin

MAX_ENTRIES = 1000  # entries of a feed parsed per check; twice the watches one feed may spawn by default
# The end of an RSS/RDF item or an Atom entry, with or without a namespace prefix.
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    url: str
    title: str
    published: str | None = None


def first_entries(body: bytes, limit: int) -> tuple[bytes, int]:
    """``body`` cut after its ``limit``-th entry, with what follows its last
    entry kept (``</channel></rss>``, ``</feed>``), and how many entries were
    cut off (0 when the feed has at most ``limit``). A feed the search cannot
    read (UTF-16, entries in CDATA) is handed over whole: still bounded by
    the deadline of the worker that parses it."""
    ends = _ENTRY_END.finditer(body)
    cut = None
    for i, m in enumerate(ends, start=1):
        if i >= limit:
            cut = m.end()
            break
    if cut is None:
        return body, 0
    rest = deque(enumerate(ends, start=1), maxlen=1)  # the count and the last match, at C speed
    if not rest:
        return body, 0
    more, last = rest[0]
    return body[:cut] + body[last.end():], more


def parse_feed(body: bytes, base_url: str | None = None, *, max_entries: int = MAX_ENTRIES) -> list[FeedEntry]:
    """Entries with an http(s) link, in feed order (the first ``max_entries``
    only); relative links resolved against ``base_url``. ``ValueError`` when
    nothing in ``body`` is a feed."""
    return read_entries(body, base_url, max_entries=max_entries)[0]


def read_entries(body: bytes, base_url: str | None = None, *,
                 max_entries: int = MAX_ENTRIES) -> tuple[list[FeedEntry], int]:
    """``parse_feed``, and how many entries past ``max_entries`` were not parsed."""
    if not isinstance(body, bytes | bytearray):
        # A str would be taken for a URL or a path and opened by feedparser.
        raise TypeError("parse_feed takes the feed's bytes, never a URL or a path")
    import feedparser

    body, skipped = first_entries(bytes(body), max_entries)
    parsed = feedparser.parse(body, response_headers={"content-location": base_url or ""})
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
    return out, skipped


def feed_text(entries: list[FeedEntry]) -> str:
    """The feed as a document: one paragraph per entry, so its own diff reads
    as "entry added" / "entry removed"."""
    return "\n\n".join(f"{e.title} — {e.url}" for e in entries)
