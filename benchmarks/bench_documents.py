"""Reading PDF and JSON documents: the libraries compared when they were chosen.

PDF: pypdf in layout mode (what the pdf source uses: it keeps paragraph
gaps), pypdf's plain mode and pdfminer.six, on
statements written by ``monitor.origin.pdf`` (3 and 50 pages), ms per read
and characters out. JSON: the jq bindings (what ``select`` uses) against
jsonpath-ng and jmespath, selecting every entry's body of a live blog of
5,000 entries. A library that is not installed is skipped (pdfminer.six,
jsonpath-ng and jmespath are not dependencies: ``pip install`` them to compare).

    python -m benchmarks documents
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from typing import Any

PARAS = ["Talks between the delegations are expected to begin in Istanbul on Thursday, the ministry said.",
         "The United States ultimately did not participate, despite initially saying it would attend.",
         "“We will not accept any preconditions,” the spokesperson said; 1,200 observers were accredited."]


def _time(fn: Callable[[], Any], n: int = 5) -> tuple[float, Any]:
    fn()
    started = time.perf_counter()
    for _ in range(n):
        out = fn()
    return (time.perf_counter() - started) / n * 1000, out


def _pypdf(body: bytes) -> list[str]:
    import pypdf

    return [p.extract_text(extraction_mode="layout") for p in pypdf.PdfReader(io.BytesIO(body)).pages]


def _pypdf_plain(body: bytes) -> list[str]:
    import pypdf

    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages]


def _pdfminer(body: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return ["".join(e.get_text() for e in page if isinstance(e, LTTextContainer))
            for page in extract_pages(io.BytesIO(body))]


def run() -> bool:
    from monitor.origin.pdf import text_pdf

    for pages in (3, 50):
        body = text_pdf([PARAS * (1 if pages == 3 else 8)] * pages)
        for name, fn in (("pypdf layout", _pypdf), ("pypdf plain", _pypdf_plain), ("pdfminer.six", _pdfminer)):
            try:
                ms, out = _time(lambda fn=fn, body=body: fn(body))
            except ImportError:
                print(f"  pdf {pages:>2} pages  {name:<13} not installed")
                continue
            chars = sum(len("".join(p.split())) for p in out)
            print(f"  pdf {pages:>2} pages  {name:<13} {ms:8.1f} ms  {chars:,} characters (spaces aside)")
    doc = {"entries": [{"id": i, "body": f"Update {i}: the delegation said it would attend."} for i in range(5000)]}
    raw = json.dumps(doc)

    def jq_() -> Any:
        import jq

        return jq.compile(".entries[] | .body").input_text(raw).all()

    def jsonpath_() -> Any:
        from jsonpath_ng.ext import parse

        return [m.value for m in parse("$.entries[*].body").find(json.loads(raw))]

    def jmespath_() -> Any:
        import jmespath

        return jmespath.search("entries[*].body", json.loads(raw))

    for name, fn in (("jq", jq_), ("jsonpath-ng", jsonpath_), ("jmespath", jmespath_)):
        try:
            ms, out = _time(fn)
        except ImportError:
            print(f"  json 5,000 entries  {name:<12} not installed")
            continue
        print(f"  json 5,000 entries  {name:<12} {ms:8.1f} ms  {len(out):,} items")
    return True


if __name__ == "__main__":
    run()
