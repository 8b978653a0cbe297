"""A self-contained HTML report of how one story evolved, version by version.

Built from stored versions and stored changes only (renderers never
re-diff); every piece of page text is escaped.
"""

from __future__ import annotations

from html import escape

from monitor.config.secrets import mask_url
from monitor.diff.render.html import CSS, change_html
from monitor.store import Engine, changes_for, get_watch, list_versions, session_scope


def story_report(engine: Engine, watch_ref: int | str, *, show_moved: bool = False) -> str:
    with session_scope(engine) as s:
        w = get_watch(s, watch_ref)
        versions = list_versions(s, w.id)
        sections = []
        for v in reversed(versions):
            changes = [c for c in changes_for(s, v.snapshot_id) if show_moved or c.kind != "moved"]
            when = v.fetched_at.strftime("%Y-%m-%d %H:%M:%S UTC")
            flags = " · suspect (not confirmed)" if v.suspect else ""
            if v.version == 1:
                body = "<p class=\"meta\">first version seen</p>"
            elif not changes:
                body = "<p class=\"meta\">no changes shown</p>"
            else:
                body = _with_groups(changes)
            counts = ", ".join(f"{n} {k}" for k, n in sorted(v.counts.items()))
            sections.append(
                f"<section><h2>Version {v.version}</h2><p class=\"meta\">{escape(when)} · "
                f"{v.size} bytes{escape(flags)}{' · ' + escape(counts) if counts else ''}</p>{body}</section>"
            )
        title = f"How “{w.name}” evolved"
        url = mask_url(w.url)  # a report is shared: never with a password or token in it
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(url)} · {len(versions)} versions, newest first</p>"
        f"{''.join(sections)}</body></html>\n"
    )


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
