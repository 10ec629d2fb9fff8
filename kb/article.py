"""The article: one answer in the knowledge base, with the phrasings that lead to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")
PRIORITY_HINTS = ("P1", "P2", "P3", "P4")
"""Values of an article's `priority` hint: P1 spoed, P2 hoog, P3 normaal, P4 laag."""


@dataclass(frozen=True)
class Article:
    """A knowledge-base article.

    Attributes:
        id: Stable identifier (kebab-case), unique across the knowledge base.
        title: Short title; also a phrasing for matching.
        lang: Language the article is written in.
        questions: Other phrasings of the question this article answers.
        body: The answer in Slack mrkdwn, ready to send: rendered from the file's Markdown (`kb.markdown`) when
            it is loaded.
        tags: Free keywords (optional); used for matching hints and announcements.
        team: Second-line team that owns the subject, if any.
        category: Category for reporting and tickets, if any.
        related: Ids of related articles.
        source: Where the article came from (file path), for error messages.
        priority: The priority (P1-P4) a ticket starts at, at least, when a colleague says this article did not
            help (its subject is urgent by nature: a clicked phishing link, a stolen laptop), if any.
    """

    id: str
    title: str
    lang: Language
    questions: tuple[str, ...]
    body: str
    tags: tuple[str, ...] = ()
    team: str | None = None
    category: str | None = None
    related: tuple[str, ...] = ()
    source: str | None = None
    priority: str | None = None

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The title followed by every other phrasing."""
        return (self.title, *self.questions)


@dataclass(frozen=True)
class LearnedPhrasing:
    """A phrasing learned from use (stored by the service desk, passed in as data)."""

    article_id: str
    text: str
