"""Delivering the alert outbox: retries, backoff, dead letters, bursts merged.

Alerts are rows written in the same transaction as the changes that caused
them. This module takes due rows (``claim_alerts`` leases them, so two
daemons never send the same row), sends each through its notifier, and marks
it delivered, retries it later with backoff, or dead-letters it after
``max_attempts``. A crash between sending and marking means the alert is
sent again after a restart with the same idempotency key, which the webhook
sends as a header and the file notifier uses as its file name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from monitor.notify.payload import merge_messages, notifier_configs, notifier_name
from monitor.store import (
    Alert,
    Engine,
    Watch,
    claim_alerts,
    mark_delivered,
    mark_failed,
    pending_after,
    session_scope,
    utcnow,
)

log = logging.getLogger("monitor")


@dataclass(frozen=True)
class DeliverySettings:
    max_attempts: int = 8
    first_retry: float = 10.0  # seconds; doubles with each attempt
    max_retry: float = 3600.0
    batch: int = 50
    lease_seconds: float = 120.0


def retry_delay(attempts: int, s: DeliverySettings) -> float:
    return min(s.max_retry, s.first_retry * 2 ** max(0, attempts - 1))


class Deliverer:
    """Sends due alerts. ``build`` turns a notifier config into a notifier
    (the registry's ``build`` by default); ``defaults`` are the notifier
    configs of watches that name none."""

    def __init__(
        self,
        engine: Engine,
        *,
        defaults: Iterable[dict[str, Any]] = (),
        settings: DeliverySettings | None = None,
        build: Callable[[dict[str, Any]], Any] | None = None,
        clock: Callable[[], datetime] = utcnow,
        report_url: Callable[[Alert], str | None] | None = None,
    ) -> None:
        from monitor.notify.registry import build as registry_build

        self.engine = engine
        self.defaults = list(defaults)
        self.settings = settings or DeliverySettings()
        self.build = build or registry_build
        self.clock = clock
        self.report_url = report_url
        self._cache: dict[str, Any] = {}
        self.sent = 0

    def _notifier(self, cfg: dict[str, Any]):
        import json

        key = json.dumps(cfg, sort_keys=True, default=str)
        if key not in self._cache:
            self._cache[key] = self.build(cfg)
        return self._cache[key]

    def _config(self, watch: Watch | None, name: str) -> dict[str, Any] | None:
        configs = notifier_configs(watch.notifiers if watch is not None else None, self.defaults)
        return next((c for c in configs if notifier_name(c) == name), None)

    def deliver_due(self) -> int:
        """One pass over the due alerts; returns how many were delivered."""
        from monitor.notify.base import AlertMessage, DeliveryError

        alerts = claim_alerts(self.engine, now=self.clock(), limit=self.settings.batch,
                              lease_seconds=self.settings.lease_seconds)
        delivered = 0
        done: set[int] = set()
        for alert in alerts:
            if alert.id in done:
                continue
            with session_scope(self.engine) as s:
                watch = s.get(Watch, alert.watch_id)
                if watch is not None:
                    s.expunge(watch)
                burst = self._burst(s, alert)
            cfg = self._config(watch, alert.notifier)
            ids = [a.id for a in burst]
            if cfg is None:
                self._fail(ids, f"no notifier named {alert.notifier!r} is configured any more", dead=True)
                continue
            payload = merge_messages([a.payload for a in burst])
            payload["key"] = alert.idempotency_key
            try:
                msg = AlertMessage.from_dict(payload)
                self._notifier(cfg).send(msg)
            except DeliveryError as e:
                self._fail(ids, str(e), dead=not e.transient, attempts=alert.attempts + 1)
                continue
            except Exception as e:  # a notifier bug or bad config: keep it, retry later
                self._fail(ids, f"{type(e).__name__}: {e}", dead=False, attempts=alert.attempts + 1)
                continue
            with session_scope(self.engine, write=True) as s:
                for i in ids:
                    mark_delivered(s, i, now=self.clock())
            done.update(ids)
            delivered += 1
        self.sent += delivered
        return delivered

    def _burst(self, s, alert: Alert) -> list[Alert]:
        """This alert and the pending change alerts of the same story and
        notifier that are held back for debouncing: one message for all."""
        window = float(alert.payload.get("debounce_seconds") or 0)
        if alert.payload.get("kind") != "changes" or window <= 0:
            return [alert]
        later = pending_after(s, alert, window)
        return [alert, *(a for a in later if a.payload.get("kind") == "changes")]

    def _fail(self, ids: list[int], error: str, *, dead: bool, attempts: int = 1) -> None:
        from monitor.config.secrets import mask_text

        # Stored, listed by `monitor alerts --failed` and logged: never with a token a notifier quoted.
        error = mask_text(error) or ""
        dead = dead or attempts >= self.settings.max_attempts
        when = self.clock() + timedelta(seconds=retry_delay(attempts, self.settings))
        with session_scope(self.engine, write=True) as s:
            for i in ids:
                mark_failed(s, i, error, when, dead=dead)
        log.warning(f"alert {ids[0]} {'dead-lettered' if dead else 'will be retried'}: {error}")
