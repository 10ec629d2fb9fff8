"""The inbox table: storing an event once, taking rows with a lease, marking them done, giving them back.

Domain code: takes a `Session`, flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.models import InboxEvent

LEASE = timedelta(seconds=10)
"""How long a process keeps an event it took before any other process may take it over (after a crash)."""


def message_key(payload: Mapping[str, Any]) -> str | None:
    """What makes an event the same event when Slack delivers it again under another event id: its type, subtype,
    channel and message ts (a message and the `app_mention` for it stay two events)."""
    event = payload.get("event")
    if not isinstance(event, Mapping):
        return None
    channel, ts = event.get("channel"), event.get("ts")
    if not (isinstance(channel, str) and isinstance(ts, str)):
        return None
    return f"{event.get('type')}:{event.get('subtype') or ''}:{channel}:{ts}"[:200]


def accept(session: Session, payload: Mapping[str, Any], *, now: datetime, lease: timedelta = LEASE) -> int | None:
    """Store an event, taken by the caller for `lease`; its row id, or None when it was stored before. Flushes."""
    event_id = payload.get("event_id")
    values = {
        "event_id": str(event_id)[:100] if event_id else None,
        "message_key": message_key(payload),
        "payload": dict(payload),
        "received_at": now,
        "lease_until": now + lease,
        "attempts": 1,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(InboxEvent).values(values).on_conflict_do_nothing().returning(InboxEvent.id)
    return session.execute(statement).scalar_one_or_none()


def take(
    session: Session, row_id: int, *, now: datetime, lease: timedelta = LEASE
) -> tuple[dict[str, Any], int] | None:
    """Take one waiting row for `lease` (when nobody holds it); its payload and how many times it was taken
    (this time included), or None when it is done or held by another process."""
    taken = session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == row_id, InboxEvent.processed_at.is_(None), _free(now))
        .values(lease_until=now + lease, attempts=InboxEvent.attempts + 1)
        .returning(InboxEvent.payload, InboxEvent.attempts)
    ).first()
    return None if taken is None else (dict(taken[0]), int(taken[1]))


def waiting(session: Session, *, now: datetime, limit: int = 50) -> list[int]:
    """Rows nobody is processing: never finished, and their lease ran out or was given back (oldest first)."""
    query = select(InboxEvent.id).where(InboxEvent.processed_at.is_(None), _free(now))
    return list(session.scalars(query.order_by(InboxEvent.id).limit(limit)))


def mark_processed(session: Session, row_id: int, *, now: datetime) -> bool:
    """Record the row as done; False when another process finished it first (then roll back)."""
    done = session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == row_id, InboxEvent.processed_at.is_(None))
        .values(processed_at=now, lease_until=None)
        .returning(InboxEvent.id)
    ).first()
    return done is not None


def give_back(session: Session, row_ids: Collection[int]) -> None:
    """Release rows this process took but will not start, so another process takes them at once."""
    if row_ids:
        session.execute(
            update(InboxEvent)
            .where(InboxEvent.id.in_(list(row_ids)), InboxEvent.processed_at.is_(None))
            .values(lease_until=None)
        )


def _free(now: datetime) -> Any:
    return or_(InboxEvent.lease_until.is_(None), InboxEvent.lease_until < now)
