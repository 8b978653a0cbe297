"""The file source: the same record as http, for documents on disk."""

import pytest

from monitor.origin import render_article
from monitor.sources.base import FetchOptions
from monitor.sources.file import read_file
from tests.origin import seed_versions
from tests.sources.helpers import paragraphs

SEED = seed_versions()[-1]


def test_html_file_is_extracted_and_identical_bytes_skip_extraction(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(render_article("Talks", SEED), encoding="utf-8")
    got = read_file(str(page), FetchOptions())
    assert got.status == "ok" and paragraphs(got.text) == paragraphs(SEED) and got.title == "Talks"
    assert got.bytes == page.stat().st_size and len(got.raw_hash) == 64
    again = read_file(str(page), FetchOptions(raw_hash=got.raw_hash))
    assert again.status == "same_body" and again.text is None


def test_text_file_keeps_its_paragraphs_even_when_it_mentions_tags(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("The <div> and <p> tags are plain words here.\n\n\nSecond paragraph.\n", encoding="utf-8")
    assert read_file(str(notes), FetchOptions()).text == ("The <div> and <p> tags are plain words here.\n\n"
                                                          "Second paragraph.")


def test_html_without_a_suffix_is_sniffed(tmp_path):
    page = tmp_path / "export"
    page.write_text(render_article("Talks", SEED), encoding="utf-8")
    assert paragraphs(read_file(str(page), FetchOptions()).text) == paragraphs(SEED)


def test_legacy_encoding_is_detected(tmp_path):
    old = tmp_path / "old.txt"
    old.write_bytes("Déclaration du ministère : la délégation arrivera à Istanbul jeudi.".encode("cp1252"))
    assert read_file(str(old), FetchOptions()).text == \
        "Déclaration du ministère : la délégation arrivera à Istanbul jeudi."


def test_selector_and_ignore_apply_to_files(tmp_path):
    page = tmp_path / "story.htm"
    page.write_text(render_article("Talks", SEED), encoding="utf-8")
    got = read_file(str(page), FetchOptions(selector=".live-widget", ignore=(r"\d+ ",)))
    assert got.text == "Updated minutes ago"


@pytest.mark.parametrize("name,content,needle,transient", [
    ("missing.html", None, "no such file: ", True),
    ("empty.txt", b" \n\t\n", "empty document", False),
    ("blank.html", b"<html><body>   </body></html>", "no article text found", False),
    ("zeros.bin", b"\x00\x01" * 100, "not text: binary content", False),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)), "not text: binary content", False),
    ("folder", "dir", "is a directory", False),
])
def test_unreadable_files_fail_cleanly(tmp_path, name, content, needle, transient):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    got = read_file(str(path), FetchOptions())
    assert got.status == "failed" and needle in got.error and got.transient is transient
    if name == "missing.html":
        assert got.error == f"no such file: {path}"


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    got = read_file(str(big), FetchOptions(max_bytes=1024))
    assert got.status == "failed" and "larger than the 1 KB limit" in got.error
