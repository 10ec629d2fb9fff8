"""Seeing tickets: App Home for colleagues and agents, and the `servicedesk tickets` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import NEVER_ANSWER, RunningBot
from tests.tickets.conftest import click, open_unknown_question

pytestmark = pytest.mark.settings(**NEVER_ANSWER)  # every question here is one the KB cannot answer


def _open_home(bot: RunningBot, user: str) -> dict[str, object]:
    bot.send.event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home"})
    [publish] = [c for c in bot.slack.calls("views.publish") if c.args["user_id"] == user]
    return dict(publish.args["view"])


def test_home_shows_a_colleague_their_open_ticket_in_plain_language(bot: RunningBot) -> None:
    open_unknown_question(bot)

    view = _open_home(bot, "UASKER")

    text = json.dumps(view, ensure_ascii=False)
    assert "Je open tickets" in text and "SD-1001" in text
    assert "wacht op een collega van de servicedesk" in text and "reactie uiterlijk vandaag 14:30" in text
    assert "Nog niet opgepakt" not in text


def test_home_shows_an_agent_the_queue_and_their_own_tickets(bot: RunningBot) -> None:
    open_unknown_question(bot)
    open_unknown_question(bot, ts="1700000900.000100", text="de beamer in zaal 2 zoemt heel hard")
    click(bot, "ticket_claim", "2", "UAGENT1")

    view = _open_home(bot, "UAGENT1")

    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]  # type: ignore[index, union-attr]
    assert headers == ["Je open tickets", "Nog niet opgepakt", "Jouw tickets"]
    text = json.dumps(view, ensure_ascii=False)
    assert text.index("SD-1001") < text.index("Jouw tickets") < text.index("SD-1002")


def _cli(*args: str, engine: Engine, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )


def test_tickets_list_json_has_the_promised_fields(bot: RunningBot, engine: Engine, tmp_path: Path) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    result = _cli("tickets", "list", "--status", "claimed", "--json", engine=engine, cwd=tmp_path)

    [ticket] = json.loads(result.stdout)
    assert {"id", "number", "status", "priority", "requester", "assignee", "created_at"} <= set(ticket)
    assert (ticket["number"], ticket["status"], ticket["assignee"]) == ("SD-1001", "claimed", "UAGENT1")
    assert (
        json.loads(_cli("tickets", "list", "--status", "resolved", "--json", engine=engine, cwd=tmp_path).stdout) == []
    )


def test_tickets_show_prints_the_ticket_and_its_history(bot: RunningBot, engine: Engine, tmp_path: Path) -> None:
    open_unknown_question(bot)
    click(bot, "ticket_claim", "1", "UAGENT1")

    shown = _cli("tickets", "show", "SD-1001", engine=engine, cwd=tmp_path)
    missing = _cli("tickets", "show", "SD-9999", engine=engine, cwd=tmp_path)

    assert shown.returncode == 0
    assert "opened" in shown.stdout and "claimed" in shown.stdout and "koffieautomaat" in shown.stdout
    assert (missing.returncode, missing.stderr.splitlines()[-1]) == (1, "no ticket SD-9999")
