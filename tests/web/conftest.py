"""A stored story (the seed story's versions checked one by one, alerts queued) and a client over it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from monitor.run.round import check_claims
from monitor.store import add_watch, claim_due, session_scope, utcnow
from monitor.web.app import create_app
from monitor.web.security import Access
from tests.origin import seed_versions


def store_versions(engine, doc: Path, texts: list[str], *, start_day: int = 1) -> None:
    """Write each text to the watched file and run the daemon's check on it, a day apart."""
    for i, text in enumerate(texts):
        doc.write_text(text, encoding="utf-8")
        claims = claim_due(engine, "t", now=utcnow() + timedelta(days=start_day + i))
        asyncio.run(check_claims(engine, claims))


@pytest.fixture
def story(engine, tmp_path):
    """Watch ``istanbul-talks`` on a file holding the seed story, every version checked in turn."""
    doc = tmp_path / "story.txt"
    with session_scope(engine, write=True) as s:
        add_watch(s, "istanbul-talks", str(doc), kind="file")
    store_versions(engine, doc, seed_versions())
    return engine, doc


def client_for(engine, access: Access | None = None, **kw) -> TestClient:
    return TestClient(create_app(engine, access), base_url="http://127.0.0.1:8000", **kw)


@pytest.fixture
def client(story):
    with client_for(story[0]) as c:
        yield c
