"""Outbox rows: storing a post once, claiming due rows race-safely, and recording how delivery went.

A post is stored under a unique idempotency key, so storing it twice stores it once. What it is and which rows it
belongs to are columns (`Kind`, thread parent, edited row, ticket, announcement). Claiming uses a short lease (the
row's next attempt time moves forward; `bot.outbox.leases` renews it while the process lives) and compare-and-set,
so two processes never deliver the same row, and a dead process's rows are taken over within seconds. A row is
claimed only when no earlier row of its thread still waits, so a thread's posts never overtake each other.
Every function flushes and never commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from bot.db import Sessions, insert_ignoring_conflict, transaction
from bot.metrics import OutboxBacklog
from bot.models import OutboxMessage
from bot.outbox.order import lane, waits_behind_earlier

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 12
GIVE_UP_AFTER = timedelta(days=1)
"""A post that keeps failing for a passing reason is given up on only after `MAX_ATTEMPTS` and this long: a Slack
outage of hours delays replies, it never drops them."""
RETRY_CAP_SECONDS = 10.0
"""The longest wait between attempts after a passing failure (Retry-After aside), so delivery resumes within
seconds of Slack coming back."""
PARENT_WAIT = timedelta(seconds=3)
Message = dict[str, Any]


class Kind(StrEnum):
    """What a post is; the worker and the lookups (whose thread is this?) go by it."""

    REPLY = "reply"  # the answer to a colleague's question, in its thread
    TICKET_OPENED = "ticket_opened"  # the first message to a requester about their ticket
    TICKET_NOTICE = "ticket_notice"  # a later message to the requester (claimed, resolved, ...)
    TICKET_CARD = "ticket_card"  # a ticket's card in the triage channel
    TEAM_CARD = "team_card"  # a ticket's card in a second-line team's channel
    CARD_EDIT = "card_edit"  # bringing a card up to date
    AGENT_NOTE = "agent_note"  # a message for the agents in a card's thread (SLA, escalation note)
    URGENT_ALERT = "urgent_alert"  # a spoed (P1) ticket announced in the triage channel itself
    RELAY = "relay"  # a copy of a ticket conversation message on the other side
    RELAY_EDIT = "relay_edit"  # an edit or deletion mirrored onto such a copy
    RELAY_DELETE = "relay_delete"  # a copy taken away (chat.delete): its original became an internal note
    ANNOUNCEMENT = "announcement"  # an announcement's first post in a channel
    RECURRING = "recurring"  # one post of a recurring announcement
    ANNOUNCEMENT_NOTICE = "announcement_notice"  # reminder, start, end, change or cancellation in its thread
    ANNOUNCEMENT_EDIT = "announcement_edit"  # bringing an announcement's first post up to date
    DELIVERY_FAILED = "delivery_failed"  # a report to the triage channel of a post that can never go out
    DIGEST = "digest"  # the weekly digest in the triage channel: a file upload (its chart) with the summary


@dataclass(frozen=True)
class Post:
    """A post to store. `parent_id`: post in the thread of that row's post, once it is sent; `edit_of_id`: edit
    that row's post (chat.update); `persistent`: never give up (a card waits for its channel to work again)."""

    key: str
    kind: Kind
    channel: str
    message: Message
    thread_ts: str | None = None
    parent_id: int | None = None
    edit_of_id: int | None = None
    persistent: bool = False
    ticket_id: int | None = None
    announcement_id: int | None = None


@dataclass(frozen=True)
class Outgoing:
    """A claimed row, ready to send: its thread and the post it edits resolved to Slack timestamps.

    `waits_for` names a row claimed earlier in the same batch whose post this one goes in the thread of (or
    edits): once that is sent, `after` fills in where it landed.
    """

    id: int
    key: str
    channel: str
    message: Message
    thread_ts: str | None
    edit_ts: str | None
    attempts: int
    created_at: datetime
    lease_until: datetime
    persistent: bool
    ticket_id: int | None
    announcement_id: int | None
    waits_for: int | None = None
    edits: bool = False
    deletes: bool = False
    lane: str = ""
    kind: str = ""

    def after(self, ts: str | None, channel: str) -> Outgoing:
        """This row once the post it waits for landed at (`channel`, `ts`)."""
        if self.edits:
            return replace(self, edit_ts=ts, channel=channel, waits_for=None)
        return replace(self, thread_ts=ts, waits_for=None)


