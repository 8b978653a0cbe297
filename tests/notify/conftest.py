"""Real servers on 127.0.0.1 for the notifier tests: an HTTP receiver and SMTP servers (plain, STARTTLS
with login, implicit TLS), with a self-signed certificate made at test time."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from monitor.diff.model import Change, UpdateGroup
from monitor.diff.summary import summarize
from monitor.notify.base import AlertMessage

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} [bold red]x[/] @everyone"
WHEN = datetime(2024, 5, 1, 12, 30, 5, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_alert(*, changes: tuple[Change, ...] | None = None, title: str = "Talks in Istanbul",
               key: str = "watch1:changes:1:hook", report_url: str | None = "https://reports.example/r/1",
               watch: str = "istanbul-talks", kind: str = "changes",
               groups: tuple[UpdateGroup, ...] = ()) -> AlertMessage:
    if changes is None:
        changes = (
            Change(kind="edited", old="The talks will resume on Monday.", new="The talks will not resume on Monday.",
                   old_at=((0, 0),), new_at=((0, 0),), aspects=("negation",), significance=0.9,
                   reason="negation added"),
        )
    return AlertMessage(
        key=key, kind=kind, watch=watch, url="https://news.example/story", title=title, created_at=WHEN,
        changes=changes, groups=groups, significance=max((c.significance for c in changes), default=0.0),
        summary=summarize(changes, groups), version=2, report_url=report_url, error=None,
    )


def hostile_alert() -> AlertMessage:
    """Page text written by someone who would like to run code in our alerts."""
    changes = (
        Change(kind="edited", old="Officials said 3 people were hurt.",
               new=f"Officials said 4 people were hurt. {HOSTILE}",
               old_at=((0, 0),), new_at=((0, 0),), aspects=("numbers",), significance=0.8, reason=HOSTILE),
        Change(kind="added", old=None, new=f"Update: {HOSTILE}", new_at=((1, 0),), significance=0.5, group=1),
    )
    groups = (UpdateGroup(id=1, trigger="marker", heading=f"Update {HOSTILE}", new_at=((1, 0),)),)
    return make_alert(changes=changes, title=f"Story {HOSTILE}", groups=groups)


def huge_alert(n: int = 200, size: int = 5000) -> AlertMessage:
    """Far beyond any chat service's limits; ``&`` and ``<`` grow when escaped."""
    unit = "Fighting & <shelling> resumed near the border. "
    changes = tuple(
        Change(kind="edited", old=(f"{i} " + unit * (size // len(unit) + 1))[:size],
               new=(f"{i + 1} " + unit * (size // len(unit) + 1))[:size], old_at=((i, 0),), new_at=((i, 0),),
               aspects=("numbers",), significance=(i % 10) / 10, reason="number changed")
        for i in range(n)
    )
    return make_alert(changes=changes, title="Huge " + "&" * 400)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A local HTTP endpoint that records every POST and answers as told."""

    url: str
    requests: list[Received] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)  # sent with every answer, e.g. Location


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if state.delay:
                time.sleep(state.delay)
            payload = b'{"ok": true}' if state.status < 400 else b"nope"
            try:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in state.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as port:
        state.url = f"http://127.0.0.1:{port}/hook"
        yield state


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """An HTTP server on a free loopback port, in a thread, for the block's duration; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    port: int
    messages: list[bytes] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)
    reply: str = "250 OK"
    logins: list[tuple[str, bool]] = field(default_factory=list)


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        box = self.box
        if box.reply.startswith("250"):
            box.messages.append(envelope.original_content or envelope.content)
            box.envelopes.append(envelope)
        return box.reply


def _serve(box: Mailbox, **smtp_options: Any) -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    controller = Controller(_Handler(box), hostname="127.0.0.1", port=box.port, **smtp_options)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """A plain SMTP server (no TLS, no login)."""
    yield from _serve(Mailbox(port=free_port()))


@dataclass(frozen=True)
class Cert:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> Cert:
    """A self-signed certificate for 127.0.0.1, made now with the openssl command (the stdlib cannot)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return Cert(cert, key)


SMTP_USER, SMTP_PASSWORD = "desk", "correct horse"


@pytest.fixture
def smtp_login_server(tls_cert: Cert) -> Iterator[Mailbox]:
    """STARTTLS required, and a login (only over TLS) with ``SMTP_USER``/``SMTP_PASSWORD``."""
    from aiosmtpd.smtp import AuthResult, LoginPassword

    box = Mailbox(port=free_port())

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            SMTP_USER.encode(), SMTP_PASSWORD.encode())
        box.logins.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)  # let aiosmtpd answer 535 on failure

    yield from _serve(box, tls_context=tls_cert.server_context(), require_starttls=True,
                      authenticator=authenticator, auth_required=True, auth_require_tls=True)


@pytest.fixture
def smtps_server(tls_cert: Cert) -> Iterator[Mailbox]:
    """Implicit TLS from the first byte (port-465 style)."""
    yield from _serve(Mailbox(port=free_port()), ssl_context=tls_cert.server_context())
