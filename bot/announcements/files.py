"""Announcement files: one YAML mapping per `*.yaml` file in the announcements folder (reviewed by pull request).

A broken file is reported as `path:line: problem` and skipped; the other files still load. The file name
(without `.yaml`) is the announcement's slug, so renaming a file makes a new announcement.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.announcements.spec import CHANNEL_HELP, AnnouncementSpec, parse_spec
from bot.local_time import LocalTime
from kb.loader import ID_PATTERN, Fingerprint, Problem, fingerprint
from kb.yaml_text import comment_advice, comment_word, duplicate_keys, explain, read_yaml

SLUG = ID_PATTERN  # the same rule as knowledge-base article ids


@dataclass(frozen=True)
class LoadedFile:
    slug: str
    spec: AnnouncementSpec


@dataclass(frozen=True)
class LoadResult:
    announcements: tuple[LoadedFile, ...]
    problems: tuple[Problem, ...]
    broken: frozenset[str]
    """Slugs of files that exist but could not be used: their stored announcement is left as it was."""


def load_directory(directory: Path, local: LocalTime) -> LoadResult:
    """Load every `*.yaml` / `*.yml` file directly in `directory` (sorted); sub-folders such as examples/ are not.

    Times without an offset are answered with how to write them in `local`'s time zone (`BUSINESS_TIMEZONE`).
    """
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    broken: set[str] = set()
    for path in files_in(directory):
        spec, file_problems = parse_file(path, local)
        problems.extend(file_problems)
        if spec is None:
            broken.add(path.stem)
        else:
            loaded.append(LoadedFile(path.stem, spec))
    return LoadResult(tuple(loaded), tuple(problems), frozenset(broken))


def files_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if path.suffix in (".yaml", ".yml") and path.is_file())


def files_fingerprint(directory: Path) -> Fingerprint:
    """Changes whenever an announcement file is added, removed or edited."""
    return fingerprint(files_in(directory))


def parse_file(path: Path, local: LocalTime) -> tuple[AnnouncementSpec | None, list[Problem]]:
    """Parse and validate one file; returns the spec (None if unusable) and its problems, each at the line to
    change and saying how."""
    name = str(path)
    if not SLUG.match(path.stem):
        return None, [Problem(name, 1, "file name must be lowercase words joined by '-', e.g. vpn-onderhoud.yaml")]
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark from an editor is fine
        node, data = read_yaml(text)
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, 1, f"cannot read file: {error}")]
    except yaml.YAMLError as error:
        lines = text.splitlines()
        line, message = explain(error, lines)
        blamed = lines[line - 1] if 0 < line <= len(lines) else ""
        if blamed.lstrip().startswith("channels"):
            message = _channel_comment(blamed) or message
        return None, [Problem(name, line, message)]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return None, [Problem(name, 1, "the file must be fields, one per line as 'name: value' (title:, body:, ...)")]
    doubled = duplicate_keys(node)
    if doubled:
        return None, [Problem(name, line, message) for line, message in doubled]
    spec, problems = parse_spec({str(key): value for key, value in data.items()}, local)
    spans = {str(key.value): (key.start_mark.line, value.end_mark.line) for key, value in node.value}
    lines = text.splitlines()
    found = [_at_line(name, lines, spans, field, message) for field, message in problems]
    return spec, sorted(found, key=lambda problem: problem.line)


def _at_line(name: str, lines: list[str], spans: dict[str, tuple[int, int]], field: str, message: str) -> Problem:
    """The problem at its field's line; when a '#' there swallowed the value as a comment, that is the problem."""
    start, end = spans.get(field, (0, 0))
    for number in range(start, min(end, len(lines) - 1) + 1) if field else ():
        advice = _channel_comment(lines[number]) if field == "channels" else comment_advice(lines[number])
        if advice is not None:
            return Problem(name, number + 1, advice)
    return Problem(name, start + 1, message)


def _channel_comment(line: str) -> str | None:
    """`channels: [#algemeen]`: explained, with the fix (a channel id, which needs no quotes)."""
    word = comment_word(line)
    if word is None:
        return None
    return (
        f"a '#' starts a comment in YAML, so '{word}' and the rest of the line are ignored; channels are "
        f"written as ids, which need no quotes: channels: [C0123456789] ({CHANNEL_HELP})"
    )
