"""How a running bot takes Slack's work: an HTTP server (waitress) or the Socket Mode link, each with
`/healthz` and `/metrics` (Socket Mode: on METRICS_PORT), and each closed first when the bot stops."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, Self
from wsgiref.simple_server import WSGIServer

import waitress
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import create_app, make_client, make_inbox
from bot.config import Settings
from bot.desk import Desk
from bot.errors import ConfigurationError
from bot.inbox.processing import Inbox
from bot.lifecycle import Shutdown
from bot.socket_mode import SocketModeService
from bot.web import MAX_BODY_BYTES, make_operations_app, make_wsgi_app, start_operations_server

log = logging.getLogger("servicedesk")

INTERACTIVE_THREADS = 8
"""Threads for commands, clicks and modals: each acks at once, then waits mostly on Slack and the database."""
EVENT_THREADS = 2
"""Threads processing stored events: on 2 cores, 4 threads answered 11.6 questions/s on SQLite (writers waiting
for each other) and 2 threads 18.2 (bench/intake.py, bench/README.md "Intake")."""
HTTP_THREADS = 8
"""waitress' request threads: accepting an event is one insert, so requests never wait behind processing."""


TOKEN_HELP = {
    "SLACK_BOT_TOKEN": "Copy the Bot User OAuth Token (xoxb-...) again from your app's page on api.slack.com, "
    "OAuth & Permissions, and reinstall the app if Slack says it was revoked.",
    "SLACK_APP_TOKEN": "Create an app-level token (xapp-...) with the connections:write scope under Basic "
    "Information, App-Level Tokens, and check that Socket Mode is on.",
}


def check_bot_token(settings: Settings) -> None:
    """Ask Slack once whether it accepts SLACK_BOT_TOKEN, before anything starts; the caller says what failed.

    No retries and no log lines of its own: at start-up the one line the operator reads is the caller's.

    Raises:
        ConfigurationError: Slack answered and refused the token (`invalid_auth`, `account_inactive`, ...).
        OSError: Slack could not be reached (URLError is an OSError).
    """
    quiet = logging.getLogger("servicedesk.startup.slack")
    quiet.propagate = False
    if not quiet.handlers:
        quiet.addHandler(logging.NullHandler())  # else logging's last resort prints to standard error
    client = WebClient(settings.slack_bot_token, settings.slack_api_url, timeout=10, logger=quiet, retry_handlers=[])
    try:
        client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error")
        help_text = TOKEN_HELP["SLACK_BOT_TOKEN"]
        raise ConfigurationError(f"Slack did not accept SLACK_BOT_TOKEN ({code}). {help_text}") from None


def start_slack(desk: Desk, lanes: Lanes, *, http: bool, host: str, port: int, health: Callable[[], bool]) -> SlackSide:
    """Build the Bolt app and the inbox, and open the side that takes Slack's work: an HTTP server (`http`) or
    the Socket Mode link. Nothing is served until `serve` is called on the result.

    Raises:
        ConfigurationError: Slack refused a token, or the port cannot be bound (the message says what to do).
        OSError: Slack could not be reached.
    """
    check_bot_token(desk.settings)  # Bolt checks too, but reports a refused token as a dict in a sentence
    app = create_app(desk, make_client(desk.settings), listener_executor=lanes.interactive)
    inbox = make_inbox(desk, app, lanes.events)
    if http:
        try:
            return HttpSide.open(app, inbox, desk.settings.slack_signing_secret or "", host, port, health)
        except OSError as error:
            raise ConfigurationError(
                f"Cannot listen on {host}:{port} ({error.strerror}): use --port or PORT."
            ) from None
    assert desk.settings.slack_app_token is not None  # checked by Settings.missing_for_slack
    try:
        return SocketModeSide.open(app, inbox, desk.settings.slack_app_token, host, desk.settings.metrics_port, health)
    except SlackApiError as error:
        code = error.response.get("error")
        raise ConfigurationError(
            f"Slack did not accept SLACK_APP_TOKEN ({code}). {TOKEN_HELP['SLACK_APP_TOKEN']}"
        ) from None


@dataclass(frozen=True)
class Lanes:
    """Where Slack's work runs: commands, clicks and modals on `interactive`, inbox events on `events`; sized
    by measurement (bench/README.md, "Intake")."""

    interactive: ThreadPoolExecutor
    events: ThreadPoolExecutor

    @classmethod
    def sized(cls, interactive: int = INTERACTIVE_THREADS, events: int = EVENT_THREADS) -> Lanes:
        return cls(
            ThreadPoolExecutor(max_workers=interactive, thread_name_prefix="interactive"),
            ThreadPoolExecutor(max_workers=events, thread_name_prefix="events"),
        )


class SlackSide(Protocol):
    inbox: Inbox

    def serve(self, shutdown: Shutdown) -> None:
        """Take Slack's work until a stop is requested."""

    def close(self) -> None:
        """Take no more work from Slack."""


class HttpSide:
    """waitress serving `/slack/events`, `/healthz` and `/metrics`."""

    def __init__(self, server: Any, inbox: Inbox) -> None:
        self.server, self.inbox = server, inbox

    @classmethod
    def open(
        cls, app: App, inbox: Inbox, signing_secret: str, host: str, port: int, health: Callable[[], bool]
    ) -> Self:
        """Bind the port now (so a port in use is reported before anything else starts).

        Raises:
            OSError: the address cannot be bound.
        """
        wsgi = make_wsgi_app(app, health, inbox, signing_secret)
        server = waitress.create_server(  # type: ignore[attr-defined]
            wsgi, host=host, port=port, max_request_body_size=MAX_BODY_BYTES, threads=HTTP_THREADS
        )
        log.info("HTTP mode: Slack requests at http://%s:%d/slack/events; /healthz and /metrics", host, port)
        return cls(server, inbox)

    def serve(self, shutdown: Shutdown) -> None:
        # The stop signal raises StopRequested in this (main) thread; waitress catches it, lets running requests
        # finish (up to 5 s) and returns.
        self.server.run()

    def close(self) -> None:
        self.server.close()


class SocketModeSide:
    """The Socket Mode link, plus `/healthz` and `/metrics` on METRICS_PORT when it is set."""

    def __init__(self, service: SocketModeService, operations: WSGIServer | None) -> None:
        self.service, self.operations, self.inbox = service, operations, service.inbox

    @classmethod
    def open(
        cls, app: App, inbox: Inbox, app_token: str, host: str, metrics_port: int | None, health: Callable[[], bool]
    ) -> Self:
        """Open the link to Slack (see `SlackLink.start` for what it raises), then the metrics port."""
        service = SocketModeService(app, app_token, inbox)
        service.connect()
        operations = None
        if metrics_port is not None:
            operations = start_operations_server(host, metrics_port, make_operations_app(health))
            log.info("metrics at http://%s:%d/metrics, health check at /healthz", host, metrics_port)
        log.info("Socket Mode: connected to Slack")
        return cls(service, operations)

    def serve(self, shutdown: Shutdown) -> None:
        shutdown.wait()

    def close(self) -> None:
        self.service.close()
        if self.operations is not None:
            self.operations.shutdown()
            self.operations.server_close()
