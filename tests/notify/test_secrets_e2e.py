"""Secrets never shown, end to end: the real ``monitor`` command, a page behind HTTP basic auth,
webhook (generic, Slack, Discord), SMTP and file notifiers on 127.0.0.1.

Every secret is a distinctive string; each surface (payloads, email, alert files,
command output, JSON, export, logs, stored errors) is searched for all of them
while the watch goes on working: the page is read with the password, the changes
arrive, the HMAC signature verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import run_monitor
from tests.notify.conftest import Mailbox, Receiver, serving

PASSWORD = "pw-Zq81xLITERAL"  # the page's basic-auth password
QUERY_TOKEN = "qtokK27vUrl"  # a token in the watched URL's query string
HOOK_TOKEN = "hookTOKENx91Path"  # a token in the generic webhook URL's query
SLACK_TOKEN = "SLACKsecretPATH0123456789"
DISCORD_TOKEN = "DISCORDsecretTail_abcdefghij0123456789"
HMAC_SECRET = "hmac-literal-KEY-55"
BEARER = "bearerVALUE7788secret"
SECRETS = (PASSWORD, QUERY_TOKEN, HOOK_TOKEN, SLACK_TOKEN, DISCORD_TOKEN, HMAC_SECRET, BEARER)
ENV = {"MONITOR_SECRET_FEED": PASSWORD, "MONITOR_DATABASE_URL": "", "MONITOR_DATA_DIR": ""}

V1 = "<html><body><article><h1>Talks</h1><p>The talks will resume on Monday.</p>" \
     "<p>Twelve delegates attended the first round of the meeting.</p></article></body></html>"
V2 = "<html><body><article><h1>Talks</h1><p>The talks will not resume on Monday.</p>" \
     "<p>Nineteen delegates attended the first round of the meeting.</p></article></body></html>"


@dataclass
class AuthPage:
    """A page that answers only with the right basic-auth credentials (401 otherwise)."""

    url: str = ""
    body: str = V1
    seen: list[str | None] = field(default_factory=list)


@pytest.fixture
def auth_page() -> Iterator[AuthPage]:
    state = AuthPage()
    expected = "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            got = self.headers.get("Authorization")
            state.seen.append(got)
            ok = got == expected
            data = state.body.encode() if ok else b"who are you?"
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as port:
        state.url = f"127.0.0.1:{port}/story"
        yield state


def run(tmp_path: Path, *args: str):
    return run_monitor(*args, cwd=tmp_path, env=ENV)


def leaks(text: str | bytes) -> list[str]:
    """The secrets found in ``text`` (empty when none)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return [s for s in SECRETS if s in text]


