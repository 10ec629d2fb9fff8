"""`/announce` over real HTTP: only agents get the modal; a submitted modal is stored and then posted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.announcements.models import Announcement
from tests.conftest import RunningBot
from tests.fakes.slack_events import payload
from tests.support.announcements import ANNOUNCEMENTS, CHANNEL, TRIAGE

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)


def _command(bot: RunningBot, user: str) -> None:
    fields = payload("helpdesk_command", command="/announce", text="", user_id=user, response_url=bot.response_url("a"))
    assert bot.send.command(fields).status == 200


def test_announce_command_from_a_colleague_who_is_not_an_agent_gets_a_friendly_refusal(bot: RunningBot) -> None:
    bot.slack.set_members(TRIAGE, ["UAGENT2"])

    _command(bot, "UASKER")

    [response] = bot.slack.calls("response_url/a")
    assert response.args["response_type"] == "ephemeral"
    assert response.args["text"].startswith("Aankondigen kan alleen de servicedesk")
    assert bot.slack.calls("views.open") == []


def test_announce_command_from_a_triage_channel_member_opens_the_modal(bot: RunningBot) -> None:
    bot.slack.set_members(TRIAGE, ["UAGENT2"])

    _command(bot, "UAGENT2")

    [opened] = bot.slack.calls("views.open")
    assert opened.args["view"]["callback_id"] == "announce_modal"
    assert bot.slack.calls("response_url/a") == []


def test_submitted_modal_is_stored_and_confirmed(bot: RunningBot) -> None:
    bot.send.interaction(_submission({"starts": _picked(1_795_000_000), "ends": _picked(1_795_007_200)}))

    with bot.desk.sessions() as session:
        [stored] = session.scalars(select(Announcement)).all()
    assert (stored.title, stored.channels, stored.created_by) == ({"nl": "Printerwissel"}, [CHANNEL], "UAGENT")
    [confirmation] = bot.slack.calls("chat.postMessage")
    assert confirmation.args["channel"] == "UAGENT" and "Printerwissel" in confirmation.args["text"]


def test_submitted_modal_without_a_time_or_expected_text_gets_a_field_error(bot: RunningBot) -> None:
    answer = bot.send.interaction(_submission({}))

    assert '"response_action": "errors"' in answer.body.replace('":"', '": "') or "errors" in answer.body
    assert "starts" in answer.body
    with bot.desk.sessions() as session:
        assert session.scalars(select(Announcement)).all() == []


def _picked(stamp: int) -> dict[str, Any]:
    return {"type": "datetimepicker", "selected_date_time": stamp}


def _submission(extra: dict[str, Any]) -> dict[str, Any]:
    values = {
        "title": {"value": {"type": "plain_text_input", "value": "Printerwissel"}},
        "body": {"value": {"type": "plain_text_input", "value": "De printers worden vervangen."}},
        "impact": {"value": {"type": "static_select", "selected_option": {"value": "low"}}},
        "channels": {"value": {"type": "multi_conversations_select", "selected_conversations": [CHANNEL]}},
        "lang": {"value": {"type": "static_select", "selected_option": {"value": "nl"}}},
        "reminders": {"value": {"type": "plain_text_input", "value": "P1D, PT1H"}},
    } | {name: {"value": field} for name, field in extra.items()}
    view = {"id": "V1", "callback_id": "announce_modal", "type": "modal", "state": {"values": values}}
    return {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": "UAGENT", "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "legacy-unused",
        "trigger_id": "1337.42.abcd",
        "view": view,
    }
