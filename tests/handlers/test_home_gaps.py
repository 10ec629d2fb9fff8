"""Gaps on App Home: agents (only agents) see the biggest questions without a good answer, and can write an
article for one or add its question to the nearest article in one click."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import BUNDLED_ARTICLES
from bot.models import LearnedPhrasing, Question
from tests.conftest import RunningBot
from tests.fakes.slack_events import payload
from tests.support.tickets import TICKETS

pytestmark = [pytest.mark.settings(**TICKETS), pytest.mark.usefixtures("agents")]
PARKING = "Hoe krijg ik een parkeerkaart voor de garage?"
VPN = "vpn verbinding valt steeds weg thuis"


@pytest.fixture
def env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A copy of the bundled knowledge base, so a draft saved by mistake never lands in the repository."""
    shutil.copytree(BUNDLED_ARTICLES, tmp_path / "kb")
    return {**env, "KB_DIR": str(tmp_path / "kb")}


def _asked(bot: RunningBot, text: str, times: int) -> None:
    with bot.desk.work() as work:
        for n in range(times):
            work.session.add(
                Question(
                    asker=f"UCOLLEGA{n}", surface="dm", text=text, lang="nl", band="none", confidence=0.0,
                    created_at=work.now - timedelta(days=1, minutes=n),
                )
            )  # fmt: skip


def _home(bot: RunningBot, user: str) -> dict[str, Any]:
    bot.send.event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home"})
    publish = [c for c in bot.slack.calls("views.publish") if c.args["user_id"] == user][-1]
    return dict(publish.args["view"])


def _gap_buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in view["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith("home_gap_")
    ]


def _click(bot: RunningBot, button: dict[str, Any], user: str = "UAGENT1") -> None:
    action = {"action_id": button["action_id"], "block_id": "gap", "type": "button", "value": button["value"]}
    body = payload("block_actions", actions=[action], user={"id": user}, trigger_id="trigger-1")
    body.pop("channel", None)
    body.pop("container", None)
    assert bot.send.interaction(body).status == 200


def test_agent_sees_the_biggest_gap_with_its_count_and_a_button_to_write_an_article(bot: RunningBot) -> None:
    _asked(bot, PARKING, 3)

    view = _home(bot, "UAGENT1")

    text = json.dumps(view, ensure_ascii=False)
    assert "Vragen zonder goed antwoord" in text
    assert f"*3×* door 3 collega('s): “{PARKING}”" in text
    assert next(b["action_id"] for b in _gap_buttons(view)) == "home_gap_write_article"


def test_colleague_never_sees_the_gaps_or_other_colleagues_questions(bot: RunningBot) -> None:
    _asked(bot, PARKING, 3)

    view = _home(bot, "UASKER")

    text = json.dumps(view, ensure_ascii=False)
    assert "Vragen zonder goed antwoord" not in text and "parkeerkaart" not in text
    assert _gap_buttons(view) == []


def test_gap_near_an_article_offers_to_add_its_question_as_a_phrasing(bot: RunningBot) -> None:
    _asked(bot, VPN, 2)

    [_, add] = _gap_buttons(_home(bot, "UAGENT1"))
    _click(bot, add)

    with bot.desk.sessions() as session:
        [learned] = session.scalars(select(LearnedPhrasing)).all()
    assert (learned.text, learned.source, learned.created_by) == (VPN, "gap", "UAGENT1")
    assert learned.article_id == json.loads(add["value"])["a"]
    refreshed = json.dumps(_home_after_click(bot), ensure_ascii=False)
    assert f"Toegevoegd: de bot beantwoordt “{VPN}” voortaan met" in refreshed
    assert f"“{VPN}”" not in refreshed.replace(f"beantwoordt “{VPN}”", "")  # no longer an open gap


def test_gap_without_a_nearby_article_offers_only_to_write_one(bot: RunningBot) -> None:
    _asked(bot, "xq zzv wrrp", 2)

    buttons = _gap_buttons(_home(bot, "UAGENT1"))

    assert [b["action_id"] for b in buttons] == ["home_gap_write_article"]


def test_write_article_opens_the_draft_modal_with_the_gaps_questions_as_phrasings(bot: RunningBot) -> None:
    _asked(bot, PARKING, 2)
    _asked(bot, "parkeerkaart garage aanvragen", 1)
    [write, *_] = _gap_buttons(_home(bot, "UAGENT1"))

    _click(bot, write)

    [opened] = bot.slack.calls("views.open")
    view = opened.args["view"]
    fields = {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"] if b["type"] == "input"}
    assert view["callback_id"] == "draft_article_modal"
    assert fields["draft_title"] == PARKING
    assert "parkeerkaart garage aanvragen" in fields["draft_phrasings"]
    assert fields["draft_body"] == ""


def test_write_article_is_refused_to_a_colleague(bot: RunningBot) -> None:
    _asked(bot, PARKING, 2)
    [write, *_] = _gap_buttons(_home(bot, "UAGENT1"))

    _click(bot, write, user="UASKER")

    assert bot.slack.calls("views.open") == []


def _home_after_click(bot: RunningBot) -> dict[str, Any]:
    publish = [c for c in bot.slack.calls("views.publish") if c.args["user_id"] == "UAGENT1"][-1]
    return dict(publish.args["view"])


def test_draft_without_an_answer_keeps_the_modal_open_and_saves_nothing(bot: RunningBot) -> None:
    _asked(bot, PARKING, 2)
    [write, *_] = _gap_buttons(_home(bot, "UAGENT1"))
    _click(bot, write)
    [opened] = bot.slack.calls("views.open")
    view = opened.args["view"]
    values = {
        block["block_id"]: {
            block["element"]["action_id"]: {"type": "plain_text_input", "value": block["element"].get("initial_value")}
        }
        for block in view["blocks"]
        if block["type"] == "input"
    }
    body = {"type": "view_submission", "user": {"id": "UAGENT1"}, "view": {**view, "state": {"values": values}}}

    answer = bot.send.interaction(body)

    assert json.loads(answer.body) == {
        "response_action": "errors",
        "errors": {"draft_body": "Dit concept kan zo niet bewaard worden: vul titel en antwoord in en kies een id "
                   "die nog vrij is."},
    }  # fmt: skip
    assert not (bot.desk.settings.kb_dir / "drafts").exists()
