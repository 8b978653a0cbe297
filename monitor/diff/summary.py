"""One line that says what changed, for subjects, log lines and listings."""

from __future__ import annotations

from collections.abc import Sequence

from monitor.diff.model import Change, UpdateGroup


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def most_significant(changes: Sequence[Change]) -> Change | None:
    return max(changes, key=lambda c: c.significance, default=None)


def headline(change: Change, width: int = 80) -> str:
    """The most telling words of one change: "edited (negation): …"."""
    tag = change.kind + (f" ({', '.join(change.aspects)})" if change.aspects else "")
    return f"{tag}: {_short(change.new or change.old or '', width)}"


def summarize(changes: Sequence[Change], groups: Sequence[UpdateGroup] = (), width: int = 80) -> str:
    """"3 changes, 1 update: edited (negation): The United States …"."""
    if not changes:
        return "no changes"
    parts = [f"{len(changes)} change{'s' if len(changes) != 1 else ''}"]
    if groups:
        parts.append(f"{len(groups)} update{'s' if len(groups) != 1 else ''}")
    top = most_significant(changes)
    assert top is not None
    return f"{', '.join(parts)}: {headline(top, width)}"
