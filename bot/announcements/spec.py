"""What an announcement says, validated the same way whether it comes from a file, the CLI or the modal.

`parse_spec` takes plain data (YAML values or modal fields) and returns an `AnnouncementSpec` or the problems
found, each naming its field so callers can point at a line (files) or an input (modal).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from apscheduler.triggers.cron import CronTrigger

IMPACTS = ("none", "low", "high", "outage")
LANGS = ("nl", "en")
DEFAULT_REMINDERS = ("P1D", "PT1H")
DEFAULT_GRACE = "PT1H"
FIELDS = frozenset(
    {"title", "body", "channels", "publish", "starts", "ends", "expected", "impact", "lang", "reminders"}
    | {"cron", "grace", "tags", "post_started", "post_ended", "cancelled"}
)
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")
DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
CRON_WEEKDAY = re.compile(r"^(\*|[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*)$")


@dataclass(frozen=True)
class AnnouncementSpec:
    """A valid announcement. Times are naive UTC; texts map each of `langs` to text."""

    title: dict[str, str]
    body: dict[str, str]
    channels: tuple[str, ...]
    langs: tuple[str, ...] = ("nl",)
    impact: str = "low"
    publish: datetime | None = None
    starts: datetime | None = None
    ends: datetime | None = None
    expected: dict[str, str] | None = None
    reminders: tuple[timedelta, ...] = ()
    cron: str | None = None
    grace: timedelta = timedelta(hours=1)
    tags: tuple[str, ...] = ()
    post_started: bool = True
    post_ended: bool = True
    cancelled: bool = False

    def content_hash(self) -> str:
        """A fingerprint of everything colleagues could see or that decides when posts go out."""
        data = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(self).items()}
        data["reminders"] = [int(r.total_seconds()) for r in self.reminders]
        data["grace"] = int(self.grace.total_seconds())
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Problems:
    """Problems found, each as (field, message); field "" is about the whole announcement."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.items.append((name, message))


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


