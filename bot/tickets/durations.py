"""Business time a ticket took, stored on the ticket so reports can aggregate it in SQL.

First response: business time from opening to the first response. Resolution: business time from opening to
resolution, minus the time spent waiting on the requester (as the SLA clock counts it). Flushes; never commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.tickets.models import Ticket
from bot.tickets.sla import BusinessHours


def record_business_times(ticket: Ticket, hours: BusinessHours) -> None:
    """Store the business times the ticket's moments allow (first response, resolution); the rest stay empty."""
    if ticket.first_response_at is not None:
        ticket.first_response_seconds = _seconds(hours, ticket, ticket.first_response_at)
    if ticket.resolved_at is not None:
        worked = _seconds(hours, ticket, ticket.resolved_at) - ticket.paused_seconds
        ticket.resolution_seconds = max(0, worked)


def fill_business_times(session: Session, hours: BusinessHours) -> int:
    """Record the business times of every ticket that lacks them (tickets from before they were recorded, or
    whose caller did not pass business hours). Idempotent; returns how many tickets were filled. Flushes."""
    missing = session.scalars(
        select(Ticket).where(
            or_(
                Ticket.first_response_at.is_not(None) & Ticket.first_response_seconds.is_(None),
                Ticket.resolved_at.is_not(None) & Ticket.resolution_seconds.is_(None),
            )
        )
    ).all()
    for ticket in missing:
        record_business_times(ticket, hours)
    session.flush()
    return len(missing)


def _seconds(hours: BusinessHours, ticket: Ticket, until: datetime) -> int:
    return round(hours.between(ticket.created_at, until).total_seconds())
