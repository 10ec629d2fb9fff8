"""App Home: a colleague sees their open tickets; an agent also sees the queue and their own tickets."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.db import transaction
from bot.desk import Desk
from bot.messages import t
from bot.tickets.queries import open_for_requester, queue
from handlers.agents import is_agent
from handlers.ticket_blocks import home_view


def register(app: App, desk: Desk) -> None:
    @app.event("app_home_opened")
    def handle_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        agent = is_agent(client, desk.settings, user)
        lang = desk.settings.default_language
        with transaction(desk.sessions) as session:
            sections = [(t("home.mine_title", lang), open_for_requester(session, user), t("home.mine_empty", lang))]
            if agent:
                unclaimed, own = queue(session, agent=user)
                sections += [
                    (t("home.queue_title", lang), unclaimed, t("home.queue_empty", lang)),
                    (t("home.own_title", lang), own, t("home.queue_empty", lang)),
                ]
            view = home_view(sections, lang, desk.clock())
        client.views_publish(user_id=user, view=view)
