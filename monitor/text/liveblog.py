"""Live-blog entries read from the page's markup, each with its time stamp.

A live page wraps every entry in a block of its own (``<div class="block">``,
``<article class="post">``, ``<li class="event">``, a schema.org
``liveBlogUpdate``), with a stamp in it: a ``<time datetime=...>`` element or
a short stamp line ("12.31 Uhr", "Updated at 3.05pm GMT", "95'"). Article
extraction keeps one such block at best and drops the stamps, so the update
groups cannot see where one entry ends and the next begins. Here the entries
are found as sibling blocks of one parent that each carry a stamp and some
prose of their own; each is read with its stamp as a line of its own on top,
and its share buttons, ads and separators left out.

Only the markup and the shape of the text are read, never the wording: a
related-stories list (each item a stamp and a link), a comments section, a
grid of teasers (their headlines link elsewhere), a programme of "09:00 Doors
open" lines (no sentence) and the page's menus are not entries. A page
without such entries is left to article extraction as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from monitor.text.markers import is_separator, marker_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.html import HtmlElement

MIN_ENTRIES = 2  # sibling blocks with a stamp and prose that make a live page
MIN_SHARE = 0.6  # share of a parent's element children that are entries (the rest: ads, separators)
MIN_BODY = 12  # characters of an entry's own prose, outside its stamp and links
MAX_STAMP = 60  # characters of a stamp line
MAX_LINK_SHARE = 0.5  # an item that is mostly a link is a teaser, not an entry
MAX_CANDIDATES = 5000  # parents looked at per page
MAX_LEAD = 30  # lines kept above the entries

_STAMP_KINDS = frozenset(("time", "update", "minute", "relative"))
# Regions that hold timed blocks which are not the story's entries.
_NOT_ENTRIES = re.compile(
    r"comment(?!ar)|repl(?:y|ies)|related|recirc|most[-_ ]?(?:read|popular|viewed)|teaser|sidebar|footer|menu"
    r"|\bnav|newsletter|promo|trending|recommend",
    re.I,
)
_AWAY = frozenset(("nav", "aside", "footer", "header", "form", "button"))
_AWAY_INSIDE = frozenset(("nav", "aside", "form", "button"))  # an entry's own header and footer are its own
# Parts of an entry that are its furniture: share rows, ads, buttons.
_WIDGET = re.compile(r"\bshare|social|advert|\bads?\b|\bad[-_]slot|promo|newsletter|toolbar|\bactions?\b", re.I)
_RELATIVE = re.compile(r"\bago\b|just now|\bvor\s+\d", re.I)
# An entry says something: at least one sentence, where a programme's
# "09:00 Doors open" or a list of timed links has none.
_SENTENCE = re.compile(r"\w[.!?…][\"”’')]?(?:\s|$)")
_DIGIT = re.compile(r"\d")
# A stamp read from a <time>'s datetime attribute ("2024-05-02 13:15"): the
# form _time_stamp writes, a stamp whatever its clock reads.
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
_FROM_DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")
_LEAD_DELIMS = " \t-–—|:·•"


def _attrs(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _away(el: HtmlElement) -> bool:
    """Inside the page's menus, asides, comments or related stories."""
    return any(a.tag in _AWAY or _NOT_ENTRIES.search(_attrs(a)) for a in (el, *el.iterancestors()))


def _in_link(t: HtmlElement) -> bool:
    """A ``<time>`` inside a link that says more than the time: a teaser's or
    a related story's date. A link that holds only the time is the entry's
    permalink, which many live pages put on the stamp."""
    link = next((a for a in t.iterancestors() if a.tag == "a"), None)
    if link is None:
        return False
    return " ".join(link.text_content().split()) != " ".join(t.text_content().split())


def _time_stamp(el: HtmlElement) -> tuple[HtmlElement, str] | None:
    """The first ``<time>`` of a block that is not inside a link, and the stamp
    it shows: its text, or its ``datetime`` when the text is relative ("12m
    ago" changes on every check; the datetime does not)."""
    for t in el.iter("time"):
        if t is el or _in_link(t):
            continue
        text = " ".join(t.text_content().split())
        dt = (t.get("datetime") or "").strip()
        if (not text or _RELATIVE.search(text)) and _DATETIME.match(dt):
            text = dt[:10] + " " + dt[11:16]
        if text and len(text) <= MAX_STAMP:
            return t, text
        return None
    return None


@lru_cache(maxsize=4096)
def _is_stamp_line(line: str) -> bool:
    if len(line) > MAX_STAMP or not _DIGIT.search(line):  # every stamp of a live entry has a figure
        return False
    m = marker_of(line)
    return m is not None and m.kind in _STAMP_KINDS and m.timed


def _link_share(el: HtmlElement, total: int) -> float:
    links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return links / total if total else 0.0


