"""Turns what a user typed (a path, a URL, ``-``) into the text to diff.

Every failure a user can cause ends in ``InputError`` with one line naming
the input and what is wrong; nothing here prints or exits.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from monitor.errors import InputError

MAX_INPUT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    label: str


def _decode(data: bytes, label: str) -> str:
    from monitor.text.decode import decode_body, is_binary

    if not data.strip():
        raise InputError(f"{label}: empty document")
    if is_binary(data):
        raise InputError(f"{label}: binary content, not text")
    return decode_body(data)


def _to_text(raw: str, label: str, url: str | None = None) -> str:
    from monitor.text.clean import after_extraction, before_extraction
    from monitor.text.extract import extract, looks_like_html

    raw = before_extraction(raw)
    if looks_like_html(raw):
        text = after_extraction(extract(raw).text)
        if not text.strip():
            raise InputError(f"{label}: no article text found in the HTML")
        return text
    return after_extraction(raw)


def read_document(spec: str, *, stdin_used: bool = False, render: bool = False) -> Document:
    """The text of a path, an http(s) URL, or ``-`` (standard input); ``render`` reads a URL
    in the browser first (``sources.browser``), as a ``render = true`` watch does."""
    if spec == "-":
        if stdin_used:
            raise InputError("standard input ('-') can be given only once")
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError("standard input: larger than the 10 MB limit")
        return Document(_to_text(_decode(data, "standard input"), "standard input"), "stdin")
    if "://" in spec:
        return _read_url(spec, render)
    # A file is read the way a file watch reads it: the same size cap,
    # decoding, binary and empty-document checks, and extraction.
    from monitor.sources.base import FetchOptions
    from monitor.sources.file import read_file

    got = read_file(spec, FetchOptions(max_bytes=MAX_INPUT_BYTES))
    if got.status == "failed" or got.text is None:
        raise InputError(got.error or f"{spec}: cannot be read")
    return Document(got.text, spec)


def _read_url(url: str, render: bool = False) -> Document:
    import asyncio

    from monitor.config.secrets import mask_text, mask_url
    from monitor.sources.base import FetchOptions
    from monitor.sources.http import fetch_http, new_session, validate_url

    try:
        validate_url(url)
    except ValueError as e:
        raise InputError(mask_text(str(e)) or "") from None

    async def go():
        if render:
            from monitor.sources.browser import render as rendered

            return await rendered(url, FetchOptions(retries=0))
        async with new_session() as session:
            return await fetch_http(session, url, FetchOptions(retries=0))

    got = asyncio.run(go())
    if got.status == "failed" or got.text is None:
        raise InputError(f"{mask_url(url)}: {mask_text(got.error) or 'could not be read'}")
    if not got.text.strip():
        raise InputError(f"{mask_url(url)}: no article text found")
    return Document(got.text, mask_url(url))
