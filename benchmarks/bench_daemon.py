"""The daemon under a steady load: 2,000 watches every 10 s, for two minutes.

Figures (issue: the daemon): checks/s, scheduling lag (p50, p99: from the
moment a check was due to the moment it started), CPU and peak RSS of the
daemon process. The issue sets no number for these; the benchmark calls the
run healthy when the daemon kept up with its schedule: the p99 lag stayed
under ``LAG_LIMIT`` seconds (a daemon that falls behind piles up lag within
an interval or two), no check failed, and every check was paired with its
due time. ``BENCH_DAEMON_ARGS`` adds options to the daemon's command line
(``--max-in-flight 200``) to try settings without editing this file.

Setup. ``monitor.origin.Origin(articles=2000, article_validators=True)``
serves the pages from a thread of this process, answering 304 to a
conditional request for an article that did not change, as most of a real
fleet does; every 10 s ``advance_many(0.01)`` edits 1% of the articles. A
temporary SQLite database gets one http watch per article at a 10 s
interval, and one ``monitor check --all`` round primes it (first versions,
ETags), so the window measures the steady state rather than a cold start.
Then ``python -m monitor run --db DB --log-format json --tick 0.5`` runs as
a subprocess for ``BENCH_DAEMON_SECONDS`` (default 120; ``BENCH_QUICK=1``:
20), with the due times spread evenly over the first interval, and stops
with SIGTERM; ``os.wait4`` gives its CPU (with its extraction worker's),
peak RSS is the process tree's (``benchmarks.procs``). Every article is on
one host, and the daemon's politeness gate (at most 4 requests at once and
one every 0.2 s per host) would cap it at 5 checks/s: the benchmark measures
the daemon, not the gate, so it runs with ``--per-host 50 --host-gap 0``.

Lag. The daemon records a ``check`` row per check with its ``started_at``
(taken just before the fetch) but not the due time it was claimed for.
That due time is the ``watch.next_due`` the previous check of the watch
wrote (claiming does not change it), and it stays in the row until this
check records its own, at least one interval later. So a reader polls
``SELECT id, next_due FROM watch`` every ``POLL`` seconds (well under the
interval) and keeps every distinct value per watch; the due time of a check
is the latest value seen for its watch that is not after its start, which
is exact. A value never seen (the poll missed it) would pair a check with
an earlier due time; such pairings are counted and left out, and reported.
Only checks started inside the window count, and the window's due times
are the values seen that fall in it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.procs import TreeRSS
from monitor.origin import Origin

WATCHES = 2000
INTERVAL = 10
CHANGE_SHARE = 0.01
TICK = 0.5
POLL = 0.5
LAG_LIMIT = 2.0  # seconds; four ticks
# next_due is a check's end plus the interval plus APScheduler's jitter,
# uniform in [0, 10% of the interval]: a watch comes due about every 10.5 s.
SCHEDULE_RATE = WATCHES / (INTERVAL * 1.05)
DAEMON_ARGS = ("--tick", str(TICK), "--log-format", "json", "--per-host", "50", "--host-gap", "0")


def daemon_args() -> tuple[str, ...]:
    """``DAEMON_ARGS`` plus any in ``BENCH_DAEMON_ARGS`` (e.g. ``--max-in-flight 200``)."""
    return DAEMON_ARGS + tuple(os.environ.get("BENCH_DAEMON_ARGS", "").split())


def duration() -> float:
    if os.environ.get("BENCH_DAEMON_SECONDS"):
        return float(os.environ["BENCH_DAEMON_SECONDS"])
    return 20.0 if os.environ.get("BENCH_QUICK") else 120.0


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "MONITOR_DATABASE_URL"}
    env.update(MONITOR_DATA_DIR=str(work / "data"), NO_PROXY="*")
    return env


def _db_time(value: str) -> datetime:
    """A timestamp as SQLite holds it (naive UTC text) as an aware datetime."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@dataclass
