"""Several daemons on one PostgreSQL database: checks/s with 1, 2 and 4, their shares, and what claiming costs.

Figures (issue: several machines): for 1, 2 and 4 daemon processes, the checks
per second they record together and each one's share of them; then, in this
process, the database work the daemons do per check besides recording it:
claiming (``claim_due``), the fair-share count before a claim
(``fair_share``), renewing leases (``renew_leases``, per lease) and the
shared per-host budget (``take_host_slot`` + ``release_host_slot``).

Setup. ``monitor.origin.Origin(articles=WATCHES, article_validators=True)``
serves the pages from a thread of this process (unchanged articles answer
304, as most of a real fleet does). Each run gets a fresh PostgreSQL database
with one http watch per article, every one due at once and again every
``INTERVAL`` seconds, more than the daemons can check in that time, so they
run flat out: checks/s is their capacity, not the schedule's. Daemons run as
``python -m monitor run`` subprocesses with ``--per-host 50 --host-gap 0``
(every article is on one host; the benchmark measures the daemons, not the
politeness gate) for ``BENCH_FLEET_SECONDS`` (default 30; ``BENCH_QUICK=1``:
10) after a 5 s warm-up; checks are counted from the ``check`` table, by the
daemon that recorded them; the daemons' CPU time (``os.wait4``) covers their
whole life, start and warm-up included. The database is ``BENCH_DATABASE_URL`` if set
(a database on it is created and dropped per run), else a private server
from the ``pgserver`` wheel (``pip install -e '.[test]'``), as the test suite
starts. Everything runs on this machine: the origin, the database and the
daemons share its cores, so more daemons add contention as well as workers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from monitor.origin import Origin

WATCHES = 1000
INTERVAL = 2
WARM_UP = 5.0
FLEETS = (1, 2, 4)
DAEMON_ARGS = ("--tick", "0.2", "--per-host", "50", "--host-gap", "0", "--quiet", "--extract-workers", "0")


def duration() -> float:
    if os.environ.get("BENCH_FLEET_SECONDS"):
        return float(os.environ["BENCH_FLEET_SECONDS"])
    return 10.0 if os.environ.get("BENCH_QUICK") else 30.0


@contextlib.contextmanager
def server() -> Iterator[object]:
    """A PostgreSQL server to create databases on (``tests.pg.PgServer``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.pg import PgServer, local_server

    if os.environ.get("BENCH_DATABASE_URL"):
        yield PgServer(admin_url=os.environ["BENCH_DATABASE_URL"])
        return
    with local_server() as started:
        yield started


def prepare(url: str, origin: Origin) -> list[int]:
    from monitor.store import add_watch, get_engine, session_scope

    engine = get_engine(url)
    with session_scope(engine, write=True) as s:
        ids = [add_watch(s, f"a{n}", origin.url(f"/article/{n}"), interval_seconds=INTERVAL, adaptive=False).id
               for n in range(WATCHES)]
    engine.dispose()
    return [i for i in ids if i is not None]


def run_fleet(pg: object, origin: Origin, n: int, seconds: float, work: Path) -> tuple[float, list[int], float]:
    """Checks/s in the window, checks per daemon, and the daemons' CPU seconds (start to exit)."""
    from sqlalchemy import func, select

    from monitor.store import Check, get_engine, session_scope, utcnow

    url = pg.create_database("bench")  # type: ignore[attr-defined]
    try:
        prepare(url, origin)
        env = {k: v for k, v in os.environ.items() if k != "MONITOR_DATABASE_URL"}
        env["MONITOR_DATA_DIR"] = str(work / "data")
        procs = [subprocess.Popen([sys.executable, "-m", "monitor", "run", "--db", url, *DAEMON_ARGS],
                                  stdout=subprocess.DEVNULL, stderr=open(work / f"d{n}-{i}.log", "w"),  # noqa: SIM115
                                  env=env) for i in range(n)]
        try:
            time.sleep(WARM_UP)
            start = utcnow()
            time.sleep(seconds)
            end = utcnow()
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
            cpu = 0.0
            for p in procs:
                _, _, usage = os.wait4(p.pid, 0)
                p.returncode = 0
                cpu += usage.ru_utime + usage.ru_stime
        engine = get_engine(url)
        with session_scope(engine) as s:
            rows = s.execute(select(Check.worker, func.count()).where(Check.finished_at >= start,
                                                                      Check.finished_at < end)
                             .group_by(Check.worker)).all()
        engine.dispose()
    finally:
        pg.drop_database(url)  # type: ignore[attr-defined]
    per = sorted((int(c) for _, c in rows), reverse=True)
    return sum(per) / (end - start).total_seconds(), per, cpu


def overhead(pg: object, origin: Origin) -> dict[str, float]:
    """Milliseconds per check of each statement a daemon runs besides recording."""
    from monitor.store import (
        claim_due,
        fair_share,
        get_engine,
        release_host_slot,
        release_lease,
        renew_leases,
        take_host_slot,
        utcnow,
    )

    url = pg.create_database("bench")  # type: ignore[attr-defined]
    try:
        prepare(url, origin)
        engine = get_engine(url)
        now = utcnow() + timedelta(seconds=INTERVAL * 2)
        t = time.perf_counter()
        claims = []
        while batch := claim_due(engine, "bench", limit=50, lease_seconds=30, now=now):
            claims += batch
        claim_ms = (time.perf_counter() - t) * 1000 / len(claims)
        t = time.perf_counter()
        for _ in range(20):
            fair_share(engine, workers=4, holding=0, backlog_after=3, now=now)
        share_ms = (time.perf_counter() - t) * 1000 / 20 / 50  # once per claim of up to 50
        t = time.perf_counter()
        renew_leases(engine, [c.token for c in claims], lease_seconds=30)
        renew_ms = (time.perf_counter() - t) * 1000 / len(claims)
        t = time.perf_counter()
        for _ in range(200):
            got = take_host_slot(engine, "news.example", owner="bench", limit=4, gap=0, hold_seconds=30)
            assert got.token is not None and got.slot is not None
            release_host_slot(engine, "news.example", got.slot, got.token)
        host_ms = (time.perf_counter() - t) * 1000 / 200
        for c in claims[:1]:
            release_lease(engine, c.watch.id or 0, c.token)
        engine.dispose()
    finally:
        pg.drop_database(url)  # type: ignore[attr-defined]
    return {"claim": claim_ms, "fair share (per claim of 50, per check)": share_ms, "renew lease": renew_ms,
            "host slot take + release": host_ms}


def run() -> bool:
    seconds = duration()
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp, \
            Origin(articles=WATCHES, article_validators=True) as origin, server() as pg:
        work = Path(tmp)
        print(f"{WATCHES} watches every {INTERVAL} s (more than the daemons can check), {seconds:g} s per run")
        base = None
        for n in FLEETS:
            rate, per, cpu = run_fleet(pg, origin, n, seconds, work)
            base = base or rate
            total = sum(per) or 1
            shares = "/".join(f"{100 * c / total:.0f}" for c in per)
            print(f"  {n} daemon{'s' if n > 1 else ' '}: {rate:7.1f} checks/s ({rate / base:.2f}x), shares % {shares}, "
                  f"daemons' CPU {cpu:.1f} s")
        print("database work per check besides recording it (ms):")
        for name, ms in overhead(pg, origin).items():
            print(f"  {name:<40} {ms:.3f}")
    return True


if __name__ == "__main__":
    if "-h" in sys.argv or "--help" in sys.argv:
        print(__doc__)
        sys.exit(0)
    sys.exit(0 if run() else 1)
