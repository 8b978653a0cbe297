"""The matching key of a statement: what must differ for two to differ.

Typography (curly vs straight quotes, dashes, spacing), letter case and digit
grouping ("1,000" vs "1000") are not changes a reader cares about, so they are
folded away before statements are hashed or compared. So are an encyclopedia's
reference marks ("[12]", "[a]", "[citation needed]"): one reference added near
the top of an article renumbers every later one, and on a real article that
read as 217 changed figures.
"""

from __future__ import annotations

import re

_TRANSLATE = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
        "‘": "'", "’": "'", "‚": "'", "`": "'",
        "–": "-", "—": "-", "‒": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "…": "...",
    }
)
# ``str.translate`` looks every character of a non-ASCII string up in the
# table (about 8 µs for a sentence); replacing only the marks present costs
# a tenth of that, with the same result.
_REPLACE = tuple((chr(k), v) for k, v in _TRANSLATE.items())
_SPACES = re.compile(r"\s+")
_GROUPED = re.compile(r"(?<=\d)[,\u202f\u00a0](?=\d{3}\b)")
# A cheap necessary condition for ``_GROUPED`` (a lookbehind at every
# position is slow): a separator before three digits.
_MAYBE_GROUPED = re.compile(r"[,\u202f\u00a0](?=\d{3}\b)")
# What an encyclopedia's reference mark holds: "[12]", "[a]", "[note 3]",
# "[citation needed]", "[when?]" (``segment`` keeps them with the sentence
# they close).
REF_MARK_BODY = r"\d{1,4}|[a-z]|note \d{1,4}|[a-z][a-z ]{2,30}needed|[a-z]+\?"
# Reference marks glued to the word or stop before them ("1962.[4]", "Kiwi"[257]"),
# and the "[update]", "[edit]" links of a section heading.
REF_MARK = re.compile(rf"(?<=\S)\[(?:{REF_MARK_BODY}|update|edit)\](?![\w])")


def drop_ref_marks(s: str) -> str:
    """``s`` without reference marks; the same string when it has none."""
    return REF_MARK.sub("", s) if "[" in s else s


def normalize(sentence: str) -> str:
    """Matching key: casefolded, typography unified, digit grouping removed."""
    s = REF_MARK.sub("", sentence) if "[" in sentence else sentence
    ascii_ = s.isascii()
    if ("," in s or not ascii_) and _MAYBE_GROUPED.search(s):
        s = _GROUPED.sub("", s)
        ascii_ = s.isascii()  # a removed narrow space may leave it ASCII
    if not ascii_:
        for mark, plain in _REPLACE:
            if mark in s:
                s = s.replace(mark, plain)
    if "  " in s or "\n" in s or "\t" in s or "\r" in s:
        s = _SPACES.sub(" ", s)
    return s.strip().casefold()
