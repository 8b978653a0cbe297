"""Delivering the alert outbox: retries, backoff, dead letters, debounced batches merged.

Alerts are rows written in the same transaction as the changes that caused
them, one per configured notifier of the watch (each its own receiver). This
module takes due rows (``claim_alerts`` leases them, so two daemons never
send the same row), sends each through its notifier, and marks it
delivered, retries it later with backoff, or dead-letters it after
``max_attempts``. A crash between sending and marking means the alert is
sent again after a restart with the same idempotency key, which the webhook
sends as a header and the file notifier uses as its file name.

Every send runs in a thread of its own and can be abandoned at ``stop_by``
(a ``time.monotonic`` deadline the daemon sets on SIGTERM): a receiver that
never answers cannot hold the process past its shutdown deadline. Alerts cut
off so, and those not reached, are handed back due at once, with no attempt
counted, and go out at the next pass of any daemon.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from monitor.notify.payload import merge_messages, named_notifiers
from monitor.store import (
    Alert,
    Engine,
    Watch,
    claim_alerts,
    mark_delivered,
    mark_failed,
    release_alerts,
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


class CutOff(Exception):  # noqa: N818 - a signal between two methods, never raised to a caller
    """The shutdown deadline passed while a notifier was still sending."""


class Deliverer:
    """Sends due alerts. ``build`` turns a notifier config into a notifier
    (the registry's ``build`` by default); ``defaults`` are the notifier
    configs of watches that name none. ``stop_by`` (``time.monotonic()``
    seconds, None: no deadline) bounds every pass, including one in progress."""

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
        self.stop_by: float | None = None

    def _notifier(self, cfg: dict[str, Any]):
        key = json.dumps(cfg, sort_keys=True, default=str)
        if key not in self._cache:
            self._cache[key] = self.build(cfg)
        return self._cache[key]

    def _config(self, watch: Watch | None, name: str) -> dict[str, Any] | None:
        named = named_notifiers(watch.notifiers if watch is not None else None, self.defaults)
        return next((c for n, c in named if n == name), None)

    def _past_deadline(self) -> bool:
        return self.stop_by is not None and time.monotonic() >= self.stop_by

    def deliver_due(self) -> int:
        """One pass over the due alerts; returns how many messages were delivered."""
        if self._past_deadline():
            return 0
        alerts = claim_alerts(self.engine, now=self.clock(), limit=self.settings.batch,
                              lease_seconds=self.settings.lease_seconds)
        batches = _batches(alerts)
        delivered = 0
        for i, batch in enumerate(batches):
            try:
                if self._past_deadline():
                    raise CutOff
                delivered += self._deliver(batch)
            except CutOff:
                left = [a.id for b in batches[i:] for a in b if a.id is not None]
                with session_scope(self.engine, write=True) as s:
                    release_alerts(s, left, now=self.clock())
                log.warning(f"alert delivery cut off by the shutdown deadline; {len(left)} "
                            f"alert{'s' if len(left) != 1 else ''} left pending for the next start")
                break
        self.sent += delivered
        return delivered

    def _deliver(self, batch: list[Alert]) -> int:
        from monitor.notify.base import AlertMessage, DeliveryError

        alert = batch[0]
        ids = [a.id for a in batch if a.id is not None]
        with session_scope(self.engine) as s:
            watch = s.get(Watch, alert.watch_id)
            if watch is not None:
                s.expunge(watch)
        cfg = self._config(watch, alert.notifier)
        if cfg is None:
            self._fail(ids, f"no notifier named {alert.notifier!r} is configured any more", dead=True)
            return 0
        payload = merge_messages([a.payload for a in batch])
        payload["key"] = alert.idempotency_key
        try:
            msg = AlertMessage.from_dict(payload)
            self._send(self._notifier(cfg), msg)
        except CutOff:
            raise
        except DeliveryError as e:
            self._fail(ids, str(e), dead=not e.transient, attempts=alert.attempts + 1)
            return 0
        except Exception as e:  # a notifier bug or bad config: keep it, retry later
            self._fail(ids, f"{type(e).__name__}: {e}", dead=False, attempts=alert.attempts + 1)
            return 0
        with session_scope(self.engine, write=True) as s:
            for i in ids:
                mark_delivered(s, i, now=self.clock())
        return 1

    def _send(self, notifier: Any, msg: Any) -> None:
        """``notifier.send(msg)`` in a thread of its own, abandoned (``CutOff``) at ``stop_by``.

        The thread is a daemon thread: a send that never returns is left behind
        and ends with the process, instead of holding its exit."""
        outcome: list[BaseException] = []

        def run() -> None:
            try:
                notifier.send(msg)
            except BaseException as e:  # noqa: BLE001 - handed to the caller below
                outcome.append(e)

        thread = threading.Thread(target=run, name="alert-send", daemon=True)
        thread.start()
        while thread.is_alive():
            if self.stop_by is None:
                thread.join(0.5)
                continue
            left = self.stop_by - time.monotonic()
            if left <= 0:
                raise CutOff
            thread.join(min(left, 0.5))
        if outcome:
            raise outcome[0]

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


def _batches(alerts: list[Alert]) -> list[list[Alert]]:
    """The claimed alerts as messages: the change alerts of one story and
    receiver that debouncing gave the same slot go out as one, oldest first;
    every other alert alone."""
    out: list[list[Alert]] = []
    slots: dict[tuple[int, str, datetime], list[Alert]] = {}
    for a in alerts:
        if a.not_before is None or a.payload.get("kind") != "changes":
            out.append([a])
            continue
        key = (a.watch_id, a.notifier, a.not_before)
        if key in slots:
            slots[key].append(a)
        else:
            slots[key] = [a]
            out.append(slots[key])
    return out
