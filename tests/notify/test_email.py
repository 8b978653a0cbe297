"""The email notifier against real SMTP servers (aiosmtpd) on 127.0.0.1: plain, STARTTLS with login, TLS."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest

from monitor.notify import registry
from monitor.notify.base import DeliveryError, NotifierConfigError
from monitor.notify.sample import sample_alert
from tests.notify.conftest import SMTP_PASSWORD, SMTP_USER, Cert, Mailbox, free_port, make_alert


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
    monkeypatch.setenv("MONITOR_SECRET_TEST_USER", "u")
    monkeypatch.delenv("MONITOR_SECRET_TEST_PASS", raising=False)
    with pytest.raises(DeliveryError, match="MONITOR_SECRET_TEST_PASS"):
        _notifier(smtp_server.port, username_env="MONITOR_SECRET_TEST_USER",
                  password_env="MONITOR_SECRET_TEST_PASS").send(sample_alert())


def _tls_notifier(port: int, cert: Cert, **extra):
    return _notifier(port, ca_file=str(cert.cert), **extra)


def test_starttls_with_login_from_env(smtp_login_server: Mailbox, tls_cert: Cert, monkeypatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_TEST_USER", SMTP_USER)
    monkeypatch.setenv("MONITOR_SECRET_TEST_PASS", SMTP_PASSWORD)
    _tls_notifier(smtp_login_server.port, tls_cert, security="starttls", username_env="MONITOR_SECRET_TEST_USER",
                  password_env="MONITOR_SECRET_TEST_PASS").send(sample_alert())
    assert [ok for _, ok in smtp_login_server.logins] == [True]
    msg = _parse(smtp_login_server.messages[0])
    assert "Officials said the talks would {+not+} resume" in msg.get_body(("plain",)).get_content()


def test_wrong_password_is_not_retried(smtp_login_server: Mailbox, tls_cert: Cert, monkeypatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_TEST_USER", SMTP_USER)
    monkeypatch.setenv("MONITOR_SECRET_TEST_PASS", "wrong")
    with pytest.raises(DeliveryError) as info:
        _tls_notifier(smtp_login_server.port, tls_cert, security="starttls", username_env="MONITOR_SECRET_TEST_USER",
                      password_env="MONITOR_SECRET_TEST_PASS").send(sample_alert())
    assert not info.value.transient and "535" in str(info.value)
    assert "wrong" not in str(info.value)  # the secret never reaches the error (and so the outbox)
    assert smtp_login_server.messages == []


def test_login_required_without_credentials_is_not_retried(smtp_login_server: Mailbox, tls_cert: Cert) -> None:
    with pytest.raises(DeliveryError) as info:
        _tls_notifier(smtp_login_server.port, tls_cert, security="starttls").send(sample_alert())
    assert not info.value.transient


def test_untrusted_certificate_is_not_retried(smtp_login_server: Mailbox) -> None:
    # Without ca_file the self-signed certificate is checked against the system's CAs and refused.
    with pytest.raises(DeliveryError) as info:
        _notifier(smtp_login_server.port, security="starttls").send(sample_alert())
    assert not info.value.transient and "not trusted" in str(info.value)


def test_implicit_tls(smtps_server: Mailbox, tls_cert: Cert) -> None:
    _tls_notifier(smtps_server.port, tls_cert, security="ssl").send(sample_alert())
    assert len(smtps_server.messages) == 1


def test_hostile_subject_cannot_add_headers(smtp_server: Mailbox) -> None:
    alert = make_alert(title="Breaking\r\nBcc: victim@example.com\r\n\r\nbody")
    _notifier(smtp_server.port).send(alert)
    msg = _parse(smtp_server.messages[0])
    assert msg["Bcc"] is None
    assert smtp_server.envelopes[0].rcpt_tos == ["desk@example.org"]
    assert msg["Subject"].startswith("[Story Monitor] Breaking Bcc: victim@example.com body: edited (negation)")


@pytest.mark.parametrize(
    ("extra", "words"),
    [({"password_env": "MONITOR_SECRET_X"}, ["email", "username_env"]),
     ({"to": ["desk@example.org\r\nBcc: x@example.org"]}, ["email", "to", "not an email address"]),
     ({"ca_file": "no/such/ca.pem"}, ["email", "ca_file", "not a file"])],
    ids=["password-without-user", "header-in-address", "missing-ca-file"],
)
def test_config_mistakes_are_one_line(extra: dict, words: list[str]) -> None:
    with pytest.raises(NotifierConfigError) as info:
        _notifier(25, **extra)
    assert "\n" not in str(info.value)
    for w in words:
        assert w in str(info.value)
