"""The daemon's Prometheus metrics (``monitor run --metrics-port``).

What a person running the monitor asks of it, each a series to alert on:

- ``monitor_checks_total{outcome}``: checks finished, by outcome
  (``first``, ``unchanged``, ``changed``, ``suspect``, ``failed``, ``lease_lost``);
- ``monitor_check_duration_seconds``: a check's own time (``duration_ms``,
  without its wait behind other checks);
- ``monitor_check_lag_seconds``: how late a check started against the time
  its watch was due: the one number that says whether the daemons keep up;
- ``monitor_checks_in_flight``;
- ``monitor_outbox_alerts{status}``: the outbox, read from the database at
  each scrape (it is shared by every daemon, so every daemon reports the same);
- ``monitor_delivery_failures_total{notifier}``: sends that failed, by the
  notifier's name, whatever the failure;
- ``monitor_extraction_worker_restarts_total``: worker processes killed for
  a deadline, memory or a crash, and replaced.

``prometheus_client`` writes the exposition format and serves it from a
thread; each daemon keeps its own registry, so two in one process (tests)
never share counters. The server listens on 127.0.0.1 unless told otherwise:
the numbers name no watch, but nothing about a newsroom's monitor needs to
be open to the network by default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from monitor.run.check import CheckReport
from monitor.store import Engine, outbox_counts, session_scope

log = logging.getLogger("monitor")

DEFAULT_HOST = "127.0.0.1"
# Seconds: from a check of a 304 (a few ms) to one near the default check timeout (30 s).
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# Seconds late: within a tick, within a minute, and the long tail of a daemon that cannot keep up.
LAG_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


class DaemonMetrics:
    """The metrics of one daemon; the daemon calls ``started`` and ``checked``, the CLI ``serve``."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.checks = Counter("monitor_checks", "Checks finished, by outcome.", ["outcome"], registry=r)
        self.duration = Histogram("monitor_check_duration_seconds", "A check's own time (not its wait in line).",
                                  buckets=DURATION_BUCKETS, registry=r)
        self.lag = Histogram("monitor_check_lag_seconds", "How late a check started against its watch's due time.",
                             buckets=LAG_BUCKETS, registry=r)
        self.in_flight = Gauge("monitor_checks_in_flight", "Checks running now.", registry=r)
        self.delivery_failures = Counter("monitor_delivery_failures", "Alert sends that failed, by notifier.",
                                         ["notifier"], registry=r)
        self._restarts: Callable[[], int] = lambda: 0
        r.register(_Live(self, engine))
        self._server: Any = None

    # -- call sites ----------------------------------------------------------

    def started(self, due: datetime | None, now: datetime) -> None:
        """A check starts: how late against its due time (never negative: a manual check runs early)."""
        self.in_flight.inc()
        if due is not None:
            self.lag.observe(max(0.0, (now - due).total_seconds()))

    def checked(self, report: CheckReport) -> None:
        self.in_flight.dec()
        self.checks.labels(report.outcome).inc()
        self.duration.observe(report.duration_ms / 1000)

    def abandoned(self) -> None:
        """A check that ended without a report (cancelled at shutdown, crashed)."""
        self.in_flight.dec()

    def track_workers(self, restarts: Callable[[], int]) -> None:
        """Where to read how many extraction workers were replaced (the round's, once it is open)."""
        self._restarts = restarts

    def counting(self, build: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
        """A notifier builder whose notifiers count their failed sends (for ``Deliverer(build=...)``)."""
        from monitor.notify.payload import notifier_name

        def counted(cfg: dict[str, Any]) -> Any:
            return _Counted(build(cfg), self.delivery_failures.labels(notifier_name(cfg)))

        return counted

    # -- serving -------------------------------------------------------------

    def serve(self, port: int, host: str = DEFAULT_HOST) -> tuple[str, int]:
        """Serves ``/metrics`` from a thread; returns the address bound (``port`` 0: any free one)."""
        server, _ = start_http_server(port, addr=host, registry=self.registry)
        self._server = server
        bound_host, bound_port = server.server_address[:2]
        return str(bound_host), int(bound_port)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Counted:
    """A notifier whose failed ``send`` is counted; everything else is the notifier's own."""

    def __init__(self, inner: Any, failures: Any) -> None:
        self._inner, self._failures = inner, failures

    def send(self, message: Any) -> Any:
        try:
            return self._inner.send(message)
        except Exception:
            self._failures.inc()
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Live(Collector):
    """Values read when scraped: the outbox from the database, the worker restarts from the round."""

    def __init__(self, metrics: DaemonMetrics, engine: Engine | None) -> None:
        self.metrics, self.engine = metrics, engine

    def describe(self) -> list:
        return []  # read at scrape time only: registering must not query the database

    def collect(self) -> Iterator[Any]:
        restarts = CounterMetricFamily("monitor_extraction_worker_restarts",
                                       "Extraction worker processes replaced (deadline, memory or crash).")
        restarts.add_metric([], self.metrics._restarts())
        yield restarts
        if self.engine is None:
            return
        try:
            with session_scope(self.engine) as s:
                counts = outbox_counts(s)
        except Exception as e:  # the database away: the scrape still answers, without the outbox
            log.warning(f"metrics: could not read the outbox: {e}")
            return
        outbox = GaugeMetricFamily("monitor_outbox_alerts", "Alerts in the outbox, by status.", labels=["status"])
        for status, n in sorted(counts.items()):
            outbox.add_metric([status], n)
        yield outbox
