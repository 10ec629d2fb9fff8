"""Which posts of an announcement are due, and which of those are still worth sending. Pure: time comes in.

An occurrence's `name` goes into its outbox key, and includes the time it is about (e.g. the start a reminder
is for), so moving a change makes new reminders instead of reusing sent ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.announcements.spec import cron_trigger
from bot.local_time import LocalTime

DONE_AFTER = timedelta(days=7)
CRON_LOOKUP_LIMIT = 2000


class Scheduled(Protocol):
    """The fields of an announcement that decide its posts (see `bot.announcements.models.Announcement`)."""

    status: str
    publish_at: datetime
    starts: datetime | None
    ends: datetime | None
    reminders: list[int]
    cron: str | None
    grace_seconds: int
    post_started: bool
    post_ended: bool
    planned_at: datetime


@dataclass(frozen=True)
class Occurrence:
    """One post to make in every channel: `kind` is publish, remind, started, ended or cron."""

    name: str
    kind: str
    due: datetime
    threaded: bool
    reminder: timedelta | None = None


def due_occurrences(announcement: Scheduled, now: datetime, local: LocalTime) -> list[Occurrence]:
    """Every occurrence due at `now` (sent or not: the outbox keys tell), oldest first; none once cancelled."""
    if announcement.status != "active":
        return []
    if announcement.cron:
        latest = latest_cron_time(announcement, now, local)
        return [Occurrence(f"cron-{_stamp(latest)}", "cron", latest, threaded=False)] if latest else []
    found = [Occurrence("publish", "publish", announcement.publish_at, threaded=False)]
    starts, ends = announcement.starts, announcement.ends
    if starts is not None:
        for seconds in announcement.reminders:
            due, reminder = reminder_time(starts, seconds, local), timedelta(seconds=seconds)
            found.append(Occurrence(f"remind{seconds}-{_stamp(starts)}", "remind", due, True, reminder))
        if announcement.post_started:
            found.append(Occurrence(f"started-{_stamp(starts)}", "started", starts, threaded=True))
    if ends is not None and announcement.post_ended:
        found.append(Occurrence(f"ended-{_stamp(ends)}", "ended", ends, threaded=True))
    return sorted((o for o in found if o.due <= now), key=lambda o: o.due)


def reminder_time(starts: datetime, seconds: int, local: LocalTime) -> datetime:
    """When a reminder `seconds` before `starts` is due: whole days count on the local calendar (P1D before
    09:00 is 09:00 the day before, also across a DST switch), the rest as exact time."""
    days, rest = divmod(seconds, 86400)
    wall = local.of(starts).replace(tzinfo=None) - timedelta(days=days)
    return local.to_utc(wall) - timedelta(seconds=rest)


def why_not_send(announcement: Scheduled, occurrence: Occurrence, now: datetime) -> str | None:
    """Why a due occurrence is no longer worth sending (for the log and `announce list`), or None to send it."""
    starts, ends = announcement.starts, announcement.ends
    over = ends is not None and now >= ends
    if occurrence.kind == "publish" and over:
        return "the change was already over"
    if occurrence.kind in ("remind", "started", "ended") and occurrence.due < announcement.planned_at:
        return "its time had already passed when the change was planned or moved"
    if occurrence.kind == "remind" and starts is not None and now >= starts:
        return "the change had already started"
    if occurrence.kind == "remind" and occurrence.due < announcement.publish_at:
        return "its time was before the announcement was published"
    if occurrence.kind == "started" and over:
        return "the change was already over"
    return None


def latest_cron_time(announcement: Scheduled, now: datetime, local: LocalTime) -> datetime | None:
    """The latest time the cron rule fired within the grace period before `now`, not before planning or
    publication and not after `ends`; None when there is none (a missed post older than that is dropped)."""
    assert announcement.cron is not None
    trigger = cron_trigger(announcement.cron, local.zone)
    grace = timedelta(seconds=announcement.grace_seconds)
    lower = max(announcement.planned_at, announcement.publish_at, now - grace)
    upper = min(now, announcement.ends) if announcement.ends is not None else now
    fire = trigger.get_next_fire_time(None, local.of(lower))
    latest = None
    for _ in range(CRON_LOOKUP_LIMIT):
        if fire is None or local.to_utc(fire) > upper:
            break
        latest = local.to_utc(fire)
        fire = trigger.get_next_fire_time(fire, (fire + timedelta(seconds=1)).astimezone(local.zone))
    return latest


def next_time(announcement: Scheduled, now: datetime, local: LocalTime) -> datetime | None:
    """When the next post of this announcement falls due after `now` (for `announce list`), if any."""
    if announcement.status != "active":
        return None
    if announcement.cron:
        trigger = cron_trigger(announcement.cron, local.zone)
        fire = trigger.get_next_fire_time(None, local.of(max(now, announcement.publish_at)))
        upcoming = local.to_utc(fire) if fire is not None else None
        return (
            upcoming if upcoming is not None and (announcement.ends is None or upcoming <= announcement.ends) else None
        )
    far = now + timedelta(days=3660)
    later = [o.due for o in due_occurrences(announcement, far, local) if o.due > now]
    return min(later, default=None)


def is_finished(announcement: Scheduled, now: datetime) -> bool:
    """True once nothing more will ever be posted for it on schedule (changes may still post notices)."""
    if announcement.status != "active":
        return True
    if announcement.cron:
        return announcement.ends is not None and now > announcement.ends + DONE_AFTER
    last = max(filter(None, (announcement.publish_at, announcement.starts, announcement.ends)))
    return now > last + DONE_AFTER


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M")
