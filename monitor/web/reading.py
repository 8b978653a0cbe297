"""What the pages and the API read: watches with their last material change, versions, alerts, diffs.

Plain data built on ``monitor.views`` (the CLI's read models) and the store's
page queries; URLs and errors masked once, here or in the view. A diff of
two stored versions is computed by the engine that ``monitor diff`` uses and
rendered by its renderers, so ``/api/watches/W/diff`` is ``monitor diff
W@1 W@2 --format json``, byte for byte.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from monitor import store
from monitor.config.secrets import mask_text
from monitor.store import AlertRow, Engine, Snapshot, Watch
from monitor.views.watches import watch_summary
from monitor.web.http import HTTPProblem

MAX_ID = 2**31 - 1


def watch_ref(request: Request, raw: str | None = None) -> str:
    """A watch name or id from the URL; one no database could hold is simply not found. So is a
    digit that is no decimal ("²": ``isdigit`` but not ``int``), which the store would try to read as an id."""
    ref = raw if raw is not None else request.path_params["ref"]
    digits = ref.strip()
    if "\x00" in ref or len(ref) > 400 or (digits.isdigit() and (not digits.isdecimal() or int(digits) > MAX_ID)):
        raise store.WatchNotFound(ref)
    return ref


def parse_version(request: Request, name: str, *, query: bool = False) -> int:
    """A version number (negative counts back from the newest, ``latest`` is -1)."""
    raw = request.query_params.get(name) if query else request.path_params[name]
    if raw is None:
        raise HTTPProblem(400, "Missing query parameter", f"{name}: give a version number, e.g. {name}=1")
    raw = raw.strip().lower()
    if raw == "latest":
        return -1
    try:
        n = int(raw)
    except ValueError:
        raise HTTPProblem(400, "Bad version", f"{name}: a version number, a negative number counting back "
                                              f"from the newest, or 'latest', not {raw!r}") from None
    if n == 0 or abs(n) > MAX_ID:
        raise HTTPProblem(400, "Bad version", f"{name}: versions are numbered from 1 (-1 or 'latest' is the newest)")
    return n


def _stories_of(s: store.Session, watches: list[Watch], ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Each watch's summary with its version count, newest title and last material change: one query each for
    the whole list, whatever its length (``ids``: the watches to count for, None for all)."""
    counts = store.version_counts(s, ids)
    changed = store.last_alerted(s)
    titles = store.newest_titles(s, ids)
    rows = []
    for w in watches:
        last_change = changed.get(w.id or 0)
        rows.append({**watch_summary(w, counts.get(w.id or 0, 0)), "title": titles.get(w.id or 0),
                     "last_change": last_change.isoformat() if last_change else None})
    return rows


def _ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failing watches first; then the most recently changed stories; never changed last; by name within."""
    rows = sorted(rows, key=lambda r: r["name"].lower())
    rows.sort(key=lambda r: r["last_change"] or "", reverse=True)
    rows.sort(key=lambda r: r["status"] != "failed")
    return rows


def stories(engine: Engine, q: str = "", tag: str | None = None) -> list[dict[str, Any]]:
    """Every watch (``tag``: every watch with that tag) with its newest title, last material change, status
    and next check; failing first; ``q`` searches name, title, URL and tags (case-insensitive)."""
    with store.session_scope(engine) as s:
        rows = _stories_of(s, store.list_watches(s, tag=tag))
    needle = q.strip().lower()
    if needle:
        rows = [r for r in rows if any(needle in field.lower() for field in (r["name"], r["url"], r["title"] or ""))
                or any(needle in t for t in r["tags"])]
    return _ordered(rows)


def tag_query(request: Request) -> str | None:
    """``?tag=``, as stored (lower case); a value no tag could have is a 400 with the CLI's line."""
    from monitor import config as cfg

    raw = request.query_params.get("tag")
    if raw is None or not raw.strip():
        return None
    try:
        return cfg.check_tag(raw)
    except cfg.Invalid as e:
        raise HTTPProblem(400, "Bad query parameter", f"tag: {e}") from None


