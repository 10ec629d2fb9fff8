"""The Slack edge: one module per surface, pure Block Kit builders, thin listeners (see README.md)."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App

from bot.desk import Desk
from handlers import questions
from handlers.people import Locales

log = logging.getLogger(__name__)


def register(app: App, desk: Desk) -> None:
    """Attach every listener, then a catch-all so every subscribed event is acknowledged with 200."""
    questions.register(app, desk, Locales())

    @app.event(re.compile(".*"))
    def acknowledge_other_event(event: dict[str, Any]) -> None:
        log.debug("event %s acknowledged, nothing to do", event.get("type"))

    @app.error
    def handle_unexpected_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("unexpected error while handling %s", body.get("type"), exc_info=error)
