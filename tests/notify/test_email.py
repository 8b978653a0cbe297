"""The email notifier against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest

from monitor.notify import registry
from monitor.notify.base import DeliveryError
from monitor.notify.sample import sample_alert
from tests.notify.conftest import Mailbox, free_port


def _notifier(port: int, **extra):
    return registry.build({"type": "email", "host": "127.0.0.1", "port": port, "security": "none",
                           "from_addr": "monitor@example.org", "to": ["desk@example.org"], "timeout": 5, **extra})


def _parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_sends_text_and_html(smtp_server: Mailbox) -> None:
    alert = sample_alert(key="watch1:changes:1:mail")
    _notifier(smtp_server.port).send(alert)
    assert len(smtp_server.messages) == 1
    msg = _parse(smtp_server.messages[0])
    assert msg["Subject"] == ("[Story Monitor] Talks to resume (sample): edited (negation): "
                              "Officials said the talks would not resume on Monday.")
    assert msg["To"] == "desk@example.org"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Officials said the talks would {+not+} resume on Monday." in text
    assert "<ins>not </ins>" in html
    assert smtp_server.envelopes[0].rcpt_tos == ["desk@example.org"]


def test_same_alert_same_message_id(smtp_server: Mailbox) -> None:
    n = _notifier(smtp_server.port)
    alert = sample_alert(key="k")
    n.send(alert)
    n.send(alert)
    ids = {_parse(m)["Message-ID"] for m in smtp_server.messages}
    assert len(ids) == 1


def test_server_down_is_transient() -> None:
    with pytest.raises(DeliveryError) as info:
        _notifier(free_port()).send(sample_alert())
    assert info.value.transient


@pytest.mark.parametrize(("reply", "transient"), [("451 4.3.0 try again later", True),
                                                  ("554 5.7.1 rejected", False)], ids=["4xx", "5xx"])
def test_smtp_reply_decides_retry(smtp_server: Mailbox, reply: str, transient: bool) -> None:
    smtp_server.reply = reply
    with pytest.raises(DeliveryError) as info:
        _notifier(smtp_server.port).send(sample_alert())
    assert info.value.transient is transient
    assert reply.split()[0] in str(info.value)


def test_starttls_unsupported_is_not_retried(smtp_server: Mailbox) -> None:
    with pytest.raises(DeliveryError) as info:
        _notifier(smtp_server.port, security="starttls").send(sample_alert())
    assert not info.value.transient


def test_missing_password_env_is_clear(smtp_server: Mailbox, monkeypatch) -> None:
    monkeypatch.setenv("SM_TEST_USER", "u")
    monkeypatch.delenv("SM_TEST_PASS", raising=False)
    with pytest.raises(DeliveryError, match="SM_TEST_PASS"):
        _notifier(smtp_server.port, username_env="SM_TEST_USER", password_env="SM_TEST_PASS").send(sample_alert())
