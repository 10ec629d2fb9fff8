"""Pure Block Kit builders for tickets: the triage card, notices to the requester, the agents' modals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.local_time import LocalTime
from bot.messages import CATALOGUE, t
from bot.outbox.store import Message
from bot.tickets.models import Ticket
from bot.tickets.sla import PRIORITIES
from bot.tickets.workflow import Rated
from handlers.blocks import Block, button, context, plain, replacement, section, text_message
from handlers.fitting import (
    OPTION_TEXT,
    SECTION_TEXT,
    VIEW_TITLE,
    fit_message,
    fit_view,
    more_in_history,
    shorten,
    split_text,
)
from handlers.mrkdwn import escape, quote
from handlers.ticket_notices import plain_priority, reason_codes

CLAIM = "ticket_claim"
RELEASE = "ticket_release"
ESCALATE = "ticket_escalate"
RESOLVE = "ticket_resolve"
PRIORITY = "ticket_priority"
CATEGORY = "ticket_category"
REASSIGN = "ticket_reassign"
RATE_GOOD = "ticket_rate_good"
RATE_BAD = "ticket_rate_bad"
RESOLVE_MODAL = "ticket_resolve_modal"
ESCALATE_MODAL = "ticket_escalate_modal"
MAKE_TICKET_SHORTCUT = "make_ticket"
TICKET_REACTION = "ticket"
RESOLUTION_BLOCK, RESOLUTION_INPUT = "resolution", "resolution_text"
ARTICLE_BLOCK, ARTICLE_INPUT = "article", "article_id"
TEAM_BLOCK, TEAM_INPUT = "team", "team_name"
NOTE_BLOCK, NOTE_INPUT = "note", "note_text"
MAKE_ARTICLE_BLOCK, MAKE_ARTICLE_INPUT, MAKE_ARTICLE = "make_article", "make_article_choice", "yes"
GOOD_RATING, BAD_RATING = 5, 1


def format_due(moment: datetime, lang: str, now: datetime, local: LocalTime) -> str:
    """ "vandaag 14:30" or "maandag 23 november 12:00", in the desk's local time."""
    if local.same_day(moment, now):
        return t("ticket.today", lang, time=local.time(moment))
    return t("ticket.on_day", lang, day=local.day(moment, lang, now), time=local.time(moment))


def status_text(ticket: Ticket, lang: str, *, for_agents: bool = False) -> str:
    """The ticket's status in plain language, as the requester reads it (or the agents, on the card)."""
    agent = f"<@{ticket.assignee}>" if ticket.assignee else ""
    key = "card.status.waiting" if for_agents and ticket.status == "waiting" else f"ticket.status.{ticket.status}"
    return t(key, lang, agent=agent, team=ticket.team or "")


def priority_text(priority: str, lang: str) -> str:
    return t(f"ticket.priority.{priority}", lang)


def category_text(category: str, lang: str) -> str:
    """A category as people read it: its label in the catalogue (`category.<name>`), else the name as written."""
    key = f"category.{category}"
    return t(key, lang) if key in CATALOGUE else category


def card_message(
    ticket: Ticket,
    lang: str,
    now: datetime,
    local: LocalTime,
    known_change: str | None = None,
    categories: tuple[str, ...] = (),
) -> Message:
    """The ticket's card in the triage (or team) channel; updated in place on every change."""
    header = t(
        "card.header",
        lang,
        number=ticket.reference,
        priority=priority_text(ticket.priority, lang),
        status=status_text(ticket, lang, for_agents=True),
    )
    fields = t(
        "card.fields",
        lang,
        requester=f"<@{ticket.requester}>",
        category=escape(category_text(ticket.category, lang)) if ticket.category else t("card.no_category", lang),
        first_due=format_due(ticket.first_response_due, lang, now, local),
        resolution_due=format_due(ticket.resolution_due, lang, now, local),
    )
    more = more_in_history(lang, ticket.reference)
    blocks: list[Block] = [section(f"*{header}*"), section(quote(ticket.description, 2500, more)), section(fields)]
    reasons = [t(f"urgency.{code}", lang) for code in reason_codes(ticket)]
    if reasons:
        blocks.append(context(t("card.urgency", lang, reasons=", ".join(reasons))))
    if known_change:
        blocks.append(context(t("card.known_change", lang, title=escape(known_change))))
    if ticket.status == "resolved":
        resolution = t("card.resolution", lang, resolution=escape(ticket.resolution or "-"))
        blocks.append(section(shorten(resolution, SECTION_TEXT, more)))
        if ticket.rating is not None:
            blocks.append(context(t("card.rating", lang, rating="👍" if ticket.rating > 2 else "👎")))
    else:
        blocks += [_card_actions(ticket, lang), _card_sorting(ticket, lang, categories)]
    return fit_message({"text": header, "blocks": blocks}, more)


