"""Inbox: every Slack event is stored before Slack gets its 200, and processed from the database

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    op.create_table(
        "inbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=True),
        sa.Column("message_key", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
        sa.UniqueConstraint("message_key"),
    )
    op.create_index("ix_inbox_waiting", "inbox_events", ["processed_at", "lease_until"])


def downgrade() -> None:
    op.drop_index("ix_inbox_waiting", table_name="inbox_events")
    op.drop_table("inbox_events")
