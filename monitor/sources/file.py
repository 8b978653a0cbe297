"""Local files: the same ``Fetched`` record as http, so a watch can follow a
file that an editor, a scraper or a wire-feed importer keeps rewriting.

``.html``/``.htm`` files (or files that look like HTML inside) go through
article extraction; anything else is plain text with its paragraphs kept.
A missing file is transient: editors and importers replace files by
deleting and re-creating them, and a check that lands in between should not
count as the story being gone.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from monitor.sources.base import Fetched, FetchOptions, failed

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


def is_binary(body: bytes) -> bool:
    head = body[:8192]
    return b"\x00" in head or head.startswith(_MAGIC)


def read_file(path: str, opts: FetchOptions) -> Fetched:
    started = time.perf_counter()
    p = Path(path)
    try:
        if not p.exists():
            return failed(f"no such file: {path}", transient=True)
        if p.is_dir():
            return failed(f"{path} is a directory, not a document")
        if p.stat().st_size > opts.max_bytes:
            from monitor.sources.http import size_text

            return failed(f"{path} is larger than the {size_text(opts.max_bytes)} limit")
        body = p.read_bytes()
    except OSError as e:
        return failed(f"cannot read {path}: {e.strerror or e}", transient=True)
    raw_hash = hashlib.sha256(body).hexdigest()
    common = dict(raw_hash=raw_hash, bytes=len(body), final_url=str(p.resolve()))

    def done(got: Fetched) -> Fetched:
        from dataclasses import replace

        return replace(got, elapsed_ms=int((time.perf_counter() - started) * 1000))

    if opts.raw_hash and raw_hash == opts.raw_hash:
        return done(Fetched(status="same_body", **common))
    if not body.strip():
        return done(failed("empty document", **common))
    if is_binary(body):
        return done(failed("not text: binary content", **common))
    return done(_extracted(body, p, opts, common))


def _extracted(body: bytes, p: Path, opts: FetchOptions, common: dict) -> Fetched:
    from monitor.sources.decode import decode_body
    from monitor.text.extract import ExtractError, extract, extract_plain, looks_like_html

    text = decode_body(body)
    suffix = p.suffix.lower()
    as_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(text))
    try:
        if as_html:
            ex = extract(text, selector=opts.selector, ignore=opts.ignore)
        else:
            ex = extract_plain(text, ignore=opts.ignore)
    except ExtractError as e:
        return failed(str(e), **common)
    if not ex.text:
        return failed("empty document" if not as_html else "no article text found in the file", **common)
    return Fetched(status="ok", text=ex.text, title=ex.title, **common)
