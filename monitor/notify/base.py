"""What every notifier shares: the alert it is given and the errors it raises.

The pipeline stores ``AlertMessage.to_dict()`` in the outbox in the same
transaction as the changes; the deliverer rebuilds it with ``from_dict`` and
hands it to ``Notifier.send``. Keeping the message a plain frozen record means
a notifier never needs the store, and a retried alert is byte-for-byte the
same alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from monitor.config.secrets import mask_text, public_url
from monitor.diff.model import Change, UpdateGroup
from monitor.diff.summary import headline as change_headline
from monitor.diff.summary import most_significant
from monitor.errors import MonitorError

AlertKind = Literal["changes", "failing", "recovered", "test"]
ALERT_KINDS: tuple[str, ...] = ("changes", "failing", "recovered", "test")

PAYLOAD_SCHEMA = 1


def _aware(value: datetime) -> datetime:
    # Outbox rows from SQLite may come back naive; they were written as UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class VersionPart:
    """One stored version an alert covers: a debounced alert covers several."""

    version: int | None
    created_at: datetime
    summary: str
    changes: int  # how many of the alert's changes are this version's

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "created_at": self.created_at.isoformat(), "summary": self.summary,
                "changes": self.changes}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> VersionPart:
        version = d.get("version")
        return cls(version=int(version) if version is not None else None, created_at=_when(d.get("created_at")),
                   summary=str(d.get("summary") or ""), changes=int(d.get("changes") or 0))


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        return _aware(value)
    if value:
        return _aware(datetime.fromisoformat(str(value)))
    return datetime.now(UTC)


@dataclass(frozen=True)
class AlertMessage:
    """One alert as every notifier sees it.

    ``key`` is the outbox row's idempotency key: stable across retries, so a
    receiver (webhook ``Idempotency-Key``, file name) can drop a duplicate sent
    after a crash between sending and marking delivered.
    """

    key: str
    kind: AlertKind
    watch: str
    url: str
    title: str
    created_at: datetime
    changes: tuple[Change, ...]
    groups: tuple[UpdateGroup, ...]
    significance: float
    summary: str
    version: int | None
    report_url: str | None
    error: str | None
    # Changes that return a statement to an earlier wording (see ``monitor.rules``). Derived from
    # the changes' ``reversion`` detail when not given, so alerts merged by the deliverer keep them.
    reversions: tuple[Change, ...] = ()
    # A debounced alert covers versions ``version_from`` .. ``version``: ``versions``
    # lists them newest first, ``change_versions`` says whose each change is
    # (parallel to ``changes``; empty: all are ``version``'s).
    version_from: int | None = None
    versions: tuple[VersionPart, ...] = ()
    change_versions: tuple[int | None, ...] = ()

    def __post_init__(self) -> None:
        # Callers pass lists as often as tuples; normalise so the record stays hashable and immutable.
        object.__setattr__(self, "changes", tuple(self.changes))
        object.__setattr__(self, "groups", tuple(self.groups))
        object.__setattr__(self, "created_at", _aware(self.created_at))
        # Alerts go to other people and services: the watched URL loses any user name, password or
        # token, and an error any secret it quotes, before anything is stored, sent or written.
        object.__setattr__(self, "url", public_url(self.url))
        object.__setattr__(self, "error", mask_text(self.error))
        object.__setattr__(self, "summary", mask_text(self.summary) or "")
        reversions = tuple(self.reversions) or tuple(c for c in self.changes if is_reversion(c))
        object.__setattr__(self, "reversions", reversions)
        object.__setattr__(self, "versions", tuple(self.versions))
        if len(self.change_versions) != len(self.changes):
            object.__setattr__(self, "change_versions", (self.version,) * len(self.changes))
        if self.version_from is None:
            object.__setattr__(self, "version_from", self.version)
        if not self.versions and self.kind == "changes" and self.version is not None:
            part = VersionPart(self.version, self.created_at, self.summary, len(self.changes))
            object.__setattr__(self, "versions", (part,))

    def by_version(self) -> list[tuple[VersionPart | None, list[tuple[Change, UpdateGroup | None]]]]:
        """The changes grouped by the version they came from, newest first, each with its update group."""
        groups = {g.id: g for g in self.groups}
        parts = {p.version: p for p in self.versions}
        out: dict[int | None, list[tuple[Change, UpdateGroup | None]]] = {}
        for c, v in zip(self.changes, self.change_versions, strict=True):
            out.setdefault(v, []).append((c, groups.get(c.group) if c.group is not None else None))
        return [(parts.get(v), items) for v, items in out.items()]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: the outbox payload and the webhook body."""
        return {
            "schema": PAYLOAD_SCHEMA,
            "key": self.key,
            "kind": self.kind,
            "watch": self.watch,
            "url": self.url,
            "title": self.title,
            "created_at": self.created_at.isoformat(),
            "significance": self.significance,
            "summary": self.summary,
            "version": self.version,
            "version_from": self.version_from,
            "versions": [p.to_dict() for p in self.versions],
            "report_url": self.report_url,
            "error": self.error,
            "changes": [{**c.to_dict(), "version": v} for c, v in zip(self.changes, self.change_versions,
                                                                        strict=True)],
            "groups": [{**g.to_dict(), "version": self._group_version(g.id)} for g in self.groups],
            "reversions": [c.to_dict() for c in self.reversions],
        }

    def _group_version(self, group_id: int) -> int | None:
        return next((v for c, v in zip(self.changes, self.change_versions, strict=True) if c.group == group_id),
                    self.version)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AlertMessage:
        """Rebuild from an outbox payload; tolerant because payloads may be
        merged from several alerts or written by an older version."""
        created = d.get("created_at")
        if isinstance(created, datetime):
            created_at = created
        elif created:
            created_at = datetime.fromisoformat(str(created))
        else:
            created_at = datetime.now(UTC)
        version = int(d["version"]) if d.get("version") is not None else None
        version_from = d.get("version_from")
        raw_changes = d.get("changes") or ()
        kind = str(d.get("kind") or "changes")
        if kind not in ALERT_KINDS:
            raise ValueError(f"alert kind {kind!r} is not one of {', '.join(ALERT_KINDS)}")
        return cls(
            key=str(d.get("key") or ""),
            kind=kind,  # type: ignore[arg-type]  # checked just above
            watch=str(d.get("watch") or ""),
            url=str(d.get("url") or ""),
            title=str(d.get("title") or d.get("watch") or ""),
            created_at=created_at,
            changes=tuple(Change.from_dict(c) for c in raw_changes),
            groups=tuple(UpdateGroup.from_dict(g) for g in d.get("groups") or ()),
            significance=float(d.get("significance") or 0.0),
            summary=str(d.get("summary") or ""),
            version=version,
            report_url=d.get("report_url"),
            error=d.get("error"),
            reversions=tuple(Change.from_dict(c) for c in d.get("reversions") or ()),
            version_from=int(version_from) if version_from is not None else None,
            versions=tuple(VersionPart.from_dict(p) for p in d.get("versions") or ()),
            # A change without a version of its own (drafted before its version was numbered) is the alert's.
            change_versions=tuple(
                int(c["version"]) if c.get("version") is not None else version for c in raw_changes
            ),
        )


