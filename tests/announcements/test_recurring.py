"""Recurring posts on a cron rule in Europe/Amsterdam, across DST; a missed one is sent once within its grace."""

from __future__ import annotations

from collections.abc import Callable

from bot.desk import Desk
from tests.announcements.conftest import at, save_data
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack

Tick = Callable[[], int]
WALK_IN = {"title": "Inloopspreekuur", "body": "Vandaag van 10 tot 12 zonder afspraak.", "cron": "0 9 * * MON"}


def test_recurring_post_goes_out_every_monday_at_nine_amsterdam_time_across_dst(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-10-18T12:00:00+02:00")
    save_data(desk, "inloopspreekuur", WALK_IN)
    moments = [
        ("2026-10-19T08:59:00+02:00", 0),
        ("2026-10-19T09:00:00+02:00", 1),  # CEST: 07:00 UTC
        ("2026-10-19T09:30:00+02:00", 1),
        ("2026-10-20T09:00:00+02:00", 1),  # Tuesday
        ("2026-10-26T08:59:00+01:00", 1),
        ("2026-10-26T09:00:00+01:00", 2),  # CET: 08:00 UTC
    ]
    for moment, expected in moments:
        clock.now = at(moment)
        run_tick()
        assert len(slack.calls("chat.postMessage")) == expected, moment
    posts = slack.calls("chat.postMessage")
    assert all(post.args.get("thread_ts") is None for post in posts)
    assert "Inloopspreekuur" in posts[0].args["text"]


def test_missed_recurring_post_is_sent_once_within_its_grace_and_dropped_after(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-20T12:00:00+01:00")
    save_data(desk, "inloopspreekuur", WALK_IN)

    clock.now = at("2026-11-23T09:40:00+01:00")  # down at 09:00, back within the hour
    run_tick()
    run_tick()
    clock.now = at("2026-11-30T10:30:00+01:00")  # down at 09:00 and back too late
    run_tick()

    assert len(slack.calls("chat.postMessage")) == 1
