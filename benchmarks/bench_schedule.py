"""A 100,000-watch schedule on PostgreSQL: the lag 1 and 4 daemons hold, with a fake fetch.

Figures (issue: several machines): for 1 and then 4 daemon processes on one
PostgreSQL database holding ``WATCHES`` watches, the scheduling lag (p50,
p99, max: from the moment a check was due to the moment it started) and the
checks per second, against what the schedule asks for.

Setup. One database (``BENCH_DATABASE_URL`` if set, else a private server
from the ``pgserver`` wheel, as ``benchmarks.bench_fleet`` starts it) gets
``WATCHES`` http watches at ``INTERVAL`` seconds (not adaptive), on
``HOSTS`` host names, inserted in bulk. No page is fetched: each daemon is
``python -m monitor run`` with ``monitor.sources.fetch.FetchContext.fetch``
replaced by a fake that waits ``FETCH_MS`` and answers "not modified" (HTTP
304), which is what most checks of a real fleet get. Everything else is the
daemon's own: claiming, fair shares, leases and their renewal, the shared
per-host budget (default ``--per-host`` and ``--host-gap``), recording each
check. So the figures are the daemons' and the database's cost per check,
not a network's.

Each configuration starts its daemons with every watch due in 2100, waits
until all have written a heartbeat, then sets the due times evenly over one
interval starting 2 s (and 1 s per 25,000 watches) later (``t0``) and runs for ``--seconds`` (default
75; ``--quick``: 20 s with 10,000 watches). The interval is much longer than
the window, so every watch is due at most once in it and its due time is the
one set: the lag of a check is its ``started_at`` less that time, exact.
Watches due in the window but not yet started when it closes count too, with
the lag they had reached (a lower bound), so a fleet that falls behind cannot
hide it. The two configurations share the database (due times and leases are
reset between them); the daemons, the database and this process share the
machine's cores, so more daemons add contention as well as workers.

Options: ``--quick``; ``--watches N``; ``--interval SECONDS`` (900); ``--seconds
SECONDS`` per configuration; ``--daemons N [N ...]`` (1 4); ``--daemon-args
'--tick 0.25'`` adds options to every daemon's command line. ``BENCH_FETCH_MS``
sets the fake fetch's wait.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

WATCHES = 100_000
QUICK_WATCHES = 10_000
INTERVAL = 900  # seconds: 100,000 watches ask for 111 checks/s
HOSTS = 1000
FETCH_MS = 20.0
SECONDS = 75.0
QUICK_SECONDS = 20.0
FLEETS = (1, 4)
FAR = datetime(2100, 1, 1, tzinfo=UTC)
DAEMON_ARGS = ("--quiet", "--extract-workers", "0")


@dataclass(frozen=True)
class Result:
    daemons: int
    checks: int  # started in the window
    late: int  # due in the window, not started by its end
    seconds: float
    lags: list[float]  # seconds, of the checks and of the late ones so far
    thirds: list[float]  # p99 lag of the watches due in each third of the window: growing means falling behind
    outcomes: dict[str, int]

    @property
    def rate(self) -> float:
        return self.checks / self.seconds


def pct(values: list[float], p: float) -> float:
    """The ``p``th percentile (nearest rank); NaN for no values."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def due_times(ids: list[int], t0: datetime, interval: float) -> dict[int, datetime]:
    """Due times evenly over one interval from ``t0`` by id: the load a running fleet has.
    ``schedule`` writes the same times with one statement."""
    first, last = min(ids), max(ids)
    step = interval / (last - first + 1)
    return {wid: t0 + timedelta(seconds=(wid - first) * step) for wid in ids}


def lags(started: dict[int, datetime], due: dict[int, datetime], t0: datetime,
         end: datetime, until: datetime | None = None) -> tuple[list[float], int]:
    """Lag of every watch due in [t0, until or end): started less due, or end less due for
    one not started by ``end`` (a lower bound). Returns the lags and how many were not started."""
    out: list[float] = []
    late = 0
    for wid, d in due.items():
        if not t0 <= d < (until or end):
            continue
        s = started.get(wid)
        if s is None:
            late += 1
            out.append((end - d).total_seconds())
        else:
            out.append((s - d).total_seconds())
    return out, late


# -- the daemon, with its fetch replaced ------------------------------------------


