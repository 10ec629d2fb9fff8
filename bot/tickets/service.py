"""Working a ticket: open, claim, release, escalate, prioritise, resolve, rate, reopen; the history of each.

Domain code: takes a `Session`, flushes, never commits; no Slack. Every change is written to the ticket's
history (`TicketEvent`), so the record stands on its own when Slack history is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db import insert_ignoring_conflict
from bot.errors import ServiceDeskError
from bot.models import Question
from bot.tickets.durations import record_business_times
from bot.tickets.models import NUMBER_BASE, Ticket, TicketEvent
from bot.tickets.sla import DEFAULT_TARGETS, PRIORITIES, BusinessHours, Target, due

MAX_DESCRIPTION_CHARS = 20_000
OPEN_STATUSES = ("new", "claimed", "escalated", "waiting")
LOW_RATING = 2


class UnknownTicket(ServiceDeskError):
    message_key = "ticket.unknown"


class TicketResolved(ServiceDeskError):
    message_key = "ticket.already_resolved"


class AlreadyClaimed(ServiceDeskError):
    """Another agent was first; `assignee` says who."""

    message_key = "ticket.already_claimed"

    def __init__(self, assignee: str) -> None:
        super().__init__(assignee=f"<@{assignee}>")
        self.assignee = assignee


class NotTheRequester(ServiceDeskError):
    message_key = "ticket.not_requester"


class UnknownTeam(ServiceDeskError):
    message_key = "ticket.unknown_team"


class NoTeams(ServiceDeskError):
    message_key = "modal.no_teams"


@dataclass(frozen=True)
class SlaPolicy:
    """Business hours and the targets per priority."""

    hours: BusinessHours
    targets: dict[str, Target]

    @classmethod
    def default(cls) -> SlaPolicy:
        return cls(BusinessHours(), dict(DEFAULT_TARGETS))


def open_ticket(
    session: Session,
    *,
    conversation_key: str,
    requester: str,
    channel: str | None,
    thread_ts: str | None,
    text: str,
    lang: str,
    now: datetime,
    sla: SlaPolicy,
    priority: str = "P3",
    reasons: tuple[str, ...] = (),
    category: str | None = None,
    announcement_id: int | None = None,
    question_id: int | None = None,
) -> tuple[Ticket, bool]:
    """Open the ticket for a conversation, or return the one it already has (`False`: not new).

    Race-safe: a retried event, the message/app_mention pair or a second reaction find the same ticket.
    `question_id`: the stored question that led to it (unanswered, "Dit hielp niet", "Geen van deze"); the
    question then records the ticket (also when the conversation already had one), for reports. `reasons`:
    why `priority` was proposed (`bot.tickets.urgency`).
    """
    target = sla.targets[priority]
    values = {
        "conversation_key": conversation_key,
        "requester": requester,
        "channel": channel,
        "thread_ts": thread_ts,
        "lang": lang,
        "description": text[:MAX_DESCRIPTION_CHARS],
        "priority": priority,
        "priority_reasons": ",".join(reasons)[:100] or None,
        "category": category,
        "status": "new",
        "created_at": now,
        "first_response_due": due(sla.hours, now, target.first_response),
        "resolution_due": due(sla.hours, now, target.resolution),
        "paused_seconds": 0,
        "sla_warned": "",
        "sla_breached": "",
        "announcement_id": announcement_id,
    }
    created = insert_ignoring_conflict(session, Ticket, values)
    ticket = session.scalars(select(Ticket).where(Ticket.conversation_key == conversation_key)).one()
    if created:
        ticket.number = NUMBER_BASE + ticket.id
        log_message(session, ticket, actor=requester, kind="opened", text=text[:MAX_DESCRIPTION_CHARS], now=now)
    if question_id is not None:
        session.execute(update(Question).where(Question.id == question_id).values(ticket_id=ticket.id))
    return ticket, created


def get_ticket(session: Session, ticket_id: int) -> Ticket:
    """Raises: UnknownTicket."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise UnknownTicket()
    return ticket


