"""How long `servicedesk report` takes on a big desk: 100k questions and ~20k tickets, on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/report_scale.py --database URL [--database URL ...] [--questions 100000]
       [--copy-from URL]
Seeds each (empty) database with a year made by bench/seed.py (skipped when it already holds the questions;
with --copy-from, copies that database's rows instead, so both engines hold the same data),
then times every figure's query and the whole report (median of 3 runs, the gap clustering included), over the
whole year and over the last 30 days. Also times the gap clustering at its cap of distinct wordings.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from bench.seed import Quarter, seed_quarter  # noqa: E402
from bot.announcements import models as _announcements  # noqa: E402, F401  (tables in the metadata)
from bot.db import Sessions, make_engine, make_sessions, transaction, upgrade  # noqa: E402
from bot.models import Base, Question  # noqa: E402
from bot.reports import question_figures, ticket_figures  # noqa: E402
from bot.reports.gaps import find_gaps  # noqa: E402
from bot.reports.period import Period  # noqa: E402
from bot.reports.report import build_report  # noqa: E402
from bot.tickets.models import Ticket  # noqa: E402
from bot.tickets.service import SlaPolicy  # noqa: E402
from kb.gaps import MAX_WORDINGS, LexicalEmbedder, cluster_texts  # noqa: E402

SLA = SlaPolicy.default()


def _median_seconds(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def copy_database(source_url: str, target_url: str) -> None:
    """Copy every row from one database to another (empty, migrated) one: the same data on both engines,
    faster than seeding twice. Sequences are moved past the copied ids on PostgreSQL."""
    source, target = make_engine(source_url), make_engine(target_url)
    upgrade(target)
    began = time.perf_counter()
    with source.connect() as reading, target.begin() as writing:
        for table in Base.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in reading.execute(table.select())]
            for low in range(0, len(rows), 5000):
                writing.execute(table.insert(), rows[low : low + 5000])
            if target.dialect.name == "postgresql" and rows and "id" in table.c:
                writing.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {len(rows) + 1})"))
    print(f"copied {source_url} to {target.dialect.name} in {time.perf_counter() - began:.0f} s")
    source.dispose()
    target.dispose()


def bench_database(url: str, year: Quarter) -> None:
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        held = session.scalar(select(func.count()).select_from(Question)) or 0
    if held < year.questions:
        began = time.perf_counter()
        seeded = seed_quarter(sessions, year)
        print(f"seeded {seeded.questions} questions, {seeded.tickets} tickets in {time.perf_counter() - began:.0f} s")
    with transaction(sessions) as session:
        questions = session.scalar(select(func.count()).select_from(Question))
        tickets = session.scalar(select(func.count()).select_from(Ticket))
    print(f"== {engine.dialect.name}: {questions} questions, {tickets} tickets")
    last = year.first + timedelta(days=year.days - 1)
    for name, period in (
        ("whole year", Period(year.first, last, "Europe/Amsterdam")),
        ("last 30 days", Period(last - timedelta(days=29), last, "Europe/Amsterdam")),
    ):
        _figures(sessions, period, year, name)
    engine.dispose()


def _figures(sessions: Sessions, period: Period, year: Quarter, name: str) -> None:
    figures: dict[str, Callable[..., object]] = {
        "question outcomes": question_figures.question_outcomes,
        "people": question_figures.askers,
        "answered": question_figures.answered_directly,
        "questions by hour": question_figures.questions_by_hour,
        "articles not helped": question_figures.articles_not_helped,
        "ticket counts": ticket_figures.ticket_counts,
        "response times (p50/p90)": ticket_figures.response_times,
        "SLA states": lambda s, p: ticket_figures.sla_states(s, p, now=year.now),
        "cohort (CSAT, reopens)": ticket_figures.cohort,
        "tickets by hour": ticket_figures.tickets_by_hour,
        "change windows": ticket_figures.change_tickets,
        "gaps (query + clustering)": lambda s, p: find_gaps(s, start=p.start, end=p.end, matcher=None),
    }
    print(f"-- {name} ({period.first} - {period.last})")
    with transaction(sessions) as session:
        for label, figure in figures.items():
            print(f"   {label:<28} {1000 * _median_seconds(lambda f=figure: f(session, period)):8.1f} ms")
        total = _median_seconds(lambda: build_report(session, period, sla=SLA, now=year.now, matcher=None))
        session.rollback()
    print(f"   {'whole report':<28} {1000 * total:8.1f} ms")


def bench_clustering() -> None:
    """The gap clustering at its cap: distinct synthetic wordings built from IT words."""
    rng = random.Random(3)
    words = [
        "printer",
        "vpn",
        "outlook",
        "teams",
        "wachtwoord",
        "laptop",
        "scherm",
        "wifi",
        "mailbox",
        "onedrive",
        "sharepoint",
        "toegang",
        "licentie",
        "camera",
        "headset",
        "badge",
        "parkeren",
        "declaratie",
        "vergaderruimte",
        "verlof",
        "koffie",
        "beamer",
        "telefoon",
        "update",
    ]
    verbs = ["werkt", "niet", "kapot", "traag", "kwijt", "aanvragen", "instellen", "koppelen", "installeren", "delen"]
    texts = list({f"{rng.choice(words)} {rng.choice(words)} {rng.choice(verbs)} {n % 97}" for n in range(MAX_WORDINGS)})
    seconds = _median_seconds(lambda: cluster_texts(texts, LexicalEmbedder()), repeat=1)
    print(f"== gap clustering: {len(texts)} distinct wordings in {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", action="append", required=True, help="SQLAlchemy URL (repeat for several)")
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--ticket-chance", type=float, default=0.45)
    parser.add_argument("--copy-from", metavar="URL", help="fill the (empty) databases by copying this one")
    args = parser.parse_args()
    year = Quarter(
        first=date(2025, 4, 7), days=args.days, questions=args.questions, people=6000, ticket_chance=args.ticket_chance
    )
    for url in args.database:
        if args.copy_from:
            copy_database(args.copy_from, url)
        bench_database(url, year)
    bench_clustering()


if __name__ == "__main__":
    main()
