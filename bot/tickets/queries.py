"""Finding tickets: by conversation, by the Slack thread a message was written in, and for lists and SLA checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import OutboxMessage
from bot.outbox.store import Kind
from bot.tickets.models import Ticket
from bot.tickets.service import OPEN_STATUSES, SlaPolicy


def by_number(session: Session, number: int) -> Ticket | None:
    return session.scalars(select(Ticket).where(Ticket.number == number)).one_or_none()


def by_requester_thread(session: Session, channel: str, thread_ts: str) -> Ticket | None:
    """The ticket whose requester-side conversation is this thread (their message, or our first notice)."""
    ticket = session.scalars(
        select(Ticket).where(Ticket.channel == channel, Ticket.thread_ts == thread_ts).order_by(Ticket.id.desc())
    ).first()
    return ticket or _posted_in(session, channel, thread_ts, (Kind.TICKET_OPENED,))


def by_agent_thread(session: Session, channel: str, thread_ts: str) -> Ticket | None:
    """The ticket whose card (triage or team channel) starts this thread."""
    return _posted_in(session, channel, thread_ts, (Kind.TICKET_CARD, Kind.TEAM_CARD))


def _posted_in(session: Session, channel: str, ts: str, kinds: tuple[Kind, ...]) -> Ticket | None:
    """The ticket one of our posts of `kinds` at (`channel`, `ts`) is about."""
    return session.scalars(
        select(Ticket)
        .join(OutboxMessage, OutboxMessage.ticket_id == Ticket.id)
        .where(OutboxMessage.channel == channel, OutboxMessage.ts == ts, OutboxMessage.kind.in_(kinds))
    ).first()


def list_tickets(session: Session, *, status: str | None = None, limit: int = 500) -> list[Ticket]:
    query = select(Ticket).order_by(Ticket.id.desc()).limit(limit)
    if status == "open":
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Ticket.status == status)
    return list(session.scalars(query))


def open_for_requester(session: Session, requester: str) -> list[Ticket]:
    return list(
        session.scalars(
            select(Ticket)
            .where(Ticket.requester == requester, Ticket.status.in_(OPEN_STATUSES))
            .order_by(Ticket.id.desc())
        )
    )


@dataclass(frozen=True)
class Overview:
    """What someone sees of the tickets: their own open ones; for an agent also the queue and their work."""

    mine: list[Ticket]
    unclaimed: list[Ticket]
    assigned: list[Ticket]


def overview(session: Session, user: str, *, agent: bool) -> Overview:
    unclaimed, assigned = queue(session, agent=user) if agent else ([], [])
    return Overview(open_for_requester(session, user), unclaimed, assigned)


def queue(session: Session, *, agent: str) -> tuple[list[Ticket], list[Ticket]]:
    """(unclaimed tickets, the agent's own open tickets), oldest due first."""
    unclaimed = session.scalars(
        select(Ticket).where(Ticket.status.in_(("new", "escalated"))).order_by(Ticket.first_response_due)
    )
    own = session.scalars(
        select(Ticket).where(Ticket.assignee == agent, Ticket.status.in_(OPEN_STATUSES)).order_by(Ticket.resolution_due)
    )
    return list(unclaimed), list(own)


@dataclass(frozen=True)
class SlaNotice:
    """An SLA warning or breach to announce once: `stage` is "warning" or "breach", `target` which promise."""

    ticket: Ticket
    stage: str
    target: str
    due_at: datetime


def sla_notices(session: Session, *, now: datetime, sla: SlaPolicy, warn_fraction: float = 0.25) -> list[SlaNotice]:
    """Notices due now, each recorded on the ticket so it is given once. Flushes; never commits.

    Warnings come only in business hours, when less than `warn_fraction` of the target is left; a breach is
    announced when the due time has passed. Time spent waiting on the requester does not count.
    """
    notices = []
    tickets = session.scalars(
        select(Ticket).where(Ticket.status.in_(("new", "claimed", "escalated"))).with_for_update(skip_locked=True)
    )
    for ticket in tickets:
        target_name = "first_response" if ticket.first_response_at is None else "resolution"
        due_at = ticket.first_response_due if target_name == "first_response" else ticket.resolution_due
        target = getattr(sla.targets[ticket.priority], target_name)
        left = sla.hours.between(now, due_at)
        if now >= due_at and target_name not in ticket.sla_breached.split(","):
            ticket.sla_breached = _add(ticket.sla_breached, target_name)
            notices.append(SlaNotice(ticket, "breach", target_name, due_at))
        elif (
            now < due_at
            and sla.hours.is_open(now)
            and left <= max(target * warn_fraction, timedelta(minutes=10))
            and target_name not in ticket.sla_warned.split(",")
        ):
            ticket.sla_warned = _add(ticket.sla_warned, target_name)
            notices.append(SlaNotice(ticket, "warning", target_name, due_at))
    session.flush()
    return notices


def _add(listed: str, item: str) -> str:
    return ",".join(filter(None, [*listed.split(","), item]))
