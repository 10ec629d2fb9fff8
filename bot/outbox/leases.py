"""The outbox rows this process holds, kept alive by a heartbeat and handed back when it stops.

A claimed row's lease is short (`OUTBOX_LEASE_SECONDS`, a few seconds): while the process lives, a heartbeat
thread renews the lease of every row it holds (also during a slow Slack call), so nobody else takes it; when the
process dies, its leases run out within seconds and another process takes the rows over. On SIGTERM the process
stops claiming and gives back at once the rows it has not started on; a call in flight is finished (its row is
never given back: another process posting it meanwhile could double it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, update
from sqlalchemy.orm import Session

from bot.db import Sessions, transaction
from bot.errors import DatabaseUnavailable
from bot.models import OutboxMessage

log = logging.getLogger(__name__)

HEARTBEATS_PER_LEASE = 3
_NOT_COUNTED = case((OutboxMessage.attempts > 0, OutboxMessage.attempts - 1), else_=0)


class Leases:
    """The rows one process holds (row id: the lease stored with it). Thread-safe; one per desk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[int, datetime] = {}
        self._in_flight: set[int] = set()
        self._heartbeat: threading.Thread | None = None
        self._closed = threading.Event()
        self.stopping = threading.Event()

    def hold(
        self, sessions: Sessions, clock: Callable[[], datetime], lease: timedelta, rows: Iterable[tuple[int, datetime]]
    ) -> None:
        """Keep the leases of `rows` alive from now on (until `let_go`), renewing them every third of `lease`."""
        with self._lock:
            self._held.update(rows)
            if self._held and (self._heartbeat is None or not self._heartbeat.is_alive()):
                beat = lambda: self._beat(sessions, clock, lease)  # noqa: E731
                self._heartbeat = threading.Thread(target=beat, name="outbox-heartbeat", daemon=True)
                self._heartbeat.start()

    def holds(self, row_id: int) -> bool:
        """Whether this process still holds the row (a lease lost to a stalled database is not held)."""
        with self._lock:
            return row_id in self._held

    def current(self, rows: Iterable[int]) -> dict[int, datetime]:
        """The leases as last stored (the heartbeat moves them) of those of `rows` still held."""
        with self._lock:
            return {row_id: self._held[row_id] for row_id in rows if row_id in self._held}

    @contextmanager
    def calling(self, row_id: int) -> Iterator[None]:
        """A Slack call for the row is in flight: `hand_back` leaves it alone."""
        with self._lock:
            self._in_flight.add(row_id)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight.discard(row_id)

    def let_go(self, row_ids: Iterable[int]) -> None:
        """The rows' outcome is recorded (or they were given back): stop renewing them."""
        with self._lock:
            for row_id in row_ids:
                self._held.pop(row_id, None)

    def stop(self) -> None:
        """Claim nothing more, and start no call on a claimed row."""
        self.stopping.set()

    def hand_back(self, sessions: Sessions, now: datetime) -> int:
        """Stop, and release every held row no call is in flight for, so another process takes it at once."""
        self.stop()
        with self._lock:
            idle = {row_id: until for row_id, until in self._held.items() if row_id not in self._in_flight}
        if not idle:
            return 0
        with transaction(sessions) as session:
            released = give_back(session, idle, now=now)
        self.let_go(idle)
        log.info("outbox: handed back %d post(s) for another process to deliver", released)
        return released

    def close(self, timeout: float = 5.0) -> None:
        """End the heartbeat (after `hand_back`, or when the desk is done): what is still held is left to run out."""
        self._closed.set()
        with self._lock:
            heartbeat = self._heartbeat
        if heartbeat is not None and heartbeat is not threading.current_thread():
            heartbeat.join(timeout)

    def _beat(self, sessions: Sessions, clock: Callable[[], datetime], lease: timedelta) -> None:
        interval = lease.total_seconds() / HEARTBEATS_PER_LEASE
        while not self._closed.wait(interval):
            with self._lock:
                held = dict(self._held)
                if not held:  # ends with the last row let go; `hold` starts another
                    self._heartbeat = None
                    return
            try:
                with transaction(sessions) as session:
                    renewed = renew(session, held, now=clock(), lease=lease)
            except DatabaseUnavailable as error:
                log.warning("outbox: could not renew leases: %s", error)
                continue
            self._record(held, renewed)

    def _record(self, held: dict[int, datetime], renewed: dict[int, datetime]) -> None:
        with self._lock:
            for row_id, until in held.items():
                if row_id not in self._held or self._held[row_id] != until:
                    continue  # let go (or held again) while renewing
                if row_id in renewed:
                    self._held[row_id] = renewed[row_id]
                else:  # sent, given up, or taken over by another process after a stall
                    del self._held[row_id]


def renew(session: Session, held: dict[int, datetime], *, now: datetime, lease: timedelta) -> dict[int, datetime]:
    """Extend the leases of the rows `held` (row id: the lease it was claimed or renewed with) that nobody took
    over and that still wait; returns the new leases of those. Flushes; never commits."""
    renewed: dict[int, datetime] = {}
    for row_id, until in held.items():
        extended = max(now + lease, until)
        result = session.execute(
            update(OutboxMessage)
            .where(*_untouched(row_id, until))
            .values(next_attempt_at=extended)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            renewed[row_id] = extended
    return renewed


def give_back(session: Session, held: dict[int, datetime], *, now: datetime) -> int:
    """Release rows this worker holds but will not attempt (it stops): due at once for any worker, the attempt not
    counted. A row somebody took over meanwhile is left alone. Returns how many. Flushes; never commits."""
    released = 0
    for row_id, until in held.items():
        result = session.execute(
            update(OutboxMessage)
            .where(*_untouched(row_id, until))
            .values(next_attempt_at=now, attempts=_NOT_COUNTED)
            .execution_options(synchronize_session=False)
        )
        released += int(result.rowcount)  # type: ignore[attr-defined]
    return released


def _untouched(row_id: int, until: datetime) -> tuple[ColumnElement[bool], ...]:
    """The row still waits, with the lease this process gave it (nobody took it over)."""
    return OutboxMessage.id == row_id, OutboxMessage.status == "pending", OutboxMessage.next_attempt_at == until
