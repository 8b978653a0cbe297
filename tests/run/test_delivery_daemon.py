"""The daemon's delivery as a user meets it: a quiet story's first change at once, and a shutdown
that keeps its deadline when a receiver never answers. The real daemon, the local news site and
webhook receivers on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import select

from monitor.run.daemon import DaemonSettings
from monitor.store import Alert, Check, add_watch, get_engine, session_scope, update_watch
from tests.conftest import run_monitor
from tests.origin import STORY
from tests.webhooks import Receiver

pytestmark = pytest.mark.slow

SHUTDOWN_DEADLINE = DaemonSettings().shutdown_grace  # what the README and `monitor run --help` promise


@pytest.fixture
def receivers():
    made: list[Receiver] = []

    def make(**kw) -> Receiver:
        made.append(Receiver(**kw))
        return made[-1]

    yield make
    for r in made:
        r.close()


def start(db, tmp_path):
    log = open(tmp_path / "daemon.log", "a")  # noqa: SIM115 - the child writes to it
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", db, "--tick", "0.2", "--log-format", "json"],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
    )


def wait_for(pred, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def changed_checks(engine) -> list[Check]:
    with session_scope(engine) as s:
        return list(s.exec(select(Check).where(Check.outcome == "changed").order_by(Check.id)))


def alerts(engine) -> list[Alert]:
    with session_scope(engine) as s:
        return list(s.exec(select(Alert).order_by(Alert.id)))


def test_the_first_change_of_a_quiet_story_reaches_the_webhook_within_5_s(tmp_path, origin, receivers):
    hook = receivers()
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    with session_scope(engine, write=True) as s:  # the default debounce (2 minutes)
        add_watch(s, "istanbul-talks", origin.url(STORY), interval_seconds=1, adaptive=False,
                  notifiers=[{"type": "webhook", "url": hook.url}])
    proc = start(db, tmp_path)
    try:
        assert wait_for(lambda: alerts(engine) == [] and _versions(engine) >= 1), (tmp_path / "daemon.log").read_text()
        origin.advance(STORY)
        assert wait_for(lambda: len(hook.got) >= 1, 30), (tmp_path / "daemon.log").read_text()
        [first] = changed_checks(engine)
        lag = (hook.got[0][2] - first.finished_at).total_seconds()
        print(f"first change reached the webhook {lag:.2f} s after its check finished")
        assert lag < 5
        assert hook.got[0][1]["version"] == 2
        # A second change inside the window is held for its end, not sent at once.
        origin.advance(STORY)
        assert wait_for(lambda: len(changed_checks(engine)) >= 2, 30)
        time.sleep(3)
        assert len(hook.got) == 1
        held = [a for a in alerts(engine) if a.status == "pending"]
        assert len(held) == 1 and held[0].not_before is not None
        assert (held[0].not_before - first.finished_at).total_seconds() == pytest.approx(120, abs=1)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0


def _versions(engine) -> int:
    with session_scope(engine) as s:
        return len(list(s.exec(select(Check).where(Check.outcome == "first"))))


def test_sigterm_with_a_receiver_that_never_answers_exits_0_within_the_deadline(tmp_path, origin, receivers):
    hanging, working = receivers(hang=True), receivers()
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    with session_scope(engine, write=True) as s:
        add_watch(s, "istanbul-talks", origin.url(STORY), interval_seconds=1, adaptive=False, debounce_seconds=0,
                  notifiers=[{"type": "webhook", "url": hanging.url, "timeout": 300}])
    proc = start(db, tmp_path)
    try:
        assert wait_for(lambda: _versions(engine) >= 1), (tmp_path / "daemon.log").read_text()
        origin.advance(STORY)
        assert wait_for(lambda: len(hanging.got) >= 1, 30), (tmp_path / "daemon.log").read_text()
    finally:
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(SHUTDOWN_DEADLINE + 60)
        finally:
            proc.kill()
        took = time.monotonic() - t0
    log = (tmp_path / "daemon.log").read_text()
    print(f"SIGTERM to exit with a receiver that never answers: {took:.1f} s (deadline {SHUTDOWN_DEADLINE:g} s)")
    assert code == 0, log
    assert took <= SHUTDOWN_DEADLINE, log
    assert "cut off by the shutdown deadline" in log
    [alert] = alerts(engine)
    assert alert.status == "pending" and alert.attempts == 0  # cut off: kept, no attempt spent

    # Later, the receiver fixed: the same alert, with the same key, goes out.
    with session_scope(engine, write=True) as s:
        update_watch(s, "istanbul-talks", notifiers=[{"type": "webhook", "url": working.url}])
    engine.dispose()
    out = run_monitor("alerts", "--send", "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("delivered 1 alert;"), out.stdout
    assert [k for k, _, _ in working.got] == [hanging.got[0][0]]
    assert working.got[0][1]["version"] == 2
