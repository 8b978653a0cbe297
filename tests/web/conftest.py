"""A stored story (the seed story's versions checked one by one, alerts queued) and a client over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx's successor; the test extra installs httpx, which it still drives.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from monitor.store import add_watch, get_engine, session_scope, update_watch
from monitor.web.app import create_app
from monitor.web.security import Access
from tests.checks import check_texts
from tests.dbcopy import copy_rows
from tests.origin import seed_versions


def check_due(engine, *, day: int) -> None:
    """The daemon's check of every watch due ``day`` days from now."""
    check_texts(engine, None, [None], start_day=day)


def store_versions(engine, doc: Path, texts: list[str], *, start_day: int = 1) -> None:
    """Write each text to the watched file and run the daemon's check on it, a day apart."""
    check_texts(engine, doc, texts, start_day=start_day)


@pytest.fixture(scope="session")
def story_templates(tmp_path_factory, request):
    """The stored story of ``story``, built once per backend and session (by ``built(backend)``)."""
    made: dict[str, object] = {}

    def built(backend: str):
        if backend not in made:
            if backend == "postgresql":
                url = request.getfixturevalue("pg_server").create_schema("story")
            else:
                url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'm.db'}"
            engine = get_engine(url)
            doc = Path(tmp_path_factory.mktemp("story-doc")) / "story.txt"
            with session_scope(engine, write=True) as s:
                add_watch(s, "istanbul-talks", str(doc), kind="file")
            store_versions(engine, doc, seed_versions())
            made[backend] = engine
        return made[backend]

    yield built
    for engine in made.values():
        engine.dispose()


@pytest.fixture
def story(engine, tmp_path, story_templates):
    """Watch ``istanbul-talks`` on a file holding the seed story, every version checked in turn.

    Checked once per backend and session; each test gets a copy of those rows in its own database
    (tests/dbcopy.py), the watch pointed at its own file, which holds the last version."""
    copy_rows(story_templates(engine.dialect.name), engine)
    doc = tmp_path / "story.txt"
    doc.write_text(seed_versions()[-1], encoding="utf-8")
    with session_scope(engine, write=True) as s:
        update_watch(s, "istanbul-talks", url=str(doc))
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
