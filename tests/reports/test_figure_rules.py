"""The rules behind single figures, on hand-made rows: which outcome wins, when an SLA counts as missed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.db import make_sessions, transaction
from bot.models import Feedback, Question
from bot.reports.period import Period
from bot.reports.question_figures import question_outcomes
from bot.reports.ticket_figures import sla_states
from bot.tickets import service
from bot.tickets.models import Ticket
from bot.tickets.service import SlaPolicy

MONDAY = datetime(2026, 3, 2, 8, 30)
PERIOD = Period(date(2026, 3, 2), date(2026, 3, 8), "Europe/Amsterdam")
SLA = SlaPolicy.default()


def _question(session: Session, band: str, **outcome: object) -> Question:
    question = Question(
        asker="U1", surface="dm", text="q", lang="nl", band=band, confidence=0.5, created_at=MONDAY, **outcome
    )
    session.add(question)
    session.flush()
    return question


def _ticket(session: Session, key: str, question_id: int | None = None) -> Ticket:
    ticket, _ = service.open_ticket(
        session,
        conversation_key=key,
        requester="U1",
        channel=None,
        thread_ts=None,
        text="q",
        lang="nl",
        now=MONDAY,
        sla=SLA,
        question_id=question_id,
    )
    return ticket


def test_a_ticket_outranks_every_other_outcome_and_a_verdict_outranks_a_pick(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        helped_then_ticket = _question(session, "answer")
        session.add(
            Feedback(question_id=helped_then_ticket.id, article_id="a", user_id="U1", helpful=True, created_at=MONDAY)
        )
        _ticket(session, "t1", helped_then_ticket.id)
        picked_not_helped = _question(session, "suggest", picked_article_id="a")
        session.add(
            Feedback(question_id=picked_not_helped.id, article_id="a", user_id="U1", helpful=False, created_at=MONDAY)
        )
        bystander_helped = _question(session, "answer")
        session.add(
            Feedback(question_id=bystander_helped.id, article_id="a", user_id="U2", helpful=True, created_at=MONDAY)
        )
        _question(session, "suggest", declined_at=MONDAY)
        _question(session, "suggest")

    with transaction(make_sessions(engine)) as session:
        outcomes = question_outcomes(session, PERIOD)

    assert outcomes == {"helped": 0, "answered": 1, "suggestion_clicked": 0, "not_helped": 2, "ticket": 1, "gave_up": 1}


def test_sla_is_missed_when_a_due_time_passes_but_not_while_waiting_on_the_colleague(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        late, waiting, on_time = _ticket(session, "late"), _ticket(session, "waiting"), _ticket(session, "on-time")
        service.agent_replied(waiting, agent="UA", now=MONDAY + timedelta(minutes=5))
        service.claim(session, on_time.id, agent="UA", now=MONDAY + timedelta(minutes=5))
        service.resolve(
            session, on_time.id, agent="UA", resolution="ok", article_id=None, now=MONDAY + timedelta(hours=1)
        )
        service.claim(session, late.id, agent="UA", now=MONDAY + timedelta(minutes=5))  # never resolved
        now = late.resolution_due + timedelta(days=7)

    with transaction(make_sessions(engine)) as session:
        [p3] = sla_states(session, PERIOD, now=now)

    assert (p3.met, p3.breached, p3.pending) == (1, 1, 1)
    assert (p3.resolution_met, p3.resolution_breached) == (1, 1)
