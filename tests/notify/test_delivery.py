"""The outbox end to end: pipeline -> alert rows -> Deliverer -> real receivers on 127.0.0.1."""

import asyncio
import email
import json
import threading
from datetime import timedelta
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from monitor.origin import Origin
from monitor.run.check import CheckSettings
from monitor.run.deliver import Deliverer, DeliverySettings
from monitor.run.round import check_claims
from monitor.store import Alert, add_watch, claim_due, get_engine, session_scope, utcnow
from tests.conftest import run_monitor
from tests.notify.conftest import free_port

HOSTILE = "Officials said <script>alert(1)</script> and {{ 7*7 }} and [bold red]x[/] and @everyone."


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


class Endpoint:
    """A webhook receiver that can be down (nothing listening) and come up on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.status = 204
        self.got: list[tuple[str, dict]] = []
        self.server = None

    def up(self):
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if outer.status < 300:
                    outer.got.append((self.headers["Idempotency-Key"], json.loads(body)))
                self.send_response(outer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), H)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def endpoint():
    e = Endpoint()
    yield e
    e.down()


def make_engine(tmp_path):
    return get_engine(str(tmp_path / "monitor.db"))


def file_watch(engine, tmp_path, notifiers, rules=None):
    doc = tmp_path / "story.txt"
    doc.write_text("The US will attend the talks.\n\nTalks begin on Thursday.")
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file", notifiers=notifiers,
                  rules=rules if rules is not None else {"debounce_seconds": 0})
    return doc


def check(engine):
    claims = claim_due(engine, "t", limit=10, now=utcnow() + timedelta(days=1))
    return asyncio.run(check_claims(engine, claims, settings=CheckSettings()))


EDITS = ["The US will not attend the talks.\n\nTalks begin on Thursday.",
         "The US will not attend the talks.\n\nTalks begin on Friday.",
         "The US will not attend the talks.\n\nTalks begin on Friday at 1 p.m. with 40 delegates."]


def test_receiver_down_then_up_gets_every_alert_exactly_once(tmp_path, engine, endpoint):
    doc = file_watch(engine, tmp_path, [{"type": "webhook", "url": endpoint.url, "secret": "k", "timeout": 2}])
    check(engine)
    for text in EDITS:
        doc.write_text(text)
        check(engine)
    clock = Clock()
    d = Deliverer(engine, clock=clock, settings=DeliverySettings(first_retry=5))
    assert d.deliver_due() == 0  # down: connection refused, every alert kept
    with session_scope(engine) as s:
        rows = s.exec(select(Alert)).all()
        assert len(rows) == 3 and {(a.status, a.attempts) for a in rows} == {("pending", 1)}
        keys = {a.idempotency_key for a in rows}
    endpoint.up()
    assert d.deliver_due() == 0  # not due yet: backing off
    clock.now += timedelta(seconds=10)
    assert d.deliver_due() == 3
    clock.now += timedelta(hours=1)
    assert d.deliver_due() == 0
    Deliverer(engine, clock=clock).deliver_due()  # a second deliverer (another daemon) finds nothing
    assert sorted(k for k, _ in endpoint.got) == sorted(keys)
    assert [len(b["changes"]) for _, b in endpoint.got] == [1, 1, 1]


def test_first_change_goes_at_once_and_the_rest_of_the_window_as_one_alert_by_version(tmp_path, engine, endpoint):
    endpoint.up()
    doc = file_watch(engine, tmp_path, [{"type": "webhook", "url": endpoint.url}], rules={"debounce_seconds": 120})
    check(engine)
    doc.write_text(EDITS[0])
    check(engine)
    clock = Clock()
    d = Deliverer(engine, clock=clock)
    assert d.deliver_due() == 1  # leading edge: a quiet story's first change is not held
    assert endpoint.got[0][1]["version"] == endpoint.got[0][1]["version_from"] == 2
    for text in EDITS[1:]:
        doc.write_text(text)
        check(engine)
    assert d.deliver_due() == 0  # inside the window: held for its end
    clock.now += timedelta(seconds=121)
    assert d.deliver_due() == 1  # trailing edge: both versions in one message
    body = endpoint.got[1][1]
    assert (body["version_from"], body["version"]) == (3, 4)
    assert [p["version"] for p in body["versions"]] == [4, 3]  # newest first
    assert [c["version"] for c in body["changes"]] == sorted((c["version"] for c in body["changes"]), reverse=True)
    assert {c["version"] for c in body["changes"]} == {3, 4}
    assert sum(p["changes"] for p in body["versions"]) == len(body["changes"])
    assert "Version 4" in body["text"] and "Version 3" in body["text"]
    assert body["text"].index("Version 4") < body["text"].index("Version 3")
    with session_scope(engine) as s:
        assert {a.status for a in s.exec(select(Alert))} == {"delivered"}


def test_permanent_failure_is_dead_lettered_and_can_be_retried(tmp_path, engine, endpoint):
    endpoint.status = 400
    endpoint.up()
    doc = file_watch(engine, tmp_path, [{"type": "webhook", "url": endpoint.url}])
    check(engine)
    doc.write_text(EDITS[0])
    check(engine)
    Deliverer(engine).deliver_due()
    db = engine.url.render_as_string(hide_password=False)  # the same database, SQLite or PostgreSQL
    listed = run_monitor("alerts", "--failed", "--json", "--db", db)
    [dead] = json.loads(listed.stdout)
    assert "HTTP 400" in dead["error"] or "400" in dead["error"]
    endpoint.status = 204
    r = run_monitor("alerts", "--retry", str(dead["id"]), "--db", db)
    assert r.returncode == 0 and "queued again" in r.stdout
    assert Deliverer(engine).deliver_due() == 1 and len(endpoint.got) == 1
    assert "no dead-lettered alerts" in run_monitor("alerts", "--failed", "--db", db).stdout


def test_hostile_page_text_arrives_inert_in_every_notifier(tmp_path, engine, endpoint, smtp_server, capsys):
    endpoint.up()
    story = ["Talks begin in Istanbul on Friday.\n\nThe US will attend.",
             f"Talks begin in Istanbul on Friday.\n\nThe US will attend.\n\n{HOSTILE}"]
    out = tmp_path / "alerts"
    notifiers = [
        {"type": "console"},
        {"type": "file", "directory": str(out)},
        {"type": "webhook", "url": endpoint.url},
        {"type": "email", "host": "127.0.0.1", "port": smtp_server.port, "security": "none",
         "to": ["desk@example.org"]},
    ]
    with Origin({"/s": story}) as origin:
        with session_scope(engine, write=True) as s:
            add_watch(s, "hostile", origin.url("/s"), notifiers=notifiers, rules={"debounce_seconds": 0})
        check(engine)
        origin.advance("/s")
        [r] = check(engine)
    assert r.outcome == "changed" and r.alerts == 4
    assert Deliverer(engine).deliver_due() == 4
    console = capsys.readouterr().out
    assert "<script>alert(1)</script>" in console and "{{ 7*7 }}" in console and "[bold red]x[/]" in console
    [html] = out.glob("*.html")
    page = html.read_text()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "and {{ 7*7 }} and" in page and "and 49 and" not in page
    [js] = out.glob("*.json")
    assert HOSTILE in js.read_text()
    [(_, body)] = endpoint.got
    assert HOSTILE in json.dumps(body, ensure_ascii=False) and "and 49 and" not in body.get("text", "")
    [raw] = smtp_server.messages
    msg = email.message_from_bytes(raw, policy=policy.default)
    text = msg.get_body(("plain",)).get_content()
    html_part = msg.get_body(("html",)).get_content()
    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text
    assert "<script>alert(1)" not in html_part and "&lt;script&gt;" in html_part and "and 49 and" not in html_part


def test_alerts_send_delivers_due_alerts_from_the_command_line(tmp_path, endpoint):
    endpoint.up()
    engine = make_engine(tmp_path)
    doc = file_watch(engine, tmp_path, [{"type": "webhook", "url": endpoint.url}])
    check(engine)
    doc.write_text(EDITS[0])
    check(engine)
    r = run_monitor("alerts", "--send", "--db", str(tmp_path / "monitor.db"))
    assert r.returncode == 0 and r.stdout.startswith("delivered 1 alert;")
    assert len(endpoint.got) == 1
