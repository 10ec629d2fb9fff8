"""App Home as a list of section builders: each takes the page being built (`HomePage`) and returns its blocks,
or none. `SECTIONS` is the order they appear in; a new section is one more builder in that list.

A colleague sees a button to report a problem, how to reach the desk (and whether it is open now), their open
tickets in plain language, and the recurring announcements (walk-in hours); an agent also sees the unclaimed
queue and their own tickets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.announcements.recurring import Recurring
from bot.local_time import LocalTime
from bot.messages import t
from bot.reports.gaps import Gap
from bot.tickets.models import Ticket
from bot.tickets.queries import Overview
from handlers.blocks import Block, button, context, plain, section
from handlers.contact import DeskContact
from handlers.fitting import fit_view, shorten
from handlers.mrkdwn import escape, quote
from handlers.ticket_blocks import format_due, status_text

REPORT_PROBLEM = "home_report_problem"
GAP_WRITE = "home_gap_write_article"
GAP_ADD_PHRASING = "home_gap_add_phrasing"
VALUE_LIMIT = 2000
"""A button's value at most."""
GAP_TEXT = 200
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
    gaps: Sequence[Gap] = ()
    gap_days: int = 30
    notice: str = ""
    """A line at the top of the gaps (e.g. that a phrasing was just added)."""


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


def gaps_section(page: HomePage) -> list[Block]:
    """Agents only: the biggest questions without a good answer, with "Schrijf artikel" and, when an article
    comes close, "Voeg toe als formulering". Question texts are colleagues' words: never shown to colleagues."""
    if not page.agent:
        return []
    lang = page.lang
    blocks: list[Block] = [
        {"type": "header", "text": plain(t("gaps.title", lang))},
        context(t("gaps.intro", lang, days=page.gap_days)),
    ]
    if page.notice:
        blocks.append(section(page.notice))
    for gap in page.gaps:
        blocks += gap_blocks(gap, lang)
    if not page.gaps:
        blocks.append(section(t("gaps.empty", lang)))
    return blocks


def gap_blocks(gap: Gap, lang: str) -> list[Block]:
    """One gap: how often and by how many, other wordings, the nearest article, and what an agent can do."""
    line = t("gaps.line", lang, count=gap.count, people=gap.people, text=_flat(gap.representative))
    others = [_flat(example) for example in gap.examples if example != gap.representative]
    notes = [t("gaps.examples", lang, examples=" · ".join(others))] if others else []
    nearest = gap.nearest_title if gap.nearest_article else None
    notes.append(t("gaps.nearest", lang, title=escape(nearest)) if nearest else t("gaps.no_nearest", lang))
    questions = _fitting([gap.representative, *gap.examples], {"l": gap.languages[0] if gap.languages else lang})
    buttons = [button(t("gaps.write", lang), GAP_WRITE, questions, "primary")]
    if gap.nearest_article and not gap.needs_article:  # close enough: a phrasing is missing, not an article
        phrasing = json.dumps({"a": gap.nearest_article, "q": gap.representative[:GAP_TEXT]}, ensure_ascii=False)
        buttons.append(button(t("gaps.add_phrasing", lang), GAP_ADD_PHRASING, phrasing))
    return [section(line), context(shorten("\n".join(notes), 2000)), {"type": "actions", "elements": buttons}]


def gap_questions(value: str) -> tuple[list[str], str]:
    """The questions and language a "Schrijf artikel" button carries."""
    data = json.loads(value)
    return [str(q) for q in data.get("q", [])], str(data.get("l") or "nl")


def gap_phrasing(value: str) -> tuple[str, str]:
    """The (article id, question) a "Voeg toe als formulering" button carries."""
    data = json.loads(value)
    return str(data["a"]), str(data["q"])


def _fitting(questions: list[str], extra: dict[str, str]) -> str:
    """As many of `questions` (each cut to `GAP_TEXT`) as fit in a button's value, as JSON."""
    kept = list(dict.fromkeys(q[:GAP_TEXT] for q in questions))
    while True:
        value = json.dumps({"q": kept, **extra}, ensure_ascii=False)
        if len(value) <= VALUE_LIMIT or len(kept) == 1:
            return value
        kept.pop()


def _flat(text: str) -> str:
    return escape(shorten(" ".join(text.split()), GAP_TEXT))


SECTIONS: list[HomeSection] = [
    report_section,
    contact_section,
    mine_section,
    queue_section,
    own_section,
    gaps_section,
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
