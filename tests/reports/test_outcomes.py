"""What the domain records for reports: a question's outcome (pick, "Geen van deze", its ticket) and a ticket's
business times, at the moment it happens."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.config import BUNDLED_ARTICLES
from bot.db import make_sessions, transaction
from bot.knowledge import KnowledgeBase, Snapshot
from bot.models import Question
from bot.questions import decline_suggestions, pick_suggestion
from bot.tickets import service
from bot.tickets.durations import fill_business_times
from bot.tickets.models import Ticket
from bot.tickets.service import SlaPolicy
from kb.matcher import DEFAULT_THRESHOLDS

MONDAY = datetime(2026, 3, 2, 8, 30)  # 09:30 in Amsterdam, a working Monday (naive UTC)
SLA = SlaPolicy.default()


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return KnowledgeBase(BUNDLED_ARTICLES, DEFAULT_THRESHOLDS).snapshot()


def _question(session: Session, band: str = "suggest", asker: str = "UASKER") -> Question:
    question = Question(
        asker=asker, surface="dm", text="outlook", lang="nl", band=band, confidence=0.4, created_at=MONDAY
    )
    session.add(question)
    session.flush()
    return question


def _ticket(session: Session, question_id: int | None = None, key: str = "conv:D1:1.0") -> Ticket:
    ticket, _ = service.open_ticket(
        session,
        conversation_key=key,
        requester="UASKER",
        channel="D1",
        thread_ts="1.0",
        text="outlook",
        lang="nl",
        now=MONDAY,
        sla=SLA,
        question_id=question_id,
    )
    return ticket


def test_pick_suggestion_records_the_asker_pick_but_not_a_bystander_pick(engine: Engine, snapshot: Snapshot) -> None:
    with transaction(make_sessions(engine)) as session:
        question = _question(session)
        pick_suggestion(session, snapshot, question_id=question.id, article_id="mailbox-vol", user="UOTHER", now=MONDAY)
        assert question.picked_article_id is None
        pick_suggestion(
            session, snapshot, question_id=question.id, article_id="outlook-start-niet", user="UASKER", now=MONDAY
        )

        assert question.picked_article_id == "outlook-start-niet"


def test_decline_suggestions_records_the_first_none_of_these_of_the_asker_only(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        question = _question(session)
        decline_suggestions(session, question_id=question.id, user="UOTHER", now=MONDAY)
        assert question.declined_at is None
        decline_suggestions(session, question_id=question.id, user="UASKER", now=MONDAY)
        decline_suggestions(session, question_id=question.id, user="UASKER", now=MONDAY + timedelta(hours=1))

        assert question.declined_at == MONDAY


def test_open_ticket_records_the_ticket_on_the_question_that_led_to_it(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        question, other = _question(session), _question(session)
        ticket = _ticket(session, question.id)
        again = _ticket(session, other.id)  # the same conversation: the same ticket, now also that question's
        session.refresh(question)
        session.refresh(other)

        assert question.ticket_id == ticket.id == again.id == other.ticket_id


def test_claim_and_resolve_record_business_minutes_when_given_business_hours(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        ticket = _ticket(session)
        friday_evening = datetime(2026, 3, 6, 16, 0)  # 17:00 local: half an hour before closing
        service.claim(session, ticket.id, agent="UAGENT", now=MONDAY + timedelta(minutes=45), hours=SLA.hours)
        service.resolve(
            session,
            ticket.id,
            agent="UAGENT",
            resolution="done",
            article_id=None,
            now=friday_evening + timedelta(days=3),
            hours=SLA.hours,  # Monday 17:00 local, weekend skipped
        )

        assert ticket.first_response_seconds == 45 * 60
        assert ticket.resolution_seconds == round(
            SLA.hours.between(MONDAY, friday_evening + timedelta(days=3)).total_seconds()
        )
        # Monday 09:30-17:30, Tuesday to Friday 9 h each, next Monday 08:30-17:00; the weekend does not count
        assert ticket.resolution_seconds == (8 + 4 * 9 + 8.5) * 3600


def test_reopen_forgets_the_resolution_time(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        ticket = _ticket(session)
        resolved = MONDAY + timedelta(hours=2)
        service.resolve(
            session, ticket.id, agent="UAGENT", resolution="x", article_id=None, now=resolved, hours=SLA.hours
        )
        assert ticket.resolution_seconds == 2 * 3600
        service.reopen(session, ticket, actor="UASKER", reason="rating", now=MONDAY + timedelta(hours=3))

        assert ticket.resolution_seconds is None


def test_fill_business_times_records_what_callers_left_out_once(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        ticket = _ticket(session)
        service.claim(session, ticket.id, agent="UAGENT", now=MONDAY + timedelta(hours=1))  # no business hours given
        assert ticket.first_response_seconds is None

        filled = fill_business_times(session, SLA.hours)

        assert (filled, ticket.first_response_seconds) == (1, 3600)
        assert fill_business_times(session, SLA.hours) == 0
