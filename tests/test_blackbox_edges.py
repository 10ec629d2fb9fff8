"""Black-box, at the edges: `servicedesk run --http` as a real process, signed HTTP requests, and a fake Slack Web
API that refuses what Slack refuses. Maximum-size inputs give every post; a formatted `!intern` note never reaches
the colleague (not when written, not when an edit makes a reply internal); a bystander cannot reopen a ticket."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.tickets.models import Ticket
from tests import test_blackbox
from tests.conftest import BOT_TOKEN, NEVER_ANSWER
from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_events import SlackSender, payload

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, REOPEN_DAYS="5"), pytest.mark.timeout(180)]
running = test_blackbox.running  # the bot as a real process (`servicedesk run --http`)

QUESTION_TS = "1700000200.000100"
PASTED_HTML = ('&lt;table class="x"&gt;&lt;tr&gt;&lt;td&gt;R&amp;D&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;\n' * 700)[
    :40_000
]
LONG_REPLY = "\n".join(f"regel {n:05d} " + "woord " * 10 for n in range(600))[:40_000]
RESOLUTION = ('Printer <HP-3> & driver "R&D" opnieuw geïnstalleerd. ' * 60)[:3000]
SECRET = "wachtwoord-van-de-directeur"


def _until(slack: FakeSlack, found: Callable[[list[Call]], bool], what: str, timeout: float = 90) -> list[Call]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        calls = slack.calls()
        if found(calls):
            return calls
        time.sleep(0.05)  # a real process answers on its own time; bounded by the deadline
    raise AssertionError(f"no {what} within {timeout}s; saw {[(c.method, c.outcome) for c in slack.calls()]}")


def _posts_to(calls: list[Call], channel: str, method: str = "chat.postMessage") -> list[Call]:
    return [call for call in calls if call.method == method and call.args.get("channel") == channel]


def _card_ts(slack: FakeSlack) -> str:
    history = WebClient(token=BOT_TOKEN, base_url=slack.url).conversations_history(channel="CTRIAGE")
    [card] = [message for message in history["messages"] if "ticket_claim" in json.dumps(message.get("blocks"))]
    return str(card["ts"])


def _ask(running: SlackSender, slack: FakeSlack, text: str) -> str:
    """A colleague asks in the help channel; returns the ts of the ticket's card once it is posted."""
    slack.add_message("CHELP", ts=QUESTION_TS, user="UASKER", text=text)
    event = payload("help_channel_message", text=text, ts=QUESTION_TS, event_ts=QUESTION_TS)
    assert running.event(event, event_id="EvQ").status == 200
    _until(slack, lambda calls: bool(_posts_to(calls, "CTRIAGE")), "card")
    return _card_ts(slack)


def _in_thread(channel: str, user: str, text: str, ts: str, thread_ts: str) -> dict[str, Any]:
    return {"type": "message", "channel": channel, "channel_type": "channel", "user": user, "text": text, "ts": ts,
            "thread_ts": thread_ts, "event_ts": ts}  # fmt: skip


def _resolve(running: SlackSender, resolution: str) -> None:
    values = {"resolution": {"resolution_text": {"type": "plain_text_input", "value": resolution}}}
    view = {"id": "V1", "type": "modal", "callback_id": "ticket_resolve_modal", "private_metadata": "1",
            "state": {"values": values}}  # fmt: skip
    body = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": "UAGENT1"}, "view": view}
    assert running.interaction(body).status == 200


def _status(engine: Engine) -> str:
    with Session(engine) as session:
        return session.scalars(select(Ticket.status)).one()


