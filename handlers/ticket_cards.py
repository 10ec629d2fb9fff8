"""Agents working a ticket from its card: claim, release, priority, category, handing it to another agent, and
the escalate and resolve modals (the article select searches every article: an options listener).

Thin adapters over `bot.tickets.workflow`. Only agents may act, and only agents may receive a ticket; a modal's
work is done before it closes, so a problem (not an agent, unknown team, database away) is shown in the modal and
nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.desk import Desk, Work
from bot.drafts import draft_from_ticket
from bot.tickets import workflow
from bot.tickets.article_search import find_articles
from bot.tickets.service import TicketResolved, UnknownTicket
from handlers.agents import AgentDirectory, NotAnAgent
from handlers.draft_blocks import draft_modal
from handlers.replies import deliver, in_modal, logged, privately, shown
from handlers.ticket_blocks import (
    ARTICLE_BLOCK,
    ARTICLE_INPUT,
    CATEGORY,
    CLAIM,
    ESCALATE,
    ESCALATE_MODAL,
    NOTE_BLOCK,
    NOTE_INPUT,
    PRIORITY,
    REASSIGN,
    RELEASE,
    RESOLUTION_BLOCK,
    RESOLUTION_INPUT,
    RESOLVE,
    RESOLVE_MODAL,
    TEAM_BLOCK,
    TEAM_INPUT,
    article_options,
    escalate_modal,
    parse_card_value,
    resolve_modal,
    wants_article,
)

CardAction = Callable[[Work, int, str, str], object]
"""(unit of work, ticket id, agent, chosen option) -> what happened."""
CARD_ACTIONS: dict[str, CardAction] = {
    CLAIM: lambda work, ticket, agent, _: workflow.claim(work, ticket, agent=agent),
    RELEASE: lambda work, ticket, agent, _: workflow.release(work, ticket, agent=agent),
    PRIORITY: lambda work, ticket, agent, choice: workflow.set_priority(work, ticket, agent=agent, priority=choice),
    CATEGORY: lambda work, ticket, agent, choice: workflow.set_category(work, ticket, agent=agent, category=choice),
}


def register(app: App, desk: Desk, agents: AgentDirectory) -> None:
    """Attach the card's buttons and menu, and the modals' submissions."""
    lang = desk.settings.default_language

    def handle_card_action(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        agent, (ticket_id, choice) = body["user"]["id"], parse_card_value(action)
        with shown(privately(respond), lang) as outcome:
            agents.require(client, agent)
            with desk.work() as work:
                CARD_ACTIONS[action["action_id"]](work, ticket_id, agent, choice)
        if outcome.ok:
            deliver(desk, client, work)

    def handle_modal_button(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        ticket_id, _ = parse_card_value(action)
        with shown(privately(respond), lang):
            agents.require(client, body["user"]["id"])
            with desk.work() as work:
                ticket = workflow.workable(work, ticket_id)
                if action["action_id"] == RESOLVE:
                    view = resolve_modal(ticket, lang)
                else:
                    view = escalate_modal(ticket, workflow.escalation_teams(work), lang)
            client.views_open(trigger_id=body.get("trigger_id"), view=view)

    @app.action(REASSIGN)
    def handle_reassign_menu(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        agent, (ticket_id, to) = body["user"]["id"], parse_card_value(action)
        with shown(privately(respond), lang) as outcome:
            agents.require(client, agent)
            if not to or not agents.is_agent(client, to):
                raise NotAnAgent("ticket.not_agent_target")
            with desk.work() as work:
                workflow.reassign(work, ticket_id, agent=agent, to=to)
        if outcome.ok:
            deliver(desk, client, work)

    @app.options(ARTICLE_INPUT)
    def handle_article_search(ack: Ack, payload: dict[str, Any]) -> None:
        found: list[tuple[str, str]] = []
        with shown(logged, lang), desk.work() as work:
            near = _description(work, (payload.get("view") or {}).get("private_metadata"))
            found = find_articles(work.snapshot(), str(payload.get("value") or ""), near=near)
        ack(options=article_options(found))

    for action_id in CARD_ACTIONS:
        app.action(action_id)(handle_card_action)
    for action_id in (RESOLVE, ESCALATE):
        app.action(action_id)(handle_modal_button)

    @app.view(RESOLVE_MODAL)
    def handle_resolve_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        resolution = values[RESOLUTION_BLOCK][RESOLUTION_INPUT].get("value") or ""
        selected = (values.get(ARTICLE_BLOCK, {}).get(ARTICLE_INPUT) or {}).get("selected_option")
        agent, ticket_id = body["user"]["id"], int(view["private_metadata"])
        draft = None
        with shown(in_modal(ack, RESOLUTION_BLOCK), lang) as outcome:
            agents.require(client, agent)
            with desk.work() as work:
                article_id = selected["value"] if selected else None
                workflow.resolve(work, ticket_id, agent=agent, resolution=resolution, article_id=article_id)
                if wants_article(values):
                    draft = draft_from_ticket(work.session, ticket_id, kb_dir=desk.settings.kb_dir)
        if outcome.ok:
            if draft is None:
                ack()
            else:  # the draft article modal takes the resolve modal's place
                ack(response_action="update", view=draft_modal(draft, lang))
            deliver(desk, client, work)

    @app.view(ESCALATE_MODAL)
    def handle_escalate_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team = (values[TEAM_BLOCK][TEAM_INPUT].get("selected_option") or {}).get("value", "")
        note = (values.get(NOTE_BLOCK, {}).get(NOTE_INPUT) or {}).get("value") or ""
        agent, ticket_id = body["user"]["id"], int(view["private_metadata"])
        with shown(in_modal(ack, TEAM_BLOCK), lang) as outcome:
            agents.require(client, agent)
            with desk.work() as work:
                workflow.escalate(work, ticket_id, agent=agent, team=team, note=note)
        if outcome.ok:
            ack()
            deliver(desk, client, work)


def _description(work: Work, ticket_id: object) -> str | None:
    """The ticket's description, to offer the articles closest to it; None when there is no such ticket."""
    try:
        return workflow.workable(work, int(str(ticket_id))).description
    except (ValueError, UnknownTicket, TicketResolved):
        return None
