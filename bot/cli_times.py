"""Times on the command line: in the business time zone (`BUSINESS_TIMEZONE`) with the UTC offset, the way
colleagues were told them, so an admin never converts from UTC in their head.

One small function for every CLI command (tickets, announcements); the domain stores naive UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.config import Settings


def business_zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.sla.hours.timezone)


def local_time(
    moment: datetime | None, zone: ZoneInfo, *, sep: str = "T", timespec: Literal["seconds", "minutes"] = "seconds"
) -> str | None:
    """A stored (naive UTC) time in `zone` as ISO 8601 with the offset: "2026-12-03T18:00:00+01:00" (for JSON),
    or with `sep=" ", timespec="minutes"` "2026-12-03 18:00+01:00" (for reading). None stays None."""
    if moment is None:
        return None
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(zone).isoformat(sep=sep, timespec=timespec)
