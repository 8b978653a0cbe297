"""A story's whole record as one self-contained page, or as JSON evidence.

The page (``story_report``): the version timeline, each version's changes
with the changed words highlighted, and every statement's history (from the
stored lineage). Built from stored versions, changes and lineage only
(renderers never re-diff); no script, no external asset, a Content-Security-
Policy that forbids loading anything, a viewport so it reads on a phone, and
every piece of page text escaped: a monitored page is written by strangers.
The only links are to the page's own sections.

The evidence (``report_evidence``): the same record as data, with what a
reader needs to check it: each version's time, its text and the sha256 of
that text (``hash``), the changes and the statement histories.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from monitor.config.secrets import mask_url
from monitor.diff.render.html import CSS, change_html
from monitor.diff.words import word_ops
from monitor.store import Engine, changes_for, get_watch, list_versions, session_scope, utcnow
from monitor.views.export import export_json
from monitor.views.timeline import timeline_view

REPORT_CSS = CSS + """
ol.timeline{list-style:none;padding-left:0} ol.timeline li{margin:.2rem 0}
.statement{border-left:4px solid #2a6fb0;padding:.4rem .8rem;margin:.8rem 0;background:#f6f9fc}
.statement.gone{border-color:#c0392b}
.step{margin:.3rem 0 .3rem .5rem}.step .v{font-weight:600;margin-right:.4rem}
details{margin:.8rem 0} summary{cursor:pointer}
@media (max-width:600px){body{margin:1rem auto;font-size:16px} h1{font-size:1.15rem}}
"""

_STEP_LABEL = {"appeared": "first seen", "edited": "edited", "moved": "moved", "split": "split",
               "merged": "merged into another", "removed": "removed", "returned": "came back"}


def story_report(engine: Engine, watch_ref: int | str, *, show_moved: bool = False, about: str | None = None,
                 aliases: Sequence[str] = ()) -> str:
    """The page: timeline, changes per version (newest first), statement histories.

    With ``about``, the statement histories keep only the statements that
    mention the subject (the version sections are unchanged).
    """
    tl = timeline_view(engine, str(watch_ref), about=about, aliases=aliases)
    with session_scope(engine) as s:
        w = get_watch(s, str(watch_ref))
        versions = list_versions(s, w.id or 0)
        changes = {v.version: [c for c in changes_for(s, v.snapshot_id) if show_moved or c.kind != "moved"]
                   for v in versions}
    title = f"How “{w.name}” evolved"
    url = mask_url(w.url)  # a report is shared: never with a password or token in it

    items = []
    title_before = None
    for v in versions:
        counts = ", ".join(f"{n} {k}" for k, n in sorted(v.counts.items())) or (
            "first version" if v.version == versions[0].version else "no changes shown")
        flag = " · suspect (not confirmed)" if v.suspect else ""
        items.append(f'<li><a href="#v{v.version}">v{v.version}</a> <span class="meta">{escape(_when(v.fetched_at))}'
                     f"</span> · {escape(counts)}{escape(flag)}"
                     + (f" · {escape(v.title)}" if v.title and v.title != title_before else "") + "</li>")
        title_before = v.title
    timeline = f'<nav><h2>Timeline</h2><ol class="timeline">{"".join(items)}</ol></nav>'

    sections = []
    for v in reversed(versions):
        shown = changes[v.version]
        if v.version == versions[0].version:
            body = "<p class=\"meta\">first version seen</p>"
        elif not shown:
            body = "<p class=\"meta\">no changes shown</p>"
        else:
            body = _with_groups(shown)
        counts = ", ".join(f"{n} {k}" for k, n in sorted(v.counts.items()))
        flags = " · suspect (not confirmed)" if v.suspect else ""
        sections.append(
            f"<section id=\"v{v.version}\"><h2>Version {v.version}</h2><p class=\"meta\">"
            f"{escape(_when(v.fetched_at))} · {v.size} bytes{escape(flags)}"
            f"{' · ' + escape(counts) if counts else ''}</p>{body}</section>"
        )
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        f"<title>{escape(title)}</title><style>{REPORT_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(url)} · {len(versions)} versions"
        ' · <a href="#statements">statement histories</a></p>'
        f"{timeline}<h2>Changes, newest first</h2>{''.join(sections)}{_histories(tl)}</body></html>\n"
    )


def report_evidence(engine: Engine, watch_ref: int | str, *, about: str | None = None,
                    aliases: Sequence[str] = ()) -> dict[str, Any]:
    """The report as data: every version with its time, sha256 and text, every
    change, every statement's history; times as ISO 8601 (UTC)."""
    tl = timeline_view(engine, str(watch_ref), about=about, aliases=aliases)
    with session_scope(engine) as s:
        record = export_json(s, get_watch(s, str(watch_ref)))
    return {
        "generated_at": utcnow().isoformat(),
        "hash": "sha256 of the version's text, UTF-8",
        **record,
        "about": tl["about"],
        "statements": [
            {**st, "first_seen": st["first_seen"].isoformat(),
             "history": [{**h, "time": h["time"].isoformat()} for h in st["history"]]}
            for st in tl["statements"]
        ],
    }


def _when(dt) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC")


def _histories(tl: dict[str, Any]) -> str:
    """Each statement that changed after it appeared, in full; the others folded away."""
    about = tl["about"]
    head = "<h2 id=\"statements\">Statement histories</h2>"
    if about:
        names = ", ".join(about["names"])
        head += f'<p class="meta">statements that mention {escape(about["subject"])} (as {escape(names)})</p>'
    changed = [st for st in tl["statements"] if len(st["history"]) > 1]
    steady = [st for st in tl["statements"] if len(st["history"]) <= 1]
    parts = [head]
    if not tl["statements"]:
        parts.append('<p class="meta">no statements</p>')
    for st in changed:
        parts.append(_statement(st))
    if steady:
        parts.append(f"<details><summary>{len(steady)} statement{'s' if len(steady) != 1 else ''} "
                     "unchanged since they appeared</summary>"
                     + "".join(_statement(st) for st in steady) + "</details>")
    return "<section>" + "".join(parts) + "</section>"


def _statement(st: dict[str, Any]) -> str:
    steps = []
    for h in st["history"]:
        aspects = "".join(f'<span class="aspect">{escape(a)}</span>' for a in h["aspects"])
        label = _STEP_LABEL.get(h["kind"], h["kind"])
        if h["kind"] in ("edited", "split", "merged") and h["old"] is not None and h["new"] is not None:
            words = _words(h["old"], h["new"])
        elif h["kind"] in ("removed", "merged"):
            words = f"<del>{escape(h['old'] or '')}</del>"
        else:
            words = escape(h["new"] or h["old"] or "")
        steps.append(f'<div class="step"><span class="v">v{h["version"]}</span><span class="kind">'
                     f"{escape(label)}</span>{aspects} <span class=\"meta\">{escape(_when(h['time']))}</span>"
                     f"<div>{words}</div></div>")
    gone = "" if st["present"] else " gone"
    state = "" if st["present"] else " · no longer in the story"
    return (f'<div class="statement{gone}"><div class="meta">statement {st["id"]} · first seen in '
            f"v{st['first_version']}{state}</div>{''.join(steps)}</div>")


def _words(old: str, new: str) -> str:
    """The edit with removed words struck and added words marked, as ``change_html`` shows it."""
    out = []
    for op in word_ops(old, new):
        if op.op == "equal":
            out.append(escape(op.new))
            continue
        if op.old:
            out.append(f"<del>{escape(op.old)}</del>")
        if op.new:
            out.append(f"<ins>{escape(op.new)}</ins>")
    return "".join(out)


def _with_groups(changes) -> str:
    """Changes in order; the statements of one update group in one box."""
    out: list[str] = []
    current = None
    for c in changes:
        if c.group != current:
            if current is not None:
                out.append("</div>")
            if c.group is not None:
                out.append('<div class="group"><div class="kind">update</div>')
            current = c.group
        out.append(change_html(c))
    if current is not None:
        out.append("</div>")
    return "".join(out)
