"""A watch's tags: the words a user groups watches by (``monitor add --tag``, ``/?tag=``, a feed per tag).

One JSON column of the watch row, like ``ignore``: the tags are read and
written with the rest of the watch's settings, and a filter by tag unnests
the arrays in SQL (``json_each``, ``json_array_elements_text``), a pass over
a few thousand short rows that needs no table or index of its own. Existing
watches get none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("watch", sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+): a batch rebuild of watch would cascade-delete every version.
        op.execute('ALTER TABLE "watch" DROP COLUMN "tags"')
    else:
        op.drop_column("watch", "tags")
