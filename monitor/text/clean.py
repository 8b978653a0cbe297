"""Characters that change what a reader sees without being seen themselves.

Zero-width spaces and joiners, variation selectors, soft hyphens, word
joiners, byte-order marks and bidirectional marks are invisible on the page,
yet they split "200" into "20" and "0" for anything that reads characters,
and give two identical-looking statements different hashes. They are
dropped right after extraction (``strip_invisible``), so a snapshot, its
hash, the diff and every renderer see the text a reader sees.

Bidirectional overrides are different: U+202E (RLO) makes "ton" display as
"not", so the characters are not what a reader reads. Their structure is
kept in the extracted text (``strip_invisible`` leaves the nine explicit
bidi controls alone) so that the diff can do two things with it:
``resolve_bidi`` puts each overridden run in the order it is read, and
``overridden_blocks`` remembers where overrides were, so the edit's reason
can say so (``BIDI_REASON``). A page using them is either quoting
right-to-left text in a very unusual way or trying to make text read
differently from what it says; a newsroom wants to know either way.

Extractors drop every format character (trafilatura keeps only printable
ones), overrides included, which would leave "ton". So ``before_extraction``
resolves each override run in the page's text into reading order and wraps
it in two printable marks extractors keep, and ``after_extraction`` turns the
marks back into an override around the already-resolved run: it displays and
reads the same, and the diff still sees that an override was there.

The resolution follows the Unicode bidirectional algorithm only as far as
overrides need it: an override run is shown in the forced direction, so a
run of left-to-right letters under RLO reads reversed (with brackets
mirrored), and a run of right-to-left letters under LRO likewise.
Embeddings and isolates do not reorder the letters inside them, only whole
runs among mixed scripts, so they are simply dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from monitor.text.mojibake import repair as repair_mojibake

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
BIDI_CONTROLS = frozenset({LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI})
OVERRIDES = frozenset({LRO, RLO})
BIDI_REASON = "contains bidirectional override characters"

# Invisible in running text: soft hyphen, Arabic letter mark, Mongolian vowel
# separator, zero-width space/non-joiner/joiner, left-to-right and
# right-to-left marks, word joiner and the invisible operators, the
# deprecated format characters, variation selectors (both blocks), the
# zero-width no-break space (BOM) and the tag characters.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x2060, 0x2064),
    (0x206A, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
)
_DROP = {cp: None for lo, hi in _INVISIBLE_RANGES for cp in range(lo, hi + 1)}
_DROP_ALL = {**_DROP, **{ord(c): None for c in BIDI_CONTROLS}}
_ANY = re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _INVISIBLE_RANGES) + "]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Paragraph separators of the bidirectional algorithm end every override.
_PARAGRAPH = re.compile(r"(\r\n|[\n\r\x1c-\x1e\x85\u2029])")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


# Printable, so extractors keep them; not used in news copy (double parentheses).
_MARK_OPEN, _MARK_CLOSE = "\u2e28\u2e28", "\u2e29\u2e29"
_MARKED = re.compile(re.escape(_MARK_OPEN) + "(.*?)" + re.escape(_MARK_CLOSE), re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")
_BIDI_REF = re.compile(r"&#(?:x0*(202[a-e]|206[6-9])|0*(823[4-8]|829[4-7]));", re.IGNORECASE)


def before_extraction(page: str) -> str:
    """``page`` (HTML or plain text) with each override run resolved into
    reading order and marked, so it survives extraction (see the module).
    A run ends at the next tag; numeric references to bidi controls count.
    UTF-8 that was read as Windows-1252 on the way is put back first
    (``monitor.text.mojibake``)."""
    page = repair_mojibake(page)
    if "&#" in page:
        page = _BIDI_REF.sub(lambda m: chr(int(m.group(1), 16) if m.group(1) else int(m.group(2))), page)
    if not has_override(page):
        return page
    parts = _TAG.split(page)
    return "".join(p if i % 2 or not has_override(p) else _resolve_text(p, mark=True) for i, p in enumerate(parts))


def after_extraction(text: str) -> str:
    """Extracted text as it is stored: marked runs back inside an override
    (in reading order already, so they display as before), invisible characters out."""
    if _MARK_OPEN in text:
        text = _MARKED.sub(lambda m: (RLO if _mostly_rtl(m.group(1)) else LRO) + m.group(1) + PDF, text)
    return strip_invisible(text)


def _mostly_rtl(text: str) -> bool:
    kinds = [unicodedata.bidirectional(c) for c in text]
    return sum(k in ("R", "AL") for k in kinds) > sum(k in ("L", "EN", "AN") for k in kinds)


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters; bidi controls are kept (see the module)."""
    if text.isascii() or not _ANY.search(text):
        return text
    return text.translate(_DROP)


