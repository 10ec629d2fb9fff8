"""What became of a question (suggestion picked, "Geen van deze", the ticket it led to); business times on tickets

Revision ID: 0006
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("picked_article_id", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("declined_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_questions_ticket_id", "tickets", ["ticket_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_questions_ticket_id"), ["ticket_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_asker"), ["asker"], unique=False)

    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_response_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution_seconds", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_tickets_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_created_at"))
        batch_op.drop_column("resolution_seconds")
        batch_op.drop_column("first_response_seconds")

    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_asker"))
        batch_op.drop_index(batch_op.f("ix_questions_ticket_id"))
        batch_op.drop_constraint("fk_questions_ticket_id", type_="foreignkey")
        batch_op.drop_column("ticket_id")
        batch_op.drop_column("declined_at")
        batch_op.drop_column("picked_article_id")
