"""Turning due announcement posts into outbox rows, once each, in every process's tick.

Every post has a unique idempotency key (`bot.outbox.keys.announcement`), so however many processes plan at the
same time, a post is stored once. A post in a thread waits until its channel's first post has a `ts`; a post
that is no longer worth sending is stored as "skipped" with the reason, so it is decided once and visible in
`servicedesk announce list`. Domain code: flushes, never commits; the message comes from the desk's renderer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement, AnnouncementChange
from bot.announcements.schedule import DONE_AFTER, Occurrence, due_occurrences, is_finished, why_not_send
from bot.announcements.service import recent_changes
from bot.desk import Work
from bot.local_time import LocalTime
from bot.models import OutboxMessage
from bot.outbox import keys
from bot.outbox.store import Kind, Post, enqueue_once

log = logging.getLogger(__name__)
OUTBOX_KINDS = {"publish": Kind.ANNOUNCEMENT, "cron": Kind.RECURRING, "edit": Kind.ANNOUNCEMENT_EDIT}
"""The outbox kind of each post kind; the rest (reminders, started, ended, changed, cancelled) are notices in the
first post's thread."""
BATCH = 500
"""Announcements per query: under the bound-parameter limit of older SQLite builds."""


@dataclass(frozen=True)
class DuePost:
    """A post to render and store: `kind` is publish, remind, started, ended, cron, edit, changed or cancelled.

    `parent_id` is the channel's first post (for a post in its thread), `edit_of_id` the post an edit changes.
    """

    key: str
    channel: str
    kind: str
    announcement: Announcement
    parent_id: int | None = None
    edit_of_id: int | None = None
    reminder: timedelta | None = None
    change: AnnouncementChange | None = None


@dataclass(frozen=True)
class Skip:
    key: str
    channel: str
    kind: str
    reason: str


def plan_posts(work: Work) -> int:
    """Store every announcement post that is due now and not stored yet; returns how many were stored."""
    session, now = work.session, work.now
    stored = 0
    live = live_announcements(session, now)
    rows, changes = _rows_by_announcement(session, live), _changes_by_announcement(session, live, now)
    for announcement in live:
        wanted = _wanted(
            announcement, rows.get(announcement.id, []), changes.get(announcement.id, []), now, work.local_time
        )
        for item in wanted:
            if isinstance(item, Skip):
                skipped = Post(item.key, outbox_kind(item.kind), item.channel, {}, announcement_id=announcement.id)
                if enqueue_once(session, skipped, now=now, status="skipped", error=item.reason):
                    log.info("announcement post %s not sent: %s", item.key, item.reason)
                continue
            message = work.render.announcement_post(item, now)
            post = Post(item.key, outbox_kind(item.kind), item.channel, message, parent_id=item.parent_id,
                        edit_of_id=item.edit_of_id, announcement_id=announcement.id)  # fmt: skip
            stored += enqueue_once(session, post, now=now)
    return stored


def outbox_kind(kind: str) -> Kind:
    return OUTBOX_KINDS.get(kind, Kind.ANNOUNCEMENT_NOTICE)


def live_announcements(session: Session, now: datetime) -> list[Announcement]:
    """Announcements that may still have something to post: active ones, and ones changed in the last week."""
    query = select(Announcement).where(
        or_(Announcement.status == "active", Announcement.updated_at >= now - DONE_AFTER)
    )
    found = session.scalars(query.order_by(Announcement.id)).all()
    return [a for a in found if not is_finished(a, now) or a.updated_at >= now - DONE_AFTER]


def _rows_by_announcement(session: Session, live: list[Announcement]) -> dict[int, list[OutboxMessage]]:
    """The outbox rows of every live announcement, oldest first, in one query per `BATCH` announcements (the
    planning round costs the same few statements however many announcements are live)."""
    found: dict[int, list[OutboxMessage]] = {}
    ids = [announcement.id for announcement in live]
    for low in range(0, len(ids), BATCH):
        query = select(OutboxMessage).where(OutboxMessage.announcement_id.in_(ids[low : low + BATCH]))
        for row in session.scalars(query.order_by(OutboxMessage.id)):
            found.setdefault(row.announcement_id or 0, []).append(row)
    return found


def _changes_by_announcement(
    session: Session, live: list[Announcement], now: datetime
) -> dict[int, list[AnnouncementChange]]:
    found: dict[int, list[AnnouncementChange]] = {}
    ids = [announcement.id for announcement in live]
    for low in range(0, len(ids), BATCH):
        for change in recent_changes(session, ids[low : low + BATCH], now):
            found.setdefault(change.announcement_id, []).append(change)
    return found


def _wanted(
    announcement: Announcement,
    rows: list[OutboxMessage],
    changes: list[AnnouncementChange],
    now: datetime,
    local: LocalTime,
) -> Iterator[DuePost | Skip]:
    stored = {row.key for row in rows}
    first_posts = {row.channel: row for row in rows if row.kind == Kind.ANNOUNCEMENT}
    for occurrence in due_occurrences(announcement, now, local):
        for channel in announcement.channels:
            key = keys.announcement(announcement.id, occurrence.name, channel)
            if key not in stored:
                yield from _scheduled(announcement, occurrence, channel, key, first_posts.get(channel), now)
    for change in changes:
        for channel in change.channels:
            yield from _change_posts(announcement, change, channel, stored, first_posts.get(channel), now)


def _scheduled(
    announcement: Announcement,
    occurrence: Occurrence,
    channel: str,
    key: str,
    first: OutboxMessage | None,
    now: datetime,
) -> Iterator[DuePost | Skip]:
    reason = why_not_send(announcement, occurrence, now)
    if reason is not None:
        yield Skip(key, channel, occurrence.kind, reason)
        return
    if not occurrence.threaded:
        yield DuePost(key, channel, occurrence.kind, announcement)
        return
    parent = _parent(first, now)
    if isinstance(parent, int):
        yield DuePost(key, channel, occurrence.kind, announcement, parent_id=parent, reminder=occurrence.reminder)
    elif parent is not None:
        yield Skip(key, channel, occurrence.kind, parent)


def _change_posts(
    announcement: Announcement,
    change: AnnouncementChange,
    channel: str,
    stored: set[str],
    first: OutboxMessage | None,
    now: datetime,
) -> Iterator[DuePost | Skip]:
    edit_key = keys.announcement(announcement.id, f"edit-v{change.version}", channel)
    notice_key = keys.announcement(announcement.id, f"{change.kind}-v{change.version}", channel)
    if edit_key in stored and notice_key in stored:
        return
    parent = _parent(first, now)
    if isinstance(parent, str):
        yield Skip(edit_key, channel, "edit", parent)
        yield Skip(notice_key, channel, change.kind, parent)
    elif parent is not None:
        yield DuePost(edit_key, channel, "edit", announcement, edit_of_id=parent, change=change)
        yield DuePost(notice_key, channel, change.kind, announcement, parent_id=parent, change=change)


def _parent(first: OutboxMessage | None, now: datetime) -> int | str | None:
    """The row id of the channel's first post once it is sent; None while it is not; why not when it never will.

    A first post skipped at cancellation while a worker may still hold it (a claim moves its next attempt time
    to the end of the lease, and that lies ahead) is waited for: if the worker's post lands, it is marked sent
    and gets updated like any other."""
    if first is None or first.status == "pending" or (first.status == "skipped" and first.next_attempt_at > now):
        return None
    if first.status == "sent" and first.ts:
        return first.id
    return f"the first post in this channel was not posted ({first.error or first.status})"
