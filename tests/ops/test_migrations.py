"""Every migration can be rolled back and applied again, one step at a time, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from bot.db import MIGRATIONS, downgrade, make_engine, upgrade
from bot.models import Base

pytestmark = pytest.mark.slow


def _revisions() -> list[str]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]


@pytest.fixture
def scratch(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A database of its own (SQLite), or the test database (PostgreSQL), left at the newest schema."""
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
    else:
        engine = make_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    try:
        yield engine
    finally:
        upgrade(engine)
        engine.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_each_migration_downgrades_and_upgrades_again(scratch: Engine) -> None:
    revisions = _revisions()
    tables_at: dict[str, set[str]] = {}
    for revision in revisions:
        upgrade(scratch, revision)
        tables_at[revision] = _tables(scratch)

    for newer, older in zip(reversed(revisions), list(reversed(revisions))[1:], strict=False):
        downgrade(scratch, older)
        assert (_current(scratch), _tables(scratch)) == (older, tables_at[older]), f"downgrade of {newer}"
        upgrade(scratch, newer)
        assert _tables(scratch) == tables_at[newer], f"{newer} again after its downgrade"
        downgrade(scratch, older)

    downgrade(scratch, "base")
    assert _tables(scratch) == set()
    upgrade(scratch)
    assert _tables(scratch) == set(Base.metadata.tables)
