"""Statement lineage in the database: numbering, recording and reading it.

A ``LineagePlan`` (``monitor.diff.lineage``) says, for one new version, which
old statement each new one continues; this module gives the identities. It
is written two ways, both through ``write_lineage``:

- by the check that stores a version (``record_in`` writes the plan the
  check made from its own diff, in the same transaction as the version), and
- by ``sync_lineage`` for versions that have none yet: versions stored
  before lineage existed, or after a gap (a distrusted version later
  confirmed). It diffs the stored texts again; the timeline view calls it
  before reading, so old watches are filled in on their first timeline.

A version's lineage is only ever chained from the version it was compared
with, and only when that version has one: so identities are never guessed
across a version nobody numbered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam, false, insert, or_, update
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from monitor.diff.lineage import Gone, LineagePlan, plan_first, plan_lineage, statement_key
from monitor.store.engine import session_scope
from monitor.store.models import LineageVersion, Snapshot, Statement, StatementEvent
from monitor.store.snapshots import snapshot_text


def lineage_ids(session: Session, snapshot_id: int | None) -> list[int] | None:
    """The statement ids of a version, in order; None when it has no lineage."""
    if snapshot_id is None:
        return None
    row = session.get(LineageVersion, snapshot_id)
    return None if row is None else [int(i) for i in row.statements]


def watch_has_lineage(session: Session, watch_id: int) -> bool:
    """Whether any version of the watch was numbered (a watch from before lineage has none)."""
    return session.exec(select(LineageVersion.snapshot_id).where(LineageVersion.watch_id == watch_id)
                        .limit(1)).first() is not None


_ST = Statement.__table__
_EV = StatementEvent.__table__
# Core statements, many rows each: a first version of 2,000 statements is
# 4,000 rows, which the ORM's unit of work took 1.5 to 1.8 s to write here
# (two loaded cores); these take 0.16 to 0.39 s.
_INSERT_STATEMENTS = insert(_ST).returning(_ST.c.id, sort_by_parameter_order=True)
_INSERT_EVENTS = insert(_EV)
_SET_PRESENT = update(_ST).where(_ST.c.id == bindparam("sid")).values(present=bindparam("present"))
_SET_WORDS = (update(_ST).where(_ST.c.id == bindparam("sid"))
              .values(text=bindparam("text"), key=bindparam("key"), present=True))


def write_lineage(session: Session, watch_id: int, snapshot: Snapshot, plan: LineagePlan,
                  prev_snapshot_id: int | None) -> bool:
    """Number the statements of ``snapshot`` from ``plan``; False when it cannot be chained.

    A plan is refused (nothing written) when the version already has a
    lineage, or when the version it was made against has none. When that
    version was counted differently (segmentation changed since it was
    numbered), its statements are matched to the plan by their words instead
    (``_rekeyed``), so an upgrade does not cut every story's lineage.
    """
    assert snapshot.id is not None
    conn = session.connection()
    if session.get(LineageVersion, snapshot.id) is not None:
        return False
    prev_ids: list[int] = []
    if not plan.first:
        found = lineage_ids(session, prev_snapshot_id)
        if found is None:
            return False
        if len(found) != plan.old_count:
            plan = _rekeyed(session, plan, found)
        prev_ids = found
    at, version = snapshot.fetched_at, snapshot.version
    events: list[dict[str, Any]] = []

    def event(statement_id: int, kind: str, *, old: str | None = None, new: str | None = None,
              aspects: tuple[str, ...] = (), similarity: float = 1.0, position: int | None = None) -> None:
        events.append({"statement_id": statement_id, "watch_id": watch_id, "snapshot_id": snapshot.id,
                       "version": version, "at": at, "kind": kind, "old_text": old, "new_text": new,
                       "aspects": list(aspects), "similarity": similarity, "position": position})

    gone = [prev_ids[g.prev] for g in plan.gone]
    for g, sid in zip(plan.gone, gone, strict=True):
        event(sid, "merged" if g.into is not None else "removed", old=g.text, position=g.into)

    ids: list[int | None] = [None] * len(plan.steps)
    fresh: list[int] = []
    reworded: list[dict[str, Any]] = []
    added_keys = {s.key for s in plan.steps if s.kind == "added"}
    returning = {} if plan.first else _absent_by_key(session, watch_id, added_keys, also=gone)
    for j, step in enumerate(plan.steps):
        if step.kind == "added":
            back = returning.get(step.key)
            if back:
                sid = back.pop()
                ids[j] = sid
                reworded.append({"sid": sid, "text": step.text, "key": step.key})
                event(sid, "returned", new=step.text, position=step.position)
            else:
                fresh.append(j)
            continue
        assert step.prev is not None
        sid = prev_ids[step.prev]
        ids[j] = sid
        if step.kind == "same":
            continue
        if step.old != step.text:
            reworded.append({"sid": sid, "text": step.text, "key": step.key})
        event(sid, step.kind, old=step.old, new=step.text, aspects=step.aspects, similarity=step.similarity,
              position=step.position)
    if gone:
        conn.execute(_SET_PRESENT, [{"sid": sid, "present": False} for sid in gone])
    if reworded:
        conn.execute(_SET_WORDS, reworded)
    if fresh:
        rows = [{"watch_id": watch_id, "first_version": version, "first_seen_at": at,
                 "text": plan.steps[j].text, "key": plan.steps[j].key, "present": True} for j in fresh]
        new_ids = conn.execute(_INSERT_STATEMENTS, rows).scalars().all()
        for j, sid in zip(fresh, new_ids, strict=True):
            ids[j] = sid
            step = plan.steps[j]
            event(sid, "appeared", old=step.old if step.also else None, new=step.text, position=j)
    if events:
        conn.execute(_INSERT_EVENTS, events)
    conn.execute(insert(LineageVersion.__table__).values(
        snapshot_id=snapshot.id, watch_id=watch_id, version=version,
        statements=[int(i) for i in ids if i is not None]))
    return True


def _rekeyed(session: Session, plan: LineagePlan, ids: list[int]) -> LineagePlan:
    """``plan`` with its old statements found among ``ids`` by their words, not their position.

    A step whose old words are not among them starts a new statement; a
    statement of ``ids`` no step continues is removed.
    """
    rows = session.execute(core_select(_ST.c.id, _ST.c.key, _ST.c.text).where(_ST.c.id.in_(ids))).all()
    keys = {sid: key for sid, key, _ in rows}
    texts = {sid: text for sid, _, text in rows}
    free: dict[str, list[int]] = {}
    for i in reversed(range(len(ids))):
        free.setdefault(keys.get(ids[i], ""), []).append(i)
    steps = []
    for st in plan.steps:
        if st.prev is None:
            steps.append(replace(st, also=()))
            continue
        old_key = statement_key(st.old if st.old is not None else st.text)
        slot = free.get(old_key)
        if slot:
            steps.append(replace(st, prev=slot.pop(), also=()))
        else:
            steps.append(replace(st, kind="added", prev=None, old=None, aspects=(), also=(),
                                 key=st.key or statement_key(st.text)))
    used = {st.prev for st in steps if st.prev is not None}
    gone = tuple(Gone(i, texts.get(sid, "")) for i, sid in enumerate(ids) if i not in used)
    return replace(plan, steps=tuple(steps), gone=gone, old_count=len(ids))


def _absent_by_key(session: Session, watch_id: int, keys: set[str], *, also: list[int]) -> dict[str, list[int]]:
    """Ids of removed statements whose words are among ``keys`` (``also``: ones
    being removed in this very version); the most recent last, popped first."""
    if not keys:
        return {}
    rows = session.execute(
        core_select(_ST.c.id, _ST.c.key)
        .where(_ST.c.watch_id == watch_id, _ST.c.key.in_(keys),
               or_(_ST.c.present.is_(False), _ST.c.id.in_(also) if also else false()))
        .order_by(_ST.c.id)
    ).all()
    out: dict[str, list[int]] = {}
    for sid, key in rows:
        out.setdefault(key, []).append(sid)
    return out


# -- filling in ---------------------------------------------------------------

Differ = Callable[[str, str], Any]


def sync_lineage(engine: Engine, watch_id: int, *, diff: Differ | None = None) -> int:
    """Give a lineage to every good version of the watch that has none; returns how many.

    Each version is chained from the good version before it (diffed again
    here), in its own transaction, so a long backfill holds no lock for long
    and a check storing a version meanwhile is not kept waiting. A version a
    check numbered meanwhile is left as it is.
    """
    if diff is None:
        from monitor.diff.engine import diff_texts as diff
    with session_scope(engine) as s:
        rows = s.exec(
            select(Snapshot.id, Snapshot.version, Snapshot.suspect, Snapshot.confirmed_at)
            .where(Snapshot.watch_id == watch_id).order_by(col(Snapshot.version))
        ).all()
        mapped = set(s.exec(select(LineageVersion.snapshot_id).where(LineageVersion.watch_id == watch_id)).all())
    good = [sid for sid, _v, suspect, confirmed in rows if not suspect or confirmed is not None]
    filled = 0
    prev: int | None = None
    prev_text: str | None = None
    for sid in good:
        if sid in mapped:
            prev, prev_text = sid, None
            continue
        with session_scope(engine) as s:
            snap = s.get(Snapshot, sid)
            if snap is None:
                continue
            text = snapshot_text(snap)
            if prev is not None and prev_text is None:
                before = s.get(Snapshot, prev)
                prev_text = snapshot_text(before) if before else None
        plan = plan_first(text) if prev is None or prev_text is None else plan_lineage(diff(prev_text, text))
        try:
            with session_scope(engine, write=True) as s:
                snap = s.get(Snapshot, sid)
                if snap is None:
                    continue
                done = write_lineage(s, watch_id, snap, plan, prev)
        except IntegrityError:  # a check numbered it at the same moment
            done = False
        filled += int(done)
        prev, prev_text = sid, text
    return filled


# -- reading ------------------------------------------------------------------


@dataclass(frozen=True)
class StatementRecord:
    id: int
    first_version: int
    first_seen_at: datetime
    text: str
    present: bool


@dataclass(frozen=True)
class EventRecord:
    statement_id: int
    version: int
    at: datetime
    kind: str
    old: str | None
    new: str | None
    aspects: tuple[str, ...]
    similarity: float
    position: int | None


def statement_histories(session: Session, watch_id: int) -> tuple[list[StatementRecord], list[EventRecord]]:
    """Every statement of the watch (first seen first) and every event, in version order."""
    sts = session.exec(select(Statement).where(Statement.watch_id == watch_id).order_by(col(Statement.id))).all()
    evs = session.exec(
        select(StatementEvent).where(StatementEvent.watch_id == watch_id)
        .order_by(col(StatementEvent.version), col(StatementEvent.id))
    ).all()
    return (
        [StatementRecord(st.id or 0, st.first_version, st.first_seen_at, st.text, st.present) for st in sts],
        [EventRecord(e.statement_id, e.version, e.at, e.kind, e.old_text, e.new_text, tuple(e.aspects or ()),
                     e.similarity, e.position) for e in evs],
    )


def lineage_versions(session: Session, watch_id: int) -> dict[int, list[int]]:
    """Version number -> the statement ids it held, in order, for every version with a lineage."""
    rows = session.exec(select(LineageVersion).where(LineageVersion.watch_id == watch_id)).all()
    return {r.version: [int(i) for i in r.statements] for r in rows}
