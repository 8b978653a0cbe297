"""The language a version was written in ("en", "uk", ...), detected when it is stored.

Existing versions keep NULL (not known): they were stored before detection.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("snapshot", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): a batch rebuild of snapshot would cascade-delete every stored change.
        op.execute('ALTER TABLE "snapshot" DROP COLUMN "language"')
    else:
        op.drop_column("snapshot", "language")
