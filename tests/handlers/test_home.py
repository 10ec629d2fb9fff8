"""App Home: a colleague sees their open tickets in plain language; an agent also sees the queue and their own."""

from __future__ import annotations

import json

import pytest

from tests.conftest import NEVER_ANSWER, RunningBot
from tests.support.tickets import TICKETS, click, open_unknown_question

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


def _open_home(bot: RunningBot, user: str) -> dict[str, object]:
    bot.send.event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home"})
    [publish] = [c for c in bot.slack.calls("views.publish") if c.args["user_id"] == user]
    return dict(publish.args["view"])


def test_home_shows_a_colleague_their_open_ticket_in_plain_language(bot: RunningBot) -> None:
    open_unknown_question(bot)

    view = _open_home(bot, "UASKER")

    text = json.dumps(view, ensure_ascii=False)
    assert "Je open tickets" in text and "SD-1001" in text
    assert "wacht op een collega van de servicedesk" in text and "reactie uiterlijk vandaag 14:30" in text
    assert "Nog niet opgepakt" not in text


def test_home_shows_an_agent_the_queue_and_their_own_tickets(bot: RunningBot) -> None:
    open_unknown_question(bot)
    open_unknown_question(bot, ts="1700000900.000100", text="de beamer in zaal 2 zoemt heel hard")
    click(bot, "ticket_claim", "2", "UAGENT1")

    view = _open_home(bot, "UAGENT1")

    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]  # type: ignore[index, union-attr]
    assert headers == ["Je open tickets", "Nog niet opgepakt", "Jouw tickets"]
    text = json.dumps(view, ensure_ascii=False)
    assert text.index("SD-1001") < text.index("Jouw tickets") < text.index("SD-1002")
