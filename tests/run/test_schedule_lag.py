"""The lag arithmetic of ``benchmarks/bench_schedule.py``: a fleet that falls behind
must not look punctual because its late watches never started."""

from datetime import UTC, datetime, timedelta

from benchmarks.bench_schedule import due_times, lags, pct

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_due_times_spread_evenly_over_one_interval_by_id() -> None:
    due = due_times([7, 5, 6, 8], T0, 100)
    assert [due[i] for i in (5, 6, 7, 8)] == [T0 + timedelta(seconds=s) for s in (0, 25, 50, 75)]


def test_watches_not_started_count_with_the_lag_they_reached() -> None:
    s = timedelta(seconds=1)
    due = {1: T0, 2: T0 + 2 * s, 3: T0 + 4 * s, 4: T0 + 20 * s, 5: T0 - s}
    started = {1: T0 + s // 2, 2: T0 + 5 * s, 5: T0}  # 5 was due before the window: not counted
    found, late = lags(started, due, T0, T0 + 10 * s)
    assert late == 1  # watch 3; watch 4 is due after the window
    assert sorted(found) == [0.5, 3.0, 6.0]
    assert pct(found, 99) == 6.0 and pct(found, 50) == 3.0
