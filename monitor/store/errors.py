"""The few exceptions the store raises, each with a message a user can act on.

They are ``MonitorError``s (the one root the CLI catches) and subclass builtins,
so callers can also catch them by meaning (``LookupError`` for "no such thing").
"""

from __future__ import annotations

from monitor.errors import MonitorError


class StoreError(MonitorError, RuntimeError):
    """The database cannot be used: bad URL, unreachable server, unknown schema."""


class WatchNotFound(MonitorError, LookupError):
    def __init__(self, ref: int | str) -> None:
        self.ref = ref
        super().__init__(f"no watch named or numbered {ref!r} (see `monitor list`)")

    def __str__(self) -> str:
        # LookupError would show the repr of args (quotes and all).
        return self.args[0]


class WatchExists(MonitorError, ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"a watch named {name!r} already exists; pick another name")


class AlertNotFound(MonitorError, LookupError):
    def __init__(self, alert_id: int) -> None:
        self.alert_id = alert_id
        super().__init__(f"no alert with id {alert_id}")

    def __str__(self) -> str:
        return self.args[0]


class LeaseLost(MonitorError, RuntimeError):
    """Another worker took the watch over; this worker's results must be dropped.

    Raised instead of writing, so a slow or paused worker can never overwrite
    the work of the one that reclaimed its expired lease.
    """

    def __init__(self, watch_id: int) -> None:
        self.watch_id = watch_id
        super().__init__(
            f"lease on watch {watch_id} was lost (expired and taken over); result discarded"
        )


class VersionNotFound(MonitorError, LookupError):
    def __init__(self, watch: str, version: int, latest: int | None) -> None:
        self.version = version
        # Retention may have pruned early versions, so name the newest only.
        have = f"the newest is {latest}" if latest else "it has no versions yet"
        super().__init__(f"watch {watch!r} has no version {version} ({have})")

    def __str__(self) -> str:
        return self.args[0]
