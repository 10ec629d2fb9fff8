"""Messages in a ticket's threads: thin adapters over `bot.tickets.conversation` (relay, edits, deletions)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_sdk import WebClient

from bot.config import Settings
from bot.desk import Desk
from bot.messages import t
from bot.questions import choose_language
from bot.tickets import conversation
from bot.tickets.conversation import MessageChange, Relayed, ThreadMessage
from handlers.agents import AgentDirectory
from handlers.files import attachments_of
from handlers.mrkdwn import plain_from_slack
from handlers.replies import deliver, in_thread, logged, privately_in, shown

RELAYED_SUBTYPES = (None, "file_share", "thread_broadcast")


def relay_message(desk: Desk, client: WebClient, event: dict[str, Any], agents: AgentDirectory | None = None) -> bool:
    """Handle a message event that belongs to a ticket's conversation; False when it does not. Someone else than
    the requester or an agent (`agents`) in a requester's thread is told privately that it goes nowhere."""
    if event.get("subtype") in ("message_changed", "message_deleted"):
        return _mirror_change(desk, client, event)
    message = thread_reply(event)
    if message is None:
        return False
    if agents is not None:
        message = replace(message, is_agent=lambda user: agents.is_agent(client, user))
    if event.get("files"):  # a file_share: its files go across as links, and into the ticket's history
        message = replace(message, files=attachments_of(client, event["files"]))
    # Without the database we cannot tell whose thread this is: where tickets are worked, say the message did
    # not get through (so it is not silently lost); elsewhere let the question listeners have it.
    ticket_thread = _may_be_ticket_thread(desk.settings, event)
    show = in_thread(client, message.channel, message.thread_ts) if ticket_thread else logged
    lang = choose_language(message.text, lambda: None, desk.settings.default_language)
    with shown(show, lang) as outcome, desk.work() as work:
        relayed = conversation.relay(work, message)
    if not outcome.ok:
        return ticket_thread
    if relayed == Relayed.BYSTANDER:
        privately_in(client, message.channel, message.author, message.thread_ts)(t("ticket.thread_bystander", lang))
    elif relayed == Relayed.DONE:
        deliver(desk, client, work)
    return relayed != Relayed.NOT_A_TICKET


def thread_reply(event: dict[str, Any]) -> ThreadMessage | None:
    """The event as a reply someone wrote in a thread, its text plain (`plain_from_slack`); None for anything
    else (a bot, a top-level message)."""
    ts, thread_ts, channel, user = event.get("ts"), event.get("thread_ts"), event.get("channel"), event.get("user")
    if event.get("bot_id") or event.get("subtype") not in RELAYED_SUBTYPES or not (ts and channel and user):
        return None
    if not thread_ts or thread_ts == ts:
        return None
    return ThreadMessage(channel, ts, thread_ts, user, plain_from_slack(event.get("text") or ""))


def _mirror_change(desk: Desk, client: WebClient, event: dict[str, Any]) -> bool:
    changed = event.get("message") or {}
    source_ts = changed.get("ts") or event.get("deleted_ts")
    if not source_ts or changed.get("bot_id"):
        return False
    deleted = event.get("subtype") == "message_deleted"
    version = "deleted" if deleted else (changed.get("edited") or {}).get("ts", event.get("event_ts", ""))
    change = MessageChange(source_ts, plain_from_slack(changed.get("text") or ""), deleted, version)
    with shown(logged, desk.settings.default_language) as outcome, desk.work() as work:
        mirrored = conversation.mirror_change(work, change)
    if outcome.ok and mirrored:
        deliver(desk, client, work)
    return outcome.ok and mirrored


def _may_be_ticket_thread(settings: Settings, event: dict[str, Any]) -> bool:
    channel = event.get("channel") or ""
    return (
        conversation.on_agent_side(settings, channel)
        or event.get("channel_type") == "im"
        or channel in settings.help_channels
    )
