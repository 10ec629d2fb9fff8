"""manifest.yml matches the code: every command, shortcut and event it promises has a listener, and the events
the bot relies on are subscribed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.offer import ANNOUNCE_COMMAND, HELPDESK_COMMAND, bot_offer
from handlers.agents import MEMBER_JOINED, MEMBER_LEFT
from handlers.ticket_blocks import MAKE_TICKET_SHORTCUT, TICKET_REACTION
from tests.conftest import RunningBot

MANIFEST = yaml.safe_load((Path(__file__).resolve().parent.parent / "manifest.yml").read_text(encoding="utf-8"))
BOT_EVENTS = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
SCOPES = MANIFEST["oauth_config"]["scopes"]["bot"]
EVENT_TYPES = {"message.channels": "message", "message.groups": "message", "message.im": "message"}


def test_manifest_declares_our_commands_and_shortcut() -> None:
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    shortcuts = {s["callback_id"] for s in MANIFEST["features"]["shortcuts"]}

    assert commands == {HELPDESK_COMMAND, ANNOUNCE_COMMAND}
    assert commands == {command.name.split()[0] for command in bot_offer().commands}  # what kb check holds articles to
    assert shortcuts == {MAKE_TICKET_SHORTCUT}


@pytest.mark.parametrize(
    ("scope", "why"),
    [
        (
            "files:read",
            "the ticket form's file_input needs it, and files.info describes files shared in ticket threads",
        ),
        ("users:read", "the colleague's language, and users_select on the card"),
        ("im:write", "the DM thread of a ticket opened with /helpdesk ticket or the form"),
        ("files:write", "the weekly digest uploads its chart (files.getUploadURLExternal, completeUploadExternal)"),
    ],
)
def test_manifest_asks_for_the_scopes_the_bot_relies_on(scope: str, why: str) -> None:
    assert scope in SCOPES, why


def test_manifest_sends_options_requests_where_the_bot_answers_them() -> None:
    interactivity = MANIFEST["settings"]["interactivity"]

    assert interactivity["message_menu_options_url"] == interactivity["request_url"]
    assert interactivity["request_url"].endswith("/slack/events")


@pytest.mark.parametrize(
    ("event", "why"),
    [
        (MEMBER_JOINED, "the agent cache learns who joined the triage or a team channel"),
        (MEMBER_LEFT, "the agent cache learns who left"),
        ("app_home_opened", "App Home shows tickets"),
        ("reaction_added", f":{TICKET_REACTION}: opens a ticket"),
    ],
)
def test_manifest_subscribes_to_the_events_the_bot_relies_on(event: str, why: str) -> None:
    assert event in BOT_EVENTS, why


@pytest.mark.parametrize("subscription", BOT_EVENTS)
def test_every_subscribed_event_is_acknowledged_with_200(bot: RunningBot, subscription: str) -> None:
    event = {
        "type": EVENT_TYPES.get(subscription, subscription),
        "user": "UOTHER",
        "channel": "CELSEWHERE",
        "ts": "1.0",
        "event_ts": "1.0",
        "tab": "messages",
    }

    assert bot.send.event(event).status == 200
