"""The webhook notifier against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from monitor.notify import registry
from monitor.notify.base import AlertMessage, DeliveryError
from monitor.notify.webhook import (
    DISCORD_CONTENT,
    DISCORD_DESCRIPTION,
    DISCORD_EMBEDS,
    DISCORD_TITLE,
    DISCORD_TOTAL,
    SLACK_BLOCKS,
    SLACK_TEXT,
)
from tests.notify.conftest import Receiver, free_port, huge_alert, make_alert


def _hook(url: str, **extra):
    return registry.build({"type": "webhook", "url": url, "timeout": 2, **extra})


def test_generic_payload_is_signed(receiver: Receiver, monkeypatch) -> None:
    monkeypatch.setenv("SM_HOOK_SECRET", "s3cret")
    alert = make_alert()
    _hook(receiver.url, secret_env="SM_HOOK_SECRET").send(alert)
    (req,) = receiver.requests
    expected = "sha256=" + hmac.new(b"s3cret", req.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(req.headers["x-monitor-signature"], expected)
    assert req.headers["idempotency-key"] == alert.key
    assert req.headers["content-type"].startswith("application/json")
    body = req.json()
    for key in ("schema", "key", "kind", "watch", "url", "title", "created_at", "significance", "summary",
                "version", "report_url", "error", "changes", "groups"):
        assert key in body
    assert AlertMessage.from_dict(body) == alert
    assert body["subject"].startswith("[Story Monitor] Talks in Istanbul")


def test_unsigned_without_secret(receiver: Receiver) -> None:
    _hook(receiver.url).send(make_alert())
    assert "x-monitor-signature" not in receiver.requests[0].headers


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (429, True), (400, False),
                                                   (404, False)], ids=str)
def test_status_decides_retry(receiver: Receiver, status: int, transient: bool) -> None:
    receiver.status = status
    with pytest.raises(DeliveryError) as info:
        _hook(receiver.url).send(make_alert())
    assert info.value.transient is transient
    assert str(status) in str(info.value)


def test_slow_server_times_out_transiently(receiver: Receiver) -> None:
    receiver.delay = 1.0
    with pytest.raises(DeliveryError) as info:
        _hook(receiver.url, timeout=0.2).send(make_alert())
    assert info.value.transient and "timed out" in str(info.value)


def test_connection_refused_is_transient() -> None:
    with pytest.raises(DeliveryError) as info:
        _hook(f"http://127.0.0.1:{free_port()}/").send(make_alert())
    assert info.value.transient


def test_slack_huge_alert_fits(receiver: Receiver) -> None:
    alert = huge_alert()
    _hook(receiver.url, preset="slack").send(alert)
    (req,) = receiver.requests
    body = req.json()
    assert len(body["text"]) <= SLACK_TEXT
    assert len(body["blocks"]) <= SLACK_BLOCKS
    assert sum(len(json.dumps(b)) for b in body["blocks"]) < 30000
    for block in body["blocks"]:
        texts = [block["text"]["text"]] if "text" in block else [e["text"] for e in block["elements"]]
        assert all(len(t) <= SLACK_TEXT for t in texts)
    tail = json.dumps(body["blocks"][-1])
    assert "more changes" in tail and alert.report_url in tail
    assert "<shelling>" not in req.body.decode()
    assert "&lt;shelling&gt;" in req.body.decode()


def test_discord_huge_alert_fits(receiver: Receiver) -> None:
    alert = huge_alert()
    _hook(receiver.url, preset="discord").send(alert)
    (req,) = receiver.requests
    body = req.json()
    assert len(body["content"]) <= DISCORD_CONTENT
    assert len(body["embeds"]) <= DISCORD_EMBEDS
    total = 0
    for e in body["embeds"]:
        assert len(e.get("title", "")) <= DISCORD_TITLE
        assert len(e.get("description", "")) <= DISCORD_DESCRIPTION
        total += len(e.get("title", "")) + len(e.get("description", ""))
    assert total <= DISCORD_TOTAL
    assert body["allowed_mentions"] == {"parse": []}
    assert alert.report_url in json.dumps(body["embeds"][-1])


def test_small_slack_alert_keeps_word_marks(receiver: Receiver) -> None:
    _hook(receiver.url, preset="slack").send(make_alert())
    text = json.dumps(receiver.requests[0].json())
    assert "*not*" in text
