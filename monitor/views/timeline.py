"""A story's timeline as plain data: its versions and each statement's history.

``monitor timeline`` prints it, ``monitor report`` lays it out as a page or
exports it as evidence, and a web page or API can return it as it is. The
statement identities are the stored lineage (``monitor.store.lineage``);
versions stored before the lineage existed are numbered here, once, on the
first read (``sync_lineage``), so an old watch needs no separate step.
URLs are masked here; times stay ``datetime`` (UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monitor.config.secrets import mask_url
from monitor.store import (
    Engine,
    get_watch,
    lineage_versions,
    list_versions,
    session_scope,
    statement_histories,
    sync_lineage,
)
from monitor.views.about import about as compile_about


def timeline_view(engine: Engine, ref: str, *, about: str | None = None, aliases: Sequence[str] = (),
                  builtin_aliases: bool = True) -> dict[str, Any]:
    """The watch, its versions (oldest first) and its statements' histories.

    With ``about``, only the statements that mention the subject (under any
    of its names) at some point in their history are kept.
    """
    with session_scope(engine) as s:
        w = get_watch(s, ref)
    assert w.id is not None
    filled = sync_lineage(engine, w.id)
    with session_scope(engine) as s:
        versions = list_versions(s, w.id)
        held = lineage_versions(s, w.id)
        statements, events = statement_histories(s, w.id)
    by_statement: dict[int, list[dict[str, Any]]] = {}
    for e in events:
        by_statement.setdefault(e.statement_id, []).append({
            "version": e.version, "time": e.at, "kind": e.kind, "old": e.old, "new": e.new,
            "aspects": list(e.aspects), "similarity": round(e.similarity, 3), "position": e.position,
        })
    subject = compile_about(about, aliases, builtin=builtin_aliases) if about else None
    shown = []
    for st in statements:
        history = by_statement.get(st.id, [])
        if subject is not None and not (subject.matches(st.text) or any(
                subject.matches(h["old"]) or subject.matches(h["new"]) for h in history)):
            continue
        shown.append({
            "id": st.id, "first_version": st.first_version, "first_seen": st.first_seen_at,
            "text": st.text, "present": st.present,
            "edits": sum(1 for h in history if h["kind"] in ("edited", "split", "merged")),
            "history": history,
        })
    return {
        "watch": {"id": w.id, "name": w.name, "url": mask_url(w.url)},
        "about": {"subject": subject.subject, "names": list(subject.names)} if subject else None,
        "versions": [
            {"version": v.version, "time": v.fetched_at, "size": v.size, "title": v.title,
             "suspect": v.suspect, "counts": v.counts, "statements": len(held[v.version])
             if v.version in held else None}
            for v in versions
        ],
        "statements": shown,
        "numbered_now": filled,
    }
