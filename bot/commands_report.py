"""`servicedesk report`, `kb gaps|draft|drafts|publish`, `forget`: what the desk learns from its record, and
forgetting a colleague. `bot.cli` wires the arguments."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import Sessions, make_engine, make_sessions, transaction, upgrade, utcnow
from bot.drafts import (
    DraftRejected,
    TicketNotResolved,
    draft_from_ticket,
    drafts_dir,
    list_drafts,
    publish_draft,
    save_draft,
)
from bot.embedding_cache import DatabaseVectorStore
from bot.knowledge import KnowledgeBase
from bot.learning import learned_phrasings, learned_version
from bot.privacy import forget_colleague, new_pseudonym
from bot.reports.gaps import find_gaps
from bot.reports.period import Period, period_between
from bot.reports.report import Report, build_report, gap_json
from bot.tickets.queries import by_number
from kb.embedder_e5 import default_embedder
from kb.gaps import GapScorer
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
    matcher, scorer = _matcher(settings, sessions)
    with transaction(sessions) as session:
        report = build_report(session, period, sla=settings.sla, now=now, matcher=matcher, gap_scorer=scorer)
    if args.html is not None:
        from bot.reports.html import render_html  # matplotlib loads only when a chart is wanted

        lang = args.lang or settings.default_language
        page = render_html(report, lang=lang, with_texts=not args.no_texts, titles=_titles(settings))
        args.html.write_text(page, encoding="utf-8")
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
    matcher, scorer = _matcher(settings, sessions)
    with transaction(sessions) as session:
        found = find_gaps(session, start=period.start, end=now, matcher=matcher, scorer=scorer, limit=args.limit)
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
    first, resolution = (
        f"p50 {_min(data[f'{kind}_p50_minutes'])} / p90 {_min(data[f'{kind}_p90_minutes'])}"
        for kind in ("first_response", "resolution")
    )
    lines.append(f"first response {first}, resolution {resolution} (business minutes)")
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


def _today(settings: Settings, now: datetime) -> date:
    """Today on the desk's local calendar."""
    return settings.sla.hours.local_time.of(now).date()


@contextmanager
def _dry_run(sessions: Sessions) -> Iterator[Session]:
    """A session whose work is rolled back: to say what a change would do."""
    with sessions() as session:
        try:
            yield session
        finally:
            session.rollback()


def _titles(settings: Settings) -> dict[str, str]:
    return {article.id: article.title for article in load_directory(settings.kb_dir).articles}


def _zone(settings: Settings) -> str:
    return settings.sla.hours.timezone


def _matcher(settings: Settings, sessions: Sessions) -> tuple[Matcher, GapScorer]:
    """The bot's own matcher (with the sentence model when the `semantic` extra is installed) and the gap
    clustering that goes with it."""
    thresholds = Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)
    knowledge = KnowledgeBase(settings.kb_dir, thresholds, default_embedder())
    with transaction(sessions) as session:
        snapshot = knowledge.snapshot(
            learned_version(session), lambda: learned_phrasings(session), DatabaseVectorStore(session)
        )
    return snapshot.matcher, knowledge.gap_scorer(snapshot)


def _sessions(settings: Settings) -> Sessions:
    engine = make_engine(settings.database_url, pooled=False)
    upgrade(engine)
    return make_sessions(engine)


def add_knowledge_parsers(kb: Any, sub: Any) -> None:
    """`kb draft|drafts|publish` and the top-level `forget`."""
    draft = kb.add_parser("draft", help="write a draft article from a resolved ticket (KB_DIR/drafts/)")
    draft.add_argument("ticket", help="e.g. SD-1042")
    draft.add_argument("--title", help="the article's title (default: the colleague's first question)")
    draft.set_defaults(handler=draft_command)
    kb.add_parser("drafts", help="draft articles waiting to be published").set_defaults(handler=drafts_command)
    publish = kb.add_parser("publish", help="move a draft into the KB (a running bot picks it up)")
    publish.add_argument("id")
    publish.set_defaults(handler=publish_command)
    forget = sub.add_parser("forget", help="erase a colleague's questions and messages (GDPR art. 17)")
    forget.add_argument("user", help="the colleague's Slack user id, e.g. U012AB3CD")
    forget.add_argument("--yes", action="store_true", help="really erase (without it: only say what would go)")
    forget.set_defaults(handler=forget_command)


def draft_command(settings: Settings, args: argparse.Namespace) -> int:
    digits = args.ticket.upper().removeprefix("SD-")
    try:
        with transaction(_sessions(settings)) as session:
            ticket = by_number(session, int(digits)) if digits.isdigit() else None
            if ticket is None:
                print(f"no ticket {args.ticket!r}", file=sys.stderr)
                return 1
            draft = draft_from_ticket(session, ticket.id, kb_dir=settings.kb_dir)
        if args.title:
            draft = replace(draft, title=args.title.strip())
        path = save_draft(settings.kb_dir, draft)
    except TicketNotResolved:
        print(f"{args.ticket} is not resolved: there is no resolution to write down yet", file=sys.stderr)
        return 1
    except DraftRejected as error:
        print("\n".join(error.problems), file=sys.stderr)
        return 1
    print(f"wrote {path}; check it, then: servicedesk kb publish {draft.id}")
    return 0


def drafts_command(settings: Settings, _args: argparse.Namespace) -> int:
    drafts, problems = list_drafts(settings.kb_dir)
    for draft in drafts:
        print(f"{draft.id:<40} {draft.lang}  {len(draft.phrasings) + 1:>2} phrasings  {draft.title}")
    for problem in problems:
        print(problem)
    if not drafts and not problems:
        print(f"no drafts in {drafts_dir(settings.kb_dir)}", file=sys.stderr)
    return 1 if problems else 0


def publish_command(settings: Settings, args: argparse.Namespace) -> int:
    try:
        path = publish_draft(settings.kb_dir, args.id)
    except DraftRejected as error:
        print("\n".join(error.problems), file=sys.stderr)
        return 1
    print(f"published {path}; the bot answers with it from the next question")
    return 0


def forget_command(settings: Settings, args: argparse.Namespace) -> int:
    sessions = _sessions(settings)
    with transaction(sessions) if args.yes else _dry_run(sessions) as session:
        found = forget_colleague(session, args.user, pseudonym=new_pseudonym())
    what = (
        f"{found.questions} questions, {found.feedback} feedback clicks, {found.tickets} tickets, "
        f"{found.events} history entries, {found.learned} learned phrasings, {found.posts} stored posts"
    )
    if args.yes:
        print(f"forgot {args.user}: {what}; anonymous counts are kept")
    else:
        print(f"would erase for {args.user}: {what}. Run again with --yes to erase.")
    return 0
