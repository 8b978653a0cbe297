"""The ASGI app: pages, the API and the feeds over one database, behind ``security``'s rules.

``create_app(engine, access)`` is what ``monitor serve`` hands uvicorn and what
tests drive with Starlette's TestClient. Errors a user can cause are
problem+json under ``/api`` and a page elsewhere, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor import store
from monitor.config import ConfigError
from monitor.errors import MonitorError
from monitor.web import security
from monitor.web.http import HTTPProblem, problem

HERE = Path(__file__).parent
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def templates() -> Environment:
    """Autoescape on for every template: page text reaches HTML only escaped. A link the pages and the
    feeds both make is built by one function (``stories_url``, ``tag_feed``)."""
    from monitor.web.feeds import tag_feed_path
    from monitor.web.reading import stories_url

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.filters["when_wrapped"] = when_wrapped
    env.globals["stories_url"] = stories_url
    env.filters["tag_feed"] = tag_feed_path
    return env


def when(value: object) -> str:
    """A stored time (datetime or ISO 8601) to the second, in UTC: what a page shows; "—" for none."""
    from datetime import UTC, datetime

    if value is None or value == "":
        return "—"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def when_wrapped(value: object) -> Markup:
    """``when`` for a narrow column: the date kept whole on its line (a browser would break it at a hyphen,
    "2026-12-" over "01"), the time free to go to the next."""
    text = when(value)
    day, _, rest = text.partition(" ")
    return Markup('<span class="day">{}</span> {}').format(day, rest) if rest else Markup.escape(text)


class Guard:
    """Pure ASGI middleware (streams pass through untouched): Host check, token, Origin, security headers."""

    def __init__(self, app: ASGIApp, access: security.Access) -> None:
        self.app, self.access = app, access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in security.SECURITY_HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, request: Request) -> Response | None:
        path = request.url.path
        api = path.startswith("/api/")
        if not self.access.host_allowed(request.headers.get("host")):
            return problem(421, "Misdirected request", "this app answers to a loopback host name only")
        public = path.startswith("/static/") or path in ("/login",)
        if not public and not self.access.authorised(request.headers.get("authorization"),
                                                     request.cookies.get(security.SESSION_COOKIE)):
            if api or path.startswith("/feeds/"):
                return problem(401, "Unauthorized", "send the token as 'Authorization: Bearer TOKEN'")
            return RedirectResponse("/login", status_code=303) if request.method == "GET" else \
                problem(401, "Unauthorized", "log in first")
        if request.method in UNSAFE and not security.same_origin(request.headers.get("origin"),
                                                                   request.headers.get("host")):
            return problem(403, "Forbidden", "a write from another site is refused")
        return None


def _error_response(request: Request, status: int, title: str, detail: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path.startswith("/feeds/"):
        return problem(status, title, detail, instance=request.url.path)
    page = request.app.state.templates.get_template("error.html.j2").render(
        title=title, detail=detail, status=status)
    return HTMLResponse(page, status_code=status)


async def monitor_error(request: Request, exc: Exception) -> Response:
    """Every MonitorError as the one line the CLI would print, with a status that says whose fault it is."""
    if isinstance(exc, HTTPProblem):
        return _error_response(request, exc.status, exc.title, exc.detail)
    if isinstance(exc, (store.WatchNotFound, store.VersionNotFound, store.AlertNotFound)):
        return _error_response(request, 404, "Not found", str(exc))
    if isinstance(exc, store.WatchExists):
        return _error_response(request, 409, "Conflict", str(exc))
    if isinstance(exc, (ConfigError, security.TargetRefused)):
        return _error_response(request, 422, "Invalid setting", str(exc))
    if isinstance(exc, store.StoreError):
        return _error_response(request, 503, "Database unavailable", str(exc))
    return _error_response(request, 400, "Bad request", str(exc))


async def database_error(request: Request, exc: Exception) -> Response:
    """The database failed mid-request (server gone, disk full): say so, as the CLI does, without a traceback."""
    from monitor.config.secrets import mask_text

    reason = mask_text(str(getattr(exc, "orig", None) or exc).splitlines()[0]) or "error"
    return _error_response(request, 503, "Database unavailable", f"database error: {reason}")


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "") or "error"
    titles = {404: "Not found", 405: "Method not allowed"}
    return _error_response(request, status, titles.get(status, "Error"), str(detail))


def create_app(engine: store.Engine, access: security.Access | None = None) -> ASGIApp:
    from starlette.exceptions import HTTPException

    from monitor.web import api, feeds, pages

    app = Starlette(
        routes=[
            *api.routes, *feeds.routes, *pages.routes,
            Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers={MonitorError: monitor_error, HTTPException: http_error, store.DBAPIError: database_error},
    )
    app.state.engine = engine
    app.state.access = access or security.Access()
    app.state.templates = templates()
    return Guard(app, app.state.access)