def stories_url(tag: str | None = None, q: str | None = None) -> str:
    """The stories page with a tag and a search, each quoted as a query value (``/?tag=%D1%83...``): what
    ``tag_query`` reads back."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in (("tag", tag), ("q", q)) if v})
    return "/?" + query if query else "/"


def tags_in_use(engine: Engine) -> dict[str, int]:
    """Every tag some watch has, and how many have it, by tag."""
    with store.session_scope(engine) as s:
        return store.tag_counts(s)


def story_summary(engine: Engine, ref: int | str) -> dict[str, Any]:
    with store.session_scope(engine) as s:
        w = store.get_watch(s, ref)
        return _stories_of(s, [w], [w.id or 0])[0]


def version_record(s: Snapshot) -> dict[str, Any]:
    return {"version": s.version, "time": s.fetched_at.isoformat(), "hash": s.content_hash, "size": s.size,
            "title": s.title, "suspect": not s.good}


def alert_record(row: AlertRow) -> dict[str, Any]:
    a = row.alert
    return {
        "id": a.id, "watch": row.watch_name, "watch_id": a.watch_id, "version": row.version,
        "notifier": a.notifier, "status": a.status, "attempts": a.attempts, "kind": a.payload.get("kind"),
        "summary": mask_text(a.payload.get("summary")), "error": mask_text(a.last_error),
        "created_at": a.created_at.isoformat(),
        "delivered_at": a.delivered_at.isoformat() if a.delivered_at else None,
        "next_attempt_at": a.next_attempt_at.isoformat() if a.status == "pending" else None,
    }


def stored_pair(engine: Engine, ref: int | str, old: int, new: int) -> tuple[str, str, str, str]:
    """The texts and labels (``story@3``) of two stored versions."""
    with store.session_scope(engine) as s:
        w = store.get_watch(s, ref)
        a, b = store.get_snapshot(s, w, old), store.get_snapshot(s, w, new)
        return (store.snapshot_text(a), store.snapshot_text(b), f"{w.name}@{a.version}", f"{w.name}@{b.version}")


def diff_of(engine: Engine, ref: int | str, old: int, new: int):
    """The engine's diff of two stored versions, with their labels."""
    from monitor.diff.engine import diff_texts

    a, b, old_label, new_label = stored_pair(engine, ref, old, new)
    return diff_texts(a, b), old_label, new_label


def diff_versions(engine: Engine, ref: int | str, old: int, new: int, fmt: str, show_moved: bool = False) -> str:
    """``monitor diff W@old W@new --format fmt``."""
    from monitor.diff.render import renderer

    d, old_label, new_label = diff_of(engine, ref, old, new)
    return renderer(fmt)(d, old_label=old_label, new_label=new_label, show_moved=show_moved, color=False)


MAX_ABOUT = 200


def about_params(request: Request) -> dict[str, Any]:
    """``?about=&alias=&builtin_aliases=`` as ``timeline_view`` takes them: what ``--about``, ``--alias`` and
    ``--no-builtin-aliases`` give the CLI. A blank ``about`` (a form sent with the field empty) is no filter."""
    q = request.query_params
    about = (q.get("about") or "").strip() or None
    aliases = [a.strip() for a in q.getlist("alias") if a.strip()]
    builtin = q.get("builtin_aliases", "1")
    if builtin not in ("0", "1"):
        raise HTTPProblem(400, "Bad query parameter", f"builtin_aliases: 0 or 1, not {builtin!r}")
    if (aliases or builtin == "0") and not about:
        raise HTTPProblem(400, "Bad query parameter", "alias and builtin_aliases go with about")
    for value in (about or "", *aliases):
        if "\x00" in value or len(value) > MAX_ABOUT:
            raise HTTPProblem(400, "Bad query parameter",
                              f"about, alias: at most {MAX_ABOUT} characters, no NUL characters")
    return {"about": about, "aliases": aliases, "builtin_aliases": builtin == "1"}


def timeline_of(engine: Engine, ref: int | str, about: str | None = None, aliases: list[str] | None = None,
                builtin_aliases: bool = True) -> dict[str, Any]:
    """``monitor timeline W [--about TEXT]``'s data (``--json``): the versions and each statement's history."""
    from monitor.views.timeline import timeline_view

    return timeline_view(engine, ref, about=about, aliases=aliases or (), builtin_aliases=builtin_aliases)
