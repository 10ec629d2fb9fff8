"""Article files: loading, and `kb check`'s problems as path:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import BUNDLED_ARTICLES
from kb.loader import load_directory

GOOD = """---
id: {id}
title: {title}
lang: nl
questions:
  - {question}
tags: [test]
---
Doe dit en dat.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _good(folder: Path, article_id: str, question: str = "hoe doe ik iets") -> Path:
    return _write(
        folder, f"{article_id}.md", GOOD.format(id=article_id, title=f"Titel {article_id}", question=question)
    )


def test_bundled_knowledge_base_has_at_least_30_articles_without_problems() -> None:
    result = load_directory(BUNDLED_ARTICLES)

    assert [str(p) for p in result.problems] == []
    assert len(result.articles) >= 30
    assert {a.lang for a in result.articles} == {"nl", "en"}


def test_good_article_loads_with_all_fields(tmp_path: Path) -> None:
    _good(tmp_path, "vpn")

    [article] = load_directory(tmp_path).articles

    assert (article.id, article.title, article.lang) == ("vpn", "Titel vpn", "nl")
    assert article.questions == ("hoe doe ik iets",)
    assert article.body == "Doe dit en dat."
    assert article.source == str(tmp_path / "vpn.md")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\nid: x\ntitle: [unclosed\nlang: nl\n---\nbody\n", 4, "broken YAML"),
        ("---\nid: x\ntitle: X\nlang: nl\nquestions: [a]\n---\nbody\n", 1, "missing field 'tags'"),
        ("---\nid: x\ntitle: X\nlang: de\nquestions: [a]\ntags: []\n---\nbody\n", 4, "lang must be one of"),
        ("---\nid: x\ntitle: X\nlang: nl\nquestions: [a]\ntags: []\n---\n\n", 8, "empty body"),
        ("---\nid: Has Spaces\ntitle: X\nlang: nl\nquestions: [a]\ntags: []\n---\nb\n", 2, "id must be"),
        ("---\nid: x\ntitle: X\nlang: nl\nquestions: vraag\ntags: []\n---\nb\n", 5, "questions must be a list"),
        ("just text, no front matter\n", 1, "missing front matter"),
        ("---\nid: x\n", 1, "not closed"),
    ],
    ids=["broken-yaml", "missing-field", "bad-lang", "empty-body", "bad-id", "questions-not-list", "no-front", "open"],
)
def test_broken_article_is_reported_with_path_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "broken.md", text)
    _good(tmp_path, "fine")

    result = load_directory(tmp_path)

    [problem] = result.problems
    assert str(problem).startswith(f"{path}:{line}: ")
    assert message in problem.message
    assert [a.id for a in result.articles] == ["fine"]


def test_duplicate_id_keeps_the_first_file_and_reports_the_second(tmp_path: Path) -> None:
    _good(tmp_path, "a-vpn", "vraag een")
    second = _write(tmp_path, "b-vpn.md", GOOD.format(id="a-vpn", title="Ander", question="vraag twee"))

    result = load_directory(tmp_path)

    [problem] = result.problems
    assert str(problem).startswith(f"{second}:2: duplicate id 'a-vpn'")
    assert [a.title for a in result.articles] == ["Titel a-vpn"]


def test_same_phrasing_in_two_articles_is_reported_at_its_line(tmp_path: Path) -> None:
    _good(tmp_path, "a", "Mijn VPN doet het niet!")
    second = _good(tmp_path, "b", "mijn vpn doet het niet")

    [problem] = load_directory(tmp_path).problems

    assert str(problem) == f"{second}:6: phrasing 'mijn vpn doet het niet' is also in article 'a' ({tmp_path / 'a.md'})"


def test_related_article_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    text = GOOD.format(id="a", title="A", question="q").replace("tags: [test]", "tags: [test]\nrelated: [nope]")
    path = _write(tmp_path, "a.md", text)

    [problem] = load_directory(tmp_path).problems

    assert str(problem).startswith(f"{path}:")
    assert "related article 'nope' does not exist" in problem.message


def test_article_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = _good(tmp_path, "vpn")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    result = load_directory(tmp_path)

    assert [a.id for a in result.articles] == ["vpn"] and result.problems == ()
