"""Storing announcements: add, change, cancel, and syncing the announcement files into the database.

Domain code: takes a `Session`, flushes, never commits. Safe when several processes do the same at once: a
new slug is inserted with ON CONFLICT DO NOTHING, and a change is a compare-and-set on `version`, so a change
is applied (and announced) once however many processes see the edited file.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.announcements.files import LoadResult
from bot.announcements.models import Announcement, AnnouncementChange
from bot.announcements.spec import AnnouncementSpec
from bot.db import insert_ignoring_conflict
from bot.errors import ServiceDeskError
from bot.models import OutboxMessage
from bot.outbox.store import Kind

log = logging.getLogger(__name__)

CANCELLED_BEFORE_POSTING = "the announcement was cancelled before this was posted"
POST_KINDS = (Kind.ANNOUNCEMENT, Kind.RECURRING, Kind.ANNOUNCEMENT_NOTICE, Kind.ANNOUNCEMENT_EDIT)
"""The outbox rows that are an announcement's own posts (a report to the triage channel that one of them failed
is about the announcement too, but is not one of its posts: a change or cancellation leaves it alone)."""
SCHEDULE_FIELDS = ("publish_at", "starts", "ends", "reminders", "cron", "grace_seconds", "post_started", "post_ended")


class UnknownAnnouncement(ServiceDeskError):
    message_key = "error.generic"


@dataclass(frozen=True)
class Saved:
    """What saving did: "created", "changed", "cancelled" or "unchanged"."""

    outcome: str
    announcement: Announcement | None


def save_announcement(
    session: Session, *, slug: str, spec: AnnouncementSpec, origin: str, now: datetime, created_by: str | None = None
) -> Saved:
    """Create the announcement `slug`, or change or cancel it to match `spec`. Flushes; never commits."""
    existing = session.scalar(select(Announcement).where(Announcement.slug == slug))
    if existing is None:
        return _create(session, slug=slug, spec=spec, origin=origin, now=now, created_by=created_by)
    if existing.content_hash == spec.content_hash() or existing.status == "cancelled":
        return Saved("unchanged", existing)
    if spec.cancelled:
        return cancel_announcement(session, existing.id, now=now)
    values = _values(spec, now, publish_at=spec.publish or existing.publish_at)
    schedule_changed = any(getattr(existing, name) != values[name] for name in SCHEDULE_FIELDS)
    values["planned_at"] = now if schedule_changed else existing.planned_at
    values.pop("status")
    if not _compare_and_set(session, existing, values):
        return Saved("unchanged", existing)
    _record_change(session, existing, kind="changed", schedule_changed=schedule_changed, now=now)
    return Saved("changed", existing)


def cancel_announcement(session: Session, announcement_id: int, *, now: datetime, note: str | None = None) -> Saved:
    """Cancel: nothing more is posted, also not what is waiting in the outbox (say, during a Slack outage);
    a first post already made gets updated and a "geannuleerd" reply. Never posts what was not posted.

    Raises:
        UnknownAnnouncement: there is no announcement with this id.
    """
    announcement = session.get(Announcement, announcement_id)
    if announcement is None:
        raise UnknownAnnouncement(f"no announcement with id {announcement_id}")
    if announcement.status == "cancelled":
        return Saved("unchanged", announcement)
    if not _compare_and_set(session, announcement, {"status": "cancelled", "updated_at": now}):
        return Saved("unchanged", announcement)
    _record_change(session, announcement, kind="cancelled", schedule_changed=False, now=now, note=note)
    return Saved("cancelled", announcement)


def find_announcement(session: Session, reference: str) -> Announcement | None:
    """An announcement by id ("7") or slug ("vpn-onderhoud")."""
    if reference.isdigit():
        return session.get(Announcement, int(reference))
    return session.scalar(select(Announcement).where(Announcement.slug == reference))


def sync_files(session: Session, loaded: LoadResult, *, now: datetime) -> dict[str, str]:
    """Bring the database in line with the announcement files; returns what happened per slug.

    Broken files are left out (their stored announcement keeps running as it was). A file that was removed
    changes nothing: cancel with `cancelled: true` in the file, or `servicedesk announce cancel`.
    """
    outcomes = {}
    for item in loaded.announcements:
        saved = save_announcement(session, slug=item.slug, spec=item.spec, origin="file", now=now)
        outcomes[item.slug] = saved.outcome
        if saved.outcome != "unchanged":
            log.info("announcement %s from file: %s", item.slug, saved.outcome)
    return outcomes


def _create(
    session: Session, *, slug: str, spec: AnnouncementSpec, origin: str, now: datetime, created_by: str | None
) -> Saved:
    values = _values(spec, now, publish_at=spec.publish or now)
    values |= {"slug": slug, "origin": origin, "version": 1, "planned_at": now, "created_by": created_by}
    values |= {"created_at": now}
    inserted = insert_ignoring_conflict(session, Announcement, values)
    announcement = session.scalars(
        select(Announcement).where(Announcement.slug == slug).execution_options(populate_existing=True)
    ).one()
    return Saved("created" if inserted else "unchanged", announcement)


def _values(spec: AnnouncementSpec, now: datetime, *, publish_at: datetime) -> dict[str, Any]:
    return {
        "status": "cancelled" if spec.cancelled else "active",
        "content_hash": spec.content_hash(),
        "title": spec.title,
        "body": spec.body,
        "expected": spec.expected,
        "impact": spec.impact,
        "langs": list(spec.langs),
        "channels": list(spec.channels),
        "tags": list(spec.tags),
        "publish_at": publish_at,
        "starts": spec.starts,
        "ends": spec.ends,
        "reminders": [int(reminder.total_seconds()) for reminder in spec.reminders],
        "cron": spec.cron,
        "grace_seconds": int(spec.grace.total_seconds()),
        "post_started": spec.post_started,
        "post_ended": spec.post_ended,
        "updated_at": now,
    }


def _compare_and_set(session: Session, announcement: Announcement, values: dict[str, Any]) -> bool:
    """Apply `values` and bump the version, unless another process changed the row first."""
    won = session.execute(
        update(Announcement)
        .where(Announcement.id == announcement.id, Announcement.version == announcement.version)
        .values(**values, version=announcement.version + 1)
        .returning(Announcement.id)
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(announcement)
    return won is not None


def _record_change(
    session: Session,
    announcement: Announcement,
    *,
    kind: str,
    schedule_changed: bool,
    now: datetime,
    note: str | None = None,
) -> None:
    """Remember which channels already have (or may have) the first post: those get it updated, and a notice
    in its thread. A change drops the posts no worker has taken yet (they are planned again from the new
    state); a cancellation skips every post not made yet."""
    ours = own_posts(announcement.id)
    posted = session.scalars(
        select(OutboxMessage.channel).where(
            ours,
            OutboxMessage.kind == Kind.ANNOUNCEMENT,
            or_(OutboxMessage.status == "sent", and_(OutboxMessage.status == "pending", OutboxMessage.attempts > 0)),
        )
    ).all()  # sent, or a worker may be sending it right now: if that lands, it is updated like a sent one
    if kind == "cancelled":
        _skip_unmade_posts(session, announcement.id)
    else:
        session.execute(
            delete(OutboxMessage)
            .where(ours, OutboxMessage.status == "pending", OutboxMessage.attempts == 0)
            .execution_options(synchronize_session=False)
        )
    if not posted or announcement.cron:
        return
    change = AnnouncementChange(
        announcement_id=announcement.id,
        version=announcement.version,
        kind=kind,
        schedule_changed=schedule_changed,
        channels=sorted(set(posted)),
        note=note,
        created_at=now,
    )
    session.add(change)
    session.flush()


def _skip_unmade_posts(session: Session, announcement_id: int) -> None:
    """A cancelled announcement's posts that are not made yet are never made: also the ones waiting to be
    retried after an outage. Their next-attempt time is kept: while it lies ahead a worker may still be
    sending one, and the planner waits for that before deciding the post was never made."""
    session.execute(
        update(OutboxMessage)
        .where(own_posts(announcement_id), OutboxMessage.status == "pending")
        .values(status="skipped", error=CANCELLED_BEFORE_POSTING)
        .execution_options(synchronize_session=False)
    )


def own_posts(announcement_id: int) -> ColumnElement[bool]:
    """The condition for an announcement's own outbox rows (`POST_KINDS`)."""
    return and_(OutboxMessage.announcement_id == announcement_id, OutboxMessage.kind.in_(POST_KINDS))


def announcement_was_posted(session: Session, announcement_id: int) -> bool:
    """True when the announcement's first post is in Slack in at least one channel."""
    found = session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.announcement_id == announcement_id,
            OutboxMessage.kind == Kind.ANNOUNCEMENT,
            OutboxMessage.status == "sent",
        )
        .limit(1)
    )
    return found is not None


def recent_changes(session: Session, announcement_ids: Sequence[int], now: datetime) -> list[AnnouncementChange]:
    """Changes to these announcements made in the last week, oldest first per announcement (older ones are not
    announced any more)."""
    return list(
        session.scalars(
            select(AnnouncementChange)
            .where(
                AnnouncementChange.announcement_id.in_(announcement_ids),
                AnnouncementChange.created_at >= now - timedelta(days=7),
            )
            .order_by(AnnouncementChange.announcement_id, AnnouncementChange.version)
        )
    )
