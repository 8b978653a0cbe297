"""Retention keeps N versions and/or D days, never the newest, and cleans up after itself."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import select

from monitor.diff.model import Change
from monitor.store import (
    AlertDraft,
    apply_retention,
    list_versions,
    prune_checks,
    session_scope,
    update_watch,
)
from monitor.store.models import Alert, Check, StoredChange, Watch
from tests.store.helpers import NOW, check_in, counts, make_watch, result

ADD = Change(kind="added", old=None, new="More.", new_at=((0, 1),))


def history(engine: Engine, days: int = 6, **fields: object) -> Watch:
    """Versions 1..days, one per day, the newest fetched at NOW; each with one change."""
    watch = make_watch(engine, **fields)
    for day in range(days):
        at = NOW - timedelta(days=days - 1 - day)
        check_in(
            engine,
            watch,
            result("changed", f"Version {day + 1}.", at=at, changes=[ADD] if day else []),
            now=at,
        )
    return watch


def retain(engine: Engine, watch: Watch, now=NOW, **rules: int | None) -> list[int]:
    with session_scope(engine) as session:
        stored = update_watch(session, watch.id or 0, **rules)
        apply_retention(session, stored, now)
    with session_scope(engine) as session:
        return [v.version for v in list_versions(session, watch.id or 0)]


def test_nothing_is_pruned_without_a_rule(engine: Engine) -> None:
    watch = history(engine)
    assert retain(engine, watch) == [1, 2, 3, 4, 5, 6]


def test_keep_last_n_versions(engine: Engine) -> None:
    assert retain(engine, history(engine), keep_versions=2) == [5, 6]


def test_keep_days(engine: Engine) -> None:
    # Fetched at NOW-5d .. NOW: the last 2 days keep NOW-2d, NOW-1d and NOW.
    assert retain(engine, history(engine), keep_days=2) == [4, 5, 6]


def test_either_rule_keeps_a_version(engine: Engine) -> None:
    assert retain(engine, history(engine), keep_versions=4, keep_days=1) == [3, 4, 5, 6]
    assert retain(engine, history(engine, name="b"), keep_versions=1, keep_days=3) == [3, 4, 5, 6]


def test_the_newest_version_survives_even_when_every_rule_has_expired(engine: Engine) -> None:
    watch = history(engine)
    assert retain(engine, watch, now=NOW + timedelta(days=365), keep_days=1) == [6]


def test_pruned_versions_take_their_changes_and_leave_checks(engine: Engine) -> None:
    watch = history(engine)
    before = counts(engine)
    assert retain(engine, watch, keep_versions=3) == [4, 5, 6]
    after = counts(engine)
    assert after["snapshot"] == 3 and after["check"] == before["check"]
    with session_scope(engine) as session:
        kept_ids = {v.snapshot_id for v in list_versions(session, watch.id or 0)}
        changes = session.exec(select(StoredChange)).all()
        # Versions 4, 5 and 6 keep their changes; 4's came from a pruned version.
        assert {c.snapshot_id for c in changes} == kept_ids and len(changes) == 3
        assert sum(c.prev_snapshot_id is None for c in changes) == 1
        orphaned = session.exec(select(Check).where(Check.snapshot_id.is_(None))).all()  # type: ignore[union-attr]
        assert len(orphaned) == 3


def test_prune_checks_keeps_alerts(engine: Engine) -> None:
    watch = make_watch(engine)
    old = NOW - timedelta(days=40)
    check_in(engine, watch, result("first", "A.", at=old, alerts=[AlertDraft("console", {})]), now=old)
    check_in(engine, watch, result("unchanged", "A."))
    with session_scope(engine) as session:
        assert prune_checks(session, before=NOW - timedelta(days=30)) == 1
    with session_scope(engine) as session:
        assert len(session.exec(select(Check)).all()) == 1
        (alert,) = session.exec(select(Alert)).all()
        assert alert.check_id is None
