"""Local files: the same ``Fetched`` record as http, so a watch can follow a
file that an editor, a scraper or a wire-feed importer keeps rewriting.

``.html``/``.htm`` files (or files that look like HTML inside) go through
article extraction; a PDF is read page by page (``sources.documents``);
anything else is plain text with its paragraphs kept.
A missing file is transient: editors and importers replace files by
deleting and re-creating them, and a check that lands in between should not
count as the story being gone.

Only regular files are read. A path can name a FIFO (which blocks a reader
until someone writes), a device (``/dev/zero`` never ends) or a file that
was swapped for either since the watch was added, so the file is opened
without blocking, checked with ``fstat`` on that very descriptor (no race
with a swap between a check and the open), and read with the same size cap
as an HTTP body, counted while reading rather than trusted from the size
the file system reports. What no flag can bound (a mount that stops
answering mid-read, a 9 MB page that takes the extractor most of a minute)
is bounded by where this runs: a check reads its file in a worker process
under the check's deadline (``sources.offload.Offload.read_file``).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from monitor.errors import MonitorError
from monitor.sources.base import Fetched, FetchOptions, failed

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


def is_binary(body: bytes) -> bool:
    """NUL bytes that are not UTF-16 text, or the signature of a common binary format."""
    from monitor.text.decode import is_binary as has_nul

    return body[:8192].startswith(_MAGIC) or has_nul(body)


class NotRegular(MonitorError):
    """The path names something other than a regular file (a FIFO, a device, a socket)."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


def read_capped(path: str, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path``, or None when it holds more
    than ``limit``. ``NotRegular`` for anything else; ``OSError`` as it comes.

    ``O_NONBLOCK`` makes opening a FIFO return at once instead of waiting for
    a writer; on a regular file the flag changes nothing, and it is cleared
    anyway before reading.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(_kind(st.st_mode))
        if st.st_size > limit:
            return None
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file still growing is cut off at the cap, not read to the end
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > limit else b"".join(chunks)
    finally:
        os.close(fd)


def read_file(path: str, opts: FetchOptions) -> Fetched:
    started = time.perf_counter()
    p = Path(path)
    try:
        if not p.exists():
            return failed(f"no such file: {path}", transient=True)
        if p.is_dir():
            return failed(f"{path} is a directory, not a document")
        got = read_capped(path, opts.max_bytes)
        if got is None:
            from monitor.sources.http import size_text

            return failed(f"{path} is larger than the {size_text(opts.max_bytes)} limit")
        body = got
    except NotRegular as e:
        return failed(f"{path} is {e}, not a regular file; only regular files can be read")
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
    if body.lstrip()[:5].startswith(b"%PDF"):  # a PDF statement saved to disk: its text, page by page
        from monitor.sources.documents import read_pdf

        return done(read_pdf(body, opts, common))
    if is_binary(body):
        return done(failed("not text: binary content", **common))
    return done(_extracted(body, p, opts, common))


def _extracted(body: bytes, p: Path, opts: FetchOptions, common: dict) -> Fetched:
    from monitor.text.clean import after_extraction, before_extraction
    from monitor.text.decode import decode_body
    from monitor.text.extract import ExtractError, extract, extract_plain, looks_like_html

    text = before_extraction(decode_body(body))
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
    # Invisible characters out, bidi overrides in reading order, before anything is stored (text.clean).
    return Fetched(status="ok", text=after_extraction(ex.text), title=ex.title and after_extraction(ex.title),
                   **common)
