"""Announcement files: one YAML mapping per `*.yaml` file in the announcements folder (reviewed by pull request).

A broken file is reported as `path:line: problem` and skipped; the other files still load. The file name
(without `.yaml`) is the announcement's slug, so renaming a file makes a new announcement.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.announcements.spec import AnnouncementSpec, parse_spec
from kb.loader import ID_PATTERN, Fingerprint, Problem, fingerprint

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


def load_directory(directory: Path) -> LoadResult:
    """Load every `*.yaml` / `*.yml` file directly in `directory` (sorted); sub-folders such as examples/ are not."""
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    broken: set[str] = set()
    for path in files_in(directory):
        spec, file_problems = parse_file(path)
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


def parse_file(path: Path) -> tuple[AnnouncementSpec | None, list[Problem]]:
    """Parse and validate one file; returns the spec (None if unusable) and its problems."""
    name = str(path)
    if not SLUG.match(path.stem):
        return None, [Problem(name, 1, "file name must be lowercase words joined by '-', e.g. vpn-onderhoud.yaml")]
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark from an editor is fine
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, 1, f"cannot read file: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [Problem(name, line, f"broken YAML: {getattr(error, 'problem', None) or error}")]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return None, [Problem(name, 1, "the file must be a mapping of fields (title:, body:, channels:, ...)")]
    spec, problems = parse_spec({str(key): value for key, value in data.items()})
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return spec, [Problem(name, lines.get(field, 1), message) for field, message in problems]
