"""What the agents do with gaps (App Home): see the biggest open ones, write an article for one, or add its
question as a phrasing of the nearest article in one click (a learned phrasing, shared by every process).

A gap whose question the knowledge base already holds as a phrasing (authored or learned) is no longer open.
Workflow functions take a `Work`; they flush and never commit.
"""

from __future__ import annotations

from datetime import timedelta

from bot.desk import Work
from bot.embedding_cache import DatabaseVectorStore
from bot.errors import ServiceDeskError
from bot.learning import learn, learned_phrasings
from bot.reports.gaps import Gap, find_gaps
from kb.article_file import phrasing_key

HOME_DAYS = 30
HOME_GAPS = 5


class UnknownArticle(ServiceDeskError):
    message_key = "gaps.unknown_article"


def open_gaps(work: Work, *, days: int = HOME_DAYS, limit: int = HOME_GAPS) -> list[Gap]:
    """The biggest gaps of the last `days` days, clustered with the matcher's own scorers, leaving out those
    whose question the knowledge base now knows. Reads only."""
    snapshot = work.snapshot()
    known = {phrasing_key(p) for article in snapshot.articles.values() for p in article.phrasings}
    known |= {phrasing_key(phrasing.text) for phrasing in learned_phrasings(work.session)}
    found = find_gaps(
        work.session, start=work.now - timedelta(days=days), end=work.now, matcher=snapshot.matcher,
        scorer=work.desk.knowledge.gap_scorer(snapshot, DatabaseVectorStore(work.session)), limit=limit * 2,
    )  # fmt: skip
    return [gap for gap in found if phrasing_key(gap.representative) not in known][:limit]


def add_gap_phrasing(work: Work, *, article_id: str, text: str, agent: str) -> str:
    """Teach the matcher `text` as a phrasing of `article_id`; returns the article's title. Flushes.

    Raises:
        UnknownArticle: the article is gone (renamed or removed since App Home was drawn).
    """
    article = work.snapshot().articles.get(article_id)
    if article is None:
        raise UnknownArticle()
    learn(work.session, article_id=article_id, text=text, source="gap", by=agent, now=work.now)
    return article.title
