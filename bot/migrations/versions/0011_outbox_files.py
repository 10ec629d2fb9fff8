"""Outbox files: the image an outbox row uploads with its post (the weekly digest's chart)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "outbox_files",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("slack_file_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"], name="fk_outbox_files_outbox_id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outbox_id"),
    )


def downgrade() -> None:
    op.drop_table("outbox_files")
