"""Bytes -> text: declarations trusted only when they decode, never an exception."""

import pytest

from monitor.sources.decode import decode_body, meta_charset

TEXT = "Переговоры в Стамбуле — “soon”, café, 1 000"


@pytest.mark.parametrize("body,declared", [
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-8"), None),
    (TEXT.encode("utf-8"), "iso-8859-1"),  # a Latin-1 header on UTF-8 bytes
    (TEXT.encode("utf-8"), "windows-1251"),
    (TEXT.encode("utf-8"), "no-such-charset"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "windows-1252"),  # the BOM wins
    (TEXT.encode("utf-16"), None),
], ids=["utf8", "undeclared", "latin1-header", "cp1251-header", "unknown-label", "bom", "utf16-bom"])
def test_utf8_and_boms_come_back_intact(body, declared):
    assert decode_body(body, declared).lstrip("\ufeff") == TEXT


def test_single_byte_charsets_from_header_or_meta():
    ru = "Переговоры начнутся в четверг."
    assert decode_body(ru.encode("cp1251"), "windows-1251") == ru
    page = f'<html><head><meta charset="windows-1251"></head><body>{ru}</body></html>'
    assert ru in decode_body(page.encode("cp1251"), None)
    # A UTF-8 header on Windows-1251 bytes: the header is wrong, the page's meta is right.
    assert ru in decode_body(page.encode("cp1251"), "utf-8")


def test_latin1_label_reads_as_windows_1252_like_browsers():
    assert decode_body("“quoted” – dash".encode("cp1252"), "iso-8859-1") == "“quoted” – dash"


def test_undecodable_bytes_never_raise():
    junk = bytes(range(128, 256)) * 10
    for declared in (None, "utf-8", "ascii", "utf-16"):
        assert isinstance(decode_body(junk, declared), str)


def test_meta_charset_forms():
    assert meta_charset(b'<meta charset="utf-8">') == "utf-8"
    assert meta_charset(b"<META http-equiv='Content-Type' content='text/html; charset=KOI8-R'>") == "KOI8-R"
    assert meta_charset(b"<p>charset=utf-8 is only text here</p>") is None
