"""Local time: stored moments (naive UTC) as people read them, in the desk's one time zone (`BUSINESS_TIMEZONE`).

The same service computes the SLA's business hours, plans announcements (a reminder "a day before" is on the
local calendar, a cron rule fires on local time) and formats every time a colleague, an agent or an admin reads
("dinsdag 3 december, 18:00–20:00"), on the command line too (`stamp`, `iso`: with the UTC offset, so an admin
never converts from UTC in their head). `zoneinfo` handles the daylight-saving switches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.messages import t


@dataclass(frozen=True)
class LocalTime:
    """Conversions and formats for one time zone."""

    zone: ZoneInfo

    @classmethod
    def named(cls, name: str) -> LocalTime:
        """Raises: zoneinfo.ZoneInfoNotFoundError for an unknown zone name."""
        return cls(ZoneInfo(name))

    def of(self, moment: datetime) -> datetime:
        """A naive UTC moment (as stored) as an aware local time."""
        return moment.replace(tzinfo=UTC).astimezone(self.zone)

    def to_utc(self, wall: datetime) -> datetime:
        """A local wall-clock time (naive), or an aware time in any zone, as naive UTC."""
        aware = wall if wall.tzinfo is not None else wall.replace(tzinfo=self.zone)
        return aware.astimezone(UTC).replace(tzinfo=None)

    def same_day(self, first: datetime, second: datetime) -> bool:
        """Whether two naive UTC moments fall on the same local calendar day."""
        return self.of(first).date() == self.of(second).date()

    def day(self, moment: datetime, lang: str, now: datetime) -> str:
        """ "dinsdag 3 december" / "Tuesday 3 December"; the year is added when it is not this year."""
        day = self.of(moment)
        weekday = t("announce.weekdays", lang).split(",")[day.weekday()]
        month = t("announce.months", lang).split(",")[day.month - 1]
        year = f" {day.year}" if day.year != self.of(now).year else ""
        return f"{weekday} {day.day} {month}{year}"

    def time(self, moment: datetime) -> str:
        """ "18:00", local time."""
        return f"{self.of(moment):%H:%M}"

    def window(self, starts: datetime, ends: datetime | None, lang: str, now: datetime) -> str:
        """A change window: "dinsdag 3 december, 18:00–20:00", or across days "… 22:00 – woensdag 4 december
        02:00"."""
        first = self.day(starts, lang, now)
        if ends is None:
            return t("announce.from", lang, day=first, time=self.time(starts))
        if self.same_day(starts, ends):
            return f"{first}, {self.time(starts)}–{self.time(ends)}"
        return f"{first} {self.time(starts)} – {self.day(ends, lang, now)} {self.time(ends)}"

    def utc_offset(self, wall: datetime) -> timedelta:
        """How far a local wall-clock time (naive) is ahead of UTC: one hour for 12:00 on 1 January in Amsterdam."""
        offset = wall.replace(tzinfo=self.zone).utcoffset()
        assert offset is not None  # a ZoneInfo always knows its offset
        return offset

    def offset(self, wall: datetime) -> str:
        """The UTC offset of a local wall-clock time as written in ISO 8601: "+01:00"."""
        return wall.replace(tzinfo=self.zone).isoformat()[-6:]

    def stamp(self, moment: datetime) -> str:
        """For the command line: "2026-11-23 10:30+01:00" (ISO 8601 to the minute, easy to read)."""
        return self.of(moment).isoformat(sep=" ", timespec="minutes")

    def iso(self, moment: datetime) -> str:
        """For JSON: ISO 8601 with the local offset, "2026-11-23T10:30:00+01:00"."""
        return self.of(moment).isoformat(timespec="seconds")
