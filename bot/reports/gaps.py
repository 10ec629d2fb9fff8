"""Gaps that mean something: the questions the bot could not answer or did not help with, clustered by meaning,
each cluster with how often it was asked, examples, and the nearest article (maybe a phrasing is missing
rather than an article)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from bot.models import Feedback, Question
from kb.gaps import Cluster, GapScorer, cluster_texts, gap_scorer
from kb.matcher import Matcher

MISSING_PHRASING_FROM = 0.2
"""Nearest-article confidence from which a gap reads as a missing phrasing rather than a missing article (the
matcher's suggest threshold: colleagues were already offered the article, or nearly)."""
MAX_GAP_QUESTIONS = 20_000
"""The newest gap questions clustered at most (their distinct wordings are capped again in `kb.gaps`)."""


@dataclass(frozen=True)
class GapQuestion:
    text: str
    lang: str
    created_at: datetime


@dataclass(frozen=True)
class Gap:
    """A cluster of gap questions.

    Attributes:
        count: How many questions it holds.
        people: How many different colleagues asked them (counted, never named).
        examples: Up to three wordings, most asked first (question texts: for agents only).
        languages: The languages they were asked in.
        nearest_article: The article the matcher finds closest to the cluster, with its confidence; a confident
            one suggests a phrasing is missing rather than an article.
    """

    count: int
    people: int
    examples: tuple[str, ...]
    representative: str
    languages: tuple[str, ...]
    last_asked: datetime
    nearest_article: str | None
    nearest_title: str | None
    nearest_confidence: float

    @property
    def needs_article(self) -> bool:
        """True when no article comes close: write one; else add a phrasing to the nearest article."""
        return self.nearest_confidence < MISSING_PHRASING_FROM


def worth_an_article(gaps: Sequence[Gap], count: int = 3) -> list[Gap]:
    """The gaps most worth a new article (for the weekly digest and App Home): the biggest of those that no
    article comes close to."""
    return [gap for gap in gaps if gap.needs_article][:count]


def gap_condition() -> ColumnElement[bool]:
    """Questions that show a gap: no answer, "Geen van deze", the asker's "Dit hielp niet", or suggestions left
    unpicked before a ticket was opened."""
    asker_not_helped = exists().where(
        Feedback.question_id == Question.id, Feedback.user_id == Question.asker, Feedback.helpful.is_(False)
    )
    unpicked = and_(Question.band == "suggest", Question.picked_article_id.is_(None), Question.ticket_id.is_not(None))
    return or_(Question.band == "none", Question.declined_at.is_not(None), asker_not_helped, unpicked)


def gap_questions(session: Session, *, start: datetime, end: datetime) -> tuple[list[GapQuestion], list[str]]:
    """The period's gap questions (newest `MAX_GAP_QUESTIONS`, returned oldest first) and their askers."""
    rows = session.execute(
        select(Question.text, Question.lang, Question.created_at, Question.asker)
        .where(Question.created_at >= start, Question.created_at < end, gap_condition())
        .order_by(Question.created_at.desc(), Question.id.desc())
        .limit(MAX_GAP_QUESTIONS)
    ).all()[::-1]
    return [GapQuestion(text, lang, at) for text, lang, at, _ in rows], [asker for *_, asker in rows]


def find_gaps(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    matcher: Matcher | None,
    scorer: GapScorer | None = None,
    limit: int = 20,
) -> list[Gap]:
    """The biggest gaps of [start, end), biggest first. Reads only; `matcher` names the nearest articles;
    `scorer` clusters (default: lexically; `KnowledgeBase.gap_scorer` gives the matcher's own scorers)."""
    questions, askers = gap_questions(session, start=start, end=end)
    scorer = scorer or gap_scorer(None)
    clusters = cluster_texts([q.text for q in questions], scorer.embedder, similarity=scorer.similarity)
    return [_gap(cluster, questions, askers, matcher) for cluster in clusters[:limit]]


def _gap(cluster: Cluster, questions: Sequence[GapQuestion], askers: Sequence[str], matcher: Matcher | None) -> Gap:
    members = [questions[index] for index in cluster.members]
    article, title, confidence = _nearest(matcher, cluster)
    return Gap(
        count=cluster.size,
        people=len({askers[index] for index in cluster.members}),
        examples=cluster.examples,
        representative=cluster.representative,
        languages=tuple(sorted({q.lang for q in members})),
        last_asked=max(q.created_at for q in members),
        nearest_article=article,
        nearest_title=title,
        nearest_confidence=confidence,
    )


def _nearest(matcher: Matcher | None, cluster: Cluster) -> tuple[str | None, str | None, float]:
    """The article with the highest summed confidence over the cluster's name and examples."""
    if matcher is None:
        return None, None, 0.0
    totals: dict[str, float] = {}
    titles: dict[str, str] = {}
    wordings = dict.fromkeys((cluster.representative, *cluster.examples))
    for text in wordings:
        for candidate in matcher.match(text, limit=3).candidates:
            totals[candidate.article_id] = totals.get(candidate.article_id, 0.0) + candidate.confidence
            titles[candidate.article_id] = candidate.title
    if not totals:
        return None, None, 0.0
    best = max(totals, key=lambda article: (totals[article], article))
    return best, titles[best], round(totals[best] / len(wordings), 3)
