"""Questions from Slack: direct messages, @mentions, help channels and `/helpdesk`, plus the answer buttons.

Thin adapters over `bot.asking`: read the payload, call the workflow in one unit of work, reply, and deliver
what it queued. When the knowledge base has no answer, or the asker says an answer did not help, the workflow
opens a ticket and the reply tells its number and when to expect help.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import asking
from bot.desk import Desk
from bot.errors import DatabaseUnavailable
from bot.messages import Lang, t
from bot.offer import HELPDESK_COMMAND
from bot.questions import Asked, choose_language, is_question, is_thanks
from handlers.blocks import (
    ANSWER_HELPED,
    ANSWER_NOT_HELPED,
    NONE_OF_THESE,
    SUGGESTION_PREFIX,
    none_chosen_message,
    parse_value,
    picked_message,
    verdict_message,
)
from handlers.contact import DeskContact
from handlers.mrkdwn import plain_from_slack
from handlers.people import Locales
from handlers.replies import deliver, in_thread, privately, shown

MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def register(app: App, desk: Desk, locales: Locales) -> None:
    """Attach the question listeners; dependencies come in by closure, never through the context."""
    contact, lang = DeskContact(desk.settings), desk.settings.default_language

    @app.event("app_mention")
    def handle_mention(event: dict[str, Any], client: WebClient) -> None:
        if not event.get("bot_id"):
            answer_in_slack(desk, client, locales, event, "mention")

    @app.command(HELPDESK_COMMAND)
    def handle_helpdesk_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        user = command["user_id"]
        asked = Asked(user, command.get("text", ""), "command", command.get("channel_id"),
                      locale=lambda: locales.get(client, user))  # fmt: skip
        with shown(privately(respond), lambda: _language(desk, asked)) as outcome, desk.work() as work:
            answered = asking.answer(work, asked)
        if outcome.ok:
            respond(response_type="ephemeral", **answered.message)
            deliver(desk, client, work)

    @app.action(ANSWER_HELPED)
    @app.action(ANSWER_NOT_HELPED)
    def handle_feedback_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        question_id, article_id = parse_value(action["value"])
        helpful, user = action["action_id"] == ANSWER_HELPED, body["user"]["id"]
        with shown(privately(respond), lang) as outcome, desk.work() as work:
            verdict = asking.give_feedback(
                work, question_id=question_id, article_id=article_id, user=user, helpful=helpful
            )
        if outcome.ok:
            line = contact.line(verdict.lang, work.now, asked_in=_clicked_in(body))
            respond(**verdict_message(verdict, line))
            deliver(desk, client, work)

    @app.action(NONE_OF_THESE)
    def handle_none_of_these_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        with shown(privately(respond), lang) as outcome, desk.work() as work:
            chosen = asking.none_of_these(work, question_id=int(action["value"]), user=body["user"]["id"])
        if outcome.ok:
            respond(**none_chosen_message(chosen, contact.line(chosen.lang, work.now, asked_in=_clicked_in(body))))
            deliver(desk, client, work)

    @app.action(re.compile(f"^{SUGGESTION_PREFIX}"))
    def handle_suggestion_button(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        question_id, article_id = parse_value(action["value"])
        with shown(privately(respond), lang) as outcome, desk.work() as work:
            picked = asking.pick(work, question_id=question_id, article_id=article_id, user=body["user"]["id"])
        if outcome.ok:
            respond(**picked_message(picked, ""))  # a picked suggestion is an answer: no contact line


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
    text = plain_from_slack(MENTION.sub(" ", event.get("text") or "")).strip()  # escaped once, on the way out
    thread_ts = event.get("thread_ts") or ts
    asked = Asked(user, text, surface, channel, ts, thread_ts, locale=lambda: locales.get(client, user))
    if not is_question(text):
        if surface != "help_channel":
            _prompt(desk, client, asked, files=bool(event.get("files")))
        return
    show = in_thread(client, channel, thread_ts)
    with shown(show, lambda: _language(desk, asked)) as outcome, desk.work() as work:
        asking.answer_once(work, asked)
    if outcome.ok:
        deliver(desk, client, work)


def _prompt(desk: Desk, client: WebClient, asked: Asked, *, files: bool) -> None:
    """Reply to a message without a question (a thank-you, an emoji, a file): once, however often it arrives."""
    assert asked.channel is not None  # a message event always has its channel
    key = "question.thanks" if is_thanks(asked.text) else "question.no_text" if files else "question.empty"
    try:
        with desk.work() as work:
            first = asking.first_delivery(work, asked)
    except DatabaseUnavailable:
        first = True  # without the database a rare double prompt is better than none
    if first:
        client.chat_postMessage(channel=asked.channel, thread_ts=asked.thread_ts, text=t(key, _language(desk, asked)))


def _clicked_in(body: dict[str, Any]) -> str | None:
    """The channel of the message whose button was clicked (where the question was asked)."""
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def _language(desk: Desk, asked: Asked) -> Lang:
    return choose_language(asked.text, asked.locale, desk.settings.default_language)
