"""Operations on watches that the command line needs beyond the store's basics.

- ``plan_sync`` / ``apply_sync``: make the database match a ``monitor.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from monitor.config import SyncConfig, WatchSpec, differences, spec_of
from monitor.store import (
    Engine,
    Session,
    Watch,
    add_watch,
    get_watch,
    list_watches,
    remove_watch,
    session_scope,
    update_watch,
    utcnow,
)

# --- sync ---------------------------------------------------------------------


@dataclass(frozen=True)
class SyncPlan:
    """What ``monitor sync`` will do; printed as is for ``--dry-run``."""

    create: tuple[WatchSpec, ...] = ()
    update: tuple[tuple[WatchSpec, tuple[str, ...]], ...] = ()
    remove: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    # Watches not in the file that stay because --prune was not given.
    untouched: tuple[str, ...] = ()
    # The stored settings of each watch in ``update``, by name (for a change list of old and new values).
    before: Mapping[str, WatchSpec] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.create or self.update or self.remove)


@dataclass
class SyncResult:
    plan: SyncPlan
    ids: dict[str, int] = field(default_factory=dict)


def plan_sync(session: Session, config: SyncConfig, *, prune: bool) -> SyncPlan:
    """Compare the file with the database, by watch name.

    Watches a feed spawned (they have a parent) belong to their feed watch,
    not to the file, and are never pruned.
    """
    current = {w.name: w for w in list_watches(session)}
    wanted = {s.name for s in config.watches}
    create, changed, same = [], [], []
    before: dict[str, WatchSpec] = {}
    for spec in config.watches:
        row = current.get(spec.name)
        if row is None:
            create.append(spec)
            continue
        old = spec_of(row)
        diffs = differences(old, spec)
        if diffs:
            changed.append((spec, tuple(diffs)))
            before[spec.name] = old
        else:
            same.append(spec.name)
    extra = sorted(n for n, w in current.items() if n not in wanted and w.parent_id is None)
    return SyncPlan(
        create=tuple(create), update=tuple(changed), unchanged=tuple(same),
        remove=tuple(extra) if prune else (), untouched=() if prune else tuple(extra), before=before,
    )


def apply_sync(engine: Engine, config: SyncConfig, *, prune: bool, dry_run: bool = False) -> SyncResult:
    """Plan and apply in one transaction: a failure half-way changes nothing.
    ``dry_run``: the plan only, read without writing (no ids)."""
    if dry_run:
        with session_scope(engine) as session:
            return SyncResult(plan=plan_sync(session, config, prune=prune))
    now = utcnow()
    with session_scope(engine, write=True) as session:
        plan = plan_sync(session, config, prune=prune)
        ids: dict[str, int] = {}
        for spec in plan.create:
            w = add_watch(session, spec.name, **{**spec.fields(), "next_due": now})
            session.flush()
            ids[spec.name] = w.id or 0
        for spec, _ in plan.update:
            row = get_watch(session, spec.name)
            update_watch(session, row.id or 0, **spec_changes(row, spec, now))
            ids[spec.name] = row.id or 0
        for name in plan.remove:
            remove_watch(session, name)
    return SyncResult(plan=plan, ids=ids)


def spec_changes(row: Watch, spec: WatchSpec, now: datetime) -> dict[str, object]:
    """The columns to write to bring a stored watch to ``spec``, and when it is next due.

    A new URL is read right away; a new schedule takes effect no later than
    its first interval from now (an earlier due time already set is kept).
    """
    old = spec_of(row)
    fields = {k: v for k, v in spec.fields().items() if old.fields()[k] != v}
    if spec.name != row.name:
        fields["name"] = spec.name
    if "url" in fields or ("enabled" in fields and spec.enabled):
        fields["next_due"] = min(row.next_due, now)
    elif old.schedule != spec.schedule:
        fields["next_due"] = min(row.next_due, first_due(spec, now))
    return fields


def first_due(spec: WatchSpec, now: datetime) -> datetime:
    from monitor.config.schedule import next_due

    s = spec.schedule
    return next_due(now=now, interval=s.interval_seconds, cron=s.cron, timezone=s.timezone,
                    min_interval=s.min_interval, max_interval=s.max_interval, adaptive=s.adaptive)
