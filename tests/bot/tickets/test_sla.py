"""SLA business-hours arithmetic: every expected moment below was worked out by hand.

All moments are naive UTC, as the database stores them. Amsterdam is UTC+1 in winter (CET) and UTC+2 in summer
(CEST); the comment beside each case gives the local wall-clock time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.tickets.sla import DEFAULT_TARGETS, PRIORITIES, BusinessHours, Target, due, parse_targets

DESK = BusinessHours()
NO_HOLIDAYS = BusinessHours(country=None)
H = timedelta(hours=1)
M = timedelta(minutes=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Fri 13 Nov 2026 17:00 CET + 4 h: 30 min on Friday, 3.5 h from Monday 08:30 -> Mon 12:00 CET.
        (utc(2026, 11, 13, 16), 4 * H, utc(2026, 11, 16, 11)),
        # Same in summer: Fri 12 Jun 2026 17:00 CEST -> Mon 15 Jun 12:00 CEST.
        (utc(2026, 6, 12, 15), 4 * H, utc(2026, 6, 15, 10)),
        # Tue 17 Nov 2026 03:00 CET (night) + 1 h -> 09:30 CET.
        (utc(2026, 11, 17, 2), H, utc(2026, 11, 17, 8, 30)),
        # Sat 14 Nov 2026 12:00 CET + 1 h -> Mon 16 Nov 09:30 CET.
        (utc(2026, 11, 14, 11), H, utc(2026, 11, 16, 8, 30)),
        # Tue 17 Nov 2026 08:30 CET (opening) + 9 h -> 17:30 CET the same day, not the next morning.
        (utc(2026, 11, 17, 7, 30), 9 * H, utc(2026, 11, 17, 16, 30)),
        # Tue 17 Nov 2026 17:30 CET (closing) + 30 min -> Wed 09:00 CET.
        (utc(2026, 11, 17, 16, 30), 30 * M, utc(2026, 11, 18, 8)),
        # Tue 17 Nov 2026 17:29 CET + 2 min -> 1 min left for Wednesday: 08:31 CET.
        (utc(2026, 11, 17, 16, 29), 2 * M, utc(2026, 11, 18, 7, 31)),
        # Zero while open is the start itself; zero at closing is the next opening (Wed 08:30 CET).
        (utc(2026, 11, 17, 10, 15), timedelta(), utc(2026, 11, 17, 10, 15)),
        (utc(2026, 11, 17, 16, 30), timedelta(), utc(2026, 11, 18, 7, 30)),
        # Mon 16 Nov 2026 08:30 CET + 45 h (five full days) -> Fri 20 Nov 17:30 CET.
        (utc(2026, 11, 16, 7, 30), 45 * H, utc(2026, 11, 20, 16, 30)),
    ],
)
def test_add_counts_business_time_only(start: datetime, duration: timedelta, expected: datetime) -> None:
    assert DESK.add(start, duration) == expected


@pytest.mark.parametrize(
    ("hours", "start", "expected"),
    [
        # Fri 26 Mar 2027 16:30 CET + 2 h -> Mon 29 Mar 09:30 CEST (clocks went forward on Sun 28 Mar).
        # Without holidays: in the library's NL calendar that Friday is Good Friday and that Monday Easter Monday.
        (NO_HOLIDAYS, utc(2027, 3, 26, 15, 30), utc(2027, 3, 29, 7, 30)),
        # Fri 23 Oct 2026 16:30 CEST + 2 h -> Mon 26 Oct 09:30 CET (clocks went back on Sun 25 Oct).
        (DESK, utc(2026, 10, 23, 14, 30), utc(2026, 10, 26, 8, 30)),
        # Thu 25 Mar 2027 16:30 CET + 2 h: 1 h Thursday, Good Friday and Easter Monday closed -> Tue 30 Mar 09:30 CEST.
        (DESK, utc(2027, 3, 25, 15, 30), utc(2027, 3, 30, 7, 30)),
    ],
)
def test_add_keeps_wall_clock_hours_when_crossing_a_dst_switch(
    hours: BusinessHours, start: datetime, expected: datetime
) -> None:
    assert hours.add(start, 2 * H) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Thu 24 Dec 2026 17:00 CET + 1 h: Kerst on Fri 25 Dec -> Mon 28 Dec 09:00 CET.
        (utc(2026, 12, 24, 16), utc(2026, 12, 28, 8)),
        # Mon 26 Apr 2027 17:00 CEST + 1 h: Koningsdag on Tue 27 Apr -> Wed 28 Apr 09:00 CEST.
        (utc(2027, 4, 26, 15), utc(2027, 4, 28, 7)),
        # Wed 5 May 2027 17:00 CEST + 1 h: Hemelvaart on Thu 6 May -> Fri 7 May 09:00 CEST.
        (utc(2027, 5, 5, 15), utc(2027, 5, 7, 7)),
        # Fri 14 May 2027 17:00 CEST + 1 h: Tweede Pinksterdag on Mon 17 May -> Tue 18 May 09:00 CEST.
        (utc(2027, 5, 14, 15), utc(2027, 5, 18, 7)),
    ],
)
def test_add_skips_dutch_public_holidays(start: datetime, expected: datetime) -> None:
    assert DESK.add(start, H) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        # Sun 20 Dec 2026 + 45 h: Mon 21-Thu 24 give 36 h, Kerst closes Fri 25 -> Mon 28 Dec 17:30 CET.
        (DESK, utc(2026, 12, 28, 16, 30)),
        # 24 and 31 Dec closed as well: Mon 21, Tue 22, Wed 23, Mon 28, Tue 29 -> Tue 29 Dec 17:30 CET.
        (BusinessHours(extra_closed=frozenset({date(2026, 12, 24), date(2026, 12, 31)})), utc(2026, 12, 29, 16, 30)),
        # No holiday calendar: Mon 21-Fri 25 -> Fri 25 Dec 17:30 CET.
        (NO_HOLIDAYS, utc(2026, 12, 25, 16, 30)),
    ],
)
def test_add_spans_christmas_for_a_p4_resolution_target(hours: BusinessHours, expected: datetime) -> None:
    assert hours.add(utc(2026, 12, 20, 10), DEFAULT_TARGETS["P4"].resolution) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (utc(2026, 11, 17, 7, 30), True),  # Tue 08:30 CET, opening
        (utc(2026, 11, 17, 7, 29, 59), False),  # Tue 08:29:59 CET
        (utc(2026, 11, 17, 16, 29, 59), True),  # Tue 17:29:59 CET
        (utc(2026, 11, 17, 16, 30), False),  # Tue 17:30 CET, closing
        (utc(2026, 6, 16, 6, 30), True),  # Tue 08:30 CEST
        (utc(2026, 6, 16, 15, 30), False),  # Tue 17:30 CEST
        (utc(2026, 11, 14, 11), False),  # Saturday noon
        (utc(2026, 12, 25, 10), False),  # Kerst
        (utc(2027, 4, 27, 10), False),  # Koningsdag
        (utc(2025, 5, 5, 10), False),  # Bevrijdingsdag in a lustrum year
        (utc(2026, 5, 5, 10), True),  # Bevrijdingsdag in another year: a working day
        (utc(2026, 4, 3, 10), False),  # Good Friday, as the holidays library lists it
    ],
)
def test_is_open_at_edges_and_on_holidays(moment: datetime, expected: bool) -> None:
    assert DESK.is_open(moment) is expected


def test_is_open_on_extra_closed_date() -> None:
    hours = BusinessHours(extra_closed=frozenset({date(2026, 12, 24)}))

    assert not hours.is_open(utc(2026, 12, 24, 10))
    assert hours.is_open(utc(2026, 12, 23, 10))


def test_is_open_on_christmas_when_no_holiday_country() -> None:
    assert NO_HOLIDAYS.is_open(utc(2026, 12, 25, 10))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (utc(2026, 11, 17, 10), utc(2026, 11, 17, 10)),  # open: the moment itself
        (utc(2026, 11, 17, 16, 30), utc(2026, 11, 18, 7, 30)),  # Tue closing -> Wed 08:30 CET
        (utc(2026, 11, 13, 20), utc(2026, 11, 16, 7, 30)),  # Fri evening -> Mon 08:30 CET
        (utc(2026, 10, 24, 12), utc(2026, 10, 26, 7, 30)),  # Sat before the switch -> Mon 08:30 CET
        (utc(2027, 3, 27, 12), utc(2027, 3, 30, 6, 30)),  # Easter Saturday -> Tue 08:30 CEST
    ],
)
def test_next_open_returns_moment_or_next_opening(moment: datetime, expected: datetime) -> None:
    assert DESK.next_open(moment) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (utc(2026, 11, 13, 16), utc(2026, 11, 16, 11), 4 * H),  # Fri 17:00 -> Mon 12:00 CET
        (utc(2026, 11, 14, 11), utc(2026, 11, 16, 8, 30), H),  # Saturday -> Mon 09:30 CET
        (utc(2026, 11, 17, 2), utc(2026, 11, 17, 5), timedelta()),  # night only
        (utc(2026, 10, 23, 14, 30), utc(2026, 10, 26, 8, 30), 2 * H),  # across the October switch
        (utc(2026, 12, 20, 10), utc(2026, 12, 28, 16, 30), 45 * H),  # across Kerst
        (utc(2026, 11, 17, 10), utc(2026, 11, 17, 10), timedelta()),  # end == start
        (utc(2026, 11, 17, 12), utc(2026, 11, 17, 10), timedelta()),  # end before start
    ],
)
def test_between_counts_business_time(start: datetime, end: datetime, expected: timedelta) -> None:
    assert DESK.between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "duration"),
    [
        (utc(2026, 11, 13, 16), 4 * H),
        (utc(2026, 11, 14, 11), 27 * H),
        (utc(2026, 10, 23, 14, 30), 2 * H),
        (utc(2027, 3, 25, 15, 30), 9 * H + 17 * M),
        (utc(2026, 12, 20, 10), 45 * H),
        (utc(2026, 11, 17, 16, 30), timedelta()),
        (utc(2027, 4, 26, 15), 400 * H),
    ],
)
def test_between_is_inverse_of_add(start: datetime, duration: timedelta) -> None:
    assert DESK.between(start, DESK.add(start, duration)) == duration


def test_due_adds_paused_business_time_to_the_target() -> None:
    start = utc(2026, 11, 17, 7, 30)  # Tue 08:30 CET

    assert due(DESK, start, 4 * H) == utc(2026, 11, 17, 11, 30)  # 12:30 CET
    assert due(DESK, start, 4 * H, paused=2 * H) == utc(2026, 11, 17, 13, 30)  # 14:30 CET


def test_due_carries_pause_into_next_business_day_when_past_closing() -> None:
    # Fri 13 Nov 2026 16:00 CET, P1 resolution 4 h with 1 h paused: 1.5 h Friday, 3.5 h Monday -> 12:00 CET.
    assert due(DESK, utc(2026, 11, 13, 15), DEFAULT_TARGETS["P1"].resolution, paused=H) == utc(2026, 11, 16, 11)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: DESK.add(utc(2026, 11, 17, 10), -M), "must not be negative"),
        (lambda: DESK.add(datetime(2026, 11, 17, 10, tzinfo=UTC), H), "expected a naive UTC datetime"),
        (lambda: DESK.between(utc(2026, 11, 17, 10), datetime(2026, 11, 17, 12, tzinfo=UTC)), "expected a naive UTC"),
        (lambda: DESK.is_open(datetime(2026, 11, 17, 10, tzinfo=UTC)), "expected a naive UTC datetime"),
    ],
    ids=["negative duration", "aware start", "aware end", "aware moment"],
)
def test_business_hours_rejects_negative_duration_and_aware_datetimes(call: Callable[[], object], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        call()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, BusinessHours()),
        (
            {"hours": "08:00-18:00", "days": "mon,tue,thu"},
            BusinessHours(opens=time(8), closes=time(18), weekdays=frozenset({0, 1, 3})),
        ),
        ({"hours": " 7:45 - 16:15 ", "days": "Ma-Vr"}, BusinessHours(opens=time(7, 45), closes=time(16, 15))),
        ({"days": "sun-thu"}, BusinessHours(weekdays=frozenset({6, 0, 1, 2, 3}))),
        ({"days": "mon-fri, sat"}, BusinessHours(weekdays=frozenset(range(6)))),
        ({"timezone": "Europe/London", "country": "GB"}, BusinessHours(timezone="Europe/London", country="GB")),
        ({"country": ""}, BusinessHours(country=None)),
        ({"country": None}, BusinessHours(country=None)),
        (
            {"closed": "2026-12-24, 2026-12-31,"},
            BusinessHours(extra_closed=frozenset({date(2026, 12, 24), date(2026, 12, 31)})),
        ),
    ],
)
def test_from_text_parses_configuration(kwargs: dict[str, str | None], expected: BusinessHours) -> None:
    assert BusinessHours.from_text(**kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"hours": "08:30"}, "'08:30'"),
        ({"hours": "8.30-17:30"}, "'8.30'"),
        ({"hours": "08:30-25:00"}, "'25:00'"),
        ({"hours": "08:30-17:60"}, "'17:60'"),
        ({"hours": "17:30-08:30"}, "closing time 08:30 must be after opening time 17:30"),
        ({"hours": "08:30-08:30"}, "closing time 08:30 must be after opening time 08:30"),
        ({"days": "mon-fry"}, "'fry'"),
        ({"days": "mon,,fri"}, "'' is not a day"),
        ({"days": ""}, "'' is not a day"),
        ({"timezone": "Europe/Amsterdamm"}, "'Europe/Amsterdamm'"),
        ({"country": "XX"}, "'XX'"),
        ({"closed": "2026-12-24,24-12-2026"}, "'24-12-2026'"),
        ({"closed": "2026-13-01"}, "'2026-13-01'"),
    ],
)
def test_from_text_rejects_bad_part_when_invalid(kwargs: dict[str, str], named: str) -> None:
    with pytest.raises(ValueError, match=re.escape(named)):
        BusinessHours.from_text(**kwargs)


def test_business_hours_rejects_empty_weekdays() -> None:
    with pytest.raises(ValueError, match="weekdays"):
        BusinessHours(weekdays=frozenset())


@pytest.mark.parametrize(
    ("text", "changed"),
    [
        ("", {}),
        ("P1=15m/2h", {"P1": Target(15 * M, 2 * H)}),
        (" P2 = 1h30m / 9h , P4=8h/45h", {"P2": Target(90 * M, 9 * H), "P4": Target(8 * H, 45 * H)}),
        ("P1=30m/4h,P2=2h/9h,P3=4h/27h,P4=8h/45h", {}),
        ("P3=90m/90m", {"P3": Target(90 * M, 90 * M)}),
    ],
)
def test_parse_targets_keeps_defaults_for_unnamed_priorities(text: str, changed: dict[str, Target]) -> None:
    assert parse_targets(text) == DEFAULT_TARGETS | changed


def test_parse_targets_covers_every_priority() -> None:
    assert tuple(parse_targets("")) == PRIORITIES


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("P5=1h/2h", "unknown priority 'P5'"),
        ("P1", "'P1': expected PRIORITY=FIRST/RESOLUTION"),
        ("P1=30m", "'P1=30m': expected FIRST/RESOLUTION"),
        ("P1=30x/4h", "'30x' is not a duration"),
        ("P1=2d/4h", "'2d' is not a duration"),
        ("P1=/4h", "'' is not a duration"),
        ("P1=0m/4h", "'0m' must be longer than zero"),
        ("P1=5h/4h", "first response 5h is longer than resolution"),
        ("P1=30m/4h,P1=1h/5h", "priority P1 is given twice"),
    ],
)
def test_parse_targets_rejects_bad_part_when_invalid(text: str, named: str) -> None:
    with pytest.raises(ValueError, match=re.escape(named)):
        parse_targets(text)
