"""Forgetting a colleague (GDPR art. 17): their words go, the anonymous counts stay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bench.seed import seed_quarter
from bot.db import make_sessions, transaction
from bot.models import Feedback, LearnedPhrasing, Question
from bot.privacy import PSEUDONYM_PREFIX, forget_colleague, new_pseudonym
from bot.reports.period import Period
from bot.reports.report import build_report
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.service import SlaPolicy
from tests.reports.conftest import SMALL_QUARTER, fresh_database

PERIOD = Period(SMALL_QUARTER.first, date(2026, 2, 1), "Europe/Amsterdam")


@pytest.fixture(scope="module")
def quarter(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with fresh_database(database_url, tmp_path_factory.mktemp("privacy")) as engine:
        seed_quarter(make_sessions(engine), SMALL_QUARTER)
        yield engine


def _busiest_requester(engine: Engine) -> str:
    with transaction(make_sessions(engine)) as session:
        query = select(Ticket.requester).group_by(Ticket.requester).order_by(func.count().desc(), Ticket.requester)
        return str(session.scalars(query).first())


def _report(engine: Engine) -> dict[str, Any]:
    with transaction(make_sessions(engine)) as session:
        report = build_report(session, PERIOD, sla=SlaPolicy.default(), now=SMALL_QUARTER.now, matcher=None)
    return report.to_json(with_texts=False)


def test_forget_erases_the_colleague_and_keeps_every_figure_of_the_report(quarter: Engine) -> None:
    colleague = _busiest_requester(quarter)
    before = _report(quarter)

    with transaction(make_sessions(quarter)) as session:
        found = forget_colleague(session, colleague, pseudonym="forgotten-test")

    assert found.questions > 0 and found.tickets > 0
    after = _report(quarter)
    assert {**after, "gaps": None} == {**before, "gaps": None}  # gaps are built from words: theirs are gone
    with transaction(make_sessions(quarter)) as session:
        assert session.scalar(select(func.count()).where(Question.asker == colleague)) == 0
        theirs = session.execute(select(Question.text, Question.channel).where(Question.asker == "forgotten-test"))
        assert set(theirs) == {("", None)}
        assert session.scalar(select(func.count()).where(Feedback.user_id == colleague)) == 0
        assert session.scalar(select(func.count()).where(Ticket.requester == colleague)) == 0
        assert session.scalar(select(func.count()).where(LearnedPhrasing.created_by == colleague)) == 0
        forgotten = list(session.scalars(select(Ticket).where(Ticket.requester.startswith(PSEUDONYM_PREFIX))))
        assert forgotten and all(t.description == "" and t.resolution is None and t.channel is None for t in forgotten)
        words = select(TicketEvent.text).where(
            TicketEvent.ticket_id.in_([t.id for t in forgotten]),
            TicketEvent.kind.in_(("opened", "requester", "resolved")),
        )
        assert set(session.scalars(words)) == {""}


def test_forget_leaves_other_colleagues_alone_and_keeps_people_distinct(quarter: Engine) -> None:
    sessions = make_sessions(quarter)
    with transaction(sessions) as session:
        named = ~Question.asker.startswith(PSEUDONYM_PREFIX)
        first, second = session.scalars(select(Question.asker).where(named).group_by(Question.asker).limit(2))
        kept = list(session.scalars(select(Question.text).where(Question.asker == second)))
        people = session.scalar(select(func.count(func.distinct(Question.asker))))

        forget_colleague(session, first, pseudonym=new_pseudonym())

        assert list(session.scalars(select(Question.text).where(Question.asker == second))) == kept
        assert session.scalar(select(func.count(func.distinct(Question.asker)))) == people


def test_forget_twice_finds_nothing_the_second_time(quarter: Engine) -> None:
    colleague = _busiest_requester(quarter)
    with transaction(make_sessions(quarter)) as session:
        forget_colleague(session, colleague, pseudonym=new_pseudonym())
        again = forget_colleague(session, colleague, pseudonym=new_pseudonym())

    assert (again.questions, again.feedback, again.tickets, again.events, again.learned) == (0, 0, 0, 0, 0)
