"""Markdown output, for pasting into a ticket or a chat."""

from __future__ import annotations

import re

from monitor.diff.model import Change, Diff
from monitor.diff.render import group_line, group_parts, visible

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Page text must not turn into links, images or HTML in a viewer."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _line(c: Change) -> str:
    tag = c.kind + (f" [{', '.join(c.aspects)}]" if c.aspects else "")
    if c.kind == "added":
        body = f"+ {md_escape(c.new or '')}"
    elif c.kind == "removed":
        body = f"− ~~{md_escape(c.old or '')}~~"
    else:
        body = f"~~{md_escape(c.old or '')}~~ → {md_escape(c.new or '')}"
    return f"- **{tag}** ({c.significance:.2f}) {body}  \n  _{md_escape(c.reason)}_"


def render(diff: Diff, *, old_label: str = "old", new_label: str = "new",
           show_moved: bool = False, **_: object) -> str:
    shown = visible(diff, show_moved)
    counts = diff.counts()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    out = [f"## Changes: {md_escape(old_label)} → {md_escape(new_label)}", ""]
    out.append(f"_{summary or 'no changes'}_" + (f" · language: {diff.language}" if diff.language != "en" else ""))
    if diff.degraded:
        out += ["", f"_{md_escape(diff.degraded_line())}_"]
    out.append("")
    grouped = {g.id: g for g in diff.groups}
    seen: set[int] = set()
    for c in shown:
        if c.group and c.group not in seen:
            seen.add(c.group)
            label, at, heading = group_parts(grouped[c.group])
            out.append(f"### {group_line(label.capitalize(), md_escape(at), md_escape(heading))}")
        out.append(_line(c))
    return "\n".join(out) + "\n"
