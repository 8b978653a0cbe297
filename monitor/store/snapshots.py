"""Reading stored versions, their changes and the checks that found them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import and_, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, or_, select

from monitor.diff.model import Change
from monitor.store.compress import decompress_text
from monitor.store.errors import VersionNotFound
from monitor.store.models import Check, Snapshot, StoredChange, Watch


def snapshot_text(snapshot: Snapshot) -> str:
    return decompress_text(snapshot.text_z)


@dataclass(frozen=True)
class VersionInfo:
    """One line of `monitor history`: a version and what changed to produce it."""

    version: int
    snapshot_id: int
    fetched_at: datetime
    size: int
    title: str | None
    suspect: bool
    changes: int
    counts: dict[str, int] = field(default_factory=dict)
    language: str | None = None


def latest_snapshot(session: Session, watch_id: int, *, good: bool = True) -> Snapshot | None:
    """The newest version; with ``good`` the newest one the guard did not distrust.

    Diffs are computed against the latest good version, so one error page
    does not produce "everything removed" followed by "everything added".
    """
    query = select(Snapshot).where(Snapshot.watch_id == watch_id)
    if good:
        query = query.where(
            or_(col(Snapshot.suspect).is_(False), col(Snapshot.confirmed_at).is_not(None))
        )
    return session.exec(query.order_by(col(Snapshot.version).desc()).limit(1)).first()


@dataclass(frozen=True, slots=True)
class Head:
    """What a check compares a fetch with: the newest version and the newest good one.

    Read for a whole batch of watches in one query when they are claimed, so
    the common check (a 304, or the same text as before) needs no query of
    its own. The lease keeps it true: only its holder adds versions.
    """

    last_id: int | None = None
    last_hash: str | None = None
    last_suspect: bool = False  # the newest version is distrusted, not yet confirmed nor dismissed
    good_id: int | None = None
    good_hash: str | None = None
    good_at: datetime | None = None
    # The distrusted version came with validators of its own (ETag or
    # Last-Modified), so a 304 describes it; without them the watch kept the
    # good version's validators, and a 304 describes the story.
    last_validated: bool = False


_HEAD_CHUNK = 500  # ids per IN list, well under every backend's parameter limit


def snapshot_heads(session: Session, watch_ids: list[int]) -> dict[int, Head]:
    """``Head`` of each watch, an empty one for a watch with no version yet."""
    t = Snapshot.__table__
    heads = {i: Head() for i in watch_ids}
    distrusted: list[int] = []
    for start in range(0, len(watch_ids), _HEAD_CHUNK):
        chunk = watch_ids[start:start + _HEAD_CHUNK]
        newest = (
            core_select(t.c.watch_id, func.max(t.c.version).label("version"))
            .where(t.c.watch_id.in_(chunk)).group_by(t.c.watch_id).subquery()
        )
        rows = session.execute(
            core_select(t.c.watch_id, t.c.id, t.c.content_hash, t.c.suspect, t.c.confirmed_at, t.c.fetched_at,
                        t.c.dismissed_at, t.c.etag, t.c.last_modified)
            .join(newest, and_(t.c.watch_id == newest.c.watch_id, t.c.version == newest.c.version))
        )
        for watch_id, sid, digest, suspect, confirmed_at, fetched_at, dismissed_at, etag, modified in rows:
            if suspect and confirmed_at is None:
                # Distrusted: the good version is further back. Dismissed (the
                # story came back after it), it no longer stands for what was last seen.
                distrusted.append(watch_id)
                heads[watch_id] = Head(last_id=sid, last_hash=digest, last_suspect=dismissed_at is None,
                                       last_validated=bool(etag or modified))
            else:
                heads[watch_id] = Head(sid, digest, False, sid, digest, fetched_at)
    for watch_id in distrusted:  # rare: look further back for the version to compare with
        good = latest_snapshot(session, watch_id, good=True)
        if good is not None:
            heads[watch_id] = replace(heads[watch_id], good_id=good.id, good_hash=good.content_hash,
                                      good_at=good.fetched_at)
    return heads


def snapshot_texts(session: Session, ids: list[int]) -> dict[int, str]:
    """The texts of these versions by id; a version pruned meanwhile is simply absent."""
    if not ids:
        return {}
    t = Snapshot.__table__
    rows = session.execute(core_select(t.c.id, t.c.text_z).where(t.c.id.in_(ids)))
    return {sid: decompress_text(blob) for sid, blob in rows}


def get_snapshot(session: Session, watch: Watch, version: int) -> Snapshot:
    """Version ``version`` of ``watch``; negative numbers count back from the newest."""
    assert watch.id is not None
    if version < 0:
        newest = _newest_version(session, watch.id)
        version = (newest or 0) + 1 + version
    found = session.exec(
        select(Snapshot).where(Snapshot.watch_id == watch.id, Snapshot.version == version)
    ).first()
    if found is None:
        raise VersionNotFound(watch.name, version, _newest_version(session, watch.id))
    return found


def list_versions(session: Session, watch_id: int) -> list[VersionInfo]:
    snapshots = list(iter_versions(session, watch_id))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.exec(
        select(StoredChange.snapshot_id, StoredChange.kind, func.count())
        .where(StoredChange.watch_id == watch_id)
        .group_by(col(StoredChange.snapshot_id), col(StoredChange.kind))
    )
    for snapshot_id, kind, n in rows:
        counts[snapshot_id][kind] = n
    return [
        VersionInfo(
            version=s.version,
            snapshot_id=s.id or 0,
            fetched_at=s.fetched_at,
            size=s.size,
            title=s.title,
            suspect=not s.good,
            changes=sum(counts[s.id or 0].values()),
            counts=dict(counts[s.id or 0]),
            language=s.language,
        )
        for s in snapshots
    ]


def changes_for(session: Session, snapshot_id: int) -> list[Change]:
    """The changes that produced a version, in the order the diff reported them."""
    return [row.to_change() for row in stored_changes(session, snapshot_id)]


def recent_checks(session: Session, watch_id: int, *, limit: int = 20) -> list[Check]:
    return list(
        session.exec(
            select(Check)
            .where(Check.watch_id == watch_id)
            .order_by(col(Check.started_at).desc(), col(Check.id).desc())
            .limit(limit)
        )
    )


def _newest_version(session: Session, watch_id: int) -> int | None:
    return session.exec(
        select(func.max(Snapshot.version)).where(Snapshot.watch_id == watch_id)
    ).first()


# --- reads for listings, history, export and the check's rules ---------------


def version_counts(session: Session, watch_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Versions kept per watch, in one query for a whole listing."""
    query = select(Snapshot.watch_id, func.count()).group_by(col(Snapshot.watch_id))
    if watch_ids is not None:
        query = query.where(col(Snapshot.watch_id).in_(list(watch_ids)))
    return {wid: n for wid, n in session.exec(query)}


