"""`/announce` over real HTTP: only agents get the modal; a submitted modal is stored and then posted."""

from __future__ import annotations

import json
import re
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
        "reminders": {"value": {"type": "checkboxes", "selected_options": [{"value": "P1D"}, {"value": "PT1H"}]}},
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


def _texts_shown(view: dict[str, Any]) -> list[str]:
    """Every text an agent reads in a view: labels, placeholders and option texts."""
    found: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            if node.get("type") == "plain_text" and key != "value":
                found.append(str(node.get("text")))
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(view)
    return found


def test_the_modal_asks_for_dates_with_pickers_and_reminders_in_plain_words(bot: RunningBot) -> None:
    bot.slack.set_members(TRIAGE, ["UAGENT2"])

    _command(bot, "UAGENT2")

    [opened] = bot.slack.calls("views.open")
    view = opened.args["view"]
    elements = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert {elements[name]["type"] for name in ("starts", "ends", "publish")} == {"datetimepicker"}
    reminders = elements["reminders"]
    assert reminders["type"] == "checkboxes"
    assert [o["text"]["text"] for o in reminders["options"]] == [
        "1 week ervoor", "1 dag ervoor", "1 uur ervoor", "15 minuten ervoor",
    ]  # fmt: skip
    assert [o["text"]["text"] for o in reminders["initial_options"]] == ["1 dag ervoor", "1 uur ervoor"]
    assert elements["expected"]["options"][0]["text"]["text"] == "begin november"
    shown = " ".join(_texts_shown(view))
    assert "ISO" not in shown and not re.search(r"\bP(T)?\d+[WDHM]\b", shown)


def test_reminders_chosen_in_the_modal_are_stored(bot: RunningBot) -> None:
    bot.send.interaction(_submission({"starts": _picked(1_795_000_000)}))

    with bot.desk.sessions() as session:
        [stored] = session.scalars(select(Announcement)).all()
    assert stored.reminders == [86400, 3600]


def test_an_expected_month_is_stored_in_each_language_so_english_never_shows_dutch(bot: RunningBot) -> None:
    english = {
        "lang": {"type": "static_select", "selected_option": {"value": "nl,en"}},
        "title_en": {"type": "plain_text_input", "value": "Printer swap"},
        "body_en": {"type": "plain_text_input", "value": "The printers are being replaced."},
        "expected": {"type": "static_select", "selected_option": {"value": "2027-01:begin"}},
    }

    bot.send.interaction(_submission(english))

    with bot.desk.sessions() as session:
        [stored] = session.scalars(select(Announcement)).all()
    assert stored.expected == {"nl": "begin januari 2027", "en": "early January 2027"}
    assert stored.title == {"nl": "Printerwissel", "en": "Printer swap"}


def test_dutch_and_english_without_the_english_text_gets_a_field_error(bot: RunningBot) -> None:
    both = {"lang": {"type": "static_select", "selected_option": {"value": "nl,en"}}, "starts": _picked(1_795_000_000)}

    answer = bot.send.interaction(_submission(both))

    errors = json.loads(answer.body)["errors"]
    assert errors == {
        "title_en": "Geef ook de Engelse tekst, of kies één taal.",
        "body_en": "Geef ook de Engelse tekst, of kies één taal.",
    }
    with bot.desk.sessions() as session:
        assert session.scalars(select(Announcement)).all() == []
