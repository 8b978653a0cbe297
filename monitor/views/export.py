"""A watch's whole record (versions and changes) as JSON or CSV, for analysis elsewhere.

CSV cells come from monitored pages, which anyone can write, so a cell that a
spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+``, ``-``, ``@``, or
a leading tab or carriage return) gets a leading single quote: shown as
text, never evaluated. The ``csv`` module does the quoting of commas, quotes
and newlines.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from monitor.config import Schedule
from monitor.config.secrets import mask_url
from monitor.store import Session, StoredChange, Watch, iter_changes, iter_versions, snapshot_text

CSV_COLUMNS = ("version", "time", "kind", "aspects", "significance", "old", "new", "reason")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formula injection (OWASP's advice: prefix a quote)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def watch_record(w: Watch) -> dict[str, Any]:
    return {
        "id": w.id, "name": w.name, "url": mask_url(w.url), "kind": w.kind,
        "schedule": Schedule.of(w).describe(), "enabled": w.enabled,
        "created_at": w.created_at.isoformat(),
    }


def change_record(row: StoredChange, version: int) -> dict[str, Any]:
    return {"id": row.id, "version": version, "time": row.created_at.isoformat(),
            **row.to_change().to_dict()}


def export_json(session: Session, w: Watch) -> dict[str, Any]:
    assert w.id is not None
    return {
        "watch": watch_record(w),
        "versions": [
            {"version": s.version, "time": s.fetched_at.isoformat(), "hash": s.content_hash, "size": s.size,
             "title": s.title, "suspect": not s.good, "text": snapshot_text(s)}
            for s in iter_versions(session, w.id)
        ],
        "changes": [change_record(row, v) for row, v in iter_changes(session, w.id)],
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
