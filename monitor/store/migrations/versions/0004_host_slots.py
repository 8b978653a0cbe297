"""Host slots: the per-host request budget, shared by every daemon on the database.

Each daemon used to keep its own, so four daemons sent a host four times the
configured number of concurrent requests.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "host_slot",
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=100), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("expires", UTC_TIME, nullable=True),
        sa.Column("started_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("host", "slot", name="pk_host_slot"),
    )
    op.create_index("ix_host_slot_owner", "host_slot", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_host_slot_owner", table_name="host_slot")
    op.drop_table("host_slot")