def daemon_main(argv: list[str]) -> None:
    """``monitor run`` whose fetch is a fake 304 after ``FETCH_MS`` (``BENCH_FETCH_MS``)."""
    from monitor.cli import main
    from monitor.sources.base import Fetched
    from monitor.sources.fetch import FetchContext

    wait = float(os.environ.get("BENCH_FETCH_MS", FETCH_MS)) / 1000

    async def fetch(self: FetchContext, watch: object) -> Fetched:
        await asyncio.sleep(wait)
        return Fetched(status="not_modified", http_status=304, elapsed_ms=int(wait * 1000))

    FetchContext.fetch = fetch  # type: ignore[method-assign]
    sys.argv = ["monitor", "run", *argv]
    main()


# -- the database ---------------------------------------------------------------


def prepare(url: str, watches: int, interval: int) -> list[int]:
    """``watches`` watches, nothing due; one through ``add_watch``, the rest copied from it in bulk."""
    from uuid import uuid4

    from sqlalchemy import insert, select

    from monitor.store import Watch, add_watch, get_engine, session_scope

    engine = get_engine(url)
    try:
        with session_scope(engine, write=True) as s:
            add_watch(s, "story-0", "http://h0.test/story/0", interval_seconds=interval, adaptive=False)
        t = Watch.__table__
        with engine.begin() as conn:
            row = dict(conn.execute(select(t).where(t.c.name == "story-0")).mappings().one())
            row.pop("id")
            rows = [{**row, "uid": uuid4().hex, "name": f"story-{n}", "url": f"http://h{n % HOSTS}.test/story/{n}"}
                    for n in range(1, watches)]
            for i in range(0, len(rows), 5000):
                conn.execute(insert(t), rows[i:i + 5000])
            conn.execute(t.update().values(next_due=FAR))
            return list(conn.scalars(select(t.c.id)))
    finally:
        engine.dispose()


def schedule(url: str, ids: list[int], t0: datetime, interval: float) -> None:
    """Writes ``due_times`` and clears every lease in one statement (PostgreSQL's
    ``make_interval``), so the window can open a second after the daemons are up."""
    from sqlalchemy import text

    from monitor.store import get_engine

    first, last = min(ids), max(ids)
    engine = get_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE watch SET next_due = CAST(:t0 AS timestamptz) + "
                              "make_interval(secs => (id - :first) * CAST(:step AS double precision)), "
                              "lease_owner = NULL, lease_token = NULL, lease_expires = NULL"),
                         {"t0": t0, "first": first, "step": interval / (last - first + 1)})
    finally:
        engine.dispose()


def park(url: str) -> None:
    from monitor.store import Watch, get_engine

    engine = get_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(Watch.__table__.update().values(next_due=FAR))
    finally:
        engine.dispose()


def live(url: str, since: datetime) -> int:
    from sqlalchemy import func, select

    from monitor.store import Worker, get_engine

    t = Worker.__table__
    engine = get_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(t).where(t.c.heartbeat_at >= since)) or 0)
    finally:
        engine.dispose()


def first_starts(url: str, t0: datetime, end: datetime) -> tuple[dict[int, datetime], dict[str, int]]:
    """Each watch's first check started in [t0, end), and the outcomes of those checks."""
    from sqlalchemy import func, select

    from monitor.store import Check, get_engine

    c = Check.__table__
    engine = get_engine(url)
    try:
        with engine.connect() as conn:
            window = (c.c.started_at >= t0) & (c.c.started_at < end)
            started = {wid: s for wid, s in conn.execute(
                select(c.c.watch_id, func.min(c.c.started_at)).where(window).group_by(c.c.watch_id))}
            outcomes = {o: int(n) for o, n in conn.execute(
                select(c.c.outcome, func.count()).where(window).group_by(c.c.outcome))}
    finally:
        engine.dispose()
    return {w: (s if s.tzinfo else s.replace(tzinfo=UTC)) for w, s in started.items()}, outcomes


# -- one configuration -------------------------------------------------------------


