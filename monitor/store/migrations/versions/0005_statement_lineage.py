"""Statement lineage: every statement's identity across a story's versions.

``statement`` is the identity, ``statement_event`` what happened to it in a
version, ``lineage_version`` which statement stands at each position of a
version (what the next version is chained from). Existing watches are
filled in when their timeline is first read.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def _fk(column: str, table: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], ondelete=ondelete, name=f"fk_{table}_{column}_{ref_table}"
    )


def upgrade() -> None:
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("first_version", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", UTC_TIME, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        _fk("watch_id", "statement", "watch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_statement"),
    )
    op.create_index("ix_statement_watch_id", "statement", ["watch_id"])
    op.create_index("ix_statement_watch_id_key", "statement", ["watch_id", "key"])

    op.create_table(
        "statement_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=True),
        sa.Column("new_text", sa.Text(), nullable=True),
        sa.Column("aspects", sa.JSON(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        _fk("statement_id", "statement_event", "statement.id", "CASCADE"),
        _fk("watch_id", "statement_event", "watch.id", "CASCADE"),
        _fk("snapshot_id", "statement_event", "snapshot.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_statement_event"),
    )
    op.create_index("ix_statement_event_statement_id", "statement_event", ["statement_id"])
    op.create_index("ix_statement_event_watch_id", "statement_event", ["watch_id"])
    op.create_index("ix_statement_event_snapshot_id", "statement_event", ["snapshot_id"])

    op.create_table(
        "lineage_version",
        sa.Column("snapshot_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("statements", sa.JSON(), nullable=False),
        _fk("snapshot_id", "lineage_version", "snapshot.id", "CASCADE"),
        _fk("watch_id", "lineage_version", "watch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("snapshot_id", name="pk_lineage_version"),
    )
    op.create_index("ix_lineage_version_watch_id", "lineage_version", ["watch_id"])


def downgrade() -> None:
    for table in ("lineage_version", "statement_event", "statement"):
        op.drop_table(table)
