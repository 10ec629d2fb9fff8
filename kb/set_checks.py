"""Checks across article files: duplicate ids, one phrasing in two articles, links to articles that do not exist.

Each problem is blamed on the file to change: a duplicate id on the copy (not on the file named after the id,
else on the file changed last), a shared phrasing on the article changed last, once per pair of articles. A
file that is broken itself already has its problem, so links to it are not reported again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kb.article_file import ID_PATTERN, ParsedFile, Problem, phrasing_key


def check_set(parsed: Sequence[ParsedFile]) -> tuple[list[ParsedFile], list[Problem]]:
    """The files whose articles are used, and the problems found between files."""
    usable = [item for item in parsed if item.article is not None]
    kept, problems = _unique_ids(usable)
    problems += _shared_phrasings(kept)
    problems += _missing_related(kept, {item.claimed_id for item in parsed})
    return kept, problems


def _unique_ids(usable: Sequence[ParsedFile]) -> tuple[list[ParsedFile], list[Problem]]:
    by_id: dict[str, list[ParsedFile]] = defaultdict(list)
    for item in usable:
        assert item.article is not None
        by_id[item.article.id].append(item)
    kept, problems = [], []
    for article_id, items in by_id.items():
        keeper = min(items, key=lambda item: (item.path.stem != article_id, item.modified, item.path.name))
        kept.append(keeper)
        for copy in items:
            if copy is not keeper:
                suggestion = (
                    copy.path.stem
                    if copy.path.stem not in by_id and ID_PATTERN.match(copy.path.stem)
                    else f"{article_id}-2"
                )
                message = (
                    f"duplicate id '{article_id}': {keeper.path} already has it; "
                    f"give this article its own id, e.g. 'id: {suggestion}'"
                )
                problems.append(Problem(str(copy.path), copy.lines.get("id", 1), message))
    return sorted(kept, key=lambda item: item.path.name), problems


def _shared_phrasings(kept: Sequence[ParsedFile]) -> list[Problem]:
    """One problem per pair of articles sharing phrasings, on the one changed last."""
    owner: dict[str, ParsedFile] = {}
    problems = []
    for item in sorted(kept, key=lambda item: (item.modified, item.path.name)):
        assert item.article is not None
        shared: dict[str, list[str]] = defaultdict(list)
        for key in dict.fromkeys(phrasing_key(p) for p in item.article.phrasings):
            other = owner.setdefault(key, item)
            if other is not item:
                shared[str(other.path)].append(key)
        problems += [_shared_problem(item, owner[keys[0]], keys) for keys in shared.values()]
    return problems


def _shared_problem(item: ParsedFile, other: ParsedFile, keys: list[str]) -> Problem:
    assert other.article is not None
    lines = [item.lines.get("phrasing:" + key, 1) for key in keys]
    where = f"article '{other.article.id}' ({other.path})"
    if len(keys) == 1:
        message = f"phrasing '{keys[0]}' is also in {where}: keep it in one of them"
    else:
        listed = ", ".join(f"'{key}' (line {line})" for key, line in zip(keys, lines, strict=True))
        message = f"{len(keys)} phrasings are also in {where}: {listed}; keep each in one of them"
    return Problem(str(item.path), min(lines), message)


def _missing_related(kept: Sequence[ParsedFile], known: set[str]) -> list[Problem]:
    problems = []
    for item in kept:
        assert item.article is not None
        for related in item.article.related:
            if related not in known:
                message = f"related article '{related}' does not exist: use the id of another article, or remove it"
                problems.append(Problem(str(item.path), item.lines.get("related", 1), message))
    return problems
