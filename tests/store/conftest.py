"""Every store test runs against SQLite and PostgreSQL alike (``engine`` and ``db_url``: tests/conftest.py)."""

from __future__ import annotations

from tests.pg import pg_server, postgres_database_url, postgres_url  # noqa: F401  (fixtures)
