"""Copying a stored database's rows into a fresh one: a fixture built once, handed out many times.

Building a stored story means real checks (a worker process started to read
the file, every version diffed, lineage numbered): about a second, and
several under load, for each test that wants one. A session-scoped fixture
builds it once per backend; each test then gets a copy of its rows in its
own fresh, migrated database, and may change it as it likes.

The copy is of every table the models declare, parents first, with the same
ids; on PostgreSQL the id sequences are moved past them, so the next row a
test inserts gets the id it would have got in the original. A table the
migrations create that no model declares would be left out silently, so the
copy refuses to run when the two lists differ.
"""

from __future__ import annotations

from sqlalchemy import Engine, Integer, inspect, text

from monitor.store.models import metadata


def copy_rows(source: Engine, target: Engine) -> None:
    """Every row of ``source`` into ``target``, a migrated, empty database of the same schema."""
    tables = metadata.sorted_tables
    declared = {t.name for t in tables}
    created = set(inspect(source).get_table_names()) - {"alembic_version"}
    assert created == declared, f"tables the models do not declare, or the other way round: {created ^ declared}"
    with source.connect() as read, target.begin() as write:
        for table in tables:
            rows = [dict(r) for r in read.execute(table.select()).mappings()]
            if rows:
                write.execute(table.insert(), rows)
        if target.dialect.name == "postgresql":
            for table in tables:
                for column in table.primary_key.columns:
                    if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                        write.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                            f'coalesce((SELECT max("{column.name}") FROM "{table.name}"), 0) + 1, false) '
                            f"WHERE pg_get_serial_sequence('{table.name}', '{column.name}') IS NOT NULL"))
