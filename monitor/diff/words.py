"""Word-level differences inside one edited statement.

Used twice: by the aspect detectors (was a negation word inserted?) and by
the renderers (which words to highlight). Both read the same opcodes so the
highlight always shows what the classification saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.diff.lcs import opcodes

# Words, numbers with their grouping and decimals, and single punctuation marks.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\w+(?:['’]\w+)*|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


# Pairs longer than this (both sides' characters) are not kept by the cache.
_CACHED_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class WordOp:
    op: str  # "equal", "delete", "insert", "replace"
    old: str
    new: str


def word_ops(old: str, new: str) -> list[WordOp]:
    """Runs of equal, deleted, inserted and replaced text, whitespace kept."""
    a = [m for m in re.finditer(r"\S+\s*", old)]
    b = [m for m in re.finditer(r"\S+\s*", new)]
    ka = [m.group().strip().casefold() for m in a]
    kb = [m.group().strip().casefold() for m in b]
    out: list[WordOp] = []
    for tag, i1, i2, j1, j2 in opcodes(ka, kb, stage="words"):
        out.append(
            WordOp(tag, "".join(m.group() for m in a[i1:i2]), "".join(m.group() for m in b[j1:j2]))
        )
    return out


@lru_cache(maxsize=16)
def _aligned(old: str, new: str) -> tuple[list[str], list[str], list[str], list[str], list]:
    """Tokens of both sides, case-folded tokens, and their alignment."""
    return _align_tokens(old, new)


def _align_tokens(old: str, new: str) -> tuple[list[str], list[str], list[str], list[str], list]:
    ra, rb = tokens(old), tokens(new)
    ta = [t.casefold() for t in ra]
    tb = [t.casefold() for t in rb]
    return ra, rb, ta, tb, opcodes(ta, tb, stage="words")


def changed_tokens(old: str, new: str, *, fold: bool = True) -> tuple[list[str], list[str]]:
    """Tokens only in ``old`` and only in ``new``, by alignment of the
    case-folded tokens; ``fold`` also returns them case-folded.

    The detectors ask for the same pair more than once (folded and not), so
    the alignment is kept for the last few pairs, unless the pair is huge
    (its text would stay in memory, and its budget note must be made again
    in the next diff that meets it); ``opcodes`` bounds its cost even for a
    statement of a million tokens.
    """
    small = len(old) + len(new) <= _CACHED_CHARS
    ra, rb, ta, tb, ops = _aligned(old, new) if small else _align_tokens(old, new)
    gone: list[str] = []
    came: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            gone.extend(ta[i1:i2] if fold else ra[i1:i2])
            came.extend(tb[j1:j2] if fold else rb[j1:j2])
    return gone, came
