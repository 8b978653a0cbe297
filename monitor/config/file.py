"""``monitor.toml``: the watches a file declares, over its ``[defaults]``.

Every problem is one ``ConfigError`` line that starts with the file as the
user named it and the key path (``watch[2].every``, counting [[watch]]
tables from 1, as they appear), so a mistake can be found without a line
number for every value; TOML syntax errors carry tomllib's line and column.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.config.reading import read_user_text
from monitor.config.request import REQUEST_KEYS
from monitor.config.settings import (
    ConfigError,
    WatchSpec,
    check_debounce,
    check_ignore,
    check_keep,
    check_name,
    check_notifier,
    check_notifier_names,
    check_request,
    check_rules,
    check_select,
    check_selector,
    check_tags,
    installed_sources,
    parse_schedule,
    parse_target,
    setting,
)
from monitor.config.trust import check_file_target, check_notifier_paths, resolve_roots
from monitor.config.watch_settings import DEFAULT_KEYS, TYPES, WATCH_KEYS

# Keys a [[watch]] table may have, and their types: the table of watch settings;
# [defaults] takes the same minus name and url.
TOP_KEYS = frozenset({"defaults", "watch"})


@dataclass(frozen=True)
class SyncConfig:
    """A parsed ``monitor.toml``: the watches it declares, defaults already applied."""

    path: Path
    watches: tuple[WatchSpec, ...]


def load_config(path: Path | str, label: str | None = None, *,
                allow_files: Sequence[Path | str] | None = None, force: bool = False) -> SyncConfig:
    """Read and validate a ``monitor.toml``; every problem is one ``ConfigError`` line.

    The line starts with the file as the user named it and the key path
    (``watch[2].every``, counting [[watch]] tables from 1, as they appear),
    so the mistake can be found without a line number for every value.

    ``allow_files``: the directories under which the file may name local
    paths (file watches, notifier directories); ``None`` puts no limit
    (the file is the user's own), an empty list allows none (see
    ``monitor.config.trust``). ``force``: keep ignore patterns that time out
    on the backtracking probes (``config.patterns``).
    """
    path = Path(path)
    label = label or str(path)
    text = read_user_text(path, label, "a config file", ConfigError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{label}: invalid TOML: {e}") from None
    return parse_config(data, path=path, label=label, allow_files=allow_files, force=force)


def parse_config(data: Mapping[str, Any], *, path: Path, label: str,
                 allow_files: Sequence[Path | str] | None = None, force: bool = False) -> SyncConfig:
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"{label}: {key}: unknown key; a config file has a [defaults] table "
                              "and [[watch]] tables")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, Mapping):
        raise ConfigError(f"{label}: defaults: must be a table ([defaults])")
    _unknown_keys(defaults, DEFAULT_KEYS, f"{label}: defaults")
    watches = data.get("watch", [])
    if not isinstance(watches, list) or not all(isinstance(w, Mapping) for w in watches):
        raise ConfigError(f"{label}: watch: must be an array of tables ([[watch]])")
    base_dir = path.resolve().parent
    roots = None if allow_files is None else resolve_roots(allow_files)
    # Validate the defaults on their own too, so a bad default is blamed on
    # [defaults] rather than on the first watch that inherits it.
    _resolve({"name": "defaults", "url": "https://defaults.invalid", **defaults}, {}, f"{label}: defaults",
             base_dir, roots, check_target=False, force=force)
    specs: list[WatchSpec] = []
    seen: dict[str, int] = {}
    sources = installed_sources() if watches else None  # once, not once per watch
    for i, table in enumerate(watches, start=1):
        where = f"{label}: watch[{i}]"
        _unknown_keys(table, WATCH_KEYS, where)
        for required in ("name", "url"):
            if required not in table:
                raise ConfigError(f"{where}: missing required key '{required}'")
        spec = _resolve(table, defaults, where, base_dir, roots, force=force, sources=sources)
        if spec.name in seen:
            raise ConfigError(f"{where}.name: {spec.name!r} is already the name of watch[{seen[spec.name]}]")
        seen[spec.name] = i
        specs.append(spec)
    return SyncConfig(path=path, watches=tuple(specs))


def _unknown_keys(table: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}.{key}: unknown key; known keys: {', '.join(sorted(known))}")


def _resolve(table: Mapping[str, Any], defaults: Mapping[str, Any], where: str, base_dir: Path,
             roots: Sequence[Path] | None, *, check_target: bool = True, force: bool = False,
             sources: Any = None) -> WatchSpec:
    """One [[watch]] over [defaults]: the watch's keys win; rules merge key by key.

    A watch that sets its own ``every`` or ``cron`` replaces the default
    schedule whole, so a default ``every`` never collides with a watch's ``cron``.
    """
    for key, value in table.items():
        _check_type(key, value, f"{where}.{key}")
    merged = {k: v for k, v in defaults.items()}
    if "every" in table or "cron" in table:
        merged.pop("every", None)
        merged.pop("cron", None)
    merged.update(table)
    merged["rules"] = {**defaults.get("rules", {}), **table.get("rules", {})}
    for key in ("headers", "cookies"):  # merged name by name, like the rules
        if key in defaults or key in table:
            merged[key] = {**defaults.get(key, {}), **table.get(key, {})}

    def origin(key: str) -> str:
        return f"{where}.{key}" if key in table or key == "rules" else f"{where}.{key} (from [defaults])"

    with setting(f"{where}.name"):
        name = check_name(merged["name"])
    if check_target:
        with setting(f"{where}.url"):
            if roots is not None and "://" not in merged["url"]:
                check_file_target(merged["url"], base_dir, roots)
            url, kind = parse_target(merged["url"], feed=bool(merged.get("feed", False)), kind=merged.get("kind"),
                                     base_dir=base_dir, sources=sources, render=bool(merged.get("render", False)))
    else:
        url, kind = merged["url"], "http"
    sched_key = "cron" if "cron" in merged else "every"
    with setting(origin(sched_key) if sched_key in merged else f"{where}.every"):
        schedule = parse_schedule(merged.get("every"), merged.get("cron"), merged.get("tz"),
                                  merged.get("adaptive"), every_key="every", cron_key="cron")
    with setting(origin("selector")):
        selector = check_selector(merged.get("selector"))
    with setting(origin("ignore")):
        ignore = check_ignore(merged.get("ignore", []), force=force)
    with setting(origin("select")):
        select = check_select(merged.get("select"))
    request: dict[str, Any] = {}
    for key in REQUEST_KEYS:
        if key in merged:
            with setting(origin(key)):
                request.update(check_request({key: merged[key]}, defaults=False))
    with setting(origin("body") if "body" in merged else origin("method")):
        request = check_request(request)
    with setting(f"{where}.rules"):
        rules = check_rules(merged["rules"])
    notifiers = []
    for j, entry in enumerate(merged.get("notifiers", []), start=1):
        with setting(f"{origin('notifiers')}[{j}]"):
            notifiers.append(check_notifier(entry))
            if roots is not None:
                check_notifier_paths(entry, roots)
    with setting(origin("notifiers")):
        check_notifier_names(notifiers)
    keep = {}
    for key, what in (("keep_versions", "versions"), ("keep_days", "days")):
        with setting(origin(key)):
            keep[key] = check_keep(merged.get(key), what)
    with setting(origin("debounce")):
        keep["debounce"] = check_debounce(merged.get("debounce"))
    with setting(origin("tags")):
        tags = check_tags(merged.get("tags", []))
    return WatchSpec(
        name=name, url=url, kind=kind, schedule=schedule, selector=selector, ignore=ignore, rules=rules,
        notifiers=tuple(notifiers), enabled=bool(merged.get("enabled", True)), select=select, request=request,
        tags=tags, **keep,
    )


def _check_type(key: str, value: Any, where: str) -> None:
    expected = TYPES.get(key)
    if expected is None:
        return
    kind, words = expected
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ConfigError(f"{where}: must be {words}, not {_toml_repr(value)}")


def _toml_repr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
