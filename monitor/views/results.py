"""What a command did, as plain data: the ``--json`` of ``add``, ``edit``, ``remove``,
``sync``, ``alerts --send``, ``db`` and ``export -o``.

These shapes are a stable interface (the README documents each): keys are
only ever added, never renamed or removed. URLs, notifier options and
errors are masked here, once, so no caller can print a secret by
forgetting to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from monitor.config import Schedule, WatchSpec
from monitor.config.secrets import mask_options, mask_url


def shown(key: str, value: Any) -> Any:
    """A setting's value as JSON shows it: URLs and notifier options masked, tuples as lists."""
    if key == "url" and isinstance(value, str):
        return mask_url(value)
    if key == "notifiers":
        return [mask_options(n) for n in value or ()]
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def watch_brief(watch_id: int | None, spec: WatchSpec) -> dict[str, Any]:
    """A watch as the results of ``add``, ``edit`` and ``sync`` name it."""
    return {"id": watch_id, "name": spec.name, "url": mask_url(spec.url), "kind": spec.kind,
            "schedule": spec.schedule.describe(), "enabled": spec.enabled, "tags": list(spec.tags)}


def spec_changes(old: WatchSpec, new: WatchSpec) -> list[dict[str, Any]]:
    """``[{"setting", "old", "new"}]``: each setting ``new`` changes; the schedule as its summary
    (``every 10m``), or as its columns when the summary does not show the change."""
    out: list[dict[str, Any]] = []
    if old.name != new.name:
        out.append({"setting": "name", "old": old.name, "new": new.name})
    out += _schedule_changes(old.schedule, new.schedule)
    schedule = set(old.schedule.fields())
    a, b = old.fields(), new.fields()
    # Every other field of the spec, so a setting added to it is reported without a change here.
    out += [{"setting": key, "old": shown(key, a[key]), "new": shown(key, b[key])}
            for key in a if key not in schedule and a[key] != b.get(key)]
    return out


def _schedule_changes(old: Schedule, new: Schedule) -> list[dict[str, Any]]:
    if old == new:
        return []
    if old.describe() != new.describe():
        return [{"setting": "schedule", "old": old.describe(), "new": new.describe()}]
    a, b = old.fields(), new.fields()
    return [{"setting": k, "old": a[k], "new": b[k]} for k in a if a[k] != b[k]]


def added(watch_id: int | None, spec: WatchSpec, next_due: Any) -> dict[str, Any]:
    return {"action": "added", "watch": {**watch_brief(watch_id, spec), "next_due": _iso(next_due)}}


def edited(watch_id: int | None, old: WatchSpec, new: WatchSpec) -> dict[str, Any]:
    changes = spec_changes(old, new)
    return {"action": "updated" if changes else "unchanged", "watch": watch_brief(watch_id, new),
            "changes": changes}


def removed(watch_id: int | None, name: str, versions: int) -> dict[str, Any]:
    return {"action": "removed", "watch": {"id": watch_id, "name": name}, "versions_deleted": versions}


def synced(plan: Any, ids: Mapping[str, int], *, dry_run: bool, source: str,
           reach: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``monitor sync --json``: ``plan`` is a ``run.sync.SyncPlan`` (its ``before`` holds the
    stored settings of the watches it updates)."""
    out: dict[str, Any] = {
        "source": source,
        "dry_run": dry_run,
        "created": [watch_brief(ids.get(spec.name), spec) for spec in plan.create],
        "updated": [{**watch_brief(ids.get(spec.name), spec),
                     "changes": spec_changes(plan.before[spec.name], spec) if spec.name in plan.before else []}
                    for spec, _ in plan.update],
        "removed": list(plan.remove),
        "unchanged": list(plan.unchanged),
        "untouched": list(plan.untouched),
    }
    if reach is not None:
        out["reach"] = dict(reach)
    return out


def delivered(sent: int, outbox: Mapping[str, int]) -> dict[str, Any]:
    """``monitor alerts --send --json``: alerts delivered by this pass, and the outbox after it."""
    return {"delivered": sent, "pending": outbox.get("pending", 0), "dead": outbox.get("dead", 0),
            "outbox": dict(outbox)}


def retried(alert_id: int, notifier: str, status: str) -> dict[str, Any]:
    """``monitor alerts --retry ID --json``: queued again, or already delivered (nothing done)."""
    return {"action": "already_delivered" if status == "delivered" else "queued",
            "alert": {"id": alert_id, "notifier": notifier, "status": status}}


def schema(revision: str | None, head: str, previous: str | None = None, *, upgraded: bool | None = None
           ) -> dict[str, Any]:
    """``monitor db current --json`` and ``monitor db upgrade --json``."""
    out: dict[str, Any] = {"revision": revision, "head": head, "current": revision == head}
    if upgraded is not None:
        out.update(previous=previous, upgraded=upgraded)
    return out


def exported(watches: Sequence[Mapping[str, Any]], *, fmt: str, output: str,
             versions: int | None = None, changes: int) -> dict[str, Any]:
    """``monitor export -o FILE --json``: what was written where."""
    return {"output": output, "format": fmt, "watches": [{"id": w.get("id"), "name": w.get("name")} for w in watches],
            "versions": versions, "changes": changes}


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def imported(plan: Any, ids: Mapping[str, int], *, dry_run: bool, source: str) -> dict[str, Any]:
    """``monitor import --json``: ``plan`` is a ``run.backup.ImportPlan``."""
    return {
        "source": source,
        "dry_run": dry_run,
        "restored": [{**watch_brief(ids.get(r.spec.name), r.spec), "versions": len(r.versions),
                      "changes": len(r.changes)} for r in plan.create],
        "existing": list(plan.existing),
        "skipped_masked": [{"name": name, "masked": list(paths)} for name, paths in plan.masked.items()],
    }