def run_fleet(url: str, ids: list[int], n: int, seconds: float, interval: int, work: Path,
              extra: tuple[str, ...] = ()) -> Result:
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_DATABASE_URL"}
    env["MONITOR_DATA_DIR"] = str(work / "data")
    park(url)
    since = datetime.now(UTC) - timedelta(seconds=1)
    procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.bench_schedule", "--daemon", "--db", url,
                               *DAEMON_ARGS, *extra], stdout=subprocess.DEVNULL,
                              stderr=open(work / f"d{n}-{i}.log", "w"), env=env)  # noqa: SIM115
             for i in range(n)]
    try:
        deadline = time.monotonic() + 120
        while live(url, since) < n:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"daemons did not start: {(work / f'd{n}-0.log').read_text()[-800:]}")
            time.sleep(0.5)
        t0 = datetime.now(UTC) + timedelta(seconds=2 + len(ids) / 25_000)  # writing 100,000 takes 2-3 s
        schedule(url, ids, t0, interval)
        due = due_times(ids, t0, interval)
        if datetime.now(UTC) > t0:
            print(f"    note: the schedule was written {(datetime.now(UTC) - t0).total_seconds():.1f} s after "
                  "its first due time; the lags include that")
        end = t0 + timedelta(seconds=seconds)
        time.sleep(max(0.0, (end - datetime.now(UTC)).total_seconds()))
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    started, outcomes = first_starts(url, t0, end)
    found, late = lags(started, due, t0, end)
    third = (end - t0) / 3
    thirds = [pct(lags(started, due, t0 + k * third, end, t0 + (k + 1) * third)[0], 99) for k in range(3)]
    return Result(n, len(started), late, seconds, found, thirds, outcomes)


def report(r: Result, interval: int, watches: int) -> None:
    asked = watches / interval
    print(f"  {r.daemons} daemon{'s' if r.daemons > 1 else ' '}: {r.rate:6.1f} checks/s (schedule {asked:.1f}), "
          f"lag p50 {pct(r.lags, 50) * 1000:6.0f} ms, p99 {pct(r.lags, 99) * 1000:6.0f} ms, "
          f"max {max(r.lags, default=float('nan')) * 1000:6.0f} ms; {r.checks} checks, "
          f"{r.late} due but not started at the end; outcomes: "
          + ", ".join(f"{k} {v}" for k, v in sorted(r.outcomes.items())))
    print("    lag p99 of the watches due in each third of the window (ms): "
          + " / ".join(f"{v * 1000:.0f}" for v in r.thirds))


def run(argv: list[str] | None = None) -> bool:
    p = argparse.ArgumentParser(prog="python -m benchmarks schedule", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help=f"{QUICK_WATCHES:,} watches, {QUICK_SECONDS:g} s each")
    p.add_argument("--watches", type=int, help=f"default {WATCHES:,}")
    p.add_argument("--seconds", type=float, help=f"window per configuration (default {SECONDS:g})")
    p.add_argument("--interval", type=int, default=INTERVAL, help=f"seconds between checks (default {INTERVAL})")
    p.add_argument("--daemons", type=int, nargs="+", default=list(FLEETS), help="configurations (default 1 4)")
    p.add_argument("--daemon-args", default="", metavar="ARGS",
                   help="more options for every daemon, e.g. '--tick 0.5'")
    a, _ = p.parse_known_args(sys.argv[1:] if argv is None else argv)  # the suite names too
    quick = a.quick or bool(os.environ.get("BENCH_QUICK"))
    watches = a.watches or (QUICK_WATCHES if quick else WATCHES)
    seconds = a.seconds or (QUICK_SECONDS if quick else SECONDS)
    if a.interval <= seconds:
        p.error("--interval must be longer than --seconds: each watch is due at most once in the window")

    from benchmarks.bench_fleet import server

    extra = tuple(a.daemon_args.split())

    load = os.getloadavg()
    print(f"{watches:,} watches every {a.interval} s on {HOSTS} hosts, fake fetch (304 after "
          f"{os.environ.get('BENCH_FETCH_MS', FETCH_MS)} ms), {seconds:g} s per configuration; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores; daemons: "
          + " ".join(DAEMON_ARGS + extra))
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as tmp, server() as pg:
        url = pg.create_database("bench")  # type: ignore[attr-defined]
        try:
            t = time.perf_counter()
            ids = prepare(url, watches, a.interval)
            print(f"inserted {len(ids):,} watches in {time.perf_counter() - t:.1f} s")
            for n in a.daemons:
                report(run_fleet(url, ids, n, seconds, a.interval, Path(tmp), extra), a.interval, watches)
                print(f"    load average after: {os.getloadavg()[0]:.1f}")
        finally:
            pg.drop_database(url)  # type: ignore[attr-defined]
    return True


if __name__ == "__main__":
    if sys.argv[1:2] == ["--daemon"]:
        daemon_main(sys.argv[2:])
    elif "-h" in sys.argv or "--help" in sys.argv:
        print(__doc__)
    else:
        sys.exit(0 if run() else 1)
