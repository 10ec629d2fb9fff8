"""What the bot exposes at `/metrics` (Prometheus text format), and the calls that feed it.

Counters and histograms are fed where things happen (`record_question`, `observe_answer`, ...); gauges that
describe stored state (tickets by status, SLA breaches, outbox backlog) are read from the database when
Prometheus scrapes, so every process reports the same truth and a restart loses nothing. One registry per
process (`REGISTRY`), with the process's CPU, memory and open files.

Metric names follow Prometheus conventions: `servicedesk_` prefix, `_total` on counters, base units (seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.db import Sessions, transaction
from bot.errors import DatabaseUnavailable
from bot.tickets.models import Ticket

CONTENT_TYPE = CONTENT_TYPE_LATEST
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

BANDS = ("answer", "suggest", "none")
SECONDS_TO_REPLY = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
SECONDS_PER_CALL = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

QUESTIONS = Counter("servicedesk_questions", "Questions asked, by band of the answer", ["band"], registry=REGISTRY)
ANSWER_SECONDS = Histogram(
    "servicedesk_answer_seconds",
    "From taking the question in to Slack accepting the reply",
    buckets=SECONDS_TO_REPLY,
    registry=REGISTRY,
)
DELIVERY_FAILURES = Counter(
    "servicedesk_delivery_failures", "Outbox deliveries that failed, by reason", ["reason"], registry=REGISTRY
)
SLACK_API_SECONDS = Histogram(
    "servicedesk_slack_api_seconds", "Slack Web API call duration", ["method"], buckets=SECONDS_PER_CALL,
    registry=REGISTRY,
)  # fmt: skip
SLACK_RATE_LIMITED = Counter(
    "servicedesk_slack_rate_limited", "Slack Web API answers 429 (rate limited)", ["method"], registry=REGISTRY
)
SLACK_REQUESTS = Counter(
    "servicedesk_slack_requests", "Requests from Slack (events, actions, commands) handled", ["mode"],
    registry=REGISTRY,
)  # fmt: skip
SLACK_CONNECTED = Gauge(
    "servicedesk_slack_connected", "1 while the Socket Mode link to Slack is open, else 0", registry=REGISTRY
)
SLACK_RECONNECTS = Counter(
    "servicedesk_slack_reconnects", "Socket Mode links opened after the first (refreshes and drops)", registry=REGISTRY
)


def record_question(band: str) -> None:
    """Count one question by the band the matcher gave it (`answer`, `suggest` or `none`)."""
    QUESTIONS.labels(band=band).inc()


def observe_answer(seconds: float) -> None:
    """Time from taking the question in (its reply stored) to Slack accepting the reply."""
    ANSWER_SECONDS.observe(seconds)


def record_delivery_failure(reason: str) -> None:
    """One failed delivery attempt; `reason` is Slack's error code, an HTTP status or `network`/`timeout`."""
    DELIVERY_FAILURES.labels(reason=reason).inc()


def observe_slack_call(method: str, seconds: float, *, rate_limited: bool = False) -> None:
    """One Slack Web API call (`chat.postMessage`, ...): its duration, and whether Slack answered 429."""
    SLACK_API_SECONDS.labels(method=method).observe(seconds)
    if rate_limited:
        SLACK_RATE_LIMITED.labels(method=method).inc()


for _band in BANDS:  # every band shows from the start, also at 0, so rate() works from the first scrape
    QUESTIONS.labels(band=_band)


@dataclass(frozen=True)
class OutboxBacklog:
    """Posts waiting to go out: how many, and since when the oldest waits (None when there are none)."""

    pending: int
    oldest_created_at: datetime | None


OutboxProbe = Callable[[Sessions], OutboxBacklog]


class DatabaseCollector(Collector):
    """Gauges read from the database at each scrape: whether it answers, tickets, SLA breaches, outbox backlog."""

    def __init__(self, sessions: Sessions, clock: Callable[[], datetime], outbox: OutboxProbe | None = None):
        self._sessions, self._clock, self._outbox = sessions, clock, outbox

    def watch_outbox(self, probe: OutboxProbe) -> None:
        """Report the outbox backlog with `probe` (it reads the outbox's own tables)."""
        self._outbox = probe

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("servicedesk_database_up", "1 when the database answered this scrape, else 0")
        try:
            with transaction(self._sessions) as session:
                tickets = list(session.execute(select(Ticket.status, func.count()).group_by(Ticket.status)))
                breached = list(
                    session.scalars(
                        select(Ticket.sla_breached).where(Ticket.sla_breached != "", Ticket.resolved_at.is_(None))
                    )
                )
            backlog = self._outbox(self._sessions) if self._outbox is not None else None
        except DatabaseUnavailable:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield _tickets_by_status(tickets)
        yield _breaches(breached)
        if backlog is not None:
            yield from _backlog(backlog, self._clock())


def _tickets_by_status(rows: Iterable[tuple[str, int]]) -> Metric:
    family = GaugeMetricFamily("servicedesk_tickets", "Tickets by status", labels=["status"])
    for status, count in rows:
        family.add_metric([status], count)
    return family


def _breaches(breached: Iterable[str]) -> Metric:
    family = GaugeMetricFamily(
        "servicedesk_tickets_sla_breached", "Open tickets past an SLA target, by target", labels=["target"]
    )
    counts: dict[str, int] = {}
    for targets in breached:
        for target in filter(None, targets.split(",")):
            counts[target] = counts.get(target, 0) + 1
    for target, count in sorted(counts.items()):
        family.add_metric([target], count)
    return family


def _backlog(backlog: OutboxBacklog, now: datetime) -> Iterator[Metric]:
    pending = GaugeMetricFamily("servicedesk_outbox_pending", "Posts waiting in the outbox")
    pending.add_metric([], backlog.pending)
    yield pending
    age = GaugeMetricFamily("servicedesk_outbox_oldest_age_seconds", "How long the oldest waiting post waits")
    waited = (now - backlog.oldest_created_at).total_seconds() if backlog.oldest_created_at else 0.0
    age.add_metric([], max(0.0, waited))
    yield age


_database_collector: DatabaseCollector | None = None


def watch_database(sessions: Sessions, clock: Callable[[], datetime]) -> DatabaseCollector:
    """Report the database's gauges from now on (replacing an earlier database, e.g. in tests)."""
    global _database_collector
    if _database_collector is not None:
        REGISTRY.unregister(_database_collector)
    _database_collector = DatabaseCollector(sessions, clock)
    REGISTRY.register(_database_collector)
    return _database_collector


def exposition() -> bytes:
    """Everything in `REGISTRY`, in Prometheus' text format (`CONTENT_TYPE`)."""
    return generate_latest(REGISTRY)
