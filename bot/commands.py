"""What each `servicedesk` subcommand does; `bot.cli` parses the arguments."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session

from bot import metrics
from bot.app import create_app, make_desk, make_poster
from bot.commands_announce import announcement_jobs
from bot.config import Settings
from bot.db import Sessions, database_answers, downgrade, make_engine, make_sessions, transaction, upgrade
from bot.digest import DIGEST_TICK_SECONDS, send_digest
from bot.embedding_cache import DatabaseVectorStore
from bot.errors import ConfigurationError
from bot.learning import learned_phrasings, list_learned, remove_learned
from bot.lifecycle import Shutdown, StopRequested
from bot.offer import bot_offer
from bot.outbox.store import backlog as outbox_backlog
from bot.outbox.worker import deliver_outbox
from bot.scheduler import start_ticking
from bot.serving import Lanes, start_slack
from bot.shell import run_shell
from bot.tickets.promises import keep_promises
from bot.tickets.sla_watch import check_sla
from kb.embedder_e5 import default_embedder
from kb.embedding import CachedEncoder
from kb.evaluation import evaluate, format_report, load_articles_jsonl, load_queries_jsonl
from kb.loader import load_directory
from kb.matcher import Matcher, Thresholds

log = logging.getLogger("servicedesk")

CREDENTIAL_HELP = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...): your app's page on api.slack.com, OAuth & Permissions",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write, for Socket Mode: "
    "Basic Information, App-Level Tokens",
    "SLACK_SIGNING_SECRET": "for HTTP mode: Basic Information, App Credentials, Signing Secret",
}
OUTBOX_TICK_SECONDS = 2.0
DELIVERY_THREADS = 4
"""Threads delivering what listeners queued, so event lanes go on while Slack is slow (the outbox worker's
lanes and pacing apply inside each delivery)."""
INBOX_TICK_SECONDS = 3.0
KB_FILES_TICK_SECONDS = 2.0
"""How soon an edited article file is served: looked at by a job, never per question."""
"""How often every process looks for stored events nobody is processing (left by a process that stopped)."""
SLA_TICK_SECONDS = 60.0


def run(settings: Settings, args: argparse.Namespace) -> int:
    missing = settings.missing_for_slack(http=args.http)
    if missing and args.shell_if_offline:
        print(f"Slack is not configured ({', '.join(missing)} not set): opening the offline shell.", file=sys.stderr)
        print("To connect to Slack, see README.md, 'Connect to Slack'.", file=sys.stderr)
        return shell(settings, args)
    if missing:
        print(missing_credentials_text(missing), file=sys.stderr)
        return 2
    shutdown = Shutdown()
    shutdown.install(raise_in_main=args.http)  # waitress' loop only leaves on an exception in the main thread
    try:
        return _run(settings, args, shutdown)
    except StopRequested:  # stopped while starting up, or HTTP mode's serving loop was left
        shutdown.run_steps()
        return shutdown.exit_code(0)


def _run(settings: Settings, args: argparse.Namespace, shutdown: Shutdown) -> int:
    """Start everything, wait for SIGTERM/SIGINT, stop in order (see `bot.lifecycle`)."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    deliveries = ThreadPoolExecutor(DELIVERY_THREADS, thread_name_prefix="deliver")
    desk = make_desk(settings, make_sessions(engine), files_checked_by_job=True, deliveries=deliveries)
    with desk.work() as work:  # build the index now, not on the first colleague's question
        work.snapshot()
    lanes = Lanes.sized()
    try:
        slack = start_slack(
            desk, lanes, http=args.http, host=args.host, port=args.port or settings.port,
            health=lambda: database_answers(engine),
        )  # fmt: skip
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 2
    metrics.watch_database(desk.sessions, desk.clock).watch_outbox(outbox_backlog)
    poster = make_poster(settings)  # no waiting out 429s inside a call: the row backs off instead
    ticking = start_ticking(
        {
            "inbox": (slack.inbox.pick_up, INBOX_TICK_SECONDS),
            "kb files": (desk.knowledge.check_files, KB_FILES_TICK_SECONDS),
            "outbox": (lambda: deliver_outbox(desk, poster), OUTBOX_TICK_SECONDS),
            "sla": (lambda: check_sla(desk, poster), SLA_TICK_SECONDS),
            "promises": (lambda: keep_promises(desk, poster), SLA_TICK_SECONDS),
            "digest": (lambda: send_digest(desk, poster), DIGEST_TICK_SECONDS),
            **announcement_jobs(desk),  # loads the announcement files now, then ticks
        }
    )
    shutdown.add_step("stop taking new work from Slack", slack.close)
    shutdown.add_step("stop taking events", slack.inbox.stop_accepting)
    shutdown.add_step("stop claiming outbox posts", desk.leases.stop)  # calls in flight finish
    shutdown.add_step("finish running listeners", lambda: lanes.interactive.shutdown(wait=True))
    shutdown.add_step("finish running events", lambda: lanes.events.shutdown(wait=True, cancel_futures=True))
    shutdown.add_step("finish deliveries", lambda: deliveries.shutdown(wait=True, cancel_futures=True))
    shutdown.add_step("stop the ticks", lambda: ticking.shutdown(wait=True))
    shutdown.hand_back("events not started", slack.inbox.hand_back)
    shutdown.hand_back("outbox leases", lambda: desk.leases.hand_back(desk.sessions, desk.clock()))
    shutdown.add_step("close the database", engine.dispose)
    slack.serve(shutdown)
    shutdown.run_steps()
    return shutdown.exit_code(0)


