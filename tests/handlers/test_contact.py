"""Reachable at fixed times: when the bot cannot help, the colleague hears how to reach a person (phone with office
hours, walk-in hours, the help channel unless they asked there) and, while the desk is closed, when it opens
again (holidays included) and what to do in an emergency."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.config import Settings
from handlers.contact import DeskContact, days_text
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.support.tickets import TICKETS, posts

REACHABLE = {
    "SERVICEDESK_PHONE": "020 123 4567",
    "WALK_IN_HOURS": "di,do 10:00-12:00",
    "WALK_IN_LOCATION": "kamer 1.14",
    "SERVICEDESK_CONTACT": "",
}
KINGS_DAY_EVE = datetime(2026, 4, 26, 18, 0)  # Sunday 20:00; Monday 27 April is Koningsdag


def _ask_in_help_channel(bot: RunningBot) -> str:
    bot.send.event(payload("help_channel_message", text="hoeveel vakantiedagen heb ik nog"))
    [reply] = posts(bot, "CHELP")
    return str(reply["text"])


def _ask_in_dm(bot: RunningBot) -> str:
    bot.send.event(payload("dm_message", text="hoeveel vakantiedagen heb ik nog"))
    [reply] = posts(bot, "D0ASKER")
    return str(reply["text"])


@pytest.mark.settings(**NEVER_ANSWER, **REACHABLE)
def test_the_fallback_gives_phone_hours_and_walk_in_but_not_the_channel_it_was_asked_in(bot: RunningBot) -> None:
    text = _ask_in_help_channel(bot)

    assert text.endswith(
        "Een collega van de servicedesk helpt je graag verder: bel 020 123 4567 (maandag t/m vrijdag 08:30–17:30) "
        "of loop binnen: dinsdag en donderdag 10:00–12:00, kamer 1.14."
    )
    assert "<#CHELP>" not in text and "helpkanaal" not in text


@pytest.mark.settings(**NEVER_ANSWER, **REACHABLE)
def test_a_question_asked_elsewhere_is_also_pointed_to_the_help_channel(bot: RunningBot) -> None:
    assert _ask_in_dm(bot).endswith("kamer 1.14 of stel je vraag in <#CHELP>.")


@pytest.mark.settings(**NEVER_ANSWER, SERVICEDESK_CONTACT="mail servicedesk@example.org", SERVICEDESK_PHONE="020 1")
def test_with_a_phone_number_set_the_fallback_always_gives_it(bot: RunningBot) -> None:
    assert _ask_in_help_channel(bot).endswith(
        "helpt je graag verder: mail servicedesk@example.org of bel 020 1 (maandag t/m vrijdag 08:30–17:30)."
    )


@pytest.mark.settings(
    **NEVER_ANSWER, SERVICEDESK_CONTACT="bel 020 1 of mail servicedesk@example.org", SERVICEDESK_PHONE="020 1"
)
def test_a_phone_number_the_contact_text_gives_already_is_not_repeated(bot: RunningBot) -> None:
    assert _ask_in_help_channel(bot).endswith("helpt je graag verder: bel 020 1 of mail servicedesk@example.org.")


@pytest.mark.settings(**NEVER_ANSWER, SERVICEDESK_CONTACT="")
def test_with_nothing_configured_the_fallback_is_plain_and_never_circular(bot: RunningBot) -> None:
    assert _ask_in_help_channel(bot).endswith(
        "Een collega van de servicedesk helpt je graag verder: bel of mail de servicedesk."
    )


@pytest.mark.settings(**NEVER_ANSWER, **REACHABLE, EMERGENCY_PHONE="06 1234 5678")
def test_outside_hours_the_fallback_says_when_the_desk_opens_holidays_included(bot: RunningBot) -> None:
    bot.desk.clock.now = KINGS_DAY_EVE  # type: ignore[attr-defined]

    text = _ask_in_help_channel(bot)

    assert "De servicedesk is nu gesloten en weer open *dinsdag 28 april 08:30*." in text
    assert "Bel 06 1234 5678, ook nu." in text


@pytest.mark.settings(**NEVER_ANSWER, **TICKETS)
@pytest.mark.usefixtures("agents")
def test_a_ticket_opened_outside_hours_says_when_the_desk_opens_and_when_to_expect_a_response(bot: RunningBot) -> None:
    bot.desk.clock.now = KINGS_DAY_EVE  # type: ignore[attr-defined]

    bot.send.command(payload("helpdesk_command", text="ticket de beamer doet raar", response_url=bot.response_url("c")))

    [confirmation] = bot.slack.calls("response_url/c")
    text = confirmation.args["text"]
    assert "prioriteit: normaal" in text and "uiterlijk *dinsdag 28 april 12:30*" in text
    assert "De servicedesk is nu gesloten en weer open *dinsdag 28 april 08:30*." in text


@pytest.mark.settings(**NEVER_ANSWER, **TICKETS, EMERGENCY_PHONE="06 1234 5678")
@pytest.mark.usefixtures("agents")
def test_a_ticket_opened_outside_hours_gives_the_emergency_line(bot: RunningBot) -> None:
    bot.desk.clock.now = KINGS_DAY_EVE  # type: ignore[attr-defined]

    bot.send.command(payload("helpdesk_command", text="ticket laptop gestolen", response_url=bot.response_url("c")))

    [confirmation] = bot.slack.calls("response_url/c")
    assert "prioriteit: spoed" in confirmation.args["text"] and "Bel 06 1234 5678, ook nu." in confirmation.args["text"]


@pytest.mark.parametrize(
    ("days", "lang", "text"),
    [
        ({0, 1, 2, 3, 4}, "nl", "maandag t/m vrijdag"),
        ({1, 3}, "nl", "dinsdag en donderdag"),
        ({0, 1, 2, 4}, "nl", "maandag t/m woensdag en vrijdag"),
        ({6, 0}, "nl", "maandag en zondag"),
        ({0, 1, 2, 3, 4}, "en", "Monday to Friday"),
        ({1, 3}, "en", "Tuesday and Thursday"),
    ],
)
def test_weekdays_read_as_words(days: set[int], lang: str, text: str) -> None:
    assert days_text(frozenset(days), lang) == text


def test_the_english_contact_line_is_english() -> None:
    contact = DeskContact(Settings.from_mapping({**REACHABLE, "HELP_CHANNELS": "CHELP"}))

    line = contact.line("en", datetime(2026, 11, 23, 9, 30), asked_in="D0ASKER")

    assert line == (
        "A colleague at the service desk is happy to help: call 020 123 4567 (Monday to Friday 08:30–17:30), "
        "walk in: Tuesday and Thursday 10:00–12:00, kamer 1.14 or ask in <#CHELP>."
    )


def test_outside_hours_without_an_emergency_line_the_way_to_mark_an_emergency_is_a_spoed_ticket() -> None:
    contact = DeskContact(Settings.from_mapping({**REACHABLE, "TRIAGE_CHANNEL": "CTRIAGE"}))

    line = contact.line("nl", KINGS_DAY_EVE)

    assert line.startswith(
        "De servicedesk is nu gesloten en weer open *dinsdag 28 april 08:30*. Noodgeval, zoals een gestolen laptop "
        "of een phishinglink waarop je klikte? Typ `/helpdesk ticket` met *SPOED* erin: dan krijgt het voorrang "
        "zodra we er zijn."
    )
