"""Opening a ticket (unknown question, command, shortcut, reaction; one ticket per conversation; faults), and the
requester's rating once it is resolved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.tickets.models import Ticket, TicketEvent
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.handlers.test_ticket_cards import _resolve
from tests.support.intake import form_values, opened_view, submit
from tests.support.tickets import TICKETS, TRIAGE, all_tickets, click, open_unknown_question, posts, text_of, the_ticket

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


def test_unknown_question_opens_a_ticket_tells_the_number_and_time_and_posts_one_card(bot: RunningBot) -> None:
    open_unknown_question(bot)

    [ticket] = all_tickets(bot)
    [reply] = posts(bot, "CHELP")
    [card] = posts(bot, TRIAGE)
    assert ticket.reference == "SD-1001" and ticket.status == "new" and ticket.priority == "P3"
    assert reply["thread_ts"] == "1700000200.000100"
    assert "*SD-1001*" in reply["text"] and "uiterlijk *vandaag 14:30*" in reply["text"]  # Monday 10:30 + 4 h
    card_text = text_of(card)
    assert "SD-1001" in card_text and "<@UASKER>" in card_text and "koffieautomaat" in card_text
    assert "P3 (normaal)" in card_text and "vandaag 14:30" in card_text
    actions, sorting = [b for b in card["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == [
        "ticket_claim",
        "ticket_escalate",
        "ticket_resolve",
        "ticket_priority",
    ]
    assert [(e["action_id"], e["type"]) for e in sorting["elements"]] == [
        ("ticket_category", "static_select"),
        ("ticket_reassign", "users_select"),
    ]


def test_retried_event_makes_no_second_ticket_or_card(bot: RunningBot) -> None:
    open_unknown_question(bot)
    body = payload("help_channel_message", text="de koffieautomaat geeft stroomstoten", ts="1700000200.000100")

    bot.send.event(body, event_id="Ev1700000200.000100", retry_num=1)

    assert len(all_tickets(bot)) == 1
    assert len(posts(bot, TRIAGE)) == 1 and len(posts(bot, "CHELP")) == 1


def test_ticket_keeps_the_full_conversation_text(bot: RunningBot) -> None:
    text = "mijn scherm flikkert " + "heel erg " * 4_000

    open_unknown_question(bot, text=text[:40_000])

    [ticket] = all_tickets(bot)
    with bot.desk.sessions() as session:
        [opened] = session.scalars(select(TicketEvent).where(TicketEvent.kind == "opened")).all()
    assert ticket.description == text[:20_000] == opened.text
    [card] = posts(bot, TRIAGE)
    assert all(len(b["text"]["text"]) <= 3000 for b in card["blocks"] if b["type"] == "section")


def test_mrkdwn_in_a_description_reaches_the_card_inert_and_escaped_once(bot: RunningBot) -> None:
    open_unknown_question(bot, text="<!channel> <@U999> kijk naar <https://evil.example|dit> &amp; help")

    [card] = posts(bot, TRIAGE)
    text = text_of(card)
    assert "<!channel>" not in text and "<@U999>" not in text and "<https://evil" not in text
    assert "@channel" in text and "dit (https://evil.example) &amp; help" in text and "&amp;amp;" not in text


def test_ticket_command_opens_a_ticket_with_a_dm_thread_and_confirms(bot: RunningBot) -> None:
    command = payload(
        "helpdesk_command", text="ticket ik kan niet bij de map Financiën", response_url=bot.response_url("cmd")
    )

    bot.send.command(command)

    [ticket] = all_tickets(bot)
    [confirmation] = bot.slack.calls("response_url/cmd")
    [dm] = posts(bot, "UASKER")  # a user id as channel: the DM with the bot
    assert ticket.description == "ik kan niet bij de map Financiën"
    assert "SD-1001" in confirmation.args["text"] and "SD-1001" in dm["text"]
    assert len(posts(bot, TRIAGE)) == 1


def test_ticket_command_without_a_description_opens_the_intake_form(bot: RunningBot) -> None:
    bot.send.command(payload("helpdesk_command", text="ticket", response_url=bot.response_url("cmd")))

    view = opened_view(bot)
    assert view["callback_id"] == "ticket_intake_modal"
    assert [b["element"]["type"] for b in view["blocks"] if b["type"] == "input"] == [
        "plain_text_input",
        "static_select",
        "radio_buttons",
        "file_input",
    ]
    assert bot.slack.calls("response_url/cmd") == [] and all_tickets(bot) == []


def _react(bot: RunningBot, user: str, event_id: str, retry: int | None = None) -> None:
    event = {
        "type": "reaction_added",
        "user": user,
        "reaction": "ticket",
        "item_user": "UASKER",
        "item": {"type": "message", "channel": "CGENERAL", "ts": "1700000300.000100"},
        "event_ts": "1700000301.0",
    }
    assert bot.send.event(event, event_id=event_id, retry_num=retry).status == 200


def test_ticket_reaction_opens_one_ticket_and_a_second_reaction_is_told_the_existing_one(bot: RunningBot) -> None:
    bot.slack.add_message("CGENERAL", ts="1700000300.000100", user="UASKER", text="teams crasht steeds bij het delen")

    _react(bot, "UAGENT1", "EvR1")
    _react(bot, "UAGENT1", "EvR1", retry=1)
    _react(bot, "UAGENT2", "EvR2")

    [ticket] = all_tickets(bot)
    assert (ticket.requester, ticket.description) == ("UASKER", "teams crasht steeds bij het delen")
    opened, exists = posts(bot, "CGENERAL")
    assert opened["thread_ts"] == exists["thread_ts"] == "1700000300.000100"
    assert "aangemaakt" in opened["text"] and "loopt al een ticket" in exists["text"]
    assert len(posts(bot, TRIAGE)) == 1


def test_message_shortcut_opens_the_form_for_the_message_and_the_ticket_is_for_its_author(bot: RunningBot) -> None:
    body = {
        "type": "message_action",
        "callback_id": "make_ticket",
        "trigger_id": "t1",
        "user": {"id": "UAGENT1"},
        "channel": {"id": "CGENERAL"},
        "team": {"id": "T0001"},
        "message": {
            "type": "message",
            "user": "UASKER",
            "ts": "1700000400.000100",
            "text": "outlook crasht bij opstarten",
        },
        "response_url": bot.response_url("shortcut"),
    }

    assert bot.send.interaction(body).status == 200
    view = opened_view(bot)
    assert all_tickets(bot) == []
    assert "outlook crasht bij opstarten" in text_of(view) and "<@UASKER>" in text_of(view)
    submit(bot, view, form_values("outlook crasht bij opstarten, ook na herstart"), user="UAGENT1")

    [ticket] = all_tickets(bot)
    assert (ticket.requester, ticket.conversation_key) == ("UASKER", "conv:CGENERAL:1700000400.000100")
    assert ticket.description == "outlook crasht bij opstarten, ook na herstart"
    [told] = posts(bot, "CGENERAL")
    assert told["thread_ts"] == "1700000400.000100" and "SD-1001" in told["text"]


def test_triage_channel_without_the_bot_keeps_the_ticket_informs_the_requester_and_posts_the_card_later(
    bot: RunningBot,
) -> None:
    from bot.app import make_poster
    from bot.outbox.worker import deliver_outbox

    bot.slack.remove_from_channel(TRIAGE)
    open_unknown_question(bot)
    assert len(all_tickets(bot)) == 1 and len(posts(bot, "CHELP")) == 1 and posts(bot, TRIAGE) == []

    bot.slack._removed.discard(TRIAGE)  # the admin invites the bot again
    bot.desk.clock.advance(minutes=2)  # type: ignore[attr-defined]
    deliver_outbox(bot.desk, make_poster(bot.desk.settings))
    deliver_outbox(bot.desk, make_poster(bot.desk.settings))

    assert len(posts(bot, TRIAGE)) == 1


def test_card_post_hit_by_429_and_5xx_goes_out_once_later(bot: RunningBot) -> None:
    from bot.app import make_poster
    from bot.outbox.worker import deliver_outbox

    bot.slack.server_error_next("chat.postMessage", status=503, times=4)  # reply gets 3, the card 1 of them
    open_unknown_question(bot)
    bot.desk.clock.advance(minutes=1)  # type: ignore[attr-defined]
    bot.slack.rate_limit_next("chat.postMessage", retry_after=0, times=3)
    for _ in range(4):
        bot.desk.clock.advance(minutes=5)  # type: ignore[attr-defined]
        deliver_outbox(bot.desk, make_poster(bot.desk.settings))

    assert len(posts(bot, TRIAGE)) == 1 and len(posts(bot, "CHELP")) == 1
    with bot.desk.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1


def test_ticket_reaction_on_a_thread_reply_opens_the_ticket_for_that_reply(bot: RunningBot) -> None:
    bot.slack.add_message("CGENERAL", ts="1700000300.000100", user="UOTHER", text="wie heeft er ook last van?")
    bot.slack.add_message(
        "CGENERAL", ts="1700000310.000100", user="UASKER", text="mijn headset kraakt", thread_ts="1700000300.000100"
    )
    event = {
        "type": "reaction_added",
        "user": "UAGENT1",
        "reaction": "ticket",
        "item_user": "UASKER",
        "item": {"type": "message", "channel": "CGENERAL", "ts": "1700000310.000100"},
        "event_ts": "1700000311.0",
    }

    bot.send.event(event, event_id="EvThread")

    [ticket] = all_tickets(bot)
    assert (ticket.requester, ticket.description) == ("UASKER", "mijn headset kraakt")
    assert ticket.thread_ts == "1700000300.000100"  # the reply's thread is where the conversation goes on


def _rate(bot: RunningBot, action: str, user: str = "UASKER") -> str:
    body = payload(
        "block_actions",
        actions=[{"action_id": action, "block_id": "rating", "type": "button", "value": "1"}],
        user={"id": user},
        response_url=bot.response_url(f"rate-{user}"),
    )
    bot.send.interaction(body)
    return f"response_url/rate-{user}"


def test_good_rating_is_stored_and_thanked(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _resolve(bot)

    [thanks] = bot.slack.calls(_rate(bot, "ticket_rate_good"))

    assert the_ticket(bot).rating == 5 and the_ticket(bot).status == "resolved"
    assert "Bedankt" in thanks.args["text"]


def test_low_rating_reopens_the_ticket(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")
    _resolve(bot)

    [answer] = bot.slack.calls(_rate(bot, "ticket_rate_bad"))

    ticket = the_ticket(bot)
    assert (ticket.rating, ticket.status, ticket.assignee) == (1, "claimed", "UAGENT1")
    assert "weer open" in answer.args["text"]


def test_only_the_requester_can_rate(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _resolve(bot)

    [answer] = bot.slack.calls(_rate(bot, "ticket_rate_bad", user="UAGENT2"))

    assert the_ticket(bot).rating is None and "Alleen de collega die de vraag stelde" in answer.args["text"]
    assert (answer.args["replace_original"], answer.args["response_type"]) == (False, "ephemeral")
