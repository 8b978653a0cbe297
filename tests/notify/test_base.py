"""The alert record survives the outbox: JSON in, the same alert out."""

from __future__ import annotations

import json
from datetime import datetime

from monitor.notify.base import AlertMessage, DeliveryError
from monitor.notify.sample import sample_alert
from tests.notify.conftest import WHEN, hostile_alert


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
