"""The outbox: stored once, claimed by one worker, retried with back-off, given up on for good reasons."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import Engine

from bot.db import make_sessions, transaction
from bot.models import OutboxMessage
from bot.outbox.store import (
    GIVE_UP_AFTER,
    LEASE,
    MAX_ATTEMPTS,
    RETRY_CAP_SECONDS,
    Kind,
    Post,
    claim_due,
    enqueue,
    mark_failed,
    mark_retry,
    mark_sent,
)
from tests.conftest import START

MESSAGE = {"text": "hallo"}


def _post(key: str, message: dict[str, str] = MESSAGE) -> Post:
    return Post(key, Kind.REPLY, "C1", message)


def test_enqueue_twice_with_the_same_key_stores_one_post(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        first = enqueue(session, _post("k"), now=START)
    with transaction(sessions) as session:
        second = enqueue(session, _post("k", {"text": "anders"}), now=START)

    assert first.id == second.id
    assert second.message == MESSAGE


def test_claimed_post_is_not_claimed_again_until_its_lease_runs_out(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        enqueue(session, _post("k"), now=START)
    with transaction(sessions) as session:
        [claimed] = claim_due(session, now=START)
    with transaction(sessions) as session:
        during = claim_due(session, now=START + LEASE - timedelta(seconds=1))
    with transaction(sessions) as session:
        [after] = claim_due(session, now=START + LEASE)

    assert during == []
    assert (claimed.attempts, after.attempts) == (1, 2)


def test_simultaneous_workers_claim_each_post_exactly_once(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        for number in range(30):
            enqueue(session, _post(f"k{number}"), now=START)
    claimed: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        for _ in range(10):
            with transaction(sessions) as session:
                rows = claim_due(session, now=START, limit=5)
            with lock:
                claimed.extend(row.id for row in rows)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(claimed) == list(range(1, 31))


def test_retry_waits_with_growing_back_off_or_slacks_retry_after(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        row = enqueue(session, _post("k"), now=START)
        claim_due(session, now=START)
        mark_retry(session, row.id, now=START, error="ratelimited", retry_after=30)
        first = session.get_one(OutboxMessage, row.id).next_attempt_at
        claim_due(session, now=first)
        mark_retry(session, row.id, now=first, error="internal_error")
        second = session.get_one(OutboxMessage, row.id).next_attempt_at

    assert first == START + timedelta(seconds=30)
    assert second == first + timedelta(seconds=4)


def test_back_off_is_capped_so_delivery_resumes_within_seconds_of_slack_coming_back(engine: Engine) -> None:
    sessions = make_sessions(engine)
    waits = []
    with transaction(sessions) as session:
        row = enqueue(session, _post("k"), now=START)
        now = START
        for _ in range(8):
            claim_due(session, now=now)
            mark_retry(session, row.id, now=now, error="network: connection refused")
            due = session.get_one(OutboxMessage, row.id).next_attempt_at
            waits.append((due - now).total_seconds())
            now = due

    assert waits == [2, 4, 8, RETRY_CAP_SECONDS, RETRY_CAP_SECONDS, RETRY_CAP_SECONDS, RETRY_CAP_SECONDS, 10]


def test_retry_keeps_trying_through_a_long_outage_before_giving_up(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        row = enqueue(session, _post("k"), now=START)
        row.attempts = MAX_ATTEMPTS
        mark_retry(session, row.id, now=START + GIVE_UP_AFTER - timedelta(minutes=1), error="network")

    with transaction(sessions) as session:
        assert session.get_one(OutboxMessage, row.id).status == "pending"


def test_retry_gives_up_after_the_last_attempt_and_keeps_the_reason(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        row = enqueue(session, _post("k"), now=START)
        row.attempts = MAX_ATTEMPTS
        mark_retry(session, row.id, now=START + GIVE_UP_AFTER, error="internal_error")

    with transaction(sessions) as session:
        stored = session.get_one(OutboxMessage, row.id)
        assert stored.status == "failed"
        assert "internal_error" in (stored.error or "")
        assert claim_due(session, now=START + timedelta(days=2)) == []


def test_sent_and_failed_posts_are_never_claimed_again(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        sent = enqueue(session, _post("a"), now=START)
        failed = enqueue(session, _post("b"), now=START)
        mark_sent(session, sent.id, ts="1.2", now=START)
        mark_failed(session, failed.id, error="not_in_channel", now=START)

    with transaction(sessions) as session:
        assert claim_due(session, now=START + timedelta(days=1)) == []
