"""The resolve window's article search: every article can be found, however many there are."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.tickets.article_search import MAX_OPTIONS, find_articles
from kb.matcher import DEFAULT_THRESHOLDS

ARTICLE = """---
id: onderwerp-{n:03d}
title: Onderwerp {n:03d} {word}
lang: nl
questions:
  - vraag over {word} nummer {n}
---
Antwoord {n}.
"""
WORDS = ("printer", "scherm", "muis", "toetsenbord", "kabel")


def _many(folder: Path, count: int) -> KnowledgeBase:
    for n in range(count):
        (folder / f"onderwerp-{n:03d}.md").write_text(ARTICLE.format(n=n, word=WORDS[n % 5]), encoding="utf-8")
    return KnowledgeBase(folder, DEFAULT_THRESHOLDS)


def test_an_article_beyond_the_first_hundred_is_found_by_its_words(tmp_path: Path) -> None:
    snapshot = _many(tmp_path, 150).snapshot()

    assert find_articles(snapshot, "onderwerp 149") == [("onderwerp-149", "Onderwerp 149 kabel")]


def test_words_match_phrasings_and_ids_too_ignoring_case_and_accents(tmp_path: Path) -> None:
    snapshot = _many(tmp_path, 10).snapshot()

    found = find_articles(snapshot, "VRAAG Muïs")

    assert [article_id for article_id, _ in found] == ["onderwerp-002", "onderwerp-007"]


def test_no_more_options_than_slack_shows(tmp_path: Path) -> None:
    snapshot = _many(tmp_path, 150).snapshot()

    assert len(find_articles(snapshot, "onderwerp")) == len(find_articles(snapshot, "")) == MAX_OPTIONS
