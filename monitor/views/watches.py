"""The watch summary (``monitor list``) as plain data, one dict per watch.

The CLI prints it as a table or JSON; a web page or an API can return it
as is. URLs and errors are masked here, once.
"""

from __future__ import annotations

from typing import Any

from monitor.config import Schedule
from monitor.config.secrets import mask_text, mask_url
from monitor.store import Engine, Watch, list_watches, session_scope, version_counts


def watch_summary(w: Watch, versions: int) -> dict[str, Any]:
    """One watch as ``monitor list --json`` shows it (ISO timestamps, UTC)."""
    return {
        "id": w.id,
        "name": w.name,
        "url": mask_url(w.url),
        "kind": w.kind,
        "tags": list(w.tags or ()),
        "enabled": w.enabled,
        "schedule": Schedule.of(w).describe(),
        "last_check": w.last_check_at.isoformat() if w.last_check_at else None,
        "status": w.last_status,
        "failures": w.consecutive_failures,
        "error": mask_text(w.last_error),
        "versions": versions,
        "next_due": w.next_due.isoformat() if w.next_due else None,
    }


def watch_summaries(engine: Engine, *, tag: str | None = None) -> tuple[list[Watch], list[dict[str, Any]]]:
    """Every watch (``tag``: every watch with that tag) and its summary, in the same order (the rows for a
    table's own columns)."""
    with session_scope(engine) as session:
        watches = list_watches(session, tag=tag)
        counts = version_counts(session)
    return watches, [watch_summary(w, counts.get(w.id or 0, 0)) for w in watches]
