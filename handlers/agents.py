"""Who counts as a service-desk agent: members of the triage channel and of the second-line teams' channels,
plus the ids in `AGENT_IDS`. Membership is cached per process for a few minutes and kept up to date by Slack's
`member_joined_channel` / `member_left_channel` events, so a click or a modal is not held up by paging through
channel members (Slack wants an answer within 3 seconds)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.errors import ServiceDeskError

log = logging.getLogger(__name__)

MEMBERSHIP_TTL = 300.0
"""Seconds a channel's member list is trusted without an event telling of a change."""
MEMBER_JOINED, MEMBER_LEFT = "member_joined_channel", "member_left_channel"


class NotAnAgent(ServiceDeskError):
    """Only the service desk may do this; `message_key` says what (working a ticket, announcing)."""

    def __init__(self, message_key: str = "ticket.not_agent") -> None:
        super().__init__(message_key)
        self.message_key = message_key


class AgentDirectory:
    """Agents, as this process last learned them from Slack. Thread-safe."""

    def __init__(
        self, settings: Settings, *, ttl: float = MEMBERSHIP_TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._settings, self._ttl, self._clock = settings, ttl, clock
        self._members: dict[str, tuple[float, set[str]]] = {}
        self._lock = threading.Lock()

    @property
    def channels(self) -> list[str]:
        """The channels whose members are agents: triage first, then the teams'."""
        return [c for c in dict.fromkeys([self._settings.triage_channel, *self._settings.teams.values()]) if c]

    def is_agent(self, client: WebClient, user: str) -> bool:
        """True when `user` is in `AGENT_IDS` or a member of an agents' channel. When Slack cannot tell (e.g. the
        bot is not in a channel), that channel counts as no, is logged, and is asked again next time."""
        if user in self._settings.agent_ids:
            return True
        return any(user in self._members_of(client, channel) for channel in self.channels)

    def require(self, client: WebClient, user: str, message_key: str = "ticket.not_agent") -> None:
        """Raises: NotAnAgent (with `message_key`) when `user` is not an agent."""
        if not self.is_agent(client, user):
            raise NotAnAgent(message_key)

    def joined(self, channel: str, user: str) -> None:
        """Slack told us `user` joined `channel`."""
        with self._lock:
            if channel in self._members:
                self._members[channel][1].add(user)

    def left(self, channel: str, user: str) -> None:
        """Slack told us `user` left (or was removed from) `channel`."""
        with self._lock:
            if channel in self._members:
                self._members[channel][1].discard(user)

    def _members_of(self, client: WebClient, channel: str) -> set[str]:
        with self._lock:
            cached = self._members.get(channel)
            if cached is not None and self._clock() - cached[0] < self._ttl:
                return cached[1]
        members = _fetch_members(client, channel)
        if members is None:  # Slack refused or is unreachable: what we knew, however old, else nobody
            return cached[1] if cached is not None else set()
        with self._lock:
            self._members[channel] = (self._clock(), members)
        return members


def register(app: App, agents: AgentDirectory) -> None:
    """Keep the directory up to date as people join and leave the agents' channels."""

    @app.event(MEMBER_JOINED)
    def handle_member_joined(event: dict[str, Any]) -> None:
        if event.get("channel") and event.get("user"):
            agents.joined(event["channel"], event["user"])

    @app.event(MEMBER_LEFT)
    def handle_member_left(event: dict[str, Any]) -> None:
        if event.get("channel") and event.get("user"):
            agents.left(event["channel"], event["user"])


def _fetch_members(client: WebClient, channel: str) -> set[str] | None:
    members: set[str] = set()
    cursor = None
    while True:
        try:
            response = client.conversations_members(channel=channel, cursor=cursor, limit=1000)
        except SlackApiError as error:
            log.warning("cannot list members of %s: %s", channel, error.response.get("error"))
            return None
        except OSError as error:  # Slack unreachable (URLError, timeouts)
            log.warning("cannot list members of %s while Slack is unreachable: %s", channel, error)
            return None
        members.update(response.get("members") or [])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return members
