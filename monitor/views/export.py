"""A watch's whole record (settings, versions and changes) as JSON or CSV, for analysis elsewhere
or as a backup that ``monitor import`` restores.

The JSON's ``settings`` are the watch as a ``[[watch]]`` table of
``monitor.toml`` would declare it, one key per row of the table of watch
settings (``config.watch_settings``), so ``import`` validates them with
the checks ``sync`` applies. Secrets are masked (``***``) as everywhere:
a reference ``env:MONITOR_SECRET_NAME`` survives the trip, a secret written
in place does not, and ``import`` says which ones are missing.

CSV cells come from monitored pages, which anyone can write, so a cell that a
spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+``, ``-``, ``@``, or
a leading tab or carriage return) gets a leading single quote: shown as
text, never evaluated. The ``csv`` module does the quoting of commas, quotes
and newlines.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from monitor.config import Schedule, format_duration, spec_of
from monitor.config.request import REQUEST_KEYS, shown_request
from monitor.config.secrets import mask_options, mask_url
from monitor.config.watch_settings import SETTINGS
from monitor.store import (
    Session,
    StoredChange,
    Watch,
    find_watch,
    iter_changes,
    iter_versions,
    list_watches,
    snapshot_text,
)

EXPORT_FORMAT = "story-monitor-export"  # the "format" of a file of every watch
EXPORT_SCHEMA = 1

CSV_COLUMNS = ("version", "time", "kind", "aspects", "significance", "old", "new", "reason")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formula injection (OWASP's advice: prefix a quote)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def watch_settings(w: Watch) -> dict[str, Any]:
    """Every setting of the watch, keyed as ``monitor.toml`` spells it (``None``: not set)."""
    spec = spec_of(w)
    s = spec.schedule
    if s.cron:
        every = None
    elif s.min_interval is not None and s.max_interval is not None:
        every = f"{format_duration(s.min_interval)}..{format_duration(s.max_interval)}"
    else:
        every = format_duration(s.interval_seconds) if s.interval_seconds else None
    values: dict[str, Any] = {
        "name": spec.name, "url": mask_url(spec.url), "kind": spec.kind, "feed": spec.kind == "feed",
        "render": spec.kind == "browser",
        "every": every, "cron": s.cron, "tz": s.timezone, "adaptive": s.adaptive, "selector": spec.selector,
        "ignore": list(spec.ignore), "keep_versions": spec.keep_versions, "keep_days": spec.keep_days,
        "rules": dict(spec.rules), "notifiers": [mask_options(n) for n in spec.notifiers], "enabled": spec.enabled,
        "debounce": spec.debounce, "select": spec.select, "tags": list(spec.tags),
    }
    # The watch's own request, as listings show it: secret-looking header and cookie values masked (an
    # ``env:`` reference is kept), a proxy's password too; the import refuses what was masked.
    request = shown_request(spec.request)
    if request.get("proxy"):
        request["proxy"] = mask_url(request["proxy"])
    values |= {key: request.get(key) for key in REQUEST_KEYS}
    # In the table's order; a setting added to the table and not here is a KeyError, not a silent gap.
    return {setting.name: values[setting.name] for setting in SETTINGS}


def watch_record(w: Watch, parent: str | None = None) -> dict[str, Any]:
    """``parent``: the name of the feed watch that added this one, if one did."""
    return {
        "id": w.id, "name": w.name, "url": mask_url(w.url), "kind": w.kind,
        "schedule": Schedule.of(w).describe(), "enabled": w.enabled,
        "created_at": w.created_at.isoformat(), "parent": parent,
        "settings": watch_settings(w),
    }


def change_record(row: StoredChange, version: int, compared_to: int | None = None) -> dict[str, Any]:
    return {"id": row.id, "version": version, "compared_to": compared_to, "time": row.created_at.isoformat(),
            **row.to_change().to_dict()}


def export_json(session: Session, w: Watch) -> dict[str, Any]:
    assert w.id is not None
    versions = list(iter_versions(session, w.id))
    number = {s.id: s.version for s in versions}
    parent = find_watch(session, w.parent_id) if w.parent_id is not None else None
    return {
        "watch": watch_record(w, parent.name if parent is not None else None),
        "versions": [
            {"version": s.version, "time": s.fetched_at.isoformat(), "hash": s.content_hash, "size": s.size,
             "title": s.title, "suspect": not s.good, "text": snapshot_text(s)}
            for s in versions
        ],
        "changes": [change_record(row, v, number.get(row.prev_snapshot_id)) for row, v in iter_changes(session, w.id)],
    }


def export_all(session: Session, *, now: Any = None) -> dict[str, Any]:
    """Every watch, each as ``export_json`` gives it: a backup of the database's watches."""
    return {
        "format": EXPORT_FORMAT, "schema": EXPORT_SCHEMA,
        "exported_at": now.isoformat() if now is not None else None,
        "watches": [export_json(session, w) for w in list_watches(session)],
    }


def write_csv(session: Session, w: Watch, out: TextIO) -> int:
    """One row per change; returns how many were written."""
    assert w.id is not None
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for row, version in iter_changes(session, w.id):
        writer.writerow([
            version, row.created_at.isoformat(), row.kind, safe_cell(" ".join(row.aspects)),
            f"{row.significance:.3f}", safe_cell(row.old_text or ""), safe_cell(row.new_text or ""),
            safe_cell(row.reason or ""),
        ])
        n += 1
    return n
