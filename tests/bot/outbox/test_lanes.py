"""Lanes: a thread's posts never overtake each other (in one process or across processes), channels go side
by side, Slack's pace per channel is kept, an unreachable Slack (no DNS) delays a post and never loses it, and a
stopping process hands back what it did not start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.desk import Desk
from bot.models import OutboxMessage
from bot.outbox.pacing import BURST, Pacing
from bot.outbox.store import Kind, Post, claim_due
from tests.conftest import START, Clock
from tests.fakes.slack_api import FakeSlack

THREAD = "1700000000.000001"


def _queue(desk: Desk, *posts: Post) -> list[int]:
    with desk.work() as work:
        return [work.post(post).id for post in posts]


def _deliver(desk: Desk, *, base_url: str | None = None) -> int:
    from bot.app import make_poster
    from bot.config import Settings
    from bot.outbox.worker import deliver_outbox

    settings = desk.settings
    if base_url is not None:
        settings = Settings.from_mapping({"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": base_url})
    return deliver_outbox(desk, make_poster(settings))


def _in_thread(key: str, text: str) -> Post:
    return Post(key, Kind.TICKET_NOTICE, "C1", {"text": text}, thread_ts=THREAD)


def _rows(desk: Desk) -> list[OutboxMessage]:
    with desk.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_later_post_in_a_thread_waits_while_an_earlier_one_is_retried(
    desk: Desk, clock: Clock, slack: FakeSlack
) -> None:
    _queue(desk, _in_thread("first", "eerste"), _in_thread("second", "tweede"))
    slack.server_error_next("chat.postMessage", status=503)

    _deliver(desk)
    clock.advance(seconds=1)
    _deliver(desk)  # the first is not due yet: the second must not go ahead of it
    clock.advance(seconds=1)
    _deliver(desk)

    texts = [(call.args["text"], call.outcome) for call in slack.calls("chat.postMessage")]
    assert texts == [("eerste", "503"), ("eerste", "ok"), ("tweede", "ok")]


def test_a_thread_held_by_another_process_is_not_continued_by_this_one(desk: Desk) -> None:
    first, _second = _queue(desk, _in_thread("first", "eerste"), _in_thread("second", "tweede"))
    with desk.work() as work:
        [held] = claim_due(work.session, now=work.now, only=[first])  # another process is posting it

    with desk.work() as work:
        claimed = claim_due(work.session, now=work.now)

    assert held.id == first and claimed == []


def test_channels_go_side_by_side_and_each_thread_in_its_order(desk: Desk, slack: FakeSlack) -> None:
    slack.slow_down("chat.postMessage", 0.3)
    posts = [
        Post(f"{channel}-{n}", Kind.TICKET_NOTICE, channel, {"text": f"{channel} {n}"}, thread_ts=THREAD)
        for n in range(2)
        for channel in ("C1", "C2", "C3", "C4")
    ]
    _queue(desk, *posts)

    sent = _deliver(desk)

    calls = slack.calls("chat.postMessage")
    assert sent == 8
    for channel in ("C1", "C2", "C3", "C4"):
        assert [c.args["text"] for c in calls if c.args["channel"] == channel] == [f"{channel} 0", f"{channel} 1"]
    first_round = {call.args["channel"] for call in calls[:4]}
    assert first_round == {"C1", "C2", "C3", "C4"}  # one after the other would post C1 twice first


def test_unresolvable_slack_host_delays_the_post_and_it_goes_out_once_slack_resolves(
    desk: Desk, clock: Clock, slack: FakeSlack
) -> None:
    _queue(desk, Post("k", Kind.REPLY, "C1", {"text": "hoi"}, thread_ts=THREAD))

    during = _deliver(desk, base_url="http://slack.invalid/api/")
    [waiting] = _rows(desk)
    clock.advance(seconds=2)
    after = _deliver(desk)

    assert (during, waiting.status, (waiting.error or "").split(":")[0]) == (0, "pending", "network")
    assert after == 1 and [row.status for row in _rows(desk)] == ["sent"]
    [post] = slack.calls("chat.postMessage")
    assert post.outcome == "ok"


def test_stopping_process_hands_back_claimed_posts_at_once(desk: Desk, clock: Clock) -> None:
    ids = _queue(desk, Post("a", Kind.REPLY, "C1", {"text": "a"}), Post("b", Kind.REPLY, "C2", {"text": "b"}))
    lease = timedelta(seconds=desk.settings.outbox_lease_seconds)
    with desk.work() as work:
        batch = claim_due(work.session, now=work.now, lease=lease)
    desk.leases.hold(desk.sessions, desk.clock, lease, ((row.id, row.lease_until) for row in batch))

    with desk.leases.calling(ids[1]):  # a call in flight is finished, never handed back
        released = desk.leases.hand_back(desk.sessions, clock())
    desk.leases.let_go(ids)  # the call's outcome recorded
    with desk.work() as work:
        again = claim_due(work.session, now=work.now, lease=lease)

    assert released == 1 and [row.id for row in again] == [ids[0]]
    assert again[0].attempts == 1  # the handed-back attempt does not count
    assert desk.leases.stopping.is_set()


def test_stopped_process_claims_nothing(desk: Desk, slack: FakeSlack) -> None:
    _queue(desk, Post("k", Kind.REPLY, "C1", {"text": "hoi"}))
    desk.leases.stop()

    assert _deliver(desk) == 0 and slack.calls("chat.postMessage") == []


def test_pace_allows_a_burst_then_one_call_a_second_per_channel() -> None:
    ticks = Clock()
    pacing = Pacing(ticks=lambda: ticks().timestamp())

    burst = [pacing.reserve("C1", START) for _ in range(BURST)]
    next_ones = [pacing.reserve("C1", START) for _ in range(2)]
    other_channel = pacing.reserve("C2", START)
    ticks.advance(seconds=3)
    a_second_later = pacing.reserve("C1", START)

    assert burst == [0.0] * BURST and next_ones == [1.0, 2.0]
    assert other_channel == 0.0 and a_second_later == 0.0


def test_retry_after_holds_the_channel_off_for_that_long() -> None:
    pacing = Pacing()

    pacing.hold_off("C1", 30, START)

    assert pacing.reserve("C1", START + timedelta(seconds=10)) == pytest.approx(20.0)
    assert pacing.reserve("C2", START) == 0.0


def test_retry_after_holds_back_the_next_post_to_that_channel_too(desk: Desk, clock: Clock, slack: FakeSlack) -> None:
    _queue(desk, Post("a", Kind.ANNOUNCEMENT, "C1", {"text": "a"}), Post("b", Kind.ANNOUNCEMENT, "C1", {"text": "b"}))
    slack.rate_limit_next("chat.postMessage", retry_after=30)

    _deliver(desk)
    _deliver(desk)
    held_back = len(slack.calls("chat.postMessage"))
    clock.advance(seconds=30)
    _deliver(desk)

    assert held_back == 1
    assert [(c.args["text"], c.outcome) for c in slack.calls("chat.postMessage")] == [
        ("a", "429"), ("a", "ok"), ("b", "ok"),
    ]  # fmt: skip
