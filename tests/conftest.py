"""Shared fixtures: a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), the fake Slack Web API,
and the real Bolt app served over real HTTP with an inline listener executor.

The tests serve the WSGI app with the standard library's threading server (it stops cleanly between tests);
production serves the same WSGI app with waitress, which the black-box tests exercise."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from sqlalchemy import Engine, event, text

from bot.announcements.models import Announcement
from bot.app import create_app, make_client, make_desk, make_inbox
from bot.config import BUNDLED_ARTICLES, Settings
from bot.db import database_answers, make_engine, make_sessions, transaction, upgrade
from bot.desk import Desk
from bot.embedding_cache import DatabaseVectorStore
from bot.executors import InlineExecutor
from bot.models import Base
from bot.web import make_wsgi_app
from kb.embedder_e5 import default_embedder
from kb.embedding import CachedEncoder, text_key
from kb.loader import load_directory
from kb.matcher import article_texts, embedding_text
from tests.fakes.slack_api import RESPONSE_URL_PREFIX, FakeSlack
from tests.fakes.slack_events import SlackSender

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as `servicedesk` sets it (bot.cli.OPENMP_DEFAULTS)

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
HELP_CHANNEL = "CHELP"
START = datetime(2026, 11, 23, 9, 30)  # a Monday morning, naive UTC


class Clock:
    """A clock tests move by hand; returns naive UTC like the real one."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """PostgreSQL when TEST_DATABASE_URL is set (a missing server fails the tests, never skips them)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = make_engine(url)
        with engine.begin() as connection:  # start from an empty schema: the migrations must build it all
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(engine)
        engine.dispose()
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'template.sqlite3'}"


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database for one test."""
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path / 'servicedesk.sqlite3'}")
        upgrade(engine)
    else:
        engine = make_engine(database_url)
        with engine.begin() as connection:
            # a process left over from an earlier test (e.g. a killed worker's session) must not hold locks
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    engine.dispose()


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack(tokens={BOT_TOKEN}) as fake:
        fake.add_user("UASKER", name="anne", real_name="Anne de Vries", locale="nl-NL")
        fake.add_user("UENGLISH", name="john", real_name="John Smith", locale="en-GB")
        yield fake


@pytest.fixture
def clock() -> Clock:
    return Clock()


NEVER_ANSWER = {"MATCH_ANSWER_THRESHOLD": "1.0", "MATCH_SUGGEST_THRESHOLD": "1.0"}
"""Settings under which the bot knows no answer: for tests of what happens then, whatever the matcher scores."""
ALWAYS_SUGGEST = {"MATCH_ANSWER_THRESHOLD": "1.0", "MATCH_SUGGEST_THRESHOLD": "0.0"}
"""Settings under which every question gets suggestions."""
CALIBRATED = {"MATCH_ANSWER_THRESHOLD": "", "MATCH_SUGGEST_THRESHOLD": ""}
"""The shipped thresholds again, for a test in a module that sets others."""


@pytest.fixture
def announcements_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "announcements"
    directory.mkdir()
    return directory


@pytest.fixture
def env(slack: FakeSlack, announcements_dir: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The configuration a test bot runs with. `@pytest.mark.settings(NAME=value)` on a module, class or test
    adds to it; the marker nearest the test wins per variable."""
    settings: dict[str, str] = {}
    for marker in reversed(list(request.node.iter_markers("settings"))):
        settings.update(marker.kwargs)
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "HELP_CHANNELS": HELP_CHANNEL,
        "SERVICEDESK_CONTACT": "servicedesk@example.org",
        "ANNOUNCEMENTS_DIR": str(announcements_dir),
        **settings,
    }


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return Settings.from_mapping(env)


@pytest.fixture
def desk(settings: Settings, engine: Engine, clock: Clock) -> Iterator[Desk]:
    made = make_desk(settings, make_sessions(engine), clock)
    yield made
    made.leases.close()  # no heartbeat may touch the database once the test's engine is disposed


@pytest.fixture
def agents(slack: FakeSlack) -> list[str]:
    """The service desk's agents: members of the triage channel (see `tests.support.tickets.TICKETS`)."""
    from tests.support.tickets import AGENTS, TRIAGE

    slack.set_members(TRIAGE, AGENTS)
    slack.add_user("UAGENT1", name="piet", real_name="Piet Jansen")
    return AGENTS


@pytest.fixture
def run_tick(desk: Desk) -> Callable[[], int]:
    """One announcement tick of this process: sync files, plan, deliver (with the desk's fixed clock)."""
    from bot.announcements.jobs import AnnouncementFiles, tick
    from bot.app import make_poster

    poster = make_poster(desk.settings)
    files = AnnouncementFiles(desk.settings.announcements_dir, desk.local_time)
    return lambda: tick(desk, poster, files)


@pytest.fixture
def announce(desk: Desk) -> Callable[..., Announcement]:
    """Store an announcement from plain data (like a YAML file), as of the desk's clock."""
    from tests.support.announcements import save_data

    def save(slug: str = "vpn-onderhoud", **data: Any) -> Announcement:
        saved = save_data(desk, slug, data)
        assert saved.announcement is not None
        return saved.announcement

    return save


def warm_vector_cache(engine: Engine) -> None:
    """Store the bundled KB's sentence vectors in this database, as an earlier bot process would have, so
    that a bot started as a subprocess reads them instead of encoding the KB again (this process encodes
    them once, then keeps them in its memo). No-op without the `semantic` extra."""
    embedder = default_embedder()
    if embedder is None:
        return
    articles = load_directory(BUNDLED_ARTICLES).articles
    texts = list(dict.fromkeys(embedding_text(text) for article in articles for text in article_texts(article)))
    vectors = CachedEncoder(embedder).encode(texts)
    with transaction(make_sessions(engine)) as session:
        store = DatabaseVectorStore(session)
        store.save(embedder.name, {text_key(t): v.tobytes() for t, v in zip(texts, vectors, strict=True)})


@contextmanager
def database_down(engine: Engine) -> Iterator[None]:
    """While inside, every new connection fails the way a driver fails when the server is gone."""

    def refuse(*_args: object) -> None:
        raise engine.dialect.loaded_dbapi.OperationalError("connection refused (simulated outage)")

    engine.dispose()  # pooled connections would hide the outage
    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)


@dataclass
class RunningBot:
    """The bot as Slack sees it: an HTTP endpoint, plus the fake Web API it talks to."""

    url: str
    send: SlackSender
    slack: FakeSlack
    desk: Desk

    def response_url(self, name: str = "1") -> str:
        return self.slack.url + RESPONSE_URL_PREFIX + name


@pytest.fixture
def bot(desk: Desk, slack: FakeSlack, engine: Engine) -> Iterator[RunningBot]:
    """The real Bolt app behind the real WSGI server on a free port; listeners run before the response."""
    app = create_app(desk, make_client(desk.settings), listener_executor=InlineExecutor())
    inbox = make_inbox(desk, app, InlineExecutor())
    wsgi = make_wsgi_app(app, lambda: database_answers(engine), inbox, SIGNING_SECRET)
    server = make_server("127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    slack.clear()  # building the app called auth.test; tests look at what happens after
    try:
        yield RunningBot(url, SlackSender(url, SIGNING_SECRET), slack, desk)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # Slack may deliver many requests at once (e.g. 20 agents clicking together)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Tests read what happened from the fake Slack API, not from an access log."""
