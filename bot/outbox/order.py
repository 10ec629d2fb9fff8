"""The order of a thread's posts: a row never goes out before an earlier row of its thread (or an earlier edit of
the same post), in one process or across processes. Posts outside a thread are not ordered across processes."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from bot.models import OutboxMessage


def lane(row: OutboxMessage) -> str:
    """What a row must not overtake: its thread, the post it edits, or (outside a thread) its channel."""
    if row.thread_ts is not None:
        return f"{row.channel}|thread:{row.thread_ts}"
    if row.parent_id is not None:
        return f"{row.channel}|parent:{row.parent_id}"
    if row.edit_of_id is not None:
        return f"{row.channel}|edit:{row.edit_of_id}"
    return f"{row.channel}|top"


def same_lane(row: OutboxMessage) -> ColumnElement[bool] | None:
    """Rows `row` must not overtake: of its thread, or editing the same post; None for a top-level post."""
    if row.thread_ts is not None:
        return OutboxMessage.thread_ts == row.thread_ts
    if row.parent_id is not None:
        return OutboxMessage.parent_id == row.parent_id
    if row.edit_of_id is not None:
        return OutboxMessage.edit_of_id == row.edit_of_id
    return None


def waits_behind_earlier(session: Session, row: OutboxMessage, *, taken: set[int]) -> bool:
    """True while an earlier row of `row`'s thread still waits (and is not claimed in this batch)."""
    same = same_lane(row)
    if same is None:
        return False
    earlier = select(func.count()).where(
        OutboxMessage.status == "pending", OutboxMessage.id < row.id, OutboxMessage.channel == row.channel, same
    )
    if taken:
        earlier = earlier.where(OutboxMessage.id.not_in(taken))
    return bool(session.scalar(earlier))
