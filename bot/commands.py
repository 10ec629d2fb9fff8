"""What each `servicedesk` subcommand does; `bot.cli` parses the arguments."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.app import create_app, make_client, make_delivery_client, make_desk
from bot.commands_announce import announcement_jobs
from bot.config import Settings
from bot.db import Sessions, database_answers, downgrade, make_engine, make_sessions, transaction, upgrade, utcnow
from bot.desk import Desk
from bot.learning import learned_phrasings, list_learned, remove_learned
from bot.lifecycle import Shutdown, StopRequested
from bot.questions import gaps
from bot.scheduler import start_ticking
from bot.serving import HttpSide, SlackSide, SocketModeSide, check_bot_token
from bot.shell import run_shell
from handlers.delivery import deliver_outbox
from handlers.sla_watch import check_sla
from kb.evaluation import evaluate, format_report, load_articles_jsonl, load_queries_jsonl
from kb.loader import load_directory
from kb.matcher import Matcher, Thresholds

log = logging.getLogger("servicedesk")

TOKEN_HELP = {
    "SLACK_BOT_TOKEN": "Copy the Bot User OAuth Token (xoxb-...) again from your app's page on api.slack.com, "
    "OAuth & Permissions, and reinstall the app if Slack says it was revoked.",
    "SLACK_APP_TOKEN": "Create an app-level token (xapp-...) with the connections:write scope under Basic "
    "Information, App-Level Tokens, and check that Socket Mode is on.",
}
CREDENTIAL_HELP = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...): your app's page on api.slack.com, OAuth & Permissions",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write, for Socket Mode: "
    "Basic Information, App-Level Tokens",
    "SLACK_SIGNING_SECRET": "for HTTP mode: Basic Information, App Credentials, Signing Secret",
}
OUTBOX_TICK_SECONDS = 2.0
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
    desk = make_desk(settings, make_sessions(engine))
    listeners = ThreadPoolExecutor(max_workers=10, thread_name_prefix="listener")
    app = _bolt_app(desk, listeners)
    if app is None:
        return 2
    with transaction(desk.sessions) as session:  # build the index now, not on the first colleague's question
        desk.snapshot(session)
    metrics.watch_database(desk.sessions, desk.clock)
    slack = _open_slack(app, settings, args, lambda: database_answers(engine))
    if slack is None:
        return 2
    delivery = make_delivery_client(settings)  # no waiting out 429s inside a call: the row backs off instead
    ticking = start_ticking(
        {
            "outbox": (lambda: deliver_outbox(desk, delivery), OUTBOX_TICK_SECONDS),
            "sla": (lambda: check_sla(desk, delivery), SLA_TICK_SECONDS),
            **announcement_jobs(desk),  # issue 4: loads the announcement files now, then ticks
        }
    )
    shutdown.add_step("stop taking new work from Slack", slack.close)
    shutdown.add_step("finish running listeners", lambda: listeners.shutdown(wait=True))
    shutdown.add_step("stop the ticks", lambda: ticking.shutdown(wait=True))
    # Here the outbox leases this process holds are to be handed back (`shutdown.hand_back("outbox leases", ...)`)
    # once the outbox worker can release them, so another process delivers those posts at once.
    shutdown.add_step("close the database", engine.dispose)
    slack.serve(shutdown)
    shutdown.run_steps()
    return shutdown.exit_code(0)


def _bolt_app(desk: Desk, listeners: ThreadPoolExecutor) -> App | None:
    """The Bolt app, or None when Slack refuses the bot token (the reason is printed)."""
    try:
        check_bot_token(desk.settings)  # Bolt checks too, but reports a refused token as a dict in a sentence
        return create_app(desk, make_client(desk.settings), listener_executor=listeners)
    except (SlackApiError, BoltError) as error:
        code = error.response.get("error") if isinstance(error, SlackApiError) else error
        print(f"Slack did not accept SLACK_BOT_TOKEN ({code}). {TOKEN_HELP['SLACK_BOT_TOKEN']}", file=sys.stderr)
        return None


def _open_slack(app: App, settings: Settings, args: argparse.Namespace, health: Callable[[], bool]) -> SlackSide | None:
    """The side that takes Slack's work: an HTTP server (`--http`) or the Socket Mode link; None when it
    cannot be opened (the reason is printed)."""
    if args.http:
        try:
            return HttpSide.open(app, args.host, args.port, health)
        except OSError as error:
            print(f"Cannot listen on {args.host}:{args.port} ({error.strerror}): use --port or PORT.", file=sys.stderr)
            return None
    assert settings.slack_app_token is not None  # checked by missing_for_slack
    try:
        return SocketModeSide.open(app, settings.slack_app_token, args.host, settings.metrics_port, health)
    except SlackApiError as error:
        code = error.response.get("error")
        print(f"Slack did not accept SLACK_APP_TOKEN ({code}). {TOKEN_HELP['SLACK_APP_TOKEN']}", file=sys.stderr)
        return None


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
    articles = load_directory(settings.kb_dir).articles
    matcher = Matcher(articles, learned, _thresholds(settings))
    match = matcher.match(args.question)
    best = match.best
    if args.json:
        candidates = [{"id": c.article_id, "title": c.title, "confidence": c.confidence} for c in match.candidates]
        answer = best.article_id if best is not None and match.band == "answer" else None
        confidence = best.confidence if best is not None else 0.0
        print(json.dumps({"band": match.band, "article": answer, "confidence": confidence, "candidates": candidates}))
    else:
        print(f"band: {match.band}")
        for candidate in match.candidates:
            print(f"  {candidate.confidence:.2f}  {candidate.article_id}  ({candidate.title})")
    if args.explain:
        print(matcher.explain(args.question))
    return 0


def kb_check(settings: Settings, _args: argparse.Namespace) -> int:
    result = load_directory(settings.kb_dir)
    for problem in result.problems:
        print(problem)
    print(f"{len(result.articles)} articles loaded, {len(result.problems)} problems", file=sys.stderr)
    return 1 if result.problems else 0


def kb_eval(settings: Settings, args: argparse.Namespace) -> int:
    if args.articles is not None:
        articles = load_articles_jsonl(args.articles)
    else:
        articles = list(load_directory(settings.kb_dir).articles)
    report = evaluate(Matcher(articles, (), _thresholds(settings)), load_queries_jsonl(args.queries))
    print(json.dumps(report.to_json()) if args.json else format_report(report))
    return 0


def kb_gaps(settings: Settings, args: argparse.Namespace) -> int:
    with transaction(_database(settings)) as session:
        found = gaps(session, since=utcnow() - timedelta(days=args.days))
    for gap in found:
        print(f"{gap.asked:>5}x  last {gap.last_asked:%Y-%m-%d}  {gap.text}")
    if not found:
        print(f"no unanswered questions in the last {args.days} days", file=sys.stderr)
    return 0


def kb_learned(settings: Settings, args: argparse.Namespace) -> int:
    with transaction(_database(settings)) as session:
        if args.remove is not None:
            if not remove_learned(session, args.remove):
                print(f"no learned phrasing with id {args.remove}", file=sys.stderr)
                return 1
            print(f"removed learned phrasing {args.remove}")
            return 0
        for row in list_learned(session):
            print(f"{row.id:>6}  {row.article_id:<32} {row.source:<10} {row.created_at:%Y-%m-%d}  {row.text}")
    return 0


def db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    upgrade(make_engine(settings.database_url))
    print("database is up to date")
    return 0


def db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    downgrade(make_engine(settings.database_url), args.revision)
    print(f"database is at migration {args.revision}")
    return 0


def _database(settings: Settings) -> Sessions:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessions(engine)


def _thresholds(settings: Settings) -> Thresholds:
    return Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)
