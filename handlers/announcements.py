"""Announcements in Slack: `/announce` (agents only) and its modal. Posting is the announcement job's
(`bot.announcements.jobs`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.announcements.service import save_announcement
from bot.announcements.spec import parse_spec
from bot.desk import Desk
from bot.messages import t
from bot.offer import ANNOUNCE_COMMAND
from handlers.agents import AgentDirectory
from handlers.announcement_modal import (
    ANNOUNCE_MODAL,
    announce_modal,
    field_errors,
    missing_english,
    submitted_data,
)
from handlers.mrkdwn import escape
from handlers.replies import in_modal, privately, shown

__all__ = ["ANNOUNCE_COMMAND", "register", "save_from_modal"]
NOT_AN_AGENT = "announce.not_agent"


def register(app: App, desk: Desk, agents: AgentDirectory) -> None:
    """Attach `/announce` and its modal; dependencies come in by closure."""
    lang = desk.settings.default_language

    @app.command(ANNOUNCE_COMMAND)
    def handle_announce_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        with shown(privately(respond), lang):
            agents.require(client, command["user_id"], NOT_AN_AGENT)
            view = announce_modal(lang, desk.clock(), desk.local_time)
            client.views_open(trigger_id=command["trigger_id"], view=view)

    @app.view(ANNOUNCE_MODAL)
    def handle_announce_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = body["user"]["id"]
        with shown(in_modal(ack, "title"), lang) as outcome:
            agents.require(client, user, NOT_AN_AGENT)
            errors, confirmation = save_from_modal(desk, user, view)
        if not outcome.ok:
            return
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        client.chat_postMessage(channel=user, text=confirmation)  # in the DM with the bot


def save_from_modal(desk: Desk, user: str, view: dict[str, Any]) -> tuple[dict[str, str], str]:
    """Validate and store a submitted modal; returns field errors, or a confirmation for the agent.

    Raises:
        DatabaseUnavailable: nothing was stored.
    """
    lang = desk.settings.default_language
    english = missing_english(view, lang)
    if english:
        return english, ""
    spec, problems = parse_spec(submitted_data(view, desk.clock(), desk.local_time), desk.local_time)
    if spec is None:
        return field_errors(problems, lang), ""
    with desk.work() as work:
        now = work.now
        slug = f"slack-{str(view.get('id') or f'{now:%Y%m%d%H%M%S}-{user}').lower()}"  # resubmit: same one
        saved = save_announcement(work.session, slug=slug, spec=spec, origin="slack", now=now, created_by=user)
    assert saved.announcement is not None
    publish, local = saved.announcement.publish_at, desk.local_time
    when = (
        t("announce.right_away", lang)
        if publish <= now
        else t("announce.at", lang, day=local.day(publish, lang, now), time=local.time(publish))
    )
    return {}, t("announce.saved", lang, title=escape(spec.title[spec.langs[0]]), moment=when)
