"""``monitor import FILE``: the watches a ``monitor export`` file holds, restored.

The file is read whole and checked before anything is written, and the
writes are one transaction: an import either restores every watch it says
it restores, or none.

- **Settings** are the ``[[watch]]`` tables of a config file, checked by
  ``config.parse_config`` with the rules ``monitor sync`` applies (local
  files only under ``--allow-files``, secrets only from allowed variables).
- **Secrets** were masked on export. A reference (``env:MONITOR_SECRET_X``)
  comes back as it was, to be read from the environment as before; a secret
  that was written in place reads ``***`` and cannot come back. Such a watch
  is not imported with a made-up secret: the import stops and names each
  one (``--skip-masked`` imports the others and lists what it left out).
- **Versions and changes** come back with their numbers, times and texts;
  check history and the outbox do not (a restored watch is due at once and
  compares its next read with the newest version restored).
- A watch whose name the database already has is left alone and reported:
  a restore never overwrites. An article a feed added goes back under its
  feed (``parent``, by name) when the feed is restored too or already there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from monitor.config import ConfigError, WatchSpec, parse_config
from monitor.config.reading import read_user_text
from monitor.config.secrets import MASK
from monitor.store import (
    Engine,
    SavedChange,
    SavedVersion,
    Session,
    add_watch,
    find_watch,
    restore_history,
    session_scope,
    update_watch,
    utcnow,
    watch_names,
)

# The keys of a change record that are not the change itself.
_CHANGE_META = ("id", "version", "compared_to", "time")


@dataclass(frozen=True)
class Restored:
    """One watch of the file, checked: its settings and what it had kept."""

    spec: WatchSpec
    created_at: datetime | None
    parent: str | None = None  # the feed watch that added it, by name
    versions: tuple[SavedVersion, ...] = ()
    changes: tuple[SavedChange, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    create: tuple[Restored, ...] = ()
    existing: tuple[str, ...] = ()  # names the database already has: left alone
    # Watches with a secret the export masked, and where: {"name": ["notifiers[1].secret", ...]}.
    masked: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def read_export(path: Path, label: str) -> list[Mapping[str, Any]]:
    """The watch entries of an export file: of every watch (``{"watches": [...]}``) or of one."""
    text = read_user_text(path, label, "an export file", ConfigError)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{label}: not JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    entries = data.get("watches") if isinstance(data, dict) and "watches" in data else [data]
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("watch"), dict)
                                                for e in entries):
        raise ConfigError(f"{label}: not a file of `monitor export --format json`")
    for i, e in enumerate(entries, start=1):
        if not isinstance(e["watch"].get("settings"), dict):
            raise ConfigError(f"{label}: watch[{i}] has no settings: exported by an older version, "
                              "which did not save them")
    return entries


def masked_paths(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """Where a watch's exported settings hold a masked secret (``***``)."""
    found: list[str] = []

    def walk(where: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{where}.{k}", v)
        elif isinstance(value, list):
            for j, v in enumerate(value, start=1):
                walk(f"{where}[{j}]", v)
        elif isinstance(value, str) and MASK in value:
            found.append(where)

    walk("url", settings.get("url"))
    walk("notifiers", settings.get("notifiers") or [])
    return tuple(found)


def plan_import(session: Session, entries: Sequence[Mapping[str, Any]], *, path: Path, label: str,
                allow_files: Sequence[Path | str] | None, force: bool = False,
                skip_masked: bool = False) -> ImportPlan:
    """Checks every watch of the file; raises ``ConfigError`` (one line) for the first problem."""
    masked = {str(e["watch"]["settings"].get("name")): m for e in entries
              if (m := masked_paths(e["watch"]["settings"]))}
    if masked and not skip_masked:
        where = "; ".join(f"{name}: {', '.join(paths)}" for name, paths in masked.items())
        raise ConfigError(f"{label}: secrets were masked on export and cannot be restored ({where}); replace each "
                          "*** in the file with env:MONITOR_SECRET_NAME and set that variable, or pass "
                          "--skip-masked to import the other watches")
    keep = [e for e in entries if str(e["watch"]["settings"].get("name")) not in masked]
    tables = [{k: v for k, v in e["watch"]["settings"].items() if v is not None} for e in keep]
    config = parse_config({"watch": tables}, path=path, label=label, allow_files=allow_files, force=force)
    taken = watch_names(session)
    create: list[Restored] = []
    existing: list[str] = []
    for i, (entry, spec) in enumerate(zip(keep, config.watches, strict=True), start=1):
        if spec.name in taken:
            existing.append(spec.name)
            continue
        create.append(_restored(entry, spec, f"{label}: watch[{i}] ({spec.name})"))
    return ImportPlan(create=tuple(create), existing=tuple(existing), masked=masked)


def _restored(entry: Mapping[str, Any], spec: WatchSpec, where: str) -> Restored:
    try:
        versions = tuple(
            SavedVersion(version=int(v["version"]), fetched_at=_time(v["time"]), text=str(v["text"]),
                         content_hash=str(v["hash"]), title=v.get("title"), suspect=bool(v.get("suspect")))
            for v in entry.get("versions") or ())
        changes = tuple(
            SavedChange(version=int(c["version"]), compared_to=c.get("compared_to"), created_at=_time(c["time"]),
                        change={k: v for k, v in c.items() if k not in _CHANGE_META})
            for c in entry.get("changes") or ())
        created = entry["watch"].get("created_at")
        created_at = _time(created) if created else None
        parent = entry["watch"].get("parent")
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"{where}: a version or change is not as export writes it ({type(e).__name__}: {e})"
                          ) from None
    numbers = [v.version for v in versions]
    if len(set(numbers)) != len(numbers):
        raise ConfigError(f"{where}: a version number appears twice")
    for v in versions:
        if not v.intact:
            raise ConfigError(f"{where}: the text of version {v.version} does not match its hash "
                              "(the file was changed after export)")
    for c in changes:
        if c.version not in numbers:
            raise ConfigError(f"{where}: a change belongs to version {c.version}, which the file does not hold")
    return Restored(spec=spec, created_at=created_at, parent=str(parent) if parent else None, versions=versions,
                    changes=changes)


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"a time must be an ISO 8601 string, not {value!r}")
    return datetime.fromisoformat(value)


def apply_import(engine: Engine, entries: Sequence[Mapping[str, Any]], *, path: Path, label: str,
                 allow_files: Sequence[Path | str] | None, force: bool = False,
                 skip_masked: bool = False) -> tuple[ImportPlan, dict[str, int]]:
    """Plan and write in one transaction; returns the plan and the new watches' ids by name."""
    now = utcnow()
    ids: dict[str, int] = {}
    with session_scope(engine, write=True) as session:
        plan = plan_import(session, entries, path=path, label=label, allow_files=allow_files, force=force,
                           skip_masked=skip_masked)
        for r in plan.create:
            extra = {"created_at": r.created_at} if r.created_at is not None else {}
            w = add_watch(session, r.spec.name, **r.spec.fields(), next_due=now, **extra)
            session.flush()
            ids[r.spec.name] = w.id or 0
            restore_history(session, w.id or 0, r.versions, r.changes)
        # Articles a feed added stay its children (sync --prune leaves them alone), once every watch is in.
        for r in plan.create:
            if r.parent is not None and (parent := find_watch(session, r.parent)) is not None:
                update_watch(session, ids[r.spec.name], parent_id=parent.id)
    return plan, ids
