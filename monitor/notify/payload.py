"""The alert message from the check to the outbox and back: one shape, built here.

A check builds the payload of an alert (``changes_payload``, ``status_payload``:
``AlertMessage.to_dict()``), one per notifier the watch sends to
(``notifier_configs``, ``DEFAULT_NOTIFIERS`` when it names none); the
deliverer merges the payloads of a debounced burst into one
(``merge_messages``) and rebuilds the message with ``AlertMessage.from_dict``.
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


def notifier_name(cfg: dict[str, Any]) -> str:
    return str(cfg.get("name") or cfg.get("type"))


def notifier_configs(own: Iterable[dict[str, Any]] | None, defaults: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A watch's notifiers, or the defaults when it names none."""
    return list(own or ()) or list(defaults)


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
    """Several change alerts of one story as one: all changes, groups renumbered."""
    if len(payloads) == 1:
        return payloads[0]
    changes: list[Change] = []
    groups: list[UpdateGroup] = []
    next_id = 1
    for p in payloads:
        remap: dict[int, int] = {}
        for g in p.get("groups", ()):
            ug = UpdateGroup.from_dict(g)
            remap[ug.id] = next_id
            groups.append(replace(ug, id=next_id))
            next_id += 1
        for c in p.get("changes", ()):
            ch = Change.from_dict(c)
            if ch.group is not None:
                ch = replace(ch, group=remap.get(ch.group))
            changes.append(ch)
    merged = dict(payloads[-1])
    merged["changes"] = [c.to_dict() for c in changes]
    merged["groups"] = [g.to_dict() for g in groups]
    merged["significance"] = max((c.significance for c in changes), default=0.0)
    merged["summary"] = summarize(changes, groups)
    merged["created_at"] = payloads[0].get("created_at", merged.get("created_at"))
    return merged
