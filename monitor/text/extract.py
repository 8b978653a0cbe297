"""HTML -> article text, one paragraph per block, paragraphs split by a blank line.

trafilatura finds the article and drops navigation, ads, widgets, related
links and footers, so an ad that rotates or an "Updated 3 minutes ago" that
ticks never reads as a change. Its ``fast`` mode is used: on the local
article pages (35-40 KB) it took 2.0 ms of CPU per page against 2.7 ms for
the default mode, with the same text on every seed version; ``fast`` only
skips the fallback extractors, which matter on pages it cannot read at all.

The page is parsed once with lxml and the tree handed on, so the title, the
caption fix and the CSS selector do not each re-parse 40 KB. One thing
trafilatura would lose is put back first: it drops ``<figure>`` whole, and
in a live report the photo caption is often the lead statement ("Delegations
meet in Istanbul on Friday"), so a captioned figure becomes a paragraph.

A per-watch CSS selector overrides trafilatura entirely; ignore patterns are
applied last, per paragraph. Scripts, styles and templates are dropped before
anything reads text, and nothing from the page is ever executed or fetched.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_TEXT = 2 * 1024 * 1024  # characters of extracted text kept per page
TITLE_MAX = 300

# C0/C1 controls (except tab and newline) and invisible characters that CMSs
# sprinkle into text (soft hyphens, zero-width spaces, BOMs): they change the
# hash of a statement without changing a word of it.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_UNSAFE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_BLOCKS = frozenset(
    "address article aside blockquote caption dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul".split()
)


class ExtractError(ValueError):
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
    head = data[:4096].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<p>" in head or "<div" in head)


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


def _captions_as_paragraphs(doc: HtmlElement) -> None:
    from lxml import html as lxml_html

    for fig in list(doc.iter("figure")):
        cap = next(fig.iter("figcaption"), None)
        text = _one_line(cap.text_content()) if cap is not None else ""
        parent = fig.getparent()
        if parent is None:
            continue
        if text:
            p = lxml_html.Element("p")
            p.text, p.tail = text, fig.tail
            parent.replace(fig, p)
        else:
            fig.drop_tree()


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


@lru_cache(maxsize=1)
def _config():
    """trafilatura's defaults, except that a short article (an early live
    blog of two paragraphs) is still an article: below its default minimum
    size trafilatura falls back to every text node on the page, noise and all."""
    from trafilatura.settings import use_config

    cfg = use_config()
    cfg.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
    cfg.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return cfg


@lru_cache(maxsize=1)
def _options():
    """trafilatura's options, built once: it rebuilds them on every call
    otherwise (4% of an extraction). No URL in them: with no metadata asked
    for, trafilatura does not use it, and the object is shared."""
    from trafilatura.settings import Extractor

    return Extractor(config=_config(), fast=True, comments=False, tables=False, images=False, links=False,
                     with_metadata=False)


def warm_up() -> None:
    """Import and configure everything an extraction needs, ahead of the first page."""
    import trafilatura  # noqa: F401

    _options()


def _article(doc: HtmlElement) -> str:
    import trafilatura

    _captions_as_paragraphs(doc)
    return trafilatura.extract(doc, options=_options()) or ""


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
        from monitor.sources.decode import decode_body

        html = decode_body(html)
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
