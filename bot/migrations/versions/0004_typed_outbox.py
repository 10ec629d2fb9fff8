"""Typed outbox rows: kind, thread parent, edited row, persistent, ticket and announcement as columns

Until now an outbox row's meaning lived in its key (`ticket:12:card`, `announce:3:publish:C1`) and control flags
inside the Slack message (`_thread_of`, `_update_of`, `_update_ts`, `_persistent`). This migration reads each
existing row once, fills the new columns from its key and flags, and removes the flags from the message; from
here on keys are idempotency keys only. A ticket event refers to the copy of a relayed message by row id
(`mirror_id`) instead of by key.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

BATCH = 500
FLAGS = ("_thread_of", "_update_of", "_update_ts", "_persistent")
outbox = sa.table(
    "outbox",
    sa.column("id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("kind", sa.String),
    sa.column("channel", sa.String),
    sa.column("thread_ts", sa.String),
    sa.column("ts", sa.String),
    sa.column("message", sa.JSON),
    sa.column("parent_id", sa.Integer),
    sa.column("edit_of_id", sa.Integer),
    sa.column("persistent", sa.Boolean),
    sa.column("ticket_id", sa.Integer),
    sa.column("announcement_id", sa.Integer),
)
ticket_events = sa.table(
    "ticket_events",
    sa.column("id", sa.Integer),
    sa.column("ticket_id", sa.Integer),
    sa.column("mirror_key", sa.String),
    sa.column("mirror_id", sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=20), nullable=True, server_default="reply"))
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("edit_of_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("persistent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("announcement_id", sa.Integer(), nullable=True))
    # SQLite rebuilds the table for these; the rows still refer to nothing, so dropping the old table is allowed
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("kind", existing_type=sa.String(length=20), nullable=False, server_default=None)
        batch.create_foreign_key("fk_outbox_parent_id", "outbox", ["parent_id"], ["id"])
        batch.create_foreign_key("fk_outbox_edit_of_id", "outbox", ["edit_of_id"], ["id"])
        batch.create_foreign_key("fk_outbox_ticket_id", "tickets", ["ticket_id"], ["id"])
        batch.create_foreign_key("fk_outbox_announcement_id", "announcements", ["announcement_id"], ["id"])
        batch.create_index("ix_outbox_parent_id", ["parent_id"])
        batch.create_index("ix_outbox_edit_of_id", ["edit_of_id"])
        batch.create_index("ix_outbox_ticket_id", ["ticket_id"])
        batch.create_index("ix_outbox_announcement_id", ["announcement_id"])
        batch.create_index("ix_outbox_posted", ["channel", "ts"])
    with op.batch_alter_table("ticket_events") as batch:
        batch.add_column(sa.Column("mirror_id", sa.Integer(), nullable=True))
    _convert(op.get_bind())
    with op.batch_alter_table("ticket_events") as batch:
        batch.create_foreign_key("fk_ticket_events_mirror_id", "outbox", ["mirror_id"], ["id"])
        batch.drop_column("mirror_key")


def downgrade() -> None:
    with op.batch_alter_table("ticket_events") as batch:
        batch.add_column(sa.Column("mirror_key", sa.String(length=200), nullable=True))
    bind = op.get_bind()
    keys: dict[int, str] = {row_id: key for row_id, key in bind.execute(sa.select(outbox.c.id, outbox.c.key))}
    for event_id, mirror_id in bind.execute(
        sa.select(ticket_events.c.id, ticket_events.c.mirror_id).where(ticket_events.c.mirror_id.is_not(None))
    ):
        bind.execute(ticket_events.update().where(ticket_events.c.id == event_id).values(mirror_key=keys[mirror_id]))
    with op.batch_alter_table("ticket_events") as batch:
        batch.drop_constraint("fk_ticket_events_mirror_id", type_="foreignkey")
        batch.drop_column("mirror_id")
    _restore_flags(bind, keys)
    with op.batch_alter_table("outbox") as batch:
        for index in ("ix_outbox_posted", "ix_outbox_announcement_id", "ix_outbox_ticket_id"):
            batch.drop_index(index)
        batch.drop_index("ix_outbox_edit_of_id")
        batch.drop_index("ix_outbox_parent_id")
        for constraint in ("announcement_id", "ticket_id", "edit_of_id", "parent_id"):
            batch.drop_constraint(f"fk_outbox_{constraint}", type_="foreignkey")
        for column in ("announcement_id", "ticket_id", "persistent", "edit_of_id", "parent_id", "kind"):
            batch.drop_column(column)


def _convert(bind: sa.Connection) -> None:
    """Fill the new columns of every row from its key and the flags in its message (the one place keys are read)."""
    ids: dict[str, int] = {}
    posted: dict[tuple[str, str], int] = {}
    for row_id, key, channel, ts in bind.execute(sa.select(outbox.c.id, outbox.c.key, outbox.c.channel, outbox.c.ts)):
        ids[key] = row_id
        if ts:
            posted[(channel, ts)] = row_id
    events = sa.select(ticket_events.c.mirror_key, ticket_events.c.ticket_id).where(
        ticket_events.c.mirror_key.is_not(None)
    )
    relayed_in: dict[str, int] = {key: ticket_id for key, ticket_id in bind.execute(events)}
    last = 0
    while True:
        rows = bind.execute(
            sa.select(outbox.c.id, outbox.c.key, outbox.c.channel, outbox.c.thread_ts, outbox.c.message)
            .where(outbox.c.id > last)
            .order_by(outbox.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        changes = [_columns(row, ids, posted, relayed_in) for row in rows]
        bind.execute(
            outbox.update().where(outbox.c.id == sa.bindparam("row_id")),
            changes,
        )
        last = rows[-1].id
    for key in relayed_in:
        if key in ids:
            bind.execute(ticket_events.update().where(ticket_events.c.mirror_key == key).values(mirror_id=ids[key]))


def _columns(
    row: Any, ids: dict[str, int], posted: dict[tuple[str, str], int], relayed_in: dict[str, int]
) -> dict[str, Any]:
    message = dict(row.message or {})
    thread_of, update_of = message.pop("_thread_of", None), message.pop("_update_of", None)
    update_ts, persistent = message.pop("_update_ts", None), bool(message.pop("_persistent", False))
    edit_of_id = ids.get(update_of) if update_of else posted.get((row.channel, update_ts)) if update_ts else None
    kind, ticket_id, announcement_id = _meaning(row.key, edited=edit_of_id is not None)
    if row.key.startswith("relay:"):
        ticket_id = relayed_in.get(update_of or row.key)
    return {
        "row_id": row.id,
        "kind": kind,
        "message": message,
        "parent_id": ids.get(thread_of) if thread_of else posted.get((row.channel, row.thread_ts or "")),
        "edit_of_id": edit_of_id,
        "persistent": persistent,
        "ticket_id": ticket_id,
        "announcement_id": announcement_id,
    }


def _meaning(key: str, *, edited: bool) -> tuple[str, int | None, int | None]:
    """(kind, ticket id, announcement id) as the key formats of revisions 0001-0003 spelled them."""
    parts = key.split(":")
    if parts[0] == "announce" and len(parts) >= 4 and parts[1].isdigit():
        occurrence = parts[2]
        kinds = {"publish": "announcement"}
        kind = kinds.get(occurrence) or (
            "recurring"
            if occurrence.startswith("cron-")
            else "announcement_edit"
            if occurrence.startswith("edit-")
            else "announcement_notice"
        )
        return kind, None, int(parts[1])
    if parts[0] == "ticket" and len(parts) >= 3 and parts[1].isdigit():
        return _ticket_kind(parts[2:], edited=edited), int(parts[1]), None
    if parts[0] == "relay":
        return ("relay_edit" if edited else "relay"), None, None
    if parts[0] == "triage":
        return "delivery_failed", None, None
    return "reply", None, None


def _ticket_kind(rest: list[str], *, edited: bool) -> str:
    if edited:
        return "card_edit"
    if rest == ["card"]:
        return "ticket_card"
    if rest[0] == "team" and len(rest) == 2:
        return "team_card"
    if rest[0] == "opened":
        return "ticket_opened"
    if rest[0] in ("team", "sla"):
        return "agent_note"
    return "ticket_notice"


def _restore_flags(bind: sa.Connection, keys: dict[int, str]) -> None:
    """Put the control flags back into the messages, as revision 0003's worker reads them."""
    rows = bind.execute(
        sa.select(
            outbox.c.id, outbox.c.kind, outbox.c.message, outbox.c.parent_id, outbox.c.edit_of_id, outbox.c.persistent
        )
    ).all()
    ts_of = {row_id: ts for row_id, ts in bind.execute(sa.select(outbox.c.id, outbox.c.ts))}
    for row in rows:
        message = dict(row.message or {})
        if row.parent_id is not None:
            message["_thread_of"] = keys[row.parent_id]
        if row.edit_of_id is not None and row.kind == "announcement_edit":
            message["_update_ts"] = ts_of[row.edit_of_id]
        elif row.edit_of_id is not None:
            message["_update_of"] = keys[row.edit_of_id]
        if row.persistent:
            message["_persistent"] = True
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(message=message))
