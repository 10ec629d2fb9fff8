"""Questions from Slack: direct messages, @mentions, help channels and `/helpdesk`, plus the answer buttons.

When the knowledge base has no answer, or the colleague says an answer did not help, a ticket is opened in the
same transaction and the reply tells them its number and when to expect help.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.announcements.queries import active_changes_matching
from bot.db import transaction
from bot.desk import Desk
from bot.errors import ServiceDeskError
from bot.messages import Lang, t
from bot.outbox import enqueue
from bot.questions import (
    Asked,
    Reply,
    answer_question,
    choose_language,
    claim_delivery,
    is_question,
    is_thanks,
    pick_suggestion,
    question_of,
    record_feedback,
)
from bot.tickets.queries import opened_key
from handlers.blocks import (
    ANSWER_HELPED,
    ANSWER_NOT_HELPED,
    NONE_OF_THESE,
    SUGGESTION_PREFIX,
    answer_message,
    contact_line,
    parse_value,
    private_note,
    replacement,
    reply_message,
    text_message,
)
from handlers.delivery import deliver_outbox
from handlers.people import Locales
from handlers.ticket_blocks import opened_notice
from handlers.ticket_posts import open_with_card, tell_requester, with_known_changes

HELPDESK_COMMAND = "/helpdesk"
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def register(app: App, desk: Desk, locales: Locales) -> None:
    """Attach the question listeners; dependencies come in by closure, never through the context."""

    @app.event("app_mention")
    def handle_mention(event: dict[str, Any], client: WebClient) -> None:
        if not event.get("bot_id"):
            answer_in_slack(desk, client, locales, event, "mention")

    @app.command(HELPDESK_COMMAND)
    def handle_helpdesk_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user = command["user_id"]
        asked = Asked(
            user,
            command.get("text", ""),
            "command",
            command.get("channel_id"),
            locale=lambda: locales.get(client, user),
        )
        respond(response_type="ephemeral", **_answer(desk, asked, register_key=None))
        deliver_outbox(desk, client)

    @app.action(ANSWER_HELPED)
    @app.action(ANSWER_NOT_HELPED)
    def handle_feedback_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        question_id, article_id = parse_value(action["value"])
        helpful = action["action_id"] == ANSWER_HELPED
        respond(**_feedback(desk, question_id, article_id, body["user"]["id"], helpful))
        deliver_outbox(desk, client)

    @app.action(NONE_OF_THESE)
    def handle_none_of_these_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        respond(**_none_of_these(desk, int(action["value"]), body["user"]["id"]))
        deliver_outbox(desk, client)

    @app.action(re.compile(f"^{SUGGESTION_PREFIX}"))
    def handle_suggestion_button(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        question_id, article_id = parse_value(action["value"])
        respond(**_suggestion(desk, question_id, article_id, body["user"]["id"]))


def handle_message_event(desk: Desk, client: WebClient, locales: Locales, event: dict[str, Any]) -> None:
    """A message event that is not part of a ticket conversation: answer it if it is a question for us."""
    surface = message_surface(event, desk.settings.help_channels)
    if surface is not None:
        answer_in_slack(desk, client, locales, event, surface)


def message_surface(event: dict[str, Any], help_channels: frozenset[str]) -> str | None:
    """Where a message event is a question for us: "dm", "help_channel", or None (not for us).

    Our own and other bots' messages, edits, deletions and other subtypes are not questions; a file share is,
    when it has text. Mentions come in as `app_mention` events.
    """
    if event.get("bot_id") or event.get("subtype") not in (None, "file_share", "thread_broadcast"):
        return None
    if event.get("channel_type") == "im":
        return "dm"
    is_top_level = event.get("thread_ts") in (None, event.get("ts"))
    if event.get("channel") in help_channels and is_top_level:
        return "help_channel"
    return None


def answer_in_slack(desk: Desk, client: WebClient, locales: Locales, event: dict[str, Any], surface: str) -> None:
    """Answer a message once, in its thread, however often Slack delivers it (retries, message + mention pair)."""
    channel, ts, user = event.get("channel"), event.get("ts"), event.get("user")
    if not (channel and ts and user):
        return  # a payload without the fields we need: nothing to answer
    text = MENTION.sub(" ", event.get("text") or "").strip()
    thread_ts = event.get("thread_ts") or ts
    asked = Asked(user, text, surface, channel, ts, thread_ts, locale=lambda: locales.get(client, user))
    if not is_question(text):
        if surface != "help_channel":
            _prompt(desk, client, asked, files=bool(event.get("files")))
        return
    message = _answer(desk, asked, register_key=f"msg:{channel}:{ts}")
    if message.get("outbox_id"):
        deliver_outbox(desk, client)
    elif message.get("text"):
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)


def _prompt(desk: Desk, client: WebClient, asked: Asked, *, files: bool) -> None:
    """Reply to a message without a question (a thank-you, an emoji, a file): once, however often it arrives."""
    assert asked.channel is not None  # a message event always has its channel
    key = "question.thanks" if is_thanks(asked.text) else "question.no_text" if files else "question.empty"
    try:
        with transaction(desk.sessions) as session:
            if not claim_delivery(session, f"msg:{asked.channel}:{asked.message_ts}", desk.clock()):
                return
    except ServiceDeskError:
        pass  # without the database a rare double prompt is better than none
    lang = choose_language(asked.text, asked.locale, desk.settings.default_language)
    client.chat_postMessage(channel=asked.channel, thread_ts=asked.thread_ts, text=t(key, lang))


def _answer(desk: Desk, asked: Asked, *, register_key: str | None) -> dict[str, Any]:
    """Answer in one transaction; with `register_key`, once only and queued in the outbox (returns its id)."""
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            if register_key is not None and not claim_delivery(session, register_key, now):
                return {}
            reply = answer_question(
                session, desk.snapshot(session), asked, now=now, default_lang=desk.settings.default_language
            )
            # a ticket only where someone will pick it up: promising help nobody sees would break trust
            opens_ticket = reply.band == "none" and bool(desk.settings.triage_channel)
            ticket_note = _ticket_for_unanswered(session, desk, asked, reply) if opens_ticket else None
            message = with_known_changes(
                reply_message(reply, desk.settings.servicedesk_contact, ticket_note),
                active_changes_matching(session, asked.text, now),
                reply.lang,
            )
            if register_key is None or asked.channel is None:
                return message
            row = enqueue(
                session,
                key=f"reply:{register_key}",
                channel=asked.channel,
                thread_ts=asked.thread_ts,
                message=message,
                now=now,
            )
            return {"outbox_id": row.id}
    except ServiceDeskError as error:
        lang = choose_language(asked.text, asked.locale, desk.settings.default_language)
        return text_message(t(error.message_key, lang))


def _ticket_for_unanswered(session: Session, desk: Desk, asked: Asked, reply: Reply) -> str:
    """Open the ticket for a question the KB cannot answer; returns the notice text for the reply."""
    from_command = asked.surface == "command"
    key = f"question:{reply.question_id}" if from_command else f"conv:{asked.channel}:{asked.thread_ts}"
    channel, thread = (None, None) if from_command else (asked.channel, asked.thread_ts)
    ticket, created = open_with_card(
        session,
        desk,
        key=key,
        requester=asked.asker,
        channel=channel,
        thread_ts=thread,
        text=asked.text,
        lang=reply.lang,
        now=desk.clock(),
    )
    notice = opened_notice(ticket, desk.clock(), created=created)
    if from_command and created:  # an ephemeral answer vanishes: the DM thread is where the conversation goes on
        tell_requester(session, ticket, key=opened_key(ticket.id), message=notice, now=desk.clock())
    return str(notice["text"])


def _feedback(desk: Desk, question_id: int, article_id: str, user: str, helpful: bool) -> dict[str, Any]:
    """Store the verdict; the asker's click replaces the buttons (and "Dit hielp niet" opens a ticket), anyone
    else is thanked privately and the answer stays as it is."""
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            lang = record_feedback(
                session, question_id=question_id, article_id=article_id, user=user, helpful=helpful, now=now
            )
            article = desk.snapshot(session).articles.get(article_id)
            note = t("feedback.thanks_helped", lang) if helpful else t("feedback.thanks_not_helped", lang)
            asker = question_of(session, question_id).asker == user
            if not helpful and asker and desk.settings.triage_channel:
                note += "\n" + _ticket_for_question(session, desk, question_id)
            elif not helpful:
                note += " " + contact_line(lang, desk.settings.servicedesk_contact)
    except ServiceDeskError as error:
        return private_note(t(error.message_key, desk.settings.default_language))
    if not asker or article is None:
        return private_note(note)
    return replacement(answer_message(article, question_id, lang, buttons=False, note=note))


def _ticket_for_question(session: Session, desk: Desk, question_id: int) -> str:
    """A ticket for a stored question ("Dit hielp niet", "Geen van deze"), always for the colleague who asked."""
    question = question_of(session, question_id)
    asked = Asked(
        question.asker, question.text, question.surface, question.channel, question.message_ts, question.thread_ts
    )
    reply = Reply(question.id, "en" if question.lang == "en" else "nl", "none", question.confidence, None, (), False)
    return _ticket_for_unanswered(session, desk, asked, reply)


def _none_of_these(desk: Desk, question_id: int, user: str) -> dict[str, Any]:
    """None of the suggestions fit: honest, and for the asker a ticket where someone will pick it up."""
    try:
        with transaction(desk.sessions) as session:
            question = question_of(session, question_id)
            lang: Lang = "en" if question.lang == "en" else "nl"
            if desk.settings.triage_channel and question.asker == user:
                follow_up = _ticket_for_question(session, desk, question_id)
            else:
                follow_up = contact_line(lang, desk.settings.servicedesk_contact)
    except ServiceDeskError as error:
        return private_note(t(error.message_key, desk.settings.default_language))
    message = text_message(t("suggest.none_chosen", lang) + "\n" + follow_up)
    return replacement(message) if question.asker == user else private_note(message["text"])


def _suggestion(desk: Desk, question_id: int, article_id: str, user: str) -> dict[str, Any]:
    """The chosen article: in place of the suggestions for the asker, privately for anyone else."""
    try:
        with transaction(desk.sessions) as session:
            snapshot = desk.snapshot(session)
            reply = pick_suggestion(
                session, snapshot, question_id=question_id, article_id=article_id, user=user, now=desk.clock()
            )
            asker = question_of(session, question_id).asker == user
    except ServiceDeskError as error:
        return private_note(t(error.message_key, desk.settings.default_language))
    message = reply_message(reply, desk.settings.servicedesk_contact)
    return replacement(message) if asker else {**message, "response_type": "ephemeral", "replace_original": False}
