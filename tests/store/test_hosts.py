"""The per-host budget all daemons share: slots that are taken, freed, expire and space requests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from monitor.store import release_host_slot, renew_host_slots, take_host_slot
from tests.store.helpers import NOW


def take(engine: Engine, owner: str, now=NOW, *, limit: int = 2, gap: float = 0.0, host: str = "news.example"):
    return take_host_slot(engine, host, owner=owner, limit=limit, gap=gap, hold_seconds=30, now=now)


def test_at_most_limit_slots_are_held_at_once_and_a_freed_one_is_taken_again(engine: Engine) -> None:
    a, b = take(engine, "a"), take(engine, "b")
    assert {a.slot, b.slot} == {0, 1} and a.token and b.token
    assert take(engine, "c").token is None  # both held
    assert take(engine, "c", host="other.example").token  # another host has its own budget
    assert release_host_slot(engine, "news.example", a.slot, a.token)
    assert not release_host_slot(engine, "news.example", a.slot, a.token)  # only once
    c = take(engine, "c")
    assert c.slot == a.slot and c.token != a.token


def test_a_slot_whose_holder_died_expires_unless_renewed(engine: Engine) -> None:
    take(engine, "dead")
    take(engine, "alive")
    assert take(engine, "new", NOW + timedelta(seconds=29)).token is None
    assert renew_host_slots(engine, "alive", hold_seconds=30, now=NOW + timedelta(seconds=20)) == 1
    later = take(engine, "new", NOW + timedelta(seconds=31))
    assert later.token  # the dead one's slot, the other was renewed
    assert take(engine, "new2", NOW + timedelta(seconds=40)).token is None


def test_requests_to_a_host_start_at_least_gap_apart_whoever_sends_them(engine: Engine) -> None:
    assert take(engine, "a", gap=1.0, limit=4).token
    wait = take(engine, "b", NOW + timedelta(seconds=0.25), gap=1.0, limit=4)
    assert wait.token is None and abs(wait.wait - 0.75) < 1e-6
    assert take(engine, "b", NOW + timedelta(seconds=1), gap=1.0, limit=4).token
