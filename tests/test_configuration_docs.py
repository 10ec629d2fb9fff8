"""Every variable in .env.example is documented in README's configuration table and read by the bot."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = sorted(
    {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if re.match(r"^[A-Z_]+=", line)
    }
)
README = (ROOT / "README.md").read_text(encoding="utf-8")
SYSTEM = frozenset({"HOME", "XDG_DATA_HOME"})
"""Set by the operating system, not by whoever configures the bot; they only place the default database."""


class LookupRecorder(Mapping[str, str]):
    """An empty environment that remembers every variable the settings asked for."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.asked.add(name)
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        self.asked.add(str(name))
        return False

    def get(self, name: str, default: object = None) -> object:  # type: ignore[override]
        self.asked.add(name)
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@pytest.mark.parametrize("variable", EXAMPLE)
def test_example_variable_is_in_the_readme_table_and_read_by_the_bot(variable: str) -> None:
    environment = LookupRecorder()

    Settings.from_mapping(environment)

    assert re.search(rf"^\|[^|\n]*`{variable}`", README, re.MULTILINE), f"{variable} missing from README's table"
    assert variable in environment.asked, f"{variable} is never read"


def test_every_variable_the_bot_reads_is_in_the_example_and_the_readme_table() -> None:
    environment = LookupRecorder()

    Settings.from_mapping(environment)

    assert sorted(environment.asked - set(EXAMPLE) - SYSTEM) == [], "add these to .env.example (and README's table)"
