"""Engine, sessions and the transaction boundary that turns a database outage into a colleague's apology."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, exc, insert, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool, StaticPool

from bot.errors import DatabaseUnavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
Sessions = sessionmaker[Session]


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """An engine that checks connections before use, so the bot recovers once the database is back.

    `pooled=False` (one-shot CLI commands): every connection is closed when given back, so an engine nobody
    disposes leaves no open connection behind."""
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        database = make_url(url).database
        if database and not in_memory:  # SQLite makes the file, not its folder (the default one may be new)
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            poolclass=StaticPool if in_memory else (None if pooled else NullPool),
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {"connect_timeout": 5} if url.startswith("postgresql") else {}
    if not pooled:
        return create_engine(url, poolclass=NullPool, connect_args=connect_args)
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_sessions(engine: Engine) -> Sessions:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: Sessions) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on error.

    Raises:
        DatabaseUnavailable: the database could not be reached or refused the work for operational reasons.
    """
    try:
        with sessions.begin() as session:
            yield session
    except (exc.OperationalError, exc.InterfaceError) as error:
        raise DatabaseUnavailable(str(error).splitlines()[0]) from error


def insert_ignoring_conflict(session: Session, model: type[DeclarativeBase], values: dict[str, Any]) -> bool:
    """Insert a row unless a unique key already holds one; True if this call inserted it.

    Race-safe across processes on SQLite and PostgreSQL (ON CONFLICT DO NOTHING ... RETURNING tells whether
    the row went in; rowcount is not reliable for ORM inserts). Flushes; never commits.
    """
    dialect = session.get_bind().dialect.name
    key = next(iter(model.__table__.primary_key.columns))  # type: ignore[attr-defined]
    if dialect == "postgresql":
        statement = postgresql.insert(model).values(values).on_conflict_do_nothing().returning(key)
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(values).on_conflict_do_nothing().returning(key)
    else:  # elsewhere a plain insert: a duplicate raises IntegrityError
        statement = insert(model).values(values).returning(key)
    return session.execute(statement).first() is not None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`, by default the newest migration (idempotent)."""
    migrate(engine, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` (e.g. "0002", or "-1" for one step); data of later tables is lost."""
    migrate(engine, revision, down=True)


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Migrate the schema up (or `down`) to `revision`, in one transaction.

    SQLite changes a table by rebuilding it (copy, drop, rename), and dropping a table that other rows refer to
    fails while foreign keys are enforced. So on SQLite they are switched off for the migration (outside the
    transaction: SQLite ignores the switch inside one), checked before the commit, and switched on again, the
    way SQLite's documentation prescribes for altering tables.

    Raises:
        MigrationBrokeReferences: on SQLite, rows refer to rows that are gone after the migration (rolled back).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        on_sqlite = connection.dialect.name == "sqlite"
        if on_sqlite:
            _enforce_foreign_keys(connection, False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                (command.downgrade if down else command.upgrade)(config, revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all() if on_sqlite else []
                if broken:
                    raise MigrationBrokeReferences(f"rows refer to missing rows after migrating: {broken[:5]}")
        finally:
            if on_sqlite:
                _enforce_foreign_keys(connection, True)


class MigrationBrokeReferences(RuntimeError):
    """A migration left rows referring to rows that do not exist (an admin's problem, not a colleague's)."""


def _enforce_foreign_keys(connection: Connection, on: bool) -> None:
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    connection.commit()
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar() != int(on):
        raise RuntimeError("SQLite did not switch foreign keys; was a transaction still open?")
    connection.commit()


def database_answers(engine: Engine) -> bool:
    """True when a trivial query succeeds; used by the health check."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except exc.SQLAlchemyError:
        return False
    return True


def utcnow() -> datetime:
    """The real clock, as naive UTC (what the models store). Only the composition root passes it in."""
    return datetime.now(UTC).replace(tzinfo=None)
