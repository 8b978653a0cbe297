"""Every store test runs against SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from monitor.store import get_engine
from tests.pg import pg_server, postgres_database_url, postgres_url  # noqa: F401  (fixtures)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database; the PostgreSQL server starts only if a test asks for one."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'data' / 'monitor.db').as_posix()}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = get_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()
