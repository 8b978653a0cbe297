"""Snapshot text is stored zlib-compressed.

Versions of a news article are mostly prose that compresses three- to
five-fold, and a researcher keeps thousands of them for weeks; level 6 is
zlib's own balance of speed and size.
"""

from __future__ import annotations

import zlib

LEVEL = 6


def compress_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), LEVEL)


def decompress_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")
