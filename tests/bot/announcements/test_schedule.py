"""Announcement posts at the right minute, in the thread of the first post, in local time across DST; recurring
posts on a cron rule, and a missed one sent once within its grace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.desk import Desk
from bot.models import OutboxMessage
from bot.outbox.store import Kind
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.support.announcements import ANNOUNCEMENTS, CHANNEL, at, save_data

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

Tick = Callable[[], int]

# Sunday 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET. The change is that morning.
DST_CHANGE = {"starts": "2026-10-25T09:00:00+01:00", "ends": "2026-10-25T11:00:00+01:00"}


def first_ts(desk: Desk, channel: str = CHANNEL) -> str:
    with desk.sessions() as session:
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == Kind.ANNOUNCEMENT, OutboxMessage.channel == channel)
        ).one()
    assert row.ts is not None
    return row.ts


def test_publication_goes_out_at_the_publish_minute_and_not_before(
    announce: Callable[..., object], run_tick: Tick, clock: Clock, slack: FakeSlack
) -> None:
    clock.now = at("2026-10-20T09:00:00+02:00")
    announce(publish="2026-10-20T10:00:00+02:00", **DST_CHANGE)

    clock.now = at("2026-10-20T09:59:00+02:00")
    run_tick()
    assert slack.calls("chat.postMessage") == []
    clock.now = at("2026-10-20T10:00:00+02:00")
    run_tick()

    [post] = slack.calls("chat.postMessage")
    assert post.args["channel"] == CHANNEL and post.args.get("thread_ts") is None
    assert "zondag 25 oktober, 09:00–11:00" in str(post.args["blocks"])
    assert post.args["metadata"]["event_payload"]["outbox_key"].endswith(f":publish:{CHANNEL}")


def test_reminders_start_and_end_posts_come_at_the_right_minutes_across_the_dst_switch(
    announce: Callable[..., object], run_tick: Tick, clock: Clock, slack: FakeSlack, desk: Desk
) -> None:
    clock.now = at("2026-10-20T10:00:00+02:00")
    announce(**DST_CHANGE)
    run_tick()
    moments = [  # a minute before, and at, each post's local time
        ("2026-10-24T08:59:00+02:00", "2026-10-24T09:00:00+02:00", "Herinnering"),  # P1D: 09:00 the day before, CEST
        ("2026-10-25T07:59:00+01:00", "2026-10-25T08:00:00+01:00", "Herinnering"),  # PT1H, CET
        ("2026-10-25T08:59:00+01:00", "2026-10-25T09:00:00+01:00", "Gestart"),
        ("2026-10-25T10:59:00+01:00", "2026-10-25T11:00:00+01:00", "Afgerond"),
    ]
    for count, (before, due, word) in enumerate(moments, start=1):
        clock.now = at(before)
        run_tick()
        assert len(slack.calls("chat.postMessage")) == count, before
        clock.now = at(due)
        run_tick()
        posts = slack.calls("chat.postMessage")
        assert len(posts) == count + 1 and posts[-1].args["text"].startswith(word), due
        assert posts[-1].args["thread_ts"] == first_ts(desk)
    reminder = slack.calls("chat.postMessage")[1].args["text"]
    assert reminder == "Herinnering: *Onderhoud aan de VPN*, zondag 25 oktober, 09:00–11:00."


def test_posts_in_both_languages_share_one_message(
    announce: Callable[..., object], run_tick: Tick, clock: Clock, slack: FakeSlack
) -> None:
    clock.now = at("2026-10-20T10:00:00+02:00")
    announce(
        title={"nl": "Onderhoud aan de VPN", "en": "VPN maintenance"},
        body={"nl": "De VPN is even weg.", "en": "The VPN is down for a while."},
        lang=["nl", "en"],
        **DST_CHANGE,
    )

    run_tick()

    [post] = slack.calls("chat.postMessage")
    text = str(post.args["blocks"])
    assert "zondag 25 oktober, 09:00–11:00" in text and "Sunday 25 October, 09:00–11:00" in text
    assert {"type": "divider"} in post.args["blocks"]


def test_announcement_without_a_date_says_honestly_when_it_is_expected(
    announce: Callable[..., object], run_tick: Tick, slack: FakeSlack
) -> None:
    announce(slug="printers", title="Nieuwe printers", expected="begin december")

    run_tick()

    [post] = slack.calls("chat.postMessage")
    assert "nog geen vaste datum, verwacht begin december" in str(post.args["blocks"])
    assert run_tick() == 0


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
