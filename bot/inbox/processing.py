"""Processing stored events: the accepting process at once, any process later (a job takes over rows left by a
process that died or stopped), each row marked done in the same transaction as the work it caused.

The event is handed to `dispatch` (the Bolt app, in `handlers.inbox`) with `current()` set, so the first unit of
work that commits (`Desk.work`) marks the row processed in its own transaction: a reply queued in the outbox and
"this event is done" are stored together or not at all. An event whose listener stored nothing (a membership
change, App Home) is marked afterwards in a transaction of its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.db import Sessions, transaction
from bot.errors import DatabaseUnavailable
from bot.inbox import store

log = logging.getLogger("servicedesk.inbox")

Dispatch = Callable[[dict[str, Any]], None]
"""Runs an event's listeners to the end in the calling thread."""
MAX_ATTEMPTS = 3
"""An event whose listener failed this often is given up on (logged), so one bad payload never loops."""


class AlreadyProcessed(Exception):
    """Another process finished this event first: the unit of work that found out rolls back."""


@dataclass
class Processing:
    """The row an event lane is working on; `marked` once a committed unit of work recorded it as done."""

    row_id: int
    attempt: int
    marked: bool = False
    failed: bool = False


_CURRENT: ContextVar[Processing | None] = ContextVar("inbox_processing", default=None)


def current() -> Processing | None:
    """The row the calling thread is processing, if any (the listener executor runs such listeners inline)."""
    return _CURRENT.get()


def note_failure() -> None:
    """The listener of the current event failed (called by the app's error handler): try it again later."""
    processing = _CURRENT.get()
    if processing is not None:
        processing.failed = True


def mark_current(session: Session, processing: Processing, now: datetime) -> None:
    """Mark the event being processed done, in the unit of work about to commit (`Desk.work`). Flushes.

    Raises:
        AlreadyProcessed: another process marked it first (the unit of work must roll back).
    """
    if not store.mark_processed(session, processing.row_id, now=now):
        raise AlreadyProcessed(f"inbox event {processing.row_id} was processed by another process")
    processing.marked = True  # `Desk.work` sets it back when the commit fails


class Inbox:
    """Accept events into the database and process them on the event lane (`executor`)."""

    def __init__(
        self,
        sessions: Sessions,
        clock: Callable[[], datetime],
        dispatch: Dispatch,
        executor: Executor,
        *,
        lease: timedelta = store.LEASE,
    ) -> None:
        self._sessions, self._clock, self._dispatch, self._executor = sessions, clock, dispatch, executor
        self._lease = lease
        self._waiting: dict[int, datetime] = {}  # accepted here, not started yet: handed back when stopping
        self._lock = threading.Lock()
        self.accepting = True

    def accept(self, payload: Mapping[str, Any]) -> bool:
        """Store an event (inside Slack's request, before its 200) and queue it here; False for a duplicate.

        When the database cannot be reached the event is handled without being stored: its listener cannot
        store anything either, and tells the colleague so (a retry by Slack would meet the same outage).
        """
        now, keep = self._clock(), self.accepting  # stopping: stored for another process to take at once
        try:
            with transaction(self._sessions) as session:
                row_id = store.accept(session, payload, now=now, lease=self._lease if keep else timedelta(0))
        except DatabaseUnavailable as error:  # the listeners say sorry to the colleague (they need it too)
            log.warning("could not store an event (%s): handled without the inbox", error)
            self._executor.submit(self._dispatch, dict(payload))
            return True
        if row_id is None or not keep:
            return row_id is not None
        with self._lock:
            self._waiting[row_id] = now
        try:
            self._executor.submit(self._run_accepted, row_id, dict(payload))
        except RuntimeError:  # the lane was shut down meanwhile: give the row to the other processes
            self._forget(row_id)
            with transaction(self._sessions) as session:
                store.give_back(session, [row_id])
        return True

    def stop_accepting(self) -> None:
        """From now on events are stored for other processes (nothing new is started here)."""
        self.accepting = False

    def pick_up(self, limit: int = 50) -> int:
        """The job: process rows nobody is processing (left by a process that died or stopped); how many."""
        with transaction(self._sessions) as session:
            row_ids = store.waiting(session, now=self._clock(), limit=limit)
        done = 0
        for row_id in row_ids:
            if not self.accepting:
                break
            with transaction(self._sessions) as session:
                taken = store.take(session, row_id, now=self._clock(), lease=self._lease)
            if taken is not None:
                self._process(row_id, *taken)
                done += 1
        return done

    def hand_back(self) -> int:
        """Give back the rows accepted here but not started, so another process takes them at once."""
        self.accepting = False
        with self._lock:
            row_ids, self._waiting = list(self._waiting), {}
        with transaction(self._sessions) as session:
            store.give_back(session, row_ids)
        if row_ids:
            log.info("handed back %d events not started here", len(row_ids))
        return len(row_ids)

    def _forget(self, row_id: int) -> datetime | None:
        with self._lock:
            return self._waiting.pop(row_id, None)

    def _run_accepted(self, row_id: int, payload: dict[str, Any]) -> None:
        accepted = self._forget(row_id)
        if accepted is None:  # handed back meanwhile
            return
        attempt = 1
        if self._clock() >= accepted + self._lease / 2:  # queued long here: take it again, unless another did
            with transaction(self._sessions) as session:
                taken = store.take(session, row_id, now=self._clock(), lease=self._lease)
            if taken is None:
                return
            payload, attempt = taken
        self._process(row_id, payload, attempt)

    def _process(self, row_id: int, payload: dict[str, Any], attempt: int) -> None:
        processing = Processing(row_id, attempt)
        token = _CURRENT.set(processing)
        try:
            self._dispatch(payload)
        except AlreadyProcessed:
            return
        finally:
            _CURRENT.reset(token)
        if processing.marked:
            return
        if processing.failed and attempt < MAX_ATTEMPTS:
            return  # tried again when its lease runs out
        if processing.failed:
            log.warning("gave up on inbox event %d after %d failed attempts", row_id, attempt)
        try:
            with transaction(self._sessions) as session:
                store.mark_processed(session, row_id, now=self._clock())
        except DatabaseUnavailable as error:
            log.warning("inbox event %d done but not marked (%s); it may run again", row_id, error)
