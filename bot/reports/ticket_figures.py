"""Figures about tickets, each one SQL aggregate that runs the same on SQLite and PostgreSQL.

Quality figures (times, SLA, ratings, reopens) are about the tickets *opened* in the period, followed to
their present state; throughput (`resolved`) counts resolutions in the period; the backlog is what was still
open when the period ended. Times are business time (see `bot.tickets.durations`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement
from bot.reports.period import Period, count_by_hour
from bot.tickets.models import Ticket, TicketEvent

SATISFIED_FROM = 4
"""Ratings from this value up count as satisfied (the rating buttons give 5 for 👍 and 1 for 👎)."""
ALL = "all"


def opened_in(period: Period) -> ColumnElement[bool]:
    return and_(Ticket.created_at >= period.start, Ticket.created_at < period.end)


def _count_when(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


@dataclass(frozen=True)
class TicketCounts:
    """Per priority and category: opened and resolved in the period, and still open at its end."""

    priority: str
    category: str | None
    opened: int
    resolved: int
    backlog: int


def ticket_counts(session: Session, period: Period) -> list[TicketCounts]:
    resolved = and_(Ticket.resolved_at >= period.start, Ticket.resolved_at < period.end)
    open_at_end = Ticket.resolved_at.is_(None) | (Ticket.resolved_at >= period.end)
    rows = session.execute(
        select(
            Ticket.priority,
            Ticket.category,
            _count_when(opened_in(period)),
            _count_when(resolved),
            _count_when(open_at_end),
        )
        .where(Ticket.created_at < period.end)
        .group_by(Ticket.priority, Ticket.category)
        .order_by(Ticket.priority, Ticket.category)
    )
    counts = [TicketCounts(p, c, int(o), int(r), int(b)) for p, c, o, r, b in rows]
    return [row for row in counts if row.opened or row.resolved or row.backlog]


@dataclass(frozen=True)
class Percentiles:
    """Median and 90th percentile (nearest rank) of business seconds, over `count` tickets."""

    count: int
    p50_seconds: int
    p90_seconds: int


def response_times(session: Session, period: Period) -> dict[tuple[str, str], Percentiles]:
    """(`first_response` or `resolution`, priority or "all") -> percentiles, for the period's tickets.

    One query: window functions rank the values per group (`ROW_NUMBER`, `COUNT` over a partition), and the
    p-th percentile is the smallest value whose rank reaches p x count.
    """
    values = union_all(
        *(_times(kind, column, group, period) for kind, column in _TIMES.items() for group in (Ticket.priority, None))
    ).subquery()
    groups = (values.c.kind, values.c.grp)
    ranked = select(
        values.c.kind,
        values.c.grp,
        values.c.value,
        func.row_number().over(partition_by=groups, order_by=values.c.value).label("rank"),
        func.count().over(partition_by=groups).label("n"),
    ).subquery()
    rows = session.execute(
        select(
            ranked.c.kind,
            ranked.c.grp,
            func.max(ranked.c.n),
            func.min(case((ranked.c.rank >= 0.5 * ranked.c.n, ranked.c.value))),
            func.min(case((ranked.c.rank >= 0.9 * ranked.c.n, ranked.c.value))),
        ).group_by(ranked.c.kind, ranked.c.grp)
    )
    return {(kind, grp): Percentiles(int(n), int(p50), int(p90)) for kind, grp, n, p50, p90 in rows}


_TIMES = {"first_response": Ticket.first_response_seconds, "resolution": Ticket.resolution_seconds}


def _times(kind: str, column: Any, group: Any, period: Period) -> Select[Any]:
    label = group if group is not None else literal_column(f"'{ALL}'")
    return select(literal_column(f"'{kind}'").label("kind"), label.label("grp"), column.label("value")).where(
        opened_in(period), column.is_not(None)
    )


@dataclass(frozen=True)
class SlaStates:
    """SLA outcomes of one priority's tickets: met both targets, breached one, or not decided yet."""

    priority: str
    met: int
    breached: int
    pending: int
    first_response_met: int
    first_response_breached: int
    resolution_met: int
    resolution_breached: int


def sla_states(session: Session, period: Period, *, now: datetime) -> list[SlaStates]:
    """Per priority, how the period's tickets did against their due times, as things stand at `now`.

    A target not reached by its due time is breached; a ticket waiting on its requester is not yet breached on
    resolution (its clock is paused, its due time moves when the requester answers).
    """
    first_met = Ticket.first_response_at <= Ticket.first_response_due
    first_breached = (Ticket.first_response_at > Ticket.first_response_due) | (
        Ticket.first_response_at.is_(None) & (Ticket.first_response_due < now)
    )
    resolution_met = Ticket.resolved_at <= Ticket.resolution_due
    resolution_breached = (Ticket.resolved_at > Ticket.resolution_due) | (
        Ticket.resolved_at.is_(None) & Ticket.waiting_since.is_(None) & (Ticket.resolution_due < now)
    )
    breached = first_breached | resolution_breached
    rows = session.execute(
        select(
            Ticket.priority,
            _count_when(first_met & resolution_met),
            _count_when(breached),
            func.count(),
            _count_when(first_met),
            _count_when(first_breached),
            _count_when(resolution_met),
            _count_when(resolution_breached),
        )
        .where(opened_in(period))
        .group_by(Ticket.priority)
        .order_by(Ticket.priority)
    )
    return [
        SlaStates(p, int(met), int(bad), int(n) - int(met) - int(bad), int(fm), int(fb), int(rm), int(rb))
        for p, met, bad, n, fm, fb, rm, rb in rows
    ]


@dataclass(frozen=True)
class Cohort:
    """The period's tickets: how many, how many were ever resolved, rated, rated well, and reopened."""

    opened: int
    resolved_ever: int
    rated: int
    satisfied: int
    reopened: int
    requesters: int


def cohort(session: Session, period: Period) -> Cohort:
    def happened(kind: str) -> ColumnElement[bool]:
        return exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == kind)

    row = session.execute(
        select(
            func.count(),
            _count_when(happened("resolved")),
            _count_when(Ticket.rating.is_not(None)),
            _count_when(Ticket.rating >= SATISFIED_FROM),
            _count_when(happened("reopened")),
            func.count(func.distinct(Ticket.requester)),
        ).where(opened_in(period))
    ).one()
    return Cohort(*(int(value or 0) for value in row))


def tickets_by_hour(session: Session, period: Period) -> Counter[datetime]:
    """Tickets opened per UTC hour (the hour's start, naive UTC)."""
    return count_by_hour(session, Ticket.created_at, opened_in(period))


@dataclass(frozen=True)
class ChangeTickets:
    """A change window (announcement) and how many of the period's tickets were opened while it ran."""

    slug: str
    title: dict[str, str]
    starts: datetime | None
    ends: datetime | None
    tickets: int


def change_tickets(session: Session, period: Period, *, limit: int = 10) -> list[ChangeTickets]:
    counted = (
        select(Ticket.announcement_id.label("id"), func.count().label("tickets"))
        .where(opened_in(period), Ticket.announcement_id.is_not(None))
        .group_by(Ticket.announcement_id)
        .subquery()
    )
    rows = session.execute(
        select(Announcement.slug, Announcement.title, Announcement.starts, Announcement.ends, counted.c.tickets)
        .join(counted, counted.c.id == Announcement.id)
        .order_by(counted.c.tickets.desc(), Announcement.slug)
        .limit(limit)
    )
    return [ChangeTickets(row[0], dict(row[1]), row[2], row[3], int(row[4])) for row in rows]
