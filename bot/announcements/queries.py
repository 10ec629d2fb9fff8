"""Reading announcements: the overview for `servicedesk announce list`, and changes active right now that
match a colleague's question (for the "Bekende wijziging" line in replies). Domain code; time comes in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement
from bot.announcements.schedule import due_occurrences, next_time, why_not_send
from bot.announcements.service import own_posts
from bot.local_time import LocalTime
from bot.models import OutboxMessage
from bot.outbox import keys
from bot.outbox.store import Kind

OPEN_ENDED_ACTIVE = timedelta(hours=12)
"""How long a change without `ends` counts as active after it starts."""
GENERIC_WORDS = frozenset(
    {"wijziging", "wijzigingen", "onderhoud", "gepland", "nieuwe", "nieuw", "update", "updates", "change"}
    | {"changes", "maintenance", "planned", "over", "naar", "voor", "from", "with", "the", "and", "een", "het", "van"}
)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ActiveChange:
    """A change in its window now; `channel`/`ts` locate its first post."""

    id: int
    title: dict[str, str]
    starts: datetime
    ends: datetime | None
    channel: str
    ts: str | None


@dataclass(frozen=True)
class Overview:
    """One line of `announce list`: counts per outbox status, and why posts failed or were not sent.

    `next_post` is when the next post is made: at or before `now` when one is due and not made yet (it goes
    out at the next tick), None when nothing more is planned.
    """

    id: int
    slug: str
    status: str
    title: str
    next_post: datetime | None
    posts: dict[str, int]
    problems: list[dict[str, str]] = field(default_factory=list)


def active_changes_matching(session: Session, text: str, now: datetime) -> list[ActiveChange]:
    """Changes whose window is open at `now` and whose tags or title words occur in `text`.

    A tag matches as a word (or phrase); a title matches on a distinctive word of 4+ letters (generic words
    such as "onderhoud" alone do not count).
    """
    words = set(WORD.findall(text.casefold()))
    lowered = " ".join(WORD.findall(text.casefold()))
    found = []
    query = select(Announcement).where(Announcement.status == "active", Announcement.starts <= now)
    for announcement in session.scalars(query.order_by(Announcement.starts)):
        assert announcement.starts is not None
        until = announcement.ends or announcement.starts + OPEN_ENDED_ACTIVE
        if now < until and _matches(announcement, words, lowered):
            found.append(_active(session, announcement))
    return found


def list_announcements(session: Session, now: datetime, local: LocalTime) -> list[Overview]:
    """Every announcement, newest first, with its next post and the state of its posts."""
    overviews = []
    for announcement in session.scalars(select(Announcement).order_by(Announcement.id.desc())):
        rows = list(session.scalars(select(OutboxMessage).where(own_posts(announcement.id))))
        posts: dict[str, int] = {}
        problems = []
        for row in rows:
            posts[row.status] = posts.get(row.status, 0) + 1
            if row.status in ("failed", "skipped") or (row.status == "pending" and row.error):
                problems.append({"key": row.key, "status": row.status, "reason": row.error or ""})
        title = announcement.title[announcement.langs[0]]
        stored = {row.key: row for row in rows}
        upcoming = _due_not_made(announcement, stored, now, local) or next_time(announcement, now, local)
        overviews.append(
            Overview(announcement.id, announcement.slug, announcement.status, title, upcoming, posts, problems)
        )
    return overviews


def _due_not_made(
    announcement: Announcement, rows: dict[str, OutboxMessage], now: datetime, local: LocalTime
) -> datetime | None:
    """When the oldest post that is due now was due, if it is not made yet (not planned, or waiting in the
    outbox); None when every due post is made or deliberately not sent. `rows` are the announcement's
    posts by key: whether an occurrence was stored is what its idempotency key answers."""
    for occurrence in due_occurrences(announcement, now, local):
        for channel in announcement.channels:
            row = rows.get(keys.announcement(announcement.id, occurrence.name, channel))
            unplanned = row is None and why_not_send(announcement, occurrence, now) is None
            if unplanned or (row is not None and row.status == "pending"):
                return occurrence.due
    return None


def _matches(announcement: Announcement, words: set[str], lowered: str) -> bool:
    for tag in announcement.tags:
        tag_words = WORD.findall(tag.casefold())
        if tag_words and (" ".join(tag_words) in lowered if len(tag_words) > 1 else tag_words[0] in words):
            return True
    title_words = {w for title in announcement.title.values() for w in WORD.findall(title.casefold())}
    return any(len(word) >= 4 and word not in GENERIC_WORDS and word in words for word in title_words)


def _active(session: Session, announcement: Announcement) -> ActiveChange:
    assert announcement.starts is not None
    channel = announcement.channels[0]
    first = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.announcement_id == announcement.id,
            OutboxMessage.kind == Kind.ANNOUNCEMENT,
            OutboxMessage.channel == channel,
        )
        .order_by(OutboxMessage.id)
    ).first()
    ts = first.ts if first is not None and first.status == "sent" else None
    return ActiveChange(announcement.id, announcement.title, announcement.starts, announcement.ends, channel, ts)
