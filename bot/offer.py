"""What the bot offers colleagues in Slack: its commands, and the words that make a ticket urgent.

The one place the command names are defined (handlers and the manifest test use them), and what `kb check`
holds every article's promises against (`kb.promises`).
"""

from __future__ import annotations

from bot.tickets.urgency import is_urgent
from kb.promises import Command, Offer

HELPDESK_COMMAND = "/helpdesk"
TICKET_WORD = "ticket"
ANNOUNCE_COMMAND = "/announce"


def bot_offer() -> Offer:
    """`/helpdesk <vraag>`, `/helpdesk ticket [beschrijving]` (without text: a form that takes screenshots), and
    `/announce` (agents only, a form)."""
    commands = (
        Command(HELPDESK_COMMAND),
        Command(f"{HELPDESK_COMMAND} {TICKET_WORD}", takes_files=True),
        Command(ANNOUNCE_COMMAND, free_text=False),
    )
    return Offer(commands, is_urgent)
