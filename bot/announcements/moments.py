"""Times as written in announcement files: a moment with its UTC offset, and ISO 8601 durations.

A value that cannot be read is answered with the accepted form, shown with the author's own date and time
where it can be made out and the offset of the desk's time zone (`BUSINESS_TIMEZONE`) on that day, so the fix
can be copied.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from bot.local_time import LocalTime

DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2}))?$")


def parse_duration(text: str) -> timedelta:
    """An ISO 8601 duration such as "P1D", "PT1H30M" or "P1W" (no years or months: their length varies).

    Raises:
        ValueError: not such a duration, or zero.
    """
    match = DURATION.match(text.strip().upper())
    if match is None or text.strip().upper() in ("P", "PT") or text.strip().upper().endswith("T"):
        raise ValueError(f"{text!r} is not an ISO 8601 duration like P1D or PT1H")
    weeks, days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    duration = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if duration <= timedelta(0):
        raise ValueError(f"{text!r} is zero; use a positive duration")
    return duration


def parse_moment(value: object, local: LocalTime) -> datetime:
    """An ISO 8601 date-time with an offset ("2026-12-03T18:00:00+01:00") as naive UTC.

    Raises:
        ValueError: not a date-time, or without offset (ambiguous around DST); the message shows the value
            written the way it is accepted, with the offset `local` has on that day.
    """
    moment = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if moment is None:
        raise ValueError(f"{_shown(value)} cannot be read as a date and time: {how_to_write(value, local)}")
    if moment.tzinfo is None:
        raise ValueError(f"{_shown(value)} has no UTC offset (it would be ambiguous): {how_to_write(moment, local)}")
    return moment.astimezone(UTC).replace(tzinfo=None)


def how_to_write(value: object, local: LocalTime) -> str:
    """How a date and time is written in an announcement, shown with the author's own moment when it can be
    made out ("24-12-2026 17:00" -> 2026-12-24T17:00+01:00, with the local offset of that day)."""
    wall = _wall_time(value) or datetime(2026, 12, 3, 18, 0)
    return (
        f"write {wall:%Y-%m-%dT%H:%M}{local.offset(wall)} (year-month-day, 'T', hours:minutes, then the offset "
        f"from UTC: {_offsets(local, wall.year)})"
    )


def _offsets(local: LocalTime, year: int) -> str:
    """ "+01:00 in winter and +02:00 in summer in Europe/Amsterdam"; one offset where there is no summer time."""
    standard, summer = sorted({datetime(year, 1, 1, 12), datetime(year, 7, 1, 12)}, key=local.utc_offset)
    if local.utc_offset(standard) == local.utc_offset(summer):
        return f"{local.offset(standard)} in {local.zone.key}"
    return f"{local.offset(standard)} in winter and {local.offset(summer)} in summer in {local.zone.key}"


def _wall_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time(9, 0))
    found = DAY_FIRST.match(str(value).strip())
    if found is None:
        return None
    day, month, year, hour, minute = (int(part) if part else 0 for part in found.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _shown(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)