def find(session: Session, key: str) -> OutboxMessage | None:
    """The row stored under `key`, if any."""
    return session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one_or_none()


def enqueue(session: Session, post: Post, *, now: datetime) -> OutboxMessage:
    """Store a post to deliver, or return the row already stored under its key (race-safe). Flushes."""
    enqueue_once(session, post, now=now)
    row = find(session, post.key)
    assert row is not None  # just stored, or stored before
    return row


def enqueue_once(
    session: Session, post: Post, *, now: datetime, status: str = "pending", error: str | None = None
) -> bool:
    """Store a post unless one is stored under its key already; True if this call stored it.

    Race-safe across processes (no IntegrityError when two planners store the same key). `status="skipped"`
    records a post that is deliberately not sent, with the reason in `error`. Flushes; never commits.
    """
    values = {
        "key": post.key,
        "kind": str(post.kind),
        "channel": post.channel,
        "thread_ts": post.thread_ts,
        "parent_id": post.parent_id,
        "edit_of_id": post.edit_of_id,
        "persistent": post.persistent,
        "ticket_id": post.ticket_id,
        "announcement_id": post.announcement_id,
        "message": post.message,
        "status": status,
        "attempts": 0,
        "next_attempt_at": now,
        "error": error,
        "created_at": now,
    }
    return insert_ignoring_conflict(session, OutboxMessage, values)


def claim_due(
    session: Session, *, now: datetime, limit: int = 20, only: Collection[int] | None = None, lease: timedelta = LEASE
) -> list[Outgoing]:
    """Claim up to `limit` due rows (of `only`, when given) for this worker for `lease`, ready to send, oldest first.

    Rows another worker holds are skipped, and so is a row while an earlier row of its thread (or an earlier edit
    of the same post) still waits: a thread's posts go out in the order they were stored. A row
    whose thread parent or edited post is not sent yet waits a few seconds; one whose parent can never be sent
    is marked failed. Flushes; never commits.
    """
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if only is not None:
        query = query.where(OutboxMessage.id.in_(list(only)))
    claimed: list[Outgoing] = []
    for row in session.scalars(query).all():
        if waits_behind_earlier(session, row, taken={outgoing.id for outgoing in claimed}):
            continue
        won = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.next_attempt_at == row.next_attempt_at)
            .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount == 1:  # type: ignore[attr-defined]
            # the guarded update won, so the row now holds exactly these values: no need to read it back
            set_committed_value(row, "next_attempt_at", now + lease)
            set_committed_value(row, "attempts", row.attempts + 1)
            ready = _ready(session, row, now, in_batch={outgoing.id for outgoing in claimed})
            if ready is not None:
                claimed.append(ready)
    return claimed


def _ready(session: Session, row: OutboxMessage, now: datetime, in_batch: set[int]) -> Outgoing | None:
    """The row with the Slack `ts` of its thread parent and of the post it edits filled in, or None when it must
    wait for them (postponed a few seconds) or never can go (marked failed)."""
    thread_ts, channel, edit_ts, waits_for = row.thread_ts, row.channel, None, None
    for referred in (row.parent_id, row.edit_of_id):
        if referred is None:
            continue
        other = session.get_one(OutboxMessage, referred)
        if other.status in ("failed", "skipped"):
            mark_failed(session, row.id, error=f"{other.key} could not be posted", now=now)
            return None
        if other.ts is None and other.id in in_batch and waits_for is None:
            waits_for = other.id  # goes out just before this row, in this batch
        elif other.ts is None:
            postpone(session, row.id, now=now, seconds=PARENT_WAIT.total_seconds())
            return None
        elif referred == row.parent_id:
            thread_ts = other.ts
        else:  # an edit goes where the post landed (a post to a user id lands in the DM channel)
            edit_ts, channel = other.ts, other.channel
    return Outgoing(
        row.id, row.key, channel, dict(row.message), thread_ts, edit_ts, row.attempts, row.created_at,
        row.next_attempt_at, row.persistent, row.ticket_id, row.announcement_id, waits_for,
        edits=row.edit_of_id is not None, deletes=row.kind == Kind.RELAY_DELETE, lane=lane(row), kind=row.kind,
    )  # fmt: skip


