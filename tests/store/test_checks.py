"""record_check: one check's writes, all together, under its lease, or none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from monitor.diff.model import Change
from monitor.store import (
    AlertDraft,
    LeaseLost,
    VersionNotFound,
    changes_for,
    content_hash,
    get_snapshot,
    latest_snapshot,
    list_versions,
    recent_checks,
    record_check,
    session_scope,
    snapshot_text,
)
from monitor.store.models import Alert, Snapshot, StoredChange
from tests.store.helpers import NOW, check_in, claim_one, counts, make_watch, reload, result

EDIT = Change(
    kind="edited",
    old="The US will attend the talks.",
    new="The US ultimately did not participate in the talks.",
    old_at=((0, 0),),
    new_at=((0, 0),),
    aspects=("negation", "wording"),
    significance=0.9,
    reason="polarity flipped",
    similarity=0.62,
    details=(("negation", "will attend → did not participate"),),
)
ADD = Change(kind="added", old=None, new="Update: talks end.", new_at=((1, 0), (1, 1)), group=0)


def test_first_check_stores_version_one(engine: Engine) -> None:
    watch = make_watch(engine)
    recorded = check_in(engine, watch, result("first", "The US will attend the talks."))
    assert (recorded.version, recorded.new_version) == (1, True)
    assert counts(engine) == {"check": 1, "snapshot": 1, "change": 0, "alert": 0}
    with session_scope(engine) as session:
        snap = latest_snapshot(session, watch.id or 0)
        assert snap is not None and snap.id == recorded.snapshot_id
        assert snap.content_hash == content_hash("The US will attend the talks.")
        assert snap.fetched_at == NOW and snap.http_status == 200


def test_unchanged_check_writes_only_a_check_row(engine: Engine) -> None:
    watch = make_watch(engine)
    check_in(engine, watch, result("first", "Same text."))
    before = counts(engine)
    later = NOW + timedelta(minutes=5)
    recorded = check_in(engine, watch, result("unchanged", "Same text.", at=later), now=later)
    assert recorded.new_version is False and recorded.version == 1
    assert counts(engine) == {**before, "check": before["check"] + 1}
    stored = reload(engine, watch)
    assert stored.last_status == "unchanged" and stored.last_check_at == later


def test_distinct_versions_are_numbered_and_a_reversion_is_a_new_version(engine: Engine) -> None:
    watch = make_watch(engine)
    texts = ["A.", "A. B.", "A. B.", "A.", "A. C."]
    versions = []
    for i, text in enumerate(texts):
        at = NOW + timedelta(minutes=i)
        versions.append(check_in(engine, watch, result("changed", text, at=at), now=at).version)
    assert versions == [1, 2, 2, 3, 4]
    with session_scope(engine) as session:
        listed = list_versions(session, watch.id or 0)
        assert [v.version for v in listed] == [1, 2, 3, 4]
        assert [snapshot_text(get_snapshot(session, watch, v.version)) for v in listed] == [
            "A.",
            "A. B.",
            "A.",
            "A. C.",
        ]
        assert get_snapshot(session, watch, -1).version == 4
        with pytest.raises(VersionNotFound, match="has no version 9 .the newest is 4"):
            get_snapshot(session, watch, 9)


def test_text_is_compressed_and_round_trips_exactly(engine: Engine) -> None:
    text = (
        "İstanbul görüşmeleri: «Делегация прибыла» — 代表团已抵达。 Zürich 🇹🇷\n\n"
        + "Ukraine and Russia met in Istanbul; the US will attend. " * 200
    )
    watch = make_watch(engine)
    check_in(engine, watch, result("first", text))
    with session_scope(engine) as session:
        snap = session.exec(select(Snapshot)).one()
        assert snapshot_text(snap) == text
        assert snap.size == len(text.encode("utf-8"))
        assert len(snap.text_z) < snap.size / 5  # repetitive prose compresses well


def test_changes_round_trip_and_alerts_are_queued_once(engine: Engine) -> None:
    watch = make_watch(engine)
    first = check_in(engine, watch, result("first", "The US will attend the talks."))
    alerts = [AlertDraft("console", {"changes": 2}), AlertDraft("webhook", {"changes": 2})]
    changed = check_in(
        engine,
        watch,
        result("changed", "The US ultimately did not participate.", changes=[EDIT, ADD], alerts=alerts),
    )
    assert changed.version == 2 and len(changed.alert_ids) == 2
    with session_scope(engine) as session:
        assert changes_for(session, changed.snapshot_id or 0) == [EDIT, ADD]
        stored = session.exec(select(Alert).order_by(Alert.notifier)).all()
        assert [(a.notifier, a.status, a.payload) for a in stored] == [
            ("console", "pending", {"changes": 2}),
            ("webhook", "pending", {"changes": 2}),
        ]
        assert all(a.check_id is not None for a in stored)
        assert {v.version: v.counts for v in list_versions(session, watch.id or 0)} == {
            1: {},
            2: {"edited": 1, "added": 1},
        }
        rows = session.exec(select(StoredChange)).all()
        assert {(r.snapshot_id, r.prev_snapshot_id) for r in rows} == {
            (changed.snapshot_id, first.snapshot_id)
        }
    # The same version recorded again (say, a retried check) queues nothing new.
    again = check_in(
        engine,
        watch,
        result("unchanged", "The US ultimately did not participate.", alerts=alerts),
    )
    assert again.alert_ids == () and counts(engine)["alert"] == 2


def test_failed_check_counts_failures_and_success_resets(engine: Engine) -> None:
    watch = make_watch(engine)
    for i in range(3):
        at = NOW + timedelta(minutes=i)
        check_in(engine, watch, result("failed", error="timed out", http_status=None, at=at), now=at)
    stored = reload(engine, watch)
    assert (stored.consecutive_failures, stored.last_error) == (3, "timed out")
    assert counts(engine) == {"check": 3, "snapshot": 0, "change": 0, "alert": 0}
    at = NOW + timedelta(minutes=10)
    check_in(engine, watch, result("first", "Back.", at=at, failing_alert_sent=False), now=at)
    stored = reload(engine, watch)
    assert (stored.consecutive_failures, stored.last_error, stored.last_status) == (0, None, "first")
    with session_scope(engine) as session:
        assert [c.outcome for c in recent_checks(session, watch.id or 0)] == [
            "first",
            "failed",
            "failed",
            "failed",
        ]


def test_suspect_version_is_not_good_until_seen_again(engine: Engine) -> None:
    watch = make_watch(engine)
    check_in(engine, watch, result("first", "Full story."))
    check_in(engine, watch, result("suspect", "Error 503", suspect=True))
    with session_scope(engine) as session:
        assert latest_snapshot(session, watch.id or 0).version == 1  # type: ignore[union-attr]
        assert latest_snapshot(session, watch.id or 0, good=False).version == 2  # type: ignore[union-attr]
    # Seen again and accepted: the same version, now confirmed; no new row.
    recorded = check_in(engine, watch, result("changed", "Error 503"))
    assert (recorded.version, recorded.new_version) == (2, False)
    with session_scope(engine) as session:
        snap = latest_snapshot(session, watch.id or 0)
        assert snap is not None and snap.version == 2 and snap.confirmed_at == NOW


def test_watch_state_is_updated_and_lease_released(engine: Engine) -> None:
    watch = make_watch(engine)
    res = result("first", "Text.", etag='"v1"', last_modified="Sun, 01 Mar 2026", body_hash="ab" * 32)
    check_in(engine, watch, res)
    stored = reload(engine, watch)
    assert (stored.etag, stored.last_modified, stored.last_body_hash) == (
        '"v1"',
        "Sun, 01 Mar 2026",
        "ab" * 32,
    )
    assert stored.next_due == res.next_due
    assert (stored.lease_token, stored.lease_owner, stored.lease_expires) == (None, None, None)


def test_stale_token_raises_lease_lost_and_writes_nothing(engine: Engine) -> None:
    watch = make_watch(engine)
    check_in(engine, watch, result("first", "One."))
    before_rows, before_watch = counts(engine), reload(engine, watch)
    token = claim_one(engine, watch, NOW + timedelta(minutes=10))
    stale = result(
        "changed",
        "Two.",
        changes=[ADD],
        alerts=[AlertDraft("console", {})],
        at=NOW + timedelta(minutes=10),
    )
    with pytest.raises(LeaseLost, match="lease on watch"):
        record_check(engine, watch.id or 0, token + "-not-mine", stale)
    assert counts(engine) == before_rows
    after = reload(engine, watch)
    assert after.lease_token == token  # still held by the rightful owner
    assert (after.last_check_at, after.last_status, after.next_due) == (
        before_watch.last_check_at,
        before_watch.last_status,
        before_watch.next_due,
    )


def test_changes_without_text_are_a_programming_error(engine: Engine) -> None:
    watch = make_watch(engine)
    token = claim_one(engine, watch)
    with pytest.raises(ValueError, match="changes need the observation"):
        record_check(engine, watch.id or 0, token, result("changed", None, changes=[ADD]))
    with pytest.raises(ValueError, match="unknown check outcome"):
        record_check(engine, watch.id or 0, token, result("exploded", "x"))
    assert counts(engine)["check"] == 0