def claim(session: Session, ticket_id: int, *, agent: str, now: datetime, hours: BusinessHours | None = None) -> Ticket:
    """Make `agent` the assignee; when several agents click at once exactly one wins.

    With `hours`, the business time to this first response is recorded at once (else reports fill it in).

    Raises:
        AlreadyClaimed: someone else holds it (a click by the holder again is a no-op, not an error).
        TicketResolved: it was resolved in the meantime.
    """
    won = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.assignee.is_(None), Ticket.status.in_(("new", "escalated")))
        .values(status="claimed", assignee=agent)
        .returning(Ticket.id)
        .execution_options(synchronize_session=False)
    ).first()
    ticket = get_ticket(session, ticket_id)
    session.refresh(ticket)
    if won is None:
        if ticket.status == "resolved":
            raise TicketResolved()
        if ticket.assignee != agent:
            raise AlreadyClaimed(ticket.assignee or "")
        return ticket
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        if hours is not None:
            record_business_times(ticket, hours)
    log_message(session, ticket, actor=agent, kind="claimed", text="", now=now)
    return ticket


def release(session: Session, ticket_id: int, *, agent: str, now: datetime) -> Ticket:
    """Put the ticket back in the queue. Raises: TicketResolved."""
    ticket = _open(session, ticket_id)
    if ticket.assignee is not None:
        ticket.assignee = None
        ticket.status = "escalated" if ticket.team else "new"
        log_message(session, ticket, actor=agent, kind="released", text="", now=now)
    return ticket


def escalate(session: Session, ticket_id: int, *, agent: str, team: str, note: str, now: datetime) -> Ticket:
    """Hand the ticket to a second-line team; it waits there to be claimed. Raises: TicketResolved."""
    ticket = _open(session, ticket_id)
    ticket.team, ticket.assignee, ticket.status = team, None, "escalated"
    log_message(session, ticket, actor=agent, kind="escalated", text=f"{team}: {note}".strip(), now=now)
    return ticket


def set_priority(
    session: Session, ticket_id: int, *, agent: str, priority: str, now: datetime, sla: SlaPolicy
) -> Ticket:
    """Change the priority; the SLA due times are recomputed from when the ticket was opened.

    Raises:
        ValueError: not one of P1-P4 (a tampered payload).
        TicketResolved: the ticket is resolved.
    """
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}")
    ticket = _open(session, ticket_id)
    if ticket.priority != priority:
        target, paused = sla.targets[priority], timedelta(seconds=ticket.paused_seconds)
        ticket.priority = priority
        ticket.first_response_due = due(sla.hours, ticket.created_at, target.first_response)
        ticket.resolution_due = due(sla.hours, ticket.created_at, target.resolution, paused)
        ticket.sla_warned = ticket.sla_breached = ""
        log_message(session, ticket, actor=agent, kind="priority", text=priority, now=now)
    return ticket


def resolve(
    session: Session,
    ticket_id: int,
    *,
    agent: str,
    resolution: str,
    article_id: str | None,
    now: datetime,
    hours: BusinessHours | None = None,
) -> Ticket:
    """Close the ticket with what solved it; with `hours`, its business times are recorded at once.

    Raises:
        TicketResolved: a modal submitted twice changes nothing.
    """
    ticket = _open(session, ticket_id)
    ticket.waiting_since = None  # resolved: the wait on the requester is over, the SLA no longer runs
    ticket.status, ticket.resolved_at = "resolved", now
    ticket.resolution, ticket.article_id = resolution[:MAX_DESCRIPTION_CHARS], article_id
    ticket.assignee = ticket.assignee or agent
    if hours is not None:
        record_business_times(ticket, hours)
    log_message(session, ticket, actor=agent, kind="resolved", text=resolution, now=now)
    return ticket


