"""claim_due hands each due watch to one worker at a time; expired leases come back."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from monitor.store import (
    LeaseLost,
    claim_due,
    record_check,
    release_lease,
    renew_lease,
    session_scope,
    update_watch,
)
from tests.store.helpers import NOW, make_watch, reload, result


def test_claims_only_due_enabled_unleased_watches_most_overdue_first(engine: Engine) -> None:
    make_watch(engine, "late", next_due=NOW - timedelta(hours=1))
    make_watch(engine, "later", next_due=NOW - timedelta(hours=2))
    make_watch(engine, "future", next_due=NOW + timedelta(seconds=1))
    make_watch(engine, "off", next_due=NOW - timedelta(hours=3), enabled=False)
    claims = claim_due(engine, "w1", limit=10, now=NOW)
    assert [c.watch.name for c in claims] == ["later", "late"]
    assert len({c.token for c in claims}) == 2
    for claim in claims:
        assert claim.watch.lease_owner == "w1"
        assert claim.watch.lease_expires == NOW + timedelta(seconds=300)
    assert claim_due(engine, "w2", limit=10, now=NOW) == []


def test_limit_is_respected(engine: Engine) -> None:
    for i in range(5):
        make_watch(engine, f"w{i}", next_due=NOW - timedelta(minutes=10 - i))
    first = claim_due(engine, "a", limit=2, now=NOW)
    second = claim_due(engine, "b", limit=2, now=NOW)
    third = claim_due(engine, "c", limit=2, now=NOW)
    assert [[c.watch.name for c in batch] for batch in (first, second, third)] == [
        ["w0", "w1"],
        ["w2", "w3"],
        ["w4"],
    ]


def test_expired_lease_is_reclaimable_and_the_old_holder_loses(engine: Engine) -> None:
    watch = make_watch(engine)
    (old,) = claim_due(engine, "slow", lease_seconds=60, now=NOW)
    assert claim_due(engine, "other", now=NOW + timedelta(seconds=59)) == []
    (new,) = claim_due(engine, "other", lease_seconds=60, now=NOW + timedelta(seconds=61))
    assert new.token != old.token and new.watch.lease_owner == "other"
    assert not renew_lease(engine, watch.id or 0, old.token, now=NOW + timedelta(seconds=62))
    with pytest.raises(LeaseLost):
        record_check(engine, watch.id or 0, old.token, result("first", "late text"))
    record_check(engine, watch.id or 0, new.token, result("first", "fresh text"))
    assert reload(engine, watch).lease_token is None


def test_renew_extends_and_release_gives_back(engine: Engine) -> None:
    watch = make_watch(engine)
    (claim,) = claim_due(engine, "w", lease_seconds=60, now=NOW)
    assert renew_lease(engine, watch.id or 0, claim.token, lease_seconds=60, now=NOW + timedelta(seconds=50))
    # Renewed: not claimable when the original lease would have expired.
    assert claim_due(engine, "x", now=NOW + timedelta(seconds=70)) == []
    assert release_lease(engine, watch.id or 0, claim.token)
    assert not release_lease(engine, watch.id or 0, claim.token)
    (again,) = claim_due(engine, "x", now=NOW + timedelta(seconds=70))
    assert again.watch.id == watch.id


def test_disabling_a_watch_stops_claims(engine: Engine) -> None:
    make_watch(engine, "story")
    with session_scope(engine) as session:
        update_watch(session, "story", enabled=False)
    assert claim_due(engine, "w", now=NOW) == []


def test_concurrent_claimers_never_share_a_watch(engine: Engine) -> None:
    """Eight workers race for 60 due watches: every watch goes to exactly one."""
    total = 60
    with session_scope(engine) as session:
        from monitor.store import add_watch

        for i in range(total):
            add_watch(session, f"w{i:02d}", "https://news.example/", next_due=NOW - timedelta(seconds=i))
    taken: list[tuple[str, int | None]] = []
    lock = threading.Lock()
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            start.wait()
            while True:
                claims = claim_due(engine, name, limit=3, now=NOW)
                if not claims:
                    return
                with lock:
                    taken.extend((name, c.watch.id) for c in claims)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"worker-{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    per_watch = Counter(watch_id for _, watch_id in taken)
    assert len(per_watch) == total
    assert set(per_watch.values()) == {1}


def test_renew_leases_extends_every_lease_still_held_in_one_call(engine: Engine) -> None:
    from monitor.store import renew_leases

    for i in range(3):
        make_watch(engine, f"w{i}")
    claims = claim_due(engine, "a", lease_seconds=30, now=NOW)
    taken = claims[0]
    # The first lease expired and another worker took the watch: its old token renews nothing.
    (other,) = claim_due(engine, "b", lease_seconds=30, now=NOW + timedelta(seconds=31), limit=1)
    assert other.watch.id == taken.watch.id
    later = NOW + timedelta(seconds=20)
    assert renew_leases(engine, [c.token for c in claims], lease_seconds=30, now=later) == 2
    assert renew_leases(engine, [], lease_seconds=30, now=later) == 0
    for c in claims[1:]:
        assert reload(engine, c.watch).lease_expires == later + timedelta(seconds=30)
    assert reload(engine, taken.watch).lease_owner == "b"


def test_fair_share_splits_due_work_among_live_daemons_unless_it_is_backing_up(engine: Engine) -> None:
    from monitor.store import fair_share

    for i in range(12):
        make_watch(engine, f"w{i}", next_due=NOW - timedelta(seconds=1))
    share = fair_share(engine, workers=4, holding=0, backlog_after=5, now=NOW)
    assert share == 3
    claim_due(engine, "a", limit=share, now=NOW)
    # a holds 3 of the 12 due or leased: it is at its share; b is not
    assert fair_share(engine, workers=4, holding=3, backlog_after=5, now=NOW) == 0
    assert fair_share(engine, workers=4, holding=0, backlog_after=5, now=NOW) == 3
    assert fair_share(engine, workers=1, holding=3, backlog_after=5, now=NOW) == 9
    # Unclaimed for longer than backlog_after: the others are not keeping up; take it all.
    assert fair_share(engine, workers=4, holding=3, backlog_after=0.5, now=NOW) == 9


def test_live_workers_counts_recent_heartbeats_and_at_least_one(engine: Engine) -> None:
    from monitor.store import heartbeat, live_workers

    with session_scope(engine, write=True) as s:
        assert live_workers(s, within=timedelta(seconds=30), now=NOW) == 1
        heartbeat(s, "old", hostname="h", pid=1, now=NOW - timedelta(seconds=31))
        heartbeat(s, "new", hostname="h", pid=2, now=NOW - timedelta(seconds=5))
        heartbeat(s, "newer", hostname="h", pid=3, now=NOW)
        assert live_workers(s, within=timedelta(seconds=30), now=NOW) == 2
