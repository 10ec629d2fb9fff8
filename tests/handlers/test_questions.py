"""Questions over real HTTP: signed events in, replies on the fake Slack Web API out."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.models import Question
from tests.conftest import RunningBot
from tests.fakes.slack_events import payload


def _count_questions(bot: RunningBot) -> int:
    with bot.desk.sessions() as session:
        return session.scalar(select(func.count()).select_from(Question)) or 0


def test_dm_question_gets_one_answer_with_the_password_article(bot: RunningBot) -> None:
    answer = bot.send.event(payload("dm_message"))

    assert answer.status == 200
    [reply] = bot.slack.calls("chat.postMessage")
    assert reply.args["channel"] == "D0ASKER"
    assert "wachtwoord" in reply.args["blocks"][0]["text"]["text"].lower()
    assert [e["action_id"] for e in reply.args["blocks"][-1]["elements"]] == ["answer_helped", "answer_not_helped"]
