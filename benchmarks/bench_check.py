"""One ``monitor check`` round over 1,000 local article pages, next to urlwatch.

Targets (issue: watches, snapshots, one check end to end):

- at least 2x urlwatch's pages/s on the same round (1,000 pages, 10% of
  them changed, the same origin, about the same concurrency);
- over 500 checks/s when nothing changed (the site answers 304);
- a "page changed" precision of 1.0 with no ignore rule, on pages whose
  only noise is the ticking "Updated N minutes ago" widget and the rotating
  ad (urlwatch, which compares the raw page, reports every one as changed).

Method. ``monitor.origin.Origin`` serves ``/article/<n>`` from a thread of
this process. Each round is one process, started and reaped here with
``os.wait4``, which gives its own wall time, CPU (user + sys) and peak RSS:
``python -m monitor check --all --json --db DB`` for ours, the ``urlwatch``
command for theirs. Both first read every page once (the baseline, not
timed), then ``advance_many(0.10)`` edits a paragraph of 100 articles and
the timed round runs. A page counts as reported changed when ``monitor
check`` gives it the outcome ``changed``, or when urlwatch's report lists it
as ``CHANGED:``; precision and recall are against the 100 articles edited.

urlwatch is installed from PyPI into its own environment, ``.bench/urlwatch-
venv`` under the repository (created on first run, reused afterwards), never
into the project's. It runs with its defaults (unified diffs in a text
report on stdout, no colour) from a throwaway home directory. It reads with
``urlwatch.worker.MAX_WORKERS`` threads (10), one connection each; ``monitor
check`` runs with its defaults (``CheckSettings``): up to 8 connections to
one host (``--per-host``; every page here is on one host), pages extracted
in one process per core but one (``sources.offload``; one here) and one
thread, results written by one database thread. Our side is therefore
measured at slightly *lower* network concurrency than urlwatch's, and the
extraction workers' CPU is counted with ours (``wait4`` includes reaped
children).

Every figure includes starting the process: that is what a cron job pays.
The fixed part of it (interpreter, imports, opening the database, no check)
is measured on its own and shown, with the rate of the round without it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench_daemon import busy_note
from benchmarks.procs import TreeRSS
from monitor.origin import Origin
from monitor.pipeline import CheckSettings

ARTICLES = 1000
CHANGED_SHARE = 0.10
TARGET_SPEEDUP = 2.0
TARGET_QUIET_RATE = 500.0
TARGET_PRECISION = 1.0

REPO = Path(__file__).resolve().parent.parent
URLWATCH_VENV = REPO / ".bench" / "urlwatch-venv"
URLWATCH_REQUIREMENT = "urlwatch==2.29"

# urlwatch's configuration: its defaults, minus colour (the report is parsed).
URLWATCH_CONFIG = """\
display:
  new: true
  error: true
  unchanged: false
  empty-diff: true
report:
  text:
    details: true
    footer: true
    minimal: false
    separate: false
  stdout:
    enabled: true
    color: false
