"""The alert message from the check to the outbox and back: one shape, built here.

A check builds the payload of an alert (``changes_payload``, ``status_payload``:
``AlertMessage.to_dict()``), one per notifier the watch sends to
(``named_notifiers``, ``DEFAULT_NOTIFIERS`` when it names none); the
deliverer merges the payloads of a debounced batch into one
(``merge_messages``: changes grouped by version, newest first) and rebuilds
the message with ``AlertMessage.from_dict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from monitor.diff.model import Change, UpdateGroup
from monitor.diff.summary import summarize
from monitor.notify.base import AlertMessage

DEFAULT_NOTIFIERS: tuple[dict[str, Any], ...] = ({"type": "console"}, {"type": "file"})


def notifier_names(configs: Iterable[dict[str, Any]]) -> list[str]:
    """The name of each configured notifier, unique within its watch: its own
    ``name``, else its type, numbered from the second of a kind on (``webhook``,
    ``webhook#2``). Each is its own receiver with its own alert keys and
    delivery state; the first of a type keeps the plain type, as before."""
    names: list[str] = []
    for cfg in configs:
        base = str(cfg.get("name") or cfg.get("type"))
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}#{n}"
        names.append(name)
    return names


def named_notifiers(own: Iterable[dict[str, Any]] | None,
                    defaults: Iterable[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """A watch's notifiers (the defaults when it names none), each with its name."""
    configs = list(own or ()) or list(defaults)
    return list(zip(notifier_names(configs), configs, strict=True))


def changes_payload(watch: str, url: str, changes: Sequence[Change], groups: Sequence[UpdateGroup], now: datetime,
                    title: str | None) -> dict[str, Any]:
    """The payload of a ``changes`` alert: the selected changes and their groups."""
    msg = AlertMessage(
        key="", kind="changes", watch=watch, url=url, title=title or watch, created_at=now,
        changes=changes, groups=groups,
        significance=max((c.significance for c in changes), default=0.0),
        summary=summarize(changes, groups), version=None, report_url=None, error=None,
    )
    return msg.to_dict()


def status_payload(watch: str, url: str, kind: str, now: datetime, error: str | None) -> dict[str, Any]:
    """The payload of a ``failing`` or ``recovered`` alert."""
    summary = f"{watch} is failing: {error}" if kind == "failing" else f"{watch} is reachable again"
    msg = AlertMessage(
        key="", kind=kind, watch=watch, url=url, title=watch, created_at=now, changes=(), groups=(),
        significance=1.0 if kind == "failing" else 0.5, summary=summary, version=None, report_url=None,
        error=error,
    )
    return msg.to_dict()


def merge_messages(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """Several change alerts of one story as one: the versions they cover
    (``version_from`` .. ``version``, and ``versions``), their changes grouped
    by version, newest first, each change and group marked with its version,
    group ids renumbered."""
    if len(payloads) == 1:
        return payloads[0]
    ordered = sorted(payloads, key=lambda p: (p.get("version") or 0, str(p.get("created_at") or "")),
                     reverse=True)
    changes: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    next_id = 1
    for p in ordered:
        version = p.get("version")
        remap: dict[int, int] = {}
        for g in p.get("groups", ()):
            ug = UpdateGroup.from_dict(g)
            remap[ug.id] = next_id
            groups.append({**replace(ug, id=next_id).to_dict(), "version": version})
            next_id += 1
        for c in p.get("changes", ()):
            ch = Change.from_dict(c)
            if ch.group is not None:
                ch = replace(ch, group=remap.get(ch.group))
            changes.append({**ch.to_dict(), "version": version})
        parts.append({"version": version, "created_at": p.get("created_at"), "summary": p.get("summary", ""),
                      "changes": len(p.get("changes", ()))})
    plain = [Change.from_dict(c) for c in changes]
    merged = dict(ordered[0])
    merged["changes"] = changes
    merged["groups"] = groups
    merged["versions"] = parts
    merged["version_from"] = ordered[-1].get("version")
    merged["significance"] = max((c.significance for c in plain), default=0.0)
    merged["summary"] = summarize(plain, [UpdateGroup.from_dict(g) for g in groups])
    merged["created_at"] = min((str(p.get("created_at") or "") for p in payloads), default="") or \
        merged.get("created_at")
    return merged
