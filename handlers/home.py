"""App Home: a colleague sees how to reach the desk, a button to report a problem, their open tickets and the
recurring announcements; an agent also sees the queue, their own tickets and the biggest knowledge gaps.
Sections: `handlers.home_blocks`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.announcements.recurring import recurring_announcements
from bot.desk import Desk
from bot.knowledge_gaps import HOME_DAYS, open_gaps
from bot.tickets.queries import overview
from handlers.agents import AgentDirectory
from handlers.contact import DeskContact
from handlers.home_blocks import REPORT_PROBLEM, HomePage, home_view
from handlers.intake import open_intake
from handlers.people import Locales
from handlers.replies import logged, shown


def register(app: App, desk: Desk, agents: AgentDirectory, locales: Locales) -> None:
    @app.event("app_home_opened")
    def handle_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(desk, client, agents, event["user"])

    @app.action(REPORT_PROBLEM)
    def handle_report_button(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_intake(desk, client, locales, user=body["user"]["id"], trigger_id=body["trigger_id"])


def publish_home(desk: Desk, client: WebClient, agents: AgentDirectory, user: str, *, notice: str = "") -> None:
    """Draw `user`'s App Home as it is now; `notice` goes above the gaps (agents only)."""
    lang, contact = desk.settings.default_language, DeskContact(desk.settings)
    agent = agents.is_agent(client, user)
    with shown(logged, lang) as outcome, desk.work() as work:
        seen = overview(work.session, user, agent=agent)
        recurring = recurring_announcements(work.session, work.now, work.local_time)
        gaps = open_gaps(work) if agent else []
        page = HomePage(seen, lang, work.now, work.local_time, agent, contact, recurring, gaps, HOME_DAYS, notice)
    if outcome.ok:
        client.views_publish(user_id=user, view=home_view(page))
