"""`servicedesk tickets list|show`: the ticket record from the command line, times in the business time zone."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import make_engine, make_sessions, transaction, upgrade
from bot.local_time import LocalTime
from bot.tickets.models import Ticket
from bot.tickets.queries import by_number, list_tickets
from bot.tickets.service import OPEN_STATUSES, history

STATUSES = (*OPEN_STATUSES, "resolved", "open")
"""What `--status` accepts: a ticket status, or "open" for every unresolved ticket."""


def add_parser(sub: Any) -> None:
    tickets = sub.add_parser("tickets", help="list and show tickets").add_subparsers(required=True, metavar="tickets")
    listing = tickets.add_parser("list", help="tickets, newest first")
    listing.add_argument(
        "--status", choices=STATUSES, help=f"{', '.join(STATUSES[:-1])}, or 'open' for every unresolved ticket"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=list_command)
    show = tickets.add_parser("show", help="one ticket with its full history")
    show.add_argument("number", help="e.g. SD-1042 or 1042")
    show.set_defaults(handler=show_command)


def list_command(settings: Settings, args: argparse.Namespace) -> int:
    local = settings.sla.hours.local_time
    with _session(settings) as session:
        tickets = [as_json(ticket, local) for ticket in list_tickets(session, status=args.status)]
    if args.json:
        print(json.dumps(tickets, indent=2))
        return 0
    for item in tickets:
        print(f"{item['number']:<9} {item['status']:<10} {item['priority']}  {item['requester']:<12} {item['summary']}")
    if not tickets:
        print(f"no tickets{f' with status {args.status}' if args.status else ''}", file=sys.stderr)
    return 0


def show_command(settings: Settings, args: argparse.Namespace) -> int:
    digits = args.number.upper().removeprefix("SD-")
    if not digits.isdigit():
        print(f"not a ticket number: {args.number!r} (expected e.g. SD-1042)", file=sys.stderr)
        return 2
    local = settings.sla.hours.local_time
    with _session(settings) as session:
        ticket = by_number(session, int(digits))
        if ticket is None:
            print(f"no ticket SD-{digits}", file=sys.stderr)
            return 1
        print(json.dumps(as_json(ticket, local), indent=2))
        for event in history(session, ticket.id):
            print(f"{local.stamp(event.at)}  {event.actor:<12} {event.kind:<10} {event.text}")
    return 0


def as_json(ticket: Ticket, local: LocalTime) -> dict[str, Any]:
    """A ticket for `--json` and `show`; times are ISO 8601 in the business time zone, with the offset."""

    def when(moment: datetime | None) -> str | None:
        return local.iso(moment) if moment is not None else None

    return {
        "id": ticket.id,
        "number": ticket.reference,
        "status": ticket.status,
        "priority": ticket.priority,
        "requester": ticket.requester,
        "assignee": ticket.assignee,
        "team": ticket.team,
        "category": ticket.category,
        "created_at": when(ticket.created_at),
        "first_response_due": when(ticket.first_response_due),
        "resolution_due": when(ticket.resolution_due),
        "resolved_at": when(ticket.resolved_at),
        "rating": ticket.rating,
        "summary": " ".join(ticket.description.split())[:80],
    }


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    """One transaction on the migrated database; the engine is closed afterwards (a CLI command is short-lived)."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with transaction(make_sessions(engine)) as session:
            yield session
    finally:
        engine.dispose()
