"""Turning due announcement posts into outbox rows, once each, in every process's tick.

Every post has a unique outbox key (`announce:<id>:<occurrence>:<channel>`), so however many processes plan at
the same time, a post is stored once. A post in a thread waits until its channel's first post has a `ts`; a
post that is no longer worth sending is stored as "skipped" with the reason, so it is decided once and visible
in `servicedesk announce list`. Domain code: flushes, never commits; the message comes from `render`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement, AnnouncementChange
from bot.announcements.schedule import DONE_AFTER, Occurrence, due_occurrences, is_finished, why_not_send
from bot.announcements.service import key_range, post_key, recent_changes
from bot.models import OutboxMessage
from bot.outbox import UPDATE_TS, enqueue_once

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DuePost:
    """A post to render and store: `kind` is publish, remind, started, ended, cron, edit, changed or cancelled."""

    key: str
    channel: str
    kind: str
    announcement: Announcement
    thread_ts: str | None = None
    update_ts: str | None = None
    reminder: timedelta | None = None
    change: AnnouncementChange | None = None


@dataclass(frozen=True)
class Skip:
    key: str
    channel: str
    reason: str


Render = Callable[[DuePost, datetime], dict[str, Any]]


def plan_posts(session: Session, *, now: datetime, render: Render) -> int:
    """Store every announcement post that is due at `now` and not stored yet; returns how many were stored."""
    stored = 0
    for announcement in live_announcements(session, now):
        rows = _rows(session, announcement.id)
        for item in _wanted(session, announcement, rows, now):
            if isinstance(item, Skip):
                if enqueue_once(session, key=item.key, channel=item.channel, message={}, now=now, status="skipped",
                                error=item.reason):  # fmt: skip
                    log.info("announcement post %s not sent: %s", item.key, item.reason)
                continue
            message = render(item, now)
            if item.update_ts is not None:
                message[UPDATE_TS] = item.update_ts
            stored += enqueue_once(
                session, key=item.key, channel=item.channel, message=message, now=now, thread_ts=item.thread_ts
            )
    return stored


def live_announcements(session: Session, now: datetime) -> list[Announcement]:
    """Announcements that may still have something to post: active ones, and ones changed in the last week."""
    query = select(Announcement).where(
        or_(Announcement.status == "active", Announcement.updated_at >= now - DONE_AFTER)
    )
    found = session.scalars(query.order_by(Announcement.id)).all()
    return [a for a in found if not is_finished(a, now) or a.updated_at >= now - DONE_AFTER]


def _rows(session: Session, announcement_id: int) -> dict[str, OutboxMessage]:
    low, high = key_range(announcement_id)
    query = select(OutboxMessage).where(OutboxMessage.key >= low, OutboxMessage.key < high)
    return {row.key: row for row in session.scalars(query)}


def _wanted(
    session: Session, announcement: Announcement, rows: dict[str, OutboxMessage], now: datetime
) -> Iterator[DuePost | Skip]:
    for occurrence in due_occurrences(announcement, now):
        for channel in announcement.channels:
            key = post_key(announcement.id, occurrence.name, channel)
            if key not in rows:
                yield from _scheduled(announcement, occurrence, channel, key, rows, now)
    for change in recent_changes(session, announcement.id, now):
        for channel in change.channels:
            yield from _change_posts(announcement, change, channel, rows, now)


def _scheduled(
    announcement: Announcement,
    occurrence: Occurrence,
    channel: str,
    key: str,
    rows: dict[str, OutboxMessage],
    now: datetime,
) -> Iterator[DuePost | Skip]:
    reason = why_not_send(announcement, occurrence, now)
    if reason is not None:
        yield Skip(key, channel, reason)
        return
    if not occurrence.threaded:
        yield DuePost(key, channel, occurrence.kind, announcement)
        return
    parent = _parent(announcement, channel, rows, now)
    if isinstance(parent, str):
        yield DuePost(key, channel, occurrence.kind, announcement, thread_ts=parent, reminder=occurrence.reminder)
    elif parent is not None:
        yield Skip(key, channel, parent.reason)


def _change_posts(
    announcement: Announcement, change: AnnouncementChange, channel: str, rows: dict[str, OutboxMessage], now: datetime
) -> Iterator[DuePost | Skip]:
    edit_key = post_key(announcement.id, f"edit-v{change.version}", channel)
    notice_key = post_key(announcement.id, f"{change.kind}-v{change.version}", channel)
    if edit_key in rows and notice_key in rows:
        return
    parent = _parent(announcement, channel, rows, now)
    if isinstance(parent, Skip):
        yield Skip(edit_key, channel, parent.reason)
        yield Skip(notice_key, channel, parent.reason)
    elif parent is not None:
        yield DuePost(edit_key, channel, "edit", announcement, update_ts=parent, change=change)
        yield DuePost(notice_key, channel, change.kind, announcement, thread_ts=parent, change=change)


def _parent(
    announcement: Announcement, channel: str, rows: dict[str, OutboxMessage], now: datetime
) -> str | Skip | None:
    """The `ts` of the channel's first post; None while it is not posted yet; a Skip when it never will be.

    A first post skipped at cancellation while a worker may still hold it (its next attempt time lies ahead)
    is waited for: if that worker's post lands, it is marked sent and gets updated like any other."""
    row = rows.get(post_key(announcement.id, "publish", channel))
    if row is None or row.status == "pending" or (row.status == "skipped" and row.next_attempt_at > now):
        return None
    if row.status == "sent" and row.ts:
        return row.ts
    return Skip("", channel, f"the first post in this channel was not posted ({row.error or row.status})")
