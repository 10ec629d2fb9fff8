"""Knowledge from tickets, end to end: a question the bot cannot answer becomes a ticket; the agent resolves it
with "Maak er een artikel van"; the pre-filled draft is saved; `servicedesk kb publish` puts it live; and the
running bot answers the original question with the new article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.cli import main
from bot.config import BUNDLED_ARTICLES
from kb.loader import load_directory
from tests.conftest import RunningBot
from tests.fakes.slack_events import payload
from tests.support.tickets import TICKETS, click, open_unknown_question, posts, text_of, the_ticket

pytestmark = [pytest.mark.settings(**TICKETS), pytest.mark.usefixtures("agents")]
QUESTION = "Hoe krijg ik een parkeerkaart voor de garage onder het kantoor?"
RESOLUTION = "Vraag een parkeerkaart aan bij de receptie op de begane grond; neem je personeelspas mee."


@pytest.fixture
def env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The bot's knowledge base is a copy of the bundled one that this test may add to."""
    kb_dir = tmp_path / "kb"
    shutil.copytree(BUNDLED_ARTICLES, kb_dir)
    return {**env, "KB_DIR": str(kb_dir)}


def _submit(bot: RunningBot, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """An agent submits `view` with `values`; returns what the bot answered (a `response_action`, or nothing)."""
    submitted = {**view, "id": "V1", "state": {"values": values}}
    body = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": "UAGENT1"}, "view": submitted}
    answer = bot.send.interaction(body)
    assert answer.status == 200
    return json.loads(answer.body) if answer.body else {}


def _initial(view: dict[str, Any], block_id: str) -> str:
    [block] = [block for block in view["blocks"] if block.get("block_id") == block_id]
    return str(block["element"].get("initial_value", ""))


def _as_typed(view: dict[str, Any]) -> dict[str, Any]:
    """The draft modal's fields submitted as the bot filled them in."""
    return {
        block_id: {f"{block_id}_text": {"type": "plain_text_input", "value": _initial(view, block_id)}}
        for block_id in ("draft_title", "draft_phrasings", "draft_body")
    }


def test_question_the_bot_could_not_answer_is_answered_after_its_ticket_became_an_article(
    bot: RunningBot, engine: Engine, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    open_unknown_question(bot, text=QUESTION)
    assert the_ticket(bot).status == "new"
    click(bot, "ticket_resolve", "1", "UAGENT1")
    [opened] = bot.slack.calls("views.open")
    resolve_values = {
        "resolution": {"resolution_text": {"type": "plain_text_input", "value": RESOLUTION}},
        "make_article": {"make_article_choice": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
    }

    answer = _submit(bot, opened.args["view"], resolve_values)

    assert the_ticket(bot).status == "resolved"
    assert answer["response_action"] == "update"
    draft_view = answer["view"]
    assert _initial(draft_view, "draft_title") == "Hoe krijg ik een parkeerkaart voor de garage onder het kantoor?"
    assert _initial(draft_view, "draft_body") == RESOLUTION
    saved = _submit(bot, draft_view, _as_typed(draft_view))
    kb_dir = Path(env["KB_DIR"])
    [draft_file] = (kb_dir / "drafts").glob("*.md")
    draft_id = draft_file.stem
    assert saved["response_action"] == "update" and draft_id in json.dumps(saved["view"])
    assert not load_directory(kb_dir / "drafts").problems

    database = {"KB_DIR": str(kb_dir), "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    capsys.readouterr()
    assert main(["kb", "drafts"], env=database) == 0
    assert draft_id in capsys.readouterr().out
    assert main(["kb", "publish", draft_id], env=database) == 0
    assert (kb_dir / f"{draft_id}.md").is_file()
    bot.slack.clear()

    ts = "1700000300.000100"
    bot.slack.add_message("CHELP", ts=ts, user="UASKER", text=QUESTION)
    bot.send.event(payload("help_channel_message", text=QUESTION, ts=ts, event_ts=ts), event_id=f"Ev{ts}")

    [reply] = posts(bot, "CHELP")
    assert RESOLUTION.split(";")[0] in text_of(reply)
    assert "Hoe krijg ik een parkeerkaart" in text_of(reply)
