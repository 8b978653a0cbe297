"""The file source: the same record as http, for documents on disk."""

import os
import time
from pathlib import Path

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


def _timed_read(path, opts=None):
    started = time.perf_counter()
    got = read_file(str(path), opts or FetchOptions())
    return got, time.perf_counter() - started


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    got, took = _timed_read(fifo)  # nobody ever writes: a plain open() would block forever
    assert got.status == "failed" and "FIFO" in got.error and "only regular files" in got.error
    assert not got.transient and took < 5


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused(tmp_path):
    got, _ = _timed_read("/dev/zero")
    assert got.status == "failed" and "character device" in got.error
    link = tmp_path / "story.html"  # a path that looks like a document
    link.symlink_to("/dev/zero")
    got, _ = _timed_read(link)
    assert got.status == "failed" and "character device" in got.error


def test_a_watched_file_swapped_for_a_fifo_is_refused(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(SEED, encoding="utf-8")
    assert read_file(str(path), FetchOptions()).ok
    path.unlink()
    os.mkfifo(path)
    got, took = _timed_read(path)
    assert got.status == "failed" and "FIFO" in got.error and took < 5


def test_the_size_cap_is_counted_while_reading(tmp_path, monkeypatch):
    from monitor.sources import file as file_source

    path = tmp_path / "story.txt"
    path.write_text("A paragraph of the story.\n\n" * 100, encoding="utf-8")
    cap = 1000
    assert read_file(str(path), FetchOptions(max_bytes=cap)).status == "failed"
    # A file that reports a small size but keeps giving bytes (as /proc files
    # and growing files do) is cut off at the cap too, not read to the end.
    real_fstat = os.fstat

    def small_fstat(fd):
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(file_source.os, "fstat", small_fstat)
    got = read_file(str(path), FetchOptions(max_bytes=cap))
    assert got.status == "failed" and "larger than the 1000 bytes limit" in got.error
    assert file_source.read_capped(str(path), 10_000) is not None


def test_invisible_characters_are_dropped_when_a_file_is_read(tmp_path):
    path = tmp_path / "story.html"
    body = "<p>Officials said 20&#8203;0 people left Khar\u00adkiv on Thurs\u200dday.</p>" * 3
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    got = read_file(str(path), FetchOptions())
    assert got.ok and "Officials said 200 people left Kharkiv on Thursday." in got.text


def test_a_utf16_file_is_read(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(SEED.encode("utf-16"))
    got = read_file(str(path), FetchOptions())
    assert got.ok and got.text.split() == SEED.split()
