"""A feed watch spawns one watch per new entry, with the feed's settings.

Kept apart from the pipeline's comparison logic: spawning is a side effect
on the watch table, done in its own short transaction before the feed's own
check is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from monitor.store import Watch, WatchExists, add_watch, session_scope

MAX_NEW_PER_CHECK = 50  # a feed that suddenly lists thousands of links is not followed blindly

_INHERITED = ("interval_seconds", "cron", "min_interval", "max_interval", "adaptive", "timezone", "selector",
              "ignore", "rules", "notifiers", "keep_versions", "keep_days")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entry"


def spawn_entries(engine: Engine, feed: Watch, entries: Iterable[Any]) -> list[str]:
    """Adds a watch for every entry URL not watched yet; returns their names."""
    entries = list(entries)
    if not entries:
        return []
    added: list[str] = []
    with session_scope(engine, write=True) as s:
        known = set(s.exec(select(Watch.url).where(Watch.url.in_([e.url for e in entries]))))  # type: ignore[attr-defined]
        inherited: dict[str, Any] = {k: getattr(feed, k) for k in _INHERITED}
        for e in entries:
            if e.url in known or len(added) >= MAX_NEW_PER_CHECK:
                continue
            base = f"{feed.name}/{_slug(e.title)}"
            for n in range(1, 100):
                name = base if n == 1 else f"{base}-{n}"
                try:
                    add_watch(s, name, e.url, kind="http", parent_id=feed.id, **inherited)
                except WatchExists:
                    continue
                added.append(name)
                known.add(e.url)
                break
    return added
