"""Each metric the issue asks for, read from `/metrics` over HTTP after the thing it counts happened."""

from __future__ import annotations

from datetime import datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.app import make_poster
from bot.outbox.store import Kind, Post, backlog
from bot.outbox.worker import deliver_outbox
from bot.tickets.sla_watch import check_sla
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.ops.processes import get
from tests.support.tickets import TICKETS, open_unknown_question

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
FRIDAY_EVENING = datetime(2026, 11, 27, 16, 0)


def _scrape(bot: RunningBot) -> Samples:
    status, text = get(bot.url + "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def _ask(bot: RunningBot, text: str, ts: str) -> None:
    answer = bot.send.event(payload("help_channel_message", text=text, ts=ts), event_id=f"Ev{ts}")
    assert answer.status == 200


@pytest.mark.settings(**NEVER_ANSWER)
def test_question_is_counted_by_its_band(bot: RunningBot) -> None:
    before = _value(_scrape(bot), "servicedesk_questions_total", band="none")

    _ask(bot, "de koffieautomaat geeft stroomstoten", "1700000100.000100")

    assert _value(_scrape(bot), "servicedesk_questions_total", band="none") == before + 1


def test_delivered_reply_is_observed_in_the_answer_latency_histogram(bot: RunningBot) -> None:
    before = _value(_scrape(bot), "servicedesk_answer_seconds_count")

    _ask(bot, "ik ben mijn wachtwoord vergeten", "1700000200.000100")

    assert [call.outcome for call in bot.slack.calls("chat.postMessage")] == ["ok"]
    assert _value(_scrape(bot), "servicedesk_answer_seconds_count") == before + 1


def test_failed_delivery_is_counted_by_its_reason(bot: RunningBot) -> None:
    before = _value(_scrape(bot), "servicedesk_delivery_failures_total", reason="503")
    bot.slack.server_error_next("chat.postMessage", status=503)

    _ask(bot, "ik ben mijn wachtwoord vergeten", "1700000300.000100")

    assert _value(_scrape(bot), "servicedesk_delivery_failures_total", reason="503") == before + 1


def test_slack_call_duration_and_rate_limit_are_recorded_per_method(bot: RunningBot) -> None:
    samples = _scrape(bot)
    calls = _value(samples, "servicedesk_slack_api_seconds_count", method="chat.postMessage")
    limited = _value(samples, "servicedesk_slack_rate_limited_total", method="chat.postMessage")
    bot.slack.rate_limit_next("chat.postMessage", retry_after=1)

    _ask(bot, "ik ben mijn wachtwoord vergeten", "1700000400.000100")

    samples = _scrape(bot)
    assert _value(samples, "servicedesk_slack_api_seconds_count", method="chat.postMessage") == calls + 1
    assert _value(samples, "servicedesk_slack_rate_limited_total", method="chat.postMessage") == limited + 1


def test_outbox_backlog_and_the_age_of_its_oldest_post(bot: RunningBot) -> None:
    metrics.watch_database(bot.desk.sessions, bot.desk.clock).watch_outbox(backlog)  # as `servicedesk run` does
    with bot.desk.work() as work:
        work.post(Post("k", Kind.REPLY, "C1", {"text": "hoi"}))
    bot.desk.clock.advance(seconds=90)  # type: ignore[attr-defined]

    waiting = _scrape(bot)
    deliver_outbox(bot.desk, make_poster(bot.desk.settings))
    delivered = _scrape(bot)

    assert _value(waiting, "servicedesk_outbox_pending") == 1
    assert _value(waiting, "servicedesk_outbox_oldest_age_seconds") == 90
    assert _value(delivered, "servicedesk_outbox_pending") == 0


@pytest.mark.settings(**NEVER_ANSWER, **TICKETS)
@pytest.mark.usefixtures("agents")
def test_tickets_by_status_and_sla_breaches_after_a_ticket_runs_late(bot: RunningBot) -> None:
    metrics.watch_database(bot.desk.sessions, bot.desk.clock)
    bot.desk.clock.now = FRIDAY_EVENING  # type: ignore[attr-defined]
    open_unknown_question(bot)
    opened = _scrape(bot)

    bot.desk.clock.now = datetime(2026, 11, 30, 11, 1)  # type: ignore[attr-defined]
    check_sla(bot.desk, make_poster(bot.desk.settings))
    late = _scrape(bot)

    assert _value(opened, "servicedesk_tickets", status="new") == 1
    assert _value(opened, "servicedesk_tickets_sla_breached", target="first_response") == 0
    assert _value(late, "servicedesk_tickets_sla_breached", target="first_response") == 1
