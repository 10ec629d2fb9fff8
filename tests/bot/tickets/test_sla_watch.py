"""SLA in business hours: a warning before the breach and a notice at it, once each, only when open."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from bot.app import make_poster
from bot.tickets.models import Ticket
from bot.tickets.sla_watch import check_sla
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.support.tickets import TICKETS, TRIAGE, open_unknown_question, posts

# every question here is one the KB cannot answer, asked of a desk that works tickets
pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

FRIDAY_EVENING = datetime(2026, 11, 27, 16, 0)  # 17:00 in Amsterdam (CET)


def _check_at(bot: RunningBot, moment: datetime) -> int:
    bot.desk.clock.now = moment  # type: ignore[attr-defined]
    return check_sla(bot.desk, make_poster(bot.desk.settings))


def _notices(bot: RunningBot) -> list[str]:
    return [p["text"] for p in posts(bot, TRIAGE) if p.get("thread_ts")]


def test_friday_evening_p3_is_due_monday_noon_not_saturday(bot: RunningBot) -> None:
    bot.desk.clock.now = FRIDAY_EVENING  # type: ignore[attr-defined]

    open_unknown_question(bot)

    with bot.desk.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
    assert ticket.first_response_due == datetime(2026, 11, 30, 11, 0)  # Monday 12:00 Amsterdam
    assert "uiterlijk *maandag 30 november 12:00*" in posts(bot, "CHELP")[-1]["text"]


def test_sla_warning_fires_once_in_business_hours_and_the_breach_once(bot: RunningBot) -> None:
    bot.desk.clock.now = FRIDAY_EVENING  # type: ignore[attr-defined]
    open_unknown_question(bot)

    quiet = [_check_at(bot, moment) for moment in (datetime(2026, 11, 27, 16, 30), datetime(2026, 11, 28, 12, 0))]
    warned = [_check_at(bot, datetime(2026, 11, 30, 10, 5)), _check_at(bot, datetime(2026, 11, 30, 10, 30))]
    breached = [_check_at(bot, datetime(2026, 11, 30, 11, 1)), _check_at(bot, datetime(2026, 11, 30, 15, 0))]

    assert (quiet, warned, breached) == ([0, 0], [1, 0], [1, 0])
    warning, breach = _notices(bot)
    assert "SD-1001" in warning and "afgesproken eerste reactie (vandaag 12:00) komt dichtbij" in warning
    assert "is verlopen" in breach
    [broadcast] = [p for p in posts(bot, TRIAGE) if p.get("reply_broadcast")]
    assert broadcast["text"] == breach


def test_no_sla_warning_for_a_ticket_waiting_on_the_requester(bot: RunningBot) -> None:
    from tests.handlers.test_ticket_relay import _agent_says

    bot.desk.clock.now = FRIDAY_EVENING  # type: ignore[attr-defined]
    open_unknown_question(bot)
    _agent_says(bot, "Welke verdieping?")

    assert _check_at(bot, datetime(2026, 11, 30, 11, 1)) == 0
