"""The matching key of a statement: what must differ for two to differ.

Typography (curly vs straight quotes, dashes, spacing), letter case and digit
grouping ("1,000" vs "1000") are not changes a reader cares about, so they are
folded away before statements are hashed or compared.
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
_SPACES = re.compile(r"\s+")
_GROUPED = re.compile(r"(?<=\d)[,\u202f\u00a0](?=\d{3}\b)")


def normalize(sentence: str) -> str:
    """Matching key: casefolded, typography unified, digit grouping removed."""
    s = sentence
    if "," in s or not s.isascii():
        s = _GROUPED.sub("", s)
    if not s.isascii():
        s = s.translate(_TRANSLATE)
    if "  " in s or "\n" in s or "\t" in s or "\r" in s:
        s = _SPACES.sub(" ", s)
    return s.strip().casefold()
