"""Delivering the outbox to Slack: post, record the `ts`; retry later on 429/5xx; give up on permanent errors."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db import transaction
from bot.desk import Desk
from bot.models import OutboxMessage
from bot.outbox import claim_due, mark_failed, mark_retry, mark_sent

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
    }
)
METADATA_EVENT = "servicedesk_post"


def deliver_outbox(desk: Desk, client: WebClient, *, only_id: int | None = None) -> int:
    """Deliver due posts (or just `only_id`); returns how many were sent. Never raises for Slack errors."""
    with transaction(desk.sessions) as session:
        rows = claim_due(session, now=desk.clock(), only_id=only_id)
    sent = 0
    for row in rows:
        sent += _deliver(desk, client, row)
    return sent


def _deliver(desk: Desk, client: WebClient, row: OutboxMessage) -> int:
    try:
        response = client.chat_postMessage(
            channel=row.channel,
            thread_ts=row.thread_ts,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"outbox_key": row.key}},
            **row.message,
        )
    except SlackApiError as error:
        _record_failure(desk, row, error)
        return 0
    except OSError as error:  # network trouble: Slack unreachable
        with transaction(desk.sessions) as session:
            mark_retry(session, row.id, now=desk.clock(), error=f"network: {error}")
        log.warning("outbox %s: Slack unreachable, will retry: %s", row.key, error)
        return 0
    with transaction(desk.sessions) as session:
        mark_sent(session, row.id, ts=response.get("ts"), now=desk.clock())
    return 1


def _record_failure(desk: Desk, row: OutboxMessage, error: SlackApiError) -> None:
    code = str(error.response.get("error") or error.response.status_code)
    retry_after = error.response.headers.get("Retry-After") if error.response.status_code == 429 else None
    with transaction(desk.sessions) as session:
        if code in PERMANENT_ERRORS:
            mark_failed(session, row.id, error=code, now=desk.clock())
            log.error("outbox %s: Slack refused the post to %s: %s", row.key, row.channel, code)
        else:
            delay = float(retry_after) if retry_after else None
            mark_retry(session, row.id, now=desk.clock(), error=code, retry_after=delay)
            log.warning("outbox %s: will retry after Slack said %s", row.key, code)
