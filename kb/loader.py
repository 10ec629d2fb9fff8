"""Loading and validating article files: Markdown with YAML front matter.

A broken file is reported as a `Problem` (`path:line: message`) and left out; the other articles still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from kb.article import LANGUAGES, Article, Language

REQUIRED = ("id", "title", "lang", "questions", "tags")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(paths: Iterable[Path]) -> Fingerprint:
    """Name, modification time and size of each file: changes whenever one is added, removed or edited.

    Cheap enough to check on every question or tick; files that vanish while looking are left out.
    """
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def load_directory(directory: Path) -> LoadResult:
    """Load every `*.md` file in `directory` (sorted by name) and check the set as a whole."""
    articles: list[Article] = []
    problems: list[Problem] = []
    lines: dict[tuple[str, str], int] = {}
    for path in sorted(directory.glob("*.md")):
        article, file_problems, phrasing_lines = parse_file(path)
        problems.extend(file_problems)
        if article is not None:
            articles.append(article)
            lines.update({(article.id, key): line for key, line in phrasing_lines.items()})
    kept, set_problems = _check_set(articles, lines)
    return LoadResult(tuple(kept), tuple(problems + set_problems))


def parse_file(path: Path) -> tuple[Article | None, list[Problem], dict[str, int]]:
    """Parse one article file.

    Returns:
        The article (None if unusable), its problems, and the line of each phrasing (by normalised key, plus
        "id" for the id line), for error messages about the set.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # an editor's byte-order mark is fine
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, 1, f"cannot read file: {error}")], {}
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Problem(name, 1, "missing front matter: the file must start with a '---' line")], {}
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        return None, [Problem(name, 1, "front matter is not closed with a '---' line")], {}
    try:
        node = yaml.compose("\n".join(lines[1:end]), Loader=yaml.SafeLoader)
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(name, line, f"broken YAML: {reason}")], {}
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        return None, [Problem(name, 2, "front matter must be a mapping of fields")], {}
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    body = "\n".join(lines[end + 1 :]).strip()
    return _build(name, meta, body, key_lines, _phrasing_lines(node), end + 2)


def _phrasing_lines(node: yaml.MappingNode) -> dict[str, int]:
    result: dict[str, int] = {}
    for key, value in node.value:
        if key.value == "title" and isinstance(value, yaml.ScalarNode):
            result[phrasing_key(str(value.value))] = value.start_mark.line + 2
        if key.value == "questions" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.ScalarNode):
                    result.setdefault(phrasing_key(str(item.value)), item.start_mark.line + 2)
        if key.value == "id":
            result["id"] = key.start_mark.line + 2
    return result


def _build(
    name: str,
    meta: dict[str, Any],
    body: str,
    key_lines: dict[str, int],
    phrasing_lines: dict[str, int],
    body_line: int,
) -> tuple[Article | None, list[Problem], dict[str, int]]:
    problems = [Problem(name, 1, f"missing field '{field}'") for field in REQUIRED if field not in meta]
    if not body:
        problems.append(Problem(name, body_line, "empty body: write the answer below the front matter"))

    def line(field: str) -> int:
        return key_lines.get(field, 1)

    article_id, title, lang = meta.get("id"), meta.get("title"), meta.get("lang")
    if "id" in meta and not (isinstance(article_id, str) and ID_PATTERN.match(article_id)):
        problems.append(Problem(name, line("id"), f"id must be lowercase letters, digits and '-': {article_id!r}"))
    if "title" in meta and not (isinstance(title, str) and title.strip()):
        problems.append(Problem(name, line("title"), "title must be non-empty text"))
    if "lang" in meta and lang not in LANGUAGES:
        problems.append(Problem(name, line("lang"), f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}"))
    lists = {}
    for field in ("questions", "tags", "related"):
        value = meta.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            problems.append(Problem(name, line(field), f"{field} must be a list of texts"))
            value = []
        lists[field] = tuple(str(v).strip() for v in value if str(v).strip())
    optional = {f: meta.get(f) for f in ("team", "category")}
    for field, value in optional.items():
        if value is not None and not isinstance(value, str):
            problems.append(Problem(name, line(field), f"{field} must be text"))
    if problems:
        return None, problems, {}
    article = Article(
        id=str(article_id),
        title=str(title).strip(),
        lang=cast(Language, lang),
        questions=lists["questions"],
        body=body,
        tags=lists["tags"],
        team=optional["team"],
        category=optional["category"],
        related=lists["related"],
        source=name,
    )
    return article, [], phrasing_lines


def phrasing_key(text: str) -> str:
    """The form under which two phrasings count as the same: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _check_set(articles: Iterable[Article], lines: dict[tuple[str, str], int]) -> tuple[list[Article], list[Problem]]:
    """Drop duplicate ids (the later file loses) and report phrasings that occur in two articles."""
    kept: list[Article] = []
    problems: list[Problem] = []
    by_id: dict[str, Article] = {}
    owner: dict[str, Article] = {}
    for article in articles:
        source = article.source or article.id
        first = by_id.get(article.id)
        if first is not None:
            line = lines.get((article.id, "id"), 1)
            problems.append(Problem(source, line, f"duplicate id '{article.id}', already used in {first.source}"))
            continue
        by_id[article.id] = article
        kept.append(article)
        for phrasing in dict.fromkeys(phrasing_key(p) for p in article.phrasings):
            other = owner.setdefault(phrasing, article)
            if other is not article:
                line = lines.get((article.id, phrasing), 1)
                problems.append(
                    Problem(
                        source,
                        line,
                        f"phrasing '{phrasing}' is also in article '{other.id}' ({other.source})",
                    )
                )
    for article in kept:
        for related in article.related:
            if related not in by_id:
                problems.append(Problem(article.source or article.id, 1, f"related article '{related}' does not exist"))
    return kept, problems
