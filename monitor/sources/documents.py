"""Documents that are not HTML: PDF statements and JSON feeds, as statements.

Both run in the stoppable workers (``sources.offload.Offload.document``)
under the check's deadline: a PDF parser's time grows with the document and
a hostile one can loop, and a jq program can run forever (``repeat(1)``).

**PDF**, by pypdf, chosen by measurement (``python -m benchmarks documents``,
three runs on two shared, busy cores) on PDFs written by ``monitor.origin.pdf``:
a 50-page statement took 310-870 ms with pypdf in layout mode and
1,900-3,600 ms with pdfminer.six, a 3-page one 3-19 ms and 13-20 ms; both
gave the same 97,200 characters, curly quotes included. pypdf's layout mode
keeps the vertical gap between paragraphs as a blank line, so paragraphs
survive; the lines a paragraph was wrapped into are joined again (a word
hyphenated at a line end is rejoined). Pages are kept apart. A PDF with no
text on any page is a scan: a failed check ("no text layer"), never an
empty version that would read as the story deleted.

**JSON**, by the jq bindings: a urlwatch ``jq`` filter carries over as it
is (``monitor import urlwatch``), and jq's language reaches everything
JSONPath does. Selecting every entry's body of a live blog of 5,000 entries
took 19-27 ms with jq, 38-62 ms with jsonpath-ng and 3-8 ms with jmespath
(same runs): all far inside a check's budget, and jmespath's language cannot
take a urlwatch filter. Each item the program yields is one statement
(one paragraph); an object or a list yields its strings and numbers in
order, joined by spaces. Without a program, every string of the document
in order is one statement.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from monitor.sources.base import Fetched, FetchOptions, failed

PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
DEFAULT_SELECT = "[.. | strings]"
MAX_ITEMS = 10_000  # statements one JSON selection may yield; more is a mistake in the program
_HYPHEN_END = re.compile(r"[A-Za-z]-$")


def document_kind(media: str, opts: FetchOptions) -> str | None:
    """``pdf``, ``json`` or None (an HTML or text page), from the watch's kind, its ``select`` or the Content-Type.

    A ``select`` means the watch reads JSON, whatever the server calls it
    (APIs send ``text/plain`` and ``text/html`` too); a JSON answer read
    without one goes through the page extractor as it always did.
    """
    if opts.document:
        return opts.document
    if media in PDF_TYPES:
        return "pdf"
    if opts.select:
        return "json"
    return None


# --- PDF ----------------------------------------------------------------------


def _paragraphs(page_text: str) -> list[str]:
    """Layout text to paragraphs: a blank line separates them, wrapped lines are joined."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", page_text):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        para = ""
        for line in filter(None, lines):
            if _HYPHEN_END.search(para) and line[:1].islower():
                para = para[:-1] + line
            else:
                para = f"{para} {line}" if para else line
        if para:
            out.append(para)
    return out


def pdf_pages(body: bytes) -> list[list[str]]:
    """Each page's paragraphs; ``ValueError`` when ``body`` is not a PDF pypdf can open."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise ValueError("the PDF is encrypted")
        pages = []
        for page in reader.pages:
            try:
                text = page.extract_text(extraction_mode="layout")
            except Exception:  # layout mode is pickier than plain on odd fonts
                text = page.extract_text()
            pages.append(_paragraphs(text or ""))
        return pages
    except PdfReadError as e:
        raise ValueError(f"not a readable PDF: {e}") from None


def read_pdf(body: bytes, opts: FetchOptions, meta: dict[str, Any]) -> Fetched:
    """A PDF's text, page after page, with the watch's ignore patterns applied."""
    from monitor.text.clean import after_extraction
    from monitor.text.extract import ExtractError, apply_ignore

    common = {"bytes": len(body), **meta}
    if not body.lstrip()[:5].startswith(b"%PDF"):
        return failed("not a PDF: the body does not start with %PDF", **common)
    try:
        pages = pdf_pages(body)
    except ValueError as e:
        return failed(str(e), **common)
    if not any(pages):
        n = len(pages)
        return failed(f"no text layer: the PDF's {n} page{'s' if n != 1 else ''} hold only images "
                      "(a scan); nothing to compare", **common)
    text = "\n\n".join(p for page in pages for p in page)
    try:
        text = apply_ignore(text, opts.ignore)
    except ExtractError as e:
        return failed(str(e), **common)
    if not text.strip():
        return failed("the ignore patterns removed all the PDF's text", **common)
    return Fetched(status="ok", text=after_extraction(text), **common)


# --- JSON ---------------------------------------------------------------------


def _leaves(item: Any) -> list[str]:
    if isinstance(item, dict):
        return [s for v in item.values() for s in _leaves(v)]
    if isinstance(item, list):
        return [s for v in item for s in _leaves(v)]
    if item is None or isinstance(item, bool):
        return []
    return [str(item)]


def statement(item: Any) -> str:
    """One selected item as one line of text."""
    return " ".join(" ".join(_leaves(item)).split())


def select_items(data: str, program: str) -> list[str]:
    """The statements a jq program selects from a JSON text; ``ValueError`` for bad JSON or a failing program."""
    import jq

    try:
        compiled = jq.compile(program)
    except ValueError as e:
        raise ValueError(f"{program!r} is not a valid jq program: {' '.join(str(e).split())}") from None
    try:
        results = compiled.input_text(data).all()
    except ValueError as e:
        reason = " ".join(str(e).split())
        raise ValueError(f"jq {program!r} failed on this document: {reason[:200]}") from None
    out: list[str] = []
    for r in results:
        # ``[.. | strings]`` yields one list: its items are the statements.
        for item in (r if isinstance(r, list) and len(results) == 1 else [r]):
            s = statement(item)
            if s:
                out.append(s)
            if len(out) > MAX_ITEMS:
                raise ValueError(f"jq {program!r} selected more than {MAX_ITEMS:,} items")
    return out


def read_json(body: bytes, charset: str | None, opts: FetchOptions, meta: dict[str, Any]) -> Fetched:
    """The items a watch's ``select`` picks out of a JSON document, one statement each."""
    from monitor.text.clean import after_extraction
    from monitor.text.decode import decode_body
    from monitor.text.extract import ExtractError, apply_ignore

    common = {"bytes": len(body), **meta}
    text = decode_body(body, charset)
    try:
        json.loads(text)
    except ValueError as e:
        return failed(f"not JSON: {e}", **common)
    try:
        items = select_items(text, opts.select or DEFAULT_SELECT)
        joined = apply_ignore("\n\n".join(items), opts.ignore)
    except ExtractError as e:
        return failed(str(e), **common)
    except ValueError as e:
        return failed(str(e), **common)
    if not joined.strip():
        what = f"jq {opts.select!r} selected nothing" if opts.select else "the JSON holds no text"
        return failed(what, **common)
    return Fetched(status="ok", text=after_extraction(joined), **common)


def read_document(kind: str, body: bytes, charset: str | None, opts: FetchOptions, meta: dict[str, Any]) -> Fetched:
    """The worker's entry point: one document of ``kind`` (``pdf`` or ``json``) to a ``Fetched``."""
    if kind == "pdf":
        return read_pdf(body, opts, meta)
    return read_json(body, charset, opts, meta)
