"""Delivering the outbox to Slack: post, record the `ts`; retry later on 429/5xx; give up on permanent errors.

Every post carries message metadata with its outbox key. When an earlier attempt may have posted without the
`ts` being recorded (a crash, a timeout), the channel is searched for that key before posting again, so a post
is never doubled. A row whose message holds `bot.outbox.UPDATE_TS` edits that post (chat.update) instead.
"""

from __future__ import annotations

import copy
import logging
from datetime import UTC, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.db import transaction
from bot.desk import Desk
from bot.errors import DatabaseUnavailable
from bot.messages import t
from bot.models import OutboxMessage
from bot.outbox import (
    PERSISTENT,
    THREAD_OF,
    UPDATE_OF,
    UPDATE_TS,
    claim_due,
    enqueue_once,
    mark_failed,
    mark_retry,
    mark_sent,
    postpone,
    release,
    resolve_references,
)
from handlers.blocks import text_message

log = logging.getLogger(__name__)

PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "no_text",
        "restricted_action",
        "user_not_found",
        "cannot_dm_bot",
        "message_not_found",
        "cant_update_message",
    }
)
METADATA_EVENT = "servicedesk_post"
TRIAGE_ON_FAILURE = ("announce:", "ticket:", "relay:")
"""Keys of posts whose permanent failure is reported in the triage channel (tickets may add theirs)."""
NOT_POSTED_ERRORS = frozenset({"ratelimited", "429"})
"""Errors after which Slack certainly did not post, so the next attempt need not search the channel."""
RECONCILE_WINDOW = timedelta(minutes=10)


def deliver_outbox(desk: Desk, client: WebClient, *, only_id: int | None = None) -> int:
    """Deliver due posts (or just `only_id`); returns how many were sent. Never raises for Slack errors.

    The client's own retry handlers are set aside: a post retried inside the call could be doubled (Slack may
    have posted before a 503) or outlast its lease; the outbox row backs off and checks for the post instead.
    """
    client = copy.copy(client)  # keeps its class (the shell's stand-in) and settings
    client.retry_handlers = []
    lease = timedelta(seconds=desk.settings.outbox_lease_seconds)
    sent = 0
    try:
        with transaction(desk.sessions) as session:
            rows = claim_due(session, now=desk.clock(), only_id=only_id, lease=lease)
        for row in rows:
            sent += _deliver(desk, client, row)
    except DatabaseUnavailable as error:  # the rows wait in the database; a later tick delivers (or reconciles)
        log.warning("outbox: database unavailable, delivery postponed: %s", error)
    return sent


def _deliver(desk: Desk, client: WebClient, row: OutboxMessage) -> int:
    if row.next_attempt_at - desk.clock() < timedelta(seconds=client.timeout + 1):
        with transaction(desk.sessions) as session:  # the lease could run out mid-call: another worker posts it
            release(session, row.id, now=desk.clock())
        return 0
    if THREAD_OF in row.message or UPDATE_OF in row.message:
        with transaction(desk.sessions) as session:  # posts in a thread or edits wait for their parent's ts
            ready = resolve_references(session, row.id, now=desk.clock())
            if ready is None:
                return 0
            session.expunge(ready)
        row = ready
    try:
        ts, channel = _already_posted(client, row) if _may_have_posted(row) else None, row.channel
        if ts is not None:
            log.warning("outbox %s: found in Slack after an interrupted attempt; not posting again", row.key)
        else:
            ts, channel = _send(client, row)
    except SlackApiError as error:
        _record_failure(desk, row, error)
        return 0
    except OSError as error:  # network trouble: Slack unreachable
        with transaction(desk.sessions) as session:
            mark_retry(session, row.id, now=desk.clock(), error=f"network: {error}")
        log.warning("outbox %s: Slack unreachable, will retry: %s", row.key, error)
        return 0
    with transaction(desk.sessions) as session:
        mark_sent(session, row.id, ts=ts, now=desk.clock(), channel=channel)
    return 1