def parse_card_value(action: dict[str, Any]) -> tuple[int, str]:
    """(ticket id, chosen option) from a card button's value ("12"), a menu's ("12:P1", "12:netwerk"), or the
    agent picked to hand it to (the ticket from the block, "ticket-12-sorting").

    Raises:
        ValueError: not a value a card makes (a tampered payload).
    """
    if action.get("type") == "users_select":
        ticket_id = str(action.get("block_id", "")).removeprefix("ticket-").removesuffix("-sorting")
        return int(ticket_id), str(action.get("selected_user") or "")
    value = action.get("value") or (action.get("selected_option") or {}).get("value", "")
    ticket, _, choice = str(value).partition(":")
    return int(ticket), choice


def _card_actions(ticket: Ticket, lang: str) -> Block:
    value = str(ticket.id)
    elements: list[Block] = []
    if ticket.assignee is None:
        elements.append(button(t("card.claim", lang), CLAIM, value, "primary"))
    else:
        elements.append(button(t("card.release", lang), RELEASE, value))
    elements += [button(t("card.escalate", lang), ESCALATE, value), button(t("card.resolve", lang), RESOLVE, value)]
    options = [_option(priority_text(p, lang), f"{ticket.id}:{p}") for p in PRIORITIES]
    elements.append(
        {
            "type": "static_select",
            "action_id": PRIORITY,
            "placeholder": plain(t("card.priority", lang)),
            "options": options,
            "initial_option": options[PRIORITIES.index(ticket.priority)],
        }
    )
    return {"type": "actions", "block_id": f"ticket-{ticket.id}", "elements": elements}


def _card_sorting(ticket: Ticket, lang: str, categories: tuple[str, ...]) -> Block:
    """The category menu and the agent to hand the ticket to (only agents may receive it: checked on use)."""
    names = list(dict.fromkeys([*categories, *([ticket.category] if ticket.category else [])]))
    options = [_option(category_text(name, lang), f"{ticket.id}:{name}") for name in names][:100]
    menu: Block = {"type": "static_select", "action_id": CATEGORY, "placeholder": plain(t("card.category", lang)),
                   "options": options}  # fmt: skip
    if ticket.category:
        menu["initial_option"] = options[names.index(ticket.category)]
    assign: Block = {"type": "users_select", "action_id": REASSIGN, "placeholder": plain(t("card.assign", lang))}
    if ticket.assignee:
        assign["initial_user"] = ticket.assignee
    elements = [menu, assign] if options else [assign]
    return {"type": "actions", "block_id": f"ticket-{ticket.id}-sorting", "elements": elements}


def opened_notice(
    ticket: Ticket, now: datetime, local: LocalTime, *, created: bool = True, note: str | None = None
) -> Message:
    """What the requester reads when their ticket is opened (or when it already existed): the priority in plain
    words and when to expect a response; `note` says more (it is urgent, or the desk is closed right now)."""
    lang = ticket.lang
    if created:
        due = format_due(ticket.first_response_due, lang, now, local)
        where = "ticket.opened" if ticket.thread_ts else "ticket.opened_dm"  # no thread of theirs: our DM has one
        text = t(where, lang, number=ticket.reference, priority=plain_priority(ticket, lang), due=due)
        text = f"{text}\n{note}" if note else text
    else:
        text = t("ticket.exists", lang, number=ticket.reference, status=status_text(ticket, lang))
    return text_message(text)


def resolved_notice(ticket: Ticket) -> Message:
    """Tells the requester what solved it and asks for a one-click rating."""
    lang = ticket.lang
    text = t("ticket.resolved_requester", lang, number=ticket.reference, resolution=escape(ticket.resolution or ""))
    more = more_in_history(lang, ticket.reference)
    buttons = [
        button(t("ticket.rate_good", lang), RATE_GOOD, str(ticket.id), "primary"),
        button(t("ticket.rate_bad", lang), RATE_BAD, str(ticket.id)),
    ]
    rating: Block = {"type": "actions", "block_id": "rating", "elements": buttons}
    return fit_message({"text": text, "blocks": [*text_message(text, more)["blocks"], rating]}, more)


