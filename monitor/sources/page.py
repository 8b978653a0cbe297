"""A fetched body to a ``Fetched``: decode, check it is text, extract the article.

Its own module, free of the HTTP client, because this is the part that runs
in extraction workers (``sources.offload``): a worker imports only what
reading a page needs.
"""

from __future__ import annotations

from typing import Any

from monitor.sources.base import Fetched, FetchOptions, failed


def media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def read_page(body: bytes, charset: str | None, opts: FetchOptions, meta: dict[str, Any]) -> Fetched:
    """Decode and extract (CPU work, off the event loop). ``meta`` carries the
    response's status, validators and the body's ``raw_hash``."""
    from monitor.text.clean import after_extraction, before_extraction
    from monitor.text.decode import decode_body, is_binary
    from monitor.text.extract import ExtractError, extract, extract_plain

    common = dict(bytes=len(body), **meta)
    if not body.strip():
        return failed("empty document", **common)
    if opts.raw:
        return Fetched(status="ok", extra={"body": body}, **common)
    if is_binary(body):
        return failed("not text: binary content", **common)
    text = before_extraction(decode_body(body, charset))
    try:
        if media_type(meta.get("content_type")) == "text/plain":
            ex = extract_plain(text, ignore=opts.ignore)
        else:
            ex = extract(text, selector=opts.selector, ignore=opts.ignore)
    except ExtractError as e:
        return failed(str(e), **common)
    if not ex.text:
        what = f"CSS selector {opts.selector!r} matched no text" if opts.selector else "no article text found"
        return failed(f"{what} on the page", title=ex.title, **common)
    # Invisible characters out, bidi overrides in reading order, before anything is stored (text.clean).
    return Fetched(status="ok", text=after_extraction(ex.text), title=ex.title and after_extraction(ex.title),
                   **common)


def warm_up() -> None:
    """Import and configure what ``read_page`` needs, ahead of the first page."""
    import monitor.text.decode  # noqa: F401
    from monitor.text.extract import warm_up as warm_extract

    warm_extract()
