"""A feed watch spawns one watch per new entry, with the feed's settings.

Kept apart from the pipeline's comparison logic: spawning is a side effect
on the watch table, done in its own short transaction before the feed's own
check is recorded.

Two bounds, so a feed that lists thousands of links is not followed
blindly: at most ``MAX_NEW_PER_CHECK`` new watches per check, and at most
``max_watches`` (``DEFAULT_MAX_WATCHES`` unless configured) spawned by one
feed in all. Reaching the second is said once per check that meets it, in
the log; entries past it are not followed until watches of the feed are
removed or the limit raised. A feed whose bytes did not change is not parsed
at all (``same_body``, or a 304), so entries held back by the per-check bound
are followed when the feed next changes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from monitor.store import Engine, Watch, WatchExists, add_watch, count_children, session_scope, watched_urls

MAX_NEW_PER_CHECK = 50  # a feed that suddenly lists thousands of links is not followed blindly
DEFAULT_MAX_WATCHES = 500  # watches one feed may spawn in all (``--feed-max-watches``)

log = logging.getLogger("monitor")

_INHERITED = ("interval_seconds", "cron", "min_interval", "max_interval", "adaptive", "timezone", "selector",
              "ignore", "rules", "notifiers", "keep_versions", "keep_days", "debounce_seconds", "request",
              "tags")

_FEED_ONLY = ("auth", "method", "body")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entry"


@dataclass(frozen=True)
class Spawned:
    """What one check of a feed added, and what it left for later."""

    added: list[str]
    pending: int = 0  # new entries held back by MAX_NEW_PER_CHECK, for the next check
    refused: int = 0  # new entries past the feed's max_watches
    message: str | None = None


def spawn_entries(engine: Engine, feed: Watch, entries: Iterable[Any],
                  max_watches: int = DEFAULT_MAX_WATCHES) -> Spawned:
    """Adds a watch for every entry URL not watched yet, within both bounds."""
    entries = list(entries)
    if not entries:
        return Spawned([])
    added: list[str] = []
    with session_scope(engine, write=True) as s:
        known = watched_urls(s, [e.url for e in entries])
        fresh = [e for e in entries if e.url not in known]
        if not fresh:
            return Spawned([])
        have = count_children(s, feed.id or 0)
        room = max(0, min(MAX_NEW_PER_CHECK, max_watches - have))
        inherited: dict[str, Any] = {k: getattr(feed, k) for k in _INHERITED}
        # An article is a plain GET on whatever host it is on: the feed's credentials stay with the feed.
        inherited["request"] = {k: v for k, v in (feed.request or {}).items() if k not in _FEED_ONLY}
        for e in fresh:
            if len(added) >= room:
                break
            if e.url in known:  # listed twice
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
    left = len({e.url for e in fresh} - known)
    if have + len(added) >= max_watches and left:
        message = (f"feed {feed.name!r} has {have + len(added)} watches, its limit (--feed-max-watches "
                   f"{max_watches}): {left} new entr{'y' if left == 1 else 'ies'} not followed")
        log.warning(message)
        return Spawned(added, refused=left, message=message)
    return Spawned(added, pending=left)
