"""A seeded quarter in the test database, shared by the report tests of one module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text

from bench.seed import Quarter
from bot.db import make_engine, upgrade
from bot.models import Base

SMALL_QUARTER = Quarter(first=date(2026, 1, 5), days=28, questions=700, people=120, ticket_chance=0.5, seed=7)
"""Four weeks: enough tickets for every figure (breaches, reopens, ratings, a change window), seeded in ~2 s."""


@contextmanager
def fresh_database(database_url: str, folder: Path) -> Iterator[Engine]:
    """A migrated, empty database outside the per-test fixture, for data that a module's tests share."""
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{folder / 'shared.sqlite3'}")
        upgrade(engine)
    else:
        engine = make_engine(database_url)
        with engine.begin() as connection:
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    try:
        yield engine
    finally:
        engine.dispose()
