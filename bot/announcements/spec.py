"""What an announcement says, validated the same way whether it comes from a file, the CLI or the modal.

`parse_spec` takes plain data (YAML values or modal fields) and returns an `AnnouncementSpec` or the problems
found, each naming its field so callers can point at a line (files) or an input (modal).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from bot.announcements.expected import expected_texts
from bot.announcements.moments import parse_duration, parse_moment
from bot.local_time import LocalTime

IMPACTS = ("none", "low", "high", "outage")
LANGS = ("nl", "en")
DEFAULT_REMINDERS = ("P1D", "PT1H")
DEFAULT_GRACE = "PT1H"
FIELDS = frozenset(
    {"title", "body", "channels", "publish", "starts", "ends", "expected", "impact", "lang", "reminders"}
    | {"cron", "grace", "tags", "post_started", "post_ended", "cancelled"}
)
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")
CRON_WEEKDAY = re.compile(r"^(\*|[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*)$")
CHANNEL_HELP = "open the channel in Slack, click its name: the id (C…) is at the bottom"
WHEN_FIELDS = frozenset({"starts", "ends", "expected", "cron"})


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

    def about(self, *names: str) -> bool:
        """True when one of these fields already has a problem (then rules that build on it stay quiet)."""
        return any(name in names for name, _ in self.items)


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


def parse_spec(data: dict[str, Any], local: LocalTime) -> tuple[AnnouncementSpec | None, list[tuple[str, str]]]:
    """Validate plain data; returns the spec, or None and every problem found (field, message). A time that
    cannot be read is answered with how to write it, with the offset `local` (the desk's time zone) has then.

    A problem that only follows from another one (an 'ends' without the 'starts' that could not be read) is
    left out, so the author sees the one thing to fix.
    """
    problems = Problems()
    intended = _unknown_fields(data, problems)
    langs = _langs(data.get("lang", "nl"), problems)
    data = _expected_in_each_language(data, langs, problems)
    texts = {
        name: _texts(data, name, langs, problems, required=name != "expected", limit=limit)
        for name, limit in (("title", 150), ("body", 2500), ("expected", 100))
    }
    channels = _channels(data.get("channels"), problems)
    publish, starts, ends = (_moment(data, name, problems, local) for name in ("publish", "starts", "ends"))
    cron = _cron(data.get("cron"), problems)
    _check_window(data, starts, ends, bool(texts["expected"]) or cron is not None, problems, intended)
    impact = str(data.get("impact", "low")).strip().lower()
    if impact not in IMPACTS:
        problems.add("impact", f"impact must be one of {', '.join(IMPACTS)}, not {impact!r}")
    reminders = _durations(data.get("reminders", list(DEFAULT_REMINDERS)), "reminders", problems)
    [grace] = _durations([data.get("grace", DEFAULT_GRACE)], "grace", problems) or [timedelta(hours=1)]
    tags = _strings(data.get("tags", []), "tags", problems)
    flags = {name: _flag(data, name, default, problems) for name, default in _FLAGS.items()}
    title, body, expected = texts["title"], texts["body"], texts["expected"]
    if problems.items or title is None or body is None:
        return None, problems.items
    spec = AnnouncementSpec(
        title, body, tuple(channels), langs, impact, publish, starts, ends, expected, tuple(reminders), cron,
        grace, tuple(tags), **flags,
    )  # fmt: skip
    return spec, []


def _expected_in_each_language(data: dict[str, Any], langs: tuple[str, ...], problems: Problems) -> dict[str, Any]:
    """One 'expected' text, written again in each language ("begin januari" is "early January" in English); text
    that cannot be translated is only accepted for an announcement in one language."""
    expected = data.get("expected")
    if not isinstance(expected, str) or not expected.strip():
        return data
    translated = expected_texts(expected, langs)
    if translated is not None:
        return {**data, "expected": translated}
    if len(langs) > 1:
        problems.add(
            "expected",
            f"'expected' {expected!r} cannot be translated: give it per language, e.g. "
            "expected: {nl: voor de zomer, en: before the summer} (or write 'begin december', 'week 49')",
        )
        return {key: value for key, value in data.items() if key != "expected"}
    return data


def _unknown_fields(data: dict[str, Any], problems: Problems) -> set[str]:
    """Report fields this version does not know; returns the known fields they were probably meant to be."""
    intended = set()
    for name in sorted(set(data) - FIELDS):
        matches = difflib.get_close_matches(str(name), sorted(FIELDS), n=1, cutoff=0.75)
        guess = matches[0] if matches else None
        if guess is not None and guess not in data:
            intended.add(guess)
            problems.add(name, f"unknown field {name!r}: did you mean {guess!r}?")
        else:
            problems.add(name, f"unknown field {name!r} (known: {', '.join(sorted(FIELDS))})")
    return intended


def _check_window(
    data: dict[str, Any],
    starts: datetime | None,
    ends: datetime | None,
    has_other_when: bool,
    problems: Problems,
    intended: set[str],
) -> None:
    """The rules between 'starts', 'ends', 'expected' and 'cron', unless one of them already has a problem."""
    if problems.about(*WHEN_FIELDS) or intended & WHEN_FIELDS:
        return
    if ends is not None and starts is None:
        problems.add("ends", "'ends' needs 'starts' too: add when the change begins")
    if starts is not None and ends is not None and ends <= starts:
        problems.add("ends", "'ends' must be after 'starts'")
    if starts is None and not has_other_when:
        problems.add(
            "", "say when: give 'starts' (and 'ends'), an honest 'expected' text such as 'begin december', or 'cron'"
        )


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
    if missing and problems.about("lang"):
        return None  # the languages themselves are wrong: that is the problem to report
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
        if channel.startswith("#"):
            problems.add("channels", f"{channel!r} is a channel name; write its id instead ({CHANNEL_HELP})")
        elif not CHANNEL_ID.match(channel):
            problems.add("channels", f"{channel!r} is not a channel id like C0123456789 ({CHANNEL_HELP})")
    return list(dict.fromkeys(channels))


def _moment(data: dict[str, Any], name: str, problems: Problems, local: LocalTime) -> datetime | None:
    if data.get(name) in (None, ""):
        return None
    try:
        return parse_moment(data[name], local)
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
