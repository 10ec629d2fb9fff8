"""End to end, against the fake Web API that refuses what Slack refuses: the largest inputs a colleague or an agent
can give still give every post (the triage card, the "opgelost" notice and the card edit, long relays either way)."""

from __future__ import annotations

import pytest

from tests.conftest import NEVER_ANSWER, RunningBot
from tests.handlers.test_ticket_cards import _submit
from tests.handlers.test_ticket_relay import _agent_says, _requester_says
from tests.support.tickets import TICKETS, TRIAGE, click, open_unknown_question, posts, the_ticket

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]

PASTED_HTML = ('&lt;div class="x"&gt;&lt;p&gt;R&amp;D &lt;b&gt;kapot&lt;/b&gt;&lt;/p&gt;&lt;/div&gt;\n' * 600)[:40_000]
"""Pasted HTML as Slack sends it in the event: already escaped, at Slack's maximum of 40,000 characters."""
SHORT_LINES = "\n".join(f"stap {n}" for n in range(1, 101))
LONG_MESSAGE = "\n".join(f"regel {n:05d} " + "woord " * 10 for n in range(600))[:40_000]


def _refused(bot: RunningBot) -> list[tuple[str, str]]:
    return [(call.method, call.outcome) for call in bot.slack.calls() if call.outcome != "ok"]


@pytest.mark.parametrize("question", [PASTED_HTML, SHORT_LINES], ids=["pasted HTML", "100 short lines"])
def test_a_question_at_slacks_maximum_still_gives_a_triage_card(bot: RunningBot, question: str) -> None:
    open_unknown_question(bot, text=question)

    [card] = [p for p in posts(bot, TRIAGE) if not p.get("thread_ts")]
    assert "ticket_claim" in str(card["blocks"])
    assert _refused(bot) == []


def test_a_resolution_at_the_modals_maximum_reaches_the_colleague_and_the_card(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")
    resolution = ('Printer <HP-3> & driver "R&D" opnieuw geïnstalleerd. ' * 60)[:3000]

    status = _submit(bot, "ticket_resolve_modal", {"resolution": {"resolution_text": {"value": resolution}}})

    assert status == 200 and the_ticket(bot).status == "resolved"
    told = posts(bot, "CHELP")[-1]
    assert "is opgelost" in told["text"] and "ticket_rate_good" in str(told["blocks"])
    assert "Printer &lt;HP-3&gt; &amp; driver" in told["text"]
    edits = [call for call in bot.slack.calls("chat.update") if call.args["channel"] == TRIAGE]
    assert edits and "Printer &lt;HP-3&gt;" in str(edits[-1].args["blocks"])
    assert _refused(bot) == []


def _parts(texts: list[str]) -> list[int]:
    return [int(text.rsplit("_(", 1)[1].split("/", 1)[0]) for text in texts]


def test_a_40000_character_reply_from_the_requester_reaches_the_agents_in_order(bot: RunningBot) -> None:
    open_unknown_question(bot)

    _requester_says(bot, LONG_MESSAGE)

    relayed = [str(p["text"]) for p in posts(bot, TRIAGE) if p.get("thread_ts")]
    assert len(relayed) > 1 and _parts(relayed) == list(range(1, len(relayed) + 1))
    assert "regel 00000" in relayed[0] and LONG_MESSAGE.splitlines()[-1].split()[1] in relayed[-1]
    assert _refused(bot) == []


def test_a_40000_character_reply_from_an_agent_reaches_the_colleague_in_order(bot: RunningBot) -> None:
    open_unknown_question(bot)
    before = len(posts(bot, "CHELP"))

    _agent_says(bot, LONG_MESSAGE)

    relayed = [str(p["text"]) for p in posts(bot, "CHELP")[before:]]
    assert len(relayed) > 1 and _parts(relayed) == list(range(1, len(relayed) + 1))
    assert all(text.startswith("*<@UAGENT1>* (servicedesk): ") for text in relayed)
    assert _refused(bot) == []
