"""Tickets keep what was promised: why their priority was proposed, and the new time a colleague was given
when the first one could not be kept

Revision ID: 0010
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority_reasons", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("response_promised_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("response_promised_at")
        batch_op.drop_column("priority_reasons")