def mark_sent(session: Session, row_id: int, *, ts: str | None, now: datetime, channel: str | None = None) -> None:
    """Record a delivered post, its Slack timestamp and the channel Slack put it in."""
    row = session.get_one(OutboxMessage, row_id)
    row.status, row.ts, row.sent_at, row.error = "sent", ts, now, None
    row.channel = channel or row.channel
    session.flush()


def mark_retry(
    session: Session,
    row_id: int,
    *,
    now: datetime,
    error: str,
    retry_after: float | None = None,
    counted: bool = True,
) -> None:
    """Schedule another attempt with exponential back-off capped at `RETRY_CAP_SECONDS` (or Slack's Retry-After);
    fail after `MAX_ATTEMPTS` once the post waited `GIVE_UP_AFTER`.

    `counted=False`: Slack certainly did not post (a rate limit), so the attempt does not count towards giving
    up, and the next one need not look for an earlier post.
    """
    row = session.get_one(OutboxMessage, row_id)
    if not counted:
        row.attempts = max(row.attempts - 1, 0)
    elif row.attempts >= MAX_ATTEMPTS and now - row.created_at >= GIVE_UP_AFTER:
        mark_failed(session, row_id, error=f"gave up after {row.attempts} attempts: {error}", now=now)
        return
    backoff = retry_after if retry_after is not None else min(2.0 * 2 ** max(row.attempts - 1, 0), RETRY_CAP_SECONDS)
    row.next_attempt_at, row.error = now + timedelta(seconds=backoff), error
    session.flush()


def mark_failed(session: Session, row_id: int, *, error: str, now: datetime) -> None:
    """Give up on a post for a reason an admin can act on (e.g. the bot is not in the channel)."""
    row = session.get_one(OutboxMessage, row_id)
    row.status, row.error, row.next_attempt_at = "failed", error, now
    session.flush()


def release(session: Session, row_id: int, *, now: datetime) -> None:
    """Give back a claimed row that was not attempted (its lease ran too short), so any worker can take it."""
    row = session.get_one(OutboxMessage, row_id)
    row.attempts, row.next_attempt_at = max(row.attempts - 1, 0), now
    session.flush()


def backlog(sessions: Sessions) -> OutboxBacklog:
    """How many posts wait to go out, and when the oldest of them was stored (for `/metrics`)."""
    with transaction(sessions) as session:
        count, oldest = session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(OutboxMessage.status == "pending")
        ).one()
    return OutboxBacklog(int(count), oldest)


def postpone(session: Session, row_id: int, *, now: datetime, seconds: float, error: str | None = None) -> None:
    """Try again in `seconds` without giving up; an attempt that never reached Slack (no `error`) is not counted."""
    row = session.get_one(OutboxMessage, row_id)
    if error is None:
        row.attempts = max(row.attempts - 1, 0)
    row.next_attempt_at, row.error = now + timedelta(seconds=seconds), error or row.error
    session.flush()


def replace_pending(session: Session, row: OutboxMessage, message: Message) -> bool:
    """Change the message of a post that has not gone out yet; False once it was sent (or given up on).

    Flushes; never commits.
    """
    if row.ts is not None or row.status != "pending":
        return False
    row.message = message
    session.flush()
    return True


def supersede_edits(session: Session, row_id: int, *, now: datetime, newer: str) -> int:
    """Skip the edits of `row_id`'s post that have not gone out, except the one stored under the key `newer`: it
    replaces them, and an older one arriving after it (say, retried after a 429) would show a stale state.
    Returns how many. Flushes."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.edit_of_id == row_id, OutboxMessage.status == "pending", OutboxMessage.key != newer)
        .values(status="skipped", error="superseded by a newer edit", next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
