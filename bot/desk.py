"""The service desk's dependencies in one place, and the unit of work every listener and job runs in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import Sessions, transaction
from bot.embedding_cache import DatabaseVectorStore
from bot.executors import InlineExecutor
from bot.inbox import processing as inbox
from bot.knowledge import KnowledgeBase, Snapshot
from bot.learning import learned_phrasings, learned_version
from bot.local_time import LocalTime
from bot.models import OutboxMessage
from bot.outbox.leases import Leases
from bot.outbox.pacing import Pacing
from bot.outbox.store import Post, enqueue
from bot.rendering import Renderer


@dataclass(frozen=True)
class Desk:
    """Settings, database sessions, the live knowledge base, the clock (naive UTC) and how posts look.

    Built by the composition root (`bot.app.make_desk`), handed to listeners and jobs by closure.
    """

    settings: Settings
    sessions: Sessions
    knowledge: KnowledgeBase
    clock: Callable[[], datetime]
    render: Renderer
    leases: Leases = field(default_factory=Leases, compare=False, repr=False)
    """The outbox rows this process holds (heartbeat, hand-back on stop)."""
    pacing: Pacing = field(default_factory=Pacing, compare=False, repr=False)
    deliveries: Executor = field(default_factory=InlineExecutor, compare=False, repr=False)
    """Where a listener's own posts are delivered once its work is committed: inline (tests, the shell: done when
    the listener is), or a pool (`servicedesk run`), so an event lane never waits on Slack's pace or a slow call."""
    """Slack's posting rate per channel, as this process keeps it."""

    @property
    def local_time(self) -> LocalTime:
        """Local time in the business time zone (`BUSINESS_TIMEZONE`), for everything people read."""
        return self.settings.sla.hours.local_time

    def snapshot(self, session: Session) -> Snapshot:
        """The knowledge base including every learned phrasing, as of this transaction; sentence vectors
        are cached in the database through the same session."""
        return self.knowledge.snapshot(
            learned_version(session), lambda: learned_phrasings(session), DatabaseVectorStore(session)
        )

    @contextmanager
    def work(self) -> Iterator[Work]:
        """One unit of work: a transaction and the one moment it happens at (the clock is read once).

        Commits on success, rolls back on error (then `queued` is empty: nothing of it was stored). While an
        inbox event is processed, the first unit of work that commits marks it done in the same transaction.

        Raises:
            DatabaseUnavailable: the database could not be reached (a `ServiceDeskError`).
            AlreadyProcessed: the inbox event being processed was finished by another process (rolled back).
        """
        processing = inbox.current()
        marks = processing is not None and not processing.marked
        try:
            with transaction(self.sessions) as session:
                unit = Work(self, session, self.clock())
                try:
                    yield unit
                    if processing is not None and marks:
                        inbox.mark_current(session, processing, unit.now)
                except BaseException:
                    unit.queued.clear()
                    raise
        except BaseException:
            if processing is not None and marks:
                processing.marked = False
            raise


@dataclass
class Work:
    """What a workflow function gets: the desk, the transaction, `now`, and the posts queued so far (their
    outbox row ids), so the caller can deliver exactly those once the transaction is committed."""

    desk: Desk
    session: Session
    now: datetime
    queued: list[int] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        return self.desk.settings

    @property
    def render(self) -> Renderer:
        return self.desk.render

    @property
    def local_time(self) -> LocalTime:
        return self.desk.local_time

    def snapshot(self) -> Snapshot:
        return self.desk.snapshot(self.session)

    def post(self, post: Post) -> OutboxMessage:
        """Queue `post` in this transaction (or find the row already stored under its key). Flushes."""
        row = enqueue(self.session, post, now=self.now)
        if row.status == "pending" and row.id not in self.queued:
            self.queued.append(row.id)
        return row
