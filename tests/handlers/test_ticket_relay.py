"""The conversation relay between the requester's thread and the card's thread, with edits and deletions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.outbox.store import Kind
from bot.tickets.models import Ticket, TicketEvent
from tests.conftest import NEVER_ANSWER, RunningBot, database_down
from tests.fakes.slack_events import payload
from tests.support.tickets import TICKETS, TRIAGE, click, open_unknown_question, posts, text_of

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

QUESTION_TS = "1700000200.000100"


def _ts_of(bot: RunningBot, args: dict[str, object]) -> str:
    with bot.desk.sessions() as session:
        from bot.models import OutboxMessage

        card = select(OutboxMessage.ts).where(OutboxMessage.ticket_id == 1, OutboxMessage.kind == Kind.TICKET_CARD)
        return str(session.scalars(card).one())


def _agent_says(bot: RunningBot, text: str, ts: str = "1700000500.000100", user: str = "UAGENT1") -> None:
    event = {
        "type": "message",
        "channel": TRIAGE,
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": _ts_of(bot, {}),
        "event_ts": ts,
    }
    assert bot.send.event(event, event_id=f"Ev{ts}").status == 200


def _requester_says(bot: RunningBot, text: str, ts: str = "1700000600.000100", event_id: str | None = None) -> None:
    event = payload("help_channel_message", text=text, ts=ts, event_ts=ts, thread_ts=QUESTION_TS)
    assert bot.send.event(event, event_id=event_id or f"Ev{ts}").status == 200


def _history(bot: RunningBot) -> list[tuple[str, str, str]]:
    with bot.desk.sessions() as session:
        return [(e.kind, e.actor, e.text) for e in session.scalars(select(TicketEvent).order_by(TicketEvent.id))]


def test_agent_reply_in_the_card_thread_reaches_the_requester_marked_with_their_name(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _agent_says(bot, "Welke verdieping precies? <!channel>")

    relayed = posts(bot, "CHELP")[-1]
    assert relayed["thread_ts"] == QUESTION_TS
    assert relayed["text"].startswith("*<@UAGENT1>* (servicedesk): Welke verdieping precies? @channel")  # inert
    assert ("agent", "UAGENT1", "Welke verdieping precies? @channel") in _history(bot)  # the history keeps plain text


def test_agent_reply_counts_as_first_response_and_waits_on_the_requester(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _agent_says(bot, "Welke verdieping?")

    with bot.desk.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
    assert ticket.first_response_at is not None and ticket.status == "waiting"


def test_internal_note_stays_internal(bot: RunningBot) -> None:
    open_unknown_question(bot)
    before = len(posts(bot, "CHELP"))

    _agent_says(bot, "!intern dit is de derde keer deze week")

    assert len(posts(bot, "CHELP")) == before
    assert ("internal", "UAGENT1", "!intern dit is de derde keer deze week") in _history(bot)


def test_requester_reply_reaches_the_card_thread_once(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _requester_says(bot, "Op de derde, bij de lift", event_id="EvR")
    _requester_says(bot, "Op de derde, bij de lift", event_id="EvR")  # Slack's retry

    relayed = [p for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    assert len(relayed) == 1
    assert relayed[0]["thread_ts"] == _ts_of(bot, {})
    assert relayed[0]["text"] == "*<@UASKER>*: Op de derde, bij de lift"


def test_requester_answer_ends_the_wait_and_the_sla_runs_again(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")
    _agent_says(bot, "Welke verdieping?")
    bot.desk.clock.advance(hours=2)  # type: ignore[attr-defined]

    _requester_says(bot, "De derde")

    with bot.desk.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
    assert ticket.status == "claimed" and ticket.waiting_since is None
    assert ticket.paused_seconds == 2 * 3600


def test_edited_requester_message_is_mirrored_on_its_copy(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _requester_says(bot, "Op de derde")
    [copy] = [c for c in bot.slack.calls("chat.postMessage") if c.args["channel"] == TRIAGE and c.args.get("thread_ts")]

    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "CHELP",
        "channel_type": "channel",
        "message": {
            "type": "message",
            "user": "UASKER",
            "text": "Op de vierde",
            "ts": "1700000600.000100",
            "thread_ts": QUESTION_TS,
            "edited": {"user": "UASKER", "ts": "1700000650.000000"},
        },
        "previous_message": {"type": "message", "user": "UASKER", "text": "Op de derde", "ts": "1700000600.000100"},
        "ts": "1700000650.000100",
        "event_ts": "1700000650.000100",
    }
    bot.send.event(edit, event_id="EvEdit")

    [update] = [
        c.args for c in bot.slack.calls("chat.update") if c.args["channel"] == TRIAGE and "vierde" in c.args["text"]
    ]
    assert "(bewerkt)" in update["text"]
    assert copy.outcome == "ok"
    assert ("edited", "UASKER", "Op de vierde") in _history(bot)


def test_deleted_agent_message_is_mirrored_as_deleted(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _agent_says(bot, "Probeer eens opnieuw op te starten", ts="1700000700.000100")

    deletion = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": TRIAGE,
        "channel_type": "channel",
        "deleted_ts": "1700000700.000100",
        "ts": "1700000710.000100",
        "event_ts": "1700000710.000100",
        "previous_message": {"type": "message", "user": "UAGENT1", "text": "x", "ts": "1700000700.000100"},
    }
    bot.send.event(deletion, event_id="EvDel")

    [update] = [c.args for c in bot.slack.calls("chat.update") if c.args["channel"] == "CHELP"]
    assert "verwijderd" in update["text"]
    assert ("deleted", "UAGENT1", "") in _history(bot)


def test_requester_reply_after_resolution_reopens_within_reopen_days(bot: RunningBot) -> None:
    from tests.handlers.test_ticket_cards import _resolve

    open_unknown_question(bot)
    _resolve(bot)
    bot.desk.clock.advance(days=2)  # type: ignore[attr-defined]

    _requester_says(bot, "Hij doet het weer niet")

    with bot.desk.sessions() as session:
        assert session.scalars(select(Ticket)).one().status != "resolved"
    assert "weer open" in posts(bot, "CHELP")[-1]["text"]


def test_requester_reply_long_after_resolution_is_told_to_ask_again(bot: RunningBot) -> None:
    from tests.handlers.test_ticket_cards import _resolve

    open_unknown_question(bot)
    _resolve(bot)
    bot.desk.clock.advance(days=30)  # type: ignore[attr-defined]

    _requester_says(bot, "Hij doet het weer niet")

    with bot.desk.sessions() as session:
        assert session.scalars(select(Ticket)).one().status == "resolved"
    assert "al gesloten" in posts(bot, "CHELP")[-1]["text"]


def test_requester_who_left_the_workspace_still_gets_the_ticket_worked(bot: RunningBot) -> None:
    open_unknown_question(bot)
    bot.slack.fail_next("chat.postMessage", error="channel_not_found")  # their thread is gone with them

    click(bot, "ticket_claim", "1", "UAGENT1")

    with bot.desk.sessions() as session:
        assert session.scalars(select(Ticket)).one().assignee == "UAGENT1"
    assert any("werkt eraan" in str(c.args.get("text")) for c in bot.slack.calls("chat.update"))


def test_requester_reply_in_the_dm_thread_of_a_command_ticket_reaches_the_card(bot: RunningBot) -> None:
    command = payload(
        "helpdesk_command", text="ticket ik kan niet bij de map Financiën", response_url=bot.response_url("c")
    )
    bot.send.command(command)
    [notice] = [c for c in bot.slack.calls("chat.postMessage") if c.args["channel"] == "UASKER"]
    with bot.desk.sessions() as session:
        from bot.models import OutboxMessage

        opened = select(OutboxMessage).where(OutboxMessage.ticket_id == 1, OutboxMessage.kind == Kind.TICKET_OPENED)
        row = session.scalars(opened).one()
    event = {
        "type": "message",
        "channel": row.channel,
        "channel_type": "im",
        "user": "UASKER",
        "text": "het gaat om de map Financiën/2026",
        "ts": "1700000800.000100",
        "thread_ts": row.ts,
    }

    bot.send.event(event, event_id="EvDM")

    assert row.channel == "DUASKER" and notice.outcome == "ok"
    with bot.desk.sessions() as session:
        assert len(session.scalars(select(Ticket)).all()) == 1
    relayed = [p for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    assert [p["text"] for p in relayed] == ["*<@UASKER>*: het gaat om de map Financiën/2026"]


def test_requester_reply_during_a_database_outage_is_answered_with_a_request_to_resend(bot: RunningBot) -> None:
    open_unknown_question(bot)

    with database_down(bot.desk.sessions.kw["bind"]):
        _requester_says(bot, "Op de derde, bij de lift")

    apology = posts(bot, "CHELP")[-1]
    assert apology["thread_ts"] == QUESTION_TS and "Probeer het over een paar minuten" in apology["text"]


def _file_shared(bot: RunningBot, event: dict[str, object], event_id: str) -> None:
    assert bot.send.event(event, event_id=event_id).status == 200


def test_a_screenshot_the_requester_posts_in_their_thread_reaches_the_card_as_a_link(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _file_shared(bot, payload("file_share_message"), "EvFile1")

    [copy] = [p for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    permalink = "https://servicedesk-test.slack.com/files/UASKER/F0SCREEN1/foutmelding.png"
    assert copy["text"].startswith("*<@UASKER>*: hier is de foutmelding")
    assert f"<{permalink}|foutmelding.png>" in text_of(copy)
    assert ("file", "UASKER", f"foutmelding.png {permalink}") in _history(bot)


def test_a_file_slack_sends_without_its_link_is_looked_up_with_files_info(bot: RunningBot) -> None:
    described = bot.slack.add_file("F0CONNECT", name="melding.jpg")
    open_unknown_question(bot)
    bare = [{"id": "F0CONNECT", "mode": "file_access", "file_access": "check_file_info"}]

    _file_shared(bot, payload("file_share_message", files=bare, text=""), "EvFile2")

    [lookup] = bot.slack.calls("files.info")
    assert lookup.args["file"] == "F0CONNECT"
    [copy] = [p for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    assert f"<{described['permalink']}|melding.jpg>" in text_of(copy)


def test_a_file_an_agent_posts_in_the_card_thread_reaches_the_requester_as_a_link(bot: RunningBot) -> None:
    open_unknown_question(bot)
    guide = bot.slack.add_file("F0GUIDE", name="handleiding.pdf", user="UAGENT1", mimetype="application/pdf")
    event = {
        "type": "message", "subtype": "file_share", "channel": TRIAGE, "channel_type": "channel", "user": "UAGENT1",
        "text": "zie de handleiding", "files": [guide], "ts": "1700000700.000100", "thread_ts": _ts_of(bot, {}),
        "event_ts": "1700000700.000100",
    }  # fmt: skip

    _file_shared(bot, event, "EvFile3")

    relayed = posts(bot, "CHELP")[-1]
    assert relayed["thread_ts"] == QUESTION_TS and "zie de handleiding" in relayed["text"]
    assert f"<{guide['permalink']}|handleiding.pdf>" in text_of(relayed)
    assert ("file", "UAGENT1", f"handleiding.pdf {guide['permalink']}") in _history(bot)


def test_the_requester_is_told_once_that_we_now_wait_for_their_reply(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _agent_says(bot, "Welke verdieping?")
    _agent_says(bot, "En welk nummer staat op de sticker?", ts="1700000510.000100")

    first, second = posts(bot, "CHELP")[-2:]
    assert "We wachten nu op jouw antwoord" in text_of(first)
    assert "We wachten nu op jouw antwoord" not in text_of(second)
