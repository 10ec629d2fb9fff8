"""SLA targets counted in business hours: what the desk promises per priority, and when each promise falls due.

Pure domain code: no Slack, no database, no clock, no environment. Every moment going in or out is a naive UTC
`datetime` (as the database stores it); business hours are wall-clock times in the desk's time zone, converted per
day with `zoneinfo`, so a day keeps its 08:30-17:30 across daylight-saving switches.

Public holidays come from the `holidays` library (`holidays.country_holidays`) and are followed as it lists them.
For the Netherlands that means Good Friday counts as closed, and Bevrijdingsdag (5 May) only in lustrum years
(2025, 2030, ...), the practice of most collective agreements. Add other closed days with `extra_closed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from bot.local_time import LocalTime

PRIORITIES = ("P1", "P2", "P3", "P4")

# Weekday numbers as `date.weekday()` counts them; Dutch abbreviations too, since the desk's admins may write them.
_DAY_NAMES = {
    **{name: number for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: number for number, name in enumerate(("ma", "di", "wo", "do", "vr", "za", "zo"))},
}
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?")
# Guards the day walks against configurations that never open (every weekday listed as an extra closed date).
_MAX_CLOSED_RUN = 400


@dataclass(frozen=True)
class Target:
    """What the desk promises for one priority, both counted in business time."""

    first_response: timedelta
    resolution: timedelta


DEFAULT_TARGETS: dict[str, Target] = {
    "P1": Target(timedelta(minutes=30), timedelta(hours=4)),
    "P2": Target(timedelta(hours=2), timedelta(hours=9)),
    "P3": Target(timedelta(hours=4), timedelta(hours=27)),
    "P4": Target(timedelta(hours=8), timedelta(hours=45)),
}


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of `country` in `year`, as the `holidays` library lists them (cached per year)."""
    return frozenset(holidays.country_holidays(country, years=year))


