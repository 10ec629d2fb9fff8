"""Announcements in Slack: `/announce` (agents only) and its modal, and the tick that posts what is due."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.announcements.dates import format_day, format_time
from bot.announcements.files import LoadResult, files_fingerprint, load_directory
from bot.announcements.planning import plan_posts
from bot.announcements.service import save_announcement, sync_files
from bot.announcements.spec import parse_spec
from bot.db import transaction
from bot.desk import Desk
from bot.errors import ServiceDeskError
from bot.messages import t
from handlers.agents import is_agent
from handlers.announcement_blocks import render_post
from handlers.announcement_modal import ANNOUNCE_MODAL, announce_modal, field_errors, submitted_data
from handlers.delivery import deliver_outbox
from kb.loader import Fingerprint

log = logging.getLogger(__name__)

ANNOUNCE_COMMAND = "/announce"
MAX_ROUNDS = 5


def register(app: App, desk: Desk) -> None:
    """Attach `/announce` and its modal; dependencies come in by closure."""

    @app.command(ANNOUNCE_COMMAND)
    def handle_announce_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        lang = desk.settings.default_language
        if not is_agent(client, desk.settings, command["user_id"]):
            respond(response_type="ephemeral", text=t("announce.not_agent", lang))
            return
        client.views_open(trigger_id=command["trigger_id"], view=announce_modal(lang))

    @app.view(ANNOUNCE_MODAL)
    def handle_announce_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user, lang = body["user"]["id"], desk.settings.default_language
        if not is_agent(client, desk.settings, user):
            ack(response_action="errors", errors={"title": t("announce.not_agent", lang)})
            return
        errors, saved_text = save_from_modal(desk, user, view)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        if saved_text:
            client.chat_postMessage(channel=user, text=saved_text)  # in the DM with the bot


def save_from_modal(desk: Desk, user: str, view: dict[str, Any]) -> tuple[dict[str, str], str]:
    """Validate and store a submitted modal; returns field errors, or a confirmation for the agent."""
    lang = desk.settings.default_language
    spec, problems = parse_spec(submitted_data(view))
    if spec is None:
        return field_errors(problems, lang), ""
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            slug = f"slack-{str(view.get('id') or f'{now:%Y%m%d%H%M%S}-{user}').lower()}"  # resubmit: same one
            saved = save_announcement(session, slug=slug, spec=spec, origin="slack", now=now, created_by=user)
    except ServiceDeskError as error:
        return {"title": t(error.message_key, lang)}, ""
    assert saved.announcement is not None
    publish = saved.announcement.publish_at
    when = (
        t("announce.right_away", lang)
        if publish <= now
        else t("announce.at", lang, day=format_day(publish, lang, now), time=format_time(publish))
    )
    return {}, t("announce.saved", lang, title=spec.title[spec.langs[0]], moment=when)


class AnnouncementFiles:
    """The announcement folder as this process last synced it; reloaded when a file is added, edited or removed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._synced: Fingerprint | None = None
        self._lock = threading.Lock()

    def changed(self) -> tuple[Fingerprint, LoadResult] | None:
        """The folder's new contents, or None when nothing changed since `synced`."""
        current = files_fingerprint(self.directory)
        with self._lock:
            if current == self._synced:
                return None
        result = load_directory(self.directory)
        for problem in result.problems:
            log.error("announcement file skipped: %s", problem)
        return current, result

    def synced(self, current: Fingerprint) -> None:
        with self._lock:
            self._synced = current


def tick(desk: Desk, client: WebClient, files: AnnouncementFiles | None = None) -> int:
    """Sync changed files, store due posts, deliver them; repeated while a delivery lets thread replies follow.

    Returns how many posts were sent. Safe to run in any number of processes at once.
    """
    changed = files.changed() if files is not None else None
    sent = 0
    for _ in range(MAX_ROUNDS):
        with transaction(desk.sessions) as session:
            if changed is not None:
                sync_files(session, changed[1], now=desk.clock())
            planned = plan_posts(session, now=desk.clock(), render=render_post)
        if changed is not None and files is not None:
            files.synced(changed[0])
            changed = None
        delivered = deliver_all(desk, client)
        sent += delivered
        if not (planned or delivered):
            break
    return sent


def deliver_all(desk: Desk, client: WebClient) -> int:
    """Deliver due outbox rows batch by batch until a batch sends nothing."""
    sent = 0
    for _ in range(100):
        delivered = deliver_outbox(desk, client)
        sent += delivered
        if delivered == 0:
            break
    return sent
