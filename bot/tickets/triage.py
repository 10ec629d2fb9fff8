"""Sorting a ticket out on its card: its category, and handing it to another agent.

Domain code: takes a `Session`, flushes, never commits; no Slack. Each change is written to the ticket's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import ServiceDeskError
from bot.tickets import service
from bot.tickets.models import Ticket


class UnknownCategory(ServiceDeskError):
    message_key = "ticket.unknown_category"


def set_category(
    session: Session, ticket_id: int, *, agent: str, category: str, known: Sequence[str], now: datetime
) -> Ticket:
    """Put the ticket in one of the `known` categories (a no-op when it is there already).

    Raises:
        UnknownCategory: not one of the configured categories (a stale card or a tampered payload).
        TicketResolved: the ticket is resolved.
    """
    if category not in known:
        raise UnknownCategory()
    ticket = service.workable(session, ticket_id)
    if ticket.category != category:
        ticket.category = category
        service.log_message(session, ticket, actor=agent, kind="category", text=category, now=now)
    return ticket


def reassign(session: Session, ticket_id: int, *, agent: str, to: str, now: datetime) -> tuple[Ticket, bool]:
    """Hand the ticket to agent `to`; returns (ticket, changed). The caller has checked that `to` is an agent.

    A ticket in the queue becomes claimed; one waiting on the colleague keeps waiting. Handing it over is not a
    response to the colleague: the first-response promise still runs.

    Raises:
        TicketResolved: the ticket is resolved.
    """
    ticket = service.workable(session, ticket_id)
    if ticket.assignee == to:
        return ticket, False
    ticket.assignee = to
    if ticket.status in ("new", "escalated"):
        ticket.status = "claimed"
    service.log_message(session, ticket, actor=agent, kind="reassigned", text=to, now=now)
    return ticket, True
