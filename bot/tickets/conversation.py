"""The conversation about a ticket, free of Slack: messages in the requester's thread reach the card's thread and
back, edits and deletions follow their copies, and every message is kept in the ticket's history.

A reply from the requester ends a wait on them (the SLA runs again) and, within `REOPEN_DAYS` of resolving,
reopens the ticket; only the requester and agents add to a ticket from its thread (anyone else is told so, and
nothing is relayed or reopened). Agents' notes starting with `!intern` (however formatted) stay internal, and a
relayed reply edited into one is taken away from the requester. Flushes; never commits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from bot.config import Settings
from bot.desk import Work
from bot.models import OutboxMessage
from bot.outbox import keys
from bot.outbox.store import Kind, Message, Post, find
from bot.questions import claim_delivery
from bot.tickets import attachments, posts, service
from bot.tickets.attachments import Attachment
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.queries import by_agent_thread, by_requester_thread

INTERNAL_PREFIX = "!intern"
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""Characters that show as nothing (zero-width space/joiners, direction marks, word joiner, BOM)."""
FORMATTING = re.compile(r"[\s*_~`>]+")
"""Whitespace and mrkdwn formatting (bold, italic, strike, code, quote) around the prefix."""


class Relayed(StrEnum):
    """What became of a message in a thread."""

    NOT_A_TICKET = "not_a_ticket"  # not a ticket's thread: something else (maybe a question)
    DONE = "done"  # part of the ticket's conversation: relayed or kept (once, however often Slack delivers it)
    BYSTANDER = "bystander"  # someone else than the requester or an agent: nothing relayed or reopened


def is_internal(text: str) -> bool:
    """Whether an agent's message is an internal note: it starts with `!intern` once formatting (`*!intern*`,
    `_…_`, `` `…` ``, `~…~`), invisible characters, look-alike forms (NFKC) and case are set aside."""
    visible = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    head = FORMATTING.sub("", visible[: len(INTERNAL_PREFIX) + 40])
    return head.casefold().startswith(INTERNAL_PREFIX)


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
    is_agent: Callable[[str], bool] = field(default=lambda _user: False, compare=False, repr=False)
    """Whether a user is an agent; asked only about someone else than the requester."""


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


def relay(work: Work, message: ThreadMessage) -> Relayed:
    """Relay a message written in a ticket's thread to the other side, once however often Slack delivers it.

    In the requester's thread only the requester and agents take part: anyone else's message is neither relayed
    nor reopens the ticket (`Relayed.BYSTANDER`: tell them privately).
    """
    agent_side = on_agent_side(work.settings, message.channel)
    lookup = by_agent_thread if agent_side else by_requester_thread
    ticket = lookup(work.session, message.channel, message.thread_ts)
    if ticket is None:
        return Relayed.NOT_A_TICKET
    if not agent_side and message.author != ticket.requester and not message.is_agent(message.author):
        return Relayed.BYSTANDER
    if claim_delivery(work.session, keys.relay(message.channel, message.ts), work.now):
        if agent_side:
            _from_agent(work, ticket, message)
        else:
            _from_requester(work, ticket, message)
    return Relayed.DONE


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
    taken_away = find(work.session, keys.relay_delete(copy.key)) is not None
    if taken_away or (original.kind == "agent" and not change.deleted and is_internal(change.text)):
        _take_away(work, ticket, copy, original.actor, change)
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


def _take_away(work: Work, ticket: Ticket, copy: OutboxMessage, actor: str, change: MessageChange) -> None:
    """The reply became an internal note (or was one already): its copies leave the requester's thread, and the
    history keeps the note as internal."""
    for row in [copy, *_later_parts(work, copy)]:
        if row.status == "pending" and row.ts is None:  # not out yet: it never goes (the deletion covers a race)
            row.status, row.error = "skipped", "became an internal note"
        work.post(Post(keys.relay_delete(row.key), Kind.RELAY_DELETE, row.channel, {}, edit_of_id=row.id,
                       ticket_id=ticket.id))  # fmt: skip
    kind = "deleted" if change.deleted else "internal"
    service.log_message(work.session, ticket, actor=actor, kind=kind, text="" if change.deleted else change.text,
                        now=work.now, source_ts=change.ts)  # fmt: skip


def _later_parts(work: Work, copy: OutboxMessage) -> list[OutboxMessage]:
    """The posts after the first of a relayed message split in several (each stored under its own key)."""
    parts: list[OutboxMessage] = []
    while (part := find(work.session, keys.relay_part(copy.key, len(parts) + 2))) is not None:
        parts.append(part)
    return parts


def _post_parts(work: Work, ticket: Ticket, key: str, parts: list[Message], *, to_agents: bool) -> OutboxMessage | None:
    """Queue a relayed message (one post, or several in order); returns the row of the first (the copy)."""
    first: OutboxMessage | None = None
    for number, part in enumerate(parts, 1):
        part_key = key if number == 1 else keys.relay_part(key, number)
        if to_agents:
            row = posts.tell_agents(work, ticket, key=part_key, kind=Kind.RELAY, message=part)
        else:
            row = posts.tell_requester(work, ticket, key=part_key, kind=Kind.RELAY, message=part)
        first = first or row
    return first


def _from_agent(work: Work, ticket: Ticket, message: ThreadMessage) -> None:
    session, now, agent = work.session, work.now, message.author
    if is_internal(message.text):
        service.log_message(session, ticket, actor=agent, kind="internal", text=message.text, now=now,
                            source_ts=message.ts)  # fmt: skip
        return
    was_waiting = ticket.status == "waiting"
    service.agent_replied(ticket, agent=agent, now=now, hours=work.settings.sla.hours)
    waits = ticket.status == "waiting" and not was_waiting  # the requester hears it is their turn
    parts = work.render.relayed("agent", agent, message.text, ticket.lang, files=message.files, waiting=waits)
    copy = _post_parts(work, ticket, keys.relay(message.channel, message.ts), parts, to_agents=False)
    service.log_message(session, ticket, actor=agent, kind="agent", text=message.text, now=now,
                        source_ts=message.ts, mirror_id=copy.id if copy else None)  # fmt: skip
    attachments.record(work, ticket, actor=agent, files=message.files, source_ts=message.ts)
    posts.update_cards(work, ticket)


def _from_requester(work: Work, ticket: Ticket, message: ThreadMessage) -> None:
    settings, author = work.settings, message.author
    was_resolved = ticket.status == "resolved"
    reopened = service.requester_replied(
        work.session, ticket, now=work.now, hours=settings.sla.hours, reopen_days=settings.reopen_days, actor=author
    )
    if was_resolved and not reopened:
        key = keys.ticket_notice(ticket.id, "closed-reply", message.ts)
        posts.tell_requester(work, ticket, key=key, message=work.render.ticket_notice(ticket, "closed_reply"))
        return
    parts = work.render.relayed("requester", author, message.text, settings.default_language, files=message.files)
    copy = _post_parts(work, ticket, keys.relay(message.channel, message.ts), parts, to_agents=True)
    service.log_message(work.session, ticket, actor=author, kind="requester", text=message.text, now=work.now,
                        source_ts=message.ts, mirror_id=copy.id if copy else None)  # fmt: skip
    attachments.record(work, ticket, actor=author, files=message.files, source_ts=message.ts)
    if reopened:
        key = keys.ticket_notice(ticket.id, "reopened", message.ts)
        posts.tell_requester(work, ticket, key=key, message=work.render.ticket_notice(ticket, "reopened"))
    posts.update_cards(work, ticket)
