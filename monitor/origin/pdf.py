"""Small PDF files written byte by byte, for the local site and the tests.

A statement published as a PDF is a real case (a ministry's press release,
a court's ruling); the site serves them so the pdf reading is tested on the
same sockets as pages. No PDF library is needed to write one: a page is a
content stream of text operators in a standard font (Helvetica needs no
embedding), and the cross-reference table is offsets counted here. A
"scanned" PDF is a page that only paints an image: no text layer at all.
"""

from __future__ import annotations

import zlib


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(paragraphs: list[str], *, width: int = 90) -> bytes:
    """Text lines at 14 pt leading; each paragraph wrapped at ``width`` characters, a blank line between."""
    lines: list[str] = []
    for para in paragraphs:
        words, line = para.split(), ""
        for w in words:
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        lines.append("")
    ops = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("cp1252", "replace")


def _image_stream(w: int = 64, h: int = 64) -> tuple[bytes, bytes]:
    """A grey gradient image (the 'scan') and the content stream that paints it."""
    pixels = bytes((x * 4 + y) % 256 for y in range(h) for x in range(w))
    return zlib.compress(pixels), b"q 480 0 0 480 56 300 cm /Im1 Do Q"


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream"


def text_pdf(pages: list[list[str]], *, title: str = "Statement") -> bytes:
    """A PDF with one page per item of ``pages``, each a list of paragraphs, in Helvetica."""
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, contents) pairs
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               f"<< /Title ({_escape(title)}) >>".encode("cp1252", "replace")]
    for i, paragraphs in enumerate(pages):
        page, contents = 5 + 2 * i, 6 + 2 * i
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {contents} 0 R >>".encode())
        objects.append(_stream(_page_stream(paragraphs)))
        assert page == len(objects) - 1
    return _assemble(objects)


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages are images only, as a scanner makes them: no text to read."""
    image, paint = _image_stream()
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               _stream(image, " /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                              "/BitsPerComponent 8 /Filter /FlateDecode")]
    for i in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] "
                       f"/Resources << /XObject << /Im1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(_stream(paint))
    return _assemble(objects)
