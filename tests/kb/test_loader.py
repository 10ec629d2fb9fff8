"""Article files: loading, and `kb check`'s problems as `path:line: message`, at the line to change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


def _good(folder: Path, article_id: str, question: str = "hoe doe ik iets", name: str | None = None) -> Path:
    text = GOOD.format(id=article_id, title=f"Titel {article_id}", question=question)
    return _write(folder, name or f"{article_id}.md", text)


def _touch(path: Path, seconds: int) -> None:
    os.utime(path, ns=(seconds * 10**9, seconds * 10**9))


def test_good_article_loads_with_all_fields(tmp_path: Path) -> None:
    _good(tmp_path, "vpn")

    [article] = load_directory(tmp_path).articles

    assert (article.id, article.title, article.lang) == ("vpn", "Titel vpn", "nl")
    assert (article.questions, article.tags) == (("hoe doe ik iets",), ("test",))
    assert article.body == "Doe dit en dat."
    assert article.source == str(tmp_path / "vpn.md")


def test_article_without_tags_loads(tmp_path: Path) -> None:
    _write(tmp_path, "vpn.md", GOOD.format(id="vpn", title="VPN", question="vpn stuk").replace("tags: [test]\n", ""))

    result = load_directory(tmp_path)

    assert ([a.id for a in result.articles], result.problems) == (["vpn"], ())
    assert result.articles[0].tags == ()


def test_body_is_rendered_from_markdown_to_slack_mrkdwn(tmp_path: Path) -> None:
    text = GOOD.format(id="vpn", title="VPN", question="vpn stuk").replace(
        "Doe dit en dat.", "**Let op:** ga naar [het portaal](https://portal.example.org).\n- een\n- twee"
    )
    _write(tmp_path, "vpn.md", text)

    [article] = load_directory(tmp_path).articles

    assert article.body == "*Let op:* ga naar <https://portal.example.org|het portaal>.\n• een\n• twee"


def test_markdown_warning_points_at_its_line_in_the_file_and_the_article_still_loads(tmp_path: Path) -> None:
    text = GOOD.format(id="vpn", title="VPN", question="vpn stuk").replace(
        "---\nDoe dit en dat.", "---\n\n\nDoe dit.\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    path = _write(tmp_path, "vpn.md", text)

    result = load_directory(tmp_path)

    [warning] = result.warnings
    assert str(warning).startswith(f"{path}:13: warning: Slack cannot show a table")
    assert ([a.id for a in result.articles], result.problems) == (["vpn"], ())


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\nid: x\ntitle: [unclosed\nlang: nl\n---\nbody\n", 3, "broken YAML: a value that starts with '['"),
        ("---\nid: x\ntitle: X\nlang: de\nquestions: [a]\n---\nbody\n", 4, "lang must be nl or en"),
        ("---\nid: x\ntitle: X\nlang: nl\nquestions: [a]\n---\n\n", 7, "empty body: write the answer below"),
        ("---\nid: Has Spaces\ntitle: X\nlang: nl\nquestions: [a]\n---\nb\n", 2, "like 'broken', not 'Has Spaces'"),
        ("---\nid: x\ntitle: X\nlang: nl\nquestions: vraag\n---\nb\n", 5, "questions must be a list: write each"),
        ("---\nid: x\ntitle: X\nlang: nl\n---\nb\n", 5, "missing field 'questions': add the ways colleagues ask"),
        ("---\nid: x\ntitle: X\nlang: nl\nquestion: [a]\n---\nb\n", 5, "unknown field 'question': did you mean"),
        (
            "---\nid: x\ntitle: X\ntitle: Y\nlang: nl\nquestions: [a]\n---\nb\n",
            4,
            "'title' is given twice (first on line 3)",
        ),
        ("just text, no front matter\n", 1, "missing front matter: start the file with a '---' line"),
        ("---\nid: x\n", 1, "never closed: add a '---' line"),
    ],
    ids=[
        "broken-yaml",
        "bad-lang",
        "empty-body",
        "bad-id",
        "questions-not-list",
        "missing-field",
        "misspelt-field",
        "field-twice",
        "no-front",
        "open",
    ],
)
def test_broken_article_is_reported_with_path_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "broken.md", text)
    _good(tmp_path, "fine")

    result = load_directory(tmp_path)

    [problem] = result.problems
    assert str(problem).startswith(f"{path}:{line}: ")
    assert message in problem.message
    assert [a.id for a in result.articles] == ["fine"]


FRONT = "---\nid: vpn\ntitle: {title}\nlang: nl\nquestions:\n  - {question}\n  - vpn doet het niet\ntags: {tags}\n---\n"


@pytest.mark.parametrize(
    ("title", "question", "tags", "line", "says"),
    [
        ('"VPN werkt niet', "vpn stuk", "[vpn]", 3, 'a quoted text starts here (") but is never closed'),
        ("VPN: werkt niet", "vpn stuk", "[vpn]", 3, 'put the value in quotes, e.g. title: "VPN: werkt niet"'),
        ('"VPN" werkt niet', "vpn stuk", "[vpn]", 3, "put the whole value in quotes"),
        ("*Nieuw* VPN", "vpn stuk", "[vpn]", 3, "cannot start with '*' or '&'"),
        ("@here VPN", "vpn stuk", "[vpn]", 3, "cannot start with '@'"),
        ("VPN", "vpn stuk\n - minder ingesprongen", "[vpn]", 7, "indented differently"),
        ("VPN", "vpn stuk\nverdwaalde regel", "[vpn]", 7, "not 'field: value' or '- item'"),
        ("VPN", "vpn stuk\n\t- met tab", "[vpn]", 7, "a tab: YAML indents with spaces only"),
        ("VPN", "vpn stuk", "[#vpn]", 8, "a '#' starts a comment in YAML, so '#vpn' and the rest"),
    ],
    ids=["open-quote", "colon", "text-after-quote", "star", "at", "indent", "stray-line", "tab", "hash"],
)
def test_yaml_mistake_is_reported_on_its_own_line_with_the_fix(
    tmp_path: Path, title: str, question: str, tags: str, line: int, says: str
) -> None:
    path = _write(tmp_path, "vpn.md", FRONT.format(title=title, question=question, tags=tags) + "Antwoord.\n")

    [problem] = load_directory(tmp_path).problems

    assert (problem.path, problem.line) == (str(path), line), problem
    assert problem.message.startswith("broken YAML: ") and says in problem.message


def test_duplicate_id_is_blamed_on_the_copy_not_on_the_file_named_after_it(tmp_path: Path) -> None:
    original = _good(tmp_path, "vpn-verbindt-niet", "vraag een")
    copy = _good(tmp_path, "vpn-verbindt-niet", "vraag twee", name="a-vpn-kopie.md")  # sorts first
    _touch(original, 2_000_000_000)  # edited after the copy was made: the name decides, not the time

    result = load_directory(tmp_path)

    [problem] = result.problems
    assert str(problem) == (
        f"{copy}:2: duplicate id 'vpn-verbindt-niet': {original} already has it; "
        "give this article its own id, e.g. 'id: a-vpn-kopie'"
    )
    assert [a.source for a in result.articles] == [str(original)]


def test_duplicate_id_in_files_not_named_after_it_is_blamed_on_the_one_changed_last(tmp_path: Path) -> None:
    older = _good(tmp_path, "vpn", "vraag een", name="z-oud.md")
    newer = _good(tmp_path, "vpn", "vraag twee", name="a-nieuw.md")
    _touch(older, 1_000_000_000)
    _touch(newer, 1_000_000_100)

    [problem] = load_directory(tmp_path).problems

    assert str(problem).startswith(f"{newer}:2: duplicate id 'vpn': {older} already has it")


def test_same_phrasing_in_two_articles_is_reported_at_its_line_in_the_article_changed_last(tmp_path: Path) -> None:
    second = _good(tmp_path, "a", "mijn vpn doet het niet")
    first = _good(tmp_path, "b", "Mijn VPN doet het niet!")
    _touch(first, 1_000_000_000)
    _touch(second, 1_000_000_100)

    [problem] = load_directory(tmp_path).problems

    assert str(problem) == (
        f"{second}:6: phrasing 'mijn vpn doet het niet' is also in article 'b' ({first}): keep it in one of them"
    )


def test_copied_article_with_a_new_id_is_one_problem_listing_every_shared_phrasing(tmp_path: Path) -> None:
    text = "---\nid: {id}\ntitle: {title}\nlang: nl\nquestions:\n  - vpn stuk\n  - vpn traag\n---\nAntwoord.\n"
    original = _write(tmp_path, "vpn.md", text.format(id="vpn", title="VPN"))
    copy = _write(tmp_path, "vpn-thuis.md", text.format(id="vpn-thuis", title="VPN thuis"))
    _touch(original, 1_000_000_000)

    [problem] = load_directory(tmp_path).problems

    assert str(problem) == (
        f"{copy}:6: 2 phrasings are also in article 'vpn' ({original}): 'vpn stuk' (line 6), "
        "'vpn traag' (line 7); keep each in one of them"
    )


def test_related_article_that_does_not_exist_is_reported_at_the_related_line(tmp_path: Path) -> None:
    text = GOOD.format(id="a", title="A", question="q").replace("tags: [test]", "tags: [test]\nrelated: [nope]")
    path = _write(tmp_path, "a.md", text)

    [problem] = load_directory(tmp_path).problems

    assert (
        str(problem) == f"{path}:8: related article 'nope' does not exist: use the id of another article, or remove it"
    )


def test_broken_article_is_one_problem_not_also_a_missing_link_in_every_article_that_relates_to_it(
    tmp_path: Path,
) -> None:
    for name in ("a", "b"):
        text = GOOD.format(id=name, title=name, question=f"vraag {name}")
        _write(tmp_path, f"{name}.md", text.replace("tags: [test]", "related: [vpn]"))
    broken = _write(tmp_path, "vpn.md", '---\nid: vpn\ntitle: "VPN\nlang: nl\n---\nAntwoord.\n')

    [problem] = load_directory(tmp_path).problems

    assert (problem.path, problem.line) == (str(broken), 3)


def test_problems_are_sorted_by_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "---\nid: a\ntitle: A\nlang: de\nquestions: x\n---\nb\n")
    _write(tmp_path, "b.md", "no front matter\n")

    problems = load_directory(tmp_path).problems

    assert [(Path(p.path).name, p.line) for p in problems] == [("a.md", 4), ("a.md", 5), ("b.md", 1)]


def test_article_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = _good(tmp_path, "vpn")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    result = load_directory(tmp_path)

    assert [a.id for a in result.articles] == ["vpn"] and result.problems == ()
