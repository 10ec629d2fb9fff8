"""Figures about questions, each one SQL aggregate that runs the same on SQLite and PostgreSQL.

Every question ends in exactly one outcome, the first that applies:
`ticket` (it led to a ticket), `helped` (the asker said "Dit hielp"), `not_helped` (the asker said "Dit hielp
niet" or "Geen van deze" and no ticket followed), `suggestion_clicked` (the asker picked a suggestion and gave no
verdict), `answered` (answered, no verdict), `gave_up` (no answer and no pick, no ticket).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, literal_column, select
from sqlalchemy.orm import Session

from bot.models import Feedback, Question
from bot.reports.period import Period, count_by_hour

OUTCOMES = ("helped", "answered", "suggestion_clicked", "not_helped", "ticket", "gave_up")
DEFLECTED = ("helped", "answered", "suggestion_clicked")
"""Outcomes in which the bot helped without a person: the deflection rate counts these."""


def _asker_said(helpful: bool) -> ColumnElement[bool]:
    return exists().where(
        Feedback.question_id == Question.id, Feedback.user_id == Question.asker, Feedback.helpful.is_(helpful)
    )


def outcome_of_question() -> ColumnElement[str]:
    """The SQL expression for a question's outcome (see the module docstring)."""
    return case(
        (Question.ticket_id.is_not(None), literal_column("'ticket'")),
        (_asker_said(True), literal_column("'helped'")),
        (_asker_said(False) | Question.declined_at.is_not(None), literal_column("'not_helped'")),
        (Question.picked_article_id.is_not(None), literal_column("'suggestion_clicked'")),
        (Question.band == "answer", literal_column("'answered'")),
        else_=literal_column("'gave_up'"),
    )


def in_period(period: Period) -> ColumnElement[bool]:
    return and_(Question.created_at >= period.start, Question.created_at < period.end)


def question_outcomes(session: Session, period: Period) -> dict[str, int]:
    """How many questions of the period ended in each outcome (every outcome present, zero if none)."""
    outcome = outcome_of_question().label("outcome")
    rows = session.execute(select(outcome, func.count()).where(in_period(period)).group_by(outcome))
    counts = dict.fromkeys(OUTCOMES, 0)
    counts.update({str(name): int(count) for name, count in rows})
    return counts


def answered_directly(session: Session, period: Period) -> int:
    """Questions the bot answered straight away (band `answer`)."""
    query = select(func.count()).where(in_period(period), Question.band == "answer")
    return int(session.scalar(query) or 0)


def askers(session: Session, period: Period) -> int:
    """How many different colleagues asked: people are counted, never named."""
    return int(session.scalar(select(func.count(func.distinct(Question.asker))).where(in_period(period))) or 0)


def questions_by_hour(session: Session, period: Period) -> Counter[datetime]:
    """Questions per UTC hour (the hour's start, naive UTC), for local busiest hours and daily series."""
    return count_by_hour(session, Question.created_at, in_period(period))


@dataclass(frozen=True)
class ArticleVerdicts:
    article_id: str
    not_helped: int
    helped: int


def articles_not_helped(session: Session, period: Period, *, limit: int = 10) -> list[ArticleVerdicts]:
    """Articles with the most "Dit hielp niet" on answers to the period's questions, by anyone who clicked."""
    not_helped = func.sum(case((Feedback.helpful.is_(False), 1), else_=0))
    helped = func.sum(case((Feedback.helpful.is_(True), 1), else_=0))
    rows = session.execute(
        select(Feedback.article_id, not_helped, helped)
        .join(Question, Question.id == Feedback.question_id)
        .where(in_period(period))
        .group_by(Feedback.article_id)
        .having(not_helped > 0)
        .order_by(not_helped.desc(), Feedback.article_id)
        .limit(limit)
    )
    return [ArticleVerdicts(str(row[0]), int(row[1]), int(row[2])) for row in rows]
