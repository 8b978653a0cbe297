"""Small builders shared by the store tests: a fixed clock, watches, check results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import select

from monitor.diff.model import Change
from monitor.store import (
    AlertDraft,
    CheckResult,
    Observation,
    Recorded,
    Watch,
    add_watch,
    claim_due,
    record_check,
    release_lease,
    session_scope,
)
from monitor.store.models import Alert, Check, Snapshot, StoredChange

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TABLES = {"check": Check, "snapshot": Snapshot, "change": StoredChange, "alert": Alert}


def make_watch(engine: Engine, name: str = "story", **fields: Any) -> Watch:
    fields.setdefault("url", f"https://news.example/{name}")
    fields.setdefault("next_due", NOW - timedelta(minutes=1))
    with session_scope(engine) as session:
        return add_watch(session, name, **fields)


def claim_one(engine: Engine, watch: Watch, now: datetime = NOW) -> str:
    """Claim ``watch`` alone; other due watches taken along are given back."""
    token = None
    for claim in claim_due(engine, "tester", limit=1000, now=now):
        if claim.watch.id == watch.id:
            token = claim.token
        else:
            release_lease(engine, claim.watch.id or 0, claim.token)
    assert token, f"watch {watch.name} was not claimable at {now}"
    return token


def result(
    outcome: str = "changed",
    text: str | None = None,
    *,
    at: datetime = NOW,
    changes: Sequence[Change] = (),
    alerts: Sequence[AlertDraft] = (),
    suspect: bool = False,
    **extra: Any,
) -> CheckResult:
    observation = (
        Observation(text=text, fetched_at=at, http_status=200, suspect=suspect)
        if text is not None
        else None
    )
    return CheckResult(
        outcome=outcome,  # type: ignore[arg-type]
        started_at=at - timedelta(seconds=2),
        finished_at=at,
        next_due=at + timedelta(minutes=5),
        observation=observation,
        changes=changes,
        alerts=alerts,
        **extra,
    )


def check_in(engine: Engine, watch: Watch, res: CheckResult, now: datetime = NOW) -> Recorded:
    """Claim ``watch`` and record ``res`` under the lease, as a worker would."""
    assert watch.id is not None
    with session_scope(engine) as session:
        # Make it due regardless of what the previous check scheduled.
        stored = session.get(Watch, watch.id)
        assert stored is not None
        stored.next_due = now - timedelta(seconds=1)
        session.add(stored)
    token = claim_one(engine, watch, now)
    return record_check(engine, watch.id, token, res, worker_id="tester")


def counts(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {
            name: session.exec(select(func.count()).select_from(model)).one()
            for name, model in TABLES.items()
        }


def reload(engine: Engine, watch: Watch) -> Watch:
    with session_scope(engine) as session:
        fresh = session.get(Watch, watch.id)
        assert fresh is not None
        return fresh
