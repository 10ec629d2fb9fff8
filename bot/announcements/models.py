"""Stored announcements and their changes. Times are naive UTC, like every other model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base


class Announcement(Base):
    """One announced change (or recurring post); the database is the source of truth for what gets posted.

    `title`, `body` and `expected` map a language ("nl", "en") to text. `planned_at` is when the schedule
    (publish, starts, ends, reminders, cron) last changed: posts that were already due then are not sent.
    """

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    origin: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    body: Mapped[dict[str, str]] = mapped_column(JSON)
    expected: Mapped[dict[str, str] | None] = mapped_column(JSON)
    impact: Mapped[str] = mapped_column(String(10))
    langs: Mapped[list[str]] = mapped_column(JSON)
    channels: Mapped[list[str]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON)
    publish_at: Mapped[datetime] = mapped_column(DateTime)
    starts: Mapped[datetime | None] = mapped_column(DateTime)
    ends: Mapped[datetime | None] = mapped_column(DateTime)
    reminders: Mapped[list[int]] = mapped_column(JSON)
    cron: Mapped[str | None] = mapped_column(String(100))
    grace_seconds: Mapped[int] = mapped_column(Integer)
    post_started: Mapped[bool] = mapped_column(Boolean)
    post_ended: Mapped[bool] = mapped_column(Boolean)
    planned_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AnnouncementChange(Base):
    """A change or cancellation after publication: the original posts in `channels` get updated and a notice."""

    __tablename__ = "announcement_changes"
    __table_args__ = (UniqueConstraint("announcement_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    schedule_changed: Mapped[bool] = mapped_column(Boolean)
    channels: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
