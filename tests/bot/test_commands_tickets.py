"""`servicedesk tickets list|show`: the ticket record from the command line, in the desk's local time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import NEVER_ANSWER, RunningBot
from tests.support.tickets import TICKETS, click, open_unknown_question

pytestmark = [pytest.mark.settings(**NEVER_ANSWER, **TICKETS), pytest.mark.usefixtures("agents")]


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