@dataclass(frozen=True)
class BusinessHours:
    """When the desk is open: the same opening and closing time on each working weekday, minus closed dates.

    Opening is inclusive, closing exclusive: at 17:30 exactly the desk is closed.

    Raises:
        ValueError: On construction, if `closes` is not after `opens`, `weekdays` is empty or not within 0-6,
            or the time zone or country is unknown.
    """

    opens: time = time(8, 30)
    closes: time = time(17, 30)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    timezone: str = "Europe/Amsterdam"
    country: str | None = "NL"
    extra_closed: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError(f"closing time {self.closes:%H:%M} must be after opening time {self.opens:%H:%M}")
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError(f"weekdays must be a non-empty set of numbers 0 (Monday) to 6, not {set(self.weekdays)}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {self.timezone!r} (use a name like 'Europe/Amsterdam')") from None
        if self.country is not None:
            try:
                _public_holidays(self.country, 2000)
            except NotImplementedError:
                raise ValueError(f"unknown holiday country {self.country!r} (use a code like 'NL')") from None

    @classmethod
    def from_text(
        cls,
        hours: str = "08:30-17:30",
        days: str = "mon-fri",
        timezone: str = "Europe/Amsterdam",
        country: str | None = "NL",
        closed: str = "",
    ) -> BusinessHours:
        """Build business hours from configuration text.

        Args:
            hours: Opening and closing time, ``"HH:MM-HH:MM"``.
            days: Weekdays, as names and ranges: ``"mon-fri"``, ``"mon,tue,thu"``, ``"ma-vr"``; a range may wrap
                (``"sun-thu"``).
            timezone: IANA time zone name.
            country: Holiday country code for the `holidays` library; ``None`` or ``""`` for no public holidays.
            closed: Extra closed dates, ``"YYYY-MM-DD"`` separated by commas.

        Raises:
            ValueError: The message names the part that is wrong.
        """
        opens, closes = parse_hours(hours)
        return cls(
            opens=opens,
            closes=closes,
            weekdays=parse_days(days),
            timezone=timezone.strip(),
            country=(country or "").strip() or None,
            extra_closed=_parse_dates(closed),
        )

    @property
    def local_time(self) -> LocalTime:
        """The desk's time zone, as a service for everything else that shows or plans local time."""
        return LocalTime.named(self.timezone)

    def is_open(self, moment: datetime) -> bool:
        """Whether the desk is open at `moment` (naive UTC)."""
        opens, closes = next(self._open_periods(moment))
        return opens <= moment < closes

    def next_open(self, moment: datetime) -> datetime:
        """`moment` itself if the desk is open then, else the next opening (naive UTC in and out)."""
        opens, _ = next(self._open_periods(moment))
        return max(opens, moment)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment at which `duration` of business time has passed since `start` (naive UTC in and out).

        Counting starts at `next_open(start)`. A duration that ends exactly at closing time ends there (Friday
        08:30 + 9 h is Friday 17:30, not Monday 08:30); a zero duration gives `next_open(start)`.
        Walks day by day, so long spans cost one step per calendar day.

        Raises:
            ValueError: If `duration` is negative or `start` carries a time zone.
        """
        if duration < timedelta():
            raise ValueError(f"duration must not be negative, got {duration}")
        remaining = duration
        for opens, closes in self._open_periods(start):
            counting_from = max(opens, start)
            if remaining <= closes - counting_from:
                return counting_from + remaining
            remaining -= closes - counting_from
        raise AssertionError("unreachable: _open_periods never ends")  # pragma: no cover

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time between two naive UTC moments; zero if `end` is not after `start`.

        The inverse of `add`: ``between(s, add(s, d)) == d`` for every ``d >= 0``.

        Raises:
            ValueError: If either moment carries a time zone.
        """
        _require_naive(end)
        elapsed = timedelta()
        if end <= start:
            return elapsed
        for opens, closes in self._open_periods(start):
            if opens >= end:
                break
            elapsed += min(closes, end) - max(opens, start)
        return elapsed

    def is_business_day(self, day: date) -> bool:
        """Whether the desk opens at all on local calendar `day`."""
        return day.weekday() in self.weekdays and not self.is_holiday(day)

    def is_holiday(self, day: date) -> bool:
        """Whether local calendar `day` is a public holiday or an extra closed date (whatever the weekday)."""
        if day in self.extra_closed:
            return True
        return self.country is not None and day in _public_holidays(self.country, day.year)

    def _open_periods(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Yield (opens, closes) in naive UTC for every business day whose closing is after `moment`, in order.

        Endless; raises ValueError if no business day comes in `_MAX_CLOSED_RUN` days.
        """
        _require_naive(moment)
        local = self.local_time
        day = first_day = local.of(moment).date()
        closed_run = 0
        while closed_run <= _MAX_CLOSED_RUN:
            if self.is_business_day(day):
                opens = local.to_utc(datetime.combine(day, self.opens))
                closes = local.to_utc(datetime.combine(day, self.closes))
                if closes > moment:
                    closed_run = 0
                    yield opens, closes
            else:
                closed_run += 1
            day += timedelta(days=1)
        raise ValueError(f"the desk does not open in {_MAX_CLOSED_RUN} days in a row after {first_day}")


def due(hours: BusinessHours, start: datetime, target: timedelta, paused: timedelta = timedelta()) -> datetime:
    """When a target falls due: `target` of business time after `start`, later by the business time paused.

    `paused` is the business time the ticket spent waiting on the requester (see `BusinessHours.between`).
    Naive UTC in and out; same as ``hours.add(start, target + paused)``.
    """
    return hours.add(start, target + paused)


def parse_targets(text: str) -> dict[str, Target]:
    """Parse SLA targets from configuration text; priorities not mentioned keep their default.

    The form is ``"P1=30m/4h,P2=2h/9h"``: first response, then resolution, in business time. Durations use
    hours and minutes only (``45m``, ``2h``, ``1h30m``): a business day is as long as the configured hours,
    so write 9 business hours rather than "1 day".

    Raises:
        ValueError: The message names the part that is wrong.
    """
    targets = dict(DEFAULT_TARGETS)
    seen: set[str] = set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        priority, equals, spec = (part.strip() for part in item.partition("="))
        if not equals:
            raise ValueError(f"SLA target {item!r}: expected PRIORITY=FIRST/RESOLUTION, e.g. P1=30m/4h")
        if priority not in PRIORITIES:
            raise ValueError(f"SLA target {item!r}: unknown priority {priority!r} (known: {', '.join(PRIORITIES)})")
        if priority in seen:
            raise ValueError(f"SLA target {item!r}: priority {priority} is given twice")
        first_text, slash, resolution_text = (part.strip() for part in spec.partition("/"))
        if not slash:
            raise ValueError(f"SLA target {item!r}: expected FIRST/RESOLUTION after '=', e.g. 30m/4h")
        first, resolution = _parse_duration(item, first_text), _parse_duration(item, resolution_text)
        if first > resolution:
            raise ValueError(f"SLA target {item!r}: first response {first_text} is longer than resolution")
        seen.add(priority)
        targets[priority] = Target(first, resolution)
    return targets


def _parse_duration(item: str, text: str) -> timedelta:
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise ValueError(f"SLA target {item!r}: {text!r} is not a duration (use m and h, e.g. 45m, 2h, 1h30m)")
    duration = timedelta(hours=int(match[1] or 0), minutes=int(match[2] or 0))
    if duration <= timedelta():
        raise ValueError(f"SLA target {item!r}: {text!r} must be longer than zero")
    return duration


def parse_hours(text: str, what: str = "business hours") -> tuple[time, time]:
    """ "08:30-17:30" as (opens, closes). Raises: ValueError naming `what` and how to write it."""
    opens_text, dash, closes_text = (part.strip() for part in text.partition("-"))
    if not dash:
        raise ValueError(f"{what} {text!r}: expected HH:MM-HH:MM, e.g. 08:30-17:30")
    opens, closes = parse_clock(text, opens_text, what), parse_clock(text, closes_text, what)
    if closes <= opens:
        raise ValueError(f"{what} {text!r}: closing time {closes_text} must be after opening time {opens_text}")
    return opens, closes


def parse_clock(whole: str, text: str, what: str = "business hours") -> time:
    match = _CLOCK.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{what} {whole!r}: {text!r} is not a time of day (use HH:MM, e.g. 08:30)")
    return time(int(match[1]), int(match[2]))


def parse_days(text: str, what: str = "business days") -> frozenset[int]:
    """ "mon-fri", "tue,thu", "ma-vr" (a range may wrap) as weekday numbers. Raises: ValueError naming `what`."""
    days: set[int] = set()
    for item in (part.strip().lower() for part in text.split(",")):
        first_name, dash, last_name = (part.strip() for part in item.partition("-"))
        for name in (first_name, last_name) if dash else (first_name,):
            if name not in _DAY_NAMES:
                raise ValueError(
                    f"{what} {text!r}: {name!r} is not a day (use mon, tue, wed, thu, fri, sat, sun "
                    "or ma, di, wo, do, vr, za, zo; ranges like mon-fri)"
                )
        first, last = _DAY_NAMES[first_name], _DAY_NAMES[last_name if dash else first_name]
        days.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
    return frozenset(days)


def _parse_dates(text: str) -> frozenset[date]:
    dates: set[date] = set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        problem = f"closed dates {text!r}: {item!r} is not a date (use YYYY-MM-DD, e.g. 2026-12-24)"
        if not _ISO_DATE.fullmatch(item):
            raise ValueError(problem)
        try:
            dates.add(date.fromisoformat(item))
        except ValueError:
            raise ValueError(problem) from None
    return frozenset(dates)


def _require_naive(moment: datetime) -> None:
    if moment.tzinfo is not None:
        raise ValueError(f"expected a naive UTC datetime, got one with time zone {moment.tzinfo}")