def version_range(alert: AlertMessage) -> str | None:
    """"versions 3 to 5" for an alert that covers several versions (a debounced batch), else None."""
    if alert.version_from is None or alert.version is None or alert.version_from == alert.version:
        return None
    return f"versions {alert.version_from} to {alert.version}"


def is_reversion(change: Change) -> bool:
    """``monitor.rules`` marks a statement returning to an earlier wording with a ``reversion`` detail."""
    return any(k == "reversion" for k, _ in change.details)


def headline(alert: AlertMessage, width: int = 80) -> str:
    """What the alert is about in a few words: its most significant change,
    or for a status alert the state of the watch. Subjects and chat titles
    lead with it so a reader can triage without opening the message."""
    top = most_significant(alert.changes)
    if top is not None:
        return change_headline(top, width)
    if alert.kind == "failing":
        return "failing" + (f": {' '.join((alert.error or '').split())[:width]}" if alert.error else "")
    if alert.kind == "recovered":
        return "reachable again"
    if alert.kind == "test":
        return "test alert"
    return alert.summary or "no changes"


class DeliveryError(MonitorError):
    """A send failed. ``transient`` tells the deliverer whether a retry can help
    (server down, timeout, 4xx SMTP, HTTP 5xx/429) or the alert is dead
    (rejected recipient, HTTP 400, a broken template)."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class UnknownNotifier(MonitorError, LookupError):
    """A config names a notifier type that no installed package provides."""

    def __init__(self, kind: str, installed: list[str], *, reason: str | None = None) -> None:
        self.kind = kind
        self.installed = installed
        self.reason = reason
        if reason:
            # Installed but unusable: "unknown" would send the user looking for a package they have.
            super().__init__(f"notifier type {kind!r} is installed but unusable: {' '.join(reason.split())}")
        else:
            super().__init__(f"unknown notifier type {kind!r}; installed: {', '.join(installed) or 'none'}")


class NotifierConfigError(MonitorError, ValueError):
    """A notifier's options are wrong; the message names the kind and the key."""
