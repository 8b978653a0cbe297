"""PDF and JSON documents served by the local site, read through the real pipeline of a check."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest

from monitor.config.request import check_select
from monitor.diff.engine import diff_texts
from monitor.origin.pdf import scanned_pdf, text_pdf
from monitor.sources import offload
from monitor.sources.documents import read_pdf, select_items
from monitor.sources.fetch import FetchContext
from monitor.sources.offload import Limits
from tests.sources.helpers import ENDLESS_READ, endless_document

STATEMENT_V1 = [
    ["The ministry confirmed that talks between the delegations will begin in Istanbul on Thursday.",
     "The United States will attend the talks, a spokesperson said."],
    ["Observers from 12 countries were accredited for the first session."],
]
STATEMENT_V2 = [
    ["The ministry confirmed that talks between the delegations will begin in Istanbul on Thursday.",
     "The United States will not attend the talks, a spokesperson said."],
    ["Observers from 14 countries were accredited for the first session."],
]


def W(url: str, kind: str = "http", **kw):
    """A watch row as the fetch reads it."""
    base = dict(url=url, kind=kind, selector=None, ignore=[], etag=None, last_modified=None, last_body_hash=None,
                selection=None, request={})
    return SimpleNamespace(**{**base, **kw})


def read(*watches, deadline: float = 30.0):
    async def go():
        async with FetchContext(limits=Limits(deadline=deadline)) as ctx:
            return await asyncio.gather(*(ctx.fetch(w) for w in watches))

    return asyncio.run(go())


def test_a_pdf_found_by_its_content_type_is_read_page_by_page_and_its_edit_is_a_statement_change(origin):
    origin.serve_document("/statement.pdf", "application/pdf", text_pdf(STATEMENT_V1))
    (v1,) = read(W(origin.url("/statement.pdf")))
    assert v1.ok, v1.error
    assert v1.text.split("\n\n") == [p for page in STATEMENT_V1 for p in page]
    origin.serve_document("/statement.pdf", "application/pdf", text_pdf(STATEMENT_V2))
    (v2,) = read(W(origin.url("/statement.pdf")))
    changes = diff_texts(v1.text, v2.text).changes
    edited = [c for c in changes if c.kind == "edited"]
    assert {c.old for c in edited} == {"The United States will attend the talks, a spokesperson said.",
                                       "Observers from 12 countries were accredited for the first session."}
    assert any("negation" in c.aspects for c in edited) and any("numbers" in c.aspects for c in edited)


def test_kind_pdf_reads_a_pdf_the_server_calls_octet_stream(origin):
    origin.serve_document("/download", "application/octet-stream", text_pdf(STATEMENT_V1))
    plain, forced = read(W(origin.url("/download")), W(origin.url("/download"), kind="pdf"))
    assert plain.status == "failed" and plain.error == "not text: content-type application/octet-stream"
    assert forced.ok and "Observers from 12 countries" in forced.text


def test_a_scanned_pdf_is_a_failed_check_saying_there_is_no_text_layer(origin):
    origin.serve_document("/scan.pdf", "application/pdf", scanned_pdf(2))
    (got,) = read(W(origin.url("/scan.pdf")))
    assert got.status == "failed" and got.text is None
    assert got.error == "no text layer: the PDF's 2 pages hold only images (a scan); nothing to compare"


def test_a_broken_pdf_is_a_failed_check_with_the_reason():
    meta = {"content_type": "application/pdf"}
    assert read_pdf(b"<html>oops</html>", _opts(), meta).error == "not a PDF: the body does not start with %PDF"
    assert read_pdf(b"%PDF-1.4\n garbage", _opts(), meta).error.startswith("not a readable PDF")


def _opts(**kw):
    from monitor.sources.base import FetchOptions

    return FetchOptions(**kw)


def test_ignore_patterns_apply_to_pdf_text():
    got = read_pdf(text_pdf(STATEMENT_V1), _opts(ignore=(r"^Observers.*$",)), {})
    assert got.ok and "Observers" not in got.text and "United States will attend" in got.text


LIVE = {"title": "Live: talks in Istanbul", "entries": [
    {"id": 3, "time": "11:40", "body": "Despite initially saying they would attend, the US did not participate."},
    {"id": 2, "time": "10:15", "body": "The first direct talks are over after two hours."},
    {"id": 1, "time": "09:00", "body": "Delegations arrive at the Dolmabahce palace."},
]}


def test_a_json_live_blog_selected_with_jq_gives_one_statement_per_entry(origin):
    origin.serve_document("/live.json", "application/json", json.dumps(LIVE).encode())
    (got,) = read(W(origin.url("/live.json"), selection=".entries[] | .body"))
    assert got.ok, got.error
    assert got.text.split("\n\n") == [e["body"] for e in LIVE["entries"]]
    newer = {**LIVE, "entries": [{"id": 4, "time": "12:05", "body": "The talks will resume on Monday."},
                                 *LIVE["entries"]]}
    origin.serve_document("/live.json", "application/json", json.dumps(newer).encode())
    (again,) = read(W(origin.url("/live.json"), selection=".entries[] | .body"))
    changes = diff_texts(got.text, again.text).changes
    assert [(c.kind, c.new) for c in changes if c.kind != "moved"] == [
        ("added", "The talks will resume on Monday.")]


def test_an_object_item_is_its_values_in_order_and_kind_json_needs_no_content_type(origin):
    origin.serve_document("/api", "text/plain", json.dumps(LIVE).encode())
    (got,) = read(W(origin.url("/api"), kind="json", selection=".entries[0]"))
    assert got.ok and got.text == "3 11:40 Despite initially saying they would attend, the US did not participate."
    (every,) = read(W(origin.url("/api"), kind="json"))
    assert every.text.split("\n\n")[:2] == ["Live: talks in Istanbul", "11:40"]


def test_json_failures_are_one_line_reasons(origin):
    origin.serve_document("/bad.json", "application/json", b"{not json")
    origin.serve_document("/live.json", "application/json", json.dumps(LIVE).encode())
    bad, nothing, error = read(W(origin.url("/bad.json"), kind="json"),
                               W(origin.url("/live.json"), selection=".missing[]?"),
                               W(origin.url("/live.json"), selection=".title | tonumber"))
    assert bad.error.startswith("not JSON: ")
    assert nothing.error == "jq '.missing[]?' selected nothing"
    assert error.error.startswith("jq '.title | tonumber' failed on this document: ")


def test_a_jq_program_is_checked_when_it_is_set():
    assert check_select(".entries[] | .body") == ".entries[] | .body"
    with pytest.raises(ValueError, match=r"^'\.entries\[' is not a valid jq program: "):
        check_select(".entries[")
    assert select_items('{"a": ["x", "y"]}', ".a[]") == ["x", "y"]


def test_a_jq_program_that_never_ends_is_stopped_at_the_deadline_and_the_next_check_works(origin):
    origin.serve_document("/live.json", "application/json", json.dumps(LIVE).encode())
    got, ok = read(W(origin.url("/live.json"), selection="repeat(1)"),
                   W(origin.url("/live.json"), selection=".entries[-1].body"), deadline=3.0)
    assert got.status == "failed"
    assert got.error == "the jq selection timed out after 3 s; the document is read again next check"
    assert ok.ok and ok.text == "Delegations arrive at the Dolmabahce palace."


def test_a_pdf_parse_that_never_ends_is_stopped_at_the_deadline(origin, monkeypatch):
    monkeypatch.setattr(offload, "document_function", endless_document)
    origin.serve_document("/stuck.pdf", "application/pdf", text_pdf([[ENDLESS_READ]]))
    origin.serve_document("/fine.pdf", "application/pdf", text_pdf(STATEMENT_V1))
    stuck, fine = read(W(origin.url("/stuck.pdf")), W(origin.url("/fine.pdf")), deadline=3.0)
    assert stuck.error == "reading the PDF timed out after 3 s; the document is read again next check"
    assert fine.ok and "United States will attend" in fine.text


def test_a_pdf_file_is_read_like_a_served_one_and_monitor_diff_compares_two(tmp_path):
    import subprocess
    import sys

    from monitor.sources.file import read_file

    (tmp_path / "v1.pdf").write_bytes(text_pdf(STATEMENT_V1))
    (tmp_path / "v2.pdf").write_bytes(text_pdf(STATEMENT_V2))
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    got = read_file(str(tmp_path / "v1.pdf"), _opts())
    assert got.ok and got.text.split("\n\n")[1] == "The United States will attend the talks, a spokesperson said."
    assert read_file(str(tmp_path / "scan.pdf"), _opts()).error.startswith("no text layer")
    out = subprocess.run([sys.executable, "-m", "monitor", "diff", "v1.pdf", "v2.pdf"], cwd=tmp_path,
                         capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert "The United States will {+not+} attend the talks" in out.stdout, out.stderr


def test_a_select_reads_json_whatever_the_server_calls_it(origin):
    origin.serve_document("/api/plain", "text/html; charset=utf-8", json.dumps(LIVE).encode())
    (got,) = read(W(origin.url("/api/plain"), selection=".entries[1].body"))
    assert got.ok and got.text == "The first direct talks are over after two hours."
    (page,) = read(W(origin.url("/story/istanbul-talks"), selection=".entries[]"))
    assert page.status == "failed" and page.error.startswith("not JSON: ")


def test_the_seed_story_as_a_json_live_blog_shows_the_us_participation_edit(origin):
    from tests.origin import STORY, seed_versions

    watch = W(origin.url(STORY + ".json"), selection=".entries[] | .body")
    (first,) = read(watch)
    assert first.ok and first.text.split("\n\n")[0] == seed_versions()[0].split("\n\n")[0].strip()
    texts = [first.text]
    for _ in range(len(seed_versions()) - 1):
        origin.advance(STORY)
        (got,) = read(watch)
        texts.append(got.text)
    from itertools import pairwise

    edits = [c for old, new in pairwise(texts) for c in diff_texts(old, new).changes if c.kind == "edited"]
    flipped = [c for c in edits if "negation" in c.aspects and "did not participate" in c.new]
    assert flipped, [(c.old, c.new, c.aspects) for c in edits]
