"""Every configured notifier is its own receiver, and no key ever repeats: real receivers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.notify.payload import notifier_names
from monitor.run.check import CheckSettings
from monitor.run.deliver import Deliverer
from monitor.run.round import check_claims
from monitor.store import Alert, add_watch, claim_due, make_engine, remove_watch, session_scope, utcnow
from monitor.store import migrate as migrations
from tests.conftest import run_monitor
from tests.webhooks import Receiver

EDITS = ["The US will not attend the talks.\n\nTalks begin on Thursday.",
         "The US will not attend the talks.\n\nTalks begin on Friday.",
         "The US will not attend the talks.\n\nTalks begin on Friday at 1 p.m. with 40 delegates."]
FIRST = "The US will attend the talks.\n\nTalks begin on Thursday."


class DedupReceiver:
    """A webhook receiver that does what the documentation tells receivers to do: it drops a
    body whose ``Idempotency-Key`` it has seen, and answers 200 either way."""

    def __init__(self) -> None:
        self.accepted: list[tuple[str, dict]] = []
        self.dropped: list[str] = []
        self.seen: set[str] = set()
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                key = self.headers["Idempotency-Key"]
                if key in outer.seen:
                    outer.dropped.append(key)
                else:
                    outer.seen.add(key)
                    outer.accepted.append((key, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made: list[DedupReceiver] = []

    def make() -> DedupReceiver:
        made.append(DedupReceiver())
        return made[-1]

    yield make
    for r in made:
        r.close()


def check(engine) -> None:
    claims = claim_due(engine, "t", limit=10, now=utcnow() + timedelta(days=1))
    asyncio.run(check_claims(engine, claims, settings=CheckSettings()))


def deliver(engine) -> int:
    return Deliverer(engine, clock=lambda: utcnow() + timedelta(hours=1)).deliver_due()


def story(tmp_path: Path, name: str = "story.txt") -> Path:
    doc = tmp_path / name
    doc.write_text(FIRST)
    return doc


def test_names_are_unique_within_a_watch_and_the_first_of_a_type_keeps_the_type() -> None:
    configs = [{"type": "webhook"}, {"type": "webhook", "preset": "slack"}, {"type": "file"},
               {"type": "file", "name": "archive"}, {"type": "file"}, {"type": "webhook", "name": "webhook"}]
    assert notifier_names(configs) == ["webhook", "webhook#2", "file", "archive", "file#2", "webhook#3"]


def test_two_webhooks_a_slack_hook_and_two_folders_each_get_every_alert_once(tmp_path, engine, receivers):
    hooks = [receivers(), receivers(), receivers()]
    folders = [tmp_path / "desk", tmp_path / "archive"]
    notifiers = [{"type": "webhook", "url": hooks[0].url}, {"type": "webhook", "url": hooks[1].url},
                 {"type": "webhook", "url": hooks[2].url, "preset": "slack"},
                 {"type": "file", "directory": str(folders[0])}, {"type": "file", "directory": str(folders[1])}]
    doc = story(tmp_path)
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file", notifiers=notifiers, rules={"debounce_seconds": 0})
    check(engine)
    for text_ in EDITS:
        doc.write_text(text_)
        check(engine)
    assert deliver(engine) == 3 * 5
    assert deliver(engine) == 0  # nothing twice
    for hook in hooks:
        assert len(hook.accepted) == 3 and hook.dropped == []
    for generic in hooks[:2]:
        assert [b["version"] for _, b in generic.accepted] == [2, 3, 4]
    assert "blocks" in hooks[2].accepted[0][1]  # the Slack preset's body
    for folder in folders:
        assert len(list(folder.glob("*.json"))) == 3
    keys = [k for h in hooks for k, _ in h.accepted]
    assert len(set(keys)) == 9
    with session_scope(engine) as s:
        rows = s.exec(select(Alert)).all()
    assert sorted({a.notifier for a in rows}) == ["file", "file#2", "webhook", "webhook#2", "webhook#3"]
    assert {a.status for a in rows} == {"delivered"} and len(rows) == 15


def test_monitor_alerts_shows_each_receiver_apart(tmp_path, receivers):
    db = str(tmp_path / "monitor.db")
    engine = make_engine(f"sqlite:///{db}")
    migrations.upgrade(engine)
    hooks = [receivers(), receivers()]
    doc = story(tmp_path)
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file", rules={"debounce_seconds": 0},
                  notifiers=[{"type": "webhook", "url": h.url} for h in hooks])
    check(engine)
    doc.write_text(EDITS[0])
    check(engine)
    hooks[1].close()  # the second receiver is down: its alert stays pending, the first's is delivered
    assert deliver(engine) == 1
    engine.dispose()
    out = run_monitor("alerts", "--db", db)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "1 pending, 1 delivered, 0 dead"
    assert any(line.split() == ["story", "webhook", "0", "pending,", "1", "delivered,", "0", "dead"]
               for line in lines), out.stdout
    assert any(line.split() == ["story", "webhook#2", "1", "pending,", "0", "delivered,", "0", "dead"]
               for line in lines), out.stdout


def test_remove_and_add_again_repeats_no_key(tmp_path, engine, receivers):
    hook = receivers()
    doc = story(tmp_path)
    ids, uids = [], []
    for _ in range(2):
        doc.write_text(FIRST)
        with session_scope(engine, write=True) as s:
            w = add_watch(s, "story", str(doc), kind="file", rules={"debounce_seconds": 0},
                          notifiers=[{"type": "webhook", "url": hook.url}])
            s.flush()
            ids.append(w.id)
            uids.append(w.uid)
        check(engine)
        for text_ in EDITS[:2]:
            doc.write_text(text_)
            check(engine)
        deliver(engine)
        with session_scope(engine, write=True) as s:
            remove_watch(s, "story")
    if engine.dialect.name == "sqlite":
        assert ids[0] == ids[1]  # the id came back: keys built from it repeated
    assert uids[0] != uids[1]
    assert hook.dropped == []
    assert len(hook.accepted) == 4
    assert [b["version"] for _, b in hook.accepted] == [2, 3, 2, 3]


def test_a_send_past_the_deadline_is_abandoned_and_every_claimed_alert_stays_pending(tmp_path, engine):
    import time

    hanging = Receiver(hang=True)
    try:
        doc = story(tmp_path)
        with session_scope(engine, write=True) as s:
            add_watch(s, "story", str(doc), kind="file", debounce_seconds=0,
                      notifiers=[{"type": "webhook", "url": hanging.url, "timeout": 60}])
        check(engine)
        for text_ in EDITS:
            doc.write_text(text_)
            check(engine)
        d = Deliverer(engine)
        d.stop_by = time.monotonic() + 1.0
        t0 = time.monotonic()
        assert d.deliver_due() == 0
        took = time.monotonic() - t0
        assert took < 2.0, took  # not the receiver's 60 s
        assert len(hanging.got) == 1  # the first send was under way; the other two never started
        with session_scope(engine) as s:
            rows = s.exec(select(Alert)).all()
        assert [(a.status, a.attempts) for a in rows] == [("pending", 0)] * 3
        assert all(a.next_attempt_at <= utcnow() for a in rows)  # due again at once, not after the claim's lease
    finally:
        hanging.close()
