"""Keeping our word to the colleague: when the promised first response is about to pass without anyone having
responded, the requester hears it from us first, honestly, with a new time. Once per ticket.

Runs as a job next to the SLA job (`bot.tickets.sla_watch`), which tells the agents. Safe in any number of
processes at once: the ticket rows are locked while they are handled (skipped by a process that finds them
locked), the new time is recorded on the ticket in the same transaction, and the message is an outbox row
under a key of its own, stored once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.desk import Desk
from bot.outbox import keys
from bot.outbox.poster import Poster
from bot.outbox.worker import deliver_outbox
from bot.tickets import posts, service
from bot.tickets.models import Ticket
from bot.tickets.service import SlaPolicy

LEAD = timedelta(minutes=15)
"""How much business time before the promised time the colleague is told (less for a shorter promise)."""


def running_late(session: Session, *, now: datetime, sla: SlaPolicy) -> list[Ticket]:
    """Open tickets nobody has responded to whose promised first response is (nearly) due, not told yet.

    While the desk is closed nobody is told (no promise runs then) unless the time has already passed.
    """
    candidates = session.scalars(
        select(Ticket)
        .where(
            Ticket.status.in_(("new", "claimed", "escalated")),
            Ticket.first_response_at.is_(None),
            Ticket.response_promised_at.is_(None),
        )
        .with_for_update(skip_locked=True)
    )
    late = []
    for ticket in candidates:
        target = sla.targets[ticket.priority].first_response
        due = ticket.first_response_due
        near = sla.hours.is_open(now) and sla.hours.between(now, due) <= min(LEAD, target / 4)
        if near or now >= due:
            late.append(ticket)
    return late


def new_expectation(ticket: Ticket, *, now: datetime, sla: SlaPolicy) -> datetime:
    """An honest new time: one more full first-response target, counted from the promise we are missing."""
    target = sla.targets[ticket.priority].first_response
    return sla.hours.add(max(now, ticket.first_response_due), target)


def keep_promises(desk: Desk, poster: Poster) -> int:
    """Tell every colleague whose first response is running late, once; returns how many were told."""
    told = 0
    with desk.work() as work:
        for ticket in running_late(work.session, now=work.now, sla=work.settings.sla):
            promised = new_expectation(ticket, now=work.now, sla=work.settings.sla)
            if not _promise_anew(work.session, ticket, promised):
                continue  # another process told them in the meantime
            told += 1
            message = work.render.running_late(ticket, promised, work.now)
            key = keys.ticket_notice(ticket.id, "late", "first_response")
            posts.tell_requester(work, ticket, key=key, message=message)
            service.log_message(work.session, ticket, actor="servicedesk", kind="late", text=promised.isoformat(),
                                now=work.now)  # fmt: skip
    deliver_outbox(desk, poster, only=work.queued)
    return told


def _promise_anew(session: Session, ticket: Ticket, promised: datetime) -> bool:
    """Record the new time unless one was recorded already (compare-and-set: one process wins)."""
    won = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.response_promised_at.is_(None))
        .values(response_promised_at=promised)
        .returning(Ticket.id)
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(ticket)
    return won is not None
