"""Initial schema: watch, snapshot, check, change, alert, worker.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def _fk(column: str, table: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}_{target.split('.')[0]}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "watch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("cron", sa.String(length=200), nullable=True),
        sa.Column("min_interval", sa.Integer(), nullable=True),
        sa.Column("max_interval", sa.Integer(), nullable=True),
        sa.Column("adaptive", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("selector", sa.Text(), nullable=True),
        sa.Column("ignore", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("notifiers", sa.JSON(), nullable=False),
        sa.Column("keep_versions", sa.Integer(), nullable=True),
        sa.Column("keep_days", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("next_due", UTC_TIME, nullable=False),
        sa.Column("lease_owner", sa.String(length=200), nullable=True),
        sa.Column("lease_token", sa.String(length=100), nullable=True),
        sa.Column("lease_expires", UTC_TIME, nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_check_at", UTC_TIME, nullable=True),
        sa.Column("last_status", sa.String(length=16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_body_hash", sa.String(length=64), nullable=True),
        sa.Column("failing_alert_sent", sa.Boolean(), nullable=False),
        _fk("parent_id", "watch", "watch.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_watch"),
        sa.UniqueConstraint("name", name="uq_watch_name"),
    )
    op.create_index("ix_watch_lease_expires", "watch", ["lease_expires"])
    op.create_index("ix_watch_next_due", "watch", ["next_due"])
    op.create_index("ix_watch_parent_id", "watch", ["parent_id"])

    op.create_table(
        "worker",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("heartbeat_at", UTC_TIME, nullable=False),
        sa.Column("checks_done", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_worker"),
    )
    op.create_index("ix_worker_heartbeat_at", "worker", ["heartbeat_at"])

    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text_z", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("fetched_at", UTC_TIME, nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("suspect", sa.Boolean(), nullable=False),
        sa.Column("confirmed_at", UTC_TIME, nullable=True),
        _fk("watch_id", "snapshot", "watch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_snapshot"),
        sa.UniqueConstraint("watch_id", "version", name="uq_snapshot_watch_id_version"),
    )
    op.create_index(
        "ix_snapshot_watch_id_content_hash", "snapshot", ["watch_id", "content_hash"]
    )

    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("prev_snapshot_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=True),
        sa.Column("new_text", sa.Text(), nullable=True),
        sa.Column("old_at", sa.JSON(), nullable=False),
        sa.Column("new_at", sa.JSON(), nullable=False),
        sa.Column("aspects", sa.JSON(), nullable=False),
        sa.Column("significance", sa.Float(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("moved", sa.Boolean(), nullable=False),
        sa.Column("group", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("prev_snapshot_id", "change", "snapshot.id", "SET NULL"),
        _fk("snapshot_id", "change", "snapshot.id", "CASCADE"),
        _fk("watch_id", "change", "watch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_change"),
    )
    op.create_index("ix_change_prev_snapshot_id", "change", ["prev_snapshot_id"])
    op.create_index("ix_change_snapshot_id", "change", ["snapshot_id"])
    op.create_index("ix_change_watch_id", "change", ["watch_id"])

    op.create_table(
        "check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("finished_at", UTC_TIME, nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("changes", sa.Integer(), nullable=False),
        _fk("snapshot_id", "check", "snapshot.id", "SET NULL"),
        _fk("watch_id", "check", "watch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_check"),
    )
    op.create_index("ix_check_finished_at", "check", ["finished_at"])
    op.create_index("ix_check_snapshot_id", "check", ["snapshot_id"])
    op.create_index("ix_check_watch_id_started_at", "check", ["watch_id", "started_at"])

    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("notifier", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_TIME, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("delivered_at", UTC_TIME, nullable=True),
        _fk("check_id", "alert", "check.id", "SET NULL"),
        _fk("watch_id", "alert", "watch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_alert"),
        sa.UniqueConstraint("idempotency_key", name="uq_alert_idempotency_key"),
    )
    op.create_index("ix_alert_check_id", "alert", ["check_id"])
    op.create_index("ix_alert_status_next_attempt_at", "alert", ["status", "next_attempt_at"])
    op.create_index("ix_alert_watch_id", "alert", ["watch_id"])


def downgrade() -> None:
    for table in ("alert", "check", "change", "snapshot", "worker", "watch"):
        op.drop_table(table)
