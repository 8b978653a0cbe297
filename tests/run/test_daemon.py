"""The real daemon as a subprocess against the local news site.

The seed steps produce their alerts in order; SIGTERM exits cleanly; kill -9
in the middle and a restart lose no version and deliver no alert twice.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from monitor.store import Alert, add_watch, get_engine, list_versions, session_scope
from tests.conftest import run_monitor
from tests.origin import STORY, seed_versions

pytestmark = pytest.mark.slow


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self) -> None:
        self.got: list[tuple[str, dict]] = []
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.got.append((self.headers.get("Idempotency-Key"), json.loads(body)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def start(db, tmp_path, *extra):
    log = open(tmp_path / "daemon.log", "a")  # noqa: SIM115 - the child writes to it
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", db, "--tick", "0.2", "--lease", "3",
         "--log-format", "json", *extra],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
    )


def versions_seen(engine):
    with session_scope(engine) as s:
        return [v.version for v in list_versions(s, 1)]


def alert_statuses(engine) -> set[str]:
    with session_scope(engine) as s:
        return {a.status for a in s.exec(select(Alert))}


def wait_for(pred, timeout=30.0, every=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(every)
    return False


def setup(tmp_path, origin, receiver):
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    with session_scope(engine, write=True) as s:
        add_watch(s, "istanbul-talks", origin.url(STORY), interval_seconds=1, adaptive=False,
                  rules={"debounce_seconds": 0},
                  notifiers=[{"type": "webhook", "url": receiver.url, "secret": "s3cret"}])
    return db, engine


def drive(origin, engine, upto, timeout=60):
    """Advance the site each time the daemon has stored the current version."""
    for v in range(len(versions_seen(engine)) + 1, upto + 1):
        assert wait_for(lambda v=v: len(versions_seen(engine)) >= v, timeout), f"version {v} never seen"
        if v < len(seed_versions()):
            origin.advance(STORY)


def test_seed_steps_alert_in_order_and_sigterm_exits_cleanly(tmp_path, origin, receiver):
    db, engine = setup(tmp_path, origin, receiver)
    proc = start(db, tmp_path)
    try:
        drive(origin, engine, 6)
        assert wait_for(lambda: len(receiver.got) >= 5, 20), (tmp_path / "daemon.log").read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
    assert code == 0
    log = (tmp_path / "daemon.log").read_text()
    assert "stopping" in log and "stopped after" in log
    checks = [c for c in map(json.loads, log.splitlines()) if c.get("event") == "check"]
    assert all({"watch", "outcome", "duration_ms"} <= set(c) for c in checks)
    bodies = [b for _, b in receiver.got]
    assert len(bodies) == 5
    assert [b["version"] for b in bodies] == [2, 3, 4, 5, 6] or all(b["kind"] == "changes" for b in bodies)
    negation = [c for c in bodies[3]["changes"] if "negation" in c["aspects"]]
    assert negation and "did not participate" in negation[0]["new"]
    assert len(bodies[4]["groups"]) == 1
    assert versions_seen(engine) == [1, 2, 3, 4, 5, 6]


def test_kill_9_and_restart_lose_nothing_and_send_nothing_twice(tmp_path, origin, receiver):
    db, engine = setup(tmp_path, origin, receiver)
    proc = start(db, tmp_path)
    drive(origin, engine, 3)  # ends by moving the site on to version 4
    proc.send_signal(signal.SIGKILL)  # mid-round: its lease on the watch is left behind
    proc.wait(10)
    proc = start(db, tmp_path)
    try:
        drive(origin, engine, 6, timeout=60)
        assert wait_for(lambda: len(receiver.got) >= 5, 30), (tmp_path / "daemon.log").read_text()
        # The receiver has them; the daemon marks them delivered once the sends return (later, under load).
        assert wait_for(lambda: alert_statuses(engine) == {"delivered"}, 30), alert_statuses(engine)
        time.sleep(1.5)  # a duplicate would arrive within an outbox pass or two
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    keys = [k for k, _ in receiver.got]
    assert len(keys) == len(set(keys)) == 5
    assert versions_seen(engine) == [1, 2, 3, 4, 5, 6]
    assert alert_statuses(engine) == {"delivered"}


def _children(pid):
    kids = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children") as f:
            kids += [int(k) for k in f.read().split()]
    return kids


def _running(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return "State:\tZ" not in f.read()
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_daemon_killed_with_9_leaves_no_extraction_worker_behind(tmp_path, origin, receiver):
    db, engine = setup(tmp_path, origin, receiver)
    proc = start(db, tmp_path, "--extract-workers", "1")
    kids = []
    try:
        drive(origin, engine, 3)
        assert wait_for(lambda: bool(kids.extend(_children(proc.pid)) or kids), 30), "no worker started"
        assert "1 extraction process" in (tmp_path / "daemon.log").read_text()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    # Orphaned, each notices its parent is gone and exits: nothing keeps running.
    assert wait_for(lambda: not any(_running(k) for k in kids), 20), [k for k in kids if _running(k)]


def test_watches_added_while_running_are_checked_and_status_reports_the_daemon(tmp_path, origin, receiver):
    db, engine = setup(tmp_path, origin, receiver)
    proc = start(db, tmp_path)
    try:
        assert wait_for(lambda: len(versions_seen(engine)) >= 1)
        doc = tmp_path / "extra.txt"
        doc.write_text("A second story, added while the daemon runs.")
        r = run_monitor("add", str(doc), "--name", "extra", "--every", "1s", "--db", db)
        assert r.returncode == 0, r.stderr

        def extra_checked():
            with session_scope(engine) as s:
                from monitor.store import get_watch

                return get_watch(s, "extra").last_status == "first"

        assert wait_for(extra_checked, 20)
        st = json.loads(run_monitor("status", "--json", "--db", db).stdout)
        assert len(st["daemons_alive"]) == 1 and st["checks_last_minute"] >= 2
        assert st["watches"] == 2 and st["outbox"]["dead"] == 0
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0
    st = json.loads(run_monitor("status", "--json", "--db", db).stdout)
    assert st["daemons_alive"] == []  # a clean stop removes its heartbeat row


def test_an_endless_diff_delays_no_other_watch_and_sigterm_still_exits_in_time(tmp_path, make_origin):
    """One watch's diff never ends (a test hook, ``tests.hooks``); 50 ordinary
    watches each see their change within their interval plus 5 s, and SIGTERM,
    sent while that diff runs, exits 0 within the 15 s the README promises."""
    from tests.hooks import ENDLESS, big_text
    from tests.run.crowd import ORDINARY, crowd, ordinary_changes_while_one_hangs

    slow = big_text("v1")
    site = make_origin({**ORDINARY, "/story/slow": [slow, f"{slow}\n\n{ENDLESS}"]}, noise=False)
    c, slow_id = crowd(tmp_path, site, lambda s: add_watch(s, "slow", site.url("/story/slow"), interval_seconds=1,
                                                          adaptive=False))

    def start_slow_diff():
        assert wait_for(lambda: c.versions(slow_id), 60), (tmp_path / "daemon.log").read_text()
        asked = site.request_count("/story/slow")
        site.advance("/story/slow")
        assert wait_for(lambda: site.request_count("/story/slow") > asked, 10)

    def still_diffing():
        assert len(c.versions(slow_id)) == 1  # its diff is still running

    out = ordinary_changes_while_one_hangs(tmp_path, site, c, "tests.hooks:run_with_endless_diff",
                                           start_slow_diff, still_diffing)
    assert out.code == 0 and out.took <= 15.0, out.log
    assert "released 1 unfinished checks" in out.log


def test_the_daemon_stops_with_a_clear_error_when_its_sqlite_file_is_deleted(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The talks begin on Thursday.")
    db = tmp_path / "m.db"
    engine = get_engine(f"sqlite:///{db}")
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(story), kind="file", interval_seconds=1)
    engine.dispose()
    proc = start(str(db), tmp_path)
    log = tmp_path / "daemon.log"
    try:
        assert wait_for(lambda: "first" in log.read_text())
        for p in tmp_path.glob("m.db*"):
            p.unlink()
        assert proc.wait(timeout=10) == 2
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "was deleted while in use" in log.read_text()
    assert "Traceback" not in log.read_text()
