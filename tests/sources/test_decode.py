"""Bytes -> text: declarations trusted only when they decode, never an exception."""

import pytest

from monitor.text.decode import decode_body, is_binary, meta_charset

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


PAGE = f'<html><head><meta charset="utf-16"><title>T</title></head><body><p>{TEXT}</p></body></html>'


@pytest.mark.parametrize("encoding,declared", [
    ("utf-16", None),  # byte-order mark
    ("utf-16-le", None),  # no mark, no header: only the page's own meta (in UTF-16) says so
    ("utf-16-be", None),
    ("utf-16-le", "utf-16le"),  # header
    ("utf-16-le", "utf-8"),  # a wrong header: the bytes' shape wins
    ("utf-32", None),
], ids=["bom", "le-meta", "be-meta", "le-header", "le-wrong-header", "utf32-bom"])
def test_utf16_pages_are_decoded_and_not_binary(encoding, declared):
    body = PAGE.encode(encoding)
    assert not is_binary(body)
    assert decode_body(body, declared).lstrip("\ufeff") == PAGE


def test_a_utf16_label_on_ascii_bytes_is_not_believed():
    # What browsers do too: a <meta charset=utf-16> readable as ASCII is a lie.
    assert decode_body(PAGE.encode("utf-8")) == PAGE
    assert decode_body(PAGE.encode("utf-8"), "utf-16") == PAGE


def test_binary_is_still_binary():
    assert is_binary(b"\x00\x01" * 100)  # 16-bit numbers: the zeros of UTF-16, but control codes
    assert is_binary(b"GIF89a\x00\x00" + bytes(range(256)))
    assert not is_binary(TEXT.encode("utf-8"))


# Labels Python can look up that no page means: each must fall back like an unknown label.
NOT_TEXT = ["punycode", "undefined", "idna", "base64", "zlib", "rot13", "uu", "hex", "bz2", "quopri",
            "unicode_escape", "raw_unicode_escape", "utf-7", "a\x00b", "x" * 300]


@pytest.mark.parametrize("label", NOT_TEXT)
@pytest.mark.parametrize("body", [b"<p>plain ascii page-with a dash, 2024</p>", TEXT.encode("utf-8"),
                                  b"<p>back\\u0073lash</p>"], ids=["ascii", "utf8", "backslash"])
def test_non_text_charsets_fall_back_like_unknown_ones(label, body):
    assert decode_body(body, label) == decode_body(body, "no-such-charset") == body.decode("utf-8")
    meta = b'<meta charset="' + label.encode("latin-1", "replace")[:40] + b'">' + body
    assert decode_body(meta) == meta.decode("utf-8")
