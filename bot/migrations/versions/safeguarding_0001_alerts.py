"""Safeguarding alerts and their notification outbox.

Revision ID: safeguarding_0001
Revises: 0001_base
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "safeguarding_0001"
down_revision = "0001_base"
branch_labels = ("safeguarding",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safeguarding_alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("respondent_key", sa.String(64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("matched", sa.Text(), nullable=False),
        sa.Column("source_message_id", sa.String(64), nullable=True),
        sa.Column("raised_by", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_note", sa.Text(), nullable=True),
        sa.UniqueConstraint("source_message_id", name="uq_safeguarding_alerts_source_message_id"),
    )
    op.create_index("ix_safeguarding_alerts_created_at", "safeguarding_alerts", ["created_at"])
    op.create_index("ix_safeguarding_alerts_respondent_key", "safeguarding_alerts", ["respondent_key"])
    op.create_index("ix_safeguarding_alerts_status", "safeguarding_alerts", ["status"])
    op.create_table(
        "safeguarding_notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("safeguarding_alerts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("transport", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("alert_id", "transport", name="uq_safeguarding_notification"),
    )
    op.create_index("ix_safeguarding_notifications_alert_id", "safeguarding_notifications", ["alert_id"])
    op.create_index("ix_safeguarding_notifications_next_attempt_at", "safeguarding_notifications", ["next_attempt_at"])
    op.create_index("ix_safeguarding_notifications_delivered_at", "safeguarding_notifications", ["delivered_at"])


def downgrade() -> None:
    op.drop_table("safeguarding_notifications")
    op.drop_table("safeguarding_alerts")
