"""What announcement planning costs an idle process: N live announcements, their first posts sent, nothing due.

Every process plans every 2 s; this counts the SQL statements of one planning round and times it.
Usage: .venv/bin/python -W ignore bench/announcement_planning.py [--announcements 300] [--rounds 50]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, update

from bot.announcements.planning import plan_posts
from bot.announcements.service import save_announcement
from bot.announcements.spec import parse_spec
from bot.app import make_desk
from bot.config import Settings
from bot.db import make_engine, make_sessions, transaction, upgrade
from bot.models import OutboxMessage

NOW = datetime(2026, 11, 23, 9, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--announcements", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp()) / 'planning.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    moment = [NOW]
    desk = make_desk(Settings.from_mapping({"DATABASE_URL": url}), make_sessions(engine), lambda: moment[0])
    for number in range(args.announcements):
        data: dict[str, Any] = {
            "title": f"Onderhoud {number}", "body": "Even geen VPN.", "impact": "low",
            "channels": ["C0CHANGES01", "C0CHANGES02"],
            "publish": "2026-11-23T09:00:00+01:00", "starts": "2026-12-20T18:00:00+01:00",
            "ends": "2026-12-20T20:00:00+01:00", "reminders": ["P1D"],
        }  # fmt: skip
        spec, problems = parse_spec(data, desk.local_time)
        assert spec is not None, problems
        with transaction(desk.sessions) as session:
            save_announcement(session, slug=f"onderhoud-{number}", spec=spec, origin="file", now=NOW)
    with desk.work() as work:
        planned = plan_posts(work)
    with transaction(desk.sessions) as session:  # the first posts went out
        session.execute(update(OutboxMessage).values(status="sent", ts="1700000000.000100", sent_at=NOW))
        sent = len(session.scalars(select(OutboxMessage.id)).all())
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    times = []
    for round_ in range(args.rounds):
        moment[0] = NOW + timedelta(seconds=2 * (round_ + 1))
        started = time.perf_counter()
        with desk.work() as work:
            assert plan_posts(work) == 0
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"{args.announcements} live announcements ({planned} first posts, {sent} rows): one idle planning round "
        f"= {statements / args.rounds:.0f} SQL statements, median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms (every 2 s: {statistics.median(times) / 20:.1f} % of a core)"
    )


if __name__ == "__main__":
    main()
