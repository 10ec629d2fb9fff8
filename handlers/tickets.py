"""Tickets from Slack: opening one (command, shortcut, :ticket: reaction), and agents working it from the card."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.announcements.queries import active_changes_matching
from bot.db import transaction
from bot.desk import Desk
from bot.errors import ServiceDeskError
from bot.messages import t
from bot.questions import choose_language, claim_delivery
from bot.tickets import service
from bot.tickets.queries import opened_key
from handlers.agents import is_agent
from handlers.blocks import contact_text, private_note, replacement, text_message
from handlers.delivery import deliver_outbox
from handlers.people import Locales
from handlers.ticket_blocks import (
    BAD_RATING,
    CLAIM,
    ESCALATE,
    GOOD_RATING,
    MAKE_TICKET_SHORTCUT,
    PRIORITY,
    RATE_BAD,
    RATE_GOOD,
    RELEASE,
    RESOLVE,
    TICKET_REACTION,
    opened_notice,
)
from handlers.ticket_posts import open_with_card, tell_requester, update_cards, with_known_changes
from handlers.ticket_work import register_modals, run_agent_action

log = logging.getLogger(__name__)
HELPDESK_COMMAND = "/helpdesk"


def register(app: App, desk: Desk, locales: Locales) -> None:
    """Attach the ticket listeners (before the question listeners: `/helpdesk ticket` is theirs)."""

    @app.command(HELPDESK_COMMAND, matchers=[lambda command: _is_ticket_command(command.get("text", ""))])
    def handle_ticket_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        text = command.get("text", "").strip()[len("ticket") :].strip()
        user = command["user_id"]
        lang = choose_language(text, lambda: locales.get(client, user), desk.settings.default_language)
        if not text:
            respond(response_type="ephemeral", text=t("ticket.empty", lang))
            return
        if not desk.settings.triage_channel:  # nobody would see the ticket: say who can help instead
            respond(
                response_type="ephemeral",
                text=t("ticket.not_set_up", lang, contact=contact_text(lang, desk.settings.servicedesk_contact)),
            )
            return
        key = f"command:{user}:{command.get('trigger_id', '')}"
        message = open_from_slack(
            desk, client, key=key, requester=user, channel=None, thread_ts=None, text=text, lang=lang
        )
        respond(response_type="ephemeral", **message)

    @app.shortcut(MAKE_TICKET_SHORTCUT)
    def handle_make_ticket_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
        ack()
        message = shortcut.get("message") or {}
        _open_for_message(desk, client, locales, shortcut["channel"]["id"], message, shortcut["user"]["id"])

    @app.event("reaction_added", matchers=[lambda event: event.get("reaction") == TICKET_REACTION])
    def handle_ticket_reaction(event: dict[str, Any], client: WebClient) -> None:
        item = event.get("item") or {}
        if item.get("type") != "message" or not item.get("channel") or not item.get("ts"):
            return
        fallback = {"ts": item["ts"], "user": event.get("item_user"), "text": ""}
        message = find_message(client, item["channel"], item["ts"]) or fallback
        _open_for_message(desk, client, locales, item["channel"], message, event["user"])

    for action in (CLAIM, RELEASE, ESCALATE, RESOLVE, PRIORITY):
        app.action(action)(_agent_listener(desk))
    register_modals(app, desk)

    @app.action(RATE_GOOD)
    @app.action(RATE_BAD)
    def handle_rating_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        rating = GOOD_RATING if action["action_id"] == RATE_GOOD else BAD_RATING
        respond(**_rate(desk, client, int(action["value"]), body["user"]["id"], rating))


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
    return bool(words) and words[0].lower() == "ticket"


def _agent_listener(desk: Desk) -> Any:
    def handle_card_action(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        user = body["user"]["id"]
        if not is_agent(client, desk.settings, user):
            respond(
                response_type="ephemeral",
                replace_original=False,
                text=t("ticket.not_agent", desk.settings.default_language),
            )
            return
        refusal = run_agent_action(desk, client, action, user, body.get("trigger_id"))
        if refusal:
            respond(response_type="ephemeral", replace_original=False, text=refusal)

    return handle_card_action


def _open_for_message(
    desk: Desk, client: WebClient, locales: Locales, channel: str, message: dict[str, Any], by: str
) -> None:
    """A ticket for an existing Slack message (shortcut or reaction), for the colleague who wrote it."""
    if not desk.settings.triage_channel:
        log.info("no TRIAGE_CHANNEL configured: no ticket for message %s in %s", message.get("ts"), channel)
        return
    requester = message.get("user") or by
    text = message.get("text") or ""
    root = message.get("thread_ts") or message["ts"]
    lang = choose_language(text, lambda: locales.get(client, requester), desk.settings.default_language)
    open_from_slack(
        desk,
        client,
        key=f"conv:{channel}:{root}",
        requester=requester,
        channel=channel,
        thread_ts=root,
        text=text,
        lang=lang,
        by=by,
    )


def open_from_slack(
    desk: Desk,
    client: WebClient,
    *,
    key: str,
    requester: str,
    channel: str | None,
    thread_ts: str | None,
    text: str,
    lang: str,
    by: str | None = None,
) -> dict[str, Any]:
    """Open (or find) the ticket for a conversation, queue the notice and the card, deliver them.

    Returns the message for an ephemeral confirmation.
    """
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            ticket, created = open_with_card(
                session,
                desk,
                key=key,
                requester=requester,
                channel=channel,
                thread_ts=thread_ts,
                text=text,
                lang=lang,
                now=now,
            )
            notice = with_known_changes(
                opened_notice(ticket, now, created=created), active_changes_matching(session, text, now), lang
            )
            told = claim_delivery(session, f"ticket-notice:{ticket.id}:{by or requester}", now)
            if created:
                tell_requester(session, ticket, key=opened_key(ticket.id), message=notice, now=now)
            elif told:  # a second reaction or shortcut: say which ticket already runs (a retry says nothing)
                key = f"ticket:{ticket.id}:exists:{by or requester}"
                tell_requester(session, ticket, key=key, message=notice, now=now)
    except ServiceDeskError as error:
        return text_message(t(error.message_key, lang))
    deliver_outbox(desk, client)
    return notice


def _rate(desk: Desk, client: WebClient, ticket_id: int, user: str, rating: int) -> dict[str, Any]:
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            ticket, reopened = service.rate(session, ticket_id, user=user, rating=rating, now=now)
            update_cards(session, desk, ticket, now)
            lang = ticket.lang
            text = t("ticket.rated_thanks", lang)
            if reopened:
                text += " " + t("ticket.reopened_requester", lang, number=ticket.reference)
    except ServiceDeskError as error:  # e.g. a bystander clicked: the requester's buttons stay
        return private_note(t(error.message_key, desk.settings.default_language))
    deliver_outbox(desk, client)
    return replacement(text_message(text))
