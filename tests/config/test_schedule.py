"""Scheduling policy: parsing, interval and cron through APScheduler, adaptive pacing, backoff."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from monitor.config.schedule import (
    ScheduleError,
    backoff,
    next_due,
    parse_duration,
    parse_every,
    validate_cron,
    validate_timezone,
)

NOW = datetime(2025, 5, 16, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("text,seconds", [("90", 90), ("90s", 90), ("10m", 600), ("2h", 7200), ("1d", 86400),
                                          ("1.5h", 5400)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ten minutes", "10x", "0s", "-5m"])
def test_bad_durations_are_clear(text):
    with pytest.raises(ScheduleError, match="duration"):
        parse_duration(text)


def test_parse_every_range():
    e = parse_every("2m..6h")
    assert e.adaptive and (e.min_seconds, e.max_seconds) == (120, 21600)
    with pytest.raises(ScheduleError, match="lower bound"):
        parse_every("6h..2m")


def test_interval_has_bounded_jitter():
    dues = {next_due(now=NOW, interval=600, adaptive=False) for _ in range(30)}
    assert all(timedelta(seconds=540) <= d - NOW <= timedelta(seconds=660) for d in dues)
    assert len(dues) > 1  # jitter spreads a fleet of watches


def test_cron_with_time_zone_is_the_library_s():
    due = next_due(now=NOW, cron="30 14 * * *", timezone="Europe/Istanbul")
    assert due.utcoffset() == timedelta(hours=3)
    assert due.astimezone(UTC) == datetime(2025, 5, 16, 11, 30, tzinfo=UTC)
    with pytest.raises(ScheduleError, match="invalid cron"):
        validate_cron("61 * * * *")
    with pytest.raises(ScheduleError, match="unknown time zone"):
        validate_timezone("Mars/Olympus")


def test_adaptive_checks_recent_stories_more_often():
    kw = dict(now=NOW, interval=120, min_interval=120, max_interval=6 * 3600, adaptive=True)
    hot = next_due(last_change_at=NOW - timedelta(minutes=5), **kw) - NOW
    warm = next_due(last_change_at=NOW - timedelta(hours=5), **kw) - NOW
    cold = next_due(last_change_at=NOW - timedelta(days=4), **kw) - NOW
    assert hot < warm < cold
    assert hot <= timedelta(seconds=120 * 1.1)
    assert cold <= timedelta(hours=6 * 1.1)
    off = next_due(last_change_at=NOW - timedelta(days=4), **{**kw, "adaptive": False}) - NOW
    assert off <= timedelta(seconds=132)


def test_backoff_grows_and_is_capped():
    rng = random.Random(1)
    waits = [backoff(n, 600, rng) for n in range(1, 15)]
    assert waits[0] < 40 and waits[1] > waits[0] and waits[3] > waits[1]
    assert max(waits) <= 3600 * 1.1
    assert next_due(now=NOW, interval=600, failures=1) - NOW < timedelta(seconds=40)


def test_a_failure_waits_for_the_servers_retry_after_up_to_a_day():
    rng = random.Random(1)
    short = next_due(now=NOW, interval=600, failures=1, retry_after=5, rng=rng) - NOW
    assert short < timedelta(seconds=40)  # the backoff is longer: it wins
    asked = next_due(now=NOW, interval=600, failures=1, retry_after=7200, rng=rng) - NOW
    assert asked == timedelta(seconds=7200)
    absurd = next_due(now=NOW, interval=600, failures=1, retry_after=10**9, rng=rng) - NOW
    assert absurd == timedelta(days=1)
