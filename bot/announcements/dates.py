"""Dates as colleagues read them: Europe/Amsterdam time, in Dutch or English ("dinsdag 3 december, 18:00–20:00").

Stored times are naive UTC; `zoneinfo` turns them into local time, so DST switches come out right.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.messages import t

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: datetime) -> datetime:
    """A naive UTC time as an aware Europe/Amsterdam time."""
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM)


def to_utc(moment: datetime) -> datetime:
    """An aware time as naive UTC (what the models store)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def format_day(moment: datetime, lang: str, now: datetime) -> str:
    """ "dinsdag 3 december" / "Tuesday 3 December"; the year is added when it is not this year."""
    day = local(moment)
    weekday = t("announce.weekdays", lang).split(",")[day.weekday()]
    month = t("announce.months", lang).split(",")[day.month - 1]
    year = f" {day.year}" if day.year != local(now).year else ""
    return f"{weekday} {day.day} {month}{year}"


def format_time(moment: datetime) -> str:
    """ "18:00", local time."""
    return f"{local(moment):%H:%M}"


def format_window(starts: datetime, ends: datetime | None, lang: str, now: datetime) -> str:
    """The change window: "dinsdag 3 december, 18:00–20:00", or across days "… 22:00 – woensdag 4 december 02:00"."""
    first = format_day(starts, lang, now)
    if ends is None:
        return t("announce.from", lang, day=first, time=format_time(starts))
    if local(starts).date() == local(ends).date():
        return f"{first}, {format_time(starts)}–{format_time(ends)}"
    return f"{first} {format_time(starts)} – {format_day(ends, lang, now)} {format_time(ends)}"
