"""Atom feeds (RFC 4287) of stored alerts: one per story, one per tag, one for every material change.

A tag's feed holds the material changes (as the feed of every change does) of
the watches that carry the tag when it is read: a watch tagged later brings
its past changes along, one untagged takes its own away.

Each entry is one stored alert (one per check, however many notifiers it was
queued for) with its changes in the body twice: as text (``summary``) and as
escaped HTML (``content type="html"``), and a link to the story page. Built
from the alert payloads as stored, never by diffing again; an ETag over the
bytes answers a feed reader's conditional GET with 304.

Written with the Jinja2 that renders the pages (XML autoescape), rather than
a feed library: the format is small and the validity test checks it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from monitor import store
from monitor.config.secrets import mask_text, mask_url
from monitor.diff.model import Change, Diff, UpdateGroup
from monitor.store import AlertRow, Engine
from monitor.web.diffview import inline
from monitor.web.http import HTTPProblem, tagged
from monitor.web.reading import stories_url, watch_ref

ENTRIES = 50
ATOM = "application/atom+xml; charset=utf-8"


def _stamp(when: datetime) -> str:
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry(row: AlertRow, base: str) -> dict[str, Any]:
    a = row.alert
    p = a.payload
    changes = [Change.from_dict(c) for c in p.get("changes") or ()]
    groups = tuple(UpdateGroup.from_dict(g) for g in p.get("groups") or ())
    text_lines = [mask_text(p.get("summary")) or ""]
    for c in changes:
        wording = f"{c.old or ''} → {c.new or ''}" if c.kind == "edited" else (c.new or c.old or "")
        text_lines.append(f"{c.kind}: {wording} ({c.reason})")
    if p.get("error"):
        text_lines.append(mask_text(p.get("error")) or "")
    version = f" · version {row.version}" if row.version is not None else ""
    return {
        "id": f"{base}/alerts/{row.alert.watch_id}/{a.check_id or 'a' + str(a.id)}",
        "title": f"{row.watch_name}: {mask_text(p.get('summary')) or p.get('kind', 'alert')}",
        "updated": _stamp(a.created_at),
        "link": f"{base}/watches/{a.watch_id}" + (f"?new={row.version}" if row.version else ""),
        "summary": "\n".join(text_lines),
        "html": str(inline(Diff(changes=tuple(changes), groups=groups))) if changes else "",
        "meta": f"{p.get('kind', 'changes')}{version}",
    }


def tag_feed_path(tag: str) -> str:
    """The Atom feed of a tag: its path segment quoted, whatever a tag may one day hold."""
    return f"/feeds/tags/{quote(tag, safe='')}.atom"


def feed_xml(engine: Engine, env: Environment, base: str, *, ref: str | None, tag: str | None = None) -> str:
    with store.session_scope(engine) as s:
        if tag is not None:
            ids = store.tagged_ids(s, tag)
            if not ids:
                raise HTTPProblem(404, "Not found", f"no watch is tagged {tag}")
            rows = store.alert_entries(s, watch_ids=ids, kind="changes", limit=ENTRIES)
            title, feed_id = f"Story Monitor: stories tagged {tag}", base + tag_feed_path(tag)
            link = base + stories_url(tag)
            watches = f"{len(ids)} watch{'es' if len(ids) != 1 else ''}"
            subtitle, created = f"Every material change of the {watches} tagged {tag}, newest first", None
        elif ref is not None:
            w = store.get_watch(s, ref)
            rows = store.alert_entries(s, watch_id=w.id, limit=ENTRIES)
            title, feed_id = f"{w.name}: changes", f"{base}/feeds/watches/{w.id}.atom"
            link, subtitle = f"{base}/watches/{w.id}", mask_url(w.url)
            created = w.created_at
        else:
            rows = store.alert_entries(s, kind="changes", limit=ENTRIES)
            title, feed_id, link = "Story Monitor: every material change", f"{base}/feeds/changes.atom", base + "/"
            subtitle, created = "Every alert raised for a change worth one, newest first", None
        entries = [_entry(r, base) for r in rows]
    updated = entries[0]["updated"] if entries else _stamp(created or datetime(2000, 1, 1, tzinfo=UTC))
    return env.get_template("feed.atom.j2").render(
        title=title, id=feed_id, link=link, self_link=feed_id, subtitle=subtitle, updated=updated, entries=entries)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _feed(request: Request, ref: str | None, tag: str | None = None) -> Response:
    state = request.app.state
    xml = await run_in_threadpool(feed_xml, state.engine, state.templates, _base(request), ref=ref, tag=tag)
    return tagged(request, xml.encode(), ATOM)


async def changes_feed(request: Request) -> Response:
    return await _feed(request, None)


async def story_feed(request: Request) -> Response:
    return await _feed(request, watch_ref(request))


async def tag_feed(request: Request) -> Response:
    """The material changes of every watch with a tag; a tag no watch has (or none could have) is a 404."""
    from monitor import config as cfg

    raw = request.path_params["tag"]
    try:
        tag = cfg.check_tag(raw)
    except cfg.Invalid:
        raise HTTPProblem(404, "Not found", f"no watch is tagged {raw[:60]!r}") from None
    return await _feed(request, None, tag)


routes = [
    Route("/feeds/changes.atom", changes_feed, methods=["GET"]),
    Route("/feeds/watches/{ref}.atom", story_feed, methods=["GET"]),
    Route("/feeds/tags/{tag}.atom", tag_feed, methods=["GET"]),
]
