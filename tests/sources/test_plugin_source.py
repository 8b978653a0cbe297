"""A kind of source from a third-party distribution, found through its entry point.

The counter source in ``tests/plugins/monitor_test_source`` is installed
into a directory of its own and put on ``PYTHONPATH``; the real ``monitor``
commands and the real daemon then add, list, check and alert on it, though
nothing in ``monitor`` names it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.store import changes_for, get_engine, get_watch, list_versions, session_scope
from tests.conftest import run_monitor
from tests.plugins.install import install

PLUGIN = "monitor_test_source"


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    site = install(PLUGIN, tmp_path / "site")
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path}


def test_without_the_plugin_the_kind_is_unknown(tmp_path: Path) -> None:
    r = run_monitor("add", "counter://visitors", "--db", str(tmp_path / "m.db"))
    assert r.returncode == 2
    assert "counter://visitors: unsupported URL scheme 'counter'; use http:// or https://" in r.stderr


def test_the_daemon_checks_a_plugin_source(tmp_path: Path, plugin_env: dict[str, str]) -> None:
    db = str(tmp_path / "monitor.db")
    alerts = tmp_path / "alerts"
    listed = run_monitor("sources", "--json", env=plugin_env)
    assert listed.returncode == 0, listed.stderr
    kinds = {s["kind"]: s for s in json.loads(listed.stdout)}
    assert {"http", "file", "feed", "counter"} <= set(kinds)
    assert kinds["counter"]["schemes"] == ["counter"]

    # The scheme alone picks the plugin: no kind needed, in a config file as on the command line.
    config = tmp_path / "monitor.toml"
    config.write_text(f"""
[[watch]]
name = "visitors"
url = "counter://visitors"
every = "1s"
rules = {{ debounce_seconds = 0 }}
notifiers = [{{ type = "file", directory = {json.dumps(str(alerts))} }}]
""", encoding="utf-8")
    synced = run_monitor("sync", str(config), "--allow-files", str(tmp_path), "--db", db, env=plugin_env)
    assert synced.returncode == 0, synced.stderr
    added = run_monitor("add", "counter://other", "--db", db, env=plugin_env)
    assert added.returncode == 0 and "counter://other" in added.stdout, added.stderr
    checked = run_monitor("check", "--all", "--db", db, env=plugin_env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    engine = get_engine(db)
    with session_scope(engine) as s:
        w = get_watch(s, "visitors")
        assert (w.kind, w.url, w.last_status) == ("counter", "counter://visitors", "first")

    log = (tmp_path / "daemon.log").open("a")
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", db, "--tick", "0.2", "--lease", "3"],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1", **plugin_env})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(alerts.glob("*.json")):
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
        log.close()
    assert code == 0, (tmp_path / "daemon.log").read_text()
    with session_scope(engine) as s:
        w = get_watch(s, "visitors")
        versions = list_versions(s, w.id or 0)
        assert len(versions) >= 2, (tmp_path / "daemon.log").read_text()
        changes = changes_for(s, versions[1].snapshot_id)
    # The daemon's first read repeats the stored text (its counter starts again at 1); its second is an edit.
    assert [c.kind for c in changes] == ["edited"]
    assert "numbers" in changes[0].aspects and "read 2 times" in (changes[0].new or "")
    sent = [json.loads(p.read_text()) for p in alerts.glob("*.json")]
    assert sent and sent[0]["watch"] == "visitors"
