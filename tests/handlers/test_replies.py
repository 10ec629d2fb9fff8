"""One way to show a ServiceDeskError: privately to whoever clicked, typed or reacted, under a modal's field, or
in the colleague's thread; anything else is not the colleague's business and goes to the error handler."""

from __future__ import annotations

import json

import pytest

from bot.errors import ServiceDeskError
from handlers.replies import shown
from tests.conftest import CALIBRATED, NEVER_ANSWER, RunningBot, database_down
from tests.fakes.slack_events import payload
from tests.support.tickets import TICKETS

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]
APOLOGY = "Probeer het over een paar minuten"


def _engine(bot: RunningBot) -> object:
    return bot.desk.sessions.kw["bind"]


@pytest.mark.settings(**CALIBRATED)
def test_click_during_a_database_outage_gets_a_private_apology(bot: RunningBot) -> None:
    bot.send.event(payload("dm_message"))
    [answer] = bot.slack.calls("chat.postMessage")
    helped = answer.args["blocks"][-1]["elements"][0]
    click = {"action_id": helped["action_id"], "block_id": "feedback", "value": helped["value"], "type": "button"}

    with database_down(_engine(bot)):  # type: ignore[arg-type]
        bot.send.interaction(payload("block_actions", actions=[click], response_url=bot.response_url("fb")))

    [apology] = bot.slack.calls("response_url/fb")
    assert (apology.args["response_type"], apology.args["replace_original"]) == ("ephemeral", False)
    assert APOLOGY in apology.args["text"]


def test_reaction_during_a_database_outage_is_answered_privately_to_whoever_reacted(bot: RunningBot) -> None:
    bot.slack.add_message("CGENERAL", ts="1700000300.000100", user="UASKER", text="teams crasht")
    reaction = {
        "type": "reaction_added",
        "user": "UAGENT1",
        "reaction": "ticket",
        "item_user": "UASKER",
        "item": {"type": "message", "channel": "CGENERAL", "ts": "1700000300.000100"},
        "event_ts": "1700000301.0",
    }

    with database_down(_engine(bot)):  # type: ignore[arg-type]
        bot.send.event(reaction)

    [apology] = bot.slack.calls("chat.postEphemeral")
    assert (apology.args["channel"], apology.args["user"]) == ("CGENERAL", "UAGENT1")
    assert APOLOGY in apology.args["text"] and bot.slack.calls("chat.postMessage") == []


def test_question_during_a_database_outage_gets_an_apology_in_its_thread(bot: RunningBot) -> None:
    with database_down(_engine(bot)):  # type: ignore[arg-type]
        bot.send.event(payload("help_channel_message", text="de koffieautomaat lekt"))

    [apology] = bot.slack.calls("chat.postMessage")
    assert (apology.args["channel"], apology.args["thread_ts"]) == ("CHELP", "1700000200.000100")
    assert APOLOGY in json.dumps(apology.args)


def test_only_service_desk_errors_are_shown_and_in_the_language_asked_for() -> None:
    seen: list[str] = []

    with shown(seen.append, lambda: "en") as outcome:
        raise ServiceDeskError()
    with pytest.raises(KeyError), shown(seen.append, "nl"):
        raise KeyError("a bug, for the error handler")

    assert seen == ["Sorry, something went wrong on my side. Please try again in a moment."]
    assert outcome.ok is False and outcome.problem == seen[0]
