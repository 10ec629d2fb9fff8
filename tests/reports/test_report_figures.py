"""The report's figures, recomputed independently: plain Python over the seeded rows, not the report's SQL."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from bench.seed import seed_quarter
from bot.db import make_sessions, transaction
from bot.models import Feedback, Question
from bot.reports.period import Period
from bot.reports.report import build_report
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.service import SlaPolicy
from tests.reports.conftest import SMALL_QUARTER, fresh_database

SLA = SlaPolicy.default()
ZONE = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(scope="module")
def seeded(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The seeded rows as plain Python objects, and the report over the whole quarter (as of its end).

    Seeded once for the module: the tests only read."""
    with fresh_database(database_url, tmp_path_factory.mktemp("quarter")) as engine:
        yield _seed_and_report(engine)


def _seed_and_report(engine: Engine) -> dict[str, Any]:
    sessions = make_sessions(engine)
    seed_quarter(sessions, SMALL_QUARTER)
    period = Period(
        SMALL_QUARTER.first,
        date.fromordinal(SMALL_QUARTER.first.toordinal() + SMALL_QUARTER.days - 1),
        "Europe/Amsterdam",
    )
    with transaction(sessions) as session:
        report = build_report(session, period, sla=SLA, now=SMALL_QUARTER.now, matcher=None).to_json()
    with transaction(sessions) as session:
        rows = {
            "questions": [_plain(q) for q in session.scalars(select(Question))],
            "feedback": [_plain(f) for f in session.scalars(select(Feedback))],
            "tickets": [_plain(t) for t in session.scalars(select(Ticket))],
            "events": [_plain(e) for e in session.scalars(select(TicketEvent))],
        }
    return {"report": report, "period": period, **rows}


