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


def changed_tokens(old: str, new: str, *, fold: bool = True) -> tuple[list[str], list[str]]:
    """Tokens only in ``old`` and only in ``new``, by alignment of the
    case-folded tokens; ``fold`` also returns them case-folded.

    The detectors ask for the same pair more than once (folded and not), so
    the alignment is kept for the last few pairs; its cost is bounded by
    ``opcodes`` even for a statement of a million tokens.
    """
    if len(old) + len(new) > _CACHED_CHARS:
        # Not kept: a huge pair would pin its text in memory, and its budget
        # note must be made again in the next diff that meets it.
        gone, came = _changed.__wrapped__(old, new)
    else:
        gone, came = _changed(old, new)
    if fold:
        return [t.casefold() for t in gone], [t.casefold() for t in came]
    return list(gone), list(came)


@lru_cache(maxsize=16)
def _changed(old: str, new: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ra, rb = tokens(old), tokens(new)
    ta = [t.casefold() for t in ra]
    tb = [t.casefold() for t in rb]
    gone: list[str] = []
    came: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes(ta, tb, stage="words"):
        if tag != "equal":
            gone.extend(ra[i1:i2])
            came.extend(rb[j1:j2])
    return tuple(gone), tuple(came)
