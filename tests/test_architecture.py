"""Who may import whom: handlers → bot (domain) → kb. Parsed from the source, so a wrong edge fails here.

Only the entry points (`bot.app`, `bot.cli`, `bot.__main__`) and the two adapters that must speak Slack's
protocol themselves (the offline shell's stand-in client, the WSGI app) may import `handlers` or a Slack library.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY_POINTS = {"bot.app", "bot.cli", "bot.__main__"}
ADAPTERS = {"bot.shell", "bot.web", "bot.serving", "bot.socket_mode"}
COMPOSITION_ROOT = ENTRY_POINTS | ADAPTERS
SLACK = ("slack_bolt", "slack_sdk")
KEY_PARSING = re.compile(
    r"key\w*\s*\.\s*(split|rsplit|partition|rpartition|startswith|endswith|like|removeprefix)\b|key_range|\bkey\s*[<>]=?"
)
"""Reading meaning back out of an outbox key (`key.split(":")[1]`, `key.startswith("announce:")`, key ranges)."""


def _modules(package: str) -> list[tuple[str, Path]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _calls(path: Path) -> set[str]:
    """Dotted names used in the module, e.g. `os.environ`, `datetime.now`."""
    used = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            used.add(f"{node.value.id}.{node.attr}")
    return used


def _starts(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize(("module", "path"), _modules("kb"), ids=lambda v: str(v))
def test_kb_module_is_pure(module: str, path: Path) -> None:
    forbidden = [n for n in _imports(path) if _starts(n, ("bot", "handlers", "sqlalchemy", "os", *SLACK))]
    impure = _calls(path) & {"datetime.now", "datetime.utcnow", "time.time", "os.environ", "os.getenv"}

    assert forbidden == [], f"{module} imports {forbidden}"
    assert impure == set(), f"{module} uses {impure}"


@pytest.mark.parametrize(
    ("module", "path"), [m for m in _modules("bot") if m[0] not in COMPOSITION_ROOT], ids=lambda v: str(v)
)
def test_domain_module_has_no_slack_io_environment_or_clock(module: str, path: Path) -> None:
    forbidden = [n for n in _imports(path) if _starts(n, ("handlers", *SLACK))]
    impure = _calls(path) & {"os.environ", "os.getenv", "datetime.utcnow", "time.time"}
    reads_clock = "datetime.now" in _calls(path) and module != "bot.db"  # bot.db.utcnow is the one real clock

    assert forbidden == [], f"{module} imports {forbidden}"
    assert impure == set() and not reads_clock, f"{module} reads the environment or the clock"


@pytest.mark.parametrize(("module", "path"), _modules("handlers"), ids=lambda v: str(v))
def test_handlers_never_import_the_composition_root(module: str, path: Path) -> None:
    forbidden = [n for n in _imports(path) if n in COMPOSITION_ROOT]

    assert forbidden == [], f"{module} imports {forbidden}"


def test_only_the_cli_reads_the_environment() -> None:
    readers = [
        module
        for package in ("bot", "handlers", "kb")
        for module, path in _modules(package)
        if _calls(path) & {"os.environ", "os.getenv"}
    ]

    assert readers == ["bot.cli"]


@pytest.mark.parametrize(("module", "path"), _modules("handlers"), ids=lambda v: str(v))
def test_handlers_run_no_sql(module: str, path: Path) -> None:
    database = [n for n in _imports(path) if _starts(n, ("sqlalchemy",))]

    assert database == [], f"{module} imports {database}: queries belong in bot/"


@pytest.mark.parametrize(
    ("module", "path"),
    [m for package in ("bot", "handlers") for m in _modules(package) if ".migrations." not in m[0]],
    ids=lambda v: str(v),
)
def test_outbox_keys_are_never_parsed(module: str, path: Path) -> None:
    found = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if KEY_PARSING.search(line)]

    assert found == [], f"{module} reads meaning out of a key; use the outbox row's columns: {found}"


def test_every_source_folder_is_a_package_that_gets_installed() -> None:
    from setuptools import find_packages

    installed = set(find_packages(str(ROOT), include=["bot*", "handlers*", "kb*"]))
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for package in ("bot", "handlers", "kb")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }

    assert folders - installed == set(), "add an __init__.py: pip install leaves these folders out"
