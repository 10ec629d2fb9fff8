"""A colleague asks: the answer, a ticket when nobody else can help (named in the reply), once per message; and
while a change window is open, matching questions and tickets point to the announcement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import asking
from bot.desk import Desk
from bot.models import OutboxMessage
from bot.outbox.store import Kind
from bot.questions import Asked
from bot.tickets import workflow
from bot.tickets.models import Ticket
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.support.announcements import at, save_data
from tests.support.tickets import TICKETS, TRIAGE, open_unknown_question, posts, text_of

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

WINDOW = {"starts": "2026-12-03T18:00:00+01:00", "ends": "2026-12-03T20:00:00+01:00"}


def _announce(bot: RunningBot, tags: list[str]) -> None:
    bot.desk.clock.now = at("2026-11-30T10:00:00+01:00")  # type: ignore[attr-defined]
    save_data(bot.desk, "onderhoud", {**WINDOW, "tags": tags})
    bot.desk.clock.now = at("2026-12-03T18:30:00+01:00")  # type: ignore[attr-defined]


def test_question_during_a_matching_change_gets_the_known_change_line(bot: RunningBot) -> None:
    _announce(bot, ["vpn"])

    bot.send.event(payload("dm_message", text="mijn vpn doet het niet"))

    [reply] = posts(bot, "D0ASKER")
    assert "Bekende wijziging: Onderhoud aan de VPN" in text_of(reply) and "tot 20:00" in text_of(reply)


def test_ticket_during_a_matching_change_records_the_link_and_shows_it_on_the_card(bot: RunningBot) -> None:
    _announce(bot, ["koffieautomaat"])

    open_unknown_question(bot)

    with bot.desk.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
    assert ticket.announcement_id is not None
    assert "Bekende wijziging: Onderhoud aan de VPN" in text_of(posts(bot, TRIAGE)[0])
    assert "Bekende wijziging" in text_of(posts(bot, "CHELP")[0])


def test_question_outside_the_window_gets_no_known_change_line(bot: RunningBot) -> None:
    _announce(bot, ["vpn"])
    bot.desk.clock.now = at("2026-12-03T20:30:00+01:00")  # type: ignore[attr-defined]

    bot.send.event(payload("dm_message", text="mijn vpn doet het niet"))

    [reply] = posts(bot, "D0ASKER")
    assert "Bekende wijziging" not in text_of(reply)


def _asked(text: str = "de koffieautomaat lekt", ts: str = "1700000200.000100") -> Asked:
    return Asked("UASKER", text, "help_channel", "CHELP", ts, ts)


def test_question_nobody_can_answer_opens_a_ticket_and_the_reply_names_it(desk: Desk) -> None:
    with desk.work() as work:
        answered = asking.answer(work, _asked())

    assert answered.reply.band == "none" and answered.ticket is not None and answered.ticket.created
    assert "*SD-1001*" in answered.message["text"]


@pytest.mark.settings(TRIAGE_CHANNEL="")
def test_question_nobody_can_answer_without_a_triage_channel_gets_the_contact_and_no_ticket(desk: Desk) -> None:
    with desk.work() as work:
        answered = asking.answer(work, _asked())

    assert answered.ticket is None and "servicedesk@example.org" in answered.message["text"]


def test_a_message_is_answered_once_with_one_reply_queued_in_its_thread(desk: Desk) -> None:
    with desk.work() as work:
        first = asking.answer_once(work, _asked())
        again = asking.answer_once(work, _asked())  # Slack's retry, or the mention of the same message
        replies = work.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == Kind.REPLY)).all()

    assert first is not None and again is None
    assert [(row.channel, row.thread_ts) for row in replies] == [("CHELP", "1700000200.000100")]


def test_matching_changes_are_looked_up_once_per_question(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []

    def counted(session: object, text: str, now: object) -> list[object]:
        lookups.append(text)
        return []

    monkeypatch.setattr(asking, "active_changes_matching", counted)
    monkeypatch.setattr(workflow, "active_changes_matching", counted)
    with desk.work() as work:
        answered = asking.answer(work, _asked())

    assert answered.ticket is not None and lookups == ["de koffieautomaat lekt"]
