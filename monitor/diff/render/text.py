"""Coloured terminal output with word-level highlights (rich)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from monitor.diff.model import Change, Diff
from monitor.diff.render import group_line, group_parts, visible
from monitor.diff.words import word_ops
from monitor.text.terminal import for_terminal as safe

_STYLE = {
    "added": "green", "removed": "red", "edited": "yellow",
    "split": "yellow", "merged": "yellow", "moved": "bright_black",
}


def change_text(c: Change, *, plain: bool = False) -> Text:
    """One change as rich Text; page text is never parsed as markup, and
    control characters and escape sequences in it never reach the terminal.

    Without colour, word edits are marked the way wdiff does: ``[-old-]``
    and ``{+new+}``.
    """
    t = Text()
    t.append(f"{c.kind:<8}", style=f"bold {_STYLE[c.kind]}")
    if c.aspects:
        t.append(f"[{', '.join(c.aspects)}] ", style="cyan")
    t.append(f"{c.significance:.2f}  ", style="dim")
    if c.kind == "added":
        t.append(safe(c.new), style="green")
    elif c.kind == "removed":
        t.append(safe(c.old), style="red strike")
    elif c.kind == "moved":
        t.append(safe(c.new), style="bright_black")
    else:
        for op in word_ops(c.old or "", c.new or ""):
            if op.op == "equal":
                t.append(safe(op.new))
                continue
            if op.old:
                t.append(f"[-{safe(op.old).rstrip()}-] " if plain else safe(op.old), style="red strike")
            if op.new:
                t.append(f"{{+{safe(op.new).rstrip()}+}} " if plain else safe(op.new), style="bold green")
    t.append(f"\n         {safe(c.reason, one_line=True)}", style="dim italic")
    return t


def render(diff: Diff, *, old_label: str = "old", new_label: str = "new",
           show_moved: bool = False, color: bool | None = None, width: int | None = None,
           **_: object) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=color is False,
                  width=width or 100, highlight=False, soft_wrap=False)
    counts = ", ".join(f"{n} {k}" for k, n in diff.counts().items() if n) or "no changes"
    head = Text()
    head.append(f"--- {safe(old_label, one_line=True)}\n+++ {safe(new_label, one_line=True)}\n", style="bold")
    head.append(counts, style="dim")
    if diff.language != "en":
        head.append(f" · language: {diff.language}", style="dim")
    con.print(head)
    if diff.degraded:
        con.print(Text(diff.degraded_line(), style="yellow"))
    groups = {g.id: g for g in diff.groups}
    current = None
    for c in visible(diff, show_moved):
        if c.group != current and c.group is not None:
            label, at, heading = group_parts(groups[c.group])
            line = group_line(label, safe(at, one_line=True), safe(heading, one_line=True))
            con.print(Text(f"\n▍{line}", style="bold green"))
        current = c.group
        con.print(change_text(c, plain=not con.is_terminal or con.no_color))
    return buf.getvalue()
