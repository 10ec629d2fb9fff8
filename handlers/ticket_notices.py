"""Pure Block Kit builders for what a ticket tells people as it goes: the new expectation after a priority change
or a late first response (for the requester, in plain words), the spoed alert and the handover note (for the
agents), and links to the files shared in a ticket."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.messages import t
from bot.outbox.store import Message
from bot.tickets.attachments import Attachment
from bot.tickets.models import Ticket
from handlers.blocks import context, section, text_message
from handlers.fitting import fit_message, more_in_history
from handlers.mrkdwn import escape, quote

SLACK_LINK = re.compile(r"^https://[^\s<>|]+$")
"""A permalink we put in a link as it is: https, no characters that would end or split Slack's `<url|text>`."""


def plain_priority(ticket: Ticket, lang: str) -> str:
    """The priority as a colleague reads it: "spoed", "hoog", "normaal", "laag" (never a code)."""
    return t(f"ticket.urgency.{ticket.priority}", lang)


def priority_notice(ticket: Ticket, due: str) -> Message:
    """For the requester: the new priority in words and when to expect a response."""
    lang = ticket.lang
    text = t("ticket.priority_requester", lang, number=ticket.reference, priority=plain_priority(ticket, lang), due=due)
    return text_message(text)


def late_notice(ticket: Ticket, due: str, phone: str | None) -> Message:
    """For the requester: honest about the missed promise, not forgotten, a new time (and a number to call)."""
    lang = ticket.lang
    text = t("ticket.late_requester", lang, number=ticket.reference, due=due)
    if phone:
        text += " " + t("ticket.late_call", lang, phone=phone)
    return text_message(text)


def urgent_alert(ticket: Ticket, lang: str, mention: str | None) -> Message:
    """For the triage channel: a spoed ticket, why it is one, and the colleague's words."""
    reasons = ", ".join(t(f"urgency.{code}", lang) for code in reason_codes(ticket)) or plain_priority(ticket, lang)
    headline = t(
        "ticket.urgent_alert",
        lang,
        mention=f"{mention} " if mention else "",
        number=ticket.reference,
        requester=f"<@{ticket.requester}>",
        reasons=reasons,
    )
    more = more_in_history(lang, ticket.reference)
    return fit_message({"text": headline, "blocks": [section(headline), section(quote(ticket.description, 500, more))]})


def reason_codes(ticket: Ticket) -> list[str]:
    """Why the ticket's priority was proposed (`bot.tickets.urgency` codes); the catalogue knows each."""
    return [code for code in (ticket.priority_reasons or "").split(",") if code]


def files_message(author: str, files: Sequence[Attachment], lang: str) -> Message:
    """For the card's thread: the files a ticket came with, as links."""
    text = t("ticket.files_from", lang, author=f"<@{author}>", links=file_links(files))
    return text_message(text)


def handover_message(agent: str, to: str, lang: str) -> Message:
    return text_message(t("ticket.handover_note", lang, agent=f"<@{agent}>", to=f"<@{to}>"))


def with_files(message: Message, files: Sequence[Attachment], lang: str, *, waiting: bool = False) -> Message:
    """A relayed message with links to its files and, when the agent now waits on the requester, a line that
    says so."""
    extra = []
    if files:
        extra.append(section(t("ticket.files", lang, links=file_links(files))))
    if waiting:
        extra.append(context(t("ticket.waiting_requester", lang)))
    if not extra:
        return message
    text = message["text"] or t("ticket.files", lang, links=file_links(files))
    return fit_message({**message, "text": text, "blocks": [*message.get("blocks", []), *extra]})


def file_links(files: Sequence[Attachment]) -> str:
    """ "<permalink|naam.png>, …"; a name never becomes markup, a doubtful link is shown as its name only."""
    shown = []
    for file in files:
        name = escape(file.name or "📎")
        shown.append(f"<{file.permalink}|{name}>" if SLACK_LINK.match(file.permalink) else name)
    return ", ".join(shown)
