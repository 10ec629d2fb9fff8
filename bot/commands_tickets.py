"""`servicedesk tickets list|show`: the ticket record from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.config import Settings
from bot.db import make_engine, make_sessions, transaction, upgrade
from bot.local_time import LocalTime
from bot.tickets.models import Ticket
from bot.tickets.queries import by_number, list_tickets
from bot.tickets.service import history


def add_parser(sub: Any) -> None:
    tickets = sub.add_parser("tickets", help="list and show tickets").add_subparsers(required=True, metavar="tickets")
    listing = tickets.add_parser("list", help="tickets, newest first")
    listing.add_argument("--status", help="new, claimed, waiting, escalated, resolved, or 'open' for all unresolved")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=list_command)
    show = tickets.add_parser("show", help="one ticket with its full history")
    show.add_argument("number", help="e.g. SD-1042 or 1042")
    show.set_defaults(handler=show_command)


def list_command(settings: Settings, args: argparse.Namespace) -> int:
    with transaction(_sessions(settings)) as session:
        tickets = [
            as_json(ticket, settings.sla.hours.local_time) for ticket in list_tickets(session, status=args.status)
        ]
    if args.json:
        print(json.dumps(tickets, indent=2))
        return 0
    for item in tickets:
        print(f"{item['number']:<9} {item['status']:<10} {item['priority']}  {item['requester']:<12} {item['summary']}")
    return 0


def show_command(settings: Settings, args: argparse.Namespace) -> int:
    digits = args.number.upper().removeprefix("SD-")
    if not digits.isdigit():
        print(f"not a ticket number: {args.number!r} (expected e.g. SD-1042)", file=sys.stderr)
        return 2
    with transaction(_sessions(settings)) as session:
        ticket = by_number(session, int(digits))
        if ticket is None:
            print(f"no ticket SD-{digits}", file=sys.stderr)
            return 1
        local = settings.sla.hours.local_time
        print(json.dumps(as_json(ticket, local), indent=2))
        for event in history(session, ticket.id):
            print(f"{local.stamp(event.at)}  {event.actor:<12} {event.kind:<10} {event.text}")
    return 0


def as_json(ticket: Ticket, local: LocalTime) -> dict[str, Any]:
    """The ticket for `--json`; times in the desk's time zone, with their offset."""

    def when(moment: Any) -> str | None:
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


def _sessions(settings: Settings) -> Any:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessions(engine)
