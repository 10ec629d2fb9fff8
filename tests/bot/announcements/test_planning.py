"""After downtime: what fell due goes out once if still relevant; stale reminders are dropped and logged."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, event, select

from bot.announcements.planning import plan_posts
from bot.desk import Desk
from bot.models import OutboxMessage
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.support.announcements import ANNOUNCEMENTS, at, save_data

pytestmark = pytest.mark.settings(**ANNOUNCEMENTS)

Tick = Callable[[], int]
CHANGE = {"starts": "2026-12-03T18:00:00+01:00", "ends": "2026-12-03T20:00:00+01:00"}


def test_posts_missed_while_the_bot_was_down_go_out_once_on_start(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "vpn-onderhoud", {**CHANGE, "publish": "2026-12-01T09:00:00+01:00"})
    clock.now = at("2026-12-02T18:30:00+01:00")  # down from before the publication until after the P1D reminder

    run_tick()
    run_tick()

    texts = [call.args["text"] for call in slack.calls("chat.postMessage")]
    assert [text.split(":")[0] for text in texts] == ["Aankondiging", "Herinnering"]


def test_reminder_for_a_change_that_already_started_is_dropped_and_logged(
    desk: Desk, clock: Clock, run_tick: Tick, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "vpn-onderhoud", CHANGE)
    run_tick()
    clock.now = at("2026-12-03T18:30:00+01:00")  # down from 1 December until after the start

    with caplog.at_level(logging.INFO, logger="bot.announcements.planning"):
        run_tick()

    texts = [call.args["text"] for call in slack.calls("chat.postMessage")]
    assert [text.split(":")[0] for text in texts] == ["Aankondiging", "Gestart"]
    with desk.sessions() as session:
        skipped = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "skipped")).all()
    assert {row.error for row in skipped} == {"the change had already started"}
    assert len(skipped) == 2 and "already started" in caplog.text


def _statements_of_an_idle_round(desk: Desk, engine: Engine, clock: Clock) -> int:
    clock.advance(seconds=2)
    executed: list[str] = []
    listener = lambda *args: executed.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with desk.work() as work:
            assert plan_posts(work) == 0
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(executed)


def test_an_idle_planning_round_costs_the_same_statements_however_many_announcements_are_live(
    desk: Desk, engine: Engine, clock: Clock, run_tick: Tick
) -> None:
    clock.now = at("2026-11-30T10:00:00+01:00")
    save_data(desk, "onderhoud-0", CHANGE)
    run_tick()  # its first post goes out; nothing else is due until the reminder
    with_one = _statements_of_an_idle_round(desk, engine, clock)
    for number in range(1, 12):
        save_data(desk, f"onderhoud-{number}", CHANGE)
    run_tick()

    with_twelve = _statements_of_an_idle_round(desk, engine, clock)

    assert with_one == with_twelve <= 4
