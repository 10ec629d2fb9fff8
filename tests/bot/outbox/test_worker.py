"""Delivery: 429 backs off per row without holding up other channels, permanent errors go to triage, a
double tick never doubles a post, and a post made before a crash is found instead of posted again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.announcements.queries import list_announcements
from bot.db import transaction
from bot.desk import Desk
from bot.models import OutboxMessage
from bot.outbox.store import Kind, Post
from handlers.poster import METADATA_EVENT
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.support.announcements import ANNOUNCEMENTS, CHANNEL, TRIAGE, save_data

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

Tick = Callable[[], int]
CHANGE = {"starts": "2026-12-03T18:00:00+01:00", "ends": "2026-12-03T20:00:00+01:00"}


def _rows(desk: Desk) -> list[OutboxMessage]:
    with desk.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_rate_limited_post_is_retried_after_retry_after_and_other_channels_go_on(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    save_data(desk, "vpn-onderhoud", {**CHANGE, "channels": [CHANNEL, "COTHER"]})
    slack.rate_limit_next("chat.postMessage", retry_after=30)

    run_tick()  # the two channels go out side by side: either may get the 429
    outcomes = {call.outcome: call.args["channel"] for call in slack.calls("chat.postMessage")}
    clock.advance(seconds=29)
    run_tick()
    early = slack.calls("chat.postMessage")[2:]
    clock.advance(seconds=1)
    run_tick()

    assert sorted(outcomes) == ["429", "ok"] and sorted(outcomes.values()) == sorted([CHANNEL, "COTHER"])
    assert early == []
    assert [(c.args["channel"], c.outcome) for c in slack.calls("chat.postMessage")][2:] == [(outcomes["429"], "ok")]
    assert all(row.status == "sent" for row in _rows(desk))


def test_server_error_is_retried_with_back_off_and_sent_once(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    save_data(desk, "vpn-onderhoud", CHANGE)
    slack.server_error_next("chat.postMessage", status=503)

    run_tick()
    clock.advance(seconds=5)
    run_tick()

    assert [call.outcome for call in slack.calls("chat.postMessage")] == ["503", "ok"]


def test_not_in_channel_marks_the_post_failed_and_tells_the_triage_channel(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    slack.remove_from_channel(CHANNEL)
    save_data(desk, "vpn-onderhoud", CHANGE)

    run_tick()

    failed, triage = _rows(desk)
    assert (failed.status, failed.error) == ("failed", "not_in_channel")
    [notice] = [call for call in slack.calls("chat.postMessage") if call.outcome == "ok"]
    assert notice.args["channel"] == TRIAGE and "not_in_channel" in notice.args["text"]
    assert f"<#{CHANNEL}>" in notice.args["text"] and triage.status == "sent"
    with desk.sessions() as session:
        [overview] = list_announcements(session, clock(), desk.local_time)
    assert overview.problems == [{"key": failed.key, "status": "failed", "reason": "not_in_channel"}]


def test_two_processes_ticking_at_once_post_everything_exactly_once(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    channels = [f"C{n:03d}" for n in range(12)]
    for n in range(4):
        save_data(desk, f"wijziging-{n}", {**CHANGE, "channels": channels})
    other_tick = _second_process_tick(desk)

    threads = [threading.Thread(target=tick) for tick in (run_tick, other_tick, run_tick, other_tick)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    keys = [call.args["metadata"]["event_payload"]["outbox_key"] for call in slack.calls("chat.postMessage")]
    assert len(keys) == 48 and len(set(keys)) == 48


def test_post_made_before_a_crash_is_found_in_the_channel_and_not_posted_again(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    from bot.announcements.planning import plan_posts

    save_data(desk, "vpn-onderhoud", CHANGE)
    with desk.work() as work:
        plan_posts(work)
        [row] = work.session.scalars(select(OutboxMessage)).all()
        work.session.execute(update(OutboxMessage).values(attempts=1, next_attempt_at=clock() + timedelta(seconds=60)))
    metadata = {"event_type": METADATA_EVENT, "event_payload": {"outbox_key": row.key}}
    slack.add_user("UOTHER")  # the crashed worker's post, made with its own client:
    _post_as_crashed_worker(desk, slack, metadata, row.message)

    clock.advance(seconds=61)  # the crashed worker's lease runs out
    run_tick()

    assert len(slack.calls("chat.postMessage")) == 1
    [history] = slack.calls("conversations.history")
    assert history.args["include_all_metadata"] in (True, "1", "true")
    [recorded] = _rows(desk)
    assert recorded.status == "sent" and recorded.ts == "1700000000.000100"


def _post_as_crashed_worker(
    desk: Desk, slack: FakeSlack, metadata: dict[str, object], message: dict[str, object]
) -> None:
    from bot.app import make_delivery_client

    make_delivery_client(desk.settings).chat_postMessage(channel=CHANNEL, metadata=metadata, **message)


def _second_process_tick(desk: Desk) -> Tick:
    from bot.announcements.jobs import tick
    from bot.app import make_desk, make_poster
    from bot.db import make_sessions

    engine = desk.sessions.kw["bind"]
    other = make_desk(desk.settings, make_sessions(engine), desk.clock)
    poster = make_poster(desk.settings)
    return lambda: tick(other, poster)


def test_reply_whose_thread_cannot_be_searched_after_an_interrupted_attempt_is_still_posted(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    from bot.outbox.store import Kind, Post, enqueue_once

    with transaction(desk.sessions) as session:
        post = Post("k", Kind.ANNOUNCEMENT_NOTICE, "C1", {"text": "hoi"}, thread_ts="1699999999.000001")
        enqueue_once(session, post, now=clock())
        session.execute(update(OutboxMessage).values(attempts=1))  # an earlier attempt ended without an outcome

    run_tick()

    [lookup] = slack.calls("conversations.replies")
    assert lookup.outcome == "thread_not_found"
    [post] = slack.calls("chat.postMessage")
    assert post.outcome == "ok" and _rows(desk)[0].status == "sent"


def _queue(desk: Desk, *posts: Post) -> list[int]:
    with desk.work() as work:
        return [work.post(post).id for post in posts]


def _deliver(desk: Desk, only: list[int] | None = None) -> int:
    from bot.app import make_poster
    from bot.outbox.worker import deliver_outbox

    return deliver_outbox(desk, make_poster(desk.settings), only=only)


def test_listener_delivers_only_the_rows_it_queued_and_the_tick_the_rest(desk: Desk, slack: FakeSlack) -> None:
    backlog, mine = _queue(desk, Post("backlog", Kind.REPLY, "C1", {"text": "eerder"}),
                           Post("mine", Kind.REPLY, "C2", {"text": "nu"}))  # fmt: skip

    listener = _deliver(desk, only=[mine])
    posted_by_listener = [call.args["channel"] for call in slack.calls("chat.postMessage")]
    tick = _deliver(desk)

    assert (listener, posted_by_listener, tick) == (1, ["C2"], 1)
    assert [row.status for row in _rows(desk)] == ["sent", "sent"] and backlog < mine


def test_post_in_the_thread_of_a_post_in_the_same_batch_follows_it_at_once(desk: Desk, slack: FakeSlack) -> None:
    with desk.work() as work:
        parent = work.post(Post("card", Kind.TICKET_CARD, "CTRIAGE", {"text": "kaart"}))
        work.post(Post("note", Kind.AGENT_NOTE, "CTRIAGE", {"text": "notitie"}, parent_id=parent.id))

    sent = _deliver(desk)

    card, note = slack.calls("chat.postMessage")
    assert sent == 2 and card.args.get("thread_ts") is None
    assert note.args["thread_ts"] == _rows(desk)[0].ts


def test_edit_goes_to_the_channel_its_post_landed_in(desk: Desk, slack: FakeSlack) -> None:
    with desk.work() as work:
        first = work.post(Post("dm", Kind.TICKET_OPENED, "UASKER", {"text": "ticket"}))
    _deliver(desk)
    _queue(desk, Post("dm:v2", Kind.RELAY_EDIT, "UASKER", {"text": "bewerkt"}, edit_of_id=first.id))

    _deliver(desk)

    [update] = slack.calls("chat.update")
    assert (update.args["channel"], update.args["ts"], update.outcome) == ("DUASKER", _rows(desk)[0].ts, "ok")


def test_rate_limited_attempt_does_not_count_towards_giving_up(desk: Desk, clock: Clock, slack: FakeSlack) -> None:
    [row_id] = _queue(desk, Post("k", Kind.REPLY, "C1", {"text": "hoi"}))
    slack.rate_limit_next("chat.postMessage", retry_after=1, times=3)

    for _ in range(3):
        _deliver(desk)
        clock.advance(seconds=1)
    _deliver(desk)

    [row] = _rows(desk)
    assert (row.id, row.status, row.attempts) == (row_id, "sent", 1)
    assert [call.outcome for call in slack.calls("chat.postMessage")] == ["429", "429", "429", "ok"]
    assert slack.calls("conversations.history") == []  # Slack certainly did not post: nothing to look for
