"""What the `servicedesk announce` subcommands do, and the announcement tick `servicedesk run` starts.

Part of the composition root (like `bot.commands`): it builds clients and may import handlers.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from slack_sdk.errors import SlackApiError

from bot.announcements.files import load_directory, parse_file
from bot.announcements.queries import Overview, list_announcements
from bot.announcements.service import cancel_announcement, find_announcement, save_announcement
from bot.app import make_delivery_client, make_desk
from bot.config import Settings
from bot.db import Sessions, make_engine, make_sessions, transaction, upgrade, utcnow
from bot.desk import Desk
from bot.errors import ServiceDeskError
from bot.lifecycle import Shutdown
from bot.scheduler import start_ticking
from bot.serving import check_bot_token
from handlers.announcements import AnnouncementFiles, tick

log = logging.getLogger("servicedesk.announce")

ANNOUNCE_TICK_SECONDS = 2.0
WORKER_NEEDS_TOKEN = (
    "The worker posts to Slack and needs SLACK_BOT_TOKEN, the Bot User OAuth Token (xoxb-...) from your app's "
    "page on api.slack.com, OAuth & Permissions (README, 'Connect to Slack')."
)


def announcement_jobs(desk: Desk) -> dict[str, tuple[Callable[[], object], float]]:
    """The tick for `start_ticking`; syncs the announcement files once right away so start-up loads them."""
    client = make_delivery_client(desk.settings)
    files = AnnouncementFiles(desk.settings.announcements_dir)
    try:
        tick(desk, client, files)
    except ServiceDeskError as error:
        log.error("announcements: first tick failed, will retry: %s", error)
    return {"announcements": (lambda: tick(desk, client, files), ANNOUNCE_TICK_SECONDS)}


def announce_check(settings: Settings, args: argparse.Namespace) -> int:
    directory = args.directory or settings.announcements_dir
    result = load_directory(directory)
    for problem in result.problems:
        print(problem)
    print(f"{len(result.announcements)} announcements loaded, {len(result.problems)} problems", file=sys.stderr)
    return 1 if result.problems else 0


def announce_add(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.file
    spec, problems = parse_file(path)
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
    with _database(settings) as sessions, transaction(sessions) as session:
        overviews = list_announcements(session, utcnow())
    if args.json:
        print(json.dumps([overview.to_json() for overview in overviews], ensure_ascii=False))
        return 0
    for overview in overviews:
        print(_line(overview))
        for problem in overview.problems:
            print(f"      {problem['status']:<8} {problem['key']}: {problem['reason']}")
    return 0


def announce_cancel(settings: Settings, args: argparse.Namespace) -> int:
    with _database(settings) as sessions, transaction(sessions) as session:
        announcement = find_announcement(session, args.announcement)
        if announcement is None:
            print(f"no announcement {args.announcement!r} (use an id or slug from `announce list`)", file=sys.stderr)
            return 1
        saved = cancel_announcement(session, announcement.id, now=utcnow(), note=args.note)
    print(f"{saved.outcome}: #{announcement.id} {announcement.slug}")
    return 0


def announce_worker(settings: Settings, _args: argparse.Namespace) -> int:
    """Deliver announcements (and the rest of the outbox) without serving Slack: a delivery-only process.

    Refuses to start without a bot token Slack accepts; stops in order on SIGTERM/SIGINT (`bot.lifecycle`)."""
    if not settings.slack_bot_token:
        print(WORKER_NEEDS_TOKEN, file=sys.stderr)
        return 2
    try:
        check_bot_token(settings)
    except SlackApiError as error:
        print(
            f"Slack did not accept SLACK_BOT_TOKEN ({error.response.get('error')}). {WORKER_NEEDS_TOKEN}",
            file=sys.stderr,
        )
        return 2
    shutdown = Shutdown()
    shutdown.install()
    with _database(settings) as sessions:
        ticking = start_ticking(announcement_jobs(make_desk(settings, sessions)))
        shutdown.add_step("stop the ticks", lambda: ticking.shutdown(wait=True))
        # Here the outbox leases this worker holds are to be handed back (`shutdown.hand_back(...)`) once the
        # outbox worker can release them.
        log.info("announcement worker ticking every %.0f s; stop with SIGTERM or Ctrl-C", ANNOUNCE_TICK_SECONDS)
        shutdown.wait()
        shutdown.run_steps()
    return shutdown.exit_code(0)


def _line(overview: Overview) -> str:
    upcoming = f"next {overview.next_post:%Y-%m-%d %H:%M}Z" if overview.next_post else "nothing planned"
    counts = ", ".join(f"{count} {status}" for status, count in sorted(overview.posts.items())) or "no posts yet"
    return f"#{overview.id:<4} {overview.status:<9} {overview.slug:<32} {overview.title}  ({upcoming}; {counts})"


@contextmanager
def _database(settings: Settings) -> Iterator[Sessions]:
    """Sessions on the migrated database; the engine is closed afterwards (a CLI command is short-lived)."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        yield make_sessions(engine)
    finally:
        engine.dispose()
