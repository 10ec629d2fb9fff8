"""The report: every figure of a period, from SQL aggregates, as one value that renders to JSON, text or HTML.

Percentages are 0-100 (None when there is nothing to divide by); times are business minutes. People are
counted, never named or ranked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.reports import question_figures as questions
from bot.reports import ticket_figures as tickets
from bot.reports.gaps import Gap, find_gaps
from bot.reports.period import Period
from bot.tickets.durations import fill_business_times
from bot.tickets.service import SlaPolicy
from kb.gaps import GapScorer
from kb.matcher import Matcher

BUSIEST = 5


@dataclass(frozen=True)
class Report:
    """Every figure of one period; `figures` holds the JSON-ready values (see `to_json`)."""

    period: Period
    figures: dict[str, Any]
    gaps: tuple[Gap, ...]
    hourly: tuple[tuple[int, ...], ...]
    """Questions per local weekday (0 = Monday) and hour: 7 rows of 24."""
    daily: tuple[tuple[date, int, int], ...]
    """(local day, questions, tickets opened) for every day of the period."""

    def to_json(self, *, with_texts: bool = True) -> dict[str, Any]:
        """The report as JSON-ready data; without texts, gap examples (colleagues' words) are left out."""
        return {
            "period": {"from": self.period.first.isoformat(), "to": self.period.last.isoformat()},
            "timezone": self.period.timezone,
            **self.figures,
            "busiest_hours": busiest_hours(self.hourly),
            "hourly": [list(row) for row in self.hourly],
            "daily": [{"date": d.isoformat(), "questions": q, "tickets": t} for d, q, t in self.daily],
            "gaps": [gap_json(gap, with_texts=with_texts) for gap in self.gaps],
        }


def build_report(
    session: Session,
    period: Period,
    *,
    sla: SlaPolicy,
    now: datetime,
    matcher: Matcher | None,
    gaps: int = 10,
    gap_scorer: GapScorer | None = None,
) -> Report:
    """Compute the report. First records missing business times on tickets (older tickets); flushes, never
    commits. `matcher` names the articles nearest to the gaps (None: no names)."""
    fill_business_times(session, sla.hours)
    figures = {
        **_question_figures(session, period),
        **_ticket_figures(session, period, sla, now),
    }
    found = find_gaps(session, start=period.start, end=period.end, matcher=matcher, scorer=gap_scorer, limit=gaps)
    by_question = questions.questions_by_hour(session, period)
    by_ticket = tickets.tickets_by_hour(session, period)
    return Report(period, figures, tuple(found), _hourly(period, by_question), _daily(period, by_question, by_ticket))


def _question_figures(session: Session, period: Period) -> dict[str, Any]:
    outcomes = questions.question_outcomes(session, period)
    total = sum(outcomes.values())
    return {
        "questions": total,
        "people": questions.askers(session, period),
        "answered": questions.answered_directly(session, period),
        "helped": outcomes["helped"],
        "deflection_rate": percent(sum(outcomes[name] for name in questions.DEFLECTED), total),
        "outcomes": outcomes,
        "not_helped_articles": [
            {"article": row.article_id, "not_helped": row.not_helped, "helped": row.helped}
            for row in questions.articles_not_helped(session, period)
        ],
    }


def _ticket_figures(session: Session, period: Period, sla: SlaPolicy, now: datetime) -> dict[str, Any]:
    counts = tickets.ticket_counts(session, period)
    cohort = tickets.cohort(session, period)
    times = tickets.response_times(session, period)
    return {
        "tickets_opened": sum(row.opened for row in counts),
        "tickets_resolved": sum(row.resolved for row in counts),
        "backlog": sum(row.backlog for row in counts),
        "requesters": cohort.requesters,
        "tickets_by_priority": _grouped(counts, lambda row: row.priority),
        "tickets_by_category": _grouped(counts, lambda row: row.category),
        **_times_json(times, tickets.ALL),
        "response_times": [_priority_times(times, priority, sla) for priority in sorted(sla.targets)],
        **_sla_figures(tickets.sla_states(session, period, now=now)),
        "csat": percent(cohort.satisfied, cohort.rated),
        "csat_responses": cohort.rated,
        "csat_response_rate": percent(cohort.rated, cohort.resolved_ever),
        "reopen_rate": percent(cohort.reopened, cohort.resolved_ever),
        "changes": [
            {
                "announcement": row.slug,
                "title": row.title,
                "starts": _iso(row.starts),
                "ends": _iso(row.ends),
                "tickets": row.tickets,
            }
            for row in tickets.change_tickets(session, period)
        ],
    }


def _sla_figures(states: list[tickets.SlaStates]) -> dict[str, Any]:
    """SLA met overall and per target, of the tickets where it is settled; and per priority."""
    first_met, first_missed = sum(s.first_response_met for s in states), sum(s.first_response_breached for s in states)
    done_met, done_missed = sum(s.resolution_met for s in states), sum(s.resolution_breached for s in states)
    met, breached = sum(s.met for s in states), sum(s.breached for s in states)
    return {
        "sla_met_pct": percent(met, met + breached),
        "first_response_met_pct": percent(first_met, first_met + first_missed),
        "resolution_met_pct": percent(done_met, done_met + done_missed),
        "sla": [
            {
                "priority": s.priority,
                "met": s.met,
                "breached": s.breached,
                "pending": s.pending,
                "met_pct": percent(s.met, s.met + s.breached),
            }
            for s in states
        ],
    }


def _grouped(counts: list[tickets.TicketCounts], key: Any) -> list[dict[str, Any]]:
    totals: dict[Any, Counter[str]] = {}
    for row in counts:
        total = totals.setdefault(key(row), Counter())
        total.update({"opened": row.opened, "resolved": row.resolved, "backlog": row.backlog})
    ordered = sorted(totals.items(), key=lambda item: (item[0] is None, str(item[0])))
    return [
        {"name": name, "opened": t["opened"], "resolved": t["resolved"], "backlog": t["backlog"]} for name, t in ordered
    ]


def _times_json(times: dict[tuple[str, str], tickets.Percentiles], group: str) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for kind in ("first_response", "resolution"):
        found = times.get((kind, group))
        result[f"{kind}_p50_minutes"] = minutes(found.p50_seconds) if found else None
        result[f"{kind}_p90_minutes"] = minutes(found.p90_seconds) if found else None
    return result


def _priority_times(times: dict[tuple[str, str], tickets.Percentiles], priority: str, sla: SlaPolicy) -> dict[str, Any]:
    target = sla.targets[priority]
    return {
        "priority": priority,
        **_times_json(times, priority),
        "first_response_target_minutes": minutes(target.first_response.total_seconds()),
        "resolution_target_minutes": minutes(target.resolution.total_seconds()),
    }


def _hourly(period: Period, by_hour: Counter[datetime]) -> tuple[tuple[int, ...], ...]:
    grid = [[0] * 24 for _ in range(7)]
    for moment, count in by_hour.items():
        local = period.local(moment)
        grid[local.weekday()][local.hour] += count
    return tuple(tuple(row) for row in grid)


def _daily(
    period: Period, by_question: Counter[datetime], by_ticket: Counter[datetime]
) -> tuple[tuple[date, int, int], ...]:
    per_day: dict[date, list[int]] = {}
    for index, counter in enumerate((by_question, by_ticket)):
        for moment, count in counter.items():
            per_day.setdefault(period.local(moment).date(), [0, 0])[index] += count
    days = (period.first.fromordinal(period.first.toordinal() + offset) for offset in range(period.days))
    return tuple((day, *per_day.get(day, [0, 0])) for day in days)  # type: ignore[misc]


def busiest_hours(hourly: tuple[tuple[int, ...], ...], top: int = BUSIEST) -> list[dict[str, int]]:
    """The local weekday-hours with the most questions, busiest first."""
    cells = [(count, day, hour) for day, row in enumerate(hourly) for hour, count in enumerate(row) if count]
    cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    return [{"weekday": day, "hour": hour, "questions": count} for count, day, hour in cells[:top]]


def gap_json(gap: Gap, *, with_texts: bool = True) -> dict[str, Any]:
    return {
        "count": gap.count,
        "people": gap.people,
        **({"examples": list(gap.examples), "representative": gap.representative} if with_texts else {}),
        "languages": list(gap.languages),
        "last_asked": _iso(gap.last_asked),
        "nearest_article": gap.nearest_article,
        "nearest_title": gap.nearest_title,
        "nearest_confidence": gap.nearest_confidence,
        "needs_article": gap.needs_article,
    }


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def minutes(seconds: float) -> float:
    return round(seconds / 60.0, 1)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment is not None else None
