"""Base revision: every feature's migrations branch from here (down_revision = "0001_base").

Revision ID: 0001_base
Revises:
Create Date: 2026-11-28
"""

revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
