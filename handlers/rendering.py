"""The desk's posts as Block Kit: `bot.rendering.Renderer` implemented with the pure builders of this package."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.announcements.planning import DuePost
from bot.announcements.queries import ActiveChange
from bot.config import Settings
from bot.digest import Digest
from bot.local_time import LocalTime
from bot.messages import t
from bot.outbox.store import Message
from bot.questions import Reply
from bot.rendering import TicketNotice
from bot.tickets.attachments import Attachment
from bot.tickets.models import Ticket
from handlers.announcement_blocks import known_change_blocks, render_post
from handlers.blocks import reply_message, text_message
from handlers.contact import DeskContact
from handlers.digest_blocks import digest_message
from handlers.fitting import fit_message, more_in_thread
from handlers.mrkdwn import escape
from handlers.ticket_blocks import card_message, format_due, opened_notice, relayed, resolved_notice
from handlers.ticket_notices import (
    files_message,
    handover_message,
    late_notice,
    priority_notice,
    urgent_alert,
    with_files,
)

NOTICE_KEYS: dict[TicketNotice, str] = {
    "claimed": "ticket.claimed_requester",
    "escalated": "ticket.escalated_requester",
    "reopened": "ticket.reopened_requester",
    "closed_reply": "ticket.closed_reply",
    "reassigned": "ticket.reassigned_requester",
}


class BlockKitRenderer:
    """Renders for Slack in the desk's languages and local time; texts for agents in `DEFAULT_LANGUAGE`."""

    def __init__(self, settings: Settings) -> None:
        self.contact = DeskContact(settings)
        self.lang = settings.default_language
        self.local: LocalTime = settings.sla.hours.local_time
        self.categories = settings.ticket_categories

    def reply(
        self,
        reply: Reply,
        *,
        ticket_note: str | None,
        changes: Sequence[ActiveChange],
        now: datetime,
        asked_in: str | None = None,
    ) -> Message:
        contact = "" if ticket_note else self.contact.line(reply.lang, now, asked_in=asked_in)
        return with_known_changes(reply_message(reply, contact, ticket_note), changes, reply.lang, self.local)

    def ticket_opened(
        self, ticket: Ticket, *, created: bool, changes: Sequence[ActiveChange], now: datetime
    ) -> Message:
        """The priority in plain words and the real expectation: while the desk is closed, when it opens and the
        emergency line; a spoed ticket says the team sees it at once."""
        note = self.contact.closed_note(ticket.lang, now, emergency_ticket=False)
        if note is None and ticket.priority == "P1":
            note = t("ticket.opened_urgent", ticket.lang)
        notice = opened_notice(ticket, now, self.local, created=created, note=note)
        return with_known_changes(notice, changes, ticket.lang, self.local)

    def ticket_notice(self, ticket: Ticket, what: TicketNotice, *, agent: str = "", team: str = "") -> Message:
        text = t(NOTICE_KEYS[what], ticket.lang, number=ticket.reference, agent=f"<@{agent}>", team=team)
        return text_message(text)

    def ticket_resolved(self, ticket: Ticket) -> Message:
        return resolved_notice(ticket)

    def priority_changed(self, ticket: Ticket, now: datetime) -> Message:
        return priority_notice(ticket, format_due(ticket.first_response_due, ticket.lang, now, self.local))

    def running_late(self, ticket: Ticket, promised: datetime, now: datetime) -> Message:
        phone = self.contact.reach.phone if self.contact.hours.is_open(now) else self.contact.reach.emergency_phone
        return late_notice(ticket, format_due(promised, ticket.lang, now, self.local), phone)

    def urgent_alert(self, ticket: Ticket, *, mention: str | None, now: datetime) -> Message:
        return urgent_alert(ticket, self.lang, mention)

    def attachments(self, author: str, files: Sequence[Attachment], lang: str) -> Message:
        return files_message(author, files, lang)

    def handover_note(self, agent: str, to: str) -> Message:
        return handover_message(agent, to, self.lang)

    def ticket_card(self, ticket: Ticket, *, known_change: str | None, now: datetime) -> Message:
        return card_message(ticket, self.lang, now, self.local, known_change, self.categories)

    def escalation_note(self, agent: str, note: str) -> Message:
        return text_message(t("ticket.escalation_note", self.lang, agent=f"<@{agent}>", note=escape(note)))

    def relayed(
        self,
        kind: str,
        author: str,
        text: str,
        lang: str,
        *,
        files: Sequence[Attachment] = (),
        waiting: bool = False,
    ) -> list[Message]:
        first, *rest = relayed(kind, author, text, lang)
        return [with_files(first, files, lang, waiting=waiting), *rest]

    def relay_changed(self, kind: str, author: str, text: str, lang: str, *, deleted: bool) -> Message:
        if deleted:
            return text_message(t("ticket.message_deleted", lang))
        key = "ticket.agent_says" if kind == "agent" else "ticket.requester_says"
        body = t(key, lang, agent=f"<@{author}>", requester=f"<@{author}>", text=escape(text))
        return text_message(body + " " + t("ticket.message_edited", lang), more_in_thread(lang))

    def sla_notice(self, ticket: Ticket, stage: str, target: str, due_at: datetime, now: datetime) -> Message:
        lang = self.lang
        text = t(
            f"sla.{stage}",
            lang,
            number=ticket.reference,
            target=t(f"sla.{target}", lang),
            due=format_due(due_at, lang, now, self.local),
        )
        return text_message(text)

    def announcement_post(self, post: DuePost, now: datetime) -> Message:
        return render_post(post, now, self.local)

    def delivery_failed(self, *, channel: str, error: str, key: str, announcement: bool) -> Message:
        what = "announce.delivery_failed" if announcement else "ticket.delivery_failed"
        return text_message(t(what, self.lang, channel=channel, error=error, outbox_key=key))

    def digest(self, digest: Digest) -> Message:
        return digest_message(digest, self.lang)


def with_known_changes(message: Message, changes: Sequence[ActiveChange], lang: str, local: LocalTime) -> Message:
    """The message with a line per change going on now that the colleague's words point to."""
    if not changes:
        return message
    return fit_message({**message, "blocks": [*message.get("blocks", []), *known_change_blocks(changes, lang, local)]})
