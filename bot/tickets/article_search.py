"""Finding the knowledge-base article that solved a ticket, for the resolve window's search (every article,
however many there are). Pure over a knowledge-base snapshot."""

from __future__ import annotations

from bot.knowledge import Snapshot
from kb.article import Article
from kb.normalize import normalize

MAX_OPTIONS = 100
"""Slack shows at most 100 options in a select."""
CLOSEST = 10


def find_articles(snapshot: Snapshot, query: str, *, near: str | None = None) -> list[tuple[str, str]]:
    """(id, title) of the articles to offer, at most `MAX_OPTIONS`.

    With a `query`: every article whose title, id, phrasings or tags hold each of its words (case and accents
    ignored), those with the words in the title first. Without one: the articles closest to `near` (the
    ticket's description, as the matcher ranks them), then the others by title.
    """
    articles = sorted(snapshot.articles.values(), key=lambda article: article.title.casefold())
    words = normalize(query).split()
    if words:
        found = [article for article in articles if all(word in _haystack(article) for word in words)]
        found.sort(key=lambda article: not all(word in normalize(article.title) for word in words))
        return [(article.id, article.title) for article in found[:MAX_OPTIONS]]
    closest = []
    if near and normalize(near):
        candidates = snapshot.matcher.match(near, limit=CLOSEST).candidates
        closest = [snapshot.articles[c.article_id] for c in candidates if c.article_id in snapshot.articles]
    ordered = list(dict.fromkeys([*closest, *articles]))
    return [(article.id, article.title) for article in ordered[:MAX_OPTIONS]]


def _haystack(article: Article) -> str:
    return normalize(" ".join((article.title, article.id.replace("-", " "), *article.questions, *article.tags)))
