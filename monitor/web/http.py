"""What every handler shares: problem+json errors (RFC 9457), ETags, pages of a list, JSON bodies."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from monitor.errors import MonitorError

PROBLEM = "application/problem+json"
MAX_LIMIT = 200


class HTTPProblem(MonitorError):
    """A request the app refuses, with the status and the one line a person reads."""

    def __init__(self, status: int, title: str, detail: str | None = None) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail or title


def problem(status: int, title: str, detail: str, instance: str | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    return Response(json.dumps(body), status_code=status, media_type=PROBLEM)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return json.dumps(value, default=_default, ensure_ascii=False).encode()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def not_modified(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match")
    if not given:
        return False
    tags = [t.strip().removeprefix("W/") for t in given.split(",")]
    return "*" in tags or etag in tags


def tagged(request: Request, body: bytes, media_type: str, *, status: int = 200,
           headers: dict[str, str] | None = None) -> Response:
    """A GET response with a strong ETag over its bytes; 304 when the client has it already."""
    etag = etag_of(body)
    extra = {"etag": etag, "cache-control": "no-cache", **(headers or {})}
    if status == 200 and not_modified(request, etag):
        return Response(status_code=304, headers=extra)
    return Response(body, status_code=status, media_type=media_type, headers=extra)


def json_response(request: Request, value: Any, *, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    if request.method in ("GET", "HEAD"):
        return tagged(request, dumps(value), "application/json", status=status, headers=headers)
    return Response(dumps(value), status_code=status, media_type="application/json", headers=headers)


def int_param(request: Request, name: str, default: int, *, low: int = 0, high: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPProblem(400, "Bad query parameter", f"{name}: must be a whole number, not {raw!r}") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise HTTPProblem(400, "Bad query parameter", f"{name}: must be {bound}, not {value}")
    return value


def page_params(request: Request) -> tuple[int, int]:
    return (int_param(request, "offset", 0, low=0, high=10**9),
            int_param(request, "limit", 50, low=1, high=MAX_LIMIT))


def paged(request: Request, items: list[Any], total: int, offset: int, limit: int) -> dict[str, Any]:
    """A page of a list, with the link to the next one (also sent as a Link header by ``page_response``)."""
    nxt = None
    if offset + len(items) < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"items": items, "total": total, "offset": offset, "limit": limit, "next": nxt}


def page_response(request: Request, page: dict[str, Any]) -> Response:
    headers = {"link": f'<{page["next"]}>; rel="next"'} if page["next"] else None
    return json_response(request, page, headers=headers)


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; anything else is a 415 or a 400, never a crash."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise HTTPProblem(415, "Unsupported media type", "send the body as application/json")
    raw = await request.body()
    if len(raw) > 1_000_000:
        raise HTTPProblem(413, "Body too large", "a request body can have at most 1 MB")
    try:
        value = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as e:
        raise HTTPProblem(400, "Invalid JSON", f"the body is not valid JSON: {e}") from None
    if not isinstance(value, dict):
        raise HTTPProblem(400, "Invalid body", "the body must be a JSON object")
    return value
