"""What the `servicedesk announce` subcommands do, and the announcement tick `servicedesk run` starts."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from bot.announcements.files import load_directory, parse_file
from bot.announcements.jobs import AnnouncementFiles, tick
from bot.announcements.queries import Overview, list_announcements
from bot.announcements.service import (
    announcement_was_posted,
    cancel_announcement,
    find_announcement,
    save_announcement,
)
from bot.app import make_desk, make_poster
from bot.config import Settings
from bot.db import Sessions, make_engine, make_sessions, transaction, upgrade, utcnow
from bot.desk import Desk
from bot.errors import ConfigurationError, ServiceDeskError
from bot.lifecycle import Shutdown
from bot.local_time import LocalTime
from bot.scheduler import start_ticking
from bot.serving import check_bot_token

log = logging.getLogger("servicedesk.announce")

ANNOUNCE_TICK_SECONDS = 2.0
CANCEL_NOTE = {
    True: "the post is updated and 'geannuleerd' is said in its thread by the running bot",
    False: "it was not posted yet, so nothing is posted: it is only recorded as cancelled",
}
WORKER_NEEDS_TOKEN = (
    "The worker posts to Slack and needs SLACK_BOT_TOKEN, the Bot User OAuth Token (xoxb-...) from your app's "
    "page on api.slack.com, OAuth & Permissions (README, 'Connect to Slack')."
)


def announcement_jobs(desk: Desk) -> dict[str, tuple[Callable[[], object], float]]:
    """The tick for `start_ticking`; syncs the announcement files once right away so start-up loads them."""
    poster = make_poster(desk.settings)
    files = AnnouncementFiles(desk.settings.announcements_dir, desk.local_time)
    try:
        tick(desk, poster, files)
    except ServiceDeskError as error:
        log.error("announcements: first tick failed, will retry: %s", error)
    return {"announcements": (lambda: tick(desk, poster, files), ANNOUNCE_TICK_SECONDS)}


def announce_check(settings: Settings, args: argparse.Namespace) -> int:
    directory = args.directory or settings.announcements_dir
    result = load_directory(directory, settings.sla.hours.local_time)
    for problem in result.problems:
        print(problem)
    print(f"{len(result.announcements)} announcements loaded, {len(result.problems)} problems", file=sys.stderr)
    return 1 if result.problems else 0


def announce_add(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.file
    spec, problems = parse_file(path, settings.sla.hours.local_time)
    for problem in problems:
        print(problem, file=sys.stderr)
    if spec is None:
        return 1
    with _database(settings) as sessions, transaction(sessions) as session:
        saved = save_announcement(session, slug=path.stem, spec=spec, origin="cli", now=utcnow())
        assert saved.announcement is not None
        print(f"{saved.outcome}: #{saved.announcement.id} {saved.announcement.slug}")
    return 0


def announce_list(settings: Settings, args: argparse.Namespace) -> int:
    now, local = utcnow(), settings.sla.hours.local_time
    with _database(settings) as sessions, transaction(sessions) as session:
        overviews = list_announcements(session, now, local)
    if args.json:
        print(json.dumps([_as_json(overview, local, now) for overview in overviews], ensure_ascii=False))
        return 0
    for overview in overviews:
        print(_line(overview, local, now))
        for problem in overview.problems:
            print(f"      {problem['status']:<8} {problem['key']}: {problem['reason']}")
    if not overviews:
        print("no announcements yet (add one with: servicedesk announce add FILE.yaml)", file=sys.stderr)
    return 0


def announce_cancel(settings: Settings, args: argparse.Namespace) -> int:
    with _database(settings) as sessions, transaction(sessions) as session:
        announcement = find_announcement(session, args.announcement)
        if announcement is None:
            print(f"no announcement {args.announcement!r} (use an id or slug from `announce list`)", file=sys.stderr)
            return 1
        saved = cancel_announcement(session, announcement.id, now=utcnow(), note=args.note)
        posted = bool(saved.outcome == "cancelled" and announcement_was_posted(session, announcement.id))
    print(f"{saved.outcome}: #{announcement.id} {announcement.slug}")
    if saved.outcome == "cancelled":
        print(CANCEL_NOTE[posted], file=sys.stderr)
    return 0


def announce_worker(settings: Settings, _args: argparse.Namespace) -> int:
    """Deliver announcements (and the rest of the outbox) without serving Slack: a delivery-only process.

    Refuses to start without a bot token Slack accepts; stops in order on SIGTERM/SIGINT (`bot.lifecycle`)."""
    if not settings.slack_bot_token:
        print(WORKER_NEEDS_TOKEN, file=sys.stderr)
        return 2
    try:
        check_bot_token(settings)
    except ConfigurationError as error:  # the token was refused: the message says which and what to do
        print(error, file=sys.stderr)
        return 2
    shutdown = Shutdown()
    shutdown.install()
    with _database(settings) as sessions:
        desk = make_desk(settings, sessions)
        ticking = start_ticking(announcement_jobs(desk))
        shutdown.add_step("stop claiming outbox posts", desk.leases.stop)  # calls in flight finish
        shutdown.add_step("stop the ticks", lambda: ticking.shutdown(wait=True))
        shutdown.hand_back("outbox leases", lambda: desk.leases.hand_back(desk.sessions, desk.clock()))
        log.info("announcement worker ticking every %.0f s; stop with SIGTERM or Ctrl-C", ANNOUNCE_TICK_SECONDS)
        shutdown.wait()
        shutdown.run_steps()
    return shutdown.exit_code(0)


def _line(overview: Overview, local: LocalTime, now: datetime) -> str:
    upcoming = "nothing planned"
    if overview.next_post is not None:
        upcoming = "due now" if overview.next_post <= now else f"next {local.stamp(overview.next_post)}"
    counts = ", ".join(f"{count} {status}" for status, count in sorted(overview.posts.items())) or "no posts yet"
    return f"#{overview.id:<4} {overview.status:<9} {overview.slug:<32} {overview.title}  ({upcoming}; {counts})"


def _as_json(overview: Overview, local: LocalTime, now: datetime) -> dict[str, object]:
    """An announcement for `list --json`: `next_post` in the business time zone with its offset, and
    `due_now` when a post is due and not made yet."""
    upcoming = overview.next_post
    due_now = upcoming is not None and upcoming <= now
    return {**asdict(overview), "next_post": local.iso(upcoming) if upcoming else None, "due_now": due_now}


@contextmanager
def _database(settings: Settings) -> Iterator[Sessions]:
    """Sessions on the migrated database; the engine is closed afterwards (a CLI command is short-lived)."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        yield make_sessions(engine)
    finally:
        engine.dispose()
