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
from handlers.mrkdwn import escape
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
from handlers.ticket_posts import post_team_card, tell_requester, tell_team, update_cards

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
    """The resolve and escalate modals' submissions: the work is done before the modal closes, so a problem
    (not an agent, unknown team, database away) is shown in the modal and nothing is lost."""

    @app.view(RESOLVE_MODAL)
    def handle_resolve_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        resolution = values[RESOLUTION_BLOCK][RESOLUTION_INPUT].get("value") or ""
        selected = (values.get(ARTICLE_BLOCK, {}).get(ARTICLE_INPUT) or {}).get("selected_option")
        article_id = selected["value"] if selected else None
        agent, ticket_id = body["user"]["id"], int(view["private_metadata"])
        problem = _refusal(desk, client, agent) or _resolve(desk, ticket_id, agent, resolution, article_id)
        _close_or_explain(ack, RESOLUTION_BLOCK, problem)
        deliver_outbox(desk, client)

    @app.view(ESCALATE_MODAL)
    def handle_escalate_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team = (values[TEAM_BLOCK][TEAM_INPUT].get("selected_option") or {}).get("value", "")
        note = (values.get(NOTE_BLOCK, {}).get(NOTE_INPUT) or {}).get("value") or ""
        agent, ticket_id = body["user"]["id"], int(view["private_metadata"])
        problem = _refusal(desk, client, agent) or _escalate(desk, ticket_id, agent, team, note)
        _close_or_explain(ack, TEAM_BLOCK, problem)
        deliver_outbox(desk, client)


def _refusal(desk: Desk, client: WebClient, user: str) -> str | None:
    return None if is_agent(client, desk.settings, user) else t("ticket.not_agent", desk.settings.default_language)


def _close_or_explain(ack: Ack, block: str, problem: str | None) -> None:
    if problem:
        ack(response_action="errors", errors={block: problem})
    else:
        ack()


def _resolve(desk: Desk, ticket_id: int, agent: str, resolution: str, article_id: str | None) -> str | None:
    """Resolve and queue the notices; returns what went wrong, for the modal. A second submission is a no-op."""
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            ticket = service.resolve(
                session, ticket_id, agent=agent, resolution=resolution, article_id=article_id, now=now
            )
            if article_id:  # the ticket taught the KB how this colleague asks for that article
                learn(session, article_id=article_id, text=ticket.description, source="ticket", by=agent, now=now)
            key = f"ticket:{ticket.id}:resolved:{now.isoformat()}"
            tell_requester(session, ticket, key=key, message=resolved_notice(ticket), now=now)
            update_cards(session, desk, ticket, now)
    except service.TicketResolved:
        log.info("ticket %s was already resolved; second submission ignored", ticket_id)
    except ServiceDeskError as error:
        return t(error.message_key, desk.settings.default_language)
    return None


def _escalate(desk: Desk, ticket_id: int, agent: str, team: str, note: str) -> str | None:
    """Hand over to the team: their card, the note in its thread, the requester told. Returns what went wrong."""
    lang = desk.settings.default_language
    if team not in desk.settings.teams:
        return t("ticket.unknown_team", lang)
    try:
        with transaction(desk.sessions) as session:
            now = desk.clock()
            ticket = service.escalate(session, ticket_id, agent=agent, team=team, note=note, now=now)
            post_team_card(session, desk, ticket, team, now)
            if note.strip():
                text = t("ticket.escalation_note", lang, agent=f"<@{agent}>", note=escape(note))
                tell_team(
                    session,
                    ticket,
                    team,
                    key=f"ticket:{ticket.id}:team:{team}:note:{now.isoformat()}",
                    message=text_message(text),
                    now=now,
                )
            message = text_message(t("ticket.escalated_requester", ticket.lang, number=ticket.reference, team=team))
            tell_requester(session, ticket, key=f"ticket:{ticket.id}:escalated:{team}", message=message, now=now)
            update_cards(session, desk, ticket, now)
    except service.TicketResolved:
        log.info("ticket %s was resolved before the escalation was submitted", ticket_id)
    except ServiceDeskError as error:
        return t(error.message_key, lang)
    return None
