"""What the service desk posts about a ticket, queued in the outbox in the caller's transaction.

The card goes to the triage channel once and is edited in place afterwards; notices go to the requester's
thread; relayed messages go to the other side's thread. Delivery happens after the commit.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.announcements.models import Announcement
from bot.announcements.queries import ActiveChange, active_changes_matching
from bot.desk import Desk
from bot.outbox import PERSISTENT, THREAD_OF, UPDATE_OF, enqueue, find, replace_pending, supersede
from bot.tickets import service
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.queries import card_key, opened_key, team_card_key
from handlers.announcement_blocks import known_change_blocks
from handlers.blocks import Message
from handlers.ticket_blocks import card_message

log = logging.getLogger(__name__)


def post_card(session: Session, desk: Desk, ticket: Ticket, now: datetime) -> None:
    """Queue the ticket's card for the triage channel (kept trying until the channel accepts it)."""
    triage = desk.settings.triage_channel
    if not triage:
        log.warning("ticket %s: no TRIAGE_CHANNEL configured, so no card is posted", ticket.reference)
        return
    card = _card(session, desk, ticket, now)
    enqueue(session, key=card_key(ticket.id), channel=triage, message={**card, PERSISTENT: True}, now=now)


def post_team_card(session: Session, desk: Desk, ticket: Ticket, team: str, now: datetime) -> None:
    """Queue the card for a second-line team's channel."""
    channel = desk.settings.teams.get(team)
    if channel:
        card = _card(session, desk, ticket, now)
        enqueue(
            session, key=team_card_key(ticket.id, team), channel=channel, message={**card, PERSISTENT: True}, now=now
        )


def update_cards(session: Session, desk: Desk, ticket: Ticket, now: datetime) -> None:
    """Bring every card of the ticket up to date: edit a posted card, or change one still waiting to go out."""
    card = _card(session, desk, ticket, now)
    version = session.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    targets = [(card_key(ticket.id), desk.settings.triage_channel)]
    targets += [(team_card_key(ticket.id, team), channel) for team, channel in desk.settings.teams.items()]
    for key, channel in targets:
        if not channel or replace_pending(session, key, {**card, PERSISTENT: True}):
            continue
        if find(session, key) is not None:
            supersede(session, f"{key}:v", now=now)
            enqueue(session, key=f"{key}:v{version}", channel=channel, message={**card, UPDATE_OF: key}, now=now)


def tell_requester(session: Session, ticket: Ticket, *, key: str, message: Message, now: datetime) -> None:
    """Queue a message in the requester's thread (a DM thread for tickets opened with a command)."""
    if ticket.thread_ts is not None and ticket.channel is not None:
        enqueue(session, key=key, channel=ticket.channel, thread_ts=ticket.thread_ts, message=message, now=now)
    elif key == opened_key(ticket.id):
        enqueue(session, key=key, channel=ticket.requester, message=message, now=now)
    else:
        message = {**message, THREAD_OF: opened_key(ticket.id)}
        enqueue(session, key=key, channel=ticket.requester, message=message, now=now)


def tell_agents(
    session: Session, desk: Desk, ticket: Ticket, *, key: str, message: Message, now: datetime, loud: bool = False
) -> None:
    """Queue a message in the thread of the ticket's triage card (once the card is posted); `loud` also shows
    it in the channel itself."""
    if desk.settings.triage_channel:
        message = {**message, THREAD_OF: card_key(ticket.id)}
        if loud:
            message["reply_broadcast"] = True
        enqueue(session, key=key, channel=desk.settings.triage_channel, message=message, now=now)


def tell_team(session: Session, ticket: Ticket, team: str, *, key: str, message: Message, now: datetime) -> None:
    """Queue a message in the thread of the ticket's card in a team's channel (once that card is posted)."""
    card = find(session, team_card_key(ticket.id, team))
    if card is not None:
        enqueue(session, key=key, channel=card.channel, message={**message, THREAD_OF: card.key}, now=now)


def open_with_card(
    session: Session,
    desk: Desk,
    *,
    key: str,
    requester: str,
    channel: str | None,
    thread_ts: str | None,
    text: str,
    lang: str,
    now: datetime,
) -> tuple[Ticket, bool]:
    """Open (or find) the conversation's ticket and queue its card when it is new. Flushes; never commits.

    A change going on now that matches the text is linked to the ticket and shown on its card.
    """
    changes = active_changes_matching(session, text, now)
    ticket, created = service.open_ticket(
        session,
        conversation_key=key,
        requester=requester,
        channel=channel,
        thread_ts=thread_ts,
        text=text or "-",
        lang=lang,
        now=now,
        sla=desk.settings.sla,
        announcement_id=changes[0].id if changes else None,
    )
    if created:
        post_card(session, desk, ticket, now)
    return ticket, created


def with_known_changes(message: Message, changes: list[ActiveChange], lang: str) -> Message:
    """The message with a line per change going on now that the colleague's words point to."""
    if not changes:
        return message
    return {**message, "blocks": [*message.get("blocks", []), *known_change_blocks(changes, lang)]}


def _card(session: Session, desk: Desk, ticket: Ticket, now: datetime) -> Message:
    lang = desk.settings.default_language
    change = session.get(Announcement, ticket.announcement_id) if ticket.announcement_id else None
    title = (change.title.get(lang) or next(iter(change.title.values()), None)) if change else None
    return card_message(ticket, lang, now, known_change=title)
