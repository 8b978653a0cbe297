"""A watch keeps one identity for good; debounce is a watch setting; alerts remember their send slot.

``watch.uid``: alert keys were built from the watch id, which SQLite hands
to the next watch added after a removal, so a receiver deduplicating by
``Idempotency-Key`` dropped the new story's alerts. Existing watches get a
fresh uid each. ``watch.debounce_seconds``: the ``--debounce`` setting.
``alert.not_before``: the slot debouncing gave a change alert, which decides
whether the next change opens a window (goes out at once) or joins a batch.

Columns are added in place, never by rebuilding a table: on SQLite a rebuilt
``watch`` table would cascade-delete every version.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("watch", sa.Column("uid", sa.String(length=32), nullable=True))
    op.add_column("watch", sa.Column("debounce_seconds", sa.Integer(), nullable=True))
    op.add_column("alert", sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
    watch = sa.table("watch", sa.column("id", sa.Integer()), sa.column("uid", sa.String()))
    conn = op.get_bind()
    for (watch_id,) in conn.execute(sa.select(watch.c.id)).all():
        conn.execute(sa.update(watch).where(watch.c.id == watch_id).values(uid=uuid4().hex))
    op.create_index("ix_watch_uid", "watch", ["uid"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_watch_uid", table_name="watch")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column in (("alert", "not_before"), ("watch", "debounce_seconds"), ("watch", "uid")):
        if sqlite:  # in place (SQLite 3.35+): a batch rebuild of watch would cascade-delete every version
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        else:
            op.drop_column(table, column)
