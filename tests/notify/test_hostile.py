"""Hostile page text arrives inert through every notifier.

One parametrized test over every built-in: each case delivers the same alert
to a real sink (captured console, files, SMTP, HTTP) and returns what
arrived, labelled by how a reader would interpret it.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from monitor.notify import registry
from monitor.notify.console import ConsoleNotifier
from tests.notify.conftest import Mailbox, Receiver, hostile_alert

# Each sink returns [(format, text)]; format is "text", "html", "json", "slack" or "discord".
Output = list[tuple[str, str]]


def _console(tmp_path: Path, smtp: Mailbox, http: Receiver) -> Output:
    con = Console(file=StringIO(), record=True, width=200, color_system=None)
    ConsoleNotifier(ConsoleNotifier.Options(), console=con).send(hostile_alert())
    return [("text", con.export_text())]


def _file(tmp_path: Path, smtp: Mailbox, http: Receiver) -> Output:
    registry.build({"type": "file", "directory": str(tmp_path)}).send(hostile_alert())
    return [("json" if p.suffix == ".json" else "html", p.read_text(encoding="utf-8"))
            for p in sorted(tmp_path.iterdir())]


def _email(tmp_path: Path, smtp: Mailbox, http: Receiver) -> Output:
    registry.build({"type": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
                    "to": ["desk@example.org"], "timeout": 5}).send(hostile_alert())
    msg = email.message_from_bytes(smtp.messages[0], policy=email.policy.default)
    assert "\n" not in msg["Subject"]
    return [("text", str(msg["Subject"])), ("text", msg.get_body(("plain",)).get_content()),
            ("html", msg.get_body(("html",)).get_content())]


def _webhook(preset: str) -> Callable[[Path, Mailbox, Receiver], Output]:
    def sink(tmp_path: Path, smtp: Mailbox, http: Receiver) -> Output:
        registry.build({"type": "webhook", "url": http.url, "preset": preset}).send(hostile_alert())
        return [(preset if preset != "generic" else "json", http.requests[0].body.decode("utf-8"))]

    return sink


def _apprise(tmp_path: Path, smtp: Mailbox, http: Receiver) -> Output:
    port = http.url.split(":")[2].split("/")[0]
    registry.build({"type": "apprise", "urls": [f"json://127.0.0.1:{port}/"]}).send(hostile_alert())
    body = http.requests[0].json()
    return [("text", body["title"]), ("text", body["message"])]


SINKS = {
    "console": _console, "file": _file, "email": _email, "webhook-generic": _webhook("generic"),
    "webhook-slack": _webhook("slack"), "webhook-discord": _webhook("discord"), "apprise": _apprise,
}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("sink", SINKS.values(), ids=SINKS.keys())
def test_hostile_text_is_inert(sink, tmp_path: Path, smtp_server: Mailbox, receiver: Receiver) -> None:
    outputs = sink(tmp_path, smtp_server, receiver)
    assert outputs
    for fmt, out in outputs:
        if fmt == "html":
            assert "<script" not in out
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
            assert "{{ 7*7 }}" in out
        elif fmt == "json":
            texts = _strings(json.loads(out))
            assert any("<script>alert(1)</script> {{ 7*7 }} [bold red]x[/] @everyone" in t for t in texts)
        elif fmt == "slack":
            texts = _strings(json.loads(out))
            assert not any("<script>" in t for t in texts)
            assert any("&lt;script&gt;" in t and "{{ 7*7 }}" in t for t in texts)
        elif fmt == "discord":
            body = json.loads(out)
            assert body["allowed_mentions"] == {"parse": []}
            texts = _strings({k: v for k, v in body.items() if k != "allowed_mentions"})
            assert not any("<script>" in t or "[bold red]x[/]" in t for t in texts)  # markdown is escaped
            unescaped = [re.sub(r"\\(.)", r"\1", t) for t in texts]
            assert any("<script>alert(1)</script>" in t and "{{ 7*7 }}" in t for t in unescaped)
        else:
            assert "{{ 7*7 }}" in out and "@everyone" in out
            assert "[bold red]x[/]" in out  # printed, not applied as rich markup
