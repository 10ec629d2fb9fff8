"""Recurring announcements (a `cron` rule, like the weekly walk-in hours), for App Home: what they say and when
they are posted next. Domain code; time comes in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement
from bot.announcements.schedule import next_time
from bot.local_time import LocalTime


@dataclass(frozen=True)
class Recurring:
    """A recurring announcement still running: its texts per language, its first channel and its next post."""

    title: dict[str, str]
    body: dict[str, str]
    channel: str
    next_post: datetime


def recurring_announcements(session: Session, now: datetime, local: LocalTime, *, limit: int = 10) -> list[Recurring]:
    """Active announcements with a `cron` rule that will post again, the next one first."""
    query = select(Announcement).where(Announcement.status == "active", Announcement.cron.is_not(None))
    found = []
    for announcement in session.scalars(query):
        upcoming = next_time(announcement, now, local)
        if upcoming is not None and announcement.channels:
            found.append(Recurring(announcement.title, announcement.body, announcement.channels[0], upcoming))
    return sorted(found, key=lambda recurring: recurring.next_post)[:limit]
