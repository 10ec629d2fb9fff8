"""How the desk's posts look: a protocol the domain renders through, implemented by handlers/ with its pure
Block Kit builders (`handlers.rendering.BlockKitRenderer`).

Workflows and jobs decide what to say and store it as an outbox row in their transaction; the renderer turns
domain values into the Slack message for that row. Colleagues' text is escaped by the renderer, not the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

from bot.outbox.store import Message

if TYPE_CHECKING:
    from bot.announcements.planning import DuePost
    from bot.announcements.queries import ActiveChange
    from bot.digest import Digest
    from bot.questions import Reply
    from bot.tickets.attachments import Attachment
    from bot.tickets.models import Ticket

TicketNotice = Literal["claimed", "escalated", "reopened", "closed_reply", "reassigned"]
"""Something that happened to a ticket, told to its requester in plain words."""


class Renderer(Protocol):
    """Every post the desk makes through the outbox, as a Slack message."""

    def reply(
        self,
        reply: Reply,
        *,
        ticket_note: str | None,
        changes: Sequence[ActiveChange],
        now: datetime,
        asked_in: str | None = None,
    ) -> Message:
        """The answer to a question: an article, suggestions, or an honest "I don't know" with the ticket that was
        opened (`ticket_note`) or how to reach the service desk (never "ask in the help channel" to someone who
        asked there: `asked_in`); a line per matching change going on now."""

    def ticket_opened(
        self, ticket: Ticket, *, created: bool, changes: Sequence[ActiveChange], now: datetime
    ) -> Message:
        """What the requester reads when their ticket is opened (or when it already ran)."""

    def ticket_notice(self, ticket: Ticket, what: TicketNotice, *, agent: str = "", team: str = "") -> Message:
        """A later notice to the requester: claimed by (or handed to) `agent`, escalated to `team`, reopened, or
        closed."""

    def priority_changed(self, ticket: Ticket, now: datetime) -> Message:
        """For the requester: their ticket's new priority, in plain words, and the new expectation."""

    def running_late(self, ticket: Ticket, promised: datetime, now: datetime) -> Message:
        """For the requester: the promised first response will not be kept; the new time."""

    def urgent_alert(self, ticket: Ticket, *, mention: str | None, now: datetime) -> Message:
        """For the triage channel: a spoed ticket, and why, mentioning `mention` (`<!here>`) if any."""

    def attachments(self, author: str, files: Sequence[Attachment], lang: str) -> Message:
        """For the card's thread: the files a ticket came with."""

    def handover_note(self, agent: str, to: str) -> Message:
        """For the card's thread: `agent` handed the ticket to `to`."""

    def ticket_resolved(self, ticket: Ticket) -> Message:
        """What solved it, with a one-click rating."""

    def ticket_card(self, ticket: Ticket, *, known_change: str | None, now: datetime) -> Message:
        """The card agents work the ticket from."""

    def escalation_note(self, agent: str, note: str) -> Message:
        """The escalating agent's note, in the thread of the team's card."""

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
        """A conversation message copied to the other side (`kind` "agent" or "requester") with links to its
        `files`; `waiting`: the agent's reply now waits on the requester, which the copy says. A message longer
        than one post can carry comes as several, to be posted in this order (nothing of it is cut off)."""

    def relay_changed(self, kind: str, author: str, text: str, lang: str, *, deleted: bool) -> Message:
        """The copy of a message after its original was edited (to `text`) or deleted."""

    def sla_notice(self, ticket: Ticket, stage: str, target: str, due_at: datetime, now: datetime) -> Message:
        """An SLA warning or breach for one promise, for the agents."""

    def announcement_post(self, post: DuePost, now: datetime) -> Message:
        """Any post of an announcement: the first post (or its edit), a recurring post, a notice in its thread."""

    def delivery_failed(self, *, channel: str, error: str, key: str, announcement: bool) -> Message:
        """For the triage channel: a post that can never go out, and what to do about it."""

    def digest(self, digest: Digest) -> Message:
        """For the triage channel: the weekly digest, the comment of its chart."""
