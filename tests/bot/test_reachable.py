"""Walk-in hours: read from `WALK_IN_HOURS`, and the next one on the desk's calendar (holidays skipped)."""

from __future__ import annotations

from datetime import datetime

from bot.reachable import next_walk_in, parse_walk_ins
from bot.tickets.sla import BusinessHours

HOURS = BusinessHours()  # Europe/Amsterdam, Dutch public holidays
TUESDAY_AND_THURSDAY = parse_walk_ins("di,do 10:00-12:00")


def test_the_next_walk_in_is_the_coming_slot_in_local_time() -> None:
    monday = datetime(2026, 11, 23, 9, 30)  # 10:30 in Amsterdam

    start, end = next_walk_in(TUESDAY_AND_THURSDAY, HOURS, monday) or (None, None)

    assert (start, end) == (datetime(2026, 11, 24, 9, 0), datetime(2026, 11, 24, 11, 0))  # 10:00-12:00 +01:00


def test_a_walk_in_going_on_now_is_the_next_one() -> None:
    during = datetime(2026, 11, 24, 10, 30)

    assert next_walk_in(TUESDAY_AND_THURSDAY, HOURS, during) == (
        datetime(2026, 11, 24, 9, 0),
        datetime(2026, 11, 24, 11, 0),
    )


def test_a_public_holiday_has_no_walk_in() -> None:
    before_ascension = datetime(2026, 5, 13, 12, 0)  # Wednesday; Thursday 14 May 2026 is Hemelvaartsdag

    start, _ = next_walk_in(TUESDAY_AND_THURSDAY, HOURS, before_ascension) or (None, None)

    assert start == datetime(2026, 5, 19, 8, 0)  # Tuesday 19 May 10:00 +02:00


def test_a_closed_date_has_no_walk_in() -> None:
    closed = BusinessHours.from_text(closed="2026-11-24")

    start, _ = next_walk_in(TUESDAY_AND_THURSDAY, closed, datetime(2026, 11, 23, 9, 30)) or (None, None)

    assert start == datetime(2026, 11, 26, 9, 0)


def test_no_walk_in_hours_means_no_next_walk_in() -> None:
    assert next_walk_in((), HOURS, datetime(2026, 11, 23, 9, 30)) is None
