"""Typed SQLAlchemy models: the service desk's own record. Times are stored as naive UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ProcessedEvent(Base):
    """A Slack delivery we have handled, keyed so retries and event pairs are recognised."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class InboxEvent(Base):
    """A Slack event as it reached us, stored before Slack got its 200 (`bot.inbox`): any process finishes it.

    `event_id` and `message_key` (event type, channel and ts) make storing idempotent: a retry, or the same
    message delivered again under another event id, is stored once. A row with `processed_at` unset is work to
    do; `lease_until` is how long the process that took it may keep it before any other process takes it over.
    """

    __tablename__ = "inbox_events"
    __table_args__ = (Index("ix_inbox_waiting", "processed_at", "lease_until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    message_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)


class Question(Base):
    """A question a colleague asked, what the bot answered (band `none` marks a gap in the KB) and what became
    of it: the suggestion the asker picked, "Geen van deze" (`declined_at`), the ticket it led to."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asker: Mapped[str] = mapped_column(String(40), index=True)
    channel: Mapped[str | None] = mapped_column(String(40))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    surface: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    band: Mapped[str] = mapped_column(String(10))
    article_id: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    picked_article_id: Mapped[str | None] = mapped_column(String(200))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", name="fk_questions_ticket_id"), index=True)


class Feedback(Base):
    """A colleague's "Dit hielp" / "Dit hielp niet" on an answer; one per colleague per answer."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("question_id", "article_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    article_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str] = mapped_column(String(40))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxMessage(Base):
    """A Slack post we owe; delivered by a worker so an outage delays it but never loses or doubles it.

    `key` only makes storing idempotent. What the post is (`kind`) and which rows it belongs to are columns:
    `parent_id` is the row whose post starts this post's thread, `edit_of_id` the row whose post this one edits
    (chat.update), `ticket_id` / `announcement_id` what it is about. A `persistent` post is never given up on.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_posted", "channel", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(40))
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)
    edit_of_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)
    persistent: Mapped[bool] = mapped_column(Boolean, default=False)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("announcements.id"), index=True)
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    ts: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class OutboxFile(Base):
    """The file an outbox row uploads with its post (the weekly digest's chart), stored with the row so any
    process can deliver it; `slack_file_id` is Slack's id once the upload is complete."""

    __tablename__ = "outbox_files"

    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", name="fk_outbox_files_outbox_id", ondelete="CASCADE"), primary_key=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    slack_file_id: Mapped[str | None] = mapped_column(String(40))


class LearnedPhrasing(Base):
    """A phrasing learned from use; the matcher treats it like an authored phrasing of its article."""

    __tablename__ = "learned_phrasings"
    __table_args__ = (UniqueConstraint("article_id", "text"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EmbeddingVector(Base):
    """A sentence-embedding vector of a knowledge-base text, by model and text hash, so that a restart or a
    second process does not encode the knowledge base again (see `bot.embedding_cache`)."""

    __tablename__ = "embedding_cache"

    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
