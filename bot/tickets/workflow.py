"""Working a ticket, free of Slack: open, claim, release, prioritise, escalate, resolve, rate.

Each function takes the unit of work (`bot.desk.Work`), changes the ticket (`bot.tickets.service`), queues what
the colleague and the agents must see (`bot.tickets.posts`) and returns what happened, for the caller to show.
Flushes; never commits. Refusals meant for the person who acted are `ServiceDeskError`s. The conversation in a
ticket's threads (relaying, reopening by a reply) is `bot.tickets.conversation`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.announcements.queries import ActiveChange, active_changes_matching
from bot.desk import Work
from bot.learning import learn
from bot.messages import Lang
from bot.models import Question
from bot.outbox import keys
from bot.outbox.store import Kind, Message
from bot.questions import claim_delivery
from bot.tickets import attachments, posts, service, triage
from bot.tickets.attachments import Attachment
from bot.tickets.models import Ticket
from bot.tickets.urgency import Urgency, propose

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TicketRequest:
    """A colleague's problem to open a ticket for, and where the conversation about it goes on.

    `conversation` makes one ticket per conversation (a Slack thread, a command, a stored question). Without a
    `channel`/`thread_ts` of theirs, our first notice starts a DM thread. `by` is who asked for the ticket when
    that is not the requester (an agent's :ticket: reaction or shortcut on a colleague's message).
    `question_id` is the stored question the ticket comes from (unanswered, "Dit hielp niet", "Geen van
    deze"): the question records its ticket, for reports. `article_id` is the article that did not help (its
    `priority` hint counts); `category`, `works` (the answer to "kun je nog werken?") and `files` come from
    the intake form.
    """

    conversation: str
    requester: str
    text: str
    lang: Lang
    channel: str | None = None
    thread_ts: str | None = None
    by: str | None = None
    question_id: int | None = None
    article_id: str | None = None
    category: str | None = None
    works: str | None = None
    files: tuple[Attachment, ...] = ()

    @classmethod
    def for_message(
        cls, *, channel: str, thread_ts: str, requester: str, text: str, lang: Lang, by: str | None = None
    ) -> TicketRequest:
        """A ticket for the conversation in a Slack thread (its first message's `ts` when not a reply)."""
        return cls(f"conv:{channel}:{thread_ts}", requester, text, lang, channel, thread_ts, by)

    @classmethod
    def for_command(cls, *, user: str, trigger_id: str, text: str, lang: Lang) -> TicketRequest:
        """`/helpdesk ticket …`: the answer is ephemeral, so the conversation goes on in a DM thread."""
        return cls(f"command:{user}:{trigger_id}", user, text, lang)

    @classmethod
    def for_intake(
        cls, *, user: str, view_id: str, text: str, lang: Lang, category: str | None, works: str | None,
        files: tuple[Attachment, ...] = (),
    ) -> TicketRequest:  # fmt: skip
        """The intake form (from `/helpdesk ticket`, App Home): like a command, the conversation is a DM thread.
        A form submitted twice (Slack retried) is one conversation: its view id."""
        return cls(f"intake:{user}:{view_id}", user, text, lang, category=category, works=works, files=files)

    @classmethod
    def for_question(cls, question: Question, lang: Lang) -> TicketRequest:
        """A question nobody could answer: in its own thread, or in a DM thread when asked with `/helpdesk`."""
        if question.surface == "command" or question.channel is None or question.thread_ts is None:
            return cls(f"question:{question.id}", question.asker, question.text, lang, question_id=question.id)
        in_thread = cls.for_message(
            channel=question.channel, thread_ts=question.thread_ts, requester=question.asker, text=question.text,
            lang=lang,
        )  # fmt: skip
        return replace(in_thread, question_id=question.id)


@dataclass(frozen=True)
class Opened:
    """A ticket opened (`created`) or found for a request, and the notice that tells the requester so."""

    ticket: Ticket
    created: bool
    notice: Message


@dataclass(frozen=True)
class Rated:
    ticket: Ticket
    reopened: bool


def open_ticket(
    work: Work, request: TicketRequest, *, in_reply: bool = False, changes: Sequence[ActiveChange] | None = None
) -> Opened:
    """Open (or find) the request's ticket, queue its card when new, and tell the requester.

    A change going on now that matches the text is linked to the ticket and shown on its card (pass `changes`
    when the caller looked them up already). With `in_reply` the caller's own reply carries the notice (a
    question nobody could answer), so it is only queued where that reply cannot be seen later: a DM thread.
    Otherwise the requester gets the notice in their thread, and someone asking again for a ticket that already
    runs is told which (once each; a Slack retry says nothing).
    """
    changes = active_changes_matching(work.session, request.text, work.now) if changes is None else changes
    urgency = _urgency(work, request)
    ticket, created = service.open_ticket(
        work.session, conversation_key=request.conversation, requester=request.requester, channel=request.channel,
        thread_ts=request.thread_ts, text=request.text or "-", lang=request.lang, now=work.now, sla=work.settings.sla,
        announcement_id=changes[0].id if changes else None, question_id=request.question_id,
        priority=urgency.priority, reasons=urgency.reasons, category=request.category,
    )  # fmt: skip
    if created:
        posts.post_card(work, ticket)
        if ticket.priority == "P1":
            posts.alert_urgent(work, ticket)
        attachments.share_with_agents(work, ticket, actor=request.requester, files=request.files)
    notice = work.render.ticket_opened(ticket, created=created, changes=() if in_reply else changes, now=work.now)
    opened_key = keys.ticket_opened(ticket.id)
    if in_reply:
        if created and ticket.thread_ts is None:  # an ephemeral answer vanishes: the DM thread is where it goes on
            posts.tell_requester(work, ticket, key=opened_key, message=notice, kind=Kind.TICKET_OPENED)
        return Opened(ticket, created, notice)
    asker = request.by or request.requester
    told = claim_delivery(work.session, keys.ticket_told(ticket.id, asker), work.now)
    if created:
        posts.tell_requester(work, ticket, key=opened_key, message=notice, kind=Kind.TICKET_OPENED)
    elif told:
        posts.tell_requester(work, ticket, key=keys.ticket_notice(ticket.id, "exists", asker), message=notice)
    return Opened(ticket, created, notice)


def _urgency(work: Work, request: TicketRequest) -> Urgency:
    """The priority proposed from the colleague's words, the intake answers and the article that did not help."""
    article = work.snapshot().articles.get(request.article_id) if request.article_id else None
    hint = article.priority if article is not None else None
    return propose(request.text, works=request.works, category=request.category, article_priority=hint)


def workable(work: Work, ticket_id: int) -> Ticket:
    """The ticket an agent is about to work on (e.g. before a modal opens). Raises: TicketResolved."""
    return service.workable(work.session, ticket_id)


def escalation_teams(work: Work) -> list[str]:
    """The teams a ticket can be handed to, by name. Raises: NoTeams."""
    if not work.settings.teams:
        raise service.NoTeams()
    return sorted(work.settings.teams)


def claim(work: Work, ticket_id: int, *, agent: str) -> Ticket:
    """Make `agent` the assignee and tell the requester; a first response's business time is recorded.

    Raises:
        AlreadyClaimed: someone else holds it.
        TicketResolved: it was resolved in the meantime.
    """
    ticket = service.claim(work.session, ticket_id, agent=agent, now=work.now, hours=work.settings.sla.hours)
    notice = work.render.ticket_notice(ticket, "claimed", agent=agent)
    posts.tell_requester(work, ticket, key=keys.ticket_notice(ticket.id, "claimed", agent), message=notice)
    posts.update_cards(work, ticket)
    return ticket


def release(work: Work, ticket_id: int, *, agent: str) -> Ticket:
    """Back into the queue. Raises: TicketResolved."""
    ticket = service.release(work.session, ticket_id, agent=agent, now=work.now)
    posts.update_cards(work, ticket)
    return ticket


def set_priority(work: Work, ticket_id: int, *, agent: str, priority: str) -> Ticket:
    """A new priority and due times; a requester still waiting for a first response hears the new expectation.
    Raises: ValueError (not P1-P4), TicketResolved."""
    sla = work.settings.sla
    before = service.workable(work.session, ticket_id).priority
    ticket = service.set_priority(work.session, ticket_id, agent=agent, priority=priority, now=work.now, sla=sla)
    if ticket.priority != before and ticket.first_response_at is None:
        key = keys.ticket_notice(ticket.id, "priority", f"{priority}:{work.now.isoformat()}")
        posts.tell_requester(work, ticket, key=key, message=work.render.priority_changed(ticket, work.now))
    posts.update_cards(work, ticket)
    return ticket


def set_category(work: Work, ticket_id: int, *, agent: str, category: str) -> Ticket:
    """Raises: UnknownCategory (not in `TICKET_CATEGORIES`), TicketResolved."""
    known = work.settings.ticket_categories
    ticket = triage.set_category(work.session, ticket_id, agent=agent, category=category, known=known, now=work.now)
    posts.update_cards(work, ticket)
    return ticket


def reassign(work: Work, ticket_id: int, *, agent: str, to: str) -> Ticket:
    """Hand the ticket to agent `to` (the caller checked they are one): the requester hears who helps them now,
    and the card's thread says who handed it to whom (which notifies the new assignee). Raises: TicketResolved."""
    ticket, changed = triage.reassign(work.session, ticket_id, agent=agent, to=to, now=work.now)
    if changed:
        notice = work.render.ticket_notice(ticket, "reassigned", agent=to)
        posts.tell_requester(work, ticket, key=keys.ticket_notice(ticket.id, "reassigned", f"{to}:{work.now}"),
                             message=notice)  # fmt: skip
        note = work.render.handover_note(agent, to)
        posts.tell_agents(work, ticket, key=keys.agent_note(ticket.id, "reassigned", work.now), message=note)
        posts.update_cards(work, ticket)
    return ticket


def resolve(work: Work, ticket_id: int, *, agent: str, resolution: str, article_id: str | None) -> Ticket | None:
    """Resolve (recording its business times) and ask the requester for a rating; an article learns the
    colleague's words. None when it was resolved already (a modal submitted twice changes nothing)."""
    try:
        ticket = service.resolve(
            work.session, ticket_id, agent=agent, resolution=resolution, article_id=article_id, now=work.now,
            hours=work.settings.sla.hours,
        )  # fmt: skip
    except service.TicketResolved:
        log.info("ticket %s was already resolved; second submission ignored", ticket_id)
        return None
    if article_id:  # the ticket taught the KB how this colleague asks for that article
        learn(work.session, article_id=article_id, text=ticket.description, source="ticket", by=agent, now=work.now)
    key = keys.ticket_notice(ticket.id, "resolved", work.now.isoformat())
    posts.tell_requester(work, ticket, key=key, message=work.render.ticket_resolved(ticket))
    posts.update_cards(work, ticket)
    return ticket


def escalate(work: Work, ticket_id: int, *, agent: str, team: str, note: str) -> Ticket | None:
    """Hand over to a second-line team: their card, the note in its thread, the requester told. None when the
    ticket was resolved in the meantime. Raises: UnknownTeam."""
    if team not in work.settings.teams:
        raise service.UnknownTeam()
    try:
        ticket = service.escalate(work.session, ticket_id, agent=agent, team=team, note=note, now=work.now)
    except service.TicketResolved:
        log.info("ticket %s was resolved before the escalation was submitted", ticket_id)
        return None
    posts.post_team_card(work, ticket, team)
    if note.strip():
        key = keys.team_note(ticket.id, team, work.now)
        posts.tell_team(work, ticket, team, key=key, message=work.render.escalation_note(agent, note))
    notice = work.render.ticket_notice(ticket, "escalated", team=team)
    posts.tell_requester(work, ticket, key=keys.ticket_notice(ticket.id, "escalated", team), message=notice)
    posts.update_cards(work, ticket)
    return ticket


def rate(work: Work, ticket_id: int, *, user: str, rating: int) -> Rated:
    """The requester's rating; a low one reopens the ticket. Raises: NotTheRequester."""
    ticket, reopened = service.rate(work.session, ticket_id, user=user, rating=rating, now=work.now)
    posts.update_cards(work, ticket)
    return Rated(ticket, reopened)
