"""Who may do what in a ticket's thread: only the requester and agents add to a ticket or reopen it (anyone else
is told privately, and the history names who really acted); internal notes are recognised however they are
formatted, on edits too, and never reach the colleague."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.messages import t
from bot.models import OutboxMessage
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.handlers.test_ticket_cards import _resolve
from tests.handlers.test_ticket_relay import QUESTION_TS, _agent_says, _history, _requester_says, _ts_of
from tests.support.tickets import TICKETS, TRIAGE, open_unknown_question, posts, the_ticket

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


def _bystander_says(bot: RunningBot, text: str, ts: str = "1700000800.000100", user: str = "UPIET") -> None:
    event = payload("help_channel_message", text=text, ts=ts, event_ts=ts, thread_ts=QUESTION_TS, user=user)
    assert bot.send.event(event, event_id=f"Ev{ts}").status == 200


def _relayed_to_agents(bot: RunningBot) -> list[str]:
    return [str(p["text"]) for p in posts(bot, TRIAGE) if p.get("thread_ts")]


def test_a_bystander_cannot_reopen_a_resolved_ticket_and_is_told_privately(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _resolve(bot)
    bot.desk.clock.advance(days=1)  # type: ignore[attr-defined]

    _bystander_says(bot, "Bij mij doet hij het ook niet")

    assert the_ticket(bot).status == "resolved"
    assert not [text for text in _relayed_to_agents(bot) if "ook niet" in text]
    [note] = bot.slack.calls("chat.postEphemeral")
    assert (note.args["user"], note.args["channel"], note.args["thread_ts"]) == ("UPIET", "CHELP", QUESTION_TS)
    assert note.args["text"] == t("ticket.thread_bystander", "nl") and note.outcome == "ok"
    assert not [event for event in _history(bot) if event[0] in ("reopened", "requester")]


def test_a_bystander_reply_in_an_open_ticket_thread_is_not_relayed(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _bystander_says(bot, "Ik heb hetzelfde probleem")

    assert _relayed_to_agents(bot) == []
    assert len(bot.slack.calls("chat.postEphemeral")) == 1


def test_the_requester_still_reopens_and_the_history_names_them(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _resolve(bot)

    _requester_says(bot, "Hij doet het weer niet")

    assert the_ticket(bot).status != "resolved"
    assert ("reopened", "UASKER", "reply") in _history(bot)
    assert bot.slack.calls("chat.postEphemeral") == []


def test_an_agent_in_the_requester_thread_reopens_and_the_history_names_the_agent(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _resolve(bot)

    _bystander_says(bot, "Ik zie het nog steeds, ik zet hem weer open", user="UAGENT2")

    assert the_ticket(bot).status != "resolved"
    assert ("reopened", "UAGENT2", "reply") in _history(bot)
    assert ("reopened", "UASKER", "reply") not in _history(bot)


INTERNAL = {
    "bold": "*!intern* de gebruiker heeft dit al drie keer gemeld",
    "italic": "_!intern_ de gebruiker heeft dit al drie keer gemeld",
    "code": "`!intern` de gebruiker heeft dit al drie keer gemeld",
    "strike": "~!intern~ de gebruiker heeft dit al drie keer gemeld",
    "zero-width space": "\u200b!intern de gebruiker heeft dit al drie keer gemeld",
    "zero-width joiner": "\u200d!intern de gebruiker heeft dit al drie keer gemeld",
    "byte order mark": "\ufeff!intern de gebruiker heeft dit al drie keer gemeld",
    "no-break space": "\u00a0!intern de gebruiker heeft dit al drie keer gemeld",
    "full-width": "\uff01ＩＮＴＥＲＮ de gebruiker heeft dit al drie keer gemeld",
    "capitals": "!INTERN de gebruiker heeft dit al drie keer gemeld",
    "quoted bold": "> *!Intern*: de gebruiker heeft dit al drie keer gemeld",
}


@pytest.mark.parametrize("note", INTERNAL.values(), ids=INTERNAL.keys())
def test_a_formatted_internal_note_never_reaches_the_colleague(bot: RunningBot, note: str) -> None:
    open_unknown_question(bot)
    before = posts(bot, "CHELP")

    _agent_says(bot, note)

    assert posts(bot, "CHELP") == before
    assert ("internal", "UAGENT1", note) in _history(bot)


def _agent_edits(bot: RunningBot, text: str, ts: str = "1700000500.000100", version: str = "1700000550.000000") -> None:
    edit = {
        "type": "message", "subtype": "message_changed", "channel": TRIAGE, "channel_type": "channel",
        "message": {"type": "message", "user": "UAGENT1", "text": text, "ts": ts, "thread_ts": _ts_of(bot, {}),
                    "edited": {"user": "UAGENT1", "ts": version}},
        "previous_message": {"type": "message", "user": "UAGENT1", "text": "x", "ts": ts},
        "ts": version, "event_ts": version,
    }  # fmt: skip
    assert bot.send.event(edit, event_id=f"EvEdit{version}").status == 200


def _copy_ts(bot: RunningBot, key: str) -> str:
    with bot.desk.sessions() as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one()
        assert row.ts is not None and row.channel == "CHELP"
        return row.ts


def test_an_edit_that_makes_a_relayed_reply_internal_takes_the_copy_away(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _agent_says(bot, "Ik kijk er even naar")
    copy_ts = _copy_ts(bot, f"relay:{TRIAGE}:1700000500.000100")

    _agent_edits(bot, "*!intern* vermoedelijk weer die printer van de directie")

    [deleted] = bot.slack.calls("chat.delete")
    assert (deleted.args["channel"], deleted.args["ts"], deleted.outcome) == ("CHELP", copy_ts, "ok")
    assert not [c for c in bot.slack.calls() if "directie" in str(c.args) and c.args.get("channel") == "CHELP"]
    assert ("internal", "UAGENT1", "*!intern* vermoedelijk weer die printer van de directie") in _history(bot)


def test_later_edits_of_a_reply_taken_away_stay_internal(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _agent_says(bot, "Ik kijk er even naar")
    _agent_edits(bot, "!intern eerst de directie bellen")

    _agent_edits(bot, "toch maar wel sturen: de directie", version="1700000560.000000")

    assert len(bot.slack.calls("chat.delete")) == 1
    assert not [c for c in bot.slack.calls() if "directie" in str(c.args) and c.args.get("channel") == "CHELP"]


def test_an_ordinary_edit_of_an_agent_reply_is_still_mirrored(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _agent_says(bot, "Ik kijk er even naar")

    _agent_edits(bot, "Ik kijk er morgen naar")

    [update] = [c.args for c in bot.slack.calls("chat.update") if c.args["channel"] == "CHELP"]
    assert "morgen" in update["text"] and "(bewerkt)" in update["text"]
    assert bot.slack.calls("chat.delete") == []


def test_a_copy_not_yet_sent_when_the_reply_becomes_internal_never_goes_out(
    bot: RunningBot, run_tick: Callable[[], int]
) -> None:
    open_unknown_question(bot)
    bot.slack.rate_limit_next("chat.postMessage")  # the copy for the colleague waits in the outbox
    _agent_says(bot, "Ik kijk er even naar, groet van de directie")

    _agent_edits(bot, "!intern eerst de directie bellen")
    bot.desk.clock.advance(minutes=5)  # type: ignore[attr-defined]
    run_tick()

    delivered = [c for c in bot.slack.calls() if c.outcome == "ok" and c.args.get("channel") == "CHELP"]
    assert not [c for c in delivered if "directie" in str(c.args)]
    assert bot.slack.calls("chat.delete") == []
