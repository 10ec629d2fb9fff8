"""Loading the knowledge base: every article file in a folder, checked one by one and as a set.

A broken file is reported as a `Problem` (`path:line: message`, saying how to fix it) and left out; the other
articles still load. Warnings (Markdown that Slack cannot show as written) leave the article in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kb.article import Article
from kb.article_file import ID_PATTERN, Problem, parse_file
from kb.promises import Offer, broken_promises
from kb.set_checks import check_set

__all__ = [
    "ID_PATTERN", "Fingerprint", "LoadResult", "Offer", "Problem", "fingerprint", "load_directory", "parse_file",
]  # fmt: skip

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
class LoadResult:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()


def load_directory(directory: Path, offer: Offer | None = None) -> LoadResult:
    """Load every `*.md` file in `directory` and check the set as a whole; problems come sorted by file and line.

    With `offer` (what the bot offers colleagues), every promise an article makes about the bot is checked too
    (`kb.promises`); a broken promise is a problem, but the article stays in use.
    """
    parsed = [parse_file(path) for path in sorted(directory.glob("*.md"))]
    kept, set_problems = check_set(parsed)
    if offer is not None:
        set_problems += broken_promises(kept, offer)
    problems = [problem for item in parsed for problem in item.problems] + set_problems
    warnings = [warning for item in kept for warning in item.warnings]
    return LoadResult(
        tuple(item.article for item in kept if item.article is not None),
        tuple(sorted(problems, key=_position)),
        tuple(sorted(warnings, key=_position)),
    )


def _position(problem: Problem) -> tuple[str, int]:
    return problem.path, problem.line
