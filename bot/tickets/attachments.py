"""Files in a ticket: screenshots from the intake form and files posted in either thread, kept as links.

Slack keeps the files; the ticket's history keeps a link to each (its permalink), so the record says what was
shared even when the Slack thread is gone. Flushes; never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.desk import Work
from bot.outbox import keys
from bot.tickets import posts, service
from bot.tickets.models import Ticket

MAX_FILES = 10


@dataclass(frozen=True)
class Attachment:
    """A file someone shared: its name and its Slack permalink."""

    name: str
    permalink: str


def record(
    work: Work, ticket: Ticket, *, actor: str, files: Sequence[Attachment], source_ts: str | None = None
) -> None:
    """Keep a link to each file in the ticket's history (kind "file")."""
    for file in files[:MAX_FILES]:
        service.log_message(work.session, ticket, actor=actor, kind="file", text=f"{file.name} {file.permalink}",
                            now=work.now, source_ts=source_ts)  # fmt: skip


def share_with_agents(work: Work, ticket: Ticket, *, actor: str, files: Sequence[Attachment]) -> None:
    """Files that came with the ticket (the intake form's screenshots): recorded, and shown in the card's thread."""
    if not files:
        return
    record(work, ticket, actor=actor, files=files)
    message = work.render.attachments(actor, files[:MAX_FILES], work.settings.default_language)
    posts.tell_agents(work, ticket, key=keys.ticket_files(ticket.id), message=message)