class DuePoller:
    """Reads every watch's ``next_due`` every ``POLL`` seconds, keeping each distinct value."""

    db: Path
    seen: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    polls: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def poll(self, conn: sqlite3.Connection) -> None:
        for wid, due in conn.execute("SELECT id, next_due FROM watch"):
            values = self.seen[wid]
            t = _db_time(due)
            if not values or values[-1] != t:
                values.append(t)
        self.polls += 1

    def start(self) -> None:
        def loop() -> None:
            conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30)
            try:
                while not self._stop.is_set():
                    self.poll(conn)
                    self._stop.wait(POLL)
                self.poll(conn)
            finally:
                conn.close()

        self._thread = threading.Thread(target=loop, name="due-poller", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(30)

    def due_for(self, watch_id: int, started: datetime) -> datetime | None:
        values = [v for v in self.seen.get(watch_id, ()) if v <= started]
        return values[-1] if values else None


def prepare(origin: Origin, work: Path) -> Path:
    """The database: one watch per article, primed by one ``monitor check --all`` round."""
    from sqlalchemy import update

    from monitor.store import Watch, add_watch, get_engine, session_scope

    db = work / "monitor.db"
    engine = get_engine(str(db))
    try:
        with session_scope(engine, write=True) as s:
            for n in range(origin.articles):
                add_watch(s, f"article-{n}", origin.url(f"/article/{n}"), interval_seconds=INTERVAL)
        subprocess.run([sys.executable, "-m", "monitor", "check", "--all", "--json", "--db", str(db)],
                       env=_env(work), cwd=work, stdout=subprocess.DEVNULL, check=True)
        # Nothing due until the daemon has started and the window opens.
        with session_scope(engine, write=True) as s:
            s.execute(update(Watch).values(next_due=datetime(2100, 1, 1, tzinfo=UTC)))
    finally:
        engine.dispose()
    return db


def spread_due(db: Path, start: datetime) -> None:
    """Due times evenly over one interval from ``start``: the load a running fleet has."""
    from sqlalchemy import bindparam, select, update

    from monitor.store import Watch, get_engine, session_scope

    engine = get_engine(str(db))
    try:
        with session_scope(engine, write=True) as s:
            t = Watch.__table__
            ids = sorted(s.scalars(select(t.c.id)))
            step = INTERVAL / len(ids)
            s.execute(update(t).where(t.c.id == bindparam("wid")).values(next_due=bindparam("due")),
                      [{"wid": wid, "due": start + timedelta(seconds=i * step)} for i, wid in enumerate(ids)])
    finally:
        engine.dispose()


def wait_for_line(path: Path, needle: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in path.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"the daemon exited {proc.returncode}: {path.read_text()[-500:]}")
        time.sleep(0.05)
    raise RuntimeError(f"the daemon did not log {needle!r} within {timeout:g} s")


def busy_note() -> None:
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.1f} before the run, on {os.cpu_count()} cores (other or recent "
              "work): the figures may be low")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def run() -> bool:
    seconds = duration()
    work = Path(tempfile.mkdtemp(prefix="bench-daemon-"))
    try:
        return _run(work, seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, seconds: float) -> bool:
    args = daemon_args()
    print(f"{WATCHES} watches every {INTERVAL} s on one local origin (304 unless changed), "
          f"{CHANGE_SHARE:.0%} of the articles changed every {INTERVAL} s, for {seconds:g} s; "
          f"daemon: {' '.join(args)}")
    print(f"the schedule asks for about {SCHEDULE_RATE:.0f} checks/s")
    busy_note()
    with Origin(articles=WATCHES, article_validators=True) as origin:
        t = time.perf_counter()
        db = prepare(origin, work)
        print(f"prepared and primed {WATCHES} watches in {time.perf_counter() - t:.1f} s")

        log_path, out_path = work / "daemon.log", work / "daemon.out"
        with open(log_path, "wb") as log, open(out_path, "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--db", str(db), *args],
                                    stdout=out, stderr=log, env=_env(work), cwd=work)
        rss = TreeRSS(proc.pid)
        try:
            wait_for_line(log_path, " started", proc)
            t0 = datetime.now(UTC) + timedelta(seconds=0.5)
            spread_due(db, t0)
            poller = DuePoller(db)
            poller.start()
            origin_cpu0 = time.process_time()
            end = t0 + timedelta(seconds=seconds)
            changed = 0
            k = 0
            while (now := datetime.now(UTC)) < end:
                next_change = t0 + timedelta(seconds=INTERVAL * k)
                if now >= next_change:
                    changed += len(origin.advance_many(CHANGE_SHARE, seed=1000 + k))
                    k += 1
                    continue
                time.sleep(min(0.2, (min(next_change, end) - now).total_seconds()))
            proc.send_signal(signal.SIGTERM)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            origin_cpu = time.process_time() - origin_cpu0
            peak_kb = max(rss.stop(), usage.ru_maxrss)
        finally:
            if proc.returncode is None:
                proc.kill()
                proc.wait()
        poller.stop()

    return report(db, poller, log_path, t0, end, seconds, usage, peak_kb, proc.returncode, origin_cpu, changed)


