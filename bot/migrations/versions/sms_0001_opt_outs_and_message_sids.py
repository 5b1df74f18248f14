"""SMS channel: opt-outs, processed MessageSids, pending numbered choices.

Revision ID: sms_0001
Revises: 0001_base
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "sms_0001"
down_revision = "0001_base"
branch_labels = ("sms",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_opt_outs",
        sa.Column("conversation_id", sa.String(64), primary_key=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sms_processed_messages",
        sa.Column("message_sid", sa.String(64), primary_key=True),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replies", sa.Text(), nullable=True),
    )
    op.create_index("ix_sms_processed_messages_conversation_id", "sms_processed_messages", ["conversation_id"])
    op.create_index("ix_sms_processed_messages_received_at", "sms_processed_messages", ["received_at"])
    op.create_table(
        "sms_pending_choices",
        sa.Column("conversation_id", sa.String(64), primary_key=True),
        sa.Column("payloads", sa.Text(), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sms_pending_choices")
    op.drop_index("ix_sms_processed_messages_received_at", "sms_processed_messages")
    op.drop_index("ix_sms_processed_messages_conversation_id", "sms_processed_messages")
    op.drop_table("sms_processed_messages")
    op.drop_table("sms_opt_outs")
