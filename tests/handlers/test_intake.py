"""The intake form: from `/helpdesk ticket` without text and App Home; what a colleague fills in (category, "kun
je nog werken?", screenshots) decides the ticket's priority and reaches the card."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.tickets.models import TicketEvent
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.support.intake import form_values, opened_view, submit
from tests.support.tickets import TICKETS, TRIAGE, all_tickets, posts, text_of, the_ticket

# a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


def _form(bot: RunningBot, user: str = "UASKER") -> dict[str, object]:
    bot.send.command(payload("helpdesk_command", text="ticket", user_id=user, response_url=bot.response_url("cmd")))
    return opened_view(bot)


def test_the_form_offers_the_configured_categories_in_plain_words(bot: RunningBot) -> None:
    view = _form(bot)

    [category] = [b for b in view["blocks"] if b.get("block_id") == "intake_category"]  # type: ignore[attr-defined]
    labels = [option["text"]["text"] for option in category["element"]["options"]]
    assert labels[:2] == ["Inloggen, account en wachtwoord", "Mail en agenda"] and labels[-1] == "Iets anders"
    [works] = [b for b in view["blocks"] if b.get("block_id") == "intake_works"]  # type: ignore[attr-defined]
    assert works["label"]["text"] == "Kun je nog werken?"
    assert [o["value"] for o in works["element"]["options"]] == ["yes", "no", "team"]


def test_a_submitted_form_opens_a_ticket_with_its_category_and_screenshot_on_the_card(bot: RunningBot) -> None:
    screenshot = bot.slack.add_file("F0SHOT", name="foutmelding.png")
    view = _form(bot)

    answer = submit(bot, view, form_values("outlook start niet op", category="email", files=[screenshot]))

    assert answer.status == 200 and answer.body == ""
    ticket = the_ticket(bot)
    assert (ticket.description, ticket.category, ticket.priority) == ("outlook start niet op", "email", "P3")
    card, files = posts(bot, TRIAGE)
    assert "*Categorie:* Mail en agenda" in text_of(card)
    assert files["text"] == f"Bestanden van <@UASKER>: <{screenshot['permalink']}|foutmelding.png>"
    with bot.desk.sessions() as session:
        [kept] = session.scalars(select(TicketEvent).where(TicketEvent.kind == "file")).all()
    assert kept.text == f"foutmelding.png {screenshot['permalink']}"
    [dm] = posts(bot, "UASKER")
    assert "*SD-1001* (prioriteit: normaal)" in dm["text"] and "P3" not in dm["text"]


def test_nobody_able_to_work_makes_a_spoed_ticket_that_alerts_the_triage_channel(bot: RunningBot) -> None:
    submit(bot, _form(bot), form_values("de printers doen niks", works="team"))

    ticket = the_ticket(bot)
    assert (ticket.priority, ticket.priority_reasons) == ("P1", "blocked,wide")
    card, alert = posts(bot, TRIAGE)
    assert "thread_ts" not in alert and alert["text"].startswith("<!here> :rotating_light: *Spoed: SD-1001*")
    assert "(kan niet werken, meerdere collega's geraakt)" in alert["text"]
    assert "Voorgestelde prioriteit: kan niet werken, meerdere collega's geraakt" in text_of(card)
    [dm] = posts(bot, "UASKER")
    assert "(prioriteit: spoed)" in dm["text"] and "uiterlijk *vandaag 11:00*" in dm["text"]
    assert "zien de collega's van de servicedesk het meteen" in dm["text"]


def test_a_form_without_a_description_stays_open_and_says_what_is_missing(bot: RunningBot) -> None:
    answer = submit(bot, _form(bot), form_values("   "))

    response = json.loads(answer.body)
    assert response == {"response_action": "errors", "errors": {"intake_what": "Beschrijf kort wat er aan de hand is."}}
    assert all_tickets(bot) == []


def test_a_form_submitted_twice_opens_one_ticket(bot: RunningBot) -> None:
    view = _form(bot)

    submit(bot, view, form_values("scherm flikkert"))
    submit(bot, view, form_values("scherm flikkert"))

    assert len(all_tickets(bot)) == 1 and len(posts(bot, TRIAGE)) == 1


def test_a_category_the_form_does_not_offer_is_left_out(bot: RunningBot) -> None:
    submit(bot, _form(bot), form_values("scherm flikkert", category="koffie"))

    assert the_ticket(bot).category is None


def test_an_english_colleague_gets_the_form_in_english(bot: RunningBot) -> None:
    view = _form(bot, user="UENGLISH")

    assert view["title"] == {"type": "plain_text", "text": "Report a problem", "emoji": True}
    assert "Can you still work?" in text_of(view) and "Kun je" not in text_of(view)


def test_app_homes_button_opens_the_form(bot: RunningBot) -> None:
    action = {"action_id": "home_report_problem", "block_id": "home", "type": "button", "value": "home"}
    body = payload("block_actions", actions=[action], container={"type": "view", "view_id": "VHOME"})

    assert bot.send.interaction(body).status == 200

    assert opened_view(bot)["callback_id"] == "ticket_intake_modal"


@pytest.mark.settings(TRIAGE_CHANNEL="", SERVICEDESK_PHONE="020 123 4567")
def test_without_a_triage_channel_the_command_says_how_to_reach_a_person_instead(bot: RunningBot) -> None:
    bot.send.command(payload("helpdesk_command", text="ticket", response_url=bot.response_url("cmd")))

    [answer] = bot.slack.calls("response_url/cmd")
    assert answer.args["text"] == (
        "Tickets zijn hier nog niet ingesteld. Een collega van de servicedesk helpt je graag verder: "
        "servicedesk@example.org, bel 020 123 4567 (maandag t/m vrijdag 08:30–17:30) of stel je vraag in <#CHELP>."
    )
    assert bot.slack.calls("views.open") == []
