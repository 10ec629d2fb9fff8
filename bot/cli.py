"""The `servicedesk` command: run the bot, try it offline, ask the knowledge base, check and evaluate it."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from dotenv import dotenv_values

from bot import commands, commands_announce, commands_report, commands_tickets
from bot.config import Settings
from bot.errors import ConfigurationError
from bot.failures import explain, shown_database_url
from bot.logs import configure_logging

OPENMP_DEFAULTS = {"OMP_WAIT_POLICY": "PASSIVE"}
"""For the sentence model's engine (OpenMP), read once when it loads: waiting threads sleep instead of
spinning, which keeps a question's latency steady on a busy machine (spinning threads that lose their core
made p50 several times slower in bench/README.md). An operator's own setting wins."""


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entry point; returns the exit code. Reads `.env` and the environment (the environment wins)."""
    for name, value in OPENMP_DEFAULTS.items():
        os.environ.setdefault(name, value)
    args = _parser().parse_args(argv)
    if env is None:
        env = {**{k: v or "" for k, v in dotenv_values(".env").items()}, **os.environ}
    try:
        settings = Settings.from_mapping(env)
    except ConfigurationError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    _say_where_data_lives(args, settings)
    try:
        return int(args.handler(settings, args))
    except Exception as error:
        failure = explain(error, settings)
        if failure is None:
            raise
        logging.getLogger("servicedesk").debug("details of the failure below", exc_info=error)
        print(failure.message, file=sys.stderr)
        return failure.exit_code


def _say_where_data_lives(args: argparse.Namespace, settings: Settings) -> None:
    """Every command that opens the database says which one, so a run in another folder or with another
    .env never silently works on another (or a new, empty) database."""
    if args.handler in (commands.kb_check, commands.kb_eval, commands_announce.announce_check):
        return
    where = f"database: {shown_database_url(settings.database_url)}"
    if args.handler in (commands.run, commands_announce.announce_worker):
        logging.getLogger("servicedesk").info(where)  # a service: into its log, in the log's format
    else:
        print(where, file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="servicedesk", description="IT service desk bot for Slack.")
    sub = parser.add_subparsers(required=True, metavar="command")

    run = sub.add_parser("run", help="connect to Slack (Socket Mode, or HTTP with --http)")
    run.add_argument("--http", action="store_true", help="serve Slack's requests over HTTP at /slack/events")
    run.add_argument("--port", type=int, help="port for --http (default: PORT, else 3000)")
    run.add_argument("--host", default="0.0.0.0")
    run.add_argument("--shell-if-offline", action="store_true", help="open the shell when Slack is not configured")
    run.set_defaults(handler=commands.run)

    shell = sub.add_parser("shell", help="talk to the bot offline, as a colleague (reads standard input)")
    shell.set_defaults(handler=commands.shell)

    ask = sub.add_parser("ask", help="ask the knowledge base one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the match as JSON")
    ask.add_argument("--explain", action="store_true", help="show why an article won")
    ask.set_defaults(handler=commands.ask)

    kb = sub.add_parser("kb", help="knowledge base: check, eval, learned").add_subparsers(required=True, metavar="kb")
    kb.add_parser("check", help="validate every article file").set_defaults(handler=commands.kb_check)
    evaluate = kb.add_parser("eval", help="measure the matcher on a question set")
    evaluate.add_argument("--articles", type=Path, help="articles JSONL (default: the configured KB)")
    evaluate.add_argument("--queries", type=Path, required=True, help="questions JSONL")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=commands.kb_eval)
    learned = kb.add_parser("learned", help="list (or remove) phrasings learned from use")
    learned.add_argument("--remove", type=int, metavar="ID", help="forget the learned phrasing with this id")
    learned.set_defaults(handler=commands.kb_learned)

    db = sub.add_parser("db", help="database").add_subparsers(required=True, metavar="db")
    db.add_parser("upgrade", help="apply migrations").set_defaults(handler=commands.db_upgrade)
    rollback = db.add_parser("downgrade", help="roll the schema back (back up first: later tables are dropped)")
    rollback.add_argument("revision", help='a migration number such as 0002, "-1" for one step, or "base"')
    rollback.set_defaults(handler=commands.db_downgrade)
    _announce_parser(sub)
    commands_tickets.add_parser(sub)
    commands_report.add_parsers(sub, kb)
    commands_report.add_knowledge_parsers(kb, sub)
    return parser


def _announce_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`servicedesk announce ...`: implementations in `bot.commands_announce`."""
    announce = sub.add_parser("announce", help="change announcements: check, add, list, cancel, worker")
    verbs = announce.add_subparsers(required=True, metavar="announce")
    check = verbs.add_parser("check", help="validate the announcement files")
    check.add_argument("directory", nargs="?", type=Path, help="folder to check (default: ANNOUNCEMENTS_DIR)")
    check.set_defaults(handler=commands_announce.announce_check)
    add = verbs.add_parser("add", help="add or change an announcement from a YAML file (its name is the slug)")
    add.add_argument("file", type=Path)
    add.set_defaults(handler=commands_announce.announce_add)
    listing = verbs.add_parser("list", help="announcements, their next post, and posts that failed")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=commands_announce.announce_list)
    cancel = verbs.add_parser("cancel", help="cancel an announcement (by id or slug); posts 'geannuleerd'")
    cancel.add_argument("announcement")
    cancel.add_argument("--note", help="kept with the cancellation, for the record")
    cancel.set_defaults(handler=commands_announce.announce_cancel)
    worker = verbs.add_parser("worker", help="deliver announcements and the outbox without serving Slack")
    worker.set_defaults(handler=commands_announce.announce_worker)
