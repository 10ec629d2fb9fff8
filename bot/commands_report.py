"""`servicedesk report`, `kb gaps`: what the desk learns from its record. `bot.cli` wires the arguments."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.db import Sessions, make_engine, make_sessions, transaction, upgrade, utcnow
from bot.learning import learned_phrasings
from bot.reports.period import Period, period_between
from bot.reports.report import Report, build_report, gap_json
from bot.reports.gaps import find_gaps
from kb.loader import load_directory
from kb.matcher import Matcher, Thresholds


def add_parsers(sub: Any, kb: Any) -> None:
    """`report` on the top level, `gaps` under `kb`."""
    report = sub.add_parser("report", help="questions, outcomes, tickets, SLA, ratings and gaps of a period")
    _period_arguments(report)
    report.add_argument("--json", action="store_true", help="print the figures as JSON")
    report.add_argument("--html", type=Path, metavar="FILE", help="write a self-contained HTML report with charts")
    report.add_argument("--lang", choices=("nl", "en"), help="language of the HTML report (default DEFAULT_LANGUAGE)")
    report.add_argument("--no-texts", action="store_true", help="leave colleagues' question texts out (to share)")
    report.set_defaults(handler=report_command)
    gaps = kb.add_parser("gaps", help="unanswered and not-helped questions, clustered by meaning, biggest first")
    gaps.add_argument("--days", type=int, default=30, help="look back this many days (default 30)")
    gaps.add_argument("--limit", type=int, default=20, help="show this many clusters (default 20)")
    gaps.add_argument("--json", action="store_true", help="print the clusters as JSON")
    gaps.set_defaults(handler=gaps_command)


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", type=date.fromisoformat, metavar="YYYY-MM-DD", help="first day")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, metavar="YYYY-MM-DD", help="last day (included)")


def report_command(settings: Settings, args: argparse.Namespace) -> int:
    now = utcnow()
    try:
        period = period_between(args.first, args.last, today=_today(settings, now), timezone=_zone(settings))
    except ValueError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    sessions = _sessions(settings)
    with transaction(sessions) as session:
        matcher = _matcher(settings, sessions)
        report = build_report(session, period, sla=settings.sla, now=now, matcher=matcher)
    if args.html is not None:
        from bot.reports.html import render_html  # matplotlib loads only when a chart is wanted

        lang = args.lang or settings.default_language
        args.html.write_text(render_html(report, lang=lang, with_texts=not args.no_texts), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(with_texts=not args.no_texts), indent=2, ensure_ascii=False))
    elif args.html is None:
        print(format_summary(report))
    return 0


def gaps_command(settings: Settings, args: argparse.Namespace) -> int:
    now = utcnow()
    period = period_between(None, None, today=_today(settings, now), timezone=_zone(settings))
    period = Period(period.last.fromordinal(period.last.toordinal() - args.days + 1), period.last, period.timezone)
    sessions = _sessions(settings)
    with transaction(sessions) as session:
        found = find_gaps(session, start=period.start, end=now, matcher=_matcher(settings, sessions), limit=args.limit)
    if args.json:
        print(json.dumps([gap_json(gap) for gap in found], indent=2, ensure_ascii=False))
        return 0
    for gap in found:
        nearest = f"{gap.nearest_article} ({gap.nearest_confidence:.2f})" if gap.nearest_article else "-"
        print(f"{gap.count:>5}x  {gap.people:>4} people  {'/'.join(gap.languages):<5}  nearest: {nearest}")
        for example in gap.examples:
            print(f"         {' '.join(example.split())[:100]}")
    if not found:
        print(f"no unanswered questions in the last {args.days} days", file=sys.stderr)
    return 0


def format_summary(report: Report) -> str:
    """The report as a few lines for the terminal."""
    data = report.to_json()
    lines = [f"{data['period']['from']} - {data['period']['to']} ({data['timezone']})"]
    lines.append(
        f"questions {data['questions']} from {data['people']} people; deflection {_pct(data['deflection_rate'])}"
    )
    lines.append("  " + ", ".join(f"{name} {count}" for name, count in data["outcomes"].items()))
    lines.append(
        f"tickets opened {data['tickets_opened']}, resolved {data['tickets_resolved']}, backlog {data['backlog']}"
    )
    lines.append(
        f"first response p50 {_min(data['first_response_p50_minutes'])} / p90 {_min(data['first_response_p90_minutes'])}, "
        f"resolution p50 {_min(data['resolution_p50_minutes'])} / p90 {_min(data['resolution_p90_minutes'])} "
        "(business minutes)"
    )
    lines.append(
        f"SLA met {_pct(data['sla_met_pct'])}; CSAT {_pct(data['csat'])} "
        f"({data['csat_responses']} ratings, response {_pct(data['csat_response_rate'])}); "
        f"reopened {_pct(data['reopen_rate'])}"
    )
    for gap in data["gaps"][:5]:
        lines.append(f"gap {gap['count']:>4}x  {gap['representative'][:70]}  (nearest: {gap['nearest_article']})")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _min(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _today(settings: Settings, now: Any) -> date:
    return Period(date.min, date.min, _zone(settings)).local(now).date()


def _zone(settings: Settings) -> str:
    return settings.sla.hours.timezone


def _matcher(settings: Settings, sessions: Sessions) -> Matcher:
    with transaction(sessions) as session:
        learned = learned_phrasings(session)
    thresholds = Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)
    return Matcher(load_directory(settings.kb_dir).articles, learned, thresholds)


def _sessions(settings: Settings) -> Sessions:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessions(engine)
