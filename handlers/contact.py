"""How a colleague reaches a person at the service desk, in their language: phone and office hours, walk-in
hours, the help channel (never to someone who asked there), and, while the desk is closed, when it opens again
and what to do in an emergency. Pure text builders over the settings; no Slack calls."""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.local_time import LocalTime
from bot.messages import t
from bot.reachable import WalkIn, next_walk_in
from bot.tickets.sla import BusinessHours


class DeskContact:
    """The desk's ways in (`SERVICEDESK_CONTACT`, `SERVICEDESK_PHONE`, `EMERGENCY_PHONE`, `WALK_IN_HOURS`,
    `WALK_IN_LOCATION`, `HELP_CHANNELS`) next to its business hours."""

    def __init__(self, settings: Settings) -> None:
        self.reach = settings.reachable
        self.hours: BusinessHours = settings.sla.hours
        self.local: LocalTime = self.hours.local_time
        self.help_channels = sorted(settings.help_channels)
        self.tickets = bool(settings.triage_channel)

    def line(self, lang: str, now: datetime, *, asked_in: str | None = None) -> str:
        """For a colleague the bot cannot help: who helps them and how; when the desk is closed, when it opens
        again and what to do in an emergency."""
        parts = [self.reach.contact] if self.reach.contact else []
        if self.reach.phone and self.reach.phone not in self.reach.contact:  # a phone number set is always given
            parts.append(t("contact.phone", lang, phone=self.reach.phone, hours=self.hours_text(lang)))
        if self.reach.walk_ins:
            parts.append(t("contact.walk_in", lang, slots=self.walk_in_text(lang)))
        if self.help_channels and asked_in not in self.help_channels:
            parts.append(t("contact.help_channel", lang, channel=self.help_channels[0]))
        sentence = _sentence(t("contact.servicedesk", lang, contact=join(parts or [t("contact.default", lang)], lang)))
        closed = self.closed_note(lang, now, emergency_ticket=True)
        return f"{closed}\n{sentence}" if closed else sentence

    def closed_note(self, lang: str, now: datetime, *, emergency_ticket: bool) -> str | None:
        """While the desk is closed: when it opens (holidays included) and what to do in an emergency (call
        the emergency line; without one, with `emergency_ticket`, open a ticket marked SPOED)."""
        if self.hours.is_open(now):
            return None
        opens = self.hours.next_open(now)
        lines = [t("desk.closed", lang, opens=self.moment(opens, lang, now))]
        if self.reach.emergency_phone:
            lines.append(t("desk.emergency_phone", lang, phone=self.reach.emergency_phone))
        elif emergency_ticket and self.tickets:
            lines.append(t("desk.emergency_ticket", lang))
        return " ".join(lines)

    def moment(self, moment: datetime, lang: str, now: datetime) -> str:
        """ "vandaag 14:30" or "maandag 30 november 08:30", local time."""
        if self.local.same_day(moment, now):
            return t("ticket.today", lang, time=self.local.time(moment))
        return t("ticket.on_day", lang, day=self.local.day(moment, lang, now), time=self.local.time(moment))

    def hours_text(self, lang: str) -> str:
        """ "maandag t/m vrijdag 08:30–17:30"."""
        slot = WalkIn(self.hours.weekdays, self.hours.opens, self.hours.closes)
        return slot_text(slot, lang)

    def walk_in_text(self, lang: str) -> str:
        """ "dinsdag en donderdag 10:00–12:00, kamer 1.14"."""
        slots = join([slot_text(slot, lang) for slot in self.reach.walk_ins], lang, word="contact.and")
        return f"{slots}, {self.reach.walk_in_place}" if self.reach.walk_in_place else slots

    def next_walk_in(self, lang: str, now: datetime) -> str | None:
        """When the next walk-in is (or that it is on now), holidays skipped."""
        found = next_walk_in(self.reach.walk_ins, self.hours, now)
        if found is None:
            return None
        start, end = found
        return f"{self.moment(start, lang, now)}–{self.local.time(end)}"


def slot_text(slot: WalkIn, lang: str) -> str:
    """ "maandag t/m vrijdag 08:30–17:30", "dinsdag en donderdag 10:00–12:00"."""
    opens, closes = f"{slot.opens:%H:%M}", f"{slot.closes:%H:%M}"
    return t("contact.slot", lang, days=days_text(slot.weekdays, lang), opens=opens, closes=closes)


def days_text(weekdays: frozenset[int], lang: str) -> str:
    """Weekdays in words: runs of three or more as a range ("maandag t/m vrijdag"), the rest listed."""
    names = t("announce.weekdays", lang).split(",")
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(t("contact.days_range", lang, first=names[run[0]], last=names[run[-1]]))
        else:
            parts += [names[day] for day in run]
    return join(parts, lang, word="contact.and")


def join(parts: list[str], lang: str, *, word: str = "contact.or") -> str:
    """ "a, b of c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {t(word, lang)} {parts[-1]}"


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?")) else text.rstrip() + "."