def stored_changes(session: Session, snapshot_id: int) -> list[StoredChange]:
    """The change rows that produced a version, with their ids (``show --change ID``)."""
    return list(session.exec(
        select(StoredChange).where(StoredChange.snapshot_id == snapshot_id).order_by(col(StoredChange.id))
    ))


def get_change(session: Session, watch: Watch, change_id: int) -> tuple[StoredChange, Snapshot] | None:
    """One stored change of this watch and the version it produced; None if it is another watch's."""
    row = session.get(StoredChange, change_id)
    if row is None or row.watch_id != watch.id:
        return None
    snap = session.get(Snapshot, row.snapshot_id)
    assert snap is not None  # the foreign key cascades
    return row, snap


def snapshot_by_id(session: Session, snapshot_id: int) -> Snapshot | None:
    return session.get(Snapshot, snapshot_id)


def iter_versions(session: Session, watch_id: int) -> Iterator[Snapshot]:
    """Every kept version of a watch, oldest first."""
    yield from session.exec(
        select(Snapshot).where(Snapshot.watch_id == watch_id).order_by(col(Snapshot.version))
    )


def iter_changes(session: Session, watch_id: int) -> Iterator[tuple[StoredChange, int]]:
    """Every change with the version it produced, oldest first."""
    yield from session.exec(
        select(StoredChange, Snapshot.version)
        .join(Snapshot, col(Snapshot.id) == col(StoredChange.snapshot_id))
        .where(StoredChange.watch_id == watch_id)
        .order_by(col(Snapshot.version), col(StoredChange.id))
    )


def latest_versions(session: Session, watch_id: int, n: int, *, skip: int | None = None) -> list[Snapshot]:
    """The ``n`` newest versions of a watch but ``skip`` (the flip-flop rule's memory)."""
    return list(session.exec(
        select(Snapshot).where(Snapshot.watch_id == watch_id, col(Snapshot.id) != (skip or -1))
        .order_by(col(Snapshot.version).desc()).limit(n)
    ).all())


def reversion_texts(session: Session, watch_id: int) -> list[str]:
    """New wordings of the changes already reported as reversions (reported once, not at every flip)."""
    rows = session.exec(
        select(StoredChange.new_text).where(
            StoredChange.watch_id == watch_id, col(StoredChange.reason).like("reverted to an earlier wording%")
        )
    ).all()
    return [t for t in rows if t]