def has_override(text: str) -> bool:
    return not text.isascii() and (LRO in text or RLO in text)


def clean(text: str) -> str:
    """What the diff compares: invisible characters dropped, overrides resolved
    into reading order, no bidi controls left."""
    if text.isascii() or not _has_any(text):
        return text
    return resolve_bidi(strip_invisible(text))


# The characters ``clean`` removes or resolves, in the Basic Multilingual
# Plane, and the tag and variation blocks above it.
_BMP_MARKS = tuple(chr(cp) for lo, hi in _INVISIBLE_RANGES if hi < 0x10000 for cp in range(lo, hi + 1)) + tuple(
    BIDI_CONTROLS)
_ASTRAL = re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _INVISIBLE_RANGES if lo >= 0x10000) + "]")


def _utf8_class(chars: Iterable[str]) -> re.Pattern[bytes]:
    """One bytes pattern for ``chars`` in UTF-8: each shared lead as a
    literal, the last byte as a class ("\xe2\x80[\x8b-\x8f\xaa-\xae]|…")."""
    by_lead: dict[bytes, list[int]] = {}
    for c in chars:
        b = c.encode("utf-8")
        by_lead.setdefault(b[:-1], []).append(b[-1])
    alts = [
        re.escape(lead) + b"[" + b"".join(re.escape(bytes([x])) for x in sorted(last)) + b"]"
        for lead, last in by_lead.items()
    ]
    return re.compile(b"|".join(alts))


# Every mark but U+00AD and U+061C (looked for directly) is written in UTF-8
# with a lead byte (E1, E2, EF) that no Latin, Cyrillic or Turkish letter has.
_SHORT_MARKS = ("\u00ad", "\u061c")
_UTF8_MARKS = _utf8_class(c for c in _BMP_MARKS if c not in _SHORT_MARKS)
_UTF8_LEADS = (b"\xe1", b"\xef")
# The marks among the typographic quotes and dashes (lead bytes E2 80):
# searched for one by one, as they are rare and their low bytes are too.
_GENERAL_PUNCTUATION = tuple(c for c in _BMP_MARKS if "\u2000" <= c < "\u2040")


def _has_any(text: str) -> bool:
    """Whether ``text`` holds a character ``clean`` changes.

    A text of Latin-1 letters alone can hold only the soft hyphen. Any
    other is searched for in its UTF-8 bytes: every mark but two starts
    with one of three lead bytes (E1, E2, EF) that no letter of the seven
    languages has, found with memchr, and only a text holding one is
    matched further. A 30 KB Turkish page took 0.19 ms with one substring
    search per mark (about 50; the marks U+2060-U+206F share their low byte
    with "a"-"o", which slows a search of UCS-2 text) and takes 0.04 ms, a
    Ukrainian page 0.04 ms (was 0.08), a German one 0.004 ms as before; a
    page with typographic quotes (lead bytes E2 80) 0.1 ms (was 0.18). Only
    a page with characters beyond the BMP (emoji, lead byte F3 for the
    tags) is scanned for tags.
    """
    if _SHORT_MARKS[0] in text or _SHORT_MARKS[1] in text:
        return True
    try:
        text.encode("latin-1")
        return False
    except UnicodeEncodeError:
        pass
    raw = text.encode("utf-8", "surrogatepass")
    if b"\xe2" in raw and (
        any(c in text for c in _GENERAL_PUNCTUATION) or b"\xe2\x81" in raw and _UTF8_MARKS.search(raw) is not None
    ):
        return True
    if any(lead in raw for lead in _UTF8_LEADS) and _UTF8_MARKS.search(raw) is not None:
        return True
    return b"\xf3" in raw and _ASTRAL.search(text) is not None


