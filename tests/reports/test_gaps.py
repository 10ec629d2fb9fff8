"""Which questions count as gaps, and what a gap tells (count, people, nearest article)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.config import BUNDLED_ARTICLES
from bot.db import make_sessions, transaction
from bot.knowledge import KnowledgeBase
from bot.models import Feedback, Question
from bot.reports.gaps import Gap, find_gaps, gap_questions, worth_an_article
from bot.tickets import service
from bot.tickets.service import SlaPolicy
from kb.matcher import DEFAULT_THRESHOLDS

NOW = datetime(2026, 3, 2, 9, 0)


def _ask(session: Session, text: str, band: str = "none", asker: str = "U1", **outcome: object) -> Question:
    question = Question(
        asker=asker, surface="dm", text=text, lang="nl", band=band, confidence=0.1, created_at=NOW, **outcome
    )
    session.add(question)
    session.flush()
    return question


def _verdict(session: Session, question: Question, user: str, *, helpful: bool) -> None:
    session.add(
        Feedback(question_id=question.id, article_id="vpn-verbindt-niet", user_id=user, helpful=helpful, created_at=NOW)
    )


def test_gap_questions_are_unanswered_declined_not_helped_or_unpicked_before_a_ticket(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        _ask(session, "unanswered")
        _ask(session, "declined", "suggest", declined_at=NOW)
        _verdict(session, _ask(session, "asker said not helped", "answer"), "U1", helpful=False)
        _verdict(session, _ask(session, "bystander said not helped", "answer"), "U2", helpful=False)
        _ask(session, "answered, no verdict", "answer")
        _ask(session, "picked", "suggest", picked_article_id="vpn-verbindt-niet")
        unpicked = _ask(session, "suggestions left for a ticket", "suggest")
        service.open_ticket(
            session,
            conversation_key="c",
            requester="U1",
            channel=None,
            thread_ts=None,
            text=unpicked.text,
            lang="nl",
            now=NOW,
            sla=SlaPolicy.default(),
            question_id=unpicked.id,
        )
        _ask(session, "long ago", asker="U1").created_at = NOW - timedelta(days=60)

    with transaction(make_sessions(engine)) as session:
        found, askers = gap_questions(session, start=NOW - timedelta(days=30), end=NOW + timedelta(days=1))

    assert sorted(q.text for q in found) == [
        "asker said not helped",
        "declined",
        "suggestions left for a ticket",
        "unanswered",
    ]
    assert askers == ["U1"] * 4


def test_gaps_cluster_the_questions_count_people_and_name_the_nearest_article(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        for asker, text in [
            ("U1", "hoe boek ik een vergaderruimte"),
            ("U2", "vergaderruimte boeken"),
            ("U1", "vergaderruimte reserveren"),
        ]:
            _ask(session, text, asker=asker)
        _ask(session, "vpn wil niet verbinden vanuit het hotel", asker="U3")
    matcher = KnowledgeBase(BUNDLED_ARTICLES, DEFAULT_THRESHOLDS).snapshot().matcher

    with transaction(make_sessions(engine)) as session:
        rooms, vpn = find_gaps(session, start=NOW - timedelta(days=1), end=NOW + timedelta(days=1), matcher=matcher)

    assert (rooms.count, rooms.people, vpn.count, vpn.people) == (3, 2, 1, 1)
    assert vpn.nearest_article in {"vpn-verbindt-niet", "vpn-installeren-thuiswerken"}
    assert 0.0 < vpn.nearest_confidence <= 1.0


def _gap(count: int, confidence: float) -> Gap:
    return Gap(count, count, ("q",), "q", ("nl",), NOW, "a" if confidence else None, None, confidence)


def test_gaps_worth_an_article_are_the_biggest_that_no_article_comes_close_to() -> None:
    gaps = [_gap(9, 0.5), _gap(8, 0.05), _gap(7, 0.0), _gap(6, 0.19), _gap(5, 0.01)]

    assert [gap.count for gap in worth_an_article(gaps)] == [8, 7, 6]
    assert not gaps[0].needs_article