def _plain(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _in(period: Period, moment: datetime | None) -> bool:
    return moment is not None and period.start <= moment < period.end


def _outcome(question: dict[str, Any], feedback: list[dict[str, Any]]) -> str:
    verdicts = {
        f["helpful"] for f in feedback if f["question_id"] == question["id"] and f["user_id"] == question["asker"]
    }
    if question["ticket_id"] is not None:
        return "ticket"
    if True in verdicts:
        return "helped"
    if False in verdicts or question["declined_at"] is not None:
        return "not_helped"
    if question["picked_article_id"] is not None:
        return "suggestion_clicked"
    return "answered" if question["band"] == "answer" else "gave_up"


def _nearest_rank(values: list[int], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[math.ceil(share * len(ordered)) - 1] / 60, 1)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def test_report_question_outcomes_match_the_rows(seeded: dict[str, Any]) -> None:
    report, period = seeded["report"], seeded["period"]
    asked = [q for q in seeded["questions"] if _in(period, q["created_at"])]
    outcomes = Counter(_outcome(q, seeded["feedback"]) for q in asked)

    assert report["questions"] == len(asked) == SMALL_QUARTER.questions
    assert report["outcomes"] == {name: outcomes[name] for name in report["outcomes"]}
    assert sum(report["outcomes"].values()) == len(asked)
    assert report["answered"] == sum(q["band"] == "answer" for q in asked)
    assert report["helped"] == outcomes["helped"]
    deflected = outcomes["helped"] + outcomes["answered"] + outcomes["suggestion_clicked"]
    assert report["deflection_rate"] == _pct(deflected, len(asked))
    assert report["people"] == len({q["asker"] for q in asked})


def test_report_ticket_counts_match_the_rows(seeded: dict[str, Any]) -> None:
    report, period = seeded["report"], seeded["period"]
    tickets = seeded["tickets"]
    opened = [t for t in tickets if _in(period, t["created_at"])]
    by_priority = Counter(t["priority"] for t in opened)

    assert report["tickets_opened"] == len(opened) > 50
    assert report["tickets_resolved"] == sum(_in(period, t["resolved_at"]) for t in tickets)
    assert report["backlog"] == sum(
        t["created_at"] < period.end and (t["resolved_at"] is None or t["resolved_at"] >= period.end) for t in tickets
    )
    assert {row["name"]: row["opened"] for row in report["tickets_by_priority"]} == dict(by_priority)
    assert report["requesters"] == len({t["requester"] for t in opened})


def test_report_business_times_match_the_business_calendar(seeded: dict[str, Any]) -> None:
    report, period = seeded["report"], seeded["period"]
    opened = [t for t in seeded["tickets"] if _in(period, t["created_at"])]
    hours = SLA.hours
    first = [
        round(hours.between(t["created_at"], t["first_response_at"]).total_seconds())
        for t in opened
        if t["first_response_at"]
    ]
    resolution = [
        max(0, round(hours.between(t["created_at"], t["resolved_at"]).total_seconds()) - t["paused_seconds"])
        for t in opened
        if t["resolved_at"]
    ]

    assert report["first_response_p50_minutes"] == _nearest_rank(first, 0.5)
    assert report["first_response_p90_minutes"] == _nearest_rank(first, 0.9)
    assert report["resolution_p50_minutes"] == _nearest_rank(resolution, 0.5)
    assert report["resolution_p90_minutes"] == _nearest_rank(resolution, 0.9)
    p3 = [t for t in opened if t["priority"] == "P3" and t["first_response_at"]]
    [row] = [row for row in report["response_times"] if row["priority"] == "P3"]
    assert row["first_response_p50_minutes"] == _nearest_rank(
        [round(hours.between(t["created_at"], t["first_response_at"]).total_seconds()) for t in p3], 0.5
    )
    assert row["first_response_target_minutes"] == 240


def test_report_sla_csat_and_reopens_match_the_rows(seeded: dict[str, Any]) -> None:
    report, period, now = seeded["report"], seeded["period"], SMALL_QUARTER.now
    opened = [t for t in seeded["tickets"] if _in(period, t["created_at"])]
    kinds = {(e["ticket_id"], e["kind"]) for e in seeded["events"]}
    met = breached = 0
    for t in opened:
        first_ok = t["first_response_at"] is not None and t["first_response_at"] <= t["first_response_due"]
        first_late = (t["first_response_at"] or now) > t["first_response_due"]
        done_ok = t["resolved_at"] is not None and t["resolved_at"] <= t["resolution_due"]
        waiting = t["resolved_at"] is None and t["waiting_since"] is not None
        done_late = not waiting and (t["resolved_at"] or now) > t["resolution_due"]
        breached += first_late or done_late
        met += first_ok and done_ok and not (first_late or done_late)
    resolved_ever = [t for t in opened if (t["id"], "resolved") in kinds]
    rated = [t for t in opened if t["rating"] is not None]

    assert breached > 0 and met > 0
    assert report["sla_met_pct"] == _pct(met, met + breached)
    assert report["csat"] == _pct(sum(t["rating"] >= 4 for t in rated), len(rated))
    assert report["csat_responses"] == len(rated) > 0
    assert report["csat_response_rate"] == _pct(len(rated), len(resolved_ever))
    assert report["reopen_rate"] == _pct(sum((t["id"], "reopened") in kinds for t in resolved_ever), len(resolved_ever))


def test_report_busiest_hours_are_in_local_time(seeded: dict[str, Any]) -> None:
    report, period = seeded["report"], seeded["period"]
    grid = [[0] * 24 for _ in range(7)]
    for q in seeded["questions"]:
        if _in(period, q["created_at"]):
            local = q["created_at"].replace(tzinfo=UTC).astimezone(ZONE)
            grid[local.weekday()][local.hour] += 1
    [busiest, *_] = report["busiest_hours"]

    assert report["hourly"] == grid
    assert busiest["questions"] == max(max(row) for row in grid)
    assert 8 <= busiest["hour"] <= 16


def test_report_articles_not_helped_and_changes_match_the_rows(seeded: dict[str, Any]) -> None:
    report, period = seeded["report"], seeded["period"]
    in_period = {q["id"] for q in seeded["questions"] if _in(period, q["created_at"])}
    not_helped = Counter(
        f["article_id"] for f in seeded["feedback"] if f["question_id"] in in_period and not f["helpful"]
    )
    changes = Counter(
        t["announcement_id"] for t in seeded["tickets"] if _in(period, t["created_at"]) and t["announcement_id"]
    )

    top = report["not_helped_articles"]
    assert [(row["article"], row["not_helped"]) for row in top] == sorted(
        not_helped.items(), key=lambda item: (-item[1], item[0])
    )[: len(top)]
    assert sorted(row["tickets"] for row in report["changes"]) == sorted(changes.values())
    assert sum(changes.values()) > 0
