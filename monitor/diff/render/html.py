"""One self-contained HTML file: inline CSS, no scripts, no external links.

Everything taken from a monitored page is escaped; the file can be opened
from an alert without trusting the page it came from.
"""

from __future__ import annotations

from html import escape

from monitor.diff.model import Change, Diff
from monitor.diff.render import group_parts, visible
from monitor.diff.words import word_ops

MAX_STATEMENT = 5000

CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:58rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem} .meta{color:#666}
.change{border-left:4px solid #999;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa}
.added{border-color:#2a8f3c}.removed{border-color:#c0392b}.edited,.split,.merged{border-color:#d68910}
.moved{border-color:#7f8c8d}.group{border:1px solid #2a8f3c;padding:.5rem;margin:1rem 0}
.kind{font-weight:600;text-transform:uppercase;font-size:.75rem;letter-spacing:.05em}
.aspect{background:#eee;border-radius:3px;padding:0 .3rem;margin-left:.3rem;font-size:.75rem}
ins{background:#d4f5d4;text-decoration:none} del{background:#f8d0d0}
.reason{color:#555;font-size:.85rem}
.group-head{margin:.3rem 0}.at{font-weight:600;color:#2a8f3c;margin-right:.4rem}
"""


def _cut(text: str) -> str:
    return text if len(text) <= MAX_STATEMENT else text[:MAX_STATEMENT] + "…"


def _inline(c: Change) -> str:
    if c.kind == "added":
        return f"<ins>{escape(_cut(c.new or ''))}</ins>"
    if c.kind == "removed":
        return f"<del>{escape(_cut(c.old or ''))}</del>"
    if c.kind == "moved":
        return escape(_cut(c.new or ""))
    parts = []
    for op in word_ops(_cut(c.old or ""), _cut(c.new or "")):
        if op.op == "equal":
            parts.append(escape(op.new))
        else:
            if op.old:
                parts.append(f"<del>{escape(op.old)}</del>")
            if op.new:
                parts.append(f"<ins>{escape(op.new)}</ins>")
    return "".join(parts)


def change_html(c: Change) -> str:
    aspects = "".join(f'<span class="aspect">{escape(a)}</span>' for a in c.aspects)
    return (
        f'<div class="change {escape(c.kind)}"><span class="kind">{escape(c.kind)}</span>'
        f"{aspects} <span class=\"meta\">{c.significance:.2f}</span>"
        f"<div>{_inline(c)}</div><div class=\"reason\">{escape(c.reason)}</div></div>"
    )


def render(diff: Diff, *, old_label: str = "old", new_label: str = "new",
           show_moved: bool = False, title: str = "Story Monitor diff", **_: object) -> str:
    shown = visible(diff, show_moved)
    counts = ", ".join(f"{n} {k}" for k, n in diff.counts().items() if n) or "no changes"
    body: list[str] = []
    groups = {g.id: g for g in diff.groups}
    open_group: int | None = None
    for c in shown:
        if c.group != open_group:
            if open_group is not None:
                body.append("</div>")
            open_group = c.group
            if c.group is not None:
                label, at, heading = group_parts(groups[c.group])
                when = f'<span class="at">{escape(at)}</span> ' if at else ""
                body.append(
                    f'<div class="group"><div class="kind">{escape(label)}</div>'
                    f'<div class="group-head">{when}<strong>{escape(heading)}</strong></div>'
                )
        body.append(change_html(c))
    if open_group is not None:
        body.append("</div>")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(old_label)} → {escape(new_label)}"
        f" · {escape(counts)}</p>"
        + (f'<p class="meta">{escape(diff.degraded_line())}</p>' if diff.degraded else "")
        + f"{''.join(body)}</body></html>\n"
    )
