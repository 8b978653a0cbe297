"""The server-rendered pages: stories, a story, watch forms, alerts, login, and the live channel.

Every page works without JavaScript (the story's statement timeline and its
``about`` filter are a plain GET form); ``static/live.js`` (ours, a few lines)
only swaps in the story page's live parts (``/watches/W/live``, rendered here
with the page's own query) when the story's event stream says a new version
was stored. Forms post back here with a CSRF token; a write ends in a
redirect (with a one-time message) or the form again with the CLI's message.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from monitor import store
from monitor.config import ConfigError
from monitor.web import security, watching
from monitor.web.http import HTTPProblem
from monitor.web.reading import (
    about_params,
    alert_record,
    diff_of,
    parse_version,
    stories,
    story_summary,
    tag_query,
    tags_in_use,
    timeline_of,
    watch_ref,
)
from monitor.web.watching import WatchInput

FLASH = "monitor_flash"
ALERTS_SHOWN = 50
LIVE_POLL_SECONDS = 1.0
LIVE_STREAM_SECONDS = 300.0  # then the browser's EventSource reconnects on its own


def engine_of(request: Request) -> store.Engine:
    return request.app.state.engine


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with its CSRF token (a cookie set once, the same value in each form) and any one-time message."""
    csrf = request.cookies.get(security.CSRF_COOKIE) or security.new_csrf()
    flash = unquote(request.cookies.get(FLASH) or "") or None
    html = request.app.state.templates.get_template(template).render(
        request=request, csrf=csrf, flash=flash, token_required=not request.app.state.access.loopback_only,
        **context)
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(security.CSRF_COOKIE) != csrf:
        response.set_cookie(security.CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    if flash:
        response.delete_cookie(FLASH, path="/")
    return response


def fragment(request: Request, template: str, **context: Any) -> HTMLResponse:
    """Part of a page, for live.js to swap in: no form in it, so no CSRF cookie; a one-time message is left for
    the next whole page."""
    html = request.app.state.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html, headers={"cache-control": "no-store"})


def done(to: str, message: str) -> RedirectResponse:
    response = RedirectResponse(to, status_code=303)
    response.set_cookie(FLASH, quote(message), httponly=True, samesite="strict", path="/",
                        max_age=60)
    return response