"""


@dataclass
class Run:
    """One process: what it cost and what it printed."""

    wall: float
    cpu: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Row:
    label: str
    tool: str
    run: Run
    pages: int
    reported: set[int] = field(default_factory=set)
    truth: set[int] | None = None
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.pages / self.run.wall

    @property
    def precision(self) -> float | None:
        if self.truth is None:
            return None
        return len(self.reported & self.truth) / len(self.reported) if self.reported else 1.0

    @property
    def recall(self) -> float | None:
        if self.truth is None:
            return None
        return len(self.reported & self.truth) / len(self.truth) if self.truth else 1.0


def measure(cmd: Sequence[str], *, env: dict[str, str], cwd: Path) -> Run:
    """Runs ``cmd`` to the end: wall time; CPU of the process and of its children
    (``wait4`` counts those it reaped, such as extraction workers); peak RSS of
    the process and its children together, sampled every 20 ms from /proc
    (``ru_maxrss`` would give only the largest one)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env, cwd=cwd)
        rss = TreeRSS(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        peak = rss.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mb=max(peak, usage.ru_maxrss) / 1024,
                   returncode=proc.returncode, stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"))


def clean_env(home: Path) -> dict[str, str]:
    """The environment minus proxies and any database the user configured."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "MONITOR_DATABASE_URL"}
    env.update(MONITOR_DATA_DIR=str(home / "data"), HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), NO_PROXY="*")
    return env


# -- ours ----------------------------------------------------------------------


class Ours:
    """A database of one http watch per article, checked by ``monitor check --all``."""

    def __init__(self, origin: Origin, work: Path) -> None:
        from monitor.store import add_watch, get_engine, session_scope

        self.work = work
        self.db = work / "monitor.db"
        self.env = clean_env(work)
        engine = get_engine(str(self.db))
        try:
            with session_scope(engine, write=True) as s:
                for n in range(origin.articles):
                    add_watch(s, f"article-{n}", origin.url(f"/article/{n}"), interval_seconds=3600)
        finally:
            engine.dispose()

    def round(self, label: str, truth: set[int] | None = None) -> Row:
        run = measure([sys.executable, "-m", "monitor", "check", "--all", "--json", "--db", str(self.db)],
                      env=self.env, cwd=self.work)
        try:
            if run.returncode not in (0, 1):  # 1: some check failed, still a round
                raise ValueError(f"exit status {run.returncode}")
            reports = json.loads(run.stdout)
        except ValueError as e:
            raise RuntimeError(f"monitor check: {e}: {run.stderr.strip()[-800:]}") from None
        changed = {_article(r["url"]) for r in reports if r["outcome"] == "changed"}
        return Row(label, "monitor", run, len(reports), changed, truth, Counter(r["outcome"] for r in reports))

    def fixed_cost(self, repeat: int = 3) -> float:
        """Start, imports and opening the database, with no watch to check (best of ``repeat``)."""
        empty = self.work / "empty.db"
        from monitor.store import get_engine

        get_engine(str(empty)).dispose()
        code = ("import sys, monitor.pipeline, monitor.sources.fetch, monitor.watching\n"
                "from monitor.cli import main\n"
                f"sys.argv = ['monitor', 'check', '--all', '--json', '--db', {str(empty)!r}]\n"
                "main()\n")
        return min(measure([sys.executable, "-c", code], env=self.env, cwd=self.work).wall for _ in range(repeat))


def _article(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[1])


# -- urlwatch --------------------------------------------------------------------


def urlwatch_bin() -> Path | None:
    """urlwatch in its own environment under ``.bench/``, installed on first use."""
    exe = URLWATCH_VENV / "bin" / "urlwatch"
    if exe.exists():
        return exe
    print(f"installing {URLWATCH_REQUIREMENT} into .bench/urlwatch-venv (once) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(URLWATCH_VENV)], check=True,
                       capture_output=True)
        subprocess.run([str(URLWATCH_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", URLWATCH_REQUIREMENT], check=True, capture_output=True)
    except subprocess.CalledProcessError as e:
        tail = (e.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        print(f"could not install urlwatch: {tail[0] if tail else e}")
        return None
    return exe if exe.exists() else None


def urlwatch_workers() -> str:
    """``MAX_WORKERS`` as urlwatch's own source sets it."""
    found = list(URLWATCH_VENV.glob("lib/python*/site-packages/urlwatch/worker.py"))
    m = re.search(r"^MAX_WORKERS\s*=\s*(\d+)", found[0].read_text(), re.M) if found else None
    return m.group(1) if m else "?"


class Theirs:
    """urlwatch with one ``url`` job per article, its cache in a temporary folder."""

    def __init__(self, exe: Path, origin: Origin, work: Path) -> None:
        self.exe, self.work = exe, work
        self.env = clean_env(work)
        jobs = (f"name: a{n}\nurl: {origin.url(f'/article/{n}')}\n" for n in range(origin.articles))
        (work / "urls.yaml").write_text("---\n".join(jobs))
        (work / "urlwatch.yaml").write_text(URLWATCH_CONFIG)

    def round(self, label: str, truth: set[int] | None = None) -> Row:
        w = self.work
        run = measure([str(self.exe), "--urls", str(w / "urls.yaml"), "--config", str(w / "urlwatch.yaml"),
                       "--cache", str(w / "cache.db"), "--hooks", str(w / "hooks.py")], env=self.env, cwd=w)
        if run.returncode != 0:
            raise RuntimeError(f"urlwatch exited {run.returncode}: {run.stderr.strip()[-500:]}")
        seen = {kind: {int(n) for n in re.findall(rf"\b{kind}: a(\d+)\b", run.stdout)}
                for kind in ("NEW", "CHANGED", "ERROR")}
        outcomes = Counter({k.lower(): len(v) for k, v in seen.items() if v})
        quiet = self.pages - sum(outcomes.values())
        if quiet:
            outcomes["unchanged"] = quiet
        return Row(label, "urlwatch", run, self.pages, seen["CHANGED"], truth, outcomes)

    @property
    def pages(self) -> int:
        return sum(1 for line in (self.work / "urls.yaml").read_text().splitlines() if line.startswith("url:"))


# -- the benchmark ----------------------------------------------------------------


def changed_round(work: Path, exe: Path | None) -> list[Row]:
    """Baselines, then 10% of the articles edited, then the timed rounds."""
    rows = []
    with Origin(articles=ARTICLES) as origin:
        ours = Ours(origin, work / "ours-changed")
        theirs = Theirs(exe, origin, _mkdir(work / "urlwatch-changed")) if exe else None
        ours.round("baseline")
        if theirs:
            theirs.round("baseline")
        truth = set(origin.advance_many(CHANGED_SHARE, seed=1))
        label = f"{CHANGED_SHARE:.0%} changed"
        rows.append(ours.round(label, truth))
        if theirs:
            rows.append(theirs.round(label, truth))
    return rows


def quiet_round(work: Path, exe: Path | None) -> tuple[list[Row], float]:
    """Nothing changed, the site answering 304 to conditional requests."""
    rows = []
    with Origin(articles=ARTICLES, article_validators=True) as origin:
        ours = Ours(origin, work / "ours-quiet")
        theirs = Theirs(exe, origin, _mkdir(work / "urlwatch-quiet")) if exe else None
        ours.round("baseline")
        if theirs:
            theirs.round("baseline")
        # Best of two: nothing changes between them, so either is the same round.
        runs = [ours.round("nothing changed (304)", set()) for _ in range(2)]
        rows.append(min(runs, key=lambda r: r.run.wall))
        if theirs:
            rows.append(theirs.round("nothing changed (304)", set()))
        fixed = ours.fixed_cost()
    return rows, fixed


def _mkdir(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def print_table(rows: list[Row]) -> None:
    print(f"{'round':<22} {'tool':<9} {'pages':>5} {'wall s':>7} {'pages/s':>8} {'CPU s':>6} {'RSS MB':>7} "
          f"{'changed':>7} {'prec':>5} {'recall':>6}  outcomes")
    for r in rows:
        outcomes = ", ".join(f"{n} {k}" for k, n in r.outcomes.most_common())
        print(f"{r.label:<22} {r.tool:<9} {r.pages:>5} {r.run.wall:>7.2f} {r.rate:>8.1f} {r.run.cpu:>6.2f} "
              f"{r.run.rss_mb:>7.0f} {len(r.reported):>7} {_fmt(r.precision):>5} {_fmt(r.recall):>6}  {outcomes}")


def run() -> bool:
    exe = urlwatch_bin()
    s = CheckSettings()
    busy_note()
    print(f"{ARTICLES} article pages (~35 KB, rotating ad, ticking 'Updated N minutes ago'), one local origin")
    print(f"concurrency: monitor check {s.per_host} connections per host ({s.concurrency} in all); "
          f"urlwatch {urlwatch_workers() if exe else '?'} worker threads")
    work = Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        rows = changed_round(work, exe)
        quiet_rows, fixed = quiet_round(work, exe)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows += quiet_rows
    print_table(rows)

    ok = True
    ours_changed, ours_quiet = rows[0], next(r for r in rows if r.tool == "monitor" and r.truth == set())
    theirs_changed = next((r for r in rows if r.tool == "urlwatch" and r.truth), None)
    print(f"fixed cost of a monitor check process (start, imports, open the database): {fixed:.2f} s; "
          f"without it: {ours_changed.pages / (ours_changed.run.wall - fixed):.0f} pages/s changed round, "
          f"{ours_quiet.pages / (ours_quiet.run.wall - fixed):.0f} checks/s nothing changed")
    if theirs_changed is not None:
        speedup = ours_changed.rate / theirs_changed.rate
        print(f"pages/s against urlwatch: {speedup:.2f}x (target >= {TARGET_SPEEDUP:g}x)")
        ok &= speedup >= TARGET_SPEEDUP
    else:
        print("pages/s against urlwatch: not measured (urlwatch unavailable)")
        ok = False
    print(f"checks/s when nothing changed: {ours_quiet.rate:.0f} (target > {TARGET_QUIET_RATE:g})")
    ok &= ours_quiet.rate > TARGET_QUIET_RATE
    print(f"'page changed' precision: {_fmt(ours_changed.precision)}, recall {_fmt(ours_changed.recall)} "
          f"(target precision {TARGET_PRECISION:g}; urlwatch: "
          f"{_fmt(theirs_changed.precision) if theirs_changed else '-'})")
    ok &= ours_changed.precision == TARGET_PRECISION and ours_changed.recall == 1.0
    failed = sum(r.outcomes.get("failed", 0) + r.outcomes.get("error", 0) for r in rows)
    if failed:
        print(f"{failed} checks failed")
        ok = False
    print("check benchmark:", "within targets" if ok else "OUTSIDE TARGETS")
    return ok


if __name__ == "__main__":
    # Run as a module on its own: the description only (``python -m benchmarks check`` measures).
    print(__doc__)