def notifiers(receiver: Receiver, smtp: Mailbox, alerts: Path) -> list[dict]:
    base = receiver.url.rsplit("/", 1)[0]
    return [
        {"type": "webhook", "name": "hook", "url": f"{base}/hook?token={HOOK_TOKEN}", "secret": HMAC_SECRET,
         "headers": {"Authorization": f"Bearer {BEARER}"}},
        {"type": "webhook", "name": "slack", "preset": "slack", "url": f"{base}/services/T0001/B0002/{SLACK_TOKEN}"},
        {"type": "webhook", "name": "discord", "preset": "discord",
         "url": f"{base}/api/webhooks/123456789012345678/{DISCORD_TOKEN}"},
        {"type": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none", "to": ["desk@example.org"]},
        {"type": "file", "directory": str(alerts)},
    ]


def test_a_password_in_a_watch_url_is_refused_in_one_line_without_echoing_it(tmp_path: Path,
                                                                             auth_page: AuthPage) -> None:
    r = run(tmp_path, "add", f"http://alice:{PASSWORD}@{auth_page.url}")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "env:MONITOR_SECRET_" in r.stderr
    assert leaks(r.stdout + r.stderr) == []


def test_no_secret_reaches_any_surface_while_the_watch_still_works(
        tmp_path: Path, auth_page: AuthPage, receiver: Receiver, smtp_server: Mailbox) -> None:
    alerts = tmp_path / "alerts"
    url = f"http://alice:env:MONITOR_SECRET_FEED@{auth_page.url}?token={QUERY_TOKEN}"
    outputs: list[str] = []

    def cmd(*args: str, code: int = 0) -> str:
        r = run(tmp_path, *args)
        assert r.returncode == code, r.stderr
        outputs.append(r.stdout + r.stderr)
        return r.stdout

    notify = [arg for n in notifiers(receiver, smtp_server, alerts) for arg in ("--notify", json.dumps(n))]
    cmd("add", url, "--name", "talks", *notify)
    db = sqlite3.connect(tmp_path / "snapshots" / "monitor.db")
    db.execute("""update watch set rules = '{"debounce_seconds": 0}'""")  # send at once, not in 2 minutes
    db.commit()
    assert "first version stored" in cmd("check", "talks")
    auth_page.body = V2
    assert "changed" in cmd("check", "talks")
    # The page was read with the password from MONITOR_SECRET_FEED, on every check.
    assert auth_page.seen and all(s and s.startswith("Basic ") for s in auth_page.seen)

    assert "delivered 5 alerts" in cmd("alerts", "--send")
    by_path = {r.path.split("?")[0].rsplit("/", 1)[-1]: r for r in receiver.requests}
    assert {"hook", SLACK_TOKEN, DISCORD_TOKEN} <= set(by_path)  # every webhook got its alert
    generic = by_path["hook"]
    assert generic.json()["kind"] == "changes" and generic.json()["changes"]
    assert generic.headers["x-monitor-signature"] == "sha256=" + hmac.new(
        HMAC_SECRET.encode(), generic.body, hashlib.sha256).hexdigest()
    assert generic.json()["url"].startswith("http://127.0.0.1:")  # the link still leads to the page
    for req in receiver.requests:
        assert leaks(req.body) == [], req.path
    assert len(smtp_server.messages) == 1 and leaks(smtp_server.messages[0]) == []
    written = sorted(alerts.iterdir())
    assert {p.suffix for p in written} == {".json", ".html"}
    for p in written:
        assert leaks(p.read_text(encoding="utf-8")) == [], p.name

    # Every way the watch is shown.
    cmd("list")
    assert "***" in cmd("list", "--json")
    cmd("history", "talks")
    cmd("history", "talks", "--json")
    cmd("status")
    cmd("status", "--json")
    cmd("export", "talks")
    cmd("check", "talks", "--json")
    cmd("edit", "talks", "--notify", json.dumps(notifiers(receiver, smtp_server, alerts)[0] | {"timeout": 5}))
    for out in outputs:
        assert leaks(out) == [], out

    # A failing page: the failing alert and the stored errors carry no secret either.
    auth_page.body = V2
    receiver.requests.clear()
    receiver.status = 404
    auth_page_env = dict(ENV, MONITOR_SECRET_FEED="wrong")
    for _ in range(3):
        run_monitor("check", "talks", cwd=tmp_path, env=auth_page_env)
    r = run(tmp_path, "alerts", "--send")
    outputs = [r.stdout + r.stderr]
    cmd("alerts", "--failed")
    cmd("status", "--json")
    cmd("history", "talks", "--json")
    for out in outputs:
        assert leaks(out) == [], out
    stored = db.execute("select coalesce(last_error, '') || payload from alert").fetchall()
    assert stored and all(leaks(row[0]) == [] for row in stored)
    assert any("404" in row[0] for row in stored)  # the delivery error was recorded, masked


def test_a_watch_stored_with_a_password_before_this_release_is_masked_and_still_read(
        tmp_path: Path, auth_page: AuthPage) -> None:
    """The migration case: the row holds the password itself (it was added before passwords were refused)."""
    assert run(tmp_path, "add", f"http://{auth_page.url}", "--name", "old").returncode == 0
    db = sqlite3.connect(tmp_path / "snapshots" / "monitor.db")
    legacy = f"http://alice:{PASSWORD}@{auth_page.url}"
    db.execute("update watch set url = ?, last_error = ?", (legacy, f"server closed the connection: {legacy}"))
    db.commit()
    r = run(tmp_path, "check", "old")
    assert r.returncode == 0 and "first version stored" in r.stdout  # the stored password is still used
    shown = []
    for args in (("list",), ("list", "--json"), ("history", "old", "--json"), ("export", "old"),
                 ("check", "old", "--json"), ("edit", "old", "--every", "5m")):
        r = run(tmp_path, *args)
        assert r.returncode == 0, r.stderr
        shown.append(r.stdout + r.stderr)
    assert all(leaks(out) == [] for out in shown), shown
    assert "note: watch old keeps a password in its URL" in shown[0]
    assert "alice:***@" in shown[1]


def test_json_log_lines_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    from monitor.run.logs import fields, setup_logging

    setup_logging("json")
    try:
        logging.getLogger("monitor").info("check", extra=fields(
            event="check", url=f"http://alice:{PASSWORD}@127.0.0.1/x?token={QUERY_TOKEN}",
            error=f"webhook: Authorization: Bearer {BEARER} refused"))
        logging.getLogger("monitor").warning("alert 3 will be retried: cannot reach %s",
                                             f"https://hooks.slack.com/services/T0/B0/{SLACK_TOKEN}")
    finally:
        logging.getLogger().handlers.clear()
        logging.captureWarnings(False)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["event"] == "check"
    assert leaks(err) == [], err
    assert "alice:***@127.0.0.1" in err and "hooks.slack.com/services/T0/B0/***" in err
