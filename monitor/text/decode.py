"""Bytes -> text for any source, never raising.

Order: a byte-order mark, then the charset the server declared, then a
``<meta charset>`` in the page, then UTF-8, then a detector (charset_normalizer:
trafilatura requires it, aiohttp does not), and finally UTF-8 with replacement
characters. Declarations are trusted only when they decode cleanly: a CMS
that says ``utf-8`` and sends Windows-1252 is common, and the reverse (a
Latin-1 header on UTF-8 bytes) decodes "cleanly" into mojibake, so valid
multi-byte UTF-8 wins over a single-byte declaration.

UTF-16 is recognised by its byte-order mark or, without one, by the shape of
its bytes: markup is mostly ASCII, so every other byte is zero. That shape is
checked before anything else, because UTF-16 bytes of ASCII text are also
valid UTF-8 (full of NULs), and it is the only thing that makes a UTF-16
label believable: a ``<meta charset=utf-16>`` readable as ASCII is a lie, as
browsers also decide. A label is used only if it names a text encoding a
browser could mean: ``punycode``, ``idna``, ``undefined``, the escape codecs,
UTF-7 and the bytes-to-bytes codecs (``base64``, ``zlib``, ``rot13``, ``uu``)
are treated as unknown labels.
"""

from __future__ import annotations

import codecs
import re

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Text encodings by Python's reckoning that no page means: they raise on
# ordinary bytes (punycode, idna, undefined), turn backslashes into
# characters (the escape codecs), or hide markup (UTF-7, which browsers refuse).
_REFUSED = frozenset({"punycode", "idna", "undefined", "unicode_escape", "raw_unicode_escape", "utf_7",
                      "mbcs", "oem", "cp65001"})
_WIDE = ("utf_16", "utf_32")  # believed only when the bytes have their shape (see ``utf16_order``)
SNIFF = 4096  # bytes looked at for a UTF-16 shape
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


def utf16_order(body: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``body`` is UTF-16 without a byte-order
    mark, judged by where its zero bytes fall; else None.

    Mostly-ASCII text in UTF-16 has a zero in every other byte and almost
    none in the other half; nothing else looks like that.
    """
    head = body[: SNIFF - SNIFF % 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    low, high = head[0::2], head[1::2]
    even, odd = low.count(0), high.count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        order, chars, zeros = "utf-16-le", low, high
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        order, chars, zeros = "utf-16-be", high, low
    else:
        return None
    # ...and the characters U+0000-U+00FF among them must not be control
    # codes: binary data made of small 16-bit numbers has the same zeros.
    controls = sum(1 for c, z in zip(chars, zeros, strict=True) if z == 0 and c < 0x20 and c not in (9, 10, 13))
    return order if controls <= 0.05 * pairs else None


def wide_encoding(body: bytes) -> str | None:
    """The UTF-16/32 encoding ``body`` is in, by byte-order mark or shape, if any."""
    bom = bom_encoding(body)
    if bom and bom != "utf-8-sig":
        return bom
    return utf16_order(body)


def is_binary(body: bytes) -> bool:
    """NUL bytes near the start, and not because the text is UTF-16 or UTF-32."""
    return b"\x00" in body[:SNIFF] and wide_encoding(body) is None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares about itself in its first few kilobytes."""
    m = _META.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def _codec(name: str | None) -> str | None:
    """Python's codec name, with the labels browsers read as Windows-1252 mapped to it."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError, TypeError):  # unknown, or not a name at all ("a\0b")
        return None
    codec = info.name.replace("-", "_")
    # ``_is_text_encoding`` is how Python itself marks base64, zlib, rot13, uu...
    if not getattr(info, "_is_text_encoding", True) or codec in _REFUSED or codec.startswith(_WIDE):
        return None
    return "cp1252" if codec in ("latin_1", "iso8859_1", "ascii") else codec


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeError, LookupError, ValueError):
        return None


def decode_body(body: bytes, declared: str | None = None) -> str:
    """The text of ``body``; ``declared`` is the charset from the Content-Type header, if any."""
    bom = bom_encoding(body)
    if bom:
        return body.decode(bom, "replace")
    wide = utf16_order(body)
    if wide:
        return body.decode(wide, "replace")
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
