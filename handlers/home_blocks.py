"""App Home as a list of section builders: each takes the page being built (`HomePage`) and returns its blocks,
or none. `SECTIONS` is the order they appear in; a new section is one more builder in that list.

A colleague sees a button to report a problem, how to reach the desk (and whether it is open now), their open
tickets in plain language, and the recurring announcements (walk-in hours); an agent also sees the unclaimed
queue and their own tickets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.announcements.recurring import Recurring
from bot.local_time import LocalTime
from bot.messages import t
from bot.tickets.models import Ticket
from bot.tickets.queries import Overview
from handlers.blocks import Block, button, context, plain, section
from handlers.contact import DeskContact
from handlers.fitting import fit_view, shorten
from handlers.mrkdwn import escape, quote
from handlers.ticket_blocks import format_due, status_text

REPORT_PROBLEM = "home_report_problem"
MAX_TICKETS = 25
MAX_RECURRING = 5


@dataclass(frozen=True)
class HomePage:
    """Everything App Home shows one person, gathered in one unit of work."""

    seen: Overview
    lang: str
    now: datetime
    local: LocalTime
    agent: bool
    contact: DeskContact
    recurring: Sequence[Recurring] = ()


HomeSection = Callable[[HomePage], list[Block]]


def report_section(page: HomePage) -> list[Block]:
    """A button that opens the intake form."""
    lang = page.lang
    report = button(t("home.report_button", lang), REPORT_PROBLEM, "home", "primary")
    return [
        {"type": "header", "text": plain(t("home.report_title", lang))},
        {**section(t("home.report_intro", lang)), "accessory": report},
    ]


def contact_section(page: HomePage) -> list[Block]:
    """Open now or when it opens again, phone with office hours, the emergency line, walk-in hours."""
    lang, contact, reach = page.lang, page.contact, page.contact.reach
    closed = contact.closed_note(lang, page.now, emergency_ticket=False)
    lines = [closed or t("home.open_now", lang, closes=f"{contact.hours.closes:%H:%M}")]
    if reach.phone:
        lines.append(t("home.phone", lang, phone=reach.phone, hours=contact.hours_text(lang)))
    if reach.emergency_phone:
        lines.append(t("home.emergency", lang, phone=reach.emergency_phone))
    blocks: list[Block] = [{"type": "header", "text": plain(t("home.contact_title", lang))}, section("\n".join(lines))]
    if reach.walk_ins:
        blocks.append(section(t("home.walk_in", lang, slots=contact.walk_in_text(lang))))
        upcoming = contact.next_walk_in(lang, page.now)
        if upcoming:
            blocks.append(context(t("home.walk_in_next", lang, when=upcoming)))
    if reach.contact:
        blocks.append(context(reach.contact))
    return blocks


def mine_section(page: HomePage) -> list[Block]:
    return _tickets(page, t("home.mine_title", page.lang), page.seen.mine, t("home.mine_empty", page.lang))


def queue_section(page: HomePage) -> list[Block]:
    if not page.agent:
        return []
    return _tickets(page, t("home.queue_title", page.lang), page.seen.unclaimed, t("home.queue_empty", page.lang))


def own_section(page: HomePage) -> list[Block]:
    if not page.agent:
        return []
    return _tickets(page, t("home.own_title", page.lang), page.seen.assigned, t("home.queue_empty", page.lang))


def recurring_section(page: HomePage) -> list[Block]:
    """Recurring announcements (like the weekly walk-in hours): what they say and when they are next posted."""
    if not page.recurring:
        return []
    lang = page.lang
    blocks: list[Block] = [{"type": "header", "text": plain(t("home.recurring_title", lang))}]
    for recurring in page.recurring[:MAX_RECURRING]:
        title = recurring.title.get(lang) or next(iter(recurring.title.values()))
        body = recurring.body.get(lang) or next(iter(recurring.body.values()))
        blocks.append(section(f"*{escape(title)}*\n{shorten(escape(body), 600)}"))
        when = format_due(recurring.next_post, lang, page.now, page.local)
        blocks.append(context(t("home.recurring_next", lang, channel=recurring.channel, when=when)))
    return blocks


SECTIONS: list[HomeSection] = [
    report_section,
    contact_section,
    mine_section,
    queue_section,
    own_section,
    recurring_section,
]


def home_view(page: HomePage, sections: Sequence[HomeSection] = SECTIONS) -> dict[str, Any]:
    """The App Home view: every section's blocks in order (Slack shows at most 100 blocks)."""
    blocks = [block for build in sections for block in build(page)]
    return fit_view({"type": "home", "blocks": blocks})


def _tickets(page: HomePage, title: str, tickets: list[Ticket], empty: str) -> list[Block]:
    lang = page.lang
    blocks: list[Block] = [{"type": "header", "text": plain(title)}]
    for ticket in tickets[:MAX_TICKETS]:
        line = t(
            "home.ticket_line",
            lang,
            number=ticket.reference,
            status=status_text(ticket, lang),
            due=next_promise(ticket, lang, page.now, page.local),
            text=quote(ticket.description, 200),
        )
        blocks.append(section(line))
    if not tickets:
        blocks.append(section(empty))
    return blocks


def next_promise(ticket: Ticket, lang: str, now: datetime, local: LocalTime) -> str:
    """ "reactie uiterlijk …" until someone responded (the later time we gave when we ran late), then
    "opgelost uiterlijk …"."""
    if ticket.first_response_at is None:
        due = ticket.response_promised_at or ticket.first_response_due
        return t("home.response_by", lang, due=format_due(due, lang, now, local))
    return t("home.resolved_by", lang, due=format_due(ticket.resolution_due, lang, now, local))
