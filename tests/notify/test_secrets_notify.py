"""Notifiers read their secrets from env:MONITOR_SECRET_* references at send time and never quote them."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from monitor.notify import registry
from monitor.notify.base import DeliveryError, NotifierConfigError
from monitor.notify.sample import sample_alert
from tests.notify.conftest import SMTP_PASSWORD, SMTP_USER, Cert, Mailbox, Receiver, make_alert

TOKEN = "pathTOKEN0123456789abcdef"


def test_webhook_url_secret_and_headers_come_from_references(receiver: Receiver, monkeypatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_HOOK_URL", f"{receiver.url}/{TOKEN}")
    monkeypatch.setenv("MONITOR_SECRET_HOOK_KEY", "hmac-key")
    monkeypatch.setenv("MONITOR_SECRET_HOOK_AUTH", "Bearer abc123")
    hook = registry.build({"type": "webhook", "url": "env:MONITOR_SECRET_HOOK_URL", "timeout": 2,
                           "secret": "env:MONITOR_SECRET_HOOK_KEY",
                           "headers": {"Authorization": "env:MONITOR_SECRET_HOOK_AUTH"}})
    hook.send(make_alert())
    (req,) = receiver.requests
    assert req.path == f"/hook/{TOKEN}"
    assert req.headers["authorization"] == "Bearer abc123"
    assert req.headers["x-monitor-signature"] == "sha256=" + hmac.new(b"hmac-key", req.body,
                                                                      hashlib.sha256).hexdigest()


def test_a_missing_reference_is_a_permanent_failure_naming_the_variable(receiver: Receiver, monkeypatch) -> None:
    monkeypatch.delenv("MONITOR_SECRET_ABSENT", raising=False)
    hook = registry.build({"type": "webhook", "url": "env:MONITOR_SECRET_ABSENT"})
    with pytest.raises(DeliveryError, match="MONITOR_SECRET_ABSENT is not set") as info:
        hook.send(make_alert())
    assert not info.value.transient and receiver.requests == []


@pytest.mark.parametrize("status", [404, 500])
def test_a_delivery_error_names_the_hook_masked(receiver: Receiver, status: int) -> None:
    receiver.status = status
    hook = registry.build({"type": "webhook", "url": f"{receiver.url}/{TOKEN}?token=q1w2e3r4", "timeout": 2})
    with pytest.raises(DeliveryError) as info:
        hook.send(make_alert())
    message = str(info.value)
    assert f"answered {status}" in message
    assert TOKEN not in message and "q1w2e3r4" not in message
    assert f"{receiver.url}/***?token=***" in message


def test_a_connection_error_names_the_hook_masked() -> None:
    hook = registry.build({"type": "webhook", "url": f"http://127.0.0.1:9/hooks/{TOKEN}", "timeout": 2})
    with pytest.raises(DeliveryError) as info:
        hook.send(make_alert())
    assert TOKEN not in str(info.value) and "http://127.0.0.1:9/hooks/***" in str(info.value)


@pytest.mark.parametrize("options", [{"secret_env": "HOME"}, {"secret": "env:PATH"},
                                     {"headers": {"Authorization": "env:AWS_SECRET_ACCESS_KEY"}},
                                     {"url": "env:HOME"}])
def test_webhook_reads_no_variable_outside_the_prefix(options: dict) -> None:
    with pytest.raises(NotifierConfigError, match="cannot be read as a secret"):
        registry.build({"type": "webhook", "url": "http://127.0.0.1:9/x", **options})


def test_email_login_from_prefixed_variables(smtp_login_server: Mailbox, tls_cert: Cert, monkeypatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_SMTP_USER", SMTP_USER)
    monkeypatch.setenv("MONITOR_SECRET_SMTP_PASS", SMTP_PASSWORD)
    registry.build({"type": "email", "host": "127.0.0.1", "port": smtp_login_server.port, "security": "starttls",
                    "to": ["desk@example.org"], "timeout": 5, "ca_file": str(tls_cert.cert),
                    "username_env": "MONITOR_SECRET_SMTP_USER",
                    "password_env": "MONITOR_SECRET_SMTP_PASS"}).send(sample_alert())
    assert smtp_login_server.logins and smtp_login_server.logins[-1][1] is True
    assert len(smtp_login_server.messages) == 1


def test_email_reads_no_variable_outside_the_prefix(monkeypatch) -> None:
    monkeypatch.delenv("MONITOR_SECRET_ALLOW", raising=False)
    with pytest.raises(NotifierConfigError, match="option 'password_env': environment variable HOME"):
        registry.build({"type": "email", "to": ["a@example.org"], "username_env": "MONITOR_SECRET_U",
                        "password_env": "HOME"})
