"""Settings, built from a mapping (the environment in production, a dict in tests)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.announcements.spec import cron_trigger
from bot.errors import ConfigurationError
from bot.reachable import Reachable, WalkIn, parse_walk_ins
from bot.tickets.service import SlaPolicy
from bot.tickets.sla import BusinessHours, parse_targets
from kb.article import LANGUAGES, Language
from kb.matcher import DEFAULT_THRESHOLDS

DATABASE_FILE = "servicedesk.sqlite3"
LOG_FORMATS = ("plain", "json")
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
BUNDLED_ARTICLES = Path(__file__).resolve().parent.parent / "kb" / "articles"
DEFAULT_ANNOUNCEMENTS_DIR = Path(__file__).resolve().parent.parent / "announcements"
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "accounts", "email", "netwerk", "werkplek", "printen", "bestanden", "software", "beveiliging", "overig",
)  # fmt: skip
"""Ticket categories colleagues and agents choose from; these have a Dutch and English label in the catalogue."""
DEFAULT_DIGEST_SCHEDULE = "30 8 * * MON"
MENTIONS = {"@here": "<!here>", "@channel": "<!channel>", "none": None}
USER_GROUP = re.compile(r"^S[A-Z0-9]{2,20}$")


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be configured with; see `.env.example` and README for each variable."""

    database_url: str = field(default="sqlite://", repr=False)  # may hold a password; see `default_database_url`
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    kb_dir: Path = BUNDLED_ARTICLES
    help_channels: frozenset[str] = frozenset()
    answer_threshold: float = DEFAULT_THRESHOLDS.answer
    suggest_threshold: float = DEFAULT_THRESHOLDS.suggest
    default_language: Language = "nl"
    servicedesk_contact: str = ""
    servicedesk_phone: str | None = None
    emergency_phone: str | None = None
    walk_ins: tuple[WalkIn, ...] = ()
    walk_in_place: str | None = None
    log_level: str = "INFO"
    port: int = 3000
    log_format: str = "plain"
    metrics_port: int | None = None
    # -- service desk team and announcements --
    triage_channel: str | None = None
    agent_ids: frozenset[str] = frozenset()
    announcements_dir: Path = DEFAULT_ANNOUNCEMENTS_DIR
    outbox_lease_seconds: float = 6.0
    digest_schedule: str | None = DEFAULT_DIGEST_SCHEDULE
    """When the weekly digest goes to the triage channel: a crontab rule in the business time zone; None: never."""
    # -- tickets --
    teams: dict[str, str] = field(default_factory=dict)
    sla: SlaPolicy = field(default_factory=SlaPolicy.default)
    reopen_days: int = 5
    ticket_categories: tuple[str, ...] = DEFAULT_CATEGORIES
    urgent_mention: str | None = "<!here>"
    """Who a spoed (P1) ticket's alert in the triage channel notifies: `<!here>`, `<!channel>`, a user group, or
    nobody (None)."""

    @property
    def reachable(self) -> Reachable:
        """How colleagues reach a person at the desk."""
        return Reachable(
            self.servicedesk_contact, self.servicedesk_phone, self.emergency_phone, self.walk_ins, self.walk_in_place
        )

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from environment-style strings.

        Raises:
            ConfigurationError: a value cannot be used; the message names the variable.
        """
        answer = _probability(env, "MATCH_ANSWER_THRESHOLD", DEFAULT_THRESHOLDS.answer)
        suggest = _probability(env, "MATCH_SUGGEST_THRESHOLD", DEFAULT_THRESHOLDS.suggest)
        if suggest > answer:
            raise ConfigurationError(
                f"MATCH_SUGGEST_THRESHOLD ({suggest}) must not be above MATCH_ANSWER_THRESHOLD ({answer})"
            )
        language = env.get("DEFAULT_LANGUAGE", "nl").strip() or "nl"
        if language not in LANGUAGES:
            raise ConfigurationError(f"DEFAULT_LANGUAGE must be 'nl' or 'en', not {language!r}")
        return cls(
            database_url=_text(env, "DATABASE_URL") or default_database_url(env),
            slack_api_url=_api_url(_text(env, "SLACK_API_URL") or DEFAULT_SLACK_API_URL),
            slack_bot_token=_text(env, "SLACK_BOT_TOKEN"),
            slack_app_token=_text(env, "SLACK_APP_TOKEN"),
            slack_signing_secret=_text(env, "SLACK_SIGNING_SECRET"),
            kb_dir=Path(_text(env, "KB_DIR") or BUNDLED_ARTICLES),
            help_channels=frozenset(_list(env, "HELP_CHANNELS")),
            answer_threshold=answer,
            suggest_threshold=suggest,
            default_language=language,
            servicedesk_contact=_text(env, "SERVICEDESK_CONTACT") or "",
            servicedesk_phone=_text(env, "SERVICEDESK_PHONE"),
            emergency_phone=_text(env, "EMERGENCY_PHONE"),
            walk_ins=_walk_ins(env),
            walk_in_place=_text(env, "WALK_IN_LOCATION"),
            log_level=(_text(env, "LOG_LEVEL") or "INFO").upper(),
            port=_port(env, "PORT", 3000) or 3000,
            log_format=_choice(env, "LOG_FORMAT", LOG_FORMATS),
            metrics_port=_port(env, "METRICS_PORT"),
            triage_channel=_text(env, "TRIAGE_CHANNEL"),
            agent_ids=frozenset(_list(env, "AGENT_IDS")),
            announcements_dir=Path(_text(env, "ANNOUNCEMENTS_DIR") or DEFAULT_ANNOUNCEMENTS_DIR),
            outbox_lease_seconds=_seconds(env, "OUTBOX_LEASE_SECONDS", 6.0),
            digest_schedule=_schedule(env, "DIGEST_SCHEDULE", DEFAULT_DIGEST_SCHEDULE),
            teams=_teams(env),
            sla=_sla(env),
            reopen_days=_whole(env, "REOPEN_DAYS", 5),
            ticket_categories=tuple(dict.fromkeys(_list(env, "TICKET_CATEGORIES"))) or DEFAULT_CATEGORIES,
            urgent_mention=_mention(env, "URGENT_MENTION"),
        )

    def missing_for_slack(self, *, http: bool) -> list[str]:
        """Names of the variables Slack needs in this mode that are not set."""
        needed = {"SLACK_BOT_TOKEN": self.slack_bot_token}
        if http:
            needed["SLACK_SIGNING_SECRET"] = self.slack_signing_secret
        else:
            needed["SLACK_APP_TOKEN"] = self.slack_app_token
        return [name for name, value in needed.items() if not value]


def default_database_url(env: Mapping[str, str]) -> str:
    """The SQLite file when DATABASE_URL is not set: one absolute place per user, whatever the working folder
    (`$XDG_DATA_HOME/servicedesk/servicedesk.sqlite3`, by default `~/.local/share/servicedesk/...`)."""
    data_home = _text(env, "XDG_DATA_HOME") or str(Path(_text(env, "HOME") or Path.home()) / ".local" / "share")
    return f"sqlite:///{Path(data_home).resolve() / 'servicedesk' / DATABASE_FILE}"


def _text(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _list(env: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in env.get(name, "").split(",") if item.strip()]


def _api_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _probability(env: Mapping[str, str], name: str, default: float) -> float:
    return _number(env, name, default, low=0.0, high=1.0, unit="a number between 0 and 1")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    return _number(env, name, default, low=1.0, high=float("inf"), unit="a number of seconds, at least 1")


def _number(env: Mapping[str, str], name: str, default: float, *, low: float, high: float, unit: str) -> float:
    """A number from the environment in [low, high]; the error names the variable and what it must be."""
    raw = _text(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be {unit}, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigurationError(f"{name} must be {unit}, not {value}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = (_text(env, name) or choices[0]).lower()
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _port(env: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    raw = _text(env, name)
    if raw is None:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigurationError(f"{name} must be a port number (1-65535), not {raw!r}")
    return int(raw)


def _schedule(env: Mapping[str, str], name: str, default: str) -> str | None:
    """A crontab rule (minute hour day month weekday, weekdays as names), or None for `off`."""
    rule = " ".join((_text(env, name) or default).split())
    if rule.lower() == "off":
        return None
    try:
        cron_trigger(rule)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a crontab rule like '{default}' or 'off': {error}") from None
    return rule


def _teams(env: Mapping[str, str]) -> dict[str, str]:
    """`TEAMS=netwerk=C012AB,identity=C034CD`: second-line teams and their channels."""
    teams = {}
    for item in _list(env, "TEAMS"):
        name, _, channel = item.partition("=")
        if not name.strip() or not channel.strip():
            raise ConfigurationError(f"TEAMS must look like 'netwerk=C012AB,identity=C034CD'; {item!r} does not")
        teams[name.strip()] = channel.strip()
    return teams


def _sla(env: Mapping[str, str]) -> SlaPolicy:
    names = ("BUSINESS_HOURS", "BUSINESS_DAYS", "BUSINESS_TIMEZONE", "HOLIDAYS_COUNTRY", "CLOSED_DATES", "SLA_TARGETS")
    try:
        hours = BusinessHours.from_text(
            hours=_text(env, "BUSINESS_HOURS") or "08:30-17:30",
            days=_text(env, "BUSINESS_DAYS") or "mon-fri",
            timezone=_text(env, "BUSINESS_TIMEZONE") or "Europe/Amsterdam",
            country=env.get("HOLIDAYS_COUNTRY", "NL"),
            closed=_text(env, "CLOSED_DATES") or "",
        )
        targets = parse_targets(_text(env, "SLA_TARGETS") or "")
    except ValueError as error:
        raise ConfigurationError(f"{'/'.join(names)}: {error}") from None
    return SlaPolicy(hours, targets)


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    value = _number(env, name, default, low=0, high=3650, unit="a whole number of days")
    if value != int(value):
        raise ConfigurationError(f"{name} must be a whole number of days, not {value}")
    return int(value)


def _walk_ins(env: Mapping[str, str]) -> tuple[WalkIn, ...]:
    try:
        return parse_walk_ins(env.get("WALK_IN_HOURS", ""))
    except ValueError as error:
        raise ConfigurationError(f"WALK_IN_HOURS: {error}") from None


def _mention(env: Mapping[str, str], name: str) -> str | None:
    """`@here` (default), `@channel`, `none`, or a user group id (`S0123ABCD`) as Slack mrkdwn."""
    raw = _text(env, name) or "@here"
    if raw.lower() in MENTIONS:
        return MENTIONS[raw.lower()]
    if USER_GROUP.match(raw):
        return f"<!subteam^{raw}>"
    raise ConfigurationError(f"{name} must be @here, @channel, none or a user group id like S0123ABCD, not {raw!r}")
