"""Opening tickets from Slack (`/helpdesk ticket`: with a description at once, without one the intake form; the
*Maak ticket* shortcut: the form for that message; a :ticket: reaction: at once) and the requester's rating.
Thin adapters over `bot.tickets.workflow`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.desk import Desk
from bot.messages import t
from bot.offer import HELPDESK_COMMAND, TICKET_WORD
from bot.questions import choose_language
from bot.tickets import workflow
from bot.tickets.workflow import TicketRequest
from handlers.blocks import private_note
from handlers.contact import DeskContact
from handlers.intake import open_intake
from handlers.mrkdwn import plain_from_slack
from handlers.people import Locales
from handlers.replies import deliver, privately, privately_in, shown
from handlers.ticket_blocks import (
    BAD_RATING,
    GOOD_RATING,
    MAKE_TICKET_SHORTCUT,
    RATE_BAD,
    RATE_GOOD,
    TICKET_REACTION,
    rated_message,
)

log = logging.getLogger(__name__)


def register(app: App, desk: Desk, locales: Locales) -> None:
    """Attach the ticket listeners (before the question listeners: `/helpdesk ticket` is theirs)."""
    settings, contact = desk.settings, DeskContact(desk.settings)

    @app.command(HELPDESK_COMMAND, matchers=[lambda command: _is_ticket_command(command.get("text", ""))])
    def handle_ticket_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        text = command.get("text", "").strip()[len(TICKET_WORD) :].strip()
        user, trigger = command["user_id"], command.get("trigger_id", "")
        lang = choose_language(text, lambda: locales.get(client, user), settings.default_language)
        if not settings.triage_channel:  # without a triage channel nobody would see the ticket
            line = contact.line(lang, desk.clock(), asked_in=command.get("channel_id"))
            respond(**private_note(t("ticket.not_set_up", lang, contact=line)))
            return
        if not text:
            open_intake(desk, client, locales, user=user, trigger_id=trigger)
            return
        request = TicketRequest.for_command(user=user, trigger_id=trigger, text=text, lang=lang)
        with shown(privately(respond), lang) as outcome, desk.work() as work:
            opened = workflow.open_ticket(work, request)
        if outcome.ok:
            respond(response_type="ephemeral", **opened.notice)
            deliver(desk, client, work)

    @app.shortcut(MAKE_TICKET_SHORTCUT)
    def handle_make_ticket_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
        ack()
        user, channel = shortcut["user"]["id"], shortcut["channel"]["id"]
        if not settings.triage_channel:
            log.info("no TRIAGE_CHANNEL configured: no ticket form for a message in %s", channel)
            return
        message = shortcut.get("message") or {}
        open_intake(
            desk, client, locales, user=user, trigger_id=shortcut["trigger_id"], message=message, channel=channel
        )

    @app.event("reaction_added", matchers=[lambda event: event.get("reaction") == TICKET_REACTION])
    def handle_ticket_reaction(event: dict[str, Any], client: WebClient) -> None:
        item = event.get("item") or {}
        if item.get("type") != "message" or not item.get("channel") or not item.get("ts"):
            return
        fallback = {"ts": item["ts"], "user": event.get("item_user"), "text": ""}
        message = find_message(client, item["channel"], item["ts"]) or fallback
        open_for_message(desk, client, locales, item["channel"], message, event["user"])

    @app.action(RATE_GOOD)
    @app.action(RATE_BAD)
    def handle_rating_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        rating = GOOD_RATING if action["action_id"] == RATE_GOOD else BAD_RATING
        with shown(privately(respond), settings.default_language) as outcome, desk.work() as work:
            rated = workflow.rate(work, int(action["value"]), user=body["user"]["id"], rating=rating)
        if outcome.ok:
            respond(**rated_message(rated))
            deliver(desk, client, work)


def open_for_message(
    desk: Desk, client: WebClient, locales: Locales, channel: str, message: dict[str, Any], by: str
) -> None:
    """A ticket for an existing Slack message (shortcut or reaction), for the colleague who wrote it."""
    if not desk.settings.triage_channel:
        log.info("no TRIAGE_CHANNEL configured: no ticket for message %s in %s", message.get("ts"), channel)
        return
    requester = message.get("user") or by
    text = plain_from_slack(message.get("text") or "")  # escaped once, on the way out
    root = message.get("thread_ts") or message["ts"]
    lang = choose_language(text, lambda: locales.get(client, requester), desk.settings.default_language)
    request = TicketRequest.for_message(channel=channel, thread_ts=root, requester=requester, text=text, lang=lang,
                                        by=by)  # fmt: skip
    with shown(privately_in(client, channel, by, root), lang) as outcome, desk.work() as work:
        workflow.open_ticket(work, request)
    if outcome.ok:
        deliver(desk, client, work)


def find_message(client: WebClient, channel: str, ts: str) -> dict[str, Any] | None:
    """The message with this `ts`, top-level or a thread reply; None when Slack will not show it."""
    try:
        found = client.conversations_history(channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1)
        messages = found.get("messages") or []
        if not messages or messages[0].get("ts") != ts:  # history only has top-level messages
            found = client.conversations_replies(channel=channel, ts=ts, latest=ts, oldest=ts, inclusive=True)
            messages = found.get("messages") or []
    except SlackApiError as error:
        log.warning("cannot read message %s in %s: %s", ts, channel, error.response.get("error"))
        return None
    return next((message for message in messages if message.get("ts") == ts), None)


def _is_ticket_command(text: str) -> bool:
    words = text.strip().split(maxsplit=1)
    return bool(words) and words[0].lower() == TICKET_WORD
