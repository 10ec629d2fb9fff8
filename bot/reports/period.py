"""The stretch of time a report covers: whole local days, turned into naive UTC bounds for queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.orm import Session

from bot.local_time import LocalTime

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    """Local days `first` to `last` (both included) in `timezone`; `start`/`end` are the naive UTC bounds
    (`start` included, `end` excluded), as the database stores moments."""

    first: date
    last: date
    timezone: str

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def local_time(self) -> LocalTime:
        """The desk's local-time service for this period's time zone."""
        return LocalTime.named(self.timezone)

    @property
    def start(self) -> datetime:
        return self.local_time.to_utc(datetime.combine(self.first, time()))

    @property
    def end(self) -> datetime:
        return self.local_time.to_utc(datetime.combine(self.last + timedelta(days=1), time()))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def local(self, moment: datetime) -> datetime:
        """A naive UTC moment as local wall-clock time (naive)."""
        return self.local_time.of(moment).replace(tzinfo=None)


def period_between(first: date | None, last: date | None, *, today: date, timezone: str) -> Period:
    """The period from `first` to `last`; a missing end is today, a missing start `DEFAULT_DAYS` before the end.

    Raises:
        ValueError: the end lies before the start.
    """
    end = last or today
    return Period(first or end - timedelta(days=DEFAULT_DAYS - 1), end, timezone)


def count_by_hour(session: Session, moment: Any, condition: ColumnElement[bool]) -> Counter[datetime]:
    """Rows per UTC hour of `moment` (keyed by the hour's start, naive UTC): an SQL aggregate that is the same on
    every database; turning hours into local time (daylight saving included) is then exact in Python."""
    parts = [extract(unit, moment) for unit in ("year", "month", "day", "hour")]
    rows = session.execute(select(*parts, func.count()).where(condition).group_by(*parts))
    counts: Counter[datetime] = Counter()
    for row in rows:
        year, month, day, hour, count = (int(value) for value in row)
        counts[datetime(year, month, day, hour)] = count
    return counts
