"""Agents adding to the knowledge base from Slack: the draft article modal (opened when resolving with "Maak er
een artikel van", or by "Schrijf artikel" on a gap in App Home) and "Voeg toe als formulering" on a gap.

Only agents may; a draft that cannot be saved keeps the modal open with what they typed.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.desk import Desk
from bot.drafts import draft_from_questions, save_draft
from bot.knowledge_gaps import add_gap_phrasing
from bot.messages import t
from handlers.agents import AgentDirectory
from handlers.draft_blocks import BODY_BLOCK, DRAFT_MODAL, draft_modal, saved_view, submitted_draft
from handlers.home import publish_home
from handlers.home_blocks import GAP_ADD_PHRASING, GAP_WRITE, gap_phrasing, gap_questions
from handlers.mrkdwn import escape
from handlers.replies import in_modal, logged, shown


def register(app: App, desk: Desk, agents: AgentDirectory) -> None:
    lang, kb_dir = desk.settings.default_language, desk.settings.kb_dir

    @app.action(GAP_WRITE)
    def handle_write_article(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        with shown(logged, lang):
            agents.require(client, body["user"]["id"])
            questions, asked_in = gap_questions(action["value"])
            draft = draft_from_questions(questions, lang=asked_in, kb_dir=kb_dir, origin="App Home")
            client.views_open(trigger_id=body["trigger_id"], view=draft_modal(draft, lang))

    @app.action(GAP_ADD_PHRASING)
    def handle_add_phrasing(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        agent = body["user"]["id"]
        with shown(logged, lang) as outcome:
            agents.require(client, agent)
            article_id, question = gap_phrasing(action["value"])
            with desk.work() as work:
                title = add_gap_phrasing(work, article_id=article_id, text=question, agent=agent)
        if outcome.ok:
            notice = t("gaps.phrasing_added", lang, text=escape(question), title=escape(title))
            publish_home(desk, client, agents, agent, notice=notice)

    @app.view(DRAFT_MODAL)
    def handle_draft_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        draft = submitted_draft(view)
        with shown(in_modal(ack, BODY_BLOCK), lang) as outcome:
            agents.require(client, body["user"]["id"])
            save_draft(kb_dir, draft)
        if outcome.ok:
            ack(response_action="update", view=saved_view(draft.id, lang))
