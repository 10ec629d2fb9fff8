"""Every variable in .env.example is documented in README's configuration table and read by the bot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = sorted(
    {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if re.match(r"^[A-Z_]+=", line)
    }
)
README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "bot").rglob("*.py"))


@pytest.mark.parametrize("variable", EXAMPLE)
def test_example_variable_is_in_the_readme_table_and_read_by_the_bot(variable: str) -> None:
    assert re.search(rf"^\|[^|\n]*`{variable}`", README, re.MULTILINE), f"{variable} missing from README's table"
    assert f'"{variable}"' in SOURCES, f"{variable} is never read"
