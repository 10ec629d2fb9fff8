"""Keeping our word: before a promised first response passes without anyone responding, the colleague hears it
from us, honestly, with a new time; once, also with several bot processes."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from bot.app import make_desk, make_poster
from bot.db import make_sessions
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.promises import keep_promises
from tests.conftest import NEVER_ANSWER, Clock, RunningBot
from tests.support.tickets import TICKETS, click, open_unknown_question, posts, the_ticket

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

DUE = datetime(2026, 11, 23, 13, 30)  # Monday 14:30 Amsterdam: a P3 opened at 10:30 gets 4 business hours
LATE = "Het duurt langer dan we beloofden"


def _keep_at(bot: RunningBot, moment: datetime) -> int:
    bot.desk.clock.now = moment  # type: ignore[attr-defined]
    return keep_promises(bot.desk, make_poster(bot.desk.settings))


def _told(bot: RunningBot) -> list[dict[str, object]]:
    return [p for p in posts(bot, "CHELP") if LATE in str(p["text"])]


def test_colleague_hears_once_shortly_before_the_promise_passes_with_a_new_time(bot: RunningBot) -> None:
    open_unknown_question(bot)

    early = _keep_at(bot, datetime(2026, 11, 23, 13, 0))  # 30 minutes left: an agent may still respond
    told = _keep_at(bot, datetime(2026, 11, 23, 13, 16))
    again = [_keep_at(bot, moment) for moment in (datetime(2026, 11, 23, 13, 20), datetime(2026, 11, 23, 15, 0))]

    assert (early, told, again) == (0, 1, [0, 0])
    [update] = _told(bot)
    assert update["thread_ts"] == "1700000200.000100"
    text = str(update["text"])
    assert "*SD-1001*" in text and "We zijn je niet vergeten" in text
    assert "uiterlijk *dinsdag 24 november 09:30*" in text  # 14:30 + 4 business hours: 17:30, then Tuesday 08:30 + 1 h
    ticket = the_ticket(bot)
    assert ticket.response_promised_at == datetime(2026, 11, 24, 8, 30)


def test_the_update_is_recorded_in_the_tickets_history(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _keep_at(bot, datetime(2026, 11, 23, 13, 20))

    with bot.desk.sessions() as session:
        [late] = session.scalars(select(TicketEvent).where(TicketEvent.kind == "late")).all()
    assert late.text == "2026-11-24T08:30:00"


def test_no_update_once_an_agent_has_responded(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    assert _keep_at(bot, datetime(2026, 11, 23, 13, 20)) == 0
    assert _told(bot) == []


def test_no_update_while_the_desk_is_closed_before_the_promise_is_due(bot: RunningBot) -> None:
    bot.desk.clock.now = datetime(2026, 11, 27, 16, 0)  # type: ignore[attr-defined]  # Friday 17:00
    open_unknown_question(bot)  # due Monday 12:00

    weekend = [_keep_at(bot, moment) for moment in (datetime(2026, 11, 27, 17, 0), datetime(2026, 11, 29, 12, 0))]
    monday = _keep_at(bot, datetime(2026, 11, 30, 10, 46))  # 11:46 Amsterdam, 14 minutes before

    assert (weekend, monday) == ([0, 0], 1)


def test_a_promise_missed_while_the_bot_was_down_is_still_owned_up_to(bot: RunningBot) -> None:
    open_unknown_question(bot)

    assert _keep_at(bot, datetime(2026, 11, 23, 16, 10)) == 1  # 17:10, long past 14:30
    assert len(_told(bot)) == 1


@pytest.mark.settings(SERVICEDESK_PHONE="020 123 4567")
def test_the_update_gives_the_phone_number_when_there_is_one(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _keep_at(bot, datetime(2026, 11, 23, 13, 20))

    [update] = _told(bot)
    assert "Kan het niet wachten? Bel 020 123 4567." in str(update["text"])


def test_two_processes_checking_at_the_same_moment_tell_the_colleague_once(bot: RunningBot, engine: Engine) -> None:
    open_unknown_question(bot)
    moment = datetime(2026, 11, 23, 13, 20)
    other = make_desk(bot.desk.settings, make_sessions(engine), Clock(moment))
    bot.desk.clock.now = moment  # type: ignore[attr-defined]
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def check(desk: object) -> None:
        barrier.wait()
        counts.append(keep_promises(desk, make_poster(bot.desk.settings)))  # type: ignore[arg-type]

    threads = [threading.Thread(target=check, args=(desk,)) for desk in (bot.desk, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(counts) == [0, 1]
    assert len(_told(bot)) == 1
    with bot.desk.sessions() as session:
        assert session.scalars(select(Ticket.response_promised_at)).one() is not None
