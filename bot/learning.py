"""A knowledge base that learns: phrasings colleagues used for an article that helped them.

Stored in the database so every process shares them; visible and removable by KB admins; they add phrasings
to an article and never change an article file. Flushes; never commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.db import insert_ignoring_conflict
from bot.models import LearnedPhrasing
from kb import article

MAX_LEARNED_CHARS = 300


def learn(session: Session, *, article_id: str, text: str, source: str, by: str | None, now: datetime) -> bool:
    """Remember `text` as a phrasing of `article_id`; True if it was new.

    Long texts are not learned: they are descriptions rather than questions, and would dilute the article.
    """
    phrasing = " ".join(text.split())
    if not phrasing or len(phrasing) > MAX_LEARNED_CHARS:
        return False
    values = {"article_id": article_id, "text": phrasing, "source": source, "created_by": by, "created_at": now}
    return insert_ignoring_conflict(session, LearnedPhrasing, values)


def learned_version(session: Session) -> tuple[int, int]:
    """Changes whenever a phrasing is learned or removed; cheap to ask on every question."""
    count, newest = session.execute(select(func.count(), func.max(LearnedPhrasing.id))).one()
    return int(count), int(newest or 0)


def learned_phrasings(session: Session) -> list[article.LearnedPhrasing]:
    """Every learned phrasing, as the matcher takes them."""
    rows = session.execute(select(LearnedPhrasing.article_id, LearnedPhrasing.text).order_by(LearnedPhrasing.id))
    return [article.LearnedPhrasing(article_id, text) for article_id, text in rows]


def list_learned(session: Session) -> list[LearnedPhrasing]:
    return list(session.scalars(select(LearnedPhrasing).order_by(LearnedPhrasing.article_id, LearnedPhrasing.id)))


def remove_learned(session: Session, phrasing_id: int) -> bool:
    """Forget one learned phrasing; False if there was none with that id."""
    result = session.execute(delete(LearnedPhrasing).where(LearnedPhrasing.id == phrasing_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
