"""The apprise notifier, delivering to a local JSON receiver through ``json://``."""

from __future__ import annotations

import sys

import pytest

from monitor.notify import registry
from monitor.notify.base import DeliveryError, NotifierConfigError
from monitor.notify.sample import sample_alert
from tests.notify.conftest import Receiver, free_port


def test_delivers_through_apprise(receiver: Receiver) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    registry.build({"type": "apprise", "urls": [f"json://127.0.0.1:{port}/hook"]}).send(sample_alert())
    (req,) = receiver.requests
    body = req.json()
    assert body["title"].startswith("[Story Monitor] Talks to resume (sample)")
    assert "{+not+}" in body["message"]


def test_failure_is_transient() -> None:
    n = registry.build({"type": "apprise", "urls": [f"json://127.0.0.1:{free_port()}/"]})
    with pytest.raises(DeliveryError) as info:
        n.send(sample_alert())
    assert info.value.transient


def test_bad_url_is_a_config_error() -> None:
    with pytest.raises(NotifierConfigError, match="urls"):
        registry.build({"type": "apprise", "urls": ["notaservice://secret-token"]})


def test_missing_library_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "apprise", None)  # what an environment without the extra looks like
    assert "apprise" in registry.available()  # still listed, with its help
    with pytest.raises(NotifierConfigError) as info:
        registry.build({"type": "apprise", "urls": ["json://127.0.0.1:9/"]})
    assert "pip install 'story-monitor[apprise]'" in str(info.value)
    assert str(info.value).startswith("notifier 'apprise'")
