"""A distrusted version can be dismissed: the story came back after it.

Without it the newest version stayed "distrusted" for good after a one-off
error page, and the next 304 was read as that page served again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("snapshot") as batch:
        batch.add_column(sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): a batch rebuild of snapshot would cascade-delete every stored change.
        op.execute('ALTER TABLE "snapshot" DROP COLUMN "dismissed_at"')
    else:
        op.drop_column("snapshot", "dismissed_at")
