"""The SLA job: a warning in the card's thread before a breach, and a notice at the breach; once each."""

from __future__ import annotations

from bot.desk import Desk
from bot.outbox import keys
from bot.outbox.poster import Poster
from bot.outbox.worker import deliver_outbox
from bot.tickets import posts
from bot.tickets.queries import sla_notices


def check_sla(desk: Desk, poster: Poster) -> int:
    """Queue and deliver the SLA notices that are due now; returns how many there were.

    Safe in any number of processes at once: each notice is recorded on its ticket in the same transaction.
    """
    with desk.work() as work:
        notices = sla_notices(work.session, now=work.now, sla=work.settings.sla)
        for notice in notices:
            ticket = notice.ticket
            message = work.render.sla_notice(ticket, notice.stage, notice.target, notice.due_at, work.now)
            key = keys.sla_notice(ticket.id, notice.stage, notice.target)
            loud = notice.stage == "breach"  # a breach is escalated to the whole triage channel
            posts.tell_agents(work, ticket, key=key, message=message, loud=loud)
    deliver_outbox(desk, poster, only=work.queued)
    return len(notices)
