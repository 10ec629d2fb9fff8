"""The conversation relay: the requester's thread and the card's thread, kept in step both ways.

Agents' replies reach the requester marked with their name (`!intern` keeps a note internal); the requester's
replies reach the card's thread. Edits and deletions are mirrored. Everything lands in the ticket's history.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select

from bot.db import transaction
from bot.desk import Desk
from bot.errors import DatabaseUnavailable
from bot.messages import t
from bot.outbox import UPDATE_OF, enqueue, find
from bot.questions import choose_language, claim_delivery
from bot.tickets import service
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.queries import by_agent_thread, by_requester_thread
from handlers.blocks import text_message
from handlers.delivery import deliver_outbox
from handlers.ticket_blocks import relayed
from handlers.ticket_posts import tell_agents, tell_requester, update_cards

INTERNAL_PREFIX = "!intern"
RELAYED_SUBTYPES = (None, "file_share", "thread_broadcast")


def relay_message(desk: Desk, client: WebClient, event: dict[str, Any]) -> bool:
    """Handle a message event that belongs to a ticket's conversation; False when it does not."""
    subtype = event.get("subtype")
    if subtype in ("message_changed", "message_deleted"):
        return _mirror_change(desk, client, event)
    ts, thread_ts, channel, user = event.get("ts"), event.get("thread_ts"), event.get("channel"), event.get("user")
    if event.get("bot_id") or subtype not in RELAYED_SUBTYPES or not (ts and channel and user):
        return False
    if not thread_ts or thread_ts == ts:
        return False
    agent_side = channel == desk.settings.triage_channel or channel in desk.settings.teams.values()
    try:
        with transaction(desk.sessions) as session:
            find = by_agent_thread if agent_side else by_requester_thread
            ticket = find(session, channel, thread_ts)
            if ticket is None:
                return False
            if claim_delivery(session, f"relay:{channel}:{ts}", desk.clock()):
                relay = _from_agent if agent_side else _from_requester
                relay(session, desk, ticket, event)
    except DatabaseUnavailable as error:
        return _ask_to_resend(desk, client, event, agent_side, error)
    deliver_outbox(desk, client)
    return True


def _ask_to_resend(
    desk: Desk, client: WebClient, event: dict[str, Any], agent_side: bool, error: DatabaseUnavailable
) -> bool:
    """Without the database we cannot tell whose thread this is: in a thread where tickets are worked, say the
    message did not get through, so it is not silently lost."""
    ticket_thread = agent_side or event.get("channel_type") == "im" or event["channel"] in desk.settings.help_channels
    if not ticket_thread:
        return False
    lang = choose_language(event.get("text") or "", lambda: None, desk.settings.default_language)
    client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"], text=t(error.message_key, lang))
    return True


def _from_agent(session: Any, desk: Desk, ticket: Ticket, event: dict[str, Any]) -> None:
    now, text, agent = desk.clock(), event.get("text") or "", event["user"]
    if text.lstrip().lower().startswith(INTERNAL_PREFIX):
        service.log_message(session, ticket, actor=agent, kind="internal", text=text, now=now, source_ts=event["ts"])
        return
    key = f"relay:{event['channel']}:{event['ts']}"
    service.agent_replied(ticket, agent=agent, now=now)
    service.log_message(
        session, ticket, actor=agent, kind="agent", text=text, now=now, source_ts=event["ts"], mirror_key=key
    )
    tell_requester(session, ticket, key=key, message=relayed("agent", agent, text, ticket.lang), now=now)
    update_cards(session, desk, ticket, now)


def _from_requester(session: Any, desk: Desk, ticket: Ticket, event: dict[str, Any]) -> None:
    now, text, author = desk.clock(), event.get("text") or "", event["user"]
    was_resolved = ticket.status == "resolved"
    reopened = service.requester_replied(
        session, ticket, now=now, hours=desk.settings.sla.hours, reopen_days=desk.settings.reopen_days
    )
    if was_resolved and not reopened:
        notice = text_message(t("ticket.closed_reply", ticket.lang, number=ticket.reference))
        tell_requester(session, ticket, key=f"ticket:{ticket.id}:closed-reply:{event['ts']}", message=notice, now=now)
        return
    key = f"relay:{event['channel']}:{event['ts']}"
    service.log_message(
        session, ticket, actor=author, kind="requester", text=text, now=now, source_ts=event["ts"], mirror_key=key
    )
    tell_agents(
        session,
        desk,
        ticket,
        key=key,
        message=relayed("requester", author, text, desk.settings.default_language),
        now=now,
    )
    if reopened:
        notice = text_message(t("ticket.reopened_requester", ticket.lang, number=ticket.reference))
        tell_requester(session, ticket, key=f"ticket:{ticket.id}:reopened:{event['ts']}", message=notice, now=now)
    update_cards(session, desk, ticket, now)


def _mirror_change(desk: Desk, client: WebClient, event: dict[str, Any]) -> bool:
    """Mirror an edit or deletion of a relayed message onto its copy, and record it."""
    changed = event.get("message") or {}
    source_ts = changed.get("ts") or event.get("deleted_ts")
    if not source_ts or changed.get("bot_id"):
        return False
    with transaction(desk.sessions) as session:
        original = session.scalars(
            select(TicketEvent).where(TicketEvent.source_ts == source_ts, TicketEvent.mirror_key.is_not(None))
        ).first()
        if original is None or original.mirror_key is None:
            return False
        ticket = service.get_ticket(session, original.ticket_id)
        copy = find(session, original.mirror_key)
        if copy is None:
            return False
        deleted = event.get("subtype") == "message_deleted"
        lang = ticket.lang if original.kind == "agent" else desk.settings.default_language
        text = changed.get("text") or ""
        body = (
            t("ticket.message_deleted", lang)
            if deleted
            else relayed(original.kind, original.actor, text, lang)["text"] + " " + t("ticket.message_edited", lang)
        )
        version = "deleted" if deleted else (changed.get("edited") or {}).get("ts", event.get("event_ts", ""))
        if claim_delivery(session, f"mirror:{original.mirror_key}:{version}", desk.clock()):
            enqueue(
                session,
                key=f"{original.mirror_key}:{version}",
                channel=copy.channel,
                message={**text_message(body), UPDATE_OF: original.mirror_key},
                now=desk.clock(),
            )
            kind = "deleted" if deleted else "edited"
            service.log_message(
                session,
                ticket,
                actor=original.actor,
                kind=kind,
                text="" if deleted else text,
                now=desk.clock(),
                source_ts=source_ts,
            )
    deliver_outbox(desk, client)
    return True
