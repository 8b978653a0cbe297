"""Shared fixtures: the real ``monitor`` command in a subprocess, and one database per backend."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import prefork

if TYPE_CHECKING:
    from monitor.store import Engine

# Fixtures shared by every test folder: the local news site, PostgreSQL and a browser.
pytest_plugins = ["tests.origin", "tests.pg", "tests.browser"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "istanbul-talks"


def run_monitor(*args: str, cwd: Path | None = None, input: str | None = None,
                env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m monitor ARGS`` in a process of its own, forked from one that has done the imports
    already (tests/prefork.py: 0.2 s a command instead of 0.85 s; ``MONITOR_TEST_FORK=0`` for a new
    interpreter each time)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    return prefork.run(list(args), cwd=cwd, env=full_env, input=input, timeout=timeout)


@pytest.fixture
def monitor_cmd(tmp_path):
    """Runs ``monitor`` in a fresh working directory (its own snapshots/)."""

    def run(*args: str, **kw):
        kw.setdefault("cwd", tmp_path)
        return run_monitor(*args, **kw)

    return run


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend; the PostgreSQL server starts only if a test asks for one."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'data' / 'monitor.db').as_posix()}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The one backend-parametrised engine: the store, check, round and delivery tests run on both."""
    from monitor.store import get_engine  # here, not at the top: conftest loads before every test

    eng = get_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()
