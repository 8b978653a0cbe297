"""Adding, editing, pausing, removing and checking a watch from a form or an API body.

The same validators as ``monitor add`` and ``monitor edit`` (``monitor.config``),
the same write path (``monitor.store``, ``run.sync.spec_changes`` for when an
edited watch is next due) and the same round as ``monitor check``
(``run.round.check_watches``, leased like the daemon's), so a watch added here
is the watch the CLI would have added, and a mistake gets the CLI's message,
named after the form field instead of the option (``every: ...``).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from monitor import config as cfg
from monitor import store
from monitor.config.secrets import mask_url
from monitor.run import sync as watching
from monitor.sources.addresses import AddressPolicy
from monitor.store import Engine


@dataclass(frozen=True)
class WatchInput:
    """What a user typed; ``None`` is "not given" (an edit keeps the current value)."""

    target: str | None = None
    name: str | None = None
    every: str | None = None
    cron: str | None = None
    tz: str | None = None
    selector: str | None = None
    ignore: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    feed: bool | None = None
    kind: str | None = None
    notify: tuple[str, ...] | None = None
    keep_versions: int | None = None
    keep_days: int | None = None
    enabled: bool | None = None
    force: bool = False


def _checked(field: str, check: Any, *args: Any) -> Any:
    with cfg.setting(field):
        return check(*args)


def _target(raw: str, feed: bool, kind: str | None) -> tuple[str, str]:
    try:
        return cfg.parse_target(raw, feed=feed, kind=kind)
    except cfg.Invalid as e:
        raise cfg.ConfigError(f"url: {e}") from None


def _keep(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    return _checked(field, cfg.check_keep, value, "versions" if "versions" in field else "days")


def _schedule_field(given: WatchInput) -> str:
    if given.every is not None and given.cron is not None:
        raise cfg.ConfigError("give every or cron, not both")
    return "every" if given.every is not None else "cron" if given.cron is not None else "tz"


Guard = Callable[[str, str], None] | None


def add(engine: Engine, given: WatchInput, guard: Guard = None) -> dict[str, Any]:
    """``monitor add``: validate, store, due at once. Returns the watch as ``views.watches`` shows it."""
    from monitor.views.watches import watch_summary

    if not given.target or not given.target.strip():
        raise cfg.ConfigError("url: give an http(s) URL or a file to watch")
    url, kind = _target(given.target.strip(), bool(given.feed), given.kind or None)
    if guard is not None:
        guard(url, kind)
    if given.name:
        _checked("name", cfg.check_name, given.name)
    with cfg.setting(_schedule_field(given)):
        schedule = cfg.parse_schedule(given.every, given.cron, given.tz, None, every_key="every", cron_key="cron")
    spec = cfg.WatchSpec(
        name=given.name or "", url=url, kind=kind, schedule=schedule,
        selector=_checked("selector", cfg.check_selector, given.selector or None),
        ignore=_checked("ignore", partial(cfg.check_ignore, force=given.force), list(given.ignore or ())),
        notifiers=tuple(_checked("notify", cfg.parse_notifier, n) for n in given.notify or ()),
        keep_versions=_keep("keep_versions", given.keep_versions),
        keep_days=_keep("keep_days", given.keep_days),
        enabled=True if given.enabled is None else given.enabled,
        tags=_checked("tags", cfg.check_tags, list(given.tags or ())),
    )
    with store.session_scope(engine, write=True) as session:
        if not spec.name:
            spec = replace(spec, name=cfg.default_name(url, kind, store.watch_names(session)))
        w = store.add_watch(session, spec.name, **spec.fields(), next_due=store.utcnow())
        session.flush()
        return watch_summary(w, 0)


def edit(engine: Engine, ref: int | str, given: WatchInput, guard: Guard = None) -> tuple[dict[str, Any], list[str]]:
    """``monitor edit``: change what was given; returns the watch and one line per change (empty: unchanged)."""
    from monitor.sources.registry import available
    from monitor.views.watches import watch_summary

    with store.session_scope(engine, write=True) as session:
        row = store.get_watch(session, ref)
        old = cfg.spec_of(row)
        changes: dict[str, Any] = {}
        if given.name is not None and given.name != row.name:
            changes["name"] = _checked("name", cfg.check_name, given.name)
        if given.target is not None or given.feed is not None or given.kind is not None:
            source = available().get(old.kind)
            named_only = source is not None and not source.schemes and not source.paths
            kept = old.kind if given.feed is None and named_only else None
            changes["url"], changes["kind"] = _target((given.target or row.url).strip(), bool(given.feed),
                                                      given.kind or kept)
            if guard is not None:
                guard(changes["url"], changes["kind"])
        if any(v is not None for v in (given.every, given.cron, given.tz)):
            with cfg.setting(_schedule_field(given)):
                changes["schedule"] = cfg.parse_schedule(given.every, given.cron, given.tz, None, base=old.schedule,
                                                         every_key="every", cron_key="cron")
        if given.selector is not None:
            changes["selector"] = _checked("selector", cfg.check_selector, given.selector or None)
        if given.ignore is not None:
            changes["ignore"] = _checked("ignore", partial(cfg.check_ignore, force=given.force), list(given.ignore))
        if given.tags is not None:
            changes["tags"] = _checked("tags", cfg.check_tags, list(given.tags))
        if given.notify is not None:
            changes["notifiers"] = tuple(_checked("notify", cfg.parse_notifier, n) for n in given.notify)
        if given.keep_versions is not None:
            changes["keep_versions"] = _keep("keep_versions", given.keep_versions)
        if given.keep_days is not None:
            changes["keep_days"] = _keep("keep_days", given.keep_days)
        if given.enabled is not None:
            changes["enabled"] = given.enabled
        new = replace(old, **changes)
        lines = ([f"name: {old.name} → {new.name}"] if new.name != old.name else []) + cfg.differences(old, new)
        if lines:
            store.update_watch(session, row.id or 0, **watching.spec_changes(row, new, store.utcnow()))
        session.flush()
        versions = store.version_counts(session, [row.id or 0]).get(row.id or 0, 0)
        return watch_summary(row, versions), lines


def remove(engine: Engine, ref: int | str) -> str:
    """``monitor remove --yes``; returns the name removed."""
    with store.session_scope(engine, write=True) as session:
        row = store.get_watch(session, ref)
        name = row.name
        store.remove_watch(session, row.id or 0)
    return name


def check_now(engine: Engine, ref: int | str, addresses: AddressPolicy | None = None) -> dict[str, Any]:
    """``monitor check WATCH``: one leased check now; its report with URL and error masked.
    ``addresses``: what the app refuses to read, served beyond loopback (checked at connection time)."""
    from monitor.config.secrets import mask_text
    from monitor.run.check import CheckSettings
    from monitor.run.round import check_watches
    from monitor.store.watches import WatchRef

    with store.session_scope(engine) as session:
        w = store.get_watch(session, ref)
        target = WatchRef(w.id or 0, w.name, w.url)
    worker = f"web:{socket.gethostname()}:{os.getpid()}"
    reports = check_watches(engine, [target], worker_id=worker, settings=CheckSettings(addresses=addresses))
    r = reports[0].to_dict()
    return {**r, "url": mask_url(r.get("url") or ""), "error": mask_text(r.get("error"))}
