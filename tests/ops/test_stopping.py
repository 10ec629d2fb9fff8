"""SIGTERM and SIGINT in every mode: new work stops, the process exits 0 within 10 s, no traceback."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.fakes.slack_api import FakeSlack
from tests.ops.processes import BotProcess, environment, free_port, get, wait_for_http

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_http_mode_stops_serving_and_exits_0_within_10_s(
    signum: int, slack: FakeSlack, engine: Engine, tmp_path: Path
) -> None:
    port = free_port()
    bot = BotProcess(
        ["run", "--http", "--host", "127.0.0.1", "--port", str(port)], _env(slack, engine, tmp_path), tmp_path
    )
    wait_for_http(f"http://127.0.0.1:{port}/healthz", bot)

    code, took = bot.stop(signum)

    assert code == 0, bot.log()
    assert took < 10
    assert "Traceback" not in bot.log()
    with pytest.raises(OSError):  # the port is closed: no new work is taken
        get(f"http://127.0.0.1:{port}/healthz", timeout=1)


def test_announce_worker_stops_on_sigterm_with_exit_0_and_logs_no_line_per_tick(
    slack: FakeSlack, engine: Engine, tmp_path: Path
) -> None:
    bot = BotProcess(["announce", "worker"], _env(slack, engine, tmp_path), tmp_path)
    bot.wait_for_log("announcement worker ticking")
    logged = bot.log().count("\n")
    time.sleep(5)  # two ticks and more
    quiet = bot.log().count("\n") == logged

    code, took = bot.stop(signal.SIGTERM)

    assert quiet, bot.log()
    assert (code, took < 10) == (0, True), bot.log()


def test_announce_worker_refuses_to_start_without_a_bot_token(slack: FakeSlack, engine: Engine, tmp_path: Path) -> None:
    bot = BotProcess(["announce", "worker"], _env(slack, engine, tmp_path, SLACK_BOT_TOKEN=""), tmp_path)

    assert bot.wait(timeout=30) == 2
    assert "needs SLACK_BOT_TOKEN" in bot.log()
    assert "Traceback" not in bot.log()


def test_shell_ends_with_exit_0_on_sigterm_while_waiting_for_input(
    slack: FakeSlack, engine: Engine, tmp_path: Path
) -> None:
    bot = BotProcess(["shell"], _env(slack, engine, tmp_path), tmp_path, stdin=subprocess.PIPE)
    bot.wait_for_log("database:")
    time.sleep(1)  # let it reach the input loop

    code, took = bot.stop(signal.SIGTERM)

    assert (code, took < 10) == (0, True), bot.log()
    assert "Traceback" not in bot.log()


def _env(slack: FakeSlack, engine: Engine, tmp_path: Path, **extra: str) -> dict[str, str]:
    return environment(engine, slack.url, tmp_path, **extra)
