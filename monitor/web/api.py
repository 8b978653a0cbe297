"""The REST API under ``/api``: watches, versions, texts, diffs between any two versions, timelines, alerts.

Reads go through ``monitor.views`` (what the CLI prints as JSON), writes
through ``web.watching`` (the CLI's validators and store calls). Lists are
pages (``offset``, ``limit``, ``next`` and a ``Link`` header), GETs carry
ETags, and every error is ``application/problem+json`` with the CLI's line
as its ``detail``. The schema is ``openapi.py``'s, served at ``/api/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from monitor import store
from monitor.config.secrets import mask_text
from monitor.web import watching
from monitor.web.http import (
    HTTPProblem,
    json_body,
    json_response,
    page_params,
    page_response,
    paged,
    tagged,
)
from monitor.web.reading import (
    about_params,
    alert_record,
    diff_versions,
    parse_version,
    timeline_of,
    version_record,
    watch_ref,
)
from monitor.web.watching import WatchInput

ALERT_STATES = ("pending", "delivered", "dead")
_FIELDS: dict[str, tuple[type, ...]] = {
    "url": (str,), "name": (str,), "every": (str,), "cron": (str,), "tz": (str,), "selector": (str,),
    "ignore": (list,), "feed": (bool,), "kind": (str,), "notify": (list,), "keep_versions": (int,),
    "keep_days": (int,), "enabled": (bool,), "force": (bool,), "tags": (list,),
}


def engine_of(request: Request) -> store.Engine:
    return request.app.state.engine


def guard_of(request: Request) -> watching.Guard:
    return request.app.state.access.target_guard()


def watch_input(body: dict[str, Any]) -> WatchInput:
    """A JSON body as the form fields ``monitor add``/``edit`` take; a wrong key or type is a 400."""
    for key, value in body.items():
        types = _FIELDS.get(key)
        if types is None:
            raise HTTPProblem(400, "Unknown field", f"{key}: not a watch setting; use one of {', '.join(_FIELDS)}")
        if value is None:
            continue
        if not isinstance(value, types) or (types == (int,) and isinstance(value, bool)):
            raise HTTPProblem(400, "Wrong type", f"{key}: must be {types[0].__name__}, not {type(value).__name__}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise HTTPProblem(400, "Wrong type", f"{key}: must be a list of strings")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**31 - 1:
            raise HTTPProblem(400, "Out of range", f"{key}: {value} is too large")
    texts = [v for v in body.values() if isinstance(v, str)]
    texts += [x for v in body.values() if isinstance(v, list) for x in v]
    if any("\x00" in t for t in texts):
        raise HTTPProblem(400, "Invalid text", "settings cannot contain NUL characters")
    get = body.get
    return WatchInput(
        target=get("url"), name=get("name"), every=get("every"), cron=get("cron"), tz=get("tz"),
        selector=get("selector"), ignore=tuple(get("ignore")) if get("ignore") is not None else None,
        feed=get("feed"), kind=get("kind"), notify=tuple(get("notify")) if get("notify") is not None else None,
        keep_versions=get("keep_versions"), keep_days=get("keep_days"), enabled=get("enabled"),
        force=bool(get("force")), tags=tuple(get("tags")) if get("tags") is not None else None,
    )


async def list_watches(request: Request) -> Response:
    from monitor.web.reading import stories, tag_query

    offset, limit = page_params(request)
    rows = await run_in_threadpool(stories, engine_of(request), request.query_params.get("q", ""),
                                   tag_query(request))
    return page_response(request, paged(request, rows[offset:offset + limit], len(rows), offset, limit))


async def create_watch(request: Request) -> Response:
    given = watch_input(await json_body(request))
    row = await run_in_threadpool(watching.add, engine_of(request), given, guard_of(request))
    row = {**row, "title": None, "last_change": None}
    return json_response(request, row, status=201, headers={"location": f"/api/watches/{row['id']}"})


async def get_watch(request: Request) -> Response:
    from monitor.web.reading import story_summary

    row = await run_in_threadpool(story_summary, engine_of(request), watch_ref(request))
    return json_response(request, row)


async def update_watch(request: Request) -> Response:
    given = watch_input(await json_body(request))
    from monitor.web.reading import story_summary

    row, lines = await run_in_threadpool(watching.edit, engine_of(request), watch_ref(request), given,
                                         guard_of(request))
    row = await run_in_threadpool(story_summary, engine_of(request), row["id"])
    return json_response(request, {**row, "changed": lines})


async def delete_watch(request: Request) -> Response:
    await run_in_threadpool(watching.remove, engine_of(request), watch_ref(request))
    return Response(status_code=204)


async def check_watch(request: Request) -> Response:
    report = await run_in_threadpool(watching.check_now, engine_of(request), watch_ref(request),
                                     request.app.state.access.addresses())
    return json_response(request, report)


def _versions(engine: store.Engine, ref: int | str, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    with store.session_scope(engine) as s:
        w = store.get_watch(s, ref)
        rows, total = store.versions_page(s, w.id or 0, offset=offset, limit=limit)
        return [version_record(r) for r in rows], total


async def list_versions(request: Request) -> Response:
    offset, limit = page_params(request)
    items, total = await run_in_threadpool(_versions, engine_of(request), watch_ref(request), offset, limit)
    return page_response(request, paged(request, items, total, offset, limit))


async def get_version(request: Request) -> Response:
    from monitor.views.history import version_view

    v = await run_in_threadpool(version_view, engine_of(request), watch_ref(request), parse_version(request, "n"))
    v.pop("text", None)
    return json_response(request, v)


async def get_version_text(request: Request) -> Response:
    from monitor.views.history import version_view

    v = await run_in_threadpool(version_view, engine_of(request), watch_ref(request), parse_version(request, "n"))
    return tagged(request, v["text"].encode(), "text/plain; charset=utf-8")


async def get_diff(request: Request) -> Response:
    old, new = parse_version(request, "old", query=True), parse_version(request, "new", query=True)
    body = await run_in_threadpool(diff_versions, engine_of(request), watch_ref(request), old, new, "json",
                                   request.query_params.get("show_moved") in ("1", "true"))
    return tagged(request, body.encode(), "application/json")


async def get_timeline(request: Request) -> Response:
    """``monitor timeline W --json``: the versions and each statement's history, ``?about=`` filtered."""
    ref, opts = watch_ref(request), about_params(request)
    return json_response(request, await run_in_threadpool(timeline_of, engine_of(request), ref, **opts))


