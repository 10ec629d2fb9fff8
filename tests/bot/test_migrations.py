"""The migrations on databases written by the version before them. 0004: every outbox row gets its kind and
references as columns (read once from its key and message flags), and a relayed message's copy is referred to by
row id. 0006: what became of a question and a ticket's business times, added to tables other rows refer to (on
SQLite that means rebuilding them) and removed again on the way down."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.db import MIGRATIONS, make_sessions, migrate, transaction
from bot.models import Feedback, OutboxFile, OutboxMessage, Question
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.queries import by_agent_thread, by_requester_thread

NOW = datetime(2026, 11, 23, 9, 30)
CARD_TS, OPENED_TS, PUBLISH_TS = "1700000001.000100", "1700000002.000100", "1700000003.000100"
OLD_ROWS: list[dict[str, Any]] = [
    {"key": "ticket:1:card", "channel": "CTRIAGE", "ts": CARD_TS, "status": "sent",
     "message": {"text": "SD-1001", "_persistent": True}},
    {"key": "ticket:1:card:v3", "channel": "CTRIAGE", "message": {"text": "SD-1001", "_update_of": "ticket:1:card"}},
    {"key": "ticket:1:opened", "channel": "DUASKER", "ts": OPENED_TS, "status": "sent", "message": {"text": "open"}},
    {"key": "ticket:1:claimed:UAGENT1", "channel": "UASKER",
     "message": {"text": "opgepakt", "_thread_of": "ticket:1:opened"}},
    {"key": "ticket:1:sla:warning:first_response", "channel": "CTRIAGE",
     "message": {"text": "SLA", "_thread_of": "ticket:1:card"}},
    {"key": "relay:CTRIAGE:1700000005.000100", "channel": "UASKER",
     "message": {"text": "*<@UAGENT1>*: welke verdieping?", "_thread_of": "ticket:1:opened"}},
    {"key": "relay:CTRIAGE:1700000005.000100:1700000006.000000", "channel": "UASKER",
     "message": {"text": "(bewerkt)", "_update_of": "relay:CTRIAGE:1700000005.000100"}},
    {"key": "announce:1:publish:CCHANGES", "channel": "CCHANGES", "ts": PUBLISH_TS, "status": "sent",
     "message": {"text": "Aankondiging"}},
    {"key": "announce:1:edit-v2:CCHANGES", "channel": "CCHANGES", "message": {"text": "x", "_update_ts": PUBLISH_TS}},
    {"key": "announce:1:remind86400-20261203T1700:CCHANGES", "channel": "CCHANGES", "thread_ts": PUBLISH_TS,
     "message": {"text": "Herinnering"}},
    {"key": "announce:1:cron-20261123T0800:CCHANGES", "channel": "CCHANGES", "message": {"text": "Inloop"}},
    {"key": "reply:msg:D0ASKER:1700000100.000100", "channel": "D0ASKER", "thread_ts": "1700000100.000100",
     "message": {"text": "Antwoord"}},
    {"key": "triage:failed:announce:1:publish:COTHER", "channel": "CTRIAGE", "message": {"text": "mislukt"}},
]  # fmt: skip
EXPECTED = {  # key: (kind, ticket, announcement, parent key, edited key, persistent)
    "ticket:1:card": ("ticket_card", 1, None, None, None, True),
    "ticket:1:card:v3": ("card_edit", 1, None, None, "ticket:1:card", False),
    "ticket:1:opened": ("ticket_opened", 1, None, None, None, False),
    "ticket:1:claimed:UAGENT1": ("ticket_notice", 1, None, "ticket:1:opened", None, False),
    "ticket:1:sla:warning:first_response": ("agent_note", 1, None, "ticket:1:card", None, False),
    "relay:CTRIAGE:1700000005.000100": ("relay", 1, None, "ticket:1:opened", None, False),
    "relay:CTRIAGE:1700000005.000100:1700000006.000000": (
        "relay_edit", 1, None, None, "relay:CTRIAGE:1700000005.000100", False,
    ),
    "announce:1:publish:CCHANGES": ("announcement", None, 1, None, None, False),
    "announce:1:edit-v2:CCHANGES": ("announcement_edit", None, 1, None, "announce:1:publish:CCHANGES", False),
    "announce:1:remind86400-20261203T1700:CCHANGES": (
        "announcement_notice", None, 1, "announce:1:publish:CCHANGES", None, False,
    ),
    "announce:1:cron-20261123T0800:CCHANGES": ("recurring", None, 1, None, None, False),
    "reply:msg:D0ASKER:1700000100.000100": ("reply", None, None, None, None, False),
    "triage:failed:announce:1:publish:COTHER": ("delivery_failed", None, None, None, None, False),
}  # fmt: skip


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    migrate(engine, revision, down=direction == "downgrade")


def _before_0004() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    down = ScriptDirectory.from_config(config).get_revision("0004").down_revision
    assert isinstance(down, str)
    return down


def _write_old_database(engine: Engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine, only=["tickets", "ticket_events", "announcements", "outbox"])
    names = ("tickets", "ticket_events", "announcements", "outbox")
    tickets, events, announcements, outbox = (metadata.tables[name] for name in names)
    with engine.begin() as connection:
        connection.execute(tickets.insert().values(
            id=1, number=1001, conversation_key="conv:CHELP:1.0", requester="UASKER", lang="nl", description="x",
            priority="P3", status="claimed", created_at=NOW, first_response_due=NOW, resolution_due=NOW,
            paused_seconds=0, sla_warned="", sla_breached="",
        ))  # fmt: skip
        connection.execute(announcements.insert().values(
            id=1, slug="vpn", origin="file", status="active", version=2, content_hash="h", title={"nl": "VPN"},
            body={"nl": "x"}, impact="low", langs=["nl"], channels=["CCHANGES"], tags=[], publish_at=NOW,
            reminders=[], grace_seconds=3600, post_started=True, post_ended=True, planned_at=NOW, created_at=NOW,
            updated_at=NOW,
        ))  # fmt: skip
        for row in OLD_ROWS:
            values = {"status": "pending", "attempts": 0, "next_attempt_at": NOW, "created_at": NOW} | row
            connection.execute(outbox.insert().values(**values))
        connection.execute(events.insert().values(
            ticket_id=1, at=NOW, actor="UAGENT1", kind="agent", text="welke verdieping?",
            source_ts="1700000005.000100", mirror_key="relay:CTRIAGE:1700000005.000100",
        ))  # fmt: skip


@pytest.fixture
def old_database(engine: Engine) -> Engine:
    """A database at the revision before 0004, holding rows as that version wrote them."""
    _migrate(engine, "downgrade", _before_0004())
    _write_old_database(engine)
    return engine


def _rows(engine: Engine, *columns: str) -> dict[str, Any]:
    """The outbox as stored, by key (the message decoded from JSON)."""
    outbox = sa.table("outbox", sa.column("id"), sa.column("key"), sa.column("message", sa.JSON),
                      *(sa.column(name) for name in columns))  # fmt: skip
    with engine.connect() as connection:
        rows = connection.execute(sa.select(outbox).order_by(outbox.c.id)).mappings().all()
    return {row["key"]: row for row in rows}


def test_upgrade_turns_old_keys_and_flags_into_columns(old_database: Engine) -> None:
    _migrate(old_database, "upgrade", "head")

    rows = _rows(old_database, "kind", "ticket_id", "announcement_id", "parent_id", "edit_of_id", "persistent")
    key_of = {row["id"]: key for key, row in rows.items()}
    found = {
        key: (
            row["kind"], row["ticket_id"], row["announcement_id"], key_of.get(row["parent_id"]),
            key_of.get(row["edit_of_id"]), bool(row["persistent"]),
        )
        for key, row in rows.items()
    }  # fmt: skip
    assert found == EXPECTED


def test_upgrade_strips_the_flags_and_refers_to_the_relayed_copy_by_id(old_database: Engine) -> None:
    _migrate(old_database, "upgrade", "head")

    sessions = make_sessions(old_database)
    with sessions() as session:
        rows = {row.key: row for row in session.scalars(sa.select(OutboxMessage))}
        [event] = session.scalars(sa.select(TicketEvent)).all()
        card_thread, requester_thread = (
            by_agent_thread(session, "CTRIAGE", CARD_TS),
            by_requester_thread(session, "DUASKER", OPENED_TS),
        )
    assert all(not name.startswith("_") for row in rows.values() for name in row.message)
    assert rows["ticket:1:card"].message == {"text": "SD-1001"}
    assert event.mirror_id == rows["relay:CTRIAGE:1700000005.000100"].id
    assert card_thread is not None and card_thread.id == 1
    assert requester_thread is not None and requester_thread.id == 1


def test_downgrade_puts_the_flags_back_for_the_previous_version(old_database: Engine) -> None:
    _migrate(old_database, "upgrade", "head")

    _migrate(old_database, "downgrade", _before_0004())
    rows = _rows(old_database)
    _migrate(old_database, "upgrade", "head")

    assert rows["ticket:1:card"]["message"]["_persistent"] is True
    assert rows["ticket:1:claimed:UAGENT1"]["message"]["_thread_of"] == "ticket:1:opened"
    assert rows["announce:1:edit-v2:CCHANGES"]["message"]["_update_ts"] == PUBLISH_TS
    edit = rows["relay:CTRIAGE:1700000005.000100:1700000006.000000"]["message"]
    assert edit["_update_of"] == "relay:CTRIAGE:1700000005.000100"


def test_migrations_form_one_chain_in_order() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)

    revisions = ["0013", "0012", "0011", "0010", "0006", "0005", "0004", "0003", "0002", "0001"]
    assert [script.revision for script in scripts.walk_revisions()] == revisions
    assert scripts.get_heads() == ["0013"]


def _write_answered_and_worked(engine: Engine) -> None:
    """A question with feedback and a worked ticket with its history and card, as revision 0004 stores them."""
    metadata = sa.MetaData()
    metadata.reflect(engine, only=["questions", "feedback", "tickets", "ticket_events", "outbox"])
    questions, feedback, tickets, events, outbox = (
        metadata.tables[name] for name in ("questions", "feedback", "tickets", "ticket_events", "outbox")
    )
    with engine.begin() as connection:
        connection.execute(questions.insert().values(
            id=1, asker="UASKER", surface="dm", text="vpn", lang="nl", band="suggest", confidence=0.4, created_at=NOW,
        ))  # fmt: skip
        connection.execute(feedback.insert().values(
            question_id=1, article_id="vpn-help", user_id="UASKER", helpful=False, created_at=NOW,
        ))  # fmt: skip
        connection.execute(tickets.insert().values(
            id=1, number=1001, conversation_key="question:1", requester="UASKER", lang="nl", description="vpn",
            priority="P3", status="resolved", created_at=NOW, first_response_due=NOW, resolution_due=NOW,
            first_response_at=NOW, resolved_at=NOW, paused_seconds=0, sla_warned="", sla_breached="",
        ))  # fmt: skip
        connection.execute(outbox.insert().values(
            key="ticket:1:card", kind="ticket_card", channel="CTRIAGE", message={"text": "SD-1001"}, status="sent",
            attempts=1, next_attempt_at=NOW, created_at=NOW, ticket_id=1, persistent=True,
        ))  # fmt: skip
        connection.execute(events.insert().values(ticket_id=1, at=NOW, actor="UASKER", kind="opened", text="vpn"))


def _columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns(table)}


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(sa.select(sa.func.count()).select_from(sa.table(table))) or 0)


@pytest.fixture
def database_at_0004(engine: Engine) -> Iterator[Engine]:
    """A database at revision 0004 holding questions, feedback and tickets that other rows refer to; brought
    back to the newest revision afterwards (on PostgreSQL every test shares one schema)."""
    _migrate(engine, "downgrade", "0004")
    _write_answered_and_worked(engine)
    yield engine
    _migrate(engine, "upgrade", "head")


def test_upgrade_to_0006_keeps_every_row_and_adds_empty_outcomes(database_at_0004: Engine) -> None:
    _migrate(database_at_0004, "upgrade", "head")

    with make_sessions(database_at_0004)() as session:
        question = session.get_one(Question, 1)
        ticket = session.get_one(Ticket, 1)
        [feedback] = session.scalars(sa.select(Feedback)).all()
    assert (question.picked_article_id, question.declined_at, question.ticket_id) == (None, None, None)
    assert (ticket.first_response_seconds, ticket.resolution_seconds) == (None, None)
    assert feedback.question_id == question.id
    assert [_count(database_at_0004, table) for table in ("ticket_events", "outbox")] == [1, 1]


def test_downgrade_from_0006_removes_the_outcomes_and_keeps_the_rows(database_at_0004: Engine) -> None:
    _migrate(database_at_0004, "upgrade", "head")
    with transaction(make_sessions(database_at_0004)) as session:
        question = session.get_one(Question, 1)
        question.ticket_id, question.declined_at = 1, NOW
        session.get_one(Ticket, 1).resolution_seconds = 3600

    _migrate(database_at_0004, "downgrade", "0004")

    assert {"picked_article_id", "declined_at", "ticket_id"} & _columns(database_at_0004, "questions") == set()
    assert {"first_response_seconds", "resolution_seconds"} & _columns(database_at_0004, "tickets") == set()
    counts = [_count(database_at_0004, t) for t in ("questions", "feedback", "tickets", "ticket_events", "outbox")]
    assert counts == [1, 1, 1, 1, 1]


def test_0010_adds_what_a_ticket_promised_and_takes_it_away_again_keeping_every_row(database_at_0004: Engine) -> None:
    _migrate(database_at_0004, "upgrade", "0006")
    assert {"priority_reasons", "response_promised_at"} & _columns(database_at_0004, "tickets") == set()

    _migrate(database_at_0004, "upgrade", "0010")
    with transaction(make_sessions(database_at_0004)) as session:
        ticket = session.get_one(Ticket, 1)
        assert (ticket.priority_reasons, ticket.response_promised_at) == (None, None)
        ticket.priority_reasons, ticket.response_promised_at = "security", NOW
    _migrate(database_at_0004, "downgrade", "0006")

    assert {"priority_reasons", "response_promised_at"} & _columns(database_at_0004, "tickets") == set()
    counts = [_count(database_at_0004, t) for t in ("questions", "feedback", "tickets", "ticket_events", "outbox")]
    assert counts == [1, 1, 1, 1, 1]


def test_0011_adds_a_table_for_the_files_posts_upload_and_drops_it_again_keeping_the_posts(
    database_at_0004: Engine,
) -> None:
    _migrate(database_at_0004, "upgrade", "0010")
    assert "outbox_files" not in sa.inspect(database_at_0004).get_table_names()

    _migrate(database_at_0004, "upgrade", "0011")
    with transaction(make_sessions(database_at_0004)) as session:
        session.add(OutboxFile(outbox_id=1, filename="digest.png", title="Grafiek", content=b"\x89PNG"))
    with make_sessions(database_at_0004)() as session:
        assert session.get_one(OutboxFile, 1).content == b"\x89PNG"
    _migrate(database_at_0004, "downgrade", "0010")

    assert "outbox_files" not in sa.inspect(database_at_0004).get_table_names()
    assert _count(database_at_0004, "outbox") == 1


def _announcement(connection: sa.Connection, table: sa.Table, slug: str, origin: str, text: str) -> None:
    connection.execute(table.insert().values(
        slug=slug, origin=origin, status="planned", version=1, content_hash="x", title={"nl": text},
        body={"nl": text, "en": text}, expected={"nl": text}, impact="low", langs=["nl"], channels=["C1"], tags=[],
        publish_at=NOW, reminders=[], grace_seconds=0, post_started=False, post_ended=False, planned_at=NOW,
        created_at=NOW, updated_at=NOW,
    ))  # fmt: skip


def _announcement_texts(engine: Engine) -> dict[str, tuple[Any, ...]]:
    table = sa.Table("announcements", sa.MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.slug, table.c.title, table.c.body, table.c.expected)).all()
    return {row.slug: (row.title, row.body, row.expected) for row in rows}


def test_0013_makes_announcements_saved_from_slack_plain_and_leaves_files_alone(database_at_0004: Engine) -> None:
    _migrate(database_at_0004, "upgrade", "0012")
    table = sa.Table("announcements", sa.MetaData(), autoload_with=database_at_0004)
    with database_at_0004.begin() as connection:
        _announcement(connection, table, "uit-slack", "slack", "R&amp;D &lt;kapot&gt;")
        _announcement(connection, table, "uit-bestand", "file", "R&amp;D blijft zo")

    _migrate(database_at_0004, "upgrade", "0013")
    upgraded = _announcement_texts(database_at_0004)
    _migrate(database_at_0004, "downgrade", "0012")
    downgraded = _announcement_texts(database_at_0004)

    assert upgraded["uit-slack"] == (
        {"nl": "R&D <kapot>"},
        {"nl": "R&D <kapot>", "en": "R&D <kapot>"},
        {"nl": "R&D <kapot>"},
    )
    assert upgraded["uit-bestand"][0] == {"nl": "R&amp;D blijft zo"}
    assert downgraded["uit-slack"][0] == {"nl": "R&amp;D &lt;kapot&gt;"}
