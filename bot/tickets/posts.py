"""What the desk posts about a ticket, queued as outbox rows in the caller's unit of work.

The card goes to the triage channel once and is edited in place afterwards (a team gets its own card on
escalation); notices go to the requester's thread; messages for the agents go to the card's thread. Every row
carries the ticket's id, so "whose thread is this?" is a lookup by column. Flushes; never commits.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from bot.announcements.models import Announcement
from bot.desk import Work
from bot.models import OutboxMessage
from bot.outbox import keys
from bot.outbox.store import Kind, Message, Post, replace_pending, supersede_edits
from bot.tickets.models import Ticket, TicketEvent

log = logging.getLogger(__name__)
CARDS = (Kind.TICKET_CARD, Kind.TEAM_CARD)


def post_card(work: Work, ticket: Ticket) -> None:
    """Queue the ticket's card for the triage channel (kept trying until the channel accepts it)."""
    triage = work.settings.triage_channel
    if not triage:
        log.warning("ticket %s: no TRIAGE_CHANNEL configured, so no card is posted", ticket.reference)
        return
    card = Post(keys.ticket_card(ticket.id), Kind.TICKET_CARD, triage, _card(work, ticket), persistent=True,
                ticket_id=ticket.id)  # fmt: skip
    work.post(card)


def alert_urgent(work: Work, ticket: Ticket) -> None:
    """Announce a spoed (P1) ticket in the triage channel itself, mentioning `URGENT_MENTION` (`@here`)."""
    triage = work.settings.triage_channel
    if triage:
        message = work.render.urgent_alert(ticket, mention=work.settings.urgent_mention, now=work.now)
        work.post(Post(keys.urgent_alert(ticket.id), Kind.URGENT_ALERT, triage, message, ticket_id=ticket.id))


def post_team_card(work: Work, ticket: Ticket, team: str) -> None:
    """Queue the card for a second-line team's channel."""
    channel = work.settings.teams.get(team)
    if channel:
        card = Post(keys.team_card(ticket.id, team), Kind.TEAM_CARD, channel, _card(work, ticket), persistent=True,
                    ticket_id=ticket.id)  # fmt: skip
        work.post(card)


def update_cards(work: Work, ticket: Ticket) -> None:
    """Bring every card of the ticket up to date: edit a posted card, or change one still waiting to go out."""
    card = _card(work, ticket)
    session = work.session
    version = session.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    rows = session.scalars(
        select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id, OutboxMessage.kind.in_(CARDS))
    )
    for row in rows.all():
        if replace_pending(session, row, card):
            continue
        key = keys.card_edit(row.key, version or 0)
        supersede_edits(session, row.id, now=work.now, newer=key)
        work.post(Post(key, Kind.CARD_EDIT, row.channel, card, edit_of_id=row.id, ticket_id=ticket.id))


def tell_requester(
    work: Work, ticket: Ticket, *, key: str, message: Message, kind: Kind = Kind.TICKET_NOTICE
) -> OutboxMessage:
    """Queue a message in the requester's thread (for a ticket opened with a command: the DM thread that our
    first notice started, which `kind=Kind.TICKET_OPENED` is)."""
    if ticket.thread_ts is not None and ticket.channel is not None:
        post = Post(key, kind, ticket.channel, message, thread_ts=ticket.thread_ts, ticket_id=ticket.id)
    else:
        opened = None if kind == Kind.TICKET_OPENED else _first(work, ticket.id, Kind.TICKET_OPENED)
        post = Post(key, kind, ticket.requester, message, parent_id=opened.id if opened else None, ticket_id=ticket.id)
    return work.post(post)


def tell_agents(
    work: Work, ticket: Ticket, *, key: str, message: Message, kind: Kind = Kind.AGENT_NOTE, loud: bool = False
) -> OutboxMessage | None:
    """Queue a message in the thread of the ticket's triage card (once the card is posted); `loud` also shows
    it in the channel itself. None when there is no triage channel."""
    triage = work.settings.triage_channel
    if not triage:
        return None
    card = _first(work, ticket.id, Kind.TICKET_CARD)
    if loud:
        message = {**message, "reply_broadcast": True}
    return work.post(Post(key, kind, triage, message, parent_id=card.id if card else None, ticket_id=ticket.id))


def tell_team(work: Work, ticket: Ticket, team: str, *, key: str, message: Message) -> None:
    """Queue a message in the thread of the ticket's card in a team's channel (once that card is posted)."""
    card = work.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.ticket_id == ticket.id,
            OutboxMessage.kind == Kind.TEAM_CARD,
            OutboxMessage.channel == work.settings.teams.get(team),
        )
    ).first()
    if card is not None:
        work.post(Post(key, Kind.AGENT_NOTE, card.channel, message, parent_id=card.id, ticket_id=ticket.id))


def _first(work: Work, ticket_id: int, kind: Kind) -> OutboxMessage | None:
    query = select(OutboxMessage).where(OutboxMessage.ticket_id == ticket_id, OutboxMessage.kind == kind)
    return work.session.scalars(query.order_by(OutboxMessage.id)).first()


def _card(work: Work, ticket: Ticket) -> Message:
    change = work.session.get(Announcement, ticket.announcement_id) if ticket.announcement_id else None
    lang = work.settings.default_language
    title = (change.title.get(lang) or next(iter(change.title.values()), None)) if change else None
    return work.render.ticket_card(ticket, known_change=title, now=work.now)
