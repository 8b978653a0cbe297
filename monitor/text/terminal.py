"""Page text made safe to print on a terminal.

A monitored page is untrusted, and a terminal obeys what it is sent: an
escape sequence in a title can clear the screen, retitle the window, plant a
hyperlink, move the cursor to overwrite what was printed above, or on some
terminals answer back into the input. A carriage return overwrites the
line, a backspace erases. So every place that prints page text (or an error
or a name that can contain it) on a terminal passes it through
``for_terminal``: escape sequences are removed whole (not just their ESC,
which would leave ``[2J`` behind), then every other C0 and C1 control
character and DEL, keeping only tab and newline; bidirectional overrides are
resolved into reading order (``text.clean``) so what is printed reads as
what the diff compared.

JSON is different: it must stay lossless, so ``json_for_terminal`` writes
the same characters as ``\\uXXXX`` escapes instead (JSON already escapes
C0; C1, DEL and the bidi controls are left raw by ``ensure_ascii=False``).
"""

from __future__ import annotations

import re

from monitor.text.clean import resolve_bidi

# Escape sequences whole: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings
# (ended by BEL or ST, or cut at the next ESC), and the two- or three-byte
# ESC forms; then their 8-bit C1 equivalents.
_SEQUENCES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?
    | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?
    | \x1b[ -/]*[0-~]?
    | \x9b[0-?]*[ -/]*[@-~]?
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str | None, *, one_line: bool = False) -> str:
    """``text`` without anything a terminal would act on; ``one_line`` also
    folds line breaks into spaces (for a name, a title or an error in a table)."""
    if not text:
        return ""
    if _UNSAFE.search(text):
        text = _CONTROL.sub("", _SEQUENCES.sub("", text))
        text = resolve_bidi(text)
    if one_line and ("\n" in text or "\t" in text):
        text = " ".join(text.split())
    return text


def json_for_terminal(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the
    characters a terminal acts on written as escapes: the same JSON value."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def drop_sequences(text: str) -> str:
    """``text`` without its escape sequences, each removed whole: a stage that strips bare
    control characters would otherwise leave a sequence's printable tail ("]0;title") behind."""
    return _SEQUENCES.sub("", text)