def parse_moment(value: object) -> datetime:
    """An ISO 8601 date-time with an offset ("2026-12-03T18:00:00+01:00") as naive UTC.

    Raises:
        ValueError: not a date-time, or without offset (ambiguous around DST).
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value.strip())
    else:
        raise ValueError(f"{value!r} is not a date and time like 2026-12-03T18:00:00+01:00")
    if moment.tzinfo is None:
        raise ValueError(f"{value} has no UTC offset; write it like 2026-12-03T18:00:00+01:00")
    return moment.astimezone(UTC).replace(tzinfo=None)


def cron_trigger(rule: str, zone: tzinfo = UTC) -> CronTrigger:
    """The trigger for a crontab rule on the clock of `zone` (the desk's time zone when planning posts).

    Raises:
        ValueError: not five fields, or a weekday given as a number (APScheduler 3 counts 0 as Monday, cron
            as Sunday: names are unambiguous).
    """
    fields = rule.split()
    if len(fields) != 5:
        raise ValueError(f"{rule!r} needs five fields: minute hour day month weekday")
    if not CRON_WEEKDAY.match(fields[4]):
        raise ValueError(f"write the weekday in {rule!r} as a name (MON, TUE, ... SUN) or *, not a number")
    return CronTrigger.from_crontab(rule, timezone=zone)


def parse_spec(data: dict[str, Any]) -> tuple[AnnouncementSpec | None, list[tuple[str, str]]]:
    """Validate plain data; returns the spec, or None and every problem found (field, message)."""
    problems = Problems()
    for name in sorted(set(data) - FIELDS):
        problems.add(name, f"unknown field {name!r} (known: {', '.join(sorted(FIELDS))})")
    langs = _langs(data.get("lang", "nl"), problems)
    title = _texts(data, "title", langs, problems, required=True, limit=150)
    body = _texts(data, "body", langs, problems, required=True, limit=2500)
    expected = _texts(data, "expected", langs, problems, required=False, limit=100)
    channels = _channels(data.get("channels"), problems)
    publish, starts, ends = (_moment(data, name, problems) for name in ("publish", "starts", "ends"))
    if ends is not None and starts is None:
        problems.add("ends", "'ends' needs 'starts' too")
    if starts is not None and ends is not None and ends <= starts:
        problems.add("ends", "'ends' must be after 'starts'")
    cron = _cron(data.get("cron"), problems)
    if starts is None and not expected and cron is None:
        problems.add("", "give 'starts' (and 'ends'), an honest 'expected' text such as 'begin december', or 'cron'")
    impact = str(data.get("impact", "low")).strip().lower()
    if impact not in IMPACTS:
        problems.add("impact", f"impact must be one of {', '.join(IMPACTS)}, not {impact!r}")
    reminders = _durations(data.get("reminders", list(DEFAULT_REMINDERS)), "reminders", problems)
    [grace] = _durations([data.get("grace", DEFAULT_GRACE)], "grace", problems) or [timedelta(hours=1)]
    tags = _strings(data.get("tags", []), "tags", problems)
    flags = {name: _flag(data, name, default, problems) for name, default in _FLAGS.items()}
    if problems.items or title is None or body is None:
        return None, problems.items
    spec = AnnouncementSpec(
        title, body, tuple(channels), langs, impact, publish, starts, ends, expected, tuple(reminders), cron,
        grace, tuple(tags), **flags,
    )  # fmt: skip
    return spec, []


_FLAGS = {"post_started": True, "post_ended": True, "cancelled": False}


def _langs(value: object, problems: Problems) -> tuple[str, ...]:
    items = value if isinstance(value, list) else re.split(r"[+,\s]+", str(value).strip().lower())
    langs = tuple(dict.fromkeys(str(item).strip().lower() for item in items if str(item).strip()))
    if not langs or any(lang not in LANGS for lang in langs):
        problems.add("lang", f"lang must be nl, en or both (e.g. [nl, en]), not {value!r}")
        return ("nl",)
    return langs


def _texts(
    data: dict[str, Any], name: str, langs: tuple[str, ...], problems: Problems, *, required: bool, limit: int
) -> dict[str, str] | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            problems.add(name, f"'{name}' is required")
        return None
    texts = value if isinstance(value, dict) else dict.fromkeys(langs, value)
    missing = [lang for lang in langs if not str(texts.get(lang) or "").strip()]
    if missing:
        problems.add(name, f"'{name}' has no text for {', '.join(missing)}")
        return None
    result = {lang: str(texts[lang]).strip() for lang in langs}
    if any(len(text) > limit for text in result.values()):
        problems.add(name, f"'{name}' is longer than {limit} characters")
    return result


def _channels(value: object, problems: Problems) -> list[str]:
    if not isinstance(value, list) or not value:
        problems.add("channels", "'channels' must be a list of channel ids, e.g. [C0123456789]")
        return []
    channels = [str(item).strip() for item in value]
    for channel in channels:
        if not CHANNEL_ID.match(channel):
            problems.add("channels", f"{channel!r} is not a channel id (C… or G…; copy it from the channel details)")
    return list(dict.fromkeys(channels))


def _moment(data: dict[str, Any], name: str, problems: Problems) -> datetime | None:
    if data.get(name) in (None, ""):
        return None
    try:
        return parse_moment(data[name])
    except ValueError as error:
        problems.add(name, f"'{name}': {error}")
        return None


def _cron(value: object, problems: Problems) -> str | None:
    if value in (None, ""):
        return None
    try:
        cron_trigger(str(value))
    except ValueError as error:
        problems.add("cron", f"'cron': {error}")
        return None
    return " ".join(str(value).split())


def _durations(value: object, name: str, problems: Problems) -> list[timedelta]:
    if not isinstance(value, list):
        problems.add(name, f"'{name}' must be a list of ISO 8601 durations like [P1D, PT1H]")
        return []
    durations = []
    for item in value:
        try:
            durations.append(parse_duration(str(item)))
        except ValueError as error:
            problems.add(name, f"'{name}': {error}")
    return sorted(set(durations), reverse=True)


def _strings(value: object, name: str, problems: Problems) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str | int) for item in value):
        problems.add(name, f"'{name}' must be a list of words")
        return []
    return [str(item).strip().lower() for item in value if str(item).strip()]


def _flag(data: dict[str, Any], name: str, default: bool, problems: Problems) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        problems.add(name, f"'{name}' must be true or false")
        return default
    return value
