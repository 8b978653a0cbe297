"""Writing the result of one check: all of it, under the lease, or nothing.

The check row, a new version (if the text changed), its change rows and the
alerts they trigger commit together, so a crash can never leave a version
without its alerts or an alert without its version. The whole write is
conditional on the lease token the check was claimed with: a worker that
stalled past its lease, whose watch another worker has since claimed, gets
``LeaseLost`` and writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from monitor.diff.model import KINDS, Change
from monitor.store.compress import compress_text
from monitor.store.engine import session_scope
from monitor.store.errors import LeaseLost
from monitor.store.models import OUTCOMES, Alert, Check, Outcome, Snapshot, StoredChange, Watch


def content_hash(text: str) -> str:
    """The identity of a version: sha256 of its normalised extracted text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Observation:
    """What a check read: the extracted text and how it was served."""

    text: str
    fetched_at: datetime
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    final_url: str | None = None
    title: str | None = None
    suspect: bool = False

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class AlertDraft:
    """An alert to queue for one notifier.

    Without a ``key`` the alert is keyed by watch, version and notifier, so
    recording the same version twice (a confirmation, a retried check)
    cannot queue it twice.
    """

    notifier: str
    payload: dict[str, Any]
    key: str | None = None
    # Held back until then: a burst of changes to one story within the
    # debounce window goes out as one alert.
    not_before: datetime | None = None


@dataclass(frozen=True)
class CheckResult:
    """Everything one check found, as the pipeline hands it to the store.

    ``compared_to`` is the snapshot id ``changes`` were computed against
    (normally the latest good version); ``next_due`` is when the scheduler
    wants the watch again. ``etag``/``last_modified``/``body_hash`` update
    the watch's conditional-request state when given.
    """

    outcome: Outcome
    started_at: datetime
    finished_at: datetime
    next_due: datetime
    observation: Observation | None = None
    changes: Sequence[Change] = ()
    compared_to: int | None = None
    alerts: Sequence[AlertDraft] = ()
    error: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    failing_alert_sent: bool | None = None


@dataclass(frozen=True)
class Recorded:
    check_id: int
    snapshot_id: int | None = None
    version: int | None = None
    new_version: bool = False
    change_ids: tuple[int, ...] = ()
    alert_ids: tuple[int, ...] = ()


def record_check(
    engine: Engine,
    watch_id: int,
    token: str,
    result: CheckResult,
    *,
    worker_id: str | None = None,
) -> Recorded:
    """Write one check's result and release the lease, or raise ``LeaseLost``."""
    _validate(result)
    with session_scope(engine, write=True) as session:
        # The guarded update comes first: it both proves the lease and takes
        # the row (PostgreSQL) or database (SQLite) write lock for the rest.
        if not _release_with_state(session, watch_id, token, result):
            raise LeaseLost(watch_id)

        snapshot, new_version, previous = _resolve_snapshot(session, watch_id, result)
        check = Check(
            watch_id=watch_id,
            started_at=result.started_at,
            finished_at=result.finished_at,
            outcome=result.outcome,
            error=result.error,
            http_status=result.http_status,
            duration_ms=max(0, round((result.finished_at - result.started_at).total_seconds() * 1000)),
            snapshot_id=snapshot.id if snapshot else None,
            worker=worker_id,
            changes=len(result.changes),
        )
        session.add(check)
        session.flush()
        assert check.id is not None

        change_rows: list[StoredChange] = []
        if result.changes:
            assert snapshot is not None and snapshot.id is not None  # _validate ensured
            prev_id = result.compared_to if result.compared_to is not None else previous
            change_rows = [
                StoredChange.from_change(
                    c,
                    watch_id=watch_id,
                    snapshot_id=snapshot.id,
                    prev_snapshot_id=prev_id,
                    created_at=result.finished_at,
                )
                for c in result.changes
            ]
            session.add_all(change_rows)

        alerts = _queue_alerts(session, watch_id, check.id, snapshot, result)
        session.flush()
        return Recorded(
            check_id=check.id,
            snapshot_id=snapshot.id if snapshot else None,
            version=snapshot.version if snapshot else None,
            new_version=new_version,
            change_ids=tuple(r.id for r in change_rows if r.id is not None),
            alert_ids=tuple(a.id for a in alerts if a.id is not None),
        )


