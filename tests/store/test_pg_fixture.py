"""The PostgreSQL fixture other suites rely on: isolated schemas, cleaned up."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from monitor.store import get_engine
from tests.pg import PgServer, schema_of

pytestmark = pytest.mark.postgres


def test_schemas_are_isolated_and_dropped(pg_server: PgServer) -> None:
    first, second = pg_server.create_schema(), pg_server.create_schema()
    try:
        engine = get_engine(first)
        engine.dispose()
        assert "watch" in inspect(create_engine(first, poolclass=NullPool)).get_table_names()
        assert inspect(create_engine(second, poolclass=NullPool)).get_table_names() == []
    finally:
        pg_server.drop_schema(first)
        pg_server.drop_schema(second)
    admin = create_engine(pg_server.admin_url, poolclass=NullPool)
    with admin.connect() as conn:
        schemas = set(conn.execute(text("SELECT nspname FROM pg_namespace")).scalars())
        public_tables = inspect(conn).get_table_names()
    assert schema_of(first).startswith("t_")
    assert not schemas & {schema_of(first), schema_of(second)}
    assert public_tables == []


def test_whole_databases_too(postgres_database_url: str) -> None:
    engine = get_engine(postgres_database_url)
    try:
        assert "alert" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