def missing_credentials_text(missing: list[str]) -> str:
    lines = [f"Slack is not configured: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set."]
    lines += [f"  {name:<22}{CREDENTIAL_HELP[name]}" for name in missing]
    lines += [
        "Create the Slack app from manifest.yml (README, 'Connect to Slack'), put the values in .env and run again.",
        "To try the bot without Slack: servicedesk shell (or make run).",
    ]
    return "\n".join(lines)


def shell(settings: Settings, _args: argparse.Namespace) -> int:
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    desk = make_desk(settings, _database(settings))
    Shutdown().install(raise_in_main=True)  # Ctrl-C or SIGTERM ends the shell like end of input does
    with contextlib.suppress(StopRequested):
        run_shell(
            lambda client, executor: create_app(desk, client, listener_executor=executor),
            sys.stdin,
            sys.stdout,
            settings.default_language,
        )
    return 0


def ask(settings: Settings, args: argparse.Namespace) -> int:
    sessions = _database(settings)
    with transaction(sessions) as session:
        learned = learned_phrasings(session)
        matcher = Matcher(load_directory(settings.kb_dir).articles, learned, _thresholds(settings), _encoder(session))
    match = matcher.match(args.question)
    best = match.best
    if args.json:
        candidates = [
            {"id": c.article_id, "title": c.title, "confidence": c.confidence, "lang": c.lang} for c in match.candidates
        ]
        answer = best.article_id if best is not None and match.band == "answer" else None
        confidence = best.confidence if best is not None else 0.0
        found = {"band": match.band, "article": answer, "confidence": confidence, "candidates": candidates}
        print(json.dumps({**found, "wants_person": match.wants_person, "scorers": list(matcher.scorers)}))
    else:
        print(f"band: {match.band}" + ("  (asks for a person)" if match.wants_person else ""))
        for candidate in match.candidates:
            print(f"  {candidate.confidence:.2f}  {candidate.article_id}  ({candidate.title}, {candidate.lang})")
    if args.explain:
        print(matcher.explain(args.question))
    return 0


def kb_check(settings: Settings, _args: argparse.Namespace) -> int:
    """Problems (exit 1), then warnings (Slack shows it differently; exit 0). Every promise an article makes
    about the bot (a command, a keyword) is held against what the bot offers."""
    result = load_directory(settings.kb_dir, bot_offer())
    for problem in (*result.problems, *result.warnings):
        print(problem)
    counts = f"{len(result.problems)} problems, {len(result.warnings)} warnings"
    print(f"{len(result.articles)} articles loaded, {counts}", file=sys.stderr)
    return 1 if result.problems else 0


def kb_eval(settings: Settings, args: argparse.Namespace) -> int:
    if args.articles is not None:
        articles = load_articles_jsonl(args.articles)
    else:
        articles = list(load_directory(settings.kb_dir).articles)
    with transaction(_database(settings)) as session:  # the vectors of the articles are cached in the database
        matcher = Matcher(articles, (), _thresholds(settings), _encoder(session))
    report = evaluate(matcher, load_queries_jsonl(args.queries))
    if args.json:
        print(json.dumps({**report.to_json(), "scorers": list(matcher.scorers)}))
    else:
        print(f"scorers: {', '.join(matcher.scorers) or '-'}")
        print(format_report(report))
    return 0


def kb_learned(settings: Settings, args: argparse.Namespace) -> int:
    with transaction(_database(settings)) as session:
        if args.remove is not None:
            if not remove_learned(session, args.remove):
                print(f"no learned phrasing with id {args.remove}", file=sys.stderr)
                return 1
            print(f"removed learned phrasing {args.remove}")
            return 0
        rows = list_learned(session)
        for row in rows:
            print(f"{row.id:>6}  {row.article_id:<32} {row.source:<10} {row.created_at:%Y-%m-%d}  {row.text}")
    if not rows:
        print(
            "no learned phrasings yet: they come from colleagues' clicks on 'Dit hielp' and suggestions",
            file=sys.stderr,
        )
    return 0


def db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    upgrade(make_engine(settings.database_url, pooled=False))
    print("database is up to date")
    return 0


def db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    downgrade(make_engine(settings.database_url, pooled=False), args.revision)
    print(f"database is at migration {args.revision}")
    return 0


def _database(settings: Settings) -> Sessions:
    engine = make_engine(settings.database_url, pooled=False)
    upgrade(engine)
    return make_sessions(engine)


def _encoder(session: Session) -> CachedEncoder | None:
    """The packaged sentence model with its vectors cached in the database, or None without the extra."""
    embedder = default_embedder()
    return CachedEncoder(embedder, DatabaseVectorStore(session)) if embedder is not None else None


def _thresholds(settings: Settings) -> Thresholds:
    return Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)
