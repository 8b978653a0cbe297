"""What a watch has kept, as plain data: its versions and recent checks
(``monitor history``), one version with the changes that made it and one
stored change (``monitor show``).

The CLI prints these as tables or JSON; a web page or an API returns them
as they are. URLs and errors are masked here, once. Times stay ``datetime``
(UTC): a table shows them to the second, JSON as ISO 8601.
"""

from __future__ import annotations

from typing import Any

from monitor.config import Schedule
from monitor.config.secrets import mask_text, mask_url
from monitor.errors import MonitorError
from monitor.store import (
    Engine,
    get_change,
    get_snapshot,
    get_watch,
    list_versions,
    recent_checks,
    session_scope,
    snapshot_by_id,
    snapshot_text,
    stored_changes,
)


class NoSuchChange(MonitorError):
    """``monitor show --change ID`` named a change the watch does not have."""


def watch_history(engine: Engine, ref: str, *, checks: int = 10) -> dict[str, Any]:
    """The watch, every kept version (oldest first) with its change counts, and its ``checks`` newest checks."""
    with session_scope(engine) as session:
        w = get_watch(session, ref)
        versions = list_versions(session, w.id or 0)
        recent = recent_checks(session, w.id or 0, limit=max(0, checks))
    by_snapshot = {v.snapshot_id: v.version for v in versions}
    return {
        "watch": {"id": w.id, "name": w.name, "url": mask_url(w.url), "schedule": Schedule.of(w).describe()},
        "versions": [
            {"version": v.version, "time": v.fetched_at, "size": v.size, "title": v.title,
             "language": v.language, "suspect": v.suspect, "changes": v.changes, "counts": v.counts}
            for v in versions
        ],
        "checks": [
            {"time": c.started_at, "outcome": c.outcome, "duration_ms": c.duration_ms,
             "http_status": c.http_status, "version": by_snapshot.get(c.snapshot_id or 0),
             "changes": c.changes, "error": mask_text(c.error)}
            for c in recent
        ],
    }


def version_view(engine: Engine, ref: str, version: int = -1) -> dict[str, Any]:
    """One kept version (negative counts back from the newest), its text, and the changes that made it."""
    with session_scope(engine) as session:
        w = get_watch(session, ref)
        snap = get_snapshot(session, w, version)
        text = snapshot_text(snap)
        rows = stored_changes(session, snap.id or 0)
        prev_id = next((r.prev_snapshot_id for r in rows if r.prev_snapshot_id), None)
        prev = snapshot_by_id(session, prev_id) if prev_id else None
    return {
        "watch": w.name, "version": snap.version, "time": snap.fetched_at, "hash": snap.content_hash,
        "size": snap.size, "title": snap.title, "language": snap.language, "suspect": not snap.good,
        "compared_to": prev.version if prev else None, "text": text,
        "changes": [{"id": r.id, **r.to_change().to_dict()} for r in rows],
    }


def change_view(engine: Engine, ref: str, change_id: int) -> dict[str, Any]:
    """One stored change with the version it made and the one it was compared with."""
    with session_scope(engine) as session:
        w = get_watch(session, ref)
        found = get_change(session, w, change_id)
        if found is None:
            raise NoSuchChange(f"watch {w.name!r} has no change {change_id} (see `monitor show {w.name}`)")
        row, snap = found
        prev = snapshot_by_id(session, row.prev_snapshot_id) if row.prev_snapshot_id else None
    return {"id": row.id, "watch": w.name, "version": snap.version,
            "compared_to": prev.version if prev else None, "time": row.created_at, **row.to_change().to_dict()}