def _send(client: WebClient, row: OutboxMessage) -> tuple[str | None, str]:
    """Post (or edit) the row's message; returns the Slack `ts` and the channel it landed in (a post to a user
    id lands in the DM with them, whose `D…` id is what later events carry)."""
    message: dict[str, Any] = dict(row.message)
    message.pop(PERSISTENT, None)
    update_ts = message.pop(UPDATE_TS, None)
    if update_ts is not None:  # an edit is idempotent: no metadata, so the original post keeps its own
        client.chat_update(channel=row.channel, ts=update_ts, **message)
        return str(update_ts), row.channel
    response = client.chat_postMessage(
        channel=row.channel,
        thread_ts=row.thread_ts,
        metadata={"event_type": METADATA_EVENT, "event_payload": {"outbox_key": row.key}},
        **message,
    )
    return response.get("ts"), str(response.get("channel") or row.channel)


def _may_have_posted(row: OutboxMessage) -> bool:
    """True when an earlier attempt ended without a recorded outcome (claiming counted this attempt too)."""
    return row.attempts > 1 and UPDATE_TS not in row.message and row.error not in NOT_POSTED_ERRORS


def _already_posted(client: WebClient, row: OutboxMessage) -> str | None:
    """The `ts` of a message tagged with this row's key, searched in the thread or the recent channel history.

    When Slack cannot show the thread or history (no such thread, a missing `*:history` scope), the post is
    taken as not made: posting is better than never delivering. Rate limits and outages raise, to retry.
    """
    try:
        return _search(client, row)
    except SlackApiError as error:
        if error.response.status_code == 429 or error.response.status_code >= 500:
            raise
        log.warning("outbox %s: cannot search for an earlier post (%s); posting", row.key, error.response.get("error"))
        return None


def _search(client: WebClient, row: OutboxMessage) -> str | None:
    if row.thread_ts:
        response = client.conversations_replies(
            channel=row.channel, ts=row.thread_ts, include_all_metadata=True, limit=200
        )
    else:
        oldest = (row.created_at - RECONCILE_WINDOW).replace(tzinfo=UTC).timestamp()
        response = client.conversations_history(
            channel=row.channel, oldest=f"{oldest:.6f}", include_all_metadata=True, limit=200
        )
    for message in response.get("messages") or []:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == METADATA_EVENT and payload.get("outbox_key") == row.key:
            return str(message.get("ts"))
    return None


def _record_failure(desk: Desk, row: OutboxMessage, error: SlackApiError) -> None:
    code = str(error.response.get("error") or error.response.status_code)
    retry_after = error.response.headers.get("Retry-After") if error.response.status_code == 429 else None
    with transaction(desk.sessions) as session:
        if code in PERMANENT_ERRORS and row.message.get(PERSISTENT):
            delay = min(30 * 2 ** min(row.attempts, 5), 900)
            postpone(session, row.id, now=desk.clock(), seconds=delay, error=code)
            log.error("outbox %s: %s refused the post (%s); retry in %d s", row.key, row.channel, code, delay)
        elif code in PERMANENT_ERRORS:
            mark_failed(session, row.id, error=code, now=desk.clock())
            log.error("outbox %s: Slack refused the post to %s: %s", row.key, row.channel, code)
            _tell_triage(desk, session, row, code)
        else:
            delay = float(retry_after) if retry_after else None
            mark_retry(session, row.id, now=desk.clock(), error=code, retry_after=delay)
            log.warning("outbox %s: will retry after Slack said %s", row.key, code)


def _tell_triage(desk: Desk, session: Session, row: OutboxMessage, code: str) -> None:
    """Ask the service desk to act on a post that can never go out (e.g. the bot is not in the channel)."""
    triage = desk.settings.triage_channel
    if not triage or row.channel == triage or not row.key.startswith(TRIAGE_ON_FAILURE):
        return
    what = "announce.delivery_failed" if row.key.startswith("announce:") else "ticket.delivery_failed"
    text = t(what, desk.settings.default_language, channel=row.channel, error=code, outbox_key=row.key)
    enqueue_once(session, key=f"triage:failed:{row.key}", channel=triage, message=text_message(text), now=desk.clock())
