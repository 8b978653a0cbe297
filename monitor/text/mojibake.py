"""UTF-8 read as Windows-1252 or Latin-1, put back: "â€œroamingâ€\x9d" -> "“roaming”".

Pages archived or re-served through a misconfigured layer arrive with their
UTF-8 bytes already decoded once as a single-byte charset and encoded again:
the bytes are valid UTF-8, so no charset decision can see it. The same page
served correctly a check later then differs in every curly quote, dash,
no-break space and accented letter: on a real government page pair, 35 of
its 51 "edits" and 8 of its 26 additions and removals were only that. Each run that reads as the UTF-8 bytes of one
character is put back, but only on a page that has at least two such runs, or
one of the three-byte kind ("â€™"), which ordinary text does not produce:
"É»" or "Ã" alone stays as written.
"""

from __future__ import annotations

import re

# A lead byte of a two-, three- or four-byte sequence, then the right number of
# continuation bytes, each as Latin-1 (C1 controls) or Windows-1252 shows it.
_CONT = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_RUN = re.compile(f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}")
_LEADS = re.compile("[\u00c2-\u00f4]")


def _byte(c: str) -> int | None:
    o = ord(c)
    if o < 0x100:
        return o
    try:
        return c.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def _fixed(run: str) -> str | None:
    raw = [_byte(c) for c in run]
    if None in raw:
        return None
    try:
        return bytes(raw).decode("utf-8")  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return None


def repair(text: str) -> str:
    """``text`` with mis-decoded UTF-8 runs put back (see the module); the same
    string when there is nothing to repair (the common case costs one scan)."""
    if text.isascii() or not _LEADS.search(text):
        return text
    found = [(m.start(), m.end(), f) for m in _RUN.finditer(text) if (f := _fixed(m.group()))]
    if not found or (len(found) < 2 and all(b - a < 3 for a, b, _ in found)):
        return text
    out, last = [], 0
    for a, b, f in found:
        out.append(text[last:a])
        out.append(f)
        last = b
    out.append(text[last:])
    return "".join(out)
