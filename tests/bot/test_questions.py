"""The gaps in the knowledge base: unanswered questions, grouped by wording, most asked first."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from bot.db import make_sessions, transaction
from bot.models import Question
from bot.questions import gaps
from tests.conftest import START


def _asked(engine: Engine, text: str, band: str, at: datetime) -> None:
    with transaction(make_sessions(engine)) as session:
        session.add(
            Question(
                asker="U1",
                channel="D1",
                message_ts="1.0",
                surface="dm",
                text=text,
                lang="nl",
                band=band,
                article_id=None,
                confidence=0.1,
                created_at=at,
            )
        )


def test_gaps_group_the_same_question_and_put_the_most_asked_first(engine: Engine) -> None:
    _asked(engine, "Hoe boek ik een vergaderruimte?", "none", START)
    _asked(engine, "hoe boek ik een vergaderruimte", "none", START + timedelta(hours=1))
    _asked(engine, "Waar staat de koffieautomaat?", "none", START)
    _asked(engine, "wachtwoord vergeten", "answer", START)  # answered: no gap
    _asked(engine, "hoe boek ik een vergaderruimte", "none", START - timedelta(days=40))  # too long ago

    with transaction(make_sessions(engine)) as session:
        found = gaps(session, since=START - timedelta(days=30))

    assert [(gap.text, gap.asked) for gap in found] == [
        ("hoe boek ik een vergaderruimte", 2),
        ("Waar staat de koffieautomaat?", 1),
    ]
    assert found[0].last_asked == START + timedelta(hours=1)
