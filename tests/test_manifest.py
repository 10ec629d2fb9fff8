"""manifest.yml matches the code: every command, shortcut and event it promises has a listener."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handlers.announcements import ANNOUNCE_COMMAND
from handlers.questions import HELPDESK_COMMAND
from handlers.ticket_blocks import MAKE_TICKET_SHORTCUT
from tests.conftest import RunningBot

MANIFEST = yaml.safe_load((Path(__file__).resolve().parent.parent / "manifest.yml").read_text(encoding="utf-8"))
EVENT_TYPES = {"message.channels": "message", "message.groups": "message", "message.im": "message"}


def test_manifest_declares_our_commands_and_shortcut() -> None:
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    shortcuts = {s["callback_id"] for s in MANIFEST["features"]["shortcuts"]}

    assert commands == {HELPDESK_COMMAND, ANNOUNCE_COMMAND}
    assert shortcuts == {MAKE_TICKET_SHORTCUT}


@pytest.mark.parametrize("subscription", MANIFEST["settings"]["event_subscriptions"]["bot_events"])
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
