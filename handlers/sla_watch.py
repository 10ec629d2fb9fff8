"""The scheduled SLA check: a warning in the card's thread before a breach, and a notice at the breach; once each."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.db import transaction
from bot.desk import Desk
from bot.messages import t
from bot.tickets.queries import sla_notices
from handlers.blocks import text_message
from handlers.delivery import deliver_outbox
from handlers.ticket_blocks import format_due
from handlers.ticket_posts import tell_agents


def check_sla(desk: Desk, client: WebClient) -> int:
    """Queue and deliver the SLA notices that are due now; returns how many there were."""
    lang = desk.settings.default_language
    with transaction(desk.sessions) as session:
        now = desk.clock()
        notices = sla_notices(session, now=now, sla=desk.settings.sla)
        for notice in notices:
            text = t(
                f"sla.{notice.stage}",
                lang,
                number=notice.ticket.reference,
                target=t(f"sla.{notice.target}", lang),
                due=format_due(notice.due_at, lang, now),
            )
            key = f"ticket:{notice.ticket.id}:sla:{notice.stage}:{notice.target}"
            loud = notice.stage == "breach"  # a breach is escalated to the whole triage channel
            tell_agents(session, desk, notice.ticket, key=key, message=text_message(text), now=now, loud=loud)
    if notices:
        deliver_outbox(desk, client)
    return len(notices)
