"""What each `servicedesk` subcommand does; `bot.cli` parses the arguments."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import timedelta

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from sqlalchemy.orm import Session

from bot.app import create_app, make_client, make_delivery_client, make_desk
from bot.commands_announce import announcement_jobs
from bot.config import Settings
from bot.db import Sessions, database_answers, make_engine, make_sessions, transaction, upgrade, utcnow
from bot.embedding_cache import DatabaseVectorStore
from bot.learning import learned_phrasings, list_learned, remove_learned
from bot.questions import gaps
from bot.scheduler import start_ticking
from bot.shell import run_shell
from bot.web import make_wsgi_app
from handlers.delivery import deliver_outbox
from handlers.sla_watch import check_sla
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
    engine = make_engine(settings.database_url)
    upgrade(engine)
    desk = make_desk(settings, make_sessions(engine))
    client = make_client(settings)
    try:
        app = create_app(desk, client)
    except BoltError as error:
        print(f"Slack did not accept the bot token ({error}). Check SLACK_BOT_TOKEN.", file=sys.stderr)
        return 2
    with transaction(desk.sessions) as session:  # build the index now, not on the first colleague's question
        desk.snapshot(session)
    delivery = make_delivery_client(settings)  # no waiting out 429s inside a call: the row backs off instead
    ticking = start_ticking(
        {
            "outbox": (lambda: deliver_outbox(desk, delivery), OUTBOX_TICK_SECONDS),
            "sla": (lambda: check_sla(desk, delivery), SLA_TICK_SECONDS),
            **announcement_jobs(desk),  # issue 4: loads the announcement files now, then ticks
        }
    )
    try:
        if args.http:
            import waitress

            log.info("HTTP mode: Slack requests at http://%s:%d/slack/events", args.host, args.port)
            waitress.serve(make_wsgi_app(app, lambda: database_answers(engine)), host=args.host, port=args.port)
        else:
            SocketModeHandler(app, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
    finally:
        ticking.shutdown(wait=False)
    return 0


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
    with transaction(_database(settings)) as session:  # the vectors of the articles are cached in the database
        matcher = Matcher(articles, (), _thresholds(settings), _encoder(session))
    report = evaluate(matcher, load_queries_jsonl(args.queries))
    if args.json:
        print(json.dumps({**report.to_json(), "scorers": list(matcher.scorers)}))
    else:
        print(f"scorers: {', '.join(matcher.scorers) or '-'}")
        print(format_report(report))
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


def _database(settings: Settings) -> Sessions:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return make_sessions(engine)


def _encoder(session: Session) -> CachedEncoder | None:
    """The packaged sentence model with its vectors cached in the database, or None without the extra."""
    embedder = default_embedder()
    return CachedEncoder(embedder, DatabaseVectorStore(session)) if embedder is not None else None


def _thresholds(settings: Settings) -> Thresholds:
    return Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)
