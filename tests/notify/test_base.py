"""The alert record survives the outbox: JSON in, the same alert out."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from monitor.diff.model import Change
from monitor.notify.base import AlertMessage, DeliveryError, headline
from monitor.notify.sample import sample_alert
from tests.notify.conftest import WHEN, hostile_alert, make_alert


def test_round_trip_through_json() -> None:
    alert = sample_alert(key="k1", created_at=WHEN)
    payload = json.loads(json.dumps(alert.to_dict()))
    assert payload["schema"] == 1
    assert payload["created_at"] == "2024-05-01T12:30:05+00:00"
    assert AlertMessage.from_dict(payload) == alert


def test_from_dict_tolerates_missing_optional_keys() -> None:
    msg = AlertMessage.from_dict({"key": "k", "kind": "failing", "watch": "w", "url": "https://x",
                                  "created_at": "2024-05-01T12:00:00"})
    assert msg.changes == () and msg.groups == ()
    assert msg.version is None and msg.report_url is None and msg.error is None
    assert msg.title == "w"
    assert msg.created_at.tzinfo is not None  # naive timestamps are read as UTC


def test_lists_become_tuples() -> None:
    alert = hostile_alert()
    again = AlertMessage(**{**alert.__dict__, "changes": list(alert.changes), "groups": list(alert.groups)})
    assert again == alert and isinstance(again.changes, tuple)
    assert isinstance(again.created_at, datetime)


def test_delivery_error_carries_transient() -> None:
    e = DeliveryError("later", transient=True)
    assert e.transient and str(e) == "later"


def test_headline_is_the_most_significant_change() -> None:
    alert = sample_alert()
    assert headline(alert) == "edited (negation): Officials said the talks would not resume on Monday."
    assert headline(make_alert(changes=(), kind="failing")) in ("failing", "failing: ")
    failing = AlertMessage(**{**make_alert(changes=(), kind="failing").__dict__, "error": "HTTP 503\nretry"})
    assert headline(failing) == "failing: HTTP 503 retry"
    assert headline(make_alert(changes=(), kind="recovered")) == "reachable again"


def test_unknown_kind_is_refused() -> None:
    payload = {**sample_alert().to_dict(), "kind": "gossip"}
    with pytest.raises(ValueError, match="gossip"):
        AlertMessage.from_dict(payload)


def test_reversions_survive_the_outbox() -> None:
    change = Change(kind="edited", old="b", new="a", significance=0.5, details=(("reversion", "earlier"),))
    alert = make_alert(changes=(*sample_alert().changes, change))
    assert alert.reversions == (change,)
    again = AlertMessage.from_dict(json.loads(json.dumps(alert.to_dict())))
    assert again == alert and again.reversions == (change,)
    # A payload merged by the deliverer has no "reversions" of its own: they come back from the changes.
    payload = alert.to_dict()
    del payload["reversions"]
    assert AlertMessage.from_dict(payload).reversions == (change,)