def _validate(result: CheckResult) -> None:
    if result.outcome not in OUTCOMES:
        raise ValueError(f"unknown check outcome {result.outcome!r}")
    if result.changes and result.observation is None:
        raise ValueError("changes need the observation they lead to")
    for change in result.changes:
        if change.kind not in KINDS:
            raise ValueError(f"unknown change kind {change.kind!r}")


def _release_with_state(session: Session, watch_id: int, token: str, result: CheckResult) -> bool:
    failed = result.outcome == "failed"
    values: dict[str, Any] = {
        "lease_token": None,
        "lease_owner": None,
        "lease_expires": None,
        "next_due": result.next_due,
        "last_check_at": result.finished_at,
        "last_status": result.outcome,
        "last_error": result.error if failed else None,
        "consecutive_failures": (Watch.consecutive_failures + 1) if failed else 0,
    }
    if result.failing_alert_sent is not None:
        values["failing_alert_sent"] = result.failing_alert_sent
    elif not failed:
        values["failing_alert_sent"] = False
    for name in ("etag", "last_modified"):
        if getattr(result, name) is not None:
            values[name] = getattr(result, name)
    if result.body_hash is not None:
        values["last_body_hash"] = result.body_hash
    statement = (
        update(Watch)
        .where(col(Watch.id) == watch_id, col(Watch.lease_token) == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def _resolve_snapshot(
    session: Session, watch_id: int, result: CheckResult
) -> tuple[Snapshot | None, bool, int | None]:
    """The version this check saw: the latest one if the text is the same, else a new one.

    Returns (snapshot, whether it is new, id of the version before it).
    Only *consecutive* repeats are folded: a text that returns after a
    different one is a new version, because the story did change twice.
    """
    observed = result.observation
    if observed is None:
        return None, False, None
    latest = session.exec(
        select(Snapshot)
        .where(Snapshot.watch_id == watch_id)
        .order_by(col(Snapshot.version).desc())
        .limit(1)
    ).first()
    digest = observed.content_hash
    if latest is not None and latest.content_hash == digest:
        if latest.suspect and latest.confirmed_at is None and not observed.suspect:
            latest.confirmed_at = result.finished_at
            session.add(latest)
        return latest, False, None
    encoded = observed.text.encode("utf-8")
    snapshot = Snapshot(
        watch_id=watch_id,
        version=(latest.version + 1) if latest else 1,
        content_hash=digest,
        text_z=compress_text(observed.text),
        size=len(encoded),
        fetched_at=observed.fetched_at,
        http_status=observed.http_status,
        etag=observed.etag,
        last_modified=observed.last_modified,
        content_type=observed.content_type,
        final_url=observed.final_url,
        title=observed.title,
        suspect=observed.suspect,
    )
    session.add(snapshot)
    session.flush()
    return snapshot, True, latest.id if latest else None


def _queue_alerts(
    session: Session,
    watch_id: int,
    check_id: int,
    snapshot: Snapshot | None,
    result: CheckResult,
) -> list[Alert]:
    if not result.alerts:
        return []
    scope = f"v{snapshot.version}" if snapshot else f"c{check_id}"
    keyed = {
        (draft.key or f"watch{watch_id}:{scope}:{draft.notifier}"): draft
        for draft in result.alerts
    }
    existing = set(
        session.exec(select(Alert.idempotency_key).where(col(Alert.idempotency_key).in_(keyed)))
    )
    alerts = [
        Alert(
            watch_id=watch_id,
            check_id=check_id,
            idempotency_key=key,
            notifier=draft.notifier,
            payload=draft.payload,
            next_attempt_at=draft.not_before or result.finished_at,
            created_at=result.finished_at,
        )
        for key, draft in keyed.items()
        if key not in existing
    ]
    session.add_all(alerts)
    return alerts
