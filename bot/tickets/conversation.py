"""The conversation about a ticket, free of Slack: messages in the requester's thread reach the card's thread and
back, edits and deletions follow their copies, and every message is kept in the ticket's history.

A reply from the requester ends a wait on them (the SLA runs again) and, within `REOPEN_DAYS` of resolving,
reopens the ticket. Agents' notes starting with `!intern` stay internal. Flushes; never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.config import Settings
from bot.desk import Work
from bot.models import OutboxMessage
from bot.outbox import keys
from bot.outbox.store import Kind, Post
from bot.questions import claim_delivery
from bot.tickets import attachments, posts, service
from bot.tickets.attachments import Attachment
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.queries import by_agent_thread, by_requester_thread

INTERNAL_PREFIX = "!intern"


@dataclass(frozen=True)
class ThreadMessage:
    """A message someone wrote in a thread (with the files they shared in it): perhaps part of a ticket's
    conversation."""

    channel: str
    ts: str
    thread_ts: str
    author: str
    text: str
    files: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class MessageChange:
    """An edit (to `text`) or the deletion of a message; `version` tells one edit from the next."""

    ts: str
    text: str
    deleted: bool
    version: str


def on_agent_side(settings: Settings, channel: str) -> bool:
    """Whether `channel` is where agents work tickets (the triage channel or a team's channel)."""
    return channel == settings.triage_channel or channel in settings.teams.values()


def relay(work: Work, message: ThreadMessage) -> bool:
    """Relay a message written in a ticket's thread to the other side, once however often Slack delivers it.

    Returns:
        False when the thread is not a ticket's: the message is something else (maybe a question).
    """
    agent_side = on_agent_side(work.settings, message.channel)
    find = by_agent_thread if agent_side else by_requester_thread
    ticket = find(work.session, message.channel, message.thread_ts)
    if ticket is None:
        return False
    if claim_delivery(work.session, keys.relay(message.channel, message.ts), work.now):
        if agent_side:
            _from_agent(work, ticket, message)
        else:
            _from_requester(work, ticket, message)
    return True


def mirror_change(work: Work, change: MessageChange) -> bool:
    """Mirror an edit or deletion of a relayed message onto its copy, and record it; False when the message was
    not relayed (then it is none of the conversation's business)."""
    original = work.session.scalars(
        select(TicketEvent).where(TicketEvent.source_ts == change.ts, TicketEvent.mirror_id.is_not(None))
    ).first()
    if original is None or original.mirror_id is None:
        return False
    ticket = service.get_ticket(work.session, original.ticket_id)
    copy = work.session.get_one(OutboxMessage, original.mirror_id)
    if not claim_delivery(work.session, keys.mirror(copy.key, change.version), work.now):
        return True
    lang = ticket.lang if original.kind == "agent" else work.settings.default_language
    message = work.render.relay_changed(original.kind, original.actor, change.text, lang, deleted=change.deleted)
    edit = Post(keys.relay_edit(copy.key, change.version), Kind.RELAY_EDIT, copy.channel, message,
                edit_of_id=copy.id, ticket_id=ticket.id)  # fmt: skip
    work.post(edit)
    kind, text = ("deleted", "") if change.deleted else ("edited", change.text)
    service.log_message(work.session, ticket, actor=original.actor, kind=kind, text=text, now=work.now,
                        source_ts=change.ts)  # fmt: skip
    return True


def _from_agent(work: Work, ticket: Ticket, message: ThreadMessage) -> None:
    session, now, agent = work.session, work.now, message.author
    if message.text.lstrip().lower().startswith(INTERNAL_PREFIX):
        service.log_message(session, ticket, actor=agent, kind="internal", text=message.text, now=now,
                            source_ts=message.ts)  # fmt: skip
        return
    was_waiting = ticket.status == "waiting"
    service.agent_replied(ticket, agent=agent, now=now, hours=work.settings.sla.hours)
    waits = ticket.status == "waiting" and not was_waiting  # the requester hears it is their turn
    copy = posts.tell_requester(
        work, ticket, key=keys.relay(message.channel, message.ts), kind=Kind.RELAY,
        message=work.render.relayed("agent", agent, message.text, ticket.lang, files=message.files, waiting=waits),
    )  # fmt: skip
    service.log_message(session, ticket, actor=agent, kind="agent", text=message.text, now=now,
                        source_ts=message.ts, mirror_id=copy.id)  # fmt: skip
    attachments.record(work, ticket, actor=agent, files=message.files, source_ts=message.ts)
    posts.update_cards(work, ticket)


def _from_requester(work: Work, ticket: Ticket, message: ThreadMessage) -> None:
    settings, author = work.settings, message.author
    was_resolved = ticket.status == "resolved"
    reopened = service.requester_replied(
        work.session, ticket, now=work.now, hours=settings.sla.hours, reopen_days=settings.reopen_days
    )
    if was_resolved and not reopened:
        key = keys.ticket_notice(ticket.id, "closed-reply", message.ts)
        posts.tell_requester(work, ticket, key=key, message=work.render.ticket_notice(ticket, "closed_reply"))
        return
    copy = posts.tell_agents(
        work, ticket, key=keys.relay(message.channel, message.ts), kind=Kind.RELAY,
        message=work.render.relayed("requester", author, message.text, settings.default_language, files=message.files),
    )  # fmt: skip
    service.log_message(work.session, ticket, actor=author, kind="requester", text=message.text, now=work.now,
                        source_ts=message.ts, mirror_id=copy.id if copy else None)  # fmt: skip
    attachments.record(work, ticket, actor=author, files=message.files, source_ts=message.ts)
    if reopened:
        key = keys.ticket_notice(ticket.id, "reopened", message.ts)
        posts.tell_requester(work, ticket, key=key, message=work.render.ticket_notice(ticket, "reopened"))
    posts.update_cards(work, ticket)
