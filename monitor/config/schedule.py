"""When a watch is due next: intervals, cron, adaptive pacing and backoff.

Interval and cron arithmetic (time zones, DST, jitter) is APScheduler's: its
``IntervalTrigger`` and ``CronTrigger`` compute every ``next_due`` that the
daemon writes into a watch's row. What is ours is the policy on top: an
adaptive interval that follows how recently the story changed, and backoff
for a watch that keeps failing.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.errors import MonitorError

DEFAULT_EVERY = 600
# Adaptive pacing checks a story about this many times within the span it
# has been quiet: changed a minute ago, check often; quiet for days, rarely.
ADAPTIVE_DIVISOR = 10
BACKOFF_FIRST = 30
BACKOFF_CAP = 6 * 3600
JITTER_SHARE = 0.1

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)


class ScheduleError(MonitorError, ValueError):
    """A schedule a user wrote cannot be understood."""


def parse_duration(text: str) -> int:
    """Seconds in "90", "90s", "10m", "2h", "1d"."""
    m = _DURATION.match(str(text))
    if not m:
        raise ScheduleError(f"cannot read {text!r} as a duration: use a number with s, m, h or d (e.g. 10m)")
    seconds = float(m.group(1)) * _UNITS[(m.group(2) or "s").lower()]
    if seconds < 1:
        raise ScheduleError(f"duration {text!r} is shorter than one second")
    return int(seconds)


@dataclass(frozen=True)
class Every:
    """An ``--every`` value: a fixed interval, or adaptive bounds ``2m..6h``."""

    seconds: int
    min_seconds: int | None = None
    max_seconds: int | None = None

    @property
    def adaptive(self) -> bool:
        return self.min_seconds is not None


def parse_every(text: str) -> Every:
    if ".." in text:
        lo, _, hi = text.partition("..")
        a, b = parse_duration(lo), parse_duration(hi)
        if a > b:
            raise ScheduleError(f"in {text!r} the lower bound is above the upper bound")
        return Every(seconds=a, min_seconds=a, max_seconds=b)
    return Every(seconds=parse_duration(text))


def validate_cron(expr: str, timezone: str = "UTC") -> None:
    try:
        CronTrigger.from_crontab(expr, timezone=timezone)
    except (ValueError, KeyError) as e:
        raise ScheduleError(f"invalid cron expression {expr!r}: {e}") from None


def validate_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r} (use an IANA name such as Europe/Istanbul)") from None


def interval_for(
    *,
    interval: int | None,
    min_interval: int | None,
    max_interval: int | None,
    adaptive: bool,
    now: datetime,
    last_change_at: datetime | None,
) -> int:
    """The interval in seconds this watch should be checked at now."""
    base = interval or DEFAULT_EVERY
    if not adaptive or min_interval is None or max_interval is None:
        return base
    if last_change_at is None:
        return min_interval
    quiet = max(0.0, (now - last_change_at).total_seconds())
    return int(min(max_interval, max(min_interval, quiet / ADAPTIVE_DIVISOR)))


RETRY_AFTER_LIMIT = 24 * 3600  # a Retry-After longer than a day is read as a day


def next_due(
    *,
    now: datetime,
    interval: int | None = None,
    cron: str | None = None,
    timezone: str = "UTC",
    min_interval: int | None = None,
    max_interval: int | None = None,
    adaptive: bool = True,
    last_change_at: datetime | None = None,
    failures: int = 0,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> datetime:
    """When to check again after a check that ended at ``now``.

    After a failure the server's own Retry-After (429, 503) is honoured when
    it asks for longer than the backoff would wait, up to a day: asking
    again sooner only earns another refusal.
    """
    rng = rng or random
    if failures > 0:
        wait = backoff(failures, interval or DEFAULT_EVERY, rng)
        if retry_after is not None:
            wait = max(wait, min(retry_after, RETRY_AFTER_LIMIT))
        return now + timedelta(seconds=wait)
    if cron:
        trig = CronTrigger.from_crontab(cron, timezone=timezone)
        fire = trig.get_next_fire_time(None, now)
        if fire is None:
            return now + timedelta(seconds=DEFAULT_EVERY)
        return fire
    seconds = interval_for(
        interval=interval, min_interval=min_interval, max_interval=max_interval,
        adaptive=adaptive, now=now, last_change_at=last_change_at,
    )
    jitter = max(0, int(seconds * JITTER_SHARE))
    trig = IntervalTrigger(seconds=seconds, start_date=now, jitter=jitter or None)
    # The trigger's first fire time is its start; the next one is one
    # interval on, with the library's jitter applied.
    fire = trig.get_next_fire_time(now, now + timedelta(microseconds=1))
    return fire or now + timedelta(seconds=seconds)


def backoff(failures: int, interval: int, rng: random.Random | None = None) -> float:
    """Soon at first, then less often: 30 s, 1 m, 2 m … up to the larger of
    six intervals and an hour (never beyond six hours), with 10% jitter."""
    rng = rng or random
    cap = min(BACKOFF_CAP, max(6 * interval, 3600))
    base = min(cap, BACKOFF_FIRST * 2 ** (failures - 1))
    return base * (1 + rng.uniform(-JITTER_SHARE, JITTER_SHARE))
