"""Everything we post fits Slack: the largest inputs a colleague or an agent can give (a 40,000-character message,
3,000-character modal fields, a hundred short lines, pasted HTML, long names and titles) go through every Block Kit
builder, and Slack's limits are checked with the fake Web API's own validators (`tests/fakes/block_kit.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.announcements.models import Announcement, AnnouncementChange
from bot.announcements.planning import DuePost
from bot.announcements.queries import ActiveChange
from bot.announcements.recurring import Recurring
from bot.announcements.spec import parse_spec
from bot.config import Settings
from bot.local_time import LocalTime
from bot.questions import Reply
from bot.tickets.attachments import Attachment
from bot.tickets.models import Ticket
from bot.tickets.queries import Overview
from handlers import fitting
from handlers.announcement_modal import announce_modal
from handlers.blocks import answer_message, private_note, suggestions_message, text_message
from handlers.contact import DeskContact
from handlers.home_blocks import HomePage, home_view
from handlers.intake_blocks import intake_modal
from handlers.mrkdwn import plain_from_slack
from handlers.rendering import NOTICE_KEYS, BlockKitRenderer
from handlers.ticket_blocks import article_options, escalate_modal, resolve_modal
from kb.article import Article
from tests.conftest import START
from tests.fakes.block_kit import blocks_too_long, message_problems, text_too_long, view_problems

LOCAL = LocalTime.named("Europe/Amsterdam")
MESSAGE = 40_000
"""The longest message a colleague can send (Slack's own limit on `text`)."""
HTML = ('<div class="x"><p>R&D &amp; <b>kapot</b></p></div>\n' * 1000)[:MESSAGE]
"""Pasted HTML: every `<`, `>` and `&` grows when escaped."""
LINES = "\n".join(f"{n}" for n in range(100))
"""A hundred short lines: each becomes a quoted line ("> 7") on the card."""
ESCAPED_BY_SLACK = ("&lt;b&gt; R&amp;D " * 4000)[:MESSAGE]
"""A message event's text as Slack sends it: already escaped, 40,000 characters."""
FIELD = ("<script>alert('R&D')</script> " * 200)[:3000]
"""A modal field at its maximum (3,000 characters), full of characters that grow when escaped."""
NAME = "Naam-" * 60
"""A long name or title (300 characters)."""
CONFIGURED = "Team-" * 20
"""A long name from the configuration (a team, a category): 100 characters, so it still fits an option's value."""
TEXTS = {"html": HTML, "lines": LINES, "escaped": plain_from_slack(ESCAPED_BY_SLACK), "field": FIELD}


def _ticket(description: str, *, resolved: bool = False) -> Ticket:
    return Ticket(
        id=7, number=1007, conversation_key="c7", requester="UASKER", channel="CHELP", thread_ts="1.0", lang="nl",
        description=description, priority="P1", category=CONFIGURED, status="resolved" if resolved else "claimed",
        assignee="UAGENT1", team=NAME, created_at=START, first_response_due=START + timedelta(hours=1),
        resolution_due=START + timedelta(hours=8), resolved_at=START if resolved else None,
        resolution=FIELD if resolved else None, rating=5 if resolved else None,
        priority_reasons="security,blocked,wide,urgent_word", response_promised_at=START,
    )  # fmt: skip


def _announcement() -> Announcement:
    data = {"title": {"nl": FIELD[:150], "en": FIELD[:150]}, "body": {"nl": FIELD[:2500], "en": FIELD[:2500]},
            "lang": "nl,en", "channels": ["CALGEMEEN"], "impact": "outage", "expected": "begin januari"}  # fmt: skip
    spec, problems = parse_spec(data, LOCAL)
    assert spec is not None, problems
    return Announcement(
        title=spec.title, body=spec.body, expected=spec.expected, impact=spec.impact, langs=list(spec.langs),
        channels=list(spec.channels), starts=spec.starts, ends=spec.ends, status="cancelled", version=2,
        updated_at=START, cron=None,
    )  # fmt: skip


def _article(body: str, title: str = NAME) -> Article:
    return Article("lang", title, "en", (), body)


FILES = tuple(Attachment(NAME + ".png", f"https://servicedesk-test.slack.com/files/U1/F{n}/x.png") for n in range(50))
CHANGES = [ActiveChange(n, {"nl": NAME, "en": NAME}, START, None, "CALGEMEEN", None) for n in range(20)]
Messages = Callable[[BlockKitRenderer, Settings, str], list[dict[str, Any]]]


def _renderer_posts(render: BlockKitRenderer, settings: Settings, text: str) -> list[dict[str, Any]]:
    ticket, resolved = _ticket(text), _ticket(text, resolved=True)
    reply = Reply(1, "nl", "answer", 0.9, _article(text), (), truncated=True)
    suggestions = Reply(1, "nl", "suggest", 0.5, None, tuple(_article(text, NAME + str(n)) for n in range(3)), False)
    change = AnnouncementChange(kind="changed", schedule_changed=True, version=2, channels=["CALGEMEEN"])
    posts = [
        render.ticket_card(ticket, known_change=NAME, now=START),
        render.ticket_card(resolved, known_change=NAME, now=START),
        render.ticket_opened(ticket, created=True, changes=CHANGES, now=START),
        render.ticket_opened(ticket, created=False, changes=CHANGES, now=START),
        render.ticket_resolved(resolved),
        *[render.ticket_notice(ticket, what, agent="UAGENT1", team=NAME) for what in NOTICE_KEYS],
        render.priority_changed(ticket, START),
        render.running_late(ticket, START, START),
        render.urgent_alert(ticket, mention="<!here>", now=START),
        render.attachments("UASKER", FILES, "nl"),
        render.handover_note("UAGENT1", "UAGENT2"),
        render.escalation_note("UAGENT1", text),
        *render.relayed("agent", "UAGENT1", text, "nl", files=FILES, waiting=True),
        *render.relayed("requester", "UASKER", text, "nl", files=FILES),
        render.relay_changed("agent", "UAGENT1", text, "nl", deleted=False),
        render.sla_notice(ticket, "warning", "first_response", START, START),
        render.reply(reply, ticket_note=text, changes=CHANGES, now=START),
        render.reply(suggestions, ticket_note=None, changes=CHANGES, now=START),
        render.delivery_failed(channel="CX", error="invalid_blocks", key=NAME, announcement=True),
    ]
    for kind in ("publish", "cron", "remind", "started", "changed", "cancelled"):
        post = DuePost("k", "CALGEMEEN", kind, _announcement(), reminder=timedelta(days=1), change=change)
        posts.append(render.announcement_post(post, START))
    return posts


def _builder_posts(render: BlockKitRenderer, settings: Settings, text: str) -> list[dict[str, Any]]:
    return [
        text_message(text),
        private_note(text),
        answer_message(_article(text), 1, "nl", buttons=True, truncated=True, note=text),
        suggestions_message(tuple(_article(text, NAME + str(n)) for n in range(3)), 1, "nl"),
    ]


def _views(render: BlockKitRenderer, settings: Settings, text: str) -> list[dict[str, Any]]:
    tickets = [_ticket(text) for _ in range(40)]
    recurring = [Recurring({"nl": NAME}, {"nl": text}, "CALGEMEEN", START) for _ in range(10)]
    page = HomePage(Overview(tickets, tickets, tickets), "nl", START, LOCAL, True, DeskContact(settings), recurring)
    teams = [CONFIGURED + str(n) for n in range(100)]
    return [
        resolve_modal(_ticket(text), "nl"),
        escalate_modal(_ticket(text), teams, "nl"),
        intake_modal("nl", tuple(CONFIGURED + str(n) for n in range(100)), text=text),
        announce_modal("nl", START, LOCAL),
        home_view(page),
    ]


def _refusals(message: dict[str, Any]) -> list[str]:
    problems = list(message_problems(message))
    if text_too_long(message):
        problems.append("msg_too_long")
    if blocks_too_long(message):
        problems.append("msg_blocks_too_long")
    return problems


@pytest.mark.parametrize("source", TEXTS.values(), ids=TEXTS.keys())
@pytest.mark.parametrize("build", [_renderer_posts, _builder_posts], ids=["renderer", "builders"])
def test_every_message_fits_slack_with_the_largest_inputs(settings: Settings, source: str, build: Messages) -> None:
    messages = build(BlockKitRenderer(settings), settings, source)

    refused = {index: _refusals(message) for index, message in enumerate(messages)}

    assert {index: problems for index, problems in refused.items() if problems} == {}


@pytest.mark.parametrize("source", TEXTS.values(), ids=TEXTS.keys())
def test_every_view_fits_slack_with_the_largest_inputs(settings: Settings, source: str) -> None:
    views = _views(BlockKitRenderer(settings), settings, source)

    refused = {view.get("callback_id", view["type"]): list(view_problems(view)) for view in views}

    assert {name: problems for name, problems in refused.items() if problems} == {}


def test_article_options_fit_with_long_titles() -> None:
    options = article_options([(f"a{n}", NAME) for n in range(300)])

    assert len(options) == 100 and all(len(option["text"]["text"]) <= fitting.OPTION_TEXT for option in options)


def test_a_long_card_description_ends_with_a_pointer_to_the_history(settings: Settings) -> None:
    card = BlockKitRenderer(settings).ticket_card(_ticket(HTML), known_change=None, now=START)

    description = card["blocks"][1]["text"]["text"]
    assert description.endswith("… _(ingekort; de volledige tekst staat in de geschiedenis van SD-1007)_")


def test_a_long_relay_is_split_in_order_and_nothing_is_lost(settings: Settings) -> None:
    text = "\n".join(f"regel {n:05d} " + "woord " * 10 for n in range(600))  # 40,000+ characters

    parts = BlockKitRenderer(settings).relayed("requester", "UASKER", text, "nl")

    assert len(parts) > 1 and not [problems for part in parts if (problems := _refusals(part))]
    shown = [part["text"].removeprefix("*<@UASKER>*: ") for part in parts]
    assert [f"({n}/{len(parts)})" in piece for n, piece in enumerate(shown, 1)] == [True] * len(parts)
    words = " ".join(piece.rsplit(" _(", 1)[0] for piece in shown).split()
    assert words == text.split()


@pytest.mark.parametrize(
    ("text", "limit"),
    [("&amp;" * 100, 42), ("<@U123> " * 100, 40), ("<https://example.org|klik> " * 50, 60), ("x" * 100, 10)],
)
def test_shorten_fits_the_limit_and_never_cuts_an_entity_or_link(text: str, limit: int) -> None:
    short = fitting.shorten(text, limit, "meer")

    assert len(short) <= limit and short.endswith("… meer")
    body = short.removesuffix("… meer")
    assert body.count("<") == body.count(">") and body.count("&") == body.count(";")


def test_split_text_never_cuts_an_entity() -> None:
    text = "&lt;" * 5000

    pieces = fitting.split_text(text, 999)

    assert "".join(pieces) == text and all(len(piece) <= 999 and piece.endswith("&lt;") for piece in pieces)
