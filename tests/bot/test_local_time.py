"""Local time: dates in the reader's language, right across DST switches, and one business time zone for the
SLA and everything shown (`BUSINESS_TIMEZONE`)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.local_time import LocalTime
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.support.announcements import at
from tests.support.tickets import TICKETS, TRIAGE, open_unknown_question, posts, text_of, the_ticket

NOW = at("2026-10-01T12:00:00+02:00")


@pytest.mark.parametrize(
    ("starts", "ends", "lang", "expected"),
    [
        ("2026-12-01T18:00:00+01:00", "2026-12-01T20:00:00+01:00", "nl", "dinsdag 1 december, 18:00–20:00"),
        ("2026-12-01T18:00:00+01:00", "2026-12-01T20:00:00+01:00", "en", "Tuesday 1 December, 18:00–20:00"),
        (
            "2026-10-24T22:00:00+02:00",
            "2026-10-25T04:00:00+01:00",
            "nl",
            "zaterdag 24 oktober 22:00 – zondag 25 oktober 04:00",
        ),
        ("2027-03-28T01:00:00+01:00", "2027-03-28T04:00:00+02:00", "nl", "zondag 28 maart 2027, 01:00–04:00"),
        ("2027-03-28T09:00:00+02:00", None, "en", "from Sunday 28 March 2027, 09:00"),
        ("2026-10-25T02:30:00+01:00", "2026-10-25T03:30:00+01:00", "nl", "zondag 25 oktober, 02:30–03:30"),
    ],
)
def test_change_window_reads_naturally_in_amsterdam_time(
    starts: str, ends: str | None, lang: str, expected: str
) -> None:
    local = LocalTime.named("Europe/Amsterdam")

    assert local.window(at(starts), at(ends) if ends else None, lang, NOW) == expected


def test_command_line_and_json_times_carry_the_local_offset() -> None:
    local = LocalTime.named("Europe/Amsterdam")

    assert local.stamp(at("2026-11-23T10:30:00+01:00")) == "2026-11-23 10:30+01:00"
    assert local.iso(at("2026-07-01T10:30:00+02:00")) == "2026-07-01T10:30:00+02:00"
    assert local.iso(at("2026-07-01T10:30:00.250000+02:00")) == "2026-07-01T10:30:00+02:00"  # to the second


@pytest.mark.parametrize(
    ("zone", "wall", "offset"),
    [
        ("Europe/Amsterdam", datetime(2026, 1, 15, 12), "+01:00"),
        ("Europe/Amsterdam", datetime(2026, 7, 15, 12), "+02:00"),
        ("America/New_York", datetime(2026, 7, 15, 12), "-04:00"),
        ("Asia/Kolkata", datetime(2026, 1, 15, 12), "+05:30"),
    ],
)
def test_offset_of_a_local_wall_time_is_written_as_in_iso_8601(zone: str, wall: datetime, offset: str) -> None:
    local = LocalTime.named(zone)

    assert local.offset(wall) == offset
    assert local.to_utc(wall) + local.utc_offset(wall) == wall


@pytest.mark.settings(**NEVER_ANSWER, **TICKETS, BUSINESS_TIMEZONE="Europe/London")
@pytest.mark.usefixtures("agents")
def test_due_times_are_computed_and_shown_in_the_one_business_time_zone(bot: RunningBot) -> None:
    open_unknown_question(bot)  # Monday 09:30 UTC: 09:30 in London, in business hours

    [card] = posts(bot, TRIAGE)
    [reply] = posts(bot, "CHELP")
    assert the_ticket(bot).first_response_due == datetime(2026, 11, 23, 13, 30)  # four business hours later
    assert "uiterlijk *vandaag 13:30*" in reply["text"]  # London time, not Amsterdam's 14:30
    assert "vandaag 13:30" in text_of(card)
