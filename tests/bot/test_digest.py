"""The weekly digest: due by the schedule in local time, planned as one outbox row per week with its chart, and
shared in the triage channel exactly once however many workers tick."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.app import make_desk, make_poster
from bot.db import make_sessions
from bot.desk import Desk
from bot.digest import due_moment, send_digest, week_of
from bot.local_time import LocalTime
from bot.models import OutboxFile, OutboxMessage, Question
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.support.tickets import TICKETS, TRIAGE

pytestmark = pytest.mark.settings(**TICKETS)
AMSTERDAM = LocalTime.named("Europe/Amsterdam")
MONDAY_MORNING = datetime(2026, 11, 23, 7, 30)  # 08:30 in Amsterdam


def _ask_unanswered(desk: Desk, text: str, times: int, lang: str = "nl") -> None:
    with desk.work() as work:
        for n in range(times):
            work.session.add(
                Question(
                    asker=f"U{n}", surface="dm", text=text, lang=lang, band="none", confidence=0.0,
                    created_at=work.now - timedelta(days=2, minutes=n),
                )
            )  # fmt: skip


def _second_worker(desk: Desk) -> Desk:
    return make_desk(desk.settings, make_sessions(desk.sessions.kw["bind"]), desk.clock)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (MONDAY_MORNING - timedelta(minutes=1), None),
        (MONDAY_MORNING, MONDAY_MORNING),
        (MONDAY_MORNING + timedelta(hours=11), MONDAY_MORNING),
        (MONDAY_MORNING + timedelta(hours=13), None),
        (datetime(2026, 6, 1, 6, 30), datetime(2026, 6, 1, 6, 30)),  # summer time: 08:30 is 06:30 UTC
    ],
)
def test_digest_is_due_from_its_local_time_until_the_grace_runs_out(now: datetime, due: datetime | None) -> None:
    assert due_moment("30 8 * * MON", now, AMSTERDAM) == due


def test_digest_week_is_the_iso_week_of_its_moment_in_local_time() -> None:
    assert week_of(MONDAY_MORNING, AMSTERDAM) == "2026-W48"
    assert week_of(datetime(2026, 11, 29, 23, 30), AMSTERDAM) == "2026-W49"  # Monday 00:30 in Amsterdam


def test_digest_is_shared_once_with_one_chart_when_two_workers_tick_at_once(desk: Desk, slack: FakeSlack) -> None:
    other = _second_worker(desk)
    ticks = [
        threading.Thread(target=send_digest, args=(worker, make_poster(worker.settings)))
        for worker in (desk, other, desk, other)
    ]
    for tick in ticks:
        tick.start()
    for tick in ticks:
        tick.join(timeout=60)

    [(channel, file, content)] = slack.shared_files()
    assert (channel, file["name"]) == (TRIAGE, "servicedesk-digest-2026-W48.png")
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(slack.calls("files.getUploadURLExternal")) == 1
    assert slack.calls("chat.postMessage") == []
    [row] = _rows(desk)
    assert (row.kind, row.status, row.key) == ("digest", "sent", "digest:2026-W48")


def test_digest_is_not_shared_again_in_the_same_week(desk: Desk, clock: Clock, slack: FakeSlack) -> None:
    poster = make_poster(desk.settings)
    send_digest(desk, poster)
    clock.advance(hours=1)

    planned_again = send_digest(desk, poster)

    assert not planned_again
    assert len(slack.shared_files()) == 1


def test_digest_says_how_the_week_went_and_which_questions_need_an_article(desk: Desk, slack: FakeSlack) -> None:
    _ask_unanswered(desk, "Hoe vraag ik een <parkeervergunning> aan?", times=4)

    send_digest(desk, make_poster(desk.settings))

    [complete] = slack.calls("files.completeUploadExternal")
    comment = complete.args["initial_comment"]
    assert "16-11 t/m 22-11-2026" in comment
    assert "Vragen: 4, door de bot afgehandeld: 0%" in comment
    assert "4× “Hoe vraag ik een &lt;parkeervergunning&gt; aan?”" in comment
    assert complete.args["channel_id"] == TRIAGE


@pytest.mark.settings(DIGEST_SCHEDULE="off")
def test_digest_is_never_planned_when_the_schedule_is_off(desk: Desk, slack: FakeSlack) -> None:
    assert not send_digest(desk, make_poster(desk.settings))
    assert slack.shared_files() == [] and _rows(desk) == []


def test_digest_is_not_planned_when_its_moment_passed_long_ago(desk: Desk, clock: Clock, slack: FakeSlack) -> None:
    clock.advance(days=2)  # Wednesday: the bot was down on Monday

    assert not send_digest(desk, make_poster(desk.settings))
    assert _rows(desk) == []


def test_digest_shared_before_a_crash_is_found_and_not_shared_again(desk: Desk, clock: Clock, slack: FakeSlack) -> None:
    poster = make_poster(desk.settings)
    send_digest(desk, poster)
    with desk.work() as work:  # as if the process died after Slack shared it, before recording that
        work.session.execute(update(OutboxMessage).values(status="pending", attempts=1, next_attempt_at=work.now))
    clock.advance(seconds=10)

    from bot.outbox.worker import deliver_outbox

    delivered = deliver_outbox(desk, poster)

    assert delivered == 1
    assert len(slack.shared_files()) == 1
    assert len(slack.calls("conversations.history")) == 1


def test_digest_upload_refused_by_slack_is_retried_later(desk: Desk, clock: Clock, slack: FakeSlack) -> None:
    slack.server_error_next("files.completeUploadExternal", status=503)
    poster = make_poster(desk.settings)
    send_digest(desk, poster)
    clock.advance(minutes=1)

    from bot.outbox.worker import deliver_outbox

    deliver_outbox(desk, poster)

    assert len(slack.shared_files()) == 1
    with desk.sessions() as session:
        [stored] = session.scalars(select(OutboxFile)).all()
        assert stored.slack_file_id == slack.shared_files()[0][1]["id"]


def _rows(desk: Desk) -> list[OutboxMessage]:
    with desk.sessions() as session:
        return list(session.scalars(select(OutboxMessage)))
