"""A diff of two stored versions as page fragments: inline (``monitor diff --format html``'s change
boxes, from its renderer) or side by side (old wording left, new right, edited words marked).

Every piece of text is escaped before it is marked up; the result is ``Markup``
so the template does not escape the markup again.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from monitor.diff.model import Change, Diff
from monitor.diff.render import group_line, group_parts, visible
from monitor.diff.render.html import MAX_STATEMENT, change_html
from monitor.diff.words import word_ops


def _cut(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= MAX_STATEMENT else text[:MAX_STATEMENT] + "…"


def _group_head(diff: Diff, group: int) -> str:
    g = next((g for g in diff.groups if g.id == group), None)
    if g is None:
        return ""
    label, at, heading = (escape(p) for p in group_parts(g))
    return f'<div class="group-head kind">{group_line(label, at, heading)}</div>'


def inline(diff: Diff, show_moved: bool = False) -> Markup:
    out: list[str] = []
    current: int | None = None
    for c in visible(diff, show_moved):
        if c.group != current:
            if current is not None:
                out.append("</div>")
            if c.group is not None:
                out.append('<div class="group">' + _group_head(diff, c.group))
            current = c.group
        out.append(change_html(c))
    if current is not None:
        out.append("</div>")
    return Markup("".join(out))


def _sides(c: Change) -> tuple[str, str]:
    if c.kind == "added":
        return "", f"<ins>{escape(_cut(c.new))}</ins>"
    if c.kind == "removed":
        return f"<del>{escape(_cut(c.old))}</del>", ""
    if c.kind == "moved":
        return escape(_cut(c.old)), escape(_cut(c.new))
    left: list[str] = []
    right: list[str] = []
    for op in word_ops(_cut(c.old), _cut(c.new)):
        if op.op == "equal":
            left.append(escape(op.old))
            right.append(escape(op.new))
            continue
        if op.old:
            left.append(f"<del>{escape(op.old)}</del>")
        if op.new:
            right.append(f"<ins>{escape(op.new)}</ins>")
    return "".join(left), "".join(right)


def side_by_side(diff: Diff, show_moved: bool = False) -> Markup:
    rows = []
    for c in visible(diff, show_moved):
        old, new = _sides(c)
        aspects = "".join(f'<span class="aspect">{escape(a)}</span>' for a in c.aspects)
        rows.append(
            f'<tr class="{escape(c.kind)}"><td class="kind">{escape(c.kind)}{aspects}</td>'
            f'<td class="old">{old}</td><td class="new">{new}</td></tr>'
        )
    head = '<thead><tr><th scope="col">change</th><th scope="col">old</th><th scope="col">new</th></tr></thead>'
    return Markup(f'<table class="side">{head}<tbody>{"".join(rows)}</tbody></table>')
