"""How much work each stage of a diff may do, and which stages hit their cap.

Most pairs of versions cost little: an update on top, a few edited
sentences. A few pairs are adversarial or simply huge (a rewritten page
under a reused URL, a site-wide template change, one enormous "word"), and
exact alignment of those costs quadratic time and memory. Past a stage's
cap the engine pairs statements by position instead, and records here which
stage did so, so the result says it was degraded instead of hiding it.

The record is a context variable: ``diff_texts`` opens one per diff, and the
stages deep below it (sequence alignment, the token diffs the aspect
detectors run) note into it without every signature on the way carrying it.
Outside a diff (a renderer highlighting words) nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Pairs of residue statements scored exactly (full matrix, rapidfuzz) per
# diff. A pair costs about 5 µs (token-set similarity dominates), so the cap
# holds exact fuzzy pairing to about a second.
FUZZY_CELLS = 200_000
# Statements each residue statement is compared with past the cap: its
# neighbours by position, this many either side.
BAND = 3
# Scores the positional pairing may compute in one piece; a huge piece gets a
# narrower band (down to the diagonal alone).
BANDED_SCORES = 150_000
# Window scores (one statement against two or three adjacent ones) that the
# split/merge search may compute exactly per diff.
SPLIT_CELLS = 400_000
# Longest matching key scored character by character; longer statements are
# scored on their first and last parts (half each), so one 1 MB "word" costs
# what a long paragraph does.
SCORE_CHARS = 4_000

# Characters of one side of an edited pair the aspect detectors read (they
# cost about 5 µs a character; a real sentence has a few hundred).
ASPECT_CHARS = 10_000

_record: ContextVar[dict[str, str] | None] = ContextVar("diff_budget", default=None)


@contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Collects the stages that hit their cap during the block."""
    notes: dict[str, str] = {}
    token = _record.set(notes)
    try:
        yield notes
    finally:
        _record.reset(token)


def note(stage: str, what: str) -> None:
    """Records that ``stage`` hit its cap and what it did instead (first note wins)."""
    notes = _record.get()
    if notes is not None:
        notes.setdefault(stage, what)
