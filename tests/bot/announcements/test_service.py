"""Changing and cancelling: the original post is updated, a notice goes in its thread, moved reminders behave."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.announcements.models import AnnouncementChange
from bot.announcements.planning import plan_posts
from bot.announcements.service import CANCELLED_BEFORE_POSTING, cancel_announcement
from bot.app import make_poster
from bot.db import transaction
from bot.desk import Desk
from bot.models import OutboxMessage
from bot.outbox.store import Kind, claim_due, mark_sent
from tests.bot.announcements.test_schedule import DST_CHANGE, first_ts
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.support.announcements import ANNOUNCEMENTS, TRIAGE, at, save_data

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

Tick = Callable[[], int]
CHANGE = {"starts": "2026-12-03T18:00:00+01:00", "ends": "2026-12-03T20:00:00+01:00"}


def _published(desk: Desk, clock: Clock, run_tick: Tick, **data: object) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "vpn-onderhoud", {**CHANGE, **data})
    run_tick()


def test_changed_text_updates_the_original_post_and_says_gewijzigd_in_its_thread(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    _published(desk, clock, run_tick)
    clock.advance(minutes=5)

    save_data(desk, "vpn-onderhoud", {**CHANGE, "body": "De VPN is twee uur weg; werk op kantoor."})
    run_tick()

    [update] = slack.calls("chat.update")
    assert update.args["ts"] == first_ts(desk)
    assert "werk op kantoor" in str(update.args["blocks"]) and "Gewijzigd op" in str(update.args["blocks"])
    _, notice = slack.calls("chat.postMessage")
    assert notice.args["thread_ts"] == first_ts(desk)
    assert notice.args["text"].startswith("Gewijzigd: *Onderhoud aan de VPN*")
    assert run_tick() == 0


def test_moved_change_names_the_new_time_in_the_notice(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    _published(desk, clock, run_tick)

    save_data(desk, "vpn-onderhoud", {"starts": "2026-12-10T18:00:00+01:00", "ends": "2026-12-10T20:00:00+01:00"})
    run_tick()

    _, notice = slack.calls("chat.postMessage")
    assert (
        notice.args["text"] == "Gewijzigd: *Onderhoud aan de VPN*. Nieuwe planning: donderdag 10 december, 18:00–20:00."
    )


def test_reminder_whose_time_passed_because_the_change_moved_is_not_sent(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    _published(desk, clock, run_tick, starts="2026-12-10T18:00:00+01:00", ends="2026-12-10T20:00:00+01:00")
    clock.now = at("2026-12-02T20:00:00+01:00")

    save_data(desk, "vpn-onderhoud", CHANGE)  # moved forward: the day-before reminder (2 Dec 18:00) has passed
    run_tick()
    clock.now = at("2026-12-03T17:00:00+01:00")
    run_tick()

    texts = [call.args["text"] for call in slack.calls("chat.postMessage")]
    assert [text.split(":")[0] for text in texts] == ["Aankondiging", "Gewijzigd", "Herinnering"]
    with desk.sessions() as session:
        [skipped] = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "skipped")).all()
    assert ":remind86400-" in skipped.key and "already passed" in (skipped.error or "")


def test_cancelled_announcement_updates_the_post_says_geannuleerd_and_sends_nothing_more(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    _published(desk, clock, run_tick)
    with transaction(desk.sessions) as session:
        [row] = session.scalars(select(OutboxMessage)).all()
        assert row.announcement_id is not None
        cancel_announcement(session, row.announcement_id, now=clock())

    run_tick()
    clock.now = at("2026-12-03T21:00:00+01:00")  # past every reminder, the start and the end
    run_tick()

    [update] = slack.calls("chat.update")
    assert "GEANNULEERD" in str(update.args["blocks"])
    _, notice = slack.calls("chat.postMessage")
    assert notice.args["text"].startswith("Geannuleerd: *Onderhoud aan de VPN*")
    assert notice.args["thread_ts"] == first_ts(desk)


def test_change_before_publication_is_published_as_changed_without_a_notice(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-10-20T10:00:00+02:00")
    save_data(desk, "vpn-onderhoud", {**DST_CHANGE, "publish": "2026-10-21T10:00:00+02:00"})
    save_data(desk, "vpn-onderhoud", {**DST_CHANGE, "publish": "2026-10-21T10:00:00+02:00", "body": "Nieuwe tekst."})
    clock.now = at("2026-10-21T10:00:00+02:00")

    run_tick()

    [post] = slack.calls("chat.postMessage")
    assert "Nieuwe tekst." in str(post.args["blocks"])
    assert slack.calls("chat.update") == []


def test_same_file_saved_twice_is_one_change(desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack) -> None:
    _published(desk, clock, run_tick)

    first = save_data(desk, "vpn-onderhoud", {**CHANGE, "impact": "outage"})
    second = save_data(desk, "vpn-onderhoud", {**CHANGE, "impact": "outage"})
    run_tick()

    assert (first.outcome, second.outcome) == ("changed", "unchanged")
    assert len(slack.calls("chat.update")) == 1


def _announcement_id(desk: Desk) -> int:
    with desk.sessions() as session:
        [row] = session.scalars(select(OutboxMessage)).all()
    assert row.announcement_id is not None
    return row.announcement_id


def test_cancelled_during_an_outage_before_its_first_post_is_never_posted(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "vpn-onderhoud", CHANGE)
    slack.server_error_next("chat.postMessage", status=503)
    run_tick()  # the first post fails and waits to be retried

    with transaction(desk.sessions) as session:
        saved = cancel_announcement(session, _announcement_id(desk), now=clock())
    for minutes in (1, 20, 60 * 24 * 4):  # Slack is back; later every reminder, start and end passes
        clock.advance(minutes=minutes)
        run_tick()

    assert saved.outcome == "cancelled"
    assert [call.outcome for call in slack.calls("chat.postMessage")] == ["503"]
    assert slack.calls("chat.update") == []
    with desk.sessions() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(row.kind, row.status) for row in rows] == [
        (Kind.ANNOUNCEMENT, "skipped"),
        (Kind.ANNOUNCEMENT_EDIT, "skipped"),
        (Kind.ANNOUNCEMENT_NOTICE, "skipped"),
    ]
    assert rows[0].error == CANCELLED_BEFORE_POSTING


def test_cancelled_before_its_publication_time_records_only_the_cancellation(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    saved = save_data(desk, "vpn-onderhoud", {**CHANGE, "publish": "2026-12-01T09:00:00+01:00"})
    assert saved.announcement is not None

    with transaction(desk.sessions) as session:
        cancel_announcement(session, saved.announcement.id, now=clock())
    clock.now = at("2026-12-05T09:00:00+01:00")
    run_tick()

    assert slack.calls("chat.postMessage") == [] and slack.calls("chat.update") == []


def test_first_post_that_lands_while_being_cancelled_is_then_updated_to_cancelled(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "vpn-onderhoud", CHANGE)
    with desk.work() as work:  # a worker takes the first post and starts sending it...
        plan_posts(work)
        [outgoing] = claim_due(work.session, now=work.now)
    with desk.work() as work:  # ...while an admin cancels
        cancel_announcement(work.session, _announcement_id(desk), now=work.now)
    run_tick()  # another process ticks meanwhile: it must not give up on the post being sent
    posted = make_poster(desk.settings).post(outgoing.channel, outgoing.message, thread_ts=None, key=outgoing.key)
    with desk.work() as work:  # ...and the worker's post lands
        mark_sent(work.session, outgoing.id, ts=posted.ts, now=work.now, channel=posted.channel)

    clock.advance(seconds=5)
    run_tick()

    [update] = slack.calls("chat.update")
    assert update.args["ts"] == posted.ts and "GEANNULEERD" in str(update.args["blocks"])
    _, notice = slack.calls("chat.postMessage")
    assert notice.args["thread_ts"] == posted.ts and notice.args["text"].startswith("Geannuleerd")


def test_cancelling_leaves_the_report_of_a_failed_post_to_the_triage_channel(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    saved = save_data(desk, "vpn-onderhoud", CHANGE)
    assert saved.announcement is not None
    slack.fail_next("chat.postMessage", "not_in_channel")  # the first post can never go out...
    slack.server_error_next("chat.postMessage", status=503)  # ...and Slack is down when that is reported
    run_tick()

    with transaction(desk.sessions) as session:
        cancel_announcement(session, saved.announcement.id, now=clock())
    clock.advance(minutes=1)
    run_tick()

    [report] = [call for call in slack.calls("chat.postMessage") if call.outcome == "ok"]
    assert report.args["channel"] == TRIAGE and "not_in_channel" in report.args["text"]


def test_cancelled_before_a_worker_tried_its_first_post_has_no_change_to_announce(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "vpn-onderhoud", CHANGE)
    with desk.work() as work:
        plan_posts(work)  # the first post is stored; no worker has taken it yet

    with desk.work() as work:
        cancel_announcement(work.session, _announcement_id(desk), now=work.now)
    run_tick()

    assert slack.calls("chat.postMessage") == []
    with desk.sessions() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        changes = session.scalars(select(AnnouncementChange)).all()
    assert [(row.kind, row.status) for row in rows] == [(Kind.ANNOUNCEMENT, "skipped")] and changes == []