def _entry_lines(el: HtmlElement, paragraphs: Callable[[HtmlElement], list[str]]) -> list[str] | None:
    """An entry's lines, stamp first, or None when ``el`` is not an entry."""
    found = _time_stamp(el)
    if found is not None and not _is_stamp_line(found[1]) and not _FROM_DATETIME.fullmatch(found[1]):
        return None  # decided by the stamp alone: before the copy and the paragraphs
    copy = deepcopy(el)
    for w in [d for d in copy.iter() if d is not copy and (d.tag in _AWAY_INSIDE or _WIDGET.search(_attrs(d)))]:
        if w.getparent() is not None:
            w.drop_tree()
    if found is not None:
        _, stamp = found
        t = next((t for t in copy.iter("time") if t is not copy
                  and not _in_link(t)), None)
        if t is None:
            return None
        t.drop_tree()  # keeps its tail: "<p><time>18:02</time> – The mayor ...</p>"
        lines = [line.lstrip(_LEAD_DELIMS) for line in paragraphs(copy)]
    else:
        lines = paragraphs(copy)
        if not lines or not _is_stamp_line(lines[0]):
            return None
        stamp, lines = lines[0], lines[1:]
    lines = [line for line in lines if line and not is_separator(line)]
    prose = [line for line in lines if not _is_stamp_line(line)]
    body = sum(len(line) for line in prose)
    if body < MIN_BODY or _link_share(copy, body) > MAX_LINK_SHARE or not any(_SENTENCE.search(x) for x in prose):
        return None
    if any(a is not None for h in copy.iter("h2", "h3", "h4", "h5") for a in h.iter("a")):
        return None  # a teaser: its headline links to another page
    return [stamp, *lines]


@dataclass(frozen=True, slots=True)
class Live:
    """A live page read from its markup: what comes before the entries in
    the story's region (headline, standfirst, a pinned summary) and the
    entries, each as its lines with the stamp first. ``lead`` is None when
    the entries sit in no ``<article>`` or ``<main>`` region."""

    lead: list[str] | None
    entries: list[list[str]]


def _lead(first: HtmlElement, paragraphs: Callable[[HtmlElement], list[str]]) -> list[str] | None:
    """The lines before the entries inside the story's region: the blocks
    that precede the first entry and each of its ancestors up to the nearest
    ``<article>`` or ``<main>``, menus, asides and widgets left out."""
    chain = []
    region = None
    for a in (first, *first.iterancestors()):
        if a is not first and a.tag in ("article", "main"):  # an entry may be an <article> itself
            region = a
            break
        chain.append(a)
    if region is None:
        return None
    out: list[str] = []
    for el in reversed(chain):
        for sib in reversed(list(el.itersiblings(preceding=True))):
            if not isinstance(sib.tag, str) or sib.tag in _AWAY or _WIDGET.search(_attrs(sib)) \
                    or _NOT_ENTRIES.search(_attrs(sib)):
                continue
            lines = [x for x in paragraphs(sib) if not is_separator(x)]
            text = sum(len(x) for x in lines)
            if lines and _link_share(sib, text) <= MAX_LINK_SHARE:
                out.extend(lines)
    return out[:MAX_LEAD]


def live_entries(doc: HtmlElement, paragraphs: Callable[[HtmlElement], list[str]]) -> Live | None:
    """The entries of a live page in document order, each as its lines (the
    stamp first), or None when the page has no run of stamped entry blocks.

    The parent chosen is the one with the most entry children, which must be
    at least ``MIN_ENTRIES`` and most of its element children (ads and
    separators between entries are the rest)."""
    best: list[tuple[HtmlElement, list[str]]] = []
    seen = 0
    parents: dict[HtmlElement, None] = {}
    for t in doc.iter("time"):
        parents.update(dict.fromkeys(a for a in t.iterancestors() if a.tag not in ("html", "body")))
    stamped = doc.xpath("//*[string-length(normalize-space(text())) > 2][string-length(normalize-space()) < 61]"
                        "[translate(text(), '0123456789', '') != text()]")
    for el in stamped:
        if _is_stamp_line(" ".join(el.text_content().split())):
            parents.update(dict.fromkeys(a for a in el.iterancestors() if a.tag not in ("html", "body")))
    for parent in parents:
        seen += 1
        if seen > MAX_CANDIDATES:
            break
        kids = [k for k in parent if isinstance(k.tag, str)]
        tags = Counter(k.tag for k in kids)
        # Entries are blocks of one kind: a parent needs two children of one
        # tag, and as many as the best parent so far, to be worth reading.
        if max(tags.values(), default=0) < max(MIN_ENTRIES, len(best) + 1) or _away(parent):
            continue
        entries = _alike([(k, lines) for k in kids if tags[k.tag] >= MIN_ENTRIES and k.tag not in _AWAY
                          and not _NOT_ENTRIES.search(_attrs(k))
                          and (lines := _entry_lines(k, paragraphs)) is not None])
        if len(entries) > len(best) and len(entries) >= max(MIN_ENTRIES, MIN_SHARE * _real(kids, paragraphs)):
            best = entries
    if not best:
        return None
    return Live(_lead(best[0][0], paragraphs), [lines for _, lines in best])


def _alike(found: list[tuple[HtmlElement, list[str]]]) -> list[tuple[HtmlElement, list[str]]]:
    """The entries of the most common tag: a live page's entries are blocks
    of one kind, while an article next to its comment box is two kinds. A
    block holding the page's headline is the article, not an entry."""
    found = [(k, lines) for k, lines in found if next(k.iter("h1"), None) is None]
    if not found:
        return []
    tags: dict[str, int] = {}
    for k, _ in found:
        tags[k.tag] = tags.get(k.tag, 0) + 1
    tag = max(tags, key=tags.__getitem__)
    return [(k, lines) for k, lines in found if k.tag == tag]


def _real(kids: list[HtmlElement], paragraphs: Callable[[HtmlElement], list[str]]) -> int:
    """Children that hold more than a separator or an ad label."""
    return sum(1 for k in kids if any(not is_separator(line) for line in paragraphs(k)))
