"""The tables.

The schema itself is owned by the migrations in ``migrations/versions``;
these classes must describe the same thing (a test compares the two), so a
change here needs a new revision there.

Tables live in their own metadata, not ``SQLModel.metadata``, so nothing else
that happens to use SQLModel can leak tables into our migrations, and so
constraints get stable names (SQLite can only alter a constraint it can name).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from monitor.diff.model import Change
from monitor.store.columns import UTCDateTime, utcnow

Outcome = Literal["unchanged", "changed", "failed", "suspect", "first"]
OUTCOMES: tuple[str, ...] = ("unchanged", "changed", "failed", "suspect", "first")
AlertStatus = Literal["pending", "delivered", "dead"]
WatchKind = Literal["http", "file", "feed"]  # the built-in kinds; plugins add theirs (monitor.sources.registry)
WATCH_KINDS: tuple[str, ...] = ("http", "file", "feed")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Base(SQLModel, registry=registry(metadata=metadata)):
    pass


def _fk(target: str, ondelete: str, *, nullable: bool, index: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index
        ),
    )


class Watch(Base, table=True):
    """One monitored document and everything the scheduler needs to know about it.

    Schedule, lease and last-check state live in the row so that any worker
    on any machine can pick the watch up; nothing is kept in process memory.
    """

    __tablename__ = "watch"

    id: int | None = Field(default=None, primary_key=True)
    # Who the watch is for the life of the database and beyond: alert keys are
    # built from it, since SQLite gives a removed watch's id to the next one
    # and a receiver deduplicating by key would drop the new story's alerts.
    # Nullable only so that migration 0003 could add it to existing rows.
    uid: str | None = Field(default_factory=lambda: uuid4().hex, sa_type=String(32), unique=True, index=True)
    name: str = Field(sa_type=String(200), unique=True)
    url: str = Field(sa_type=Text)
    kind: str = Field(default="http", sa_type=String(16))

    interval_seconds: int | None = None
    cron: str | None = Field(default=None, sa_type=String(200))
    min_interval: int | None = None
    max_interval: int | None = None
    adaptive: bool = True
    timezone: str = Field(default="UTC", sa_type=String(64))

    selector: str | None = Field(default=None, sa_type=Text)
    ignore: list[str] = Field(default_factory=list, sa_type=JSON)
    rules: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    notifiers: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    keep_versions: int | None = None
    keep_days: int | None = None
    # Seconds change alerts are batched for after the first goes out; None: the daemon's default.
    debounce_seconds: int | None = None
    selection: str | None = Field(default=None, sa_type=Text)  # jq program of a JSON document
    # Headers, cookies, method, body, proxy, auth reference, timeout (``config.request``).
    request: dict[str, Any] = Field(default_factory=dict, sa_type=JSON,
                                    sa_column_kwargs={"server_default": "{}"})
    # Lower-case words the user groups watches by (``config.settings.check_tags``), sorted. Read with the
    # row everywhere it is shown; a filter by tag unnests the array in SQL (``watches.tagged_ids``).
    tags: list[str] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"})
    # A feed spawns one watch per article; the articles outlive the feed.
    parent_id: int | None = _fk("watch.id", "SET NULL", nullable=True, index=True)

    enabled: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    next_due: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    lease_owner: str | None = Field(default=None, sa_type=String(200))
    lease_token: str | None = Field(default=None, sa_type=String(100))
    lease_expires: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)

    consecutive_failures: int = 0
    last_check_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status: str | None = Field(default=None, sa_type=String(16))
    last_error: str | None = Field(default=None, sa_type=Text)
    etag: str | None = Field(default=None, sa_type=Text)
    last_modified: str | None = Field(default=None, sa_type=Text)
    last_body_hash: str | None = Field(default=None, sa_type=String(64))
    failing_alert_sent: bool = False


class Snapshot(Base, table=True):
    """One distinct version of a watched document.

    Identical consecutive fetches do not add a row; a text that comes back
    after a different one (a reversion) does, so ``content_hash`` is indexed
    but not unique. ``suspect`` marks a version the guard distrusted (an
    error page, a near-empty body); ``confirmed_at`` records that a later
    fetch saw it again and it was accepted as real; ``dismissed_at`` that the
    story came back after it (the last good version was read again), so a
    304 or an identical body from then on describes the story, not it.
    """

    __tablename__ = "snapshot"
    __table_args__ = (
        UniqueConstraint("watch_id", "version"),
        Index("ix_snapshot_watch_id_content_hash", "watch_id", "content_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False)
    version: int
    content_hash: str = Field(sa_type=String(64))
    text_z: bytes = Field(sa_type=LargeBinary)
    size: int
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    http_status: int | None = None
    etag: str | None = Field(default=None, sa_type=Text)
    last_modified: str | None = Field(default=None, sa_type=Text)
    content_type: str | None = Field(default=None, sa_type=String(200))
    final_url: str | None = Field(default=None, sa_type=Text)
    title: str | None = Field(default=None, sa_type=Text)
    # The document's language ("en", "uk", ...; ``text.lang``), detected when the version was stored.
    language: str | None = Field(default=None, sa_type=String(8))
    suspect: bool = False
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    dismissed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def good(self) -> bool:
        return not self.suspect or self.confirmed_at is not None


class Check(Base, table=True):
    """Every attempt, successful or not: the audit trail and the status page's source."""

    __tablename__ = "check"
    __table_args__ = (Index("ix_check_watch_id_started_at", "watch_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False)
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime = Field(sa_type=UTCDateTime, index=True)
    outcome: str = Field(sa_type=String(16))
    error: str | None = Field(default=None, sa_type=Text)
    http_status: int | None = None
    duration_ms: int = 0
    # Retention may delete the version a check saw; the check stays.
    snapshot_id: int | None = _fk("snapshot.id", "SET NULL", nullable=True, index=True)
    worker: str | None = Field(default=None, sa_type=String(200))
    changes: int = 0


class StoredChange(Base, table=True):
    """A ``monitor.diff.model.Change`` as persisted, tied to the version it led to."""

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False, index=True)
    # A change belongs to the version it produced and goes with it; the
    # version it was compared with may be pruned while the change stays
    # meaningful on its own (it carries both texts).
    snapshot_id: int = _fk("snapshot.id", "CASCADE", nullable=False, index=True)
    prev_snapshot_id: int | None = _fk("snapshot.id", "SET NULL", nullable=True, index=True)
    kind: str = Field(sa_type=String(16))
    old_text: str | None = Field(default=None, sa_type=Text)
    new_text: str | None = Field(default=None, sa_type=Text)
    old_at: list[list[int]] = Field(default_factory=list, sa_type=JSON)
    new_at: list[list[int]] = Field(default_factory=list, sa_type=JSON)
    aspects: list[str] = Field(default_factory=list, sa_type=JSON)
    significance: float = 0.0
    similarity: float = 1.0
    reason: str = Field(default="", sa_type=Text)
    moved: bool = False
    group: int | None = None
    details: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @classmethod
    def from_change(
        cls,
        change: Change,
        *,
        watch_id: int,
        snapshot_id: int,
        prev_snapshot_id: int | None,
        created_at: datetime,
    ) -> StoredChange:
        return cls(
            watch_id=watch_id,
            snapshot_id=snapshot_id,
            prev_snapshot_id=prev_snapshot_id,
            kind=change.kind,
            old_text=change.old,
            new_text=change.new,
            old_at=[list(loc) for loc in change.old_at],
            new_at=[list(loc) for loc in change.new_at],
            aspects=list(change.aspects),
            significance=change.significance,
            similarity=change.similarity,
            reason=change.reason,
            moved=change.moved,
            group=change.group,
            details=dict(change.details),
            created_at=created_at,
        )

    def to_change(self) -> Change:
        return Change(
            kind=self.kind,  # type: ignore[arg-type]  # validated when written
            old=self.old_text,
            new=self.new_text,
            old_at=tuple((int(p), int(s)) for p, s in self.old_at),
            new_at=tuple((int(p), int(s)) for p, s in self.new_at),
            aspects=tuple(self.aspects),
            significance=self.significance,
            reason=self.reason,
            similarity=self.similarity,
            moved=self.moved,
            group=self.group,
            details=tuple(self.details.items()),
        )


class Alert(Base, table=True):
    """The outbox: an alert is written with the check that caused it, then delivered.

    ``idempotency_key`` is unique so the same alert cannot be queued twice
    for one notifier, and notifiers that accept a key can drop duplicates.
    """

    __tablename__ = "alert"
    __table_args__ = (Index("ix_alert_status_next_attempt_at", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False, index=True)
    check_id: int | None = _fk("check.id", "SET NULL", nullable=True, index=True)
    idempotency_key: str = Field(sa_type=String(200), unique=True)
    notifier: str = Field(sa_type=String(200))
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default="pending", sa_type=String(16))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The send slot debouncing gave a change alert (its creation time when it
    # opened a window, the window's end when it joined a batch); None otherwise.
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Worker(Base, table=True):
    """A running daemon, as last heard from; `monitor status` reads these."""

    __tablename__ = "worker"

    id: str = Field(sa_type=String(200), primary_key=True)
    hostname: str = Field(sa_type=String(255))
    pid: int
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    heartbeat_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    checks_done: int = 0


class HostSlot(Base, table=True):
    """One of the concurrent requests a host may receive from all daemons together.

    A slot is held by a token with an expiry, like a watch's lease, and renewed
    with it, so a daemon that dies holding one frees it within the lease.
    ``started_at`` is when its latest request began: the least gap between two
    requests to a host is measured from the newest of them.
    """

    __tablename__ = "host_slot"

    host: str = Field(sa_type=String(255), primary_key=True)
    slot: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    token: str | None = Field(default=None, sa_type=String(100))
    owner: str | None = Field(default=None, sa_type=String(200), index=True)
    expires: datetime | None = Field(default=None, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Statement(Base, table=True):
    """One statement's identity across a story's versions (its lineage).

    ``text``/``key`` are its latest wording and that wording's normalised
    hash: a statement that was removed (``present`` false) and whose words
    come back later is recognised by ``key`` and keeps its identity.
    """

    __tablename__ = "statement"
    __table_args__ = (Index("ix_statement_watch_id_key", "watch_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False, index=True)
    first_version: int
    first_seen_at: datetime = Field(sa_type=UTCDateTime)
    text: str = Field(sa_type=Text)
    key: str = Field(sa_type=String(64))
    present: bool = True


class StatementEvent(Base, table=True):
    """Something that happened to a statement in one version: it appeared, was
    edited (with the edit's aspects), moved, split, merged, removed or returned.
    Unchanged statements get no event; ``LineageVersion`` says who was there."""

    __tablename__ = "statement_event"

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = _fk("statement.id", "CASCADE", nullable=False, index=True)
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False, index=True)
    # Retention may prune the version; the event keeps its number and time.
    snapshot_id: int | None = _fk("snapshot.id", "SET NULL", nullable=True, index=True)
    version: int
    at: datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(sa_type=String(16))
    old_text: str | None = Field(default=None, sa_type=Text)
    new_text: str | None = Field(default=None, sa_type=Text)
    aspects: list[str] = Field(default_factory=list, sa_type=JSON)
    similarity: float = 1.0
    position: int | None = None


class LineageVersion(Base, table=True):
    """Which statement is at each position of one version: the link the next
    version's lineage is chained from. One row per version in the lineage."""

    __tablename__ = "lineage_version"

    snapshot_id: int = Field(
        sa_column=Column(Integer, ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True,
                         autoincrement=False)
    )
    watch_id: int = _fk("watch.id", "CASCADE", nullable=False, index=True)
    version: int
    statements: list[int] = Field(default_factory=list, sa_type=JSON)
