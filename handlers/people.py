"""Colleagues' Slack locale, looked up only when a question's language is unclear, and remembered."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


UNREACHABLE_PAUSE = 30.0
"""Seconds without locale lookups after one could not reach Slack: while Slack hangs, each lookup would hold a
question for the client's whole timeout; the question's words and the default language decide meanwhile."""


class Locales:
    """A small per-process cache of `users.info` locales (a locale rarely changes)."""

    def __init__(self, size: int = 2000, clock: Callable[[], float] = time.monotonic) -> None:
        self._size = size
        self._known: OrderedDict[str, str | None] = OrderedDict()
        self._lock = threading.Lock()
        self._clock = clock
        self._paused_until = float("-inf")

    def get(self, client: WebClient, user: str) -> str | None:
        """The colleague's locale (e.g. "en-GB"), or None when Slack does not tell us or cannot be reached: a
        failed lookup never fails the question that needed it."""
        with self._lock:
            if user in self._known:
                self._known.move_to_end(user)
                return self._known[user]
            if self._clock() < self._paused_until:
                return None
        try:
            response = client.users_info(user=user, include_locale=True)
            profile = response.get("user") or {}
            locale = str(profile["locale"]) if profile.get("locale") else None
        except SlackApiError:
            locale = None
        except OSError as error:  # Slack unreachable (URLError, timeouts): the default language, asked again later
            log.info("no locale for %s while Slack is unreachable (%s): the default language", user, error)
            with self._lock:
                self._paused_until = self._clock() + UNREACHABLE_PAUSE
            return None
        with self._lock:
            self._known[user] = locale
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return locale
