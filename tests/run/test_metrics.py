"""``monitor run --metrics-port``: Prometheus metrics from the real daemon, scraped over 127.0.0.1."""

import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from monitor.run.check import CheckReport
from monitor.run.metrics import DaemonMetrics
from monitor.store import add_watch, get_engine, session_scope
from tests.origin import STORY

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port: int) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def wait_for(pred, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.2)
    return False


def test_counters_move_after_checks(tmp_path, origin):
    db = str(tmp_path / "monitor.db")
    engine = get_engine(db)
    dead_port = free_port()  # nothing listens there: every send to it fails
    # A 4 MB page: extracted in a worker process, which takes seconds over the 0.5 s deadline and is replaced.
    huge = "<html><body><article>" + "".join(
        f"<p>Paragraph {i} of a very long page, with enough words to be kept by the extractor.</p>"
        for i in range(50_000)) + "</article></body></html>"

    async def big(request):
        return web.Response(text=huge, content_type="text/html")

    origin.add_route("/huge", big)
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", origin.url(STORY), interval_seconds=1, adaptive=False,
                  rules={"debounce_seconds": 0},
                  notifiers=[{"type": "webhook", "url": f"http://127.0.0.1:{dead_port}/hook"}])
        add_watch(s, "gone", origin.url("/no-such-page"), interval_seconds=1, adaptive=False)
        add_watch(s, "huge", origin.url("/huge"), interval_seconds=3600, adaptive=False)
    engine.dispose()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", db, "--tick", "0.2", "--lease", "5",
         "--check-timeout", "0.5", "--log-format", "json", "--metrics-port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path, text=True)
    try:
        assert wait_for(lambda: _up(port)), proc.stderr
        assert wait_for(lambda: scrape(port).get(("monitor_checks_total", (("outcome", "first"),)), 0) >= 1)
        assert wait_for(lambda: scrape(port).get(("monitor_checks_total", (("outcome", "failed"),)), 0) >= 1)
        before = scrape(port)
        origin.advance(STORY)
        assert wait_for(lambda: scrape(port).get(("monitor_checks_total", (("outcome", "changed"),)), 0) >= 1)
        assert wait_for(lambda: scrape(port).get(
            ("monitor_delivery_failures_total", (("notifier", "webhook"),)), 0) >= 1)
        assert wait_for(lambda: scrape(port).get(("monitor_extraction_worker_restarts_total", ()), 0) >= 1)
        after = scrape(port)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    failed = ("monitor_checks_total", (("outcome", "failed"),))
    assert after[failed] >= before[failed] >= 1  # the missing page and the page past its deadline
    changed = ("monitor_checks_total", (("outcome", "changed"),))
    assert after[changed] > before.get(changed, 0)
    assert after[("monitor_check_lag_seconds_count", ())] > before[("monitor_check_lag_seconds_count", ())]
    assert after[("monitor_check_duration_seconds_count", ())] >= sum(
        v for (name, _), v in after.items() if name == "monitor_checks_total") - 1
    assert ("monitor_outbox_alerts", (("status", "pending"),)) in after  # the undeliverable alert waits
    assert after[("monitor_checks_in_flight", ())] >= 0
    assert f'"port": {port}' in err  # the address is logged at start


def _up(port: int) -> bool:
    try:
        scrape(port)
        return True
    except OSError:
        return False


def test_metrics_listen_on_loopback_by_default_and_a_busy_port_is_one_clear_error(tmp_path):
    m = DaemonMetrics()
    try:
        host, port = m.serve(0)
        assert host == "127.0.0.1" and port > 0
        m.checked(CheckReport(1, "a", "u", "unchanged", duration_ms=12))
        assert scrape(port)[("monitor_checks_total", (("outcome", "unchanged"),))] == 1
        r = subprocess.run([sys.executable, "-m", "monitor", "run", "--db", str(tmp_path / "m.db"),
                            "--metrics-port", str(port)], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    finally:
        m.close()
    assert r.returncode == 2
    assert f"--metrics-port {port}: cannot listen on 127.0.0.1" in r.stderr and "Traceback" not in r.stderr
