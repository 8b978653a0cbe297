"""A watch's own request (headers, cookies, method, proxy, auth reference,
timeout) and the jq selection of a JSON document.

The request options live in one JSON column because they are read together,
only by the fetch, and are never queried one by one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("watch") as batch:
        batch.add_column(sa.Column("selection", sa.Text(), nullable=True))
        batch.add_column(sa.Column("request", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in ("request", "selection"):
        if sqlite:  # in place (SQLite 3.35+): a batch rebuild of watch would cascade-delete every version
            op.execute(f'ALTER TABLE "watch" DROP COLUMN "{column}"')
        else:
            op.drop_column("watch", column)