def test_blackbox_maximum_size_inputs_give_every_post(running: SlackSender, slack: FakeSlack) -> None:
    card_ts = _ask(running, slack, PASTED_HTML)

    running.event(_in_thread("CHELP", "UASKER", LONG_REPLY, "1700000300.000100", QUESTION_TS), event_id="EvR")
    running.event(_in_thread("CTRIAGE", "UAGENT1", LONG_REPLY, "1700000400.000100", card_ts), event_id="EvA")
    _resolve(running, RESOLUTION)

    last_part = LONG_REPLY.splitlines()[-1].split()[1]  # the last line's number: in the last part of each relay
    _until(slack, lambda calls: sum(last_part in str(c.args.get("text")) for c in calls) == 2, "both relays")
    _until(slack, lambda calls: any("HP-3" in c.args["text"] for c in _posts_to(calls, "CHELP")), "resolved notice")
    calls = _until(slack, lambda calls: any("HP-3" in str(c.args) for c in _posts_to(calls, "CTRIAGE", "chat.update")),
                   "card edit")  # fmt: skip
    assert [(c.method, c.outcome) for c in calls if c.outcome != "ok"] == []
    to_agents = [c.args["text"] for c in _posts_to(calls, "CTRIAGE") if c.args.get("thread_ts") == card_ts]
    to_colleague = [c.args["text"] for c in _posts_to(calls, "CHELP") if c.args["text"].startswith("*<@UAGENT1>*")]
    assert len(to_agents) > 1 and len(to_colleague) > 1  # split into several posts, not cut off
    assert "_(1/" in to_agents[0] and "_(1/" in to_colleague[0]


INTERNAL = ["*!intern* " + SECRET, "\u200b`!intern` " + SECRET, "_!INTERN_ " + SECRET]


def test_blackbox_a_formatted_internal_note_never_reaches_the_colleague(running: SlackSender, slack: FakeSlack) -> None:
    card_ts = _ask(running, slack, "de printer op de derde doet raar")
    for number, note in enumerate(INTERNAL):
        ts = f"1700000{300 + number}.000100"
        running.event(_in_thread("CTRIAGE", "UAGENT1", note, ts, card_ts), event_id=f"EvI{number}")
    relayed_ts = "1700000400.000100"
    running.event(_in_thread("CTRIAGE", "UAGENT1", "Ik kijk ernaar", relayed_ts, card_ts), event_id="EvA")
    _until(slack, lambda calls: any("Ik kijk ernaar" in c.args["text"] for c in _posts_to(calls, "CHELP")), "relay")

    edit = {"type": "message", "subtype": "message_changed", "channel": "CTRIAGE", "channel_type": "channel",
            "message": {"type": "message", "user": "UAGENT1", "text": "*!intern* " + SECRET, "ts": relayed_ts,
                        "thread_ts": card_ts, "edited": {"user": "UAGENT1", "ts": "1700000450.000000"}},
            "ts": "1700000450.000100", "event_ts": "1700000450.000100"}  # fmt: skip
    running.event(edit, event_id="EvEdit")
    calls = _until(slack, lambda calls: any(c.method == "chat.delete" for c in calls), "chat.delete")

    [deleted] = [c for c in calls if c.method == "chat.delete"]
    assert deleted.args["channel"] == "CHELP" and deleted.outcome == "ok"
    assert [c.method for c in calls if SECRET in json.dumps(c.args) and c.args.get("channel") != "CTRIAGE"] == []


def test_blackbox_a_bystander_cannot_reopen_a_resolved_ticket(
    running: SlackSender, slack: FakeSlack, engine: Engine
) -> None:
    _ask(running, slack, "de printer op de derde doet raar")
    _resolve(running, "Toner vervangen.")
    _until(slack, lambda calls: any("opgelost" in str(c.args.get("text")) for c in calls), "opgelost")

    reply = _in_thread("CHELP", "UPIET", "bij mij doet hij het ook niet", "1700000500.000100", QUESTION_TS)
    assert running.event(reply, event_id="EvB").status == 200
    calls = _until(slack, lambda calls: any(c.method == "chat.postEphemeral" for c in calls), "private note")

    [note] = [c for c in calls if c.method == "chat.postEphemeral"]
    assert note.args["user"] == "UPIET" and note.outcome == "ok"
    assert _status(engine) == "resolved"
    assert [c for c in calls if "ook niet" in json.dumps(c.args) and c.method != "chat.postEphemeral"] == []
