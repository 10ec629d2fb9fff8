"""Composition root: builds the desk, the Slack clients, the outbox's poster and the Bolt app from settings.

The only module (with `bot.cli`, `bot.shell` and `bot.web`) that puts Slack and `handlers` together with the
domain; everything the domain needs of Slack it gets from here, through `Renderer` and `Poster`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

import handlers
from bot.config import Settings
from bot.db import Sessions, utcnow
from bot.desk import Desk
from bot.errors import ConfigurationError
from bot.executors import Lanes
from bot.inbox.processing import Inbox
from bot.knowledge import KnowledgeBase
from bot.outbox.poster import Poster
from handlers.inbox import dispatcher
from handlers.poster import CALL_TIMEOUT, SlackPoster
from handlers.rendering import BlockKitRenderer
from kb.embedder_e5 import default_embedder
from kb.matcher import Thresholds


def make_desk(
    settings: Settings,
    sessions: Sessions,
    clock: Callable[[], datetime] = utcnow,
    *,
    files_checked_by_job: bool = False,
    deliveries: Executor | None = None,
) -> Desk:
    """The desk; with `files_checked_by_job` the caller runs `desk.knowledge.check_files` every few seconds;
    `deliveries`: where listeners' posts are delivered (default: inline, in the listener's thread)."""
    thresholds = Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)
    embedder = default_embedder()  # None without the extra
    knowledge = KnowledgeBase(settings.kb_dir, thresholds, embedder, files_checked_by_job=files_checked_by_job)
    desk = Desk(settings, sessions, knowledge, clock, BlockKitRenderer(settings))
    return desk if deliveries is None else replace(desk, deliveries=deliveries)


def make_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A Web API client on `SLACK_API_URL` that waits out 429s and retries brief server and network errors."""
    return WebClient(
        token=token or settings.slack_bot_token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
        logger=logging.getLogger("slack_sdk.web"),
    )


def make_delivery_client(settings: Settings) -> WebClient:
    """A client without retry handlers: a 429 or 5xx goes back to the outbox row (back-off per row), so one
    busy channel never holds up the others; a hanging call ends after `CALL_TIMEOUT` (the heartbeat keeps the
    row's lease meanwhile)."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=CALL_TIMEOUT,
        retry_handlers=[],
        logger=logging.getLogger("slack_sdk.web"),
    )


def make_poster(settings: Settings) -> Poster:
    """What the outbox jobs post through: the delivery client (see `make_delivery_client`)."""
    return SlackPoster(make_delivery_client(settings))


class _DropBoltTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and warns that it is unused when a client is
    given too. The app always passes a client built from that same token, so the warning says nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def make_inbox(desk: Desk, app: App, events: Executor) -> Inbox:
    """The inbox: events stored before Slack is answered, processed on the `events` lane through `app`."""
    return Inbox(desk.sessions, desk.clock, dispatcher(app), events)


def create_app(desk: Desk, client: WebClient, *, listener_executor: Executor | None = None) -> App:
    """The Bolt app with every listener attached; building it calls `auth.test` on `client`.

    Listeners run on `listener_executor` (commands, clicks, modals), except an inbox event's, which run inline
    on the event lane that processes it (`bot.executors.Lanes`).

    Raises:
        ConfigurationError: Slack did not accept the bot token.
    """
    bolt_log = logging.getLogger("slack_bolt")
    if not any(isinstance(existing, _DropBoltTokenNotice) for existing in bolt_log.filters):
        bolt_log.addFilter(_DropBoltTokenNotice())
    try:
        app = App(
            client=client,
            signing_secret=desk.settings.slack_signing_secret or "",
            listener_executor=Lanes(listener_executor or ThreadPoolExecutor(max_workers=5)),
            logger=bolt_log,
        )
    except BoltError as error:
        raise ConfigurationError(f"Slack did not accept the bot token ({error}). Check SLACK_BOT_TOKEN.") from None
    handlers.register(app, desk)
    return app
