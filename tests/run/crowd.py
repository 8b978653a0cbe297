"""The daemon with 50 ordinary watches and one that never finishes: the issue's isolation scenario.

Written once for the two ways a check can hang (a diff that never ends, a
file read that never ends); each test adds its hanging watch, its start-up
hook and what it asserts about the hanging watch while the daemon runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from monitor.store import add_watch, get_engine, list_versions, session_scope
from tests.conftest import ROOT

ORDINARY_INTERVAL = 5
ORDINARY = {f"/story/n{i}": [f"Story {i}: talks resumed.", f"Story {i}: talks resumed on Friday in Istanbul."]
            for i in range(50)}


@dataclass
class Crowd:
    db: str
    engine: Engine
    ids: dict[str, int]  # ordinary watches by path on the site

    def versions(self, watch_id: int) -> list:
        with session_scope(self.engine) as s:
            return list_versions(s, watch_id)


def crowd(tmp_path: Path, site, add_hanging: Callable) -> tuple[Crowd, int]:
    """The 50 ordinary watches on ``site``, and the id of the one ``add_hanging(session)`` adds."""
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    with session_scope(engine, write=True) as s:
        rows = {p: add_watch(s, p.rsplit("/", 1)[1], site.url(p), interval_seconds=ORDINARY_INTERVAL,
                             adaptive=False) for p in ORDINARY}
        hanging = add_hanging(s)
        s.flush()
        return Crowd(db, engine, {p: w.id for p, w in rows.items()}), hanging.id


def wait_for(pred: Callable[[], bool], timeout: float) -> bool:
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        if pred():
            return True
        time.sleep(0.2)
    return pred()


@dataclass(frozen=True)
class Outcome:
    late: dict[str, float]  # seconds from each ordinary change to the check that stored it
    code: int | None  # the daemon's exit status after SIGTERM
    took: float  # seconds from SIGTERM to exit
    log: str


def ordinary_changes_while_one_hangs(tmp_path: Path, site, c: Crowd, hook: str,
                                     start_hanging: Callable[[], None], during: Callable[[], None]) -> Outcome:
    """Runs the daemon through ``hook`` (``module:function`` that calls the CLI with a test hook in
    place), lets ``start_hanging`` set the hanging check going, changes every ordinary story, and
    sends SIGTERM once they are all seen (or 60 s have passed); ``during`` asserts while it runs."""
    module, func = hook.split(":")
    log_path = tmp_path / "daemon.log"
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", f"from {module} import {func} as r; r()", "run", "--db", c.db,
             "--tick", "0.2", "--host-gap", "0", "--per-host", "16", "--log-format", "json"],
            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    late: dict[str, float] = {}
    try:
        assert wait_for(lambda: all(c.versions(w) for w in c.ids.values()), 60), log_path.read_text()
        start_hanging()
        time.sleep(1.0)  # the hanging check is under way in a worker
        changed_at = datetime.now(UTC)
        for path in ORDINARY:
            site.advance(path)
        seen = wait_for(lambda: all(len(c.versions(w)) == 2 for w in c.ids.values()), 60)
        late = {p: (c.versions(w)[-1].fetched_at - changed_at).total_seconds() for p, w in c.ids.items()
                if len(c.versions(w)) == 2}
        assert seen, f"{50 - len(late)} of 50 changes never seen"
        assert max(late.values()) <= ORDINARY_INTERVAL + 5, late
        during()
    finally:
        stop = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
        took = time.monotonic() - stop
    print(f"latest of 50 changes seen {max(late.values()):.1f} s after it; SIGTERM to exit {took:.1f} s")
    return Outcome(late, code, took, log_path.read_text())
