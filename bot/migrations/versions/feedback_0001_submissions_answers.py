"""Feedback submissions, their answers (one per question) and the export log.

Revision ID: feedback_0001
Revises: 0001_base
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "feedback_0001"
down_revision = "0001_base"
branch_labels = ("feedback",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        sa.Column("respondent", sa.String(64), nullable=False, index=True),
        sa.Column("channel", sa.String(32)),
        sa.Column("role", sa.String(20)),
        sa.Column("age_band", sa.String(10)),
        sa.Column("district", sa.String(40)),
        sa.Column("topic", sa.String(30)),
        sa.Column("consent", sa.Boolean),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False, index=True),
    )
    op.create_table(
        "feedback_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer,
                  sa.ForeignKey("feedback_submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question", sa.String(20), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("submission_id", "question", name="uq_feedback_answer_question"),
    )
    op.create_table(
        "feedback_export_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("exported_at", sa.DateTime, nullable=False),
        sa.Column("operator", sa.String(100)),
        sa.Column("include_raw", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("row_count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feedback_export_log")
    op.drop_table("feedback_answers")
    op.drop_table("feedback_submissions")
