"""One article file: YAML front matter, then the answer in Markdown (CommonMark). Pure (reads the file only).

Every problem is a `Problem` at the line to change, saying how to fix it. The body is rendered to Slack mrkdwn
here, once, so what is sent is what was checked; what Slack cannot show is a warning (the article still loads).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from kb.article import LANGUAGES, PRIORITY_HINTS, Article, Language
from kb.markdown import to_mrkdwn
from kb.yaml_text import duplicate_keys, explain, read_yaml

REQUIRED = ("id", "title", "lang", "questions")
OPTIONAL = ("tags", "category", "team", "related", "priority")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MISSING = {
    "id": "add 'id: {stem}' (lowercase words joined by '-', unique in the knowledge base)",
    "title": "add the article's title, e.g. 'title: VPN maakt geen verbinding'",
    "lang": "add 'lang: nl' or 'lang: en'",
    "questions": "add the ways colleagues ask this, one per line under 'questions:' as '  - vpn doet het niet'",
}


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, at a line; a warning leaves the article in use."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass(frozen=True)
class ParsedFile:
    """One article file as read: the article (None when unusable) and what the set checks need to know."""

    path: Path
    article: Article | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each field by name, and of each phrasing under "phrasing:" + its `phrasing_key`."""
    claimed_id: str = ""
    """The id the file gives (its name when unreadable): other files' links to it are not reported missing."""
    modified: int = 0
    body: tuple[str, ...] = ()
    """The answer as written (Markdown source lines), starting at file line `body_line`."""
    body_line: int = 0


def parse_file(path: Path) -> ParsedFile:
    """Read and validate one article file."""
    name, broken = str(path), ParsedFile(path, None, claimed_id=path.stem)
    try:
        text = path.read_text(encoding="utf-8-sig")  # an editor's byte-order mark is fine
        modified = path.stat().st_mtime_ns
    except (OSError, UnicodeDecodeError) as error:
        return _with(broken, Problem(name, 1, f"cannot read file: {error}"))
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        message = "missing front matter: start the file with a '---' line, then the fields, then another '---'"
        return _with(broken, Problem(name, 1, message))
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        return _with(
            broken,
            Problem(name, 1, "the front matter opened here is never closed: add a '---' line after the last field"),
        )
    front = lines[1:end]
    try:
        node, meta = read_yaml("\n".join(front))
    except yaml.YAMLError as error:
        line, message = explain(error, front, first_line=2)
        return _with(broken, Problem(name, line, message))
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        return _with(broken, Problem(name, 2, "the front matter must be fields, one per line as 'name: value'"))
    claimed = str(meta["id"]) if isinstance(meta.get("id"), str) else path.stem
    doubled = [Problem(name, line, message) for line, message in duplicate_keys(node, first_line=2)]
    if doubled:
        return _with(ParsedFile(path, None, claimed_id=claimed), *doubled)
    return _build(path, meta, _field_lines(node), lines[end + 1 :], end + 2, modified)


def _with(parsed: ParsedFile, *problems: Problem) -> ParsedFile:
    return ParsedFile(parsed.path, None, problems, claimed_id=parsed.claimed_id)


def _field_lines(node: yaml.MappingNode) -> dict[str, int]:
    """File line of each field and of each phrasing (the front matter starts on line 2)."""
    lines: dict[str, int] = {}
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 2
        phrasings = [value] if key.value == "title" else []
        if key.value == "questions" and isinstance(value, yaml.SequenceNode):
            phrasings = value.value
        for item in phrasings:
            if isinstance(item, yaml.ScalarNode):
                lines.setdefault("phrasing:" + phrasing_key(str(item.value)), item.start_mark.line + 2)
    return lines


def _build(
    path: Path, meta: dict[str, Any], lines: dict[str, int], body_lines: list[str], body_line: int, modified: int
) -> ParsedFile:
    name = str(path)
    problems = _field_problems(path, meta, lines, closing_line=body_line - 1)
    lists = {}
    for list_field in ("questions", "tags", "related"):
        value = meta.get(list_field, [])
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            problems.append(Problem(name, lines.get(list_field, 1), f"{list_field} must be a list: write each item "
                                    "on its own line as '  - text', or all on one line as [a, b]"))  # fmt: skip
            value = []
        lists[list_field] = tuple(str(v).strip() for v in value if str(v).strip())
    blank = next((i for i, line in enumerate(body_lines) if line.strip()), len(body_lines))
    markdown = "\n".join(body_lines[blank:]).rstrip()
    if not markdown:
        problems.append(Problem(name, body_line, "empty body: write the answer below the closing '---' line"))
    claimed = meta["id"] if isinstance(meta.get("id"), str) else path.stem
    if problems:
        return ParsedFile(path, None, tuple(problems), claimed_id=claimed)
    rendered = to_mrkdwn(markdown)
    warnings = tuple(Problem(name, body_line + blank + w.line - 1, w.message, warning=True) for w in rendered.warnings)
    article = Article(
        id=str(meta["id"]),
        title=str(meta["title"]).strip(),
        lang=cast(Language, meta["lang"]),
        questions=lists["questions"],
        body=rendered.text,
        tags=lists["tags"],
        team=meta.get("team"),
        category=meta.get("category"),
        related=lists["related"],
        source=name,
        priority=meta.get("priority"),
    )
    body = tuple(body_lines[blank:])
    return ParsedFile(path, article, (), warnings, lines, claimed, modified, body, body_line + blank)


def _field_problems(path: Path, meta: dict[str, Any], lines: dict[str, int], closing_line: int) -> list[Problem]:
    """Missing, misspelt and malformed fields, each once (a misspelt field is not also reported missing)."""
    name, problems = str(path), []
    unknown = [key for key in meta if key not in REQUIRED + OPTIONAL]
    for field_name in REQUIRED:
        if field_name in meta:
            continue
        typo = next((key for key in unknown if difflib.get_close_matches(str(key), [field_name], cutoff=0.75)), None)
        if typo is not None:
            unknown.remove(typo)
            problems.append(Problem(name, lines[str(typo)], f"unknown field '{typo}': did you mean '{field_name}'?"))
        else:
            hint = MISSING[field_name].format(stem=path.stem)
            problems.append(Problem(name, closing_line, f"missing field '{field_name}': {hint}"))
    article_id, title, lang = meta.get("id"), meta.get("title"), meta.get("lang")
    if "id" in meta and not (isinstance(article_id, str) and ID_PATTERN.match(article_id)):
        message = f"id must be lowercase letters, digits and '-', like '{path.stem}', not {article_id!r}"
        problems.append(Problem(name, lines["id"], message))
    if "title" in meta and not (isinstance(title, str) and title.strip()):
        problems.append(Problem(name, lines["title"], "title must be text: write the title after 'title: '"))
    if "lang" in meta and lang not in LANGUAGES:
        message = f"lang must be {' or '.join(LANGUAGES)} (the language the article is written in), not {lang!r}"
        problems.append(Problem(name, lines["lang"], message))
    for optional in ("team", "category"):
        if meta.get(optional) is not None and not isinstance(meta[optional], str):
            problems.append(Problem(name, lines[optional], f"{optional} must be one word or name, not a list"))
    if "priority" in meta and meta["priority"] not in PRIORITY_HINTS:
        message = (
            f"priority must be P1 (spoed), P2 (hoog), P3 (normaal) or P4 (laag), not {meta['priority']!r}: "
            "a ticket opened after this article did not help starts at least at this priority"
        )
        problems.append(Problem(name, lines["priority"], message))
    return problems


def phrasing_key(text: str) -> str:
    """The form under which two phrasings count as the same: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
