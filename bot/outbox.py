"""The outbox: Slack posts we owe, stored first and delivered by a worker.

A post is a row with a unique key, so enqueuing twice never posts twice; claiming uses a lease (the row's next
attempt time moves forward) and compare-and-set, so two processes never deliver the same row. Flushes; never
commits: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db import insert_ignoring_conflict
from bot.models import OutboxMessage

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 12
UPDATE_TS = "_update_ts"
"""A message holding this key edits the post with that `ts` (chat.update) instead of posting a new one."""
THREAD_OF = "_thread_of"
"""A message holding this key (another row's outbox key) is posted in the thread of that row's post, once sent."""
UPDATE_OF = "_update_of"
"""A message holding this key (another row's outbox key) edits that row's post, once sent."""
PERSISTENT = "_persistent"
"""A message holding this key is never given up on: permanent errors are retried slowly until Slack accepts it
(a ticket card waits for the triage channel to work again)."""


def find(session: Session, key: str) -> OutboxMessage | None:
    """The post stored under `key`, if any."""
    return session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one_or_none()


def enqueue(
    session: Session,
    *,
    key: str,
    channel: str,
    message: dict[str, Any],
    now: datetime,
    thread_ts: str | None = None,
) -> OutboxMessage:
    """Store a post to deliver, or return the one already stored under `key` (race-safe). Flushes."""
    enqueue_once(session, key=key, channel=channel, message=message, now=now, thread_ts=thread_ts)
    row = find(session, key)
    assert row is not None  # just stored, or stored before
    return row


def claim_due(
    session: Session, *, now: datetime, limit: int = 20, only_id: int | None = None, lease: timedelta = LEASE
) -> list[OutboxMessage]:
    """Claim up to `limit` due rows for this worker for `lease`; rows another worker holds are skipped."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if only_id is not None:
        query = query.where(OutboxMessage.id == only_id)
    claimed = []
    for row in session.scalars(query).all():
        won = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.next_attempt_at == row.next_attempt_at)
            .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount == 1:  # type: ignore[attr-defined]
            session.refresh(row)
            claimed.append(row)
    return claimed


def mark_sent(session: Session, row_id: int, *, ts: str | None, now: datetime, channel: str | None = None) -> None:
    """Record a delivered post, its Slack timestamp and the channel Slack put it in."""
    row = session.get_one(OutboxMessage, row_id)
    row.status, row.ts, row.sent_at, row.error = "sent", ts, now, None
    row.channel = channel or row.channel
    session.flush()


def mark_retry(session: Session, row_id: int, *, now: datetime, error: str, retry_after: float | None = None) -> None:
    """Schedule another attempt with exponential back-off (or Slack's Retry-After); fail after `MAX_ATTEMPTS`."""
    row = session.get_one(OutboxMessage, row_id)
    if row.attempts >= MAX_ATTEMPTS:
        mark_failed(session, row_id, error=f"gave up after {row.attempts} attempts: {error}", now=now)
        return
    backoff = retry_after if retry_after is not None else min(5 * 2 ** (row.attempts - 1), 900)
    row.next_attempt_at, row.error = now + timedelta(seconds=backoff), error
    session.flush()


def mark_failed(session: Session, row_id: int, *, error: str, now: datetime) -> None:
    """Give up on a post for a reason an admin can act on (e.g. the bot is not in the channel)."""
    row = session.get_one(OutboxMessage, row_id)
    row.status, row.error, row.next_attempt_at = "failed", error, now
    session.flush()


def enqueue_once(
    session: Session,
    *,
    key: str,
    channel: str,
    message: dict[str, Any],
    now: datetime,
    thread_ts: str | None = None,
    status: str = "pending",
    error: str | None = None,
) -> bool:
    """Store a post under `key` unless one is stored already; True if this call stored it.

    Race-safe across processes (no IntegrityError when two planners store the same key). `status="skipped"`
    records a post that is deliberately not sent, with the reason in `error`. Flushes; never commits.
    """
    values = {
        "key": key,
        "channel": channel,
        "thread_ts": thread_ts,
        "message": message,
        "status": status,
        "attempts": 0,
        "next_attempt_at": now,
        "error": error,
        "created_at": now,
    }
    return insert_ignoring_conflict(session, OutboxMessage, values)


def release(session: Session, row_id: int, *, now: datetime) -> None:
    """Give back a claimed row that was not attempted (its lease ran too short), so any worker can take it."""
    row = session.get_one(OutboxMessage, row_id)
    row.attempts, row.next_attempt_at = max(row.attempts - 1, 0), now
    session.flush()


def replace_pending(session: Session, key: str, message: dict[str, Any]) -> bool:
    """Change the message of a post that has not gone out yet; False if it was sent (or never stored).

    Flushes; never commits.
    """
    row = find(session, key)
    if row is None or row.ts is not None or row.status != "pending":
        return False
    row.message = message
    session.flush()
    return True


def postpone(session: Session, row_id: int, *, now: datetime, seconds: float, error: str | None = None) -> None:
    """Try again in `seconds` without giving up; an attempt that never reached Slack is not counted."""
    row = session.get_one(OutboxMessage, row_id)
    if error is None:
        row.attempts = max(row.attempts - 1, 0)
    row.next_attempt_at, row.error = now + timedelta(seconds=seconds), error or row.error
    session.flush()


def resolve_references(session: Session, row_id: int, *, now: datetime) -> OutboxMessage | None:
    """Fill in the Slack `ts` of the posts a row refers to (`THREAD_OF`, `UPDATE_OF`).

    Returns the row ready to send, or None when it must wait for its parent (postponed a few seconds) or can
    never go because its parent failed (marked failed). Flushes; never commits.
    """
    row = session.get_one(OutboxMessage, row_id)
    message = dict(row.message)
    for marker in (THREAD_OF, UPDATE_OF):
        key = message.pop(marker, None)
        if key is None:
            continue
        parent = find(session, key)
        if parent is None or parent.status == "failed":
            mark_failed(session, row_id, error=f"{key} could not be posted", now=now)
            return None
        if parent.ts is None:
            postpone(session, row_id, now=now, seconds=3)
            return None
        if marker == THREAD_OF:
            row.thread_ts = parent.ts
        else:
            message[UPDATE_TS] = parent.ts
    row.message = message
    session.flush()
    return row


def supersede(session: Session, key_prefix: str, *, now: datetime) -> int:
    """Skip edits under `key_prefix` that have not gone out: a newer edit replaces them, and an older one
    arriving after it (say, retried after a 429) would show a stale state. Returns how many. Flushes."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.key.startswith(key_prefix, autoescape=True), OutboxMessage.status == "pending")
        .values(status="skipped", error="superseded by a newer edit", next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