def resolve_bidi(text: str) -> str:
    """``text`` in the order it is read, without bidi controls."""
    if text.isascii() or not _BIDI.search(text):
        return text
    if not has_override(text):
        return text.translate(_DROP_ALL)
    return _resolve_text(text)


def _resolve_text(text: str, *, mark: bool = False) -> str:
    parts = _PARAGRAPH.split(text)
    return "".join(p if i % 2 else _resolve_line(p, mark) for i, p in enumerate(parts))


def _resolve_line(line: str, mark: bool = False) -> str:
    # A stack of open runs, each its opening control and its pieces; a piece
    # is a character or a closed inner run (kept whole when an outer run is
    # reversed: an inner left-to-right run still reads left to right).
    stack: list[tuple[str, list[str]]] = [("", [])]
    for ch in line:
        if ch in (LRE, RLE, LRO, RLO, LRI, RLI, FSI):
            stack.append((ch, []))
        elif ch == PDF:
            if len(stack) > 1 and stack[-1][0] in (LRE, RLE, LRO, RLO):
                _close(stack, mark)
        elif ch == PDI:
            if any(opener in (LRI, RLI, FSI) for opener, _ in stack[1:]):
                while stack[-1][0] not in (LRI, RLI, FSI):
                    _close(stack, mark)
                _close(stack, mark)
        else:
            stack[-1][1].append(ch)
    while len(stack) > 1:
        _close(stack, mark)
    return "".join(stack[0][1])


def _close(stack: list[tuple[str, list[str]]], mark: bool) -> None:
    opener, pieces = stack.pop()
    run_text = None
    if opener in OVERRIDES and pieces and _reads_reversed(opener, pieces):
        run_text = "".join(p.translate(_MIRROR) if len(p) == 1 else p for p in reversed(pieces))
        if mark and len(stack) == 1:  # the outermost run that reads differently from its characters
            run_text = _MARK_OPEN + run_text + _MARK_CLOSE
    stack[-1][1].append(run_text if run_text is not None else "".join(pieces))


def _reads_reversed(opener: str, pieces: Iterable[str]) -> bool:
    """Whether a run forced into ``opener``'s direction reads backwards: RLO
    over mostly left-to-right letters, LRO over mostly right-to-left ones."""
    rtl = ltr = 0
    for p in pieces:
        if len(p) != 1:
            continue
        kind = unicodedata.bidirectional(p)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind in ("L", "EN", "AN"):
            ltr += 1
    return ltr >= rtl if opener == RLO else rtl > ltr


def overridden_blocks(text: str | Sequence[str]) -> tuple[str, ...]:
    """The cleaned blocks (paragraphs, or the items of a list) that had an
    override in them, white space folded, to find the changes they became."""
    items = [text] if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        if not has_override(item):
            continue
        for block in re.split(r"\n[ \t\r\f\v]*\n", item) if isinstance(text, str) else [item]:
            if has_override(block):
                out.append(" ".join(clean(block).split()))
    return tuple(out)


def from_override(statement: str | None, blocks: Sequence[str]) -> bool:
    """Whether ``statement`` (a change's old or new text) came from one of ``blocks``."""
    if not statement or not blocks:
        return False
    folded = " ".join(statement.split())
    return any(folded in b for b in blocks)
