"""The Slack edge: one module per surface, pure Block Kit builders, thin listeners (see README.md)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.desk import Desk
from bot.inbox import processing as inbox
from bot.inbox.processing import AlreadyProcessed
from handlers import agents, announcements, home, intake, knowledge, questions, ticket_cards, ticket_relay, tickets
from handlers.agents import AgentDirectory
from handlers.people import Locales

log = logging.getLogger(__name__)


def register(app: App, desk: Desk) -> None:
    """Attach every listener, then a catch-all so every subscribed event is acknowledged with 200.

    Bolt runs the first matching listener only: ticket listeners come before the question listeners, because
    `/helpdesk ticket …` and replies in a ticket's thread are theirs.
    """
    locales, directory = Locales(), AgentDirectory(desk.settings)
    tickets.register(app, desk, locales)
    intake.register(app, desk)
    ticket_cards.register(app, desk, directory)
    questions.register(app, desk, locales)
    announcements.register(app, desk, directory)
    home.register(app, desk, directory, locales)
    knowledge.register(app, desk, directory)
    agents.register(app, directory)

    @app.middleware
    def acknowledge_clicks_first(body: dict[str, Any], ack: Ack, next: Callable[[], None]) -> None:
        """A click is acknowledged before its listener is even queued: its work never delays Slack's 200."""
        if body.get("type") == "block_actions":
            ack()
        next()

    @app.event("message")
    def handle_message(event: dict[str, Any], client: WebClient) -> None:
        if not ticket_relay.relay_message(desk, client, event, directory):
            questions.handle_message_event(desk, client, locales, event)

    @app.event(re.compile(".*"))
    def acknowledge_other_event(event: dict[str, Any]) -> None:
        log.debug("event %s acknowledged, nothing to do", event.get("type"))

    @app.error
    def handle_unexpected_error(error: Exception, body: dict[str, Any]) -> None:
        if isinstance(error, AlreadyProcessed):
            log.info("%s", error)
            return
        inbox.note_failure()  # an inbox event is tried again later
        log.error("unexpected error while handling %s", body.get("type"), exc_info=error)
