"""``--log-format json``: every line on stderr is one JSON object with a time and a level,
and a check's ``duration_ms`` is the check's own time, not its wait behind other checks."""

import asyncio
import json
import logging
import signal
import subprocess
import sys
import time
import warnings
from datetime import timedelta

import pytest

from monitor.run.logs import fields, setup_logging
from monitor.run.round import check_claims
from monitor.store import add_watch, claim_due, get_engine, list_versions, recent_checks, session_scope, utcnow
from tests.origin import STORY


def json_lines(text: str) -> list[dict]:
    lines = text.splitlines()
    assert lines, "no log lines at all"
    parsed = []
    for line in lines:
        obj = json.loads(line)  # every line, not only the check lines
        assert isinstance(obj, dict), line
        assert {"time", "level", "message"} <= set(obj), line
        assert obj["time"].endswith("+00:00") and obj["level"] in {"debug", "info", "warning", "error",
                                                                    "critical"}, line
        parsed.append(obj)
    return parsed


@pytest.mark.slow
def test_daemon_json_log_is_one_object_per_line(tmp_path, origin):
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", origin.url(STORY), interval_seconds=1, adaptive=False)
        # A page that is not there: a failed check, and a warning-level line from the retry logic.
        add_watch(s, "gone", origin.url("/no-such-page"), interval_seconds=1, adaptive=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", db, "--tick", "0.2", "--log-format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, text=True)
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            with session_scope(engine) as s:
                if list_versions(s, 1):
                    break
            time.sleep(0.2)
        origin.advance(STORY)  # a changed version: a check with version, changes and alerts
        time.sleep(3)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    engine.dispose()
    assert proc.returncode == 0, err
    logs = json_lines(err)
    checks = [x for x in logs if x.get("event") == "check"]
    assert {c["watch"] for c in checks} == {"story", "gone"}
    assert all(isinstance(c["duration_ms"], int) and c["duration_ms"] >= 0 for c in checks)
    assert {"first", "changed", "failed"} <= {c["outcome"] for c in checks}, checks
    assert any(x["message"].startswith("stopped after") for x in logs)
    assert out == ""


def test_every_logger_warnings_and_tracebacks_are_json_lines(capsys):
    setup_logging("json")
    try:
        logging.getLogger("monitor").info("check watch=a", extra=fields(event="check", watch="a",
                                                                           url="http://u:hunter2@h/x"))
        logging.getLogger("asyncio").error("Task exception was never retrieved")
        logging.getLogger("apscheduler.scheduler").info("not shown: below warning")
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("a library is deprecated", DeprecationWarning, stacklevel=1)
        try:
            raise RuntimeError("boom\nsecond line")
        except RuntimeError:
            logging.getLogger("monitor").exception("crashed")
    finally:
        logging.getLogger().handlers.clear()
        logging.captureWarnings(False)
    logs = json_lines(capsys.readouterr().err)
    assert [x["logger"] for x in logs] == ["monitor", "asyncio", "py.warnings", "monitor"]
    assert logs[0]["event"] == "check" and logs[0]["url"] == "http://u:***@h/x"
    assert logs[1]["level"] == "error"
    assert "deprecated" in logs[2]["message"] and logs[2]["level"] == "warning"
    assert "RuntimeError: boom" in logs[3]["exception"]


def test_daemon_that_cannot_open_its_database_says_so_in_json(tmp_path):
    (tmp_path / "dir.db").mkdir()
    r = subprocess.run([sys.executable, "-m", "monitor", "run", "--db", str(tmp_path / "dir.db"),
                        "--log-format", "json"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert r.returncode != 0
    logs = json_lines(r.stderr)
    assert logs[-1]["level"] in {"error", "critical"} and logs[-1]["event"] == "exit"


N_PAGES = 12


def test_duration_leaves_out_the_wait_for_the_extraction_thread(tmp_path, origin, monkeypatch):
    """Twelve pages at once through the one extraction thread, each made to take 0.15 s:
    the last waits over 1.6 s in line; its duration_ms must not include that wait."""
    import monitor.sources.http as http

    real = http.read_page

    def slow(*args, **kw):
        time.sleep(0.15)
        return real(*args, **kw)

    monkeypatch.setattr(http, "read_page", slow)
    engine = get_engine(str(tmp_path / "m.db"))
    with session_scope(engine, write=True) as s:
        for i in range(N_PAGES):
            add_watch(s, f"w{i}", origin.url(STORY) + f"?copy={i}")
    claims = claim_due(engine, "t", limit=50, now=utcnow() + timedelta(days=1))
    started = time.perf_counter()
    reports = asyncio.run(check_claims(engine, claims, worker_id="t"))
    wall = time.perf_counter() - started
    with session_scope(engine) as s:
        stored = sorted(c.duration_ms for r in reports for c in recent_checks(s, r.watch_id))
    engine.dispose()
    assert {r.outcome for r in reports} == {"first"}
    assert wall >= N_PAGES * 0.15  # they did stand in one line
    durations = sorted(r.duration_ms for r in reports)
    assert durations[0] >= 150  # the extraction itself is counted
    assert durations[-1] < N_PAGES * 150 * 0.6, durations  # the line behind it is not
    assert len(stored) == N_PAGES and stored[0] >= 150 and stored[-1] < N_PAGES * 150 * 0.6, stored  # nor stored


@pytest.mark.slow
def test_check_command_warnings_as_json_lines(tmp_path, origin):
    """``monitor check --log-format json``: a worker killed at its deadline is a JSON warning line."""
    from aiohttp import web

    huge = "<html><body><article>" + "".join(
        f"<p>Paragraph {i} of a very long page, with enough words to be kept by the extractor.</p>"
        for i in range(50_000)) + "</article></body></html>"

    async def big(request):
        return web.Response(text=huge, content_type="text/html")

    origin.add_route("/huge", big)
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    with session_scope(engine, write=True) as s:
        add_watch(s, "huge", origin.url("/huge"))
    engine.dispose()
    r = subprocess.run([sys.executable, "-m", "monitor", "check", "--all", "--db", db, "--check-timeout", "0.5",
                        "--log-format", "json"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 1, r.stderr  # the check failed at its deadline
    logs = json_lines(r.stderr)
    assert any(x["level"] == "warning" and "worker process" in x["message"] for x in logs), logs