def report(db: Path, poller: DuePoller, log_path: Path, t0: datetime, end: datetime, seconds: float,
           usage: os.struct_rusage, peak_kb: int, returncode: int, origin_cpu: float, changed: int) -> bool:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute('SELECT watch_id, started_at, outcome FROM "check" ORDER BY started_at').fetchall()
    finally:
        conn.close()
    checks = [(wid, _db_time(s), outcome) for wid, s, outcome in rows]
    window = [c for c in checks if t0 <= c[1] < end]

    lags: list[float] = []
    used: set[tuple[int, datetime]] = set()
    unmatched = 0
    per_bucket: dict[int, list[float]] = defaultdict(list)
    for wid, started, _ in window:
        due = poller.due_for(wid, started)
        if due is None or (wid, due) in used:
            unmatched += 1  # its due time was never seen
            continue
        used.add((wid, due))
        lag = (started - due).total_seconds()
        lags.append(lag)
        per_bucket[int((started - t0).total_seconds() // INTERVAL)].append(lag)
    logged = []
    for line in log_path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("event") == "check":
                logged.append(entry)
    durations = [float(e["duration_ms"]) for e in logged]
    outcomes = Counter(c[2] for c in window)

    rate = len(window) / seconds
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{'checks':>7} {'checks/s':>9} {'schedule/s':>10} {'lag p50 ms':>11} {'lag p99 ms':>11} "
          f"{'lag max ms':>11} {'CPU s':>6} {'CPU ms/check':>12} {'RSS MB':>7}")
    print(f"{len(window):>7} {rate:>9.1f} {SCHEDULE_RATE:>10.1f} {pct(lags, 50) * 1000:>11.0f} "
          f"{pct(lags, 99) * 1000:>11.0f} {max(lags, default=float('nan')) * 1000:>11.0f} {cpu:>6.1f} "
          f"{cpu / max(1, len(logged)) * 1000:>12.2f} {peak_kb / 1024:>7.0f}")
    print("outcomes in the window: " + ", ".join(f"{n} {k}" for k, n in outcomes.most_common())
          + f"; articles changed by the origin: {changed}")
    print(f"check duration (log, fetch to recorded): p50 {pct(durations, 50):.0f} ms, "
          f"p99 {pct(durations, 99):.0f} ms over {len(logged)} logged checks")
    print("per interval (checks started / lag p99 ms): " + "  ".join(
        f"{len(per_bucket[b])}/{pct(per_bucket[b], 99) * 1000:.0f}" for b in sorted(per_bucket)))
    print(f"CPU includes the daemon's start and drain; origin and due-poller (this process): {origin_cpu:.1f} s; "
          f"{poller.polls} polls, {unmatched} checks without an observed due time; daemon exit {returncode}")

    p99 = pct(lags, 99)
    ok = bool(lags) and p99 < LAG_LIMIT and returncode == 0 and unmatched == 0 and outcomes.get("failed", 0) == 0
    print(f"lag p99 {p99:.2f} s (kept up: under {LAG_LIMIT:g} s); {rate / SCHEDULE_RATE:.0%} of the schedule's rate")
    print("daemon benchmark:", "kept up" if ok else "DID NOT KEEP UP")
    return ok


if __name__ == "__main__":
    # Run as a module on its own: the description only (``python -m benchmarks daemon`` measures).
    print(__doc__)
