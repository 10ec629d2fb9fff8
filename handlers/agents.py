"""Who counts as a service-desk agent: members of the triage channel and of the second-line teams' channels,
plus the ids in `AGENT_IDS`."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings

log = logging.getLogger(__name__)


def is_agent(client: WebClient, settings: Settings, user: str) -> bool:
    """True when `user` is in `AGENT_IDS` or a member of `TRIAGE_CHANNEL` or of a second-line team's channel
    (asked fresh, so leaving counts).

    When Slack cannot tell (e.g. the bot is not in a channel), that channel counts as no, and it is logged.
    """
    if user in settings.agent_ids:
        return True
    channels = [settings.triage_channel, *settings.teams.values()]
    return any(_is_member(client, channel, user) for channel in dict.fromkeys(channels) if channel)


def _is_member(client: WebClient, channel: str, user: str) -> bool:
    cursor = None
    while True:
        try:
            response = client.conversations_members(channel=channel, cursor=cursor, limit=1000)
        except SlackApiError as error:
            log.warning("cannot list members of %s: %s", channel, error.response.get("error"))
            return False
        if user in (response.get("members") or []):
            return True
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return False
