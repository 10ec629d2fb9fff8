"""Starting as an operator would, when something is wrong: one clear line with what to do, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.fakes.slack_api import FakeSlack
from tests.ops.processes import BotProcess, environment, free_port, get, wait_for_http

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def _started(args: list[str], env: dict[str, str], folder: Path) -> tuple[int, str]:
    bot = BotProcess(args, env, folder)
    code = bot.wait(timeout=60)
    return code, bot.log()


@pytest.mark.parametrize("mode", [["run"], ["run", "--http"], ["announce", "worker"]])
def test_unreachable_slack_is_one_line_saying_what_to_check(mode: list[str], engine: Engine, tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there: connection refused

    code, log = _started(mode, environment(engine, nowhere, tmp_path, LOG_LEVEL="WARNING"), tmp_path)

    assert code == 1
    [line] = log.strip().splitlines()  # nothing but the one line (the log level is WARNING)
    assert line.startswith("Slack cannot be reached") and nowhere in line and "SLACK_API_URL" in line


@pytest.mark.parametrize(
    ("variable", "mode"),
    [("SLACK_BOT_TOKEN", ["run"]), ("SLACK_APP_TOKEN", ["run"]), ("SLACK_BOT_TOKEN", ["announce", "worker"])],
)
def test_a_token_slack_refuses_is_one_line_naming_it(
    variable: str, mode: list[str], slack: FakeSlack, engine: Engine, tmp_path: Path
) -> None:
    if variable == "SLACK_APP_TOKEN":
        slack.add_method("apps.connections.open", lambda args: {"ok": False, "error": "invalid_auth"})
    wrong = {variable: "xoxb-revoked" if variable == "SLACK_BOT_TOKEN" else "xapp-revoked"}

    code, log = _started(mode, environment(engine, slack.url, tmp_path, LOG_LEVEL="WARNING", **wrong), tmp_path)

    assert code == 2
    [line] = log.strip().splitlines()
    assert line.startswith(f"Slack did not accept {variable} (invalid_auth)")


@pytest.mark.parametrize("mode", [["run"], ["announce", "worker"], ["kb", "gaps"]])
def test_a_database_that_does_not_answer_is_one_line_naming_database_url(
    mode: list[str], slack: FakeSlack, tmp_path: Path
) -> None:
    gone = f"postgresql+psycopg://servicedesk:geheim@127.0.0.1:{free_port()}/servicedesk"
    env = environment(None, slack.url, tmp_path, DATABASE_URL=gone, LOG_LEVEL="WARNING")

    code, log = _started(mode, env, tmp_path)

    assert code == 1
    [line] = [line for line in log.strip().splitlines() if not line.startswith("database: ")]
    assert line.startswith("The database does not answer") and "DATABASE_URL" in line
    assert "geheim" not in log  # the password never reaches a terminal or a log


def test_default_database_is_an_absolute_path_printed_by_every_command_that_opens_it(tmp_path: Path) -> None:
    env = environment(None, "http://127.0.0.1:9/api/", tmp_path, XDG_DATA_HOME=str(tmp_path / "data"))
    expected = tmp_path / "data" / "servicedesk" / "servicedesk.sqlite3"

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    gaps = BotProcess(["kb", "gaps"], env, elsewhere)
    gaps_code = gaps.wait()
    asked = BotProcess(["ask", "vpn", "--json"], env, tmp_path)

    assert (gaps_code, asked.wait()) == (0, 0), gaps.log() + asked.log()
    assert f"database: sqlite:///{expected}" in gaps.log()
    assert f"database: sqlite:///{expected}" in asked.log()
    assert expected.is_file()


def test_json_logs_are_one_object_per_line_and_bolt_token_notice_is_gone(
    slack: FakeSlack, engine: Engine, tmp_path: Path
) -> None:
    port = free_port()
    env = environment(engine, slack.url, tmp_path, LOG_FORMAT="json", LOG_LEVEL="DEBUG")
    bot = BotProcess(["run", "--http", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", bot)
        bot.stop()
    finally:
        bot.kill()

    records = [json.loads(line) for line in bot.log().splitlines()]
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert any(record["message"].startswith("database: ") for record in records)
    assert not any("will be unused" in record["message"] for record in records)
    assert "xoxb-test-token" not in bot.log()


def test_http_mode_serves_prometheus_metrics(slack: FakeSlack, engine: Engine, tmp_path: Path) -> None:
    port = free_port()
    bot = BotProcess(["run", "--http", "--host", "127.0.0.1", "--port", str(port)], environment(
        engine, slack.url, tmp_path), tmp_path)  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", bot)
        status, text = get(f"http://127.0.0.1:{port}/metrics")
    finally:
        bot.kill()

    assert status == 200
    assert 'servicedesk_questions_total{band="answer"} 0.0' in text
    assert "servicedesk_database_up 1.0" in text
    assert "process_cpu_seconds_total" in text
