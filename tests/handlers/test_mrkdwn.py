"""Colleagues' text reaches Slack escaped wherever the bot echoes it (ticket cards, relays, App Home,
announcements typed in Slack): `<!channel>`, `<@U…>` and disguised links arrive as plain text, never live."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from handlers.mrkdwn import escape, quote
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.handlers.test_announcements import _submission
from tests.handlers.test_ticket_relay import _agent_says, _requester_says
from tests.support.tickets import TICKETS, open_unknown_question

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

INJECTION = "<!channel> <!here> kijk naar <https://evil.example|dit> & help"
ESCAPED = "&lt;!channel&gt; &lt;!here&gt; kijk naar &lt;https://evil.example|dit&gt; &amp; help"
LIVE = ("<!channel>", "<!here>", "<https://evil")


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


def test_quote_escapes_shortens_and_quotes_every_line() -> None:
    assert quote("<!channel>\ntweede", limit=100) == "> &lt;!channel&gt;\n> tweede"
    assert quote("x" * 50, limit=10) == "> " + "x" * 9 + "…"


def _question_on_the_card(bot: RunningBot) -> None:
    open_unknown_question(bot, text=INJECTION)


def _requester_reply_in_the_card_thread(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _requester_says(bot, INJECTION)


def _agent_reply_in_the_requester_thread(bot: RunningBot) -> None:
    open_unknown_question(bot)
    _agent_says(bot, INJECTION)


def _ticket_on_app_home(bot: RunningBot) -> None:
    open_unknown_question(bot, text=INJECTION)
    bot.send.event({"type": "app_home_opened", "user": "UASKER", "channel": "DHOME", "tab": "home"})


def _announcement_typed_in_slack(bot: RunningBot, run_tick: Callable[[], int]) -> None:
    typed = {"type": "plain_text_input", "value": INJECTION}
    submission = _submission({"title": typed, "body": typed, "expected": typed})
    bot.send.interaction({**submission, "user": {"id": "UAGENT1", "team_id": "T0001"}})
    run_tick()


ECHOES: dict[str, Callable[..., None]] = {
    "ticket card": _question_on_the_card,
    "relay to the agents": _requester_reply_in_the_card_thread,
    "relay to the colleague": _agent_reply_in_the_requester_thread,
    "App Home": _ticket_on_app_home,
    "announcement": _announcement_typed_in_slack,
}


@pytest.mark.parametrize("echo", ECHOES.values(), ids=ECHOES.keys())
def test_colleague_text_reaches_slack_escaped_wherever_it_is_echoed(
    bot: RunningBot, run_tick: Callable[[], int], echo: Callable[..., None]
) -> None:
    arguments: list[Any] = [bot, run_tick][: echo.__code__.co_argcount]

    echo(*arguments)

    sent = json.dumps([call.args for call in bot.slack.calls() if call.outcome == "ok"], ensure_ascii=False)
    assert ESCAPED in sent  # the colleague's words did reach Slack, so the next line means something
    assert not [live for live in LIVE if live in sent]


def test_announcement_typed_in_slack_reaches_channels_without_live_mentions() -> None:
    from bot.local_time import LocalTime
    from handlers.announcement_modal import submitted_data
    from tests.conftest import START

    text = {"type": "plain_text_input", "value": "<!channel> klik <https://evil.example|hier> & lees"}
    view = {"state": {"values": {"title": {"value": text}, "body": {"value": text}}}}

    data = submitted_data(view, START, LocalTime.named("Europe/Amsterdam"))

    assert data["title"] == data["body"] == "&lt;!channel&gt; klik &lt;https://evil.example|hier&gt; &amp; lees"
