"""How colleagues reach a person at the service desk: phone, an emergency line, walk-in hours and where.

Pure domain code: the walk-in hours are wall-clock times in the desk's time zone on the weekdays given, minus the
days the desk is closed (public holidays, `CLOSED_DATES`), exactly as the business hours are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.tickets.sla import BusinessHours, parse_days, parse_hours

LOOK_AHEAD_DAYS = 60
"""How far ahead the next walk-in is looked for (holidays can close a few in a row)."""


@dataclass(frozen=True)
class WalkIn:
    """One recurring walk-in slot: the same hours on each of `weekdays` (0 is Monday)."""

    weekdays: frozenset[int]
    opens: time
    closes: time


@dataclass(frozen=True)
class Reachable:
    """What the bot tells a colleague who needs a person (`SERVICEDESK_CONTACT`, `SERVICEDESK_PHONE`,
    `EMERGENCY_PHONE`, `WALK_IN_HOURS`, `WALK_IN_LOCATION`); everything is optional."""

    contact: str = ""
    phone: str | None = None
    emergency_phone: str | None = None
    walk_ins: tuple[WalkIn, ...] = ()
    walk_in_place: str | None = None


def parse_walk_ins(text: str) -> tuple[WalkIn, ...]:
    """`tue,thu 10:00-12:00; fri 13:00-14:00`: days (as in `BUSINESS_DAYS`), a space, then the hours.

    Raises:
        ValueError: the message names the slot that is wrong and how to write it.
    """
    slots = []
    for slot in filter(None, (part.strip() for part in text.split(";"))):
        days, _, hours = slot.rpartition(" ")
        if not days.strip():
            raise ValueError(f"walk-in slot {slot!r}: expected days and hours, e.g. 'tue,thu 10:00-12:00'")
        opens, closes = parse_hours(hours, what=f"walk-in slot {slot!r}: hours")
        slots.append(WalkIn(parse_days(days.replace(" ", ""), what=f"walk-in slot {slot!r}: days"), opens, closes))
    return tuple(slots)


def next_walk_in(walk_ins: tuple[WalkIn, ...], hours: BusinessHours, now: datetime) -> tuple[datetime, datetime] | None:
    """The walk-in going on at `now` or the next one, as (start, end) in naive UTC; None when there is none in
    the coming weeks. Days the desk is closed (holidays, `CLOSED_DATES`) have no walk-in."""
    local = hours.local_time
    today = local.of(now).date()
    for offset in range(LOOK_AHEAD_DAYS):
        day = today + timedelta(days=offset)
        if hours.is_holiday(day):
            continue
        slots = sorted((slot for slot in walk_ins if day.weekday() in slot.weekdays), key=lambda slot: slot.opens)
        for slot in slots:
            start = local.to_utc(datetime.combine(day, slot.opens))
            end = local.to_utc(datetime.combine(day, slot.closes))
            if end > now:
                return start, end
    return None
