"""HTML -> article text, one paragraph per block, paragraphs split by a blank line.

trafilatura finds the article and drops navigation, ads, widgets, related
links and footers, so an ad that rotates or an "Updated 3 minutes ago" that
ticks never reads as a change. It runs with its own defaults, because they
are what is most faithful to the article on real pages, with four
departures, each measured on real pages against hand-checked article text:
reader comments are left out (they are not the story); tables are left out
only on a page laid out with tables; the captions of the article's figures
are put back after extraction; and a short article, or a result that is a
photo gallery, gets a second pass with the minimum size lowered (``_article``).
A live page that wraps each entry in a block of its own is read from its
markup instead, every entry with its time stamp on a line of its own
(``monitor.text.liveblog``): article extraction keeps one entry at best.
Its ``fast`` mode is not used: the fallback extractors it skips rescue many
pages, at about a third more CPU per page.

The page is parsed once with lxml and the tree handed on, so the title,
the captions and the CSS selector do not each re-parse it. C0 control
characters are removed before parsing (one of them made trafilatura return
nothing at all).

A per-watch CSS selector overrides trafilatura entirely; ignore patterns are
applied last, per paragraph. Scripts, styles and templates are dropped before
anything reads text, and nothing from the page is ever executed or fetched.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

import regex

from monitor.errors import MonitorError
from monitor.text.liveblog import Live, live_entries
from monitor.text.markers import is_separator
from monitor.text.terminal import drop_sequences

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_TEXT = 10 * 1024 * 1024  # characters of text kept per page: as many as the 10 MB body cap can decode to
TITLE_MAX = 300
SHORT_RESULT = 2000  # characters: a default result this short may hold a short article and furniture
FURNITURE_LINE = 100  # characters: a longer line is prose, not a menu entry, byline or footer line
LAYOUT_CELL = 400  # characters of text in one table cell that only a layout table holds
MAX_CAPTIONS = 50  # figure captions and picture galleries looked at per page
GALLERY_SHARE = 0.6  # share of a result in picture captions that marks a gallery taken for the article
ANCHOR_CHARS = 60  # first characters by which a block is found in the extracted text

# C0 controls other than tab, line feed and carriage return, DEL, and lone
# surrogates, removed from a page before it is parsed. lxml keeps a C0 control
# in the tree and trafilatura then returns nothing at all (every check of the
# watch failed); lxml turns NUL into U+FFFD and silently cuts the text at a
# lone surrogate. None of them is ever part of a word.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# C0/C1 controls (except tab and newline) and invisible characters that CMSs
# sprinkle into text (soft hyphens, zero-width spaces, BOMs): they change the
# hash of a statement without changing a word of it.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"[^\S\n]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_UNSAFE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_ASIDE = frozenset(("aside", "nav", "header", "footer", "a"))
_GALLERY_WORDS = ("caption", "gallery", "slideshow", "carousel", "lightbox")
# A page's own regions are never a gallery, whatever a theme calls them ("has-captions").
_PAGE_REGIONS = frozenset(("html", "body", "main", "article"))
_GALLERY = re.compile("|".join(_GALLERY_WORDS), re.IGNORECASE)
_BLOCKS = frozenset(
    "address article aside blockquote caption dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul".split()
)


class ExtractError(MonitorError, ValueError):
    """A selector or ignore pattern cannot be used (the watch's settings, not the page, are wrong)."""


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None = None


# -- text hygiene ------------------------------------------------------------


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line; invisible characters and runs of
    spaces removed; bounded in size. Every line of input is a paragraph."""
    text = _INVISIBLE.sub("", text[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n"))
    paras = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(p for p in paras if p)


def clean_plain(text: str) -> str:
    """Plain text keeps its own paragraphs (blocks between blank lines) and the
    line breaks inside them: whether a break is a wrapped line or a headline
    ending is the segmenter's call, which sees the sentences."""
    text = _INVISIBLE.sub("", text[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n"))
    blocks = []
    for block in re.split(r"\n[^\S\n]*\n", text):
        lines = (_SPACES.sub(" ", line).strip() for line in block.split("\n"))
        block = "\n".join(line for line in lines if line)
        if block:
            blocks.append(block)
    return "\n\n".join(blocks)


# Every user pattern runs under a time budget per page. A pattern that
# backtracks, such as ``(a|aa)+$`` against a long run of a's, otherwise holds
# the GIL for minutes and with it every other watch and the daemon's SIGTERM.
# The ``regex`` package stops a match at a timeout (the stdlib ``re`` cannot)
# and with ``concurrent`` lets other threads run meanwhile. Measured on the
# local article pages with five ordinary patterns: 1.46 ms a page with ``re``,
# 1.52 ms with ``regex`` and a timeout; ``(a+)+$`` against 28 a's and a b took
# 29 s with ``re`` and under a millisecond with ``regex``.
IGNORE_BUDGET = 1.0  # seconds all of a watch's ignore patterns may take on one page


class PatternTimedOut(ExtractError):
    """An ignore pattern ran past the page's budget: the check fails with this reason."""


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    out = []
    for p in patterns:
        try:
            out.append(regex.compile(p))
        except (regex.error, ValueError, TypeError) as e:
            raise ExtractError(f"ignore pattern {p!r} is not a valid regular expression: {e}") from None
    return tuple(out)


def apply_ignore(text: str, patterns: tuple[str, ...] | list[str], *, budget: float | None = None) -> str:
    """Removes what each pattern matches, line by line (a paragraph of
    extracted HTML is one line), and drops lines and paragraphs left empty,
    so ``^Updated .* ago$`` removes a widget line without leaving a gap.

    All the patterns together get ``budget`` seconds for the page (default
    ``IGNORE_BUDGET``); past it ``PatternTimedOut`` names the pattern."""
    if not patterns:
        return text
    rx = _compiled(tuple(patterns))
    budget = IGNORE_BUDGET if budget is None else budget
    end = time.monotonic() + budget
    kept = []
    for para in text.split("\n\n"):
        lines = []
        for line in para.split("\n"):
            for r in rx:
                left = end - time.monotonic()
                try:
                    if left <= 0:
                        raise TimeoutError
                    line = r.sub("", line, timeout=left, concurrent=True)
                except TimeoutError:
                    raise PatternTimedOut(
                        f"ignore pattern timed out after {budget:g} s on this page: {r.pattern!r} "
                        "backtracks too much; simplify it (monitor edit --ignore)") from None
            line = _SPACES.sub(" ", line).strip()
            if line:
                lines.append(line)
        if lines:
            kept.append("\n".join(lines))
    return "\n\n".join(kept)


# -- HTML ----------------------------------------------------------------------


def looks_like_html(data: str) -> bool:
    """Whether ``data`` is markup. Pages often open with comments, conditional
    comments or a long ``<head>`` of scripts before ``<html>`` or ``<body>``,
    so the first 4 KB are searched for a document tag, not only the start."""
    head = data[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return any(tag in head for tag in ("<html", "<head", "<body", "<meta ", "<title>", "<p>", "<div"))


def _parse(html: str) -> HtmlElement | None:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # lxml refuses a str that carries its own encoding declaration.
        doc = lxml_html.document_fromstring(_XML_DECL.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return None
    for bad in list(doc.iter(*_UNSAFE)):
        bad.drop_tree()
    etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return doc


def _one_line(s: str | None) -> str:
    return " ".join((s or "").split())


def _title(doc: HtmlElement) -> str | None:
    """The headline a reader sees: the article's ``<h1>``, else og:title, else ``<title>``."""
    for path in ("//article//h1", "//main//h1", "//h1", "//meta[@property='og:title']/@content", "//title"):
        for hit in doc.xpath(path):
            t = _one_line(hit if isinstance(hit, str) else hit.text_content())
            if t:
                return t[:TITLE_MAX]
    return None


def _key(text: str) -> str:
    """How a block is recognised in trafilatura's output: its first words, as
    trafilatura may trim or rejoin the rest (a ``<br>`` becomes a line)."""
    return _one_line(text)[:ANCHOR_CHARS]


def _captions(doc: HtmlElement) -> list[tuple[HtmlElement, str]]:
    out = []
    for fig in doc.iter("figure"):
        if any(a.tag in _ASIDE for a in fig.iterancestors()):
            continue  # a teaser's or a related story's picture
        cap = next(fig.iter("figcaption"), None)
        text = _one_line(cap.text_content()) if cap is not None else ""
        if text:
            out.append((fig, text))
        if len(out) >= MAX_CAPTIONS:
            break
    return out


def _caption_keys(doc: HtmlElement, captions: list[tuple[HtmlElement, str]]) -> set[str]:
    """The blocks of the page that describe pictures: figure captions, and the
    text of galleries, slideshows, carousels and caption boxes (named so in
    their class or id, as a slideshow's list of captions often has no
    ``<figure>``)."""
    keys = {_key(c) for _, c in captions}
    named = (el for el in doc.xpath("//*[@class or @id]")
             if el.tag not in _PAGE_REGIONS and _GALLERY.search(f"{el.get('class', '')} {el.get('id', '')}"))
    for el in islice(named, MAX_CAPTIONS):
        keys.update(_key(p) for p in paragraphs(el))
    return keys


def _mostly_captions(text: str, keys: set[str]) -> bool:
    """Whether the pictures' captions make up most of ``text``: a gallery
    taken for the article (a fallback extractor picks a slideshow's captions
    when they outweigh the story)."""
    if not keys or not text:
        return False
    total = hit = 0
    for line in text.split("\n"):
        line = _one_line(line)
        total += len(line)
        if _key(line.removeprefix("- ")) in keys:
            hit += len(line)
    return hit > GALLERY_SHARE * total


def _with_captions(doc: HtmlElement, text: str, captions: list[tuple[HtmlElement, str]]) -> str:
    """The article text with the captions of its figures put back in place.

    trafilatura drops ``<figure>`` whole, and in a live report the photo
    caption is often the lead statement ("Delegations meet in Istanbul on
    Friday", with the photo's source). A caption is added after extraction,
    not by rewriting the page before it (rewritten figures read as paragraphs
    and can make a gallery look like the article): it goes before the block
    that follows its figure, or after the one before it, and only when that
    block is in the extracted text and the figure is not in an aside, a
    header, a footer or a link, so the captions of teasers and galleries
    around the article stay out.
    """
    if not text or not captions:
        return text
    lines = text.split("\n")
    at: dict[str, int] = {}
    for i, line in enumerate(lines):
        at.setdefault(_key(line), i)
    flat = _one_line(text)
    before: dict[int, list[str]] = {}
    for fig, caption in captions:
        if caption in flat:
            continue
        pos = None
        for axis, shift in (("following", 0), ("preceding", 1)):
            near = fig.xpath(f"{axis}::*[self::p or self::li or self::blockquote or self::h2 or self::h3]"
                             "[normalize-space()][1]")
            if near and (i := at.get(_key(near[0].text_content()))) is not None:
                pos = i + shift
                break
        if pos is not None:
            before.setdefault(pos, []).append(caption)
            flat += " " + caption
    if not before:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(before.get(i, ()))
        out.append(line)
    out.extend(before.get(len(lines), ()))
    return "\n".join(out)


def paragraphs(el: HtmlElement) -> list[str]:
    """The text of ``el`` split where a browser would start a new block: at
    block elements and ``<br>``, so ``<div>Intro<p>Body</p></div>`` is two
    paragraphs and no text between blocks is lost."""
    from lxml import etree

    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        t = _one_line("".join(buf))
        if t:
            out.append(t)
        buf.clear()

    for event, node in etree.iterwalk(el, events=("start", "end", "comment", "pi")):
        tag = node.tag if isinstance(node.tag, str) else None
        if event in ("comment", "pi"):  # their text is not the page's, their tail is
            if node.tail:
                buf.append(node.tail)
        elif event == "start":
            if tag in _BLOCKS or tag == "br":
                flush()
            if tag and node.text:
                buf.append(node.text)
        else:
            if tag in _BLOCKS:
                flush()
            if node is not el and node.tail:
                buf.append(node.tail)
    flush()
    return out


def _by_selector(doc: HtmlElement, selector: str) -> str:
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    try:
        sel = CSSSelector(selector)
    except SelectorError as e:
        raise ExtractError(f"CSS selector {selector!r} is not valid: {e}") from None
    hits = sel(doc)
    chosen = set(hits)
    paras: list[str] = []
    for el in hits:
        # A selector like "div" matches nested elements; read each region once.
        if any(a in chosen for a in el.iterancestors()):
            continue
        paras.extend(paragraphs(el))
    return "\n".join(paras)


@lru_cache(maxsize=4)
def _options(short: bool = False, tables: bool = True):
    """trafilatura's own defaults, built once (it rebuilds them on every call
    otherwise), with reader comments left out: they are not the story, and a
    new comment is not a change to it. Its default mode, not ``fast``: the
    fallback extractors that ``fast`` skips rescue many real pages.

    ``tables=False`` is for a page laid out with tables (``_default_pass``),
    where trafilatura would add the layout table (menus, the article again,
    the footer) to the article. ``short`` is for an article under
    trafilatura's minimum size (``_article``). No URL in any of them: with no
    metadata asked for, trafilatura does not use it.
    """
    from trafilatura.settings import Extractor, use_config

    cfg = use_config()
    if short:
        cfg.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
    return Extractor(config=cfg, fast=short, comments=False, tables=tables, images=False, links=False,
                     with_metadata=False)


def warm_up() -> None:
    """Import and configure everything an extraction needs, ahead of the first page."""
    import trafilatura  # noqa: F401

    _options()
    _options(tables=False)
    _options(short=True)


def _min_size() -> int:
    return int(_options().config.get("DEFAULT", "MIN_EXTRACTED_SIZE"))


def _layout_cell(doc: HtmlElement) -> int:
    """The length of the longest innermost table cell holding a long run of
    prose, 0 when there is none. Such a cell marks a page laid out with tables
    (a data table's cells hold figures, names and short phrases) and is where
    its article sits."""
    cells = doc.xpath(f"//td[string-length(normalize-space()) > {LAYOUT_CELL}]"
                      f"[not(.//td[string-length(normalize-space()) > {LAYOUT_CELL}])]")
    return max((len(_one_line(c.text_content())) for c in cells[:MAX_CAPTIONS]), default=0)


def _default_pass(doc: HtmlElement) -> str:
    """trafilatura's default pass, with tables left out on a page laid out with
    tables, where it would add the layout (menus, the article again, the
    footer) to the article. When that leaves less than half of the article's
    cell, trafilatura only found the article through the table: it is read
    again with tables."""
    import trafilatura

    cell = _layout_cell(doc)
    text = trafilatura.extract(doc, options=_options(tables=not cell)) or ""
    if cell and len(text) < cell / 2:
        with_tables = trafilatura.extract(doc, options=_options()) or ""
        if len(with_tables) > len(text):
            text = with_tables
    return text


def _may_hold_short(text: str) -> bool:
    """A cheap test before a second pass: a short article plus furniture has
    few lines of prose, as an article under the minimum size has at most two
    paragraphs longer than a furniture line."""
    if len(text) >= SHORT_RESULT:
        return False
    return sum(len(line) > FURNITURE_LINE for line in text.split("\n")) <= 2


def _furniture_around(text: str, short: str) -> bool:
    """Whether ``text`` is ``short`` plus page furniture: ``short`` has a
    sentence, not only list entries (a credit and a date), ``text`` holds every
    paragraph of ``short``, and every line it adds is furniture-sized (a menu
    entry, a byline, a footer line), or runs ``short``'s paragraphs together
    with such lines (trafilatura's rescue reads a whole ``<article>`` as one
    line). A line of prose that ``short`` lacks means ``text`` found more of
    the story, and it stands."""
    flat = _one_line(text)
    paras = [_one_line(p) for p in short.split("\n") if p.strip()]
    if not any(len(p.split()) >= 5 and not p.startswith("- ") for p in paras):
        return False  # a dateline and a credit are not a short article
    if not all(p in flat for p in paras):
        return False
    for line in text.split("\n"):
        line = _one_line(line)
        if len(line) > FURNITURE_LINE and not any(p in line for p in paras):
            return False
    return True


def _article(doc: HtmlElement) -> str:
    """trafilatura's article text, one paragraph per line, with the captions
    of the article's figures put back (``_with_captions``).

    Two cases get a second pass with trafilatura's minimum size lowered and
    its fallbacks off, which reads a short article as it is:
    - an article under the minimum (250 characters: an early live blog of two
      paragraphs), for which the default pass adds every stray paragraph of
      the page or the page's whole text. The second result is kept only if
      it is under the minimum too and the default result is it plus
      furniture (``_furniture_around``), as a lowered minimum on a longer
      page can pull a menu in;
    - a default result made mostly of picture captions (a slideshow taken
      for the article by a fallback extractor).
    """
    import trafilatura

    live = live_entries(doc, paragraphs)
    if live is not None and live.lead is not None:
        return _live_text("", live)  # the markup gives the whole text; the article passes would be thrown away
    text = _default_pass(doc)
    captions = _captions(doc)
    keys = _caption_keys(doc, captions)
    gallery = _mostly_captions(text, keys)
    if gallery or _may_hold_short(text):
        short = trafilatura.extract(doc, options=_options(short=True)) or ""
        if short and not _mostly_captions(short, keys) and (
                gallery or (len(short) < _min_size() and _furniture_around(text, short))):
            text = short
    text = _with_captions(doc, text, captions)
    return _live_text(text, live) if live is not None else text


def _live_text(text: str, live: Live) -> str:
    """A live page's text: what the article pass found outside the entries
    (the headline, the standfirst, a pinned summary) on top, then every entry
    in page order, each with its stamp on a line of its own.

    The article pass keeps one entry at best, or runs an entry's stamp into
    its first words ("- 95' Full time."), so every line of it that repeats an
    entry is left out, and the entries come from the markup
    (``monitor.text.liveblog``). The lines above the entries are read from
    the markup too when the entries sit in an ``<article>`` or ``<main>``:
    which of them the article pass keeps varies from one check to the next."""
    entries = live.entries
    if live.lead is not None:
        return "\n".join(live.lead + [line for e in entries for line in e])
    body = [line for e in entries for line in e[1:]]
    flat = " ".join(line for e in entries for line in e)
    long_lines = [b for b in body if len(b) >= ANCHOR_CHARS // 3]
    lead = []
    for line in text.split("\n"):
        bare = _one_line(line).removeprefix("- ")
        if not bare or is_separator(bare) or bare in flat or any(b in bare for b in long_lines):
            continue
        lead.append(bare)
    return "\n".join(lead + [line for e in entries for line in e])


def extract_plain(text: str, *, ignore: tuple[str, ...] | list[str] = ()) -> Extracted:
    """Plain text, with its paragraphs normalised and ignore patterns applied."""
    return Extracted(apply_ignore(clean_plain(text), tuple(ignore)), None)


def extract(html: str | bytes, *, selector: str | None = None,
            ignore: tuple[str, ...] | list[str] = ()) -> Extracted:
    """The article text of an HTML page (plain text passes through, normalised).

    Raises ``ExtractError`` only for a bad selector or ignore pattern, which
    are the watch's fault; a page with no text yields empty text.
    """
    if isinstance(html, bytes):
        from monitor.text.decode import decode_body

        html = decode_body(html)
    if "\x1b" in html or "\x9b" in html:  # a terminal escape sequence goes whole, not just its ESC
        html = drop_sequences(html)
    html = _CONTROLS.sub("", html)
    _compiled(tuple(ignore))  # a bad pattern is reported even when the page is empty
    if not looks_like_html(html):
        return extract_plain(html, ignore=ignore)
    doc = _parse(html)
    if doc is None:
        if selector:  # still validate it
            from lxml import html as lxml_html

            _by_selector(lxml_html.fromstring("<p></p>"), selector)
        return Extracted("", None)
    title = _title(doc)
    raw = _by_selector(doc, selector) if selector else _article(doc)
    return Extracted(apply_ignore(clean_text(raw), tuple(ignore)), title)
