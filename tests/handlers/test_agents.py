"""Who is an agent: triage and team channel members and `AGENT_IDS`, cached per process and kept current by
Slack's member_joined_channel / member_left_channel events."""

from __future__ import annotations

import pytest

from bot.app import make_client
from bot.config import Settings
from handlers.agents import MEMBERSHIP_TTL, AgentDirectory
from tests.conftest import NEVER_ANSWER, RunningBot
from tests.fakes.slack_api import FakeSlack
from tests.support.tickets import TICKETS, TRIAGE, click, open_unknown_question

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


def _membership(bot: RunningBot, event: str, user: str, channel: str = TRIAGE) -> None:
    answer = bot.send.event(
        {"type": event, "user": user, "channel": channel, "event_ts": "1.0"}, event_id=f"{event}-{user}"
    )
    assert answer.status == 200


def _refused(bot: RunningBot, name: str) -> bool:
    return any(
        "Alleen collega's van de servicedesk" in call.args["text"] for call in bot.slack.calls(f"response_url/{name}")
    )


def _asked_for_members(bot: RunningBot, channel: str) -> int:
    return len([call for call in bot.slack.calls("conversations.members") if call.args["channel"] == channel])


def test_agent_check_asks_slack_once_while_the_membership_is_fresh(bot: RunningBot) -> None:
    open_unknown_question(bot)

    click(bot, "ticket_claim", "1", "UAGENT1")
    click(bot, "ticket_release", "1", "UAGENT1")
    click(bot, "ticket_claim", "1", "UAGENT2")

    assert _asked_for_members(bot, TRIAGE) == 1
    assert not _refused(bot, "ticket_claim-UAGENT2")


def test_agent_who_left_the_triage_channel_is_refused_at_once(bot: RunningBot) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")
    bot.slack.set_members(TRIAGE, ["UAGENT2"])  # Slack's own list changes, and it tells us:

    _membership(bot, "member_left_channel", "UAGENT1")
    name = click(bot, "ticket_release", "1", "UAGENT1")

    assert _refused(bot, name)
    assert _asked_for_members(bot, TRIAGE) == 1


def test_colleague_who_joined_the_triage_channel_can_work_tickets_at_once(bot: RunningBot) -> None:
    open_unknown_question(bot)
    first = click(bot, "ticket_claim", "1", "UNEW")

    _membership(bot, "member_joined_channel", "UNEW")
    click(bot, "ticket_claim", "1", "UNEW")

    assert _refused(bot, first)
    assert len(bot.slack.calls("response_url/ticket_claim-UNEW")) == 1  # only the first click was refused
    assert _asked_for_members(bot, TRIAGE) == 1


def test_membership_is_asked_again_once_it_is_old(settings: Settings, slack: FakeSlack) -> None:
    slack.set_members(TRIAGE, ["UAGENT1"])
    now = [0.0]
    directory = AgentDirectory(settings, clock=lambda: now[0])
    client = make_client(settings)

    before = directory.is_agent(client, "UAGENT1")
    slack.set_members(TRIAGE, [])
    cached = directory.is_agent(client, "UAGENT1")
    now[0] += MEMBERSHIP_TTL
    after = directory.is_agent(client, "UAGENT1")

    assert (before, cached, after) == (True, True, False)


def test_channel_slack_cannot_list_counts_as_no_and_is_asked_again(settings: Settings, slack: FakeSlack) -> None:
    directory = AgentDirectory(settings)
    client = make_client(settings)
    slack.fail_next("conversations.members", error="not_in_channel")

    first = directory.is_agent(client, "UAGENT1")
    slack.set_members(TRIAGE, ["UAGENT1"])
    second = directory.is_agent(client, "UAGENT1")

    assert (first, second) == (False, True)


@pytest.mark.settings(AGENT_IDS="UOUTSIDE")
def test_agent_ids_count_as_agents_without_asking_slack(settings: Settings, slack: FakeSlack) -> None:
    assert AgentDirectory(settings).is_agent(make_client(settings), "UOUTSIDE")
    assert slack.calls("conversations.members") == []