def rate(session: Session, ticket_id: int, *, user: str, rating: int, now: datetime) -> tuple[Ticket, bool]:
    """Store the requester's rating (1-5); a low one reopens the ticket. Returns (ticket, reopened).

    Raises:
        NotTheRequester: only the colleague who asked can rate.
    """
    ticket = get_ticket(session, ticket_id)
    if user != ticket.requester:
        raise NotTheRequester()
    ticket.rating = max(1, min(5, rating))
    log_message(session, ticket, actor=user, kind="rated", text=str(ticket.rating), now=now)
    if ticket.rating <= LOW_RATING and ticket.status == "resolved":
        reopen(session, ticket, actor=user, reason="rating", now=now)
        return ticket, True
    return ticket, False


def reopen(session: Session, ticket: Ticket, *, actor: str, reason: str, now: datetime) -> None:
    """Back into the queue (with its assignee, if any). Flushes."""
    ticket.status = "claimed" if ticket.assignee else "new"
    ticket.resolved_at = ticket.resolution_seconds = None
    log_message(session, ticket, actor=actor, kind="reopened", text=reason, now=now)


def agent_replied(ticket: Ticket, *, agent: str, now: datetime, hours: BusinessHours | None = None) -> None:
    """An agent wrote to the requester: counts as first response; the SLA pauses until the requester answers.

    With `hours`, the business time to this first response is recorded at once (else reports fill it in).
    """
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        if hours is not None:
            record_business_times(ticket, hours)
    if ticket.status in ("claimed", "new", "escalated"):
        ticket.status, ticket.waiting_since = "waiting", now
        ticket.assignee = ticket.assignee or agent


def requester_replied(
    session: Session, ticket: Ticket, *, now: datetime, hours: BusinessHours, reopen_days: int, actor: str | None = None
) -> bool:
    """The requester (or an agent, `actor`, in the requester's thread) wrote in the requester's thread: the SLA
    runs again; within `reopen_days` of resolving, it reopens, and the history names who reopened it.

    Returns:
        True if the ticket was reopened by this reply.
    """
    _resume(ticket, now, hours)
    if ticket.status == "resolved" and ticket.resolved_at and now - ticket.resolved_at <= timedelta(days=reopen_days):
        reopen(session, ticket, actor=actor or ticket.requester, reason="reply", now=now)
        return True
    return False


def history(session: Session, ticket_id: int) -> list[TicketEvent]:
    return list(session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)))


def workable(session: Session, ticket_id: int) -> Ticket:
    """The ticket, if agents can still work it. Raises: UnknownTicket, TicketResolved."""
    return _open(session, ticket_id)


def _open(session: Session, ticket_id: int) -> Ticket:
    ticket = get_ticket(session, ticket_id)
    if ticket.status == "resolved":
        raise TicketResolved()
    return ticket


def _resume(ticket: Ticket, now: datetime, hours: BusinessHours) -> None:
    """End a wait on the requester; the paused business time moves the resolution due time."""
    if ticket.waiting_since is None:
        return
    paused = timedelta(seconds=round(hours.between(ticket.waiting_since, now).total_seconds()))
    ticket.paused_seconds += int(paused.total_seconds())
    if paused:
        ticket.resolution_due = hours.add(ticket.resolution_due, paused)
    ticket.waiting_since = None
    if ticket.status == "waiting":
        ticket.status = "claimed" if ticket.assignee else "new"


def log_message(
    session: Session,
    ticket: Ticket,
    *,
    actor: str,
    kind: str,
    text: str,
    now: datetime,
    source_ts: str | None = None,
    mirror_id: int | None = None,
) -> TicketEvent:
    """Add an entry to the ticket's history: a change, or a conversation message (requester, agent, internal
    note, edit, deletion; `source_ts` is the Slack message, `mirror_id` the outbox row of its copy)."""
    event = TicketEvent(
        ticket_id=ticket.id, at=now, actor=actor, kind=kind, text=text, source_ts=source_ts, mirror_id=mirror_id
    )
    session.add(event)
    session.flush()
    return event
