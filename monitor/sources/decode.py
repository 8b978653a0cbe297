"""Bytes -> text for any source, never raising.

Order: a byte-order mark, then the charset the server declared, then a
``<meta charset>`` in the page, then UTF-8, then a detector (charset_normalizer:
trafilatura requires it, aiohttp does not), and finally UTF-8 with replacement
characters. Declarations are trusted only when they decode cleanly: a CMS
that says ``utf-8`` and sends Windows-1252 is common, and the reverse (a
Latin-1 header on UTF-8 bytes) decodes "cleanly" into mojibake, so valid
multi-byte UTF-8 wins over a single-byte declaration.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE)
# Every byte decodes in these, so "it decoded" proves nothing about them.
_SINGLE_BYTE = frozenset({"latin_1", "iso8859_1", "cp1252", "cp1251", "cp1250", "iso8859_2", "iso8859_15", "ascii",
                          "koi8_r", "mac_roman"})
DETECT_LIMIT = 200_000  # bytes the detector looks at; enough to be sure, bounded in cost


def bom_encoding(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares about itself in its first few kilobytes."""
    m = _META.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def _codec(name: str | None) -> str | None:
    """Python's codec name, with the labels browsers read as Windows-1252 mapped to it."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name.replace("-", "_")
    except LookupError:
        return None
    return "cp1252" if codec in ("latin_1", "iso8859_1", "ascii") else codec


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, declared: str | None = None) -> str:
    """The text of ``body``; ``declared`` is the charset from the Content-Type header, if any."""
    bom = bom_encoding(body)
    if bom:
        return body.decode(bom, "replace")
    as_utf8 = _strict(body, "utf-8")
    for label in (declared, meta_charset(body)):
        codec = _codec(label)
        if codec is None:
            continue
        if codec in _SINGLE_BYTE and as_utf8 is not None and not body.isascii():
            return as_utf8
        text = _strict(body, codec)
        if text is not None:
            return text
    if as_utf8 is not None:
        return as_utf8
    return _detected(body)


def _detected(body: bytes) -> str:
    """The detector's pick; on a tie, Windows-1252, which is what browsers
    assume for an undeclared Western page (a short French text scores the
    same in Windows-1250, which turns every "è" into "č")."""
    from charset_normalizer import from_bytes

    results = from_bytes(body[:DETECT_LIMIT])
    best = results.best()
    if best is None or not best.encoding:
        return body.decode("utf-8", "replace")
    tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return body.decode("cp1252", "replace")
    return body.decode(best.encoding, "replace")
