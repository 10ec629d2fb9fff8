"""Delivering the outbox: post, record the `ts`; retry later on rate limits, 5xx and network trouble; give up
on permanent errors (and tell the triage channel), except for persistent posts, which wait for Slack to accept.

Every post is tagged with its outbox key. When an earlier attempt may have posted without the `ts` being
recorded (a crash, a timeout), the poster looks for that tag before posting again, so a post is never doubled.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import timedelta

from bot.desk import Desk, Work
from bot.errors import DatabaseUnavailable
from bot.outbox import files, keys
from bot.outbox.poster import Posted, Poster, PostFailed
from bot.outbox.store import (
    PARENT_WAIT,
    Kind,
    Outgoing,
    Post,
    claim_due,
    enqueue_once,
    mark_failed,
    mark_retry,
    mark_sent,
    postpone,
    release,
)

log = logging.getLogger(__name__)
UPLOADS = frozenset({Kind.DIGEST})
"""Kinds whose post is a file shared with a comment (the message's text) rather than a message."""


def deliver_outbox(desk: Desk, poster: Poster, *, only: Collection[int] | None = None) -> int:
    """Deliver due posts (all, or just the rows `only` names); returns how many were sent.

    A listener delivers the rows it queued (`only=work.queued`); the tick delivers the rest. Never raises for
    Slack errors or a database outage: the rows wait in the database for a later attempt.
    """
    if only is not None and not only:
        return 0
    lease = timedelta(seconds=desk.settings.outbox_lease_seconds)
    landed: dict[int, Posted] = {}
    try:
        with desk.work() as work:
            batch = claim_due(work.session, now=work.now, only=only, lease=lease)
        for outgoing in batch:
            if outgoing.waits_for is not None:
                parent = landed.get(outgoing.waits_for)
                if parent is None:  # it did not go out: wait for a later attempt at it
                    with desk.work() as work:
                        postpone(work.session, outgoing.id, now=work.now, seconds=PARENT_WAIT.total_seconds())
                    continue
                outgoing = outgoing.after(parent.ts, parent.channel)
            posted = _deliver(desk, poster, outgoing)
            if posted is not None:
                landed[outgoing.id] = posted
    except DatabaseUnavailable as error:  # the rows wait in the database; a later tick delivers (or reconciles)
        log.warning("outbox: database unavailable, delivery postponed: %s", error)
    return len(landed)


def _deliver(desk: Desk, poster: Poster, outgoing: Outgoing) -> Posted | None:
    """Send one claimed row and record the outcome; returns where it landed, or None when it did not go out."""
    if outgoing.lease_until - desk.clock() < timedelta(seconds=poster.timeout + 1):
        with desk.work() as work:  # the lease could run out mid-call: another worker would post it too
            release(work.session, outgoing.id, now=work.now)
        return None
    try:
        posted = _upload(desk, poster, outgoing) if outgoing.kind in UPLOADS else _send(poster, outgoing)
    except PostFailed as failure:
        with desk.work() as work:
            _record_failure(work, outgoing, failure)
        return None
    with desk.work() as work:
        mark_sent(work.session, outgoing.id, ts=posted.ts, now=work.now, channel=posted.channel)
    return posted


def _send(poster: Poster, outgoing: Outgoing) -> Posted:
    if outgoing.deletes and outgoing.edit_ts is not None:  # a deletion is idempotent: gone is gone
        return poster.delete(outgoing.channel, outgoing.edit_ts)
    if outgoing.edit_ts is not None:  # an edit is idempotent: sent again as it is
        return poster.update(outgoing.channel, outgoing.edit_ts, outgoing.message)
    if outgoing.attempts > 1:  # an earlier attempt ended without a recorded outcome: it may have posted
        found = poster.find_posted(
            outgoing.channel, outgoing.key, thread_ts=outgoing.thread_ts, since=outgoing.created_at
        )
        if found is not None:
            log.warning("outbox %s: found in Slack after an interrupted attempt; not posting again", outgoing.key)
            return Posted(found, outgoing.channel)
    return poster.post(outgoing.channel, outgoing.message, thread_ts=outgoing.thread_ts, key=outgoing.key)


def _upload(desk: Desk, poster: Poster, outgoing: Outgoing) -> Posted:
    """Share the row's file with the message's text as its comment; an earlier attempt that may have shared it
    (the file name is the row's own) is looked for first, so the file is never shared twice."""
    with desk.work() as work:
        upload = files.attached(work.session, outgoing.id)
    if upload is None:
        raise PostFailed("no file stored for this post", permanent=True)
    file_id = None
    if outgoing.attempts > 1:
        file_id = poster.find_uploaded(outgoing.channel, upload.filename, since=outgoing.created_at)
        if file_id is not None:
            log.warning("outbox %s: found in Slack after an interrupted attempt; not uploading again", outgoing.key)
    if file_id is None:
        file_id = poster.upload(outgoing.channel, upload, comment=str(outgoing.message.get("text") or ""))
    with desk.work() as work:
        files.record_uploaded(work.session, outgoing.id, file_id)
    return Posted(None, outgoing.channel)


def _record_failure(work: Work, outgoing: Outgoing, failure: PostFailed) -> None:
    session, now, code = work.session, work.now, failure.code
    if failure.permanent and outgoing.persistent:
        delay = min(30 * 2 ** min(outgoing.attempts, 5), 900)
        postpone(session, outgoing.id, now=now, seconds=delay, error=code)
        log.error("outbox %s: %s refused the post (%s); retry in %d s", outgoing.key, outgoing.channel, code, delay)
    elif failure.permanent:
        mark_failed(session, outgoing.id, error=code, now=now)
        log.error("outbox %s: Slack refused the post to %s: %s", outgoing.key, outgoing.channel, code)
        _report_to_triage(work, outgoing, code)
    else:
        mark_retry(
            session, outgoing.id, now=now, error=code, retry_after=failure.retry_after, counted=not failure.not_sent
        )
        log.warning("outbox %s: will retry after %s", outgoing.key, code)


def _report_to_triage(work: Work, outgoing: Outgoing, code: str) -> None:
    """Ask the service desk to act on a ticket or announcement post that can never go out."""
    triage = work.settings.triage_channel
    about_announcement = outgoing.announcement_id is not None
    if not triage or outgoing.channel == triage or not (about_announcement or outgoing.ticket_id is not None):
        return
    message = work.render.delivery_failed(
        channel=outgoing.channel, error=code, key=outgoing.key, announcement=about_announcement
    )
    report = Post(
        keys.delivery_failed(outgoing.key), Kind.DELIVERY_FAILED, triage, message,
        ticket_id=outgoing.ticket_id, announcement_id=outgoing.announcement_id,
    )  # fmt: skip
    enqueue_once(work.session, report, now=work.now)
