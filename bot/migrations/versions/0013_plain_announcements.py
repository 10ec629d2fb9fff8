"""Announcements made in Slack keep their text plain, as files do: until now the `/announce` window stored
title, body and "expected" escaped for Slack (`&amp;`, `&lt;`, `&gt;`), and posting now escapes once more

Revision ID: 0013
Revises: 0012
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"

FIELDS = ("title", "body", "expected")


def upgrade() -> None:
    _rewrite(_plain)


def downgrade() -> None:
    _rewrite(_escaped)


def _plain(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rewrite(change: Any) -> None:
    announcements = sa.table(
        "announcements", sa.column("id", sa.Integer), sa.column("origin", sa.String),
        *(sa.column(name, sa.JSON) for name in FIELDS),
    )  # fmt: skip
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(announcements.c.id, *(announcements.c[name] for name in FIELDS)).where(
            announcements.c.origin == "slack"
        )
    ).all()
    for row in rows:
        values = {
            name: {lang: change(text) for lang, text in texts.items()} if texts else texts
            for name, texts in zip(FIELDS, row[1:], strict=True)
        }
        connection.execute(announcements.update().where(announcements.c.id == row.id).values(**values))