def rated_message(rated: Rated) -> Message:
    """Thanks for the rating, in place of the rating buttons; a low one says the ticket is open again."""
    lang = rated.ticket.lang
    text = t("ticket.rated_thanks", lang)
    if rated.reopened:
        text += " " + t("ticket.reopened_requester", lang, number=rated.ticket.reference)
    return replacement(text_message(text))


def relayed(kind: str, author: str, text: str, lang: str) -> list[Message]:
    """A message copied between the requester's thread and the card's thread, marked with who wrote it: one
    post, or for a message longer than one post can carry several ("(2/3)"), to be posted in this order."""
    key = "ticket.agent_says" if kind == "agent" else "ticket.requester_says"
    parts = split_text(escape(text))
    numbered = [part + (f" _({index}/{len(parts)})_" if len(parts) > 1 else "") for index, part in enumerate(parts, 1)]
    return [text_message(t(key, lang, agent=f"<@{author}>", requester=f"<@{author}>", text=part)) for part in numbered]


def resolve_modal(ticket: Ticket, lang: str) -> dict[str, Any]:
    """What solved it, and the KB article that helped: an external select that searches every article as the
    agent types (options load: `article_options`); without typing it offers the articles closest to the ticket."""
    select = {
        "type": "external_select",
        "action_id": ARTICLE_INPUT,
        "min_query_length": 0,
        "placeholder": plain(t("modal.article_placeholder", lang)),
    }
    blocks: list[Block] = [
        _input(RESOLUTION_BLOCK, t("modal.resolution_label", lang), _text_input(RESOLUTION_INPUT, multiline=True)),
        {**_input(ARTICLE_BLOCK, t("modal.article_label", lang), select), "optional": True},
        {**_input(MAKE_ARTICLE_BLOCK, t("draft.make_article_label", lang), _make_article(lang)), "optional": True},
    ]
    return _modal(RESOLVE_MODAL, ticket, t("modal.resolve_title", lang), t("modal.submit_resolve", lang), blocks, lang)


def wants_article(values: dict[str, Any]) -> bool:
    """Whether the agent ticked "Maak er een artikel van" in the resolve modal's submitted `values`."""
    chosen = (values.get(MAKE_ARTICLE_BLOCK, {}).get(MAKE_ARTICLE_INPUT) or {}).get("selected_options") or []
    return any(option.get("value") == MAKE_ARTICLE for option in chosen)


def _make_article(lang: str) -> Block:
    option = _option(t("draft.make_article", lang), MAKE_ARTICLE)
    return {"type": "checkboxes", "action_id": MAKE_ARTICLE_INPUT, "options": [option]}


def article_options(articles: list[tuple[str, str]]) -> list[Block]:
    """Options for the article select: (id, title) pairs, at most the 100 Slack shows."""
    return [_option(title, article_id) for article_id, title in articles[:100]]


def escalate_modal(ticket: Ticket, teams: list[str], lang: str) -> dict[str, Any]:
    options = [_option(team, team) for team in teams]
    blocks = [
        _input(
            TEAM_BLOCK,
            t("modal.team_label", lang),
            {"type": "static_select", "action_id": TEAM_INPUT, "options": options},
        ),
        {**_input(NOTE_BLOCK, t("modal.note_label", lang), _text_input(NOTE_INPUT, multiline=True)), "optional": True},
    ]
    return _modal(
        ESCALATE_MODAL, ticket, t("modal.escalate_title", lang), t("modal.submit_escalate", lang), blocks, lang
    )


def _modal(callback: str, ticket: Ticket, title: str, submit: str, blocks: list[Block], lang: str) -> dict[str, Any]:
    modal = {
        "type": "modal",
        "callback_id": callback,
        "private_metadata": str(ticket.id),
        "title": plain(shorten(f"{title} {ticket.reference}", VIEW_TITLE)),
        "submit": plain(submit),
        "close": plain(t("modal.cancel", lang)),
        "blocks": blocks,
    }
    return fit_view(modal)


def _input(block_id: str, label: str, element: Block) -> Block:
    return {"type": "input", "block_id": block_id, "label": plain(label), "element": element}


def _text_input(action_id: str, *, multiline: bool) -> Block:
    return {"type": "plain_text_input", "action_id": action_id, "multiline": multiline, "max_length": 3000}


def _option(text: str, value: str) -> Block:
    return {"text": plain(shorten(text, OPTION_TEXT)), "value": value}
