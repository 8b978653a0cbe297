"""The daemon's view of whether its database is there: one line when it goes, one when it is back.

While the database is unavailable every part of the daemon fails at once and
keeps failing (claims every tick, the lease heartbeat, the result writer, the
outbox), so logging each failure would bury the one fact that matters in
hundreds of lines. Each part reports here instead; the first failure of an
outage is logged at ERROR with its reason, the rest at DEBUG, and the first
success after it says how long the outage lasted. Reports come from the
event loop and from the writer's thread alike, hence the lock.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("monitor")


class Outage:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: float | None = None  # monotonic time of the first failure, None while all is well
        self.outages = 0  # how many have begun, for tests and status

    @property
    def down(self) -> bool:
        return self.since is not None

    def failed(self, what: str, reason: str) -> None:
        with self._lock:
            first = self.since is None
            if first:
                self.since = time.monotonic()
                self.outages += 1
        if first:
            log.error(f"database unavailable ({what}: {reason}); checks in flight keep their results "
                      "in memory and no new work is claimed until it is back; retrying")
        else:
            log.debug(f"database still unavailable ({what}: {reason})")

    def ok(self, what: str) -> None:
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            log.warning(f"database available again after {time.monotonic() - since:.1f} s ({what}); resuming")

    def writer(self, reason: str | None) -> None:
        """``CheckWriter.on_unavailable``: a reason while it holds results, None once they are written."""
        if reason is None:
            self.ok("held check results written")
        else:
            self.failed("recording checks", reason)