def _alerts(engine: store.Engine, status: str | None, ref: str | None, offset: int,
            limit: int) -> tuple[list[dict[str, Any]], int]:
    with store.session_scope(engine) as s:
        watch_id = store.get_watch(s, ref).id if ref else None
        rows, total = store.alerts_page(s, status=status, watch_id=watch_id, offset=offset, limit=limit)
        return [alert_record(r) for r in rows], total


async def list_alerts(request: Request) -> Response:
    offset, limit = page_params(request)
    status = request.query_params.get("status") or None
    if status is not None and status not in ALERT_STATES:
        raise HTTPProblem(400, "Bad query parameter", f"status: one of {', '.join(ALERT_STATES)}, not {status!r}")
    ref = request.query_params.get("watch") or None
    if ref is not None:
        ref = watch_ref(request, ref)
    items, total = await run_in_threadpool(_alerts, engine_of(request), status, ref, offset, limit)
    return page_response(request, paged(request, items, total, offset, limit))


def _retry(engine: store.Engine, alert_id: int) -> dict[str, Any]:
    with store.session_scope(engine, write=True) as s:
        a = store.retry_alert(s, alert_id)
        return {"id": a.id, "status": a.status, "notifier": a.notifier, "attempts": a.attempts,
                "error": mask_text(a.last_error),
                "message": (f"alert {alert_id} was already delivered; nothing to do" if a.status == "delivered"
                            else f"alert {alert_id} queued again ({a.notifier}); the daemon sends it on its "
                                 "next pass")}


async def retry_alert(request: Request) -> Response:
    raw = request.path_params["alert_id"]
    if not raw.isdecimal() or int(raw) > 2**31 - 1:
        raise HTTPProblem(404, "Not found", f"no alert with id {raw!r}")
    return json_response(request, await run_in_threadpool(_retry, engine_of(request), int(raw)))


async def openapi(request: Request) -> Response:
    from monitor.web.openapi import schema

    return json_response(request, schema())


routes = [
    Route("/api/openapi.json", openapi, methods=["GET"]),
    Route("/api/watches", list_watches, methods=["GET"]),
    Route("/api/watches", create_watch, methods=["POST"]),
    Route("/api/watches/{ref}", get_watch, methods=["GET"]),
    Route("/api/watches/{ref}", update_watch, methods=["PATCH"]),
    Route("/api/watches/{ref}", delete_watch, methods=["DELETE"]),
    Route("/api/watches/{ref}/check", check_watch, methods=["POST"]),
    Route("/api/watches/{ref}/versions", list_versions, methods=["GET"]),
    Route("/api/watches/{ref}/versions/{n}", get_version, methods=["GET"]),
    Route("/api/watches/{ref}/versions/{n}/text", get_version_text, methods=["GET"]),
    Route("/api/watches/{ref}/diff", get_diff, methods=["GET"]),
    Route("/api/watches/{ref}/timeline", get_timeline, methods=["GET"]),
    Route("/api/alerts", list_alerts, methods=["GET"]),
    Route("/api/alerts/{alert_id}/retry", retry_alert, methods=["POST"]),
]
