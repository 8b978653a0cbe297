"""A stored story (the seed story's versions checked one by one, alerts queued) and a client over it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx's successor; the test extra installs httpx, which it still drives.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from monitor.run.round import check_claims
from monitor.store import add_watch, claim_due, get_engine, session_scope, utcnow
from monitor.web.app import create_app
from monitor.web.security import Access
from tests.origin import seed_versions


def check_due(engine, *, day: int) -> None:
    """The daemon's check of every watch due ``day`` days from now. Playwright's sync API keeps an event
    loop running in the test's thread, so under it the check runs in a thread of its own."""
    claims = claim_due(engine, "t", now=utcnow() + timedelta(days=day))
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(check_claims(engine, claims))
        return
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, check_claims(engine, claims)).result()


def store_versions(engine, doc: Path, texts: list[str], *, start_day: int = 1) -> None:
    """Write each text to the watched file and run the daemon's check on it, a day apart."""
    for i, text in enumerate(texts):
        doc.write_text(text, encoding="utf-8")
        check_due(engine, day=start_day + i)


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


@pytest.fixture
def served(tmp_path):
    """`monitor serve --port 0` in a subprocess over a story with two versions: (base URL, engine, file)."""
    db = tmp_path / "m.db"
    engine = get_engine(str(db))
    doc = tmp_path / "story.txt"
    with session_scope(engine, write=True) as s:
        add_watch(s, "istanbul-talks", str(doc), kind="file")
    store_versions(engine, doc, seed_versions()[:2])
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--port", "0", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:"), line + proc.stderr.read()
        yield line.split()[1].rstrip("/"), engine, doc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        engine.dispose()
