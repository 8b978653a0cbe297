"""Local files: the same ``Fetched`` record as http, so a watch can follow a
file an editor or another tool keeps rewriting."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from monitor.sources.base import Fetched, FetchOptions, failed


def read_file(path: str, opts: FetchOptions) -> Fetched:
    started = time.perf_counter()
    p = Path(path)
    try:
        if not p.exists():
            return failed(f"no such file: {path}", transient=True)
        if p.is_dir():
            return failed(f"{path} is a directory, not a document")
        if p.stat().st_size > opts.max_bytes:
            return failed(f"{path} is larger than the {opts.max_bytes // (1024 * 1024)} MB limit")
        body = p.read_bytes()
    except OSError as e:
        return failed(f"cannot read {path}: {e.strerror}", transient=True)
    raw_hash = hashlib.sha256(body).hexdigest()
    ms = int((time.perf_counter() - started) * 1000)
    if opts.raw_hash and raw_hash == opts.raw_hash:
        return Fetched(status="same_body", raw_hash=raw_hash, bytes=len(body), elapsed_ms=ms)
    if not body.strip():
        return failed("empty document", raw_hash=raw_hash)
    if b"\x00" in body[:8192]:
        return failed("not text: binary content", raw_hash=raw_hash)
    from monitor.sources.http import _decode
    from monitor.text.extract import ExtractError, extract

    text = _decode(body, None)
    try:
        ex = extract(text, selector=opts.selector, ignore=opts.ignore)
    except ExtractError as e:
        return failed(str(e), raw_hash=raw_hash)
    if not ex.text.strip():
        return failed("empty document", raw_hash=raw_hash)
    return Fetched(status="ok", text=ex.text, title=ex.title, raw_hash=raw_hash, bytes=len(body),
                   elapsed_ms=ms, final_url=str(p.resolve()))
