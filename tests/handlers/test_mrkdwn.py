"""Colleagues' text reaches Slack escaped exactly once wherever the bot echoes it (ticket cards, relays, App Home,
announcements typed in Slack): `<!channel>`, `<@U…>` and disguised links arrive as plain text, never live, and
Slack's own entities stay as they are ("R&amp;D" in an event shows as "R&D", never as "R&amp;amp;D").

Two sources of text: message events, which Slack sends escaped (`&amp;`, `&lt;`, `&gt;`, and `<…>` only for
real mentions and links), and modals and slash commands, which arrive as typed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from handlers.mrkdwn import escape, plain_from_slack, quote
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_events import payload
from tests.handlers.test_announcements import _submission
from tests.handlers.test_ticket_relay import _agent_says, _requester_says
from tests.support.tickets import TICKETS, open_unknown_question

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

SENT_BY_SLACK = "<!channel> <!here> kijk naar <https://evil.example|dit> bij R&amp;D &lt;kapot&gt;"
"""What Slack sends in a message event when a colleague types `@channel @here kijk naar dit bij R&D <kapot>`
(with "dit" a link)."""
SHOWN_FROM_SLACK = "@channel @here kijk naar dit (https://evil.example) bij R&amp;D &lt;kapot&gt;"
TYPED = "<!channel> <!here> kijk naar <https://evil.example|dit> bij R&D <kapot>"
"""What a modal or slash command sends: the text as typed."""
SHOWN_TYPED = "&lt;!channel&gt; &lt;!here&gt; kijk naar &lt;https://evil.example|dit&gt; bij R&amp;D &lt;kapot&gt;"
LIVE = ("<!channel>", "<!here>", "<https://evil")
TWICE = ("&amp;amp;", "&amp;lt;", "&amp;gt;")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<!channel> kijk", "&lt;!channel&gt; kijk"),
        ("<!here>", "&lt;!here&gt;"),
        ("<@U123> doe eens", "&lt;@U123&gt; doe eens"),
        ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
        ("&lt; al escaped", "&amp;lt; al escaped"),
        ("<https://evil.example|klik>", "&lt;https://evil.example|klik&gt;"),
    ],
)
def test_escape_neutralises_slack_markup(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    ("sent", "plain"),
    [
        ("R&amp;D &lt;kapot&gt;", "R&D <kapot>"),
        ("<!channel> kijk", "@channel kijk"),
        ("<!here|here>", "@here"),
        ("<!everyone>", "@everyone"),
        ("<@U123> doe eens", "@U123 doe eens"),
        ("<@U123|piet> doe eens", "@piet doe eens"),
        ("<#C123|algemeen>", "#algemeen"),
        ("<!subteam^S1|@beheer>", "@beheer"),
        ("<https://evil.example|klik>", "klik (https://evil.example)"),
        ("<https://intranet.example>", "https://intranet.example"),
        ("&amp;lt; getypt", "&lt; getypt"),
    ],
)
def test_plain_from_slack_makes_markup_readable_and_decodes_entities_once(sent: str, plain: str) -> None:
    assert plain_from_slack(sent) == plain


def test_text_from_slack_is_escaped_exactly_once_on_the_way_out() -> None:
    assert escape(plain_from_slack("R&amp;D &lt;kapot&gt; &amp;amp;")) == "R&amp;D &lt;kapot&gt; &amp;amp;"


def test_quote_escapes_shortens_and_quotes_every_line() -> None:
    assert quote("<!channel>\ntweede", limit=100) == "> &lt;!channel&gt;\n> tweede"
    assert quote("x" * 50, limit=10) == "> " + "x" * 7 + "…"


def test_quote_fits_its_limit_after_escaping_and_never_cuts_an_entity() -> None:
    quoted = quote("<" * 2000, limit=500, more="(meer)")

    assert len(quoted) <= 500
    assert quoted.endswith("… (meer)")
    assert quoted.removesuffix("… (meer)").endswith("&lt;")


def _question_on_the_card(bot: RunningBot) -> str:
    open_unknown_question(bot, text=SENT_BY_SLACK)
    return SHOWN_FROM_SLACK


def _requester_reply_in_the_card_thread(bot: RunningBot) -> str:
    open_unknown_question(bot)
    _requester_says(bot, SENT_BY_SLACK)
    return SHOWN_FROM_SLACK


def _agent_reply_in_the_requester_thread(bot: RunningBot) -> str:
    open_unknown_question(bot)
    _agent_says(bot, SENT_BY_SLACK)
    return SHOWN_FROM_SLACK


def _ticket_on_app_home(bot: RunningBot) -> str:
    open_unknown_question(bot, text=SENT_BY_SLACK)
    bot.send.event({"type": "app_home_opened", "user": "UASKER", "channel": "DHOME", "tab": "home"})
    return SHOWN_FROM_SLACK


def _ticket_typed_in_the_form(bot: RunningBot) -> str:
    bot.send.command(payload("helpdesk_command", text=f"ticket {TYPED}", response_url=bot.response_url("c")))
    return SHOWN_TYPED


def _announcement_typed_in_slack(bot: RunningBot, run_tick: Callable[[], int]) -> str:
    typed = {"type": "plain_text_input", "value": TYPED}
    submission = _submission({"title": typed, "body": typed, "expected": typed})
    bot.send.interaction({**submission, "user": {"id": "UAGENT1", "team_id": "T0001"}})
    run_tick()
    return SHOWN_TYPED


ECHOES: dict[str, Callable[..., str]] = {
    "ticket card": _question_on_the_card,
    "relay to the agents": _requester_reply_in_the_card_thread,
    "relay to the colleague": _agent_reply_in_the_requester_thread,
    "App Home": _ticket_on_app_home,
    "slash command": _ticket_typed_in_the_form,
    "announcement": _announcement_typed_in_slack,
}


@pytest.mark.parametrize("echo", ECHOES.values(), ids=ECHOES.keys())
def test_colleague_text_reaches_slack_escaped_exactly_once_wherever_it_is_echoed(
    bot: RunningBot, run_tick: Callable[[], int], echo: Callable[..., str]
) -> None:
    arguments: list[Any] = [bot, run_tick][: echo.__code__.co_argcount]

    shown = echo(*arguments)

    sent = json.dumps([call.args for call in bot.slack.calls() if call.outcome == "ok"], ensure_ascii=False)
    assert shown in sent  # the colleague's words did reach Slack, so the next lines mean something
    assert not [live for live in LIVE if live in sent]
    assert not [twice for twice in TWICE if twice in sent]


def test_announcement_typed_in_slack_is_stored_as_typed_and_escaped_once_when_posted() -> None:
    from bot.local_time import LocalTime
    from handlers.announcement_modal import submitted_data
    from tests.conftest import START

    text = {"type": "plain_text_input", "value": "<!channel> klik <https://evil.example|hier> & lees"}
    view = {"state": {"values": {"title": {"value": text}, "body": {"value": text}}}}

    data = submitted_data(view, START, LocalTime.named("Europe/Amsterdam"))

    assert data["title"] == data["body"] == "<!channel> klik <https://evil.example|hier> & lees"