async def form_of(request: Request) -> dict[str, str]:
    """The posted form after the CSRF check; a missing or wrong token is a 403."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    if not security.csrf_ok(request.cookies.get(security.CSRF_COOKIE), values.get("csrf")):
        raise HTTPProblem(403, "Forbidden", "the form's CSRF token is missing or stale; reload the page and "
                                            "send it again")
    if any("\x00" in v for v in values.values()):
        raise HTTPProblem(400, "Bad request", "a form field cannot contain NUL characters")
    return values


def _lines(raw: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (raw or "").splitlines() if line.strip())


def _tag_list(raw: str | None) -> tuple[str, ...]:
    """The tags field: tags separated by commas (a space inside one is the CLI's error, not a second tag)."""
    return tuple(t.strip() for t in (raw or "").split(",") if t.strip())


def _number(field: str, raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigError(f"{field}: must be a whole number, not {raw!r}") from None


def _opt(raw: str | None) -> str | None:
    return raw.strip() if raw is not None and raw.strip() else None


# --- stories ------------------------------------------------------------------


async def stories_page(request: Request) -> Response:
    q, tag = request.query_params.get("q", ""), tag_query(request)
    rows = await run_in_threadpool(stories, engine_of(request), q, tag)
    tags = await run_in_threadpool(tags_in_use, engine_of(request))
    return render(request, "stories.html.j2", rows=rows, q=q, tag=tag, tags=tags)


def _story_data(engine: store.Engine, ref: str) -> dict[str, Any]:
    from monitor.views.history import watch_history

    summary = story_summary(engine, ref)
    history = watch_history(engine, summary["id"], checks=5)
    with store.session_scope(engine) as s:
        rows, total = store.alerts_page(s, watch_id=summary["id"], limit=ALERTS_SHOWN)
        alerts = [alert_record(r) for r in rows]
    return {"w": summary, "versions": list(reversed(history["versions"])), "checks": history["checks"],
            "alerts": alerts, "alerts_total": total}


async def _story_context(request: Request) -> dict[str, Any]:
    """Everything the story page shows, for the page and for its live parts alike (the same query, the same
    checks: a bad ``about`` or version is the same 400 in both)."""
    from monitor.web.diffview import inline, side_by_side

    ref = watch_ref(request)
    opts = about_params(request)
    data = await run_in_threadpool(_story_data, engine_of(request), ref)
    timeline = await run_in_threadpool(timeline_of, engine_of(request), data["w"]["id"], **opts)
    newest = data["w"]["versions"]
    diff_html = labels = None
    old = new = None
    view = "side" if request.query_params.get("view") == "side" else "inline"
    asked = "old" in request.query_params or "new" in request.query_params
    if newest >= 2 or asked:
        new = parse_version(request, "new", query=True) if "new" in request.query_params else -1
        # Only ``new`` (a feed entry's link): the version it was compared with, the one before.
        old = parse_version(request, "old", query=True) if "old" in request.query_params else new - 1
        if old == 0:
            raise HTTPProblem(400, "Bad version", "version 1 is the first: there is nothing before it to compare")
        d, old_label, new_label = await run_in_threadpool(diff_of, engine_of(request), data["w"]["id"], old, new)
        diff_html = side_by_side(d) if view == "side" else inline(d)
        labels = (old_label, new_label, d.degraded_line() if d.degraded else "")
        old, new = int(old_label.rsplit("@", 1)[1]), int(new_label.rsplit("@", 1)[1])
    show_all = request.query_params.get("all") == "1"
    return {**data, "diff_html": diff_html, "labels": labels, "old": old, "new": new, "view": view, "asked": asked,
            "tl": timeline, "statements": _shown(timeline, show_all), "about": opts["about"] or "",
            "show_all": show_all}


async def story_page(request: Request) -> Response:
    return render(request, "story.html.j2", **await _story_context(request))


async def live_parts(request: Request) -> Response:
    """The story page's live parts alone (status, versions, the newest diff, the statement timeline under the
    page's own ``about`` filter, alerts, checks), each with its id: what live.js swaps in when a version
    arrives. The timeline's filter form is not among them, so what a reader types there is never replaced (and
    live.js leaves alone a part that has the focus, such as the compare form, until the next version)."""
    return fragment(request, "story_live.html.j2", **await _story_context(request))


def _shown(timeline: dict[str, Any], show_all: bool) -> list[dict[str, Any]]:
    """The statements the panel lists, as ``monitor timeline`` does: with ``about`` every one that matched,
    otherwise those with a history after they appeared (``all=1``: every one)."""
    if show_all or timeline["about"]:
        return timeline["statements"]
    return [s for s in timeline["statements"] if len(s["history"]) > 1]


async def versions_fragment(request: Request) -> Response:
    """The story's version list alone (also among the live parts)."""
    data = await run_in_threadpool(_story_data, engine_of(request), watch_ref(request))
    return fragment(request, "versions.html.j2", **data)


async def version_page(request: Request) -> Response:
    from monitor.views.history import version_view

    v = await run_in_threadpool(version_view, engine_of(request), watch_ref(request), parse_version(request, "n"))
    w = await run_in_threadpool(story_summary, engine_of(request), watch_ref(request))
    return render(request, "version.html.j2", v=v, w=w)


async def events(request: Request) -> Response:
    """Server-sent events: ``version`` with the newest version number, whenever it grows."""
    engine = engine_of(request)
    ref = watch_ref(request)

    def newest() -> int:
        with store.session_scope(engine) as s:
            return store.newest_version(s, store.get_watch(s, ref).id or 0)

    seen = await run_in_threadpool(newest)
    loop = asyncio.get_running_loop()

    async def stream():
        nonlocal seen
        yield f"retry: 2000\nevent: version\ndata: {json.dumps({'version': seen})}\n\n"
        end = loop.time() + LIVE_STREAM_SECONDS
        while loop.time() < end:
            await asyncio.sleep(LIVE_POLL_SECONDS)
            if await request.is_disconnected():
                return
            try:
                now = await run_in_threadpool(newest)
            except store.WatchNotFound:
                yield "event: removed\ndata: {}\n\n"
                return
            if now != seen:
                seen = now
                yield f"event: version\ndata: {json.dumps({'version': now})}\n\n"
            else:
                yield ": still here\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


# --- writing --------------------------------------------------------------------


def _input(form: dict[str, str], *, editing: bool) -> WatchInput:
    keep = _opt if not editing else (lambda raw: raw.strip() if raw is not None else None)
    return WatchInput(
        target=_opt(form.get("url")), name=_opt(form.get("name")),
        every=_opt(form.get("every")), cron=_opt(form.get("cron")), tz=_opt(form.get("tz")),
        selector=keep(form.get("selector")),
        ignore=_lines(form.get("ignore")) if editing or form.get("ignore") else None,
        tags=_tag_list(form.get("tags")) if editing or form.get("tags") else None,
        feed=(form.get("feed") == "on") if not editing or "feed" in form else None,
        notify=_lines(form.get("notify")) if not editing else None,
        keep_versions=_number("keep_versions", form.get("keep_versions")),
        keep_days=_number("keep_days", form.get("keep_days")),
        force=form.get("force") == "on",
    )


async def new_watch_page(request: Request) -> Response:
    return render(request, "watch_form.html.j2", w=None, values={}, error=None)


async def add_watch(request: Request) -> Response:
    form = await form_of(request)
    try:
        row = await run_in_threadpool(watching.add, engine_of(request), _input(form, editing=False),
                                      request.app.state.access.target_guard())
    except (ConfigError, store.WatchExists, security.TargetRefused) as e:
        return render(request, "watch_form.html.j2", status=422, w=None, values=form, error=str(e))
    return done(f"/watches/{row['id']}", f"added watch {row['name']} (id {row['id']}): {row['url']}, "
                                         f"{row['schedule']}; it is checked on the next round")


async def edit_watch_page(request: Request) -> Response:
    w = await run_in_threadpool(_edit_values, engine_of(request), watch_ref(request))
    return render(request, "watch_form.html.j2", w=w, values=w["values"], error=None)


def _edit_values(engine: store.Engine, ref: str) -> dict[str, Any]:
    from monitor.config.secrets import mask_url

    with store.session_scope(engine) as s:
        w = store.get_watch(s, ref)
        summary = story_summary(engine, w.id or 0)
        return {**summary, "values": {
            "name": w.name, "url": mask_url(w.url) if mask_url(w.url) != w.url else w.url,
            "selector": w.selector or "", "ignore": "\n".join(w.ignore or ()), "tags": ", ".join(w.tags or ()),
            "keep_versions": w.keep_versions or "", "keep_days": w.keep_days or "",
            "feed": w.kind == "feed"}}


async def edit_watch(request: Request) -> Response:
    form = await form_of(request)
    ref = watch_ref(request)
    given = _input(form, editing=True)
    current = await run_in_threadpool(_edit_values, engine_of(request), ref)
    # The form shows every setting: a field left as it was is not a change (a masked URL is never written back).
    if given.target == current["values"]["url"]:
        given = _replace(given, target=None)
    if given.feed == current["values"]["feed"]:
        given = _replace(given, feed=None)
    try:
        row, lines = await run_in_threadpool(watching.edit, engine_of(request), ref, given,
                                             request.app.state.access.target_guard())
    except (ConfigError, store.WatchExists, security.TargetRefused) as e:
        return render(request, "watch_form.html.j2", status=422, w=current, values=form, error=str(e))
    message = (f"updated watch {row['name']} (id {row['id']}): " + "; ".join(lines)) if lines else \
        f"watch {row['name']} unchanged (it already has those settings)"
    return done(f"/watches/{row['id']}", message)


def _replace(given: WatchInput, **changes: Any) -> WatchInput:
    from dataclasses import replace

    return replace(given, **changes)


async def pause_watch(request: Request) -> Response:
    form = await form_of(request)
    enable = form.get("enable") == "1"
    row, lines = await run_in_threadpool(watching.edit, engine_of(request), watch_ref(request),
                                         WatchInput(enabled=enable))
    word = "resumed" if enable else "paused"
    return done(f"/watches/{row['id']}", f"{word} watch {row['name']}" if lines else
                f"watch {row['name']} was already {word}")


async def remove_page(request: Request) -> Response:
    w = await run_in_threadpool(story_summary, engine_of(request), watch_ref(request))
    return render(request, "remove.html.j2", w=w)


async def remove_watch(request: Request) -> Response:
    await form_of(request)
    w = await run_in_threadpool(story_summary, engine_of(request), watch_ref(request))
    await run_in_threadpool(watching.remove, engine_of(request), w["id"])
    n = w["versions"]
    return done("/", f"removed watch {w['name']} (id {w['id']}) and its {n} version{'s' if n != 1 else ''}")


async def check_watch(request: Request) -> Response:
    await form_of(request)
    r = await run_in_threadpool(watching.check_now, engine_of(request), watch_ref(request),
                                request.app.state.access.addresses())
    outcome = r["outcome"]
    detail = f": {r['error']}" if r.get("error") else ""
    version = f", version {r['version']}" if r.get("version") is not None else ""
    return done(f"/watches/{r.get('watch_id') or watch_ref(request)}",
                f"checked {r['watch']}: {outcome}{version}{detail}")


# --- alerts -------------------------------------------------------------------


def _alert_lists(engine: store.Engine) -> dict[str, Any]:
    with store.session_scope(engine) as s:
        out: dict[str, Any] = {"counts": store.outbox_counts(s)}
        for state in ("pending", "dead", "delivered"):
            rows, _ = store.alerts_page(s, status=state, limit=ALERTS_SHOWN)
            out[state] = [alert_record(r) for r in rows]
    return out


async def alerts_page(request: Request) -> Response:
    data = await run_in_threadpool(_alert_lists, engine_of(request))
    return render(request, "alerts.html.j2", **data)


async def retry_alert(request: Request) -> Response:
    await form_of(request)
    raw = request.path_params["alert_id"]
    if not raw.isdecimal() or int(raw) > 2**31 - 1:
        raise HTTPProblem(404, "Not found", f"no alert with id {raw!r}")
    alert_id = int(raw)

    def retry() -> str:
        with store.session_scope(engine_of(request), write=True) as s:
            a = store.retry_alert(s, alert_id)
            if a.status == "delivered":
                return f"alert {alert_id} was already delivered; nothing to do"
            return f"alert {alert_id} queued again ({a.notifier}); the daemon sends it on its next pass"

    return done("/alerts", await run_in_threadpool(retry))


# --- login (only when a token is required) ----------------------------------------


async def login_page(request: Request) -> Response:
    return render(request, "login.html.j2", error=None)


async def login(request: Request) -> Response:
    access: security.Access = request.app.state.access
    form = await form_of(request)
    if access.loopback_only:
        return RedirectResponse("/", status_code=303)
    if not access.token_matches(form.get("token", "")):
        return render(request, "login.html.j2", status=401, error="that is not the token")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(security.SESSION_COOKIE, access.session_value(), httponly=True, samesite="strict",
                        path="/")
    return response


routes = [
    Route("/", stories_page, methods=["GET"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/alerts", alerts_page, methods=["GET"]),
    Route("/alerts/{alert_id}/retry", retry_alert, methods=["POST"]),
    Route("/watches/new", new_watch_page, methods=["GET"]),
    Route("/watches", add_watch, methods=["POST"]),
    Route("/watches/{ref}", story_page, methods=["GET"]),
    Route("/watches/{ref}/versions", versions_fragment, methods=["GET"]),
    Route("/watches/{ref}/versions/{n}", version_page, methods=["GET"]),
    Route("/watches/{ref}/events", events, methods=["GET"]),
    Route("/watches/{ref}/live", live_parts, methods=["GET"]),
    Route("/watches/{ref}/edit", edit_watch_page, methods=["GET"]),
    Route("/watches/{ref}/edit", edit_watch, methods=["POST"]),
    Route("/watches/{ref}/pause", pause_watch, methods=["POST"]),
    Route("/watches/{ref}/remove", remove_page, methods=["GET"]),
    Route("/watches/{ref}/remove", remove_watch, methods=["POST"]),
    Route("/watches/{ref}/check", check_watch, methods=["POST"]),
]
