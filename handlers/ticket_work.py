"""Agents working a ticket from its card: claim, release, priority, and the escalate and resolve modals."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.db import transaction
from bot.desk import Desk
from bot.errors import ServiceDeskError
from bot.learning import learn
from bot.messages import t
from bot.tickets import service
from handlers.agents import is_agent
from handlers.blocks import text_message
from handlers.delivery import deliver_outbox
from handlers.ticket_blocks import (
    ARTICLE_BLOCK,
    ARTICLE_INPUT,
    CLAIM,
    ESCALATE,
    ESCALATE_MODAL,
    NOTE_BLOCK,
    NOTE_INPUT,
    PRIORITY,
    RELEASE,
    RESOLUTION_BLOCK,
    RESOLUTION_INPUT,
    RESOLVE,
    RESOLVE_MODAL,
    TEAM_BLOCK,
    TEAM_INPUT,
    escalate_modal,
    resolve_modal,
    resolved_notice,
)
from handlers.ticket_posts import post_team_card, tell_requester, update_cards

log = logging.getLogger(__name__)


def run_agent_action(
    desk: Desk, client: WebClient, action: dict[str, Any], agent: str, trigger_id: str | None
) -> str | None:
    """Carry out a card button or menu for an agent; returns a refusal to show them, or None."""
    lang = desk.settings.default_language
    action_id = action["action_id"]
    value = action.get("value") or action.get("selected_option", {}).get("value", "")
    ticket_id = int(value.split(":")[0])
    try:
        if action_id in (ESCALATE, RESOLVE):
            return _open_modal(desk, client, action_id, ticket_id, trigger_id)
        with transaction(desk.sessions) as session:
            now = desk.clock()
            if action_id == CLAIM:
                ticket = service.claim(session, ticket_id, agent=agent, now=now)
                message = text_message(
                    t("ticket.claimed_requester", ticket.lang, agent=f"<@{agent}>", number=ticket.reference)
                )
                tell_requester(session, ticket, key=f"ticket:{ticket.id}:claimed:{agent}", message=message, now=now)
            elif action_id == RELEASE:
                ticket = service.release(session, ticket_id, agent=agent, now=now)
            elif action_id == PRIORITY:
                priority = value.split(":")[1]
                ticket = service.set_priority(
                    session, ticket_id, agent=agent, priority=priority, now=now, sla=desk.settings.sla
                )
            update_cards(session, desk, ticket, now)
    except service.AlreadyClaimed as error:
        return t(error.message_key, lang, assignee=f"<@{error.assignee}>")
    except ServiceDeskError as error:
        return t(error.message_key, lang)
    deliver_outbox(desk, client)
    return None


def _open_modal(desk: Desk, client: WebClient, action_id: str, ticket_id: int, trigger_id: str | None) -> str | None:
    lang = desk.settings.default_language
    with transaction(desk.sessions) as session:
        ticket = service.get_ticket(session, ticket_id)
        if ticket.status == "resolved":
            raise service.TicketResolved()
        if action_id == RESOLVE:
            view = resolve_modal(ticket, list(desk.snapshot(session).articles.values()), lang)
        elif not desk.settings.teams:
            return t("modal.no_teams", lang)
        else:
            view = escalate_modal(ticket, sorted(desk.settings.teams), lang)
    client.views_open(trigger_id=trigger_id, view=view)
    return None


def register_modals(app: App, desk: Desk) -> None:
    """The resolve and escalate modals' submissions."""

    @app.view(RESOLVE_MODAL)
    def handle_resolve_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        resolution = values[RESOLUTION_BLOCK][RESOLUTION_INPUT].get("value") or ""
        selected = values.get(ARTICLE_BLOCK, {}).get(ARTICLE_INPUT, {}).get("selected_option")
        if not is_agent(client, desk.settings, body["user"]["id"]):
            ack(
                response_action="errors",
                errors={RESOLUTION_BLOCK: t("ticket.not_agent", desk.settings.default_language)},
            )
            return
        ack()  # a modal submitted twice: the second finds the ticket resolved and changes nothing
        _resolve(
            desk,
            client,
            int(view["private_metadata"]),
            body["user"]["id"],
            resolution,
            selected["value"] if selected else None,
        )

    @app.view(ESCALATE_MODAL)
    def handle_escalate_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team = (values[TEAM_BLOCK][TEAM_INPUT].get("selected_option") or {}).get("value", "")
        lang = desk.settings.default_language
        if team not in desk.settings.teams or not is_agent(client, desk.settings, body["user"]["id"]):
            problem = "ticket.unknown_team" if team not in desk.settings.teams else "ticket.not_agent"
            ack(response_action="errors", errors={TEAM_BLOCK: t(problem, lang)})
            return
        ack()
        note = values.get(NOTE_BLOCK, {}).get(NOTE_INPUT, {}).get("value") or ""
        _escalate(desk, client, int(view["private_metadata"]), body["user"]["id"], team, note)


def _resolve(
    desk: Desk, client: WebClient, ticket_id: int, agent: str, resolution: str, article_id: str | None
) -> None:
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            ticket = service.resolve(
                session, ticket_id, agent=agent, resolution=resolution, article_id=article_id, now=now
            )
            if article_id:  # the ticket taught the KB how this colleague asks for that article
                learn(session, article_id=article_id, text=ticket.description, source="ticket", by=agent, now=now)
            tell_requester(
                session,
                ticket,
                key=f"ticket:{ticket.id}:resolved:{now.isoformat()}",
                message=resolved_notice(ticket),
                now=now,
            )
            update_cards(session, desk, ticket, now)
    except service.TicketResolved:
        log.info("ticket %s was already resolved; second submission ignored", ticket_id)
        return
    deliver_outbox(desk, client)


def _escalate(desk: Desk, client: WebClient, ticket_id: int, agent: str, team: str, note: str) -> None:
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            ticket = service.escalate(session, ticket_id, agent=agent, team=team, note=note, now=now)
            post_team_card(session, desk, ticket, team, now)
            message = text_message(t("ticket.escalated_requester", ticket.lang, number=ticket.reference, team=team))
            tell_requester(session, ticket, key=f"ticket:{ticket.id}:escalated:{team}", message=message, now=now)
            update_cards(session, desk, ticket, now)
    except service.TicketResolved:
        log.info("ticket %s was resolved before the escalation was submitted", ticket_id)
        return
    deliver_outbox(desk, client)
