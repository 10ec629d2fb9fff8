"""Tickets and their history. Times are naive UTC, like every other model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base

NUMBER_BASE = 1000
"""Ticket numbers start above this, so the first ticket is SD-1001."""


class Ticket(Base):
    """A colleague's problem the service desk owes an answer to; our own record, independent of Slack history.

    `conversation_key` makes one ticket per conversation (a Slack thread or message). `paused_seconds` counts the
    business time spent waiting on the requester, which does not count against the SLA. `first_response_seconds`
    and `resolution_seconds` are business time (resolution net of the pauses), recorded for reports.
    `priority_reasons` says why the priority was proposed (`bot.tickets.urgency` reason codes, comma-separated);
    `response_promised_at` is the later time the requester was given when the first response was running late.
    """

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int | None] = mapped_column(Integer, unique=True)
    conversation_key: Mapped[str] = mapped_column(String(200), unique=True)
    requester: Mapped[str] = mapped_column(String(40), index=True)
    channel: Mapped[str | None] = mapped_column(String(40))
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(2))
    description: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(2))
    category: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), index=True)
    assignee: Mapped[str | None] = mapped_column(String(40), index=True)
    team: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    first_response_due: Mapped[datetime] = mapped_column(DateTime)
    resolution_due: Mapped[datetime] = mapped_column(DateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime)
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(200))
    rating: Mapped[int | None] = mapped_column(Integer)
    sla_warned: Mapped[str] = mapped_column(String(40), default="")
    sla_breached: Mapped[str] = mapped_column(String(40), default="")
    announcement_id: Mapped[int | None] = mapped_column(Integer)
    first_response_seconds: Mapped[int | None] = mapped_column(Integer)
    resolution_seconds: Mapped[int | None] = mapped_column(Integer)
    priority_reasons: Mapped[str | None] = mapped_column(String(100))
    response_promised_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def reference(self) -> str:
        """What colleagues see, e.g. SD-1042."""
        return f"SD-{self.number}"


class TicketEvent(Base):
    """One entry in a ticket's history (audit trail): who did what, when.

    For relayed messages, `source_ts` is the Slack message it copies and `mirror_id` the outbox row of the copy,
    so edits and deletions can be mirrored.
    """

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    source_ts: Mapped[str | None] = mapped_column(String(40), index=True)
    mirror_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
