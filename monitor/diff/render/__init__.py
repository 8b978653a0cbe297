"""Renderers read ``Change`` records; none of them re-diffs."""

from __future__ import annotations

from collections.abc import Callable

from monitor.diff.model import Diff, UpdateGroup

FORMATS = ("text", "json", "markdown", "html")


def renderer(fmt: str) -> Callable[..., str]:
    if fmt == "json":
        from monitor.diff.render.json import render
    elif fmt == "markdown":
        from monitor.diff.render.markdown import render
    elif fmt == "html":
        from monitor.diff.render.html import render
    elif fmt == "text":
        from monitor.diff.render.text import render
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return render


def visible(diff: Diff, show_moved: bool) -> list:
    """The changes a reader is shown: moves only when asked for."""
    return [c for c in diff.changes if show_moved or c.kind != "moved"]


def group_parts(g: UpdateGroup) -> tuple[str, str, str]:
    """What every format shows above an update group: its label ("update
    (timestamp)"), its time ("12.31 BST", "" when the entry has none) and its
    heading, raw: each renderer escapes them its own way."""
    return f"update ({g.trigger})", " ".join(g.at.split()), " ".join(g.heading.split())


def group_line(label: str, at: str, heading: str) -> str:
    """"update (timestamp) at 12.31 BST: Vote moved to Thursday" from already escaped parts."""
    return label + (f" at {at}" if at else "") + (f": {heading}" if heading else "")
