"""App Home: a colleague sees their open tickets in plain language; an agent also sees the queue and their own."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

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
    assert headers == ["Loopt er iets mis?", "Zo bereik je de servicedesk", "Je open tickets", "Nog niet opgepakt",
                       "Jouw tickets", "Vragen zonder goed antwoord"]  # fmt: skip
    text = json.dumps(view, ensure_ascii=False)
    assert text.index("SD-1001") < text.index("Jouw tickets") < text.index("SD-1002")


@pytest.mark.settings(
    SERVICEDESK_PHONE="020 123 4567", EMERGENCY_PHONE="06 1234 5678", WALK_IN_HOURS="di,do 10:00-12:00",
    WALK_IN_LOCATION="kamer 1.14",
)  # fmt: skip
def test_home_shows_how_to_reach_the_desk_and_the_next_walk_in(bot: RunningBot) -> None:
    view = _open_home(bot, "UASKER")

    text = json.dumps(view, ensure_ascii=False)
    assert "Nu open, tot 17:30." in text
    assert "*Telefoon:* 020 123 4567 (maandag t/m vrijdag 08:30–17:30)" in text
    assert "*Noodgeval:* 06 1234 5678, ook buiten kantoortijden" in text
    assert "*Inloopspreekuur:* dinsdag en donderdag 10:00–12:00, kamer 1.14" in text
    assert "Volgende keer: dinsdag 24 november 10:00–12:00" in text


def test_home_says_when_a_closed_desk_opens_again(bot: RunningBot) -> None:
    bot.desk.clock.now = datetime(2026, 11, 28, 10, 0)  # type: ignore[attr-defined]  # Saturday

    text = json.dumps(_open_home(bot, "UASKER"), ensure_ascii=False)

    assert "De servicedesk is nu gesloten en weer open *maandag 30 november 08:30*." in text


def test_home_has_a_button_to_report_a_problem(bot: RunningBot) -> None:
    view = _open_home(bot, "UASKER")

    [button] = [b["accessory"] for b in view["blocks"] if b.get("accessory")]  # type: ignore[union-attr]
    assert (button["action_id"], button["text"]["text"]) == ("home_report_problem", "Meld een probleem")


def test_home_shows_the_recurring_walk_in_announcement(bot: RunningBot, announce: Callable[..., object]) -> None:
    announce(
        "inloopspreekuur", title="Inloopspreekuur van de servicedesk", body="Loop binnen met je laptop of vraag.",
        channels=["CALGEMEEN"], impact="none", cron="0 9 * * MON",
    )  # fmt: skip

    text = json.dumps(_open_home(bot, "UASKER"), ensure_ascii=False)

    assert "Vaste momenten" in text and "*Inloopspreekuur van de servicedesk*" in text
    assert "Wordt aangekondigd in <#CALGEMEEN>; volgende keer maandag 30 november 09:00." in text


def test_home_shows_the_later_time_a_colleague_was_given_when_we_ran_late(bot: RunningBot) -> None:
    from bot.app import make_poster
    from bot.tickets.promises import keep_promises

    open_unknown_question(bot)
    bot.desk.clock.now = datetime(2026, 11, 23, 13, 20)  # type: ignore[attr-defined]
    keep_promises(bot.desk, make_poster(bot.desk.settings))

    text = json.dumps(_open_home(bot, "UASKER"), ensure_ascii=False)

    assert "reactie uiterlijk dinsdag 24 november 09:30" in text and "vandaag 14:30" not in text
