"""While a change window is open, matching questions and tickets point to the announcement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.tickets.models import Ticket
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.support.announcements import at, save_data
from tests.support.tickets import TICKETS, TRIAGE, open_unknown_question, posts, text_of

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

WINDOW = {"starts": "2026-12-03T18:00:00+01:00", "ends": "2026-12-03T20:00:00+01:00"}


def _announce(bot: RunningBot, tags: list[str]) -> None:
    bot.desk.clock.now = at("2026-11-30T10:00:00+01:00")  # type: ignore[attr-defined]
    save_data(bot.desk, "onderhoud", {**WINDOW, "tags": tags})
    bot.desk.clock.now = at("2026-12-03T18:30:00+01:00")  # type: ignore[attr-defined]


def test_question_during_a_matching_change_gets_the_known_change_line(bot: RunningBot) -> None:
    _announce(bot, ["vpn"])

    bot.send.event(payload("dm_message", text="mijn vpn doet het niet"))

    [reply] = posts(bot, "D0ASKER")
    assert "Bekende wijziging: Onderhoud aan de VPN" in text_of(reply) and "tot 20:00" in text_of(reply)


def test_ticket_during_a_matching_change_records_the_link_and_shows_it_on_the_card(bot: RunningBot) -> None:
    _announce(bot, ["koffieautomaat"])

    open_unknown_question(bot)

    with bot.desk.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
    assert ticket.announcement_id is not None
    assert "Bekende wijziging: Onderhoud aan de VPN" in text_of(posts(bot, TRIAGE)[0])
    assert "Bekende wijziging" in text_of(posts(bot, "CHELP")[0])


def test_question_outside_the_window_gets_no_known_change_line(bot: RunningBot) -> None:
    _announce(bot, ["vpn"])
    bot.desk.clock.now = at("2026-12-03T20:30:00+01:00")  # type: ignore[attr-defined]

    bot.send.event(payload("dm_message", text="mijn vpn doet het niet"))

    [reply] = posts(bot, "D0ASKER")
    assert "Bekende wijziging" not in text_of(reply)
