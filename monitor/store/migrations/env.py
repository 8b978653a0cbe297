"""Alembic's entry point, run by ``monitor.store.migrate`` with a live connection.

The caller passes its connection (already inside a locked transaction) through
``config.attributes`` so that the version check, the lock and the upgrade all
happen in one transaction; alembic then joins it instead of starting its own.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.types import TypeDecorator

from monitor.store.models import metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Revisions must not import application code that may move or change:
    # a decorated type is written as the plain type it stores.
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _run_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
