"""The webhook notifier against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from monitor.notify import registry
from monitor.notify.base import AlertMessage, DeliveryError, NotifierConfigError
from monitor.notify.schema import WEBHOOK_SCHEMA, schema_markdown
from monitor.notify.webhook import (
    DISCORD_CONTENT,
    DISCORD_DESCRIPTION,
    DISCORD_EMBEDS,
    DISCORD_TITLE,
    DISCORD_TOTAL,
    SLACK_BLOCKS,
    SLACK_TEXT,
    sign,
)
from tests.notify.conftest import Receiver, free_port, huge_alert, make_alert


def _hook(url: str, **extra):
    return registry.build({"type": "webhook", "url": url, "timeout": 2, **extra})


def test_generic_payload_is_signed(receiver: Receiver, monkeypatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_HOOK", "s3cret")
    alert = make_alert()
    _hook(receiver.url, secret_env="MONITOR_SECRET_HOOK").send(alert)
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


def test_literal_secret_signs_too(receiver: Receiver) -> None:
    _hook(receiver.url, secret="k").send(make_alert())
    req = receiver.requests[0]
    assert req.headers["x-monitor-signature"] == sign(b"k", req.body)


def test_missing_secret_env_is_not_retried(receiver: Receiver, monkeypatch) -> None:
    monkeypatch.delenv("MONITOR_SECRET_NO_SUCH", raising=False)
    with pytest.raises(DeliveryError, match="MONITOR_SECRET_NO_SUCH") as info:
        _hook(receiver.url, secret_env="MONITOR_SECRET_NO_SUCH").send(make_alert())
    assert not info.value.transient and receiver.requests == []


@pytest.mark.parametrize("status", [301, 302, 307, 308], ids=str)
def test_redirect_is_reported_not_followed(receiver: Receiver, status: int) -> None:
    # urllib would re-send a redirected POST as a bodiless GET and call it delivered.
    receiver.status = status
    receiver.headers = {"Location": "https://elsewhere.example/hook"}
    with pytest.raises(DeliveryError) as info:
        _hook(receiver.url).send(make_alert())
    assert not info.value.transient
    assert "https://elsewhere.example/hook" in str(info.value)
    assert len(receiver.requests) == 1


def test_header_with_line_break_is_a_config_error() -> None:
    with pytest.raises(NotifierConfigError, match="webhook.*headers"):
        registry.build({"type": "webhook", "url": "https://x.example", "headers": {"X-A": "1\r\nX-B: 2"}})


def test_generic_body_matches_the_documented_schema(receiver: Receiver) -> None:
    from monitor.notify.sample import sample_alert

    for alert in (make_alert(), huge_alert(n=3, size=100), sample_alert(),
                  make_alert(changes=(), kind="failing")):
        _hook(receiver.url).send(alert)
    for req in receiver.requests:
        assert_matches(req.json(), WEBHOOK_SCHEMA)
        assert set(req.json()) == set(WEBHOOK_SCHEMA["properties"])


def test_schema_markdown_documents_every_key() -> None:
    doc = schema_markdown()
    for key in [*WEBHOOK_SCHEMA["properties"], "X-Monitor-Signature", "Idempotency-Key"]:
        assert f"`{key}`" in doc


@pytest.mark.parametrize("preset", ["slack", "discord"])
def test_report_on_disk_is_named_not_linked(receiver: Receiver, preset: str) -> None:
    # Discord refuses a whole message whose embed url is not http(s); a file path must stay text.
    alert = make_alert(changes=huge_alert(n=60, size=100).changes, report_url="alerts/2024-story.html")
    _hook(receiver.url, preset=preset).send(alert)
    body = receiver.requests[0].json()
    assert "2024-story.html" in json.dumps(body)
    for embed in body.get("embeds", []):
        assert embed.get("url", "https://").startswith(("http://", "https://"))
    assert "<alerts/" not in json.dumps(body)


@pytest.mark.parametrize("preset", ["slack", "discord"])
def test_small_alert_names_the_report(receiver: Receiver, preset: str) -> None:
    alert = make_alert()
    _hook(receiver.url, preset=preset).send(alert)
    assert alert.report_url in json.dumps(receiver.requests[0].json())


def test_status_alert_in_chat(receiver: Receiver) -> None:
    alert = make_alert(changes=(), kind="failing")
    alert = AlertMessage(**{**alert.__dict__, "error": "HTTP 503 from news.example"})
    _hook(receiver.url, preset="slack").send(alert)
    _hook(receiver.url, preset="discord").send(alert)
    slack, discord = (r.json() for r in receiver.requests)
    assert "HTTP 503" in slack["blocks"][0]["text"]["text"]
    assert "HTTP 503" in discord["content"]


_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict,
          "array": list, "null": type(None)}


def assert_matches(value, schema: dict, where: str = "body") -> None:
    """The subset of JSON Schema the documented schema uses: type, enum, const, required, properties, items."""
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r}"
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(isinstance(value, _TYPES[k]) and not (k in ("integer", "number") and isinstance(value, bool))
                   for k in kinds), f"{where}: {value!r} is not {kinds}"
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            assert key in value, f"{where}: missing {key}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                assert_matches(value[key], sub, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            assert_matches(item, schema["items"], f"{where}[{i}]")
