"""The live knowledge base: broken files are skipped, edits are picked up without a restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from kb.article import LearnedPhrasing
from kb.matcher import DEFAULT_THRESHOLDS

ARTICLE = """---
id: {id}
title: {title}
lang: nl
questions:
{questions}
tags: [test]
---
{body}
"""


def _article(folder: Path, article_id: str, title: str, questions: list[str], body: str = "Antwoord.") -> Path:
    path = folder / f"{article_id}.md"
    listed = "\n".join(f"  - {q}" for q in questions)
    path.write_text(ARTICLE.format(id=article_id, title=title, questions=listed, body=body), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _article(tmp_path, "vpn", "VPN maakt geen verbinding", ["vpn doet het niet", "kan niet verbinden met vpn"])
    _article(tmp_path, "printer", "Printer werkt niet", ["printer print niet", "printopdracht blijft hangen"])
    return tmp_path


def test_broken_file_is_skipped_and_the_others_keep_serving(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    (folder / "kapot.md").write_text("---\ntitle: [kapot\n---\nbody\n", encoding="utf-8")

    snapshot = KnowledgeBase(folder, DEFAULT_THRESHOLDS).snapshot()

    assert sorted(snapshot.articles) == ["printer", "vpn"]
    assert snapshot.matcher.match("vpn doet het niet").best.article_id == "vpn"  # type: ignore[union-attr]
    assert any("kapot.md:2: broken YAML" in record.getMessage() for record in caplog.records)


def test_edited_file_is_picked_up_without_a_restart(folder: Path) -> None:
    knowledge = KnowledgeBase(folder, DEFAULT_THRESHOLDS)
    before = knowledge.snapshot()
    path = _article(folder, "printer", "Printer werkt niet", ["printer print niet"], body="Nieuw antwoord.")
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse-grained file systems

    after = knowledge.snapshot()

    assert before.articles["printer"].body == "Antwoord."
    assert after.articles["printer"].body == "Nieuw antwoord."


def test_unchanged_files_reuse_the_same_snapshot(folder: Path) -> None:
    knowledge = KnowledgeBase(folder, DEFAULT_THRESHOLDS)

    assert knowledge.snapshot() is knowledge.snapshot()


def test_new_learned_phrasings_rebuild_the_matcher(folder: Path) -> None:
    knowledge = KnowledgeBase(folder, DEFAULT_THRESHOLDS)
    learned = [LearnedPhrasing("printer", "het ding op de gang wil geen papier uitspugen")]

    plain = knowledge.snapshot(learned_version=0)
    taught = knowledge.snapshot(learned_version=1, load_learned=lambda: learned)

    question = "het ding op de gang wil geen papier uitspugen"
    plain_best = plain.matcher.match(question).best
    assert plain_best is None or plain_best.confidence < taught.matcher.match(question).best.confidence  # type: ignore[union-attr]
    assert taught.matcher.match(question).best.article_id == "printer"  # type: ignore[union-attr]


def test_files_checked_by_a_job_are_not_looked_at_per_question(folder: Path) -> None:
    knowledge = KnowledgeBase(folder, DEFAULT_THRESHOLDS, files_checked_by_job=True)
    before = knowledge.snapshot()
    path = _article(folder, "printer", "Printer werkt niet", ["printer print niet"], body="Nieuw antwoord.")
    os.utime(path, ns=(1, 1))

    unchecked = knowledge.snapshot()
    knowledge.check_files()
    checked = knowledge.snapshot()

    assert unchecked is before
    assert checked.articles["printer"].body == "Nieuw antwoord."
