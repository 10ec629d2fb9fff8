"""Delivering the outbox: post, record the `ts`; retry later on rate limits, 5xx and network trouble; give up
on permanent errors (and tell the triage channel), except for persistent posts, which wait for Slack to accept.

Claimed rows go out in lanes (`store.lane`: a thread, or a channel's top-level posts), lanes side by side in
threads, each lane's rows one after the other, paced per channel (`bot.outbox.pacing`). While a row is held its
lease is renewed (`bot.outbox.leases`); when the process stops, rows not yet started are handed back.

Every post is tagged with its outbox key. When an earlier attempt may have posted without the `ts` being
recorded (a crash, a timeout), the poster looks for that tag before posting again, so a post is never doubled.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot import metrics
from bot.desk import Desk, Work
from bot.errors import DatabaseUnavailable
from bot.outbox import files, keys
from bot.outbox.leases import give_back
from bot.outbox.poster import Posted, Poster, PostFailed
from bot.outbox.store import (
    Kind,
    Outgoing,
    Post,
    claim_due,
    enqueue_once,
    mark_failed,
    mark_retry,
    mark_sent,
    postpone,
)

log = logging.getLogger(__name__)
UPLOADS = frozenset({Kind.DIGEST})
"""Kinds whose post is a file shared with a comment (the message's text) rather than a message."""

BATCH = 40
LANES_AT_ONCE = 8
"""Slack calls one process makes at the same time (each lane is one thread)."""
LONGEST_PACE_WAIT = 3.0
"""A lane waits this long at most for its channel's turn; a longer wait (a Retry-After) postpones the rows."""


def deliver_outbox(desk: Desk, poster: Poster, *, only: Collection[int] | None = None) -> int:
    """Deliver due posts (all, or just the rows `only` names); returns how many were sent.

    A listener delivers the rows it queued (`only=work.queued`); the tick delivers the rest. Never raises for
    Slack errors or a database outage: the rows wait in the database for a later attempt. Claims nothing once
    the process is stopping.
    """
    if (only is not None and not only) or desk.leases.stopping.is_set():
        return 0
    lease = timedelta(seconds=desk.settings.outbox_lease_seconds)
    try:
        with desk.work() as work:
            batch = claim_due(work.session, now=work.now, only=only, lease=lease, limit=BATCH)
    except DatabaseUnavailable as error:  # the rows wait in the database; a later tick delivers (or reconciles)
        log.warning("outbox: database unavailable, delivery postponed: %s", error)
        return 0
    desk.leases.hold(desk.sessions, desk.clock, lease, ((row.id, row.lease_until) for row in batch))
    lanes = in_lanes(batch)
    if len(lanes) <= 1:
        return sum(_deliver_lane(desk, poster, lane) for lane in lanes)
    with ThreadPoolExecutor(min(LANES_AT_ONCE, len(lanes)), thread_name_prefix="outbox-lane") as pool:
        return sum(pool.map(lambda lane: _deliver_lane(desk, poster, lane), lanes))


def in_lanes(batch: list[Outgoing]) -> list[list[Outgoing]]:
    """The batch split into lanes, each in the order it was stored; a row that waits for another row of the batch
    (its thread parent, the post it edits) goes in that row's lane, right after it."""
    lane_of: dict[int, str] = {}
    lanes: dict[str, list[Outgoing]] = {}
    for outgoing in batch:
        name = lane_of.get(outgoing.waits_for, outgoing.lane) if outgoing.waits_for is not None else outgoing.lane
        lane_of[outgoing.id] = name
        lanes.setdefault(name, []).append(outgoing)
    return list(lanes.values())


def _deliver_lane(desk: Desk, poster: Poster, lane: list[Outgoing]) -> int:
    """Send a lane's rows in order; when one does not go out, the rest are handed back (they must not overtake
    it: the claim lets them go only after it). Returns how many were sent."""
    landed: dict[int, Posted] = {}
    try:
        for index, outgoing in enumerate(lane):
            if outgoing.waits_for is not None:
                parent = landed.get(outgoing.waits_for)
                if parent is None:  # it did not go out: wait for a later attempt at it
                    _hand_back(desk, lane[index:])
                    break
                outgoing = outgoing.after(parent.ts, parent.channel)
            posted = _deliver_in_turn(desk, poster, outgoing)
            if posted is None:
                _hand_back(desk, lane[index + 1 :])
                break
            landed[outgoing.id] = posted
    except DatabaseUnavailable as error:  # the rows wait in the database; their leases run out
        log.warning("outbox: database unavailable, delivery postponed: %s", error)
    finally:
        desk.leases.let_go(outgoing.id for outgoing in lane)
    return len(landed)


def _hand_back(desk: Desk, rows: list[Outgoing]) -> None:
    if not rows:
        return
    held = {row.id: row.lease_until for row in rows if desk.leases.holds(row.id)}
    with desk.work() as work:
        give_back(work.session, desk.leases.current(held), now=work.now)
    desk.leases.let_go(held)


def _deliver_in_turn(desk: Desk, poster: Poster, outgoing: Outgoing) -> Posted | None:
    """Wait for the channel's turn (or postpone the row when that is far off), then send the row."""
    if not desk.leases.holds(outgoing.id):  # lost to another process while the database stalled
        return None
    if desk.leases.stopping.is_set():
        _hand_back(desk, [outgoing])
        return None
    wait = desk.pacing.reserve(outgoing.channel, desk.clock())
    if wait > LONGEST_PACE_WAIT:
        desk.pacing.give_back(outgoing.channel)
        with desk.work() as work:
            postpone(work.session, outgoing.id, now=work.now, seconds=wait)
        return None
    if wait > 0:
        time.sleep(wait)  # Slack's pace for this channel; the heartbeat keeps the lease meanwhile
    return _deliver(desk, poster, outgoing)


def _deliver(desk: Desk, poster: Poster, outgoing: Outgoing) -> Posted | None:
    """Send one claimed row and record the outcome; returns where it landed, or None when it did not go out."""
    try:
        with desk.leases.calling(outgoing.id):
            posted = _upload(desk, poster, outgoing) if outgoing.kind in UPLOADS else _send(poster, outgoing)
    except PostFailed as failure:
        if failure.retry_after is not None:
            desk.pacing.hold_off(outgoing.channel, failure.retry_after, desk.clock())
        metrics.record_delivery_failure(failure.reason)
        with desk.work() as work:
            _record_failure(work, outgoing, failure)
        return None
    with desk.work() as work:
        mark_sent(work.session, outgoing.id, ts=posted.ts, now=work.now, channel=posted.channel)
        if outgoing.kind == Kind.REPLY:
            metrics.observe_answer((work.now - outgoing.created_at).total_seconds())
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
