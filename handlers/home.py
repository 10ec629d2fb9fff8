"""App Home: a colleague sees their open tickets; an agent also sees the queue and their own tickets."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.desk import Desk
from bot.tickets.queries import overview
from handlers.agents import AgentDirectory
from handlers.replies import logged, shown
from handlers.ticket_blocks import home_view


def register(app: App, desk: Desk, agents: AgentDirectory) -> None:
    lang = desk.settings.default_language

    @app.event("app_home_opened")
    def handle_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        agent = agents.is_agent(client, user)
        with shown(logged, lang) as outcome, desk.work() as work:
            view = home_view(overview(work.session, user, agent=agent), lang, work.now, work.local_time, agent=agent)
        if outcome.ok:
            client.views_publish(user_id=user, view=view)
