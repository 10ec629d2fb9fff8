"""For ticket tests: a triage channel with agents and a second-line team (`TICKETS` settings with the `agents`
fixture), and what a colleague and an agent do in Slack."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.tickets.models import Ticket
from tests.conftest import RunningBot
from tests.fakes.slack_events import payload

TRIAGE = "CTRIAGE"
TEAM_CHANNEL = "CNETWERK"
AGENTS = [f"UAGENT{n}" for n in range(1, 21)]


TICKETS = {"TRIAGE_CHANNEL": TRIAGE, "TEAMS": f"netwerk={TEAM_CHANNEL}", "REOPEN_DAYS": "5"}
"""Settings for a desk that works tickets; use with the `agents` fixture (the triage channel's members)."""


def posts(bot: RunningBot, channel: str) -> list[dict[str, Any]]:
    """Every chat.postMessage that went out to `channel`, in order."""
    return [c.args for c in bot.slack.calls("chat.postMessage") if c.args["channel"] == channel and c.outcome == "ok"]


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or message.get("text"), ensure_ascii=False)


def click(bot: RunningBot, action_id: str, value: str, user: str, *, selected: str | None = None) -> str:
    """An agent clicks a button (or picks from a menu) on a card; returns the response_url name used."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": "card", "type": "button", "value": value}
    if selected is not None:
        action = {
            "action_id": action_id,
            "block_id": "card",
            "type": "static_select",
            "selected_option": {"value": selected},
        }
    name = f"{action_id}-{user}"
    body = payload(
        "block_actions",
        actions=[action],
        user={"id": user},
        channel={"id": TRIAGE},
        container={"type": "message", "channel_id": TRIAGE, "message_ts": "1.0"},
        response_url=bot.response_url(name),
    )
    assert bot.send.interaction(body).status == 200
    return name


def open_unknown_question(
    bot: RunningBot,
    ts: str = "1700000200.000100",
    text: str = "de koffieautomaat op de derde verdieping geeft stroomstoten",
) -> None:
    """A colleague asks something the KB cannot answer in the help channel: that opens a ticket."""
    bot.slack.add_message("CHELP", ts=ts, user="UASKER", text=text)
    bot.send.event(payload("help_channel_message", text=text, ts=ts, event_ts=ts), event_id=f"Ev{ts}")


def all_tickets(bot: RunningBot) -> list[Ticket]:
    """Every ticket in the database, oldest first."""
    with bot.desk.sessions() as session:
        return list(session.scalars(select(Ticket).order_by(Ticket.id)))


def the_ticket(bot: RunningBot) -> Ticket:
    """The one ticket there is."""
    [ticket] = all_tickets(bot)
    return ticket
