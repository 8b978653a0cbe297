"""Update groups: a new live-blog entry reads as one update, not N additions.

A run of added statements that sit next to each other in the new version is
one entry when it opens with an "Update:"-style marker, with a timestamp line,
or when it is a new block at the very top of the story, above everything the
reader has seen before.
"""

from __future__ import annotations

import re

_MARKER = re.compile(
    r"^(?:update[sd]?|breaking(?: news)?|latest|developing|editor['’]s note|correction)\b"
    r"[^.!?]{0,40}(?:[:\-–—]\s*|$)",
    re.I,
)
_TIMESTAMP = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?|\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?)"
    r"(?:\s*(?:[A-Z]{2,5}|local time|GMT|UTC))?\s*[:\-–—]?\s*$",
    re.I,
)
_TOP_MIN_STATEMENTS = 2


def trigger_of(text: str) -> str | None:
    """"marker" or "timestamp" when this statement opens a live-blog entry."""
    t = text.strip()
    if len(t) <= 60 and _MARKER.match(t):
        return "marker"
    if len(t) <= 60 and _TIMESTAMP.match(t):
        return "timestamp"
    return None


def find_groups(
    added: list[tuple[tuple[int, int], str]],
    para_len: dict[int, int],
    first_kept: tuple[int, int] | None,
) -> list[tuple[str, list[tuple[int, int]]]]:
    """(trigger, locations) for each entry among the added statements.

    ``added`` holds (location, text) in document order; ``para_len`` the
    number of statements of every segmented new paragraph; ``first_kept`` the
    location of the first new statement that existed before (or None).
    """
    runs: list[list[tuple[tuple[int, int], str]]] = []
    prev: tuple[int, int] | None = None
    for loc, text in added:
        adjacent = prev is not None and (
            (loc[0] == prev[0] and loc[1] == prev[1] + 1)
            or (loc[0] == prev[0] + 1 and loc[1] == 0 and prev[1] == para_len.get(prev[0], 0) - 1)
        )
        # A second marker inside a run opens a second entry.
        if not adjacent or (runs and trigger_of(text)):
            runs.append([])
        runs[-1].append((loc, text))
        prev = loc
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for run in runs:
        trig = trigger_of(run[0][1])
        # A block above everything seen before is a new entry even unmarked.
        if trig is None and first_kept is not None and run[0][0] < first_kept and len(run) >= _TOP_MIN_STATEMENTS:
            trig = "top"
        if trig:
            out.append((trig, [loc for loc, _ in run]))
    return out
