"""The metrics: counters fed by calls, gauges read from the database at scrape time, the text format."""

from __future__ import annotations

from datetime import datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from bot import metrics
from bot.db import make_sessions, transaction
from bot.metrics import OutboxBacklog
from bot.tickets.models import Ticket
from tests.conftest import START, database_down


def _samples() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = metrics.exposition().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _ticket(number: int, status: str, *, breached: str = "", resolved: bool = False) -> Ticket:
    return Ticket(
        number=number, conversation_key=f"c{number}", requester="UASKER", lang="nl", description="x",
        priority="P3", status=status, created_at=START, first_response_due=START, resolution_due=START,
        sla_breached=breached, resolved_at=START if resolved else None,
    )  # fmt: skip


def test_questions_are_counted_by_band() -> None:
    before = _samples()[("servicedesk_questions_total", (("band", "suggest"),))]

    metrics.record_question("suggest")
    metrics.record_question("suggest")

    assert _samples()[("servicedesk_questions_total", (("band", "suggest"),))] == before + 2


def test_slack_calls_record_duration_and_rate_limits_per_method() -> None:
    key = ("servicedesk_slack_rate_limited_total", (("method", "chat.update"),))
    before = _samples().get(key, 0.0)

    metrics.observe_slack_call("chat.update", 0.3)
    metrics.observe_slack_call("chat.update", 1.2, rate_limited=True)

    samples = _samples()
    assert samples[key] == before + 1
    assert samples[("servicedesk_slack_api_seconds_bucket", (("le", "0.5"), ("method", "chat.update")))] >= 1


def test_database_gauges_count_tickets_by_status_and_open_sla_breaches(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        session.add_all([
            _ticket(1, "new", breached="first_response"),
            _ticket(2, "new"),
            _ticket(3, "in_progress", breached="first_response,resolution"),
            _ticket(4, "resolved", breached="resolution", resolved=True),
        ])  # fmt: skip
    metrics.watch_database(sessions, lambda: START)

    samples = _samples()

    assert samples[("servicedesk_database_up", ())] == 1
    assert samples[("servicedesk_tickets", (("status", "new"),))] == 2
    assert samples[("servicedesk_tickets", (("status", "resolved"),))] == 1
    assert samples[("servicedesk_tickets_sla_breached", (("target", "first_response"),))] == 2
    assert samples[("servicedesk_tickets_sla_breached", (("target", "resolution"),))] == 1


def test_outbox_backlog_is_reported_through_the_probe_the_outbox_provides(engine: Engine) -> None:
    collector = metrics.watch_database(make_sessions(engine), lambda: START)
    collector.watch_outbox(lambda _sessions: OutboxBacklog(pending=7, oldest_created_at=START - timedelta(seconds=90)))

    samples = _samples()

    assert samples[("servicedesk_outbox_pending", ())] == 7
    assert samples[("servicedesk_outbox_oldest_age_seconds", ())] == 90


def test_database_down_is_a_gauge_of_0_not_a_failed_scrape(engine: Engine) -> None:
    metrics.watch_database(make_sessions(engine), datetime.now)

    with database_down(engine):
        samples = _samples()

    assert samples[("servicedesk_database_up", ())] == 0
    assert not any(name == "servicedesk_tickets" for name, _ in samples)
