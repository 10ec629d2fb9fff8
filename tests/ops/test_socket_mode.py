"""`servicedesk run` in Socket Mode as a real process, against the Socket Mode double and the fake Web API."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_events import payload
from tests.fakes.socket_mode import FakeSocketMode
from tests.ops.processes import BotProcess, environment, free_port, get

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.fixture
def socket_slack(slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode(slack) as double:
        yield double


@pytest.fixture
def metrics_port() -> int:
    return free_port()


@pytest.fixture
def bot(
    socket_slack: FakeSocketMode, slack: FakeSlack, engine: Engine, tmp_path: Path, metrics_port: int
) -> Iterator[BotProcess]:
    env = environment(engine, slack.url, tmp_path, METRICS_PORT=str(metrics_port))
    process = BotProcess(["run"], env, tmp_path)
    try:
        socket_slack.wait_for_link(1, timeout=60)
        yield process
    finally:
        process.kill()


def _ask(socket_slack: FakeSocketMode, text: str, ts: str) -> str:
    question = payload("dm_message", text=text, ts=ts, event_ts=ts)
    return socket_slack.event(question, event_id=f"Ev{ts.replace('.', '')}")


def test_socket_mode_answers_a_question_on_the_link_exactly_once(
    bot: BotProcess, socket_slack: FakeSocketMode, slack: FakeSlack
) -> None:
    envelope = _ask(socket_slack, "ik ben mijn wachtwoord vergeten", "1700000100.000100")

    ack = socket_slack.wait_for_ack(envelope, timeout=10)
    [reply] = slack.wait_for("chat.postMessage", timeout=10)
    time.sleep(0.5)  # a grace period for a duplicate still on its way; nothing may arrive

    assert ack.link == 1
    assert len(slack.calls("chat.postMessage")) == 1
    assert reply.args["channel"] == "D0ASKER"
    assert "Wachtwoord vergeten" in json.dumps(reply.args)


def test_socket_mode_sigterm_closes_the_link_with_a_close_frame_and_exits_0_within_10_s(
    bot: BotProcess, socket_slack: FakeSocketMode
) -> None:
    link = socket_slack.newest_link()

    code, took = bot.stop(signal.SIGTERM)

    socket_slack.wait_for_close(link, timeout=5)
    assert (code, link.close_code_from_app) == (0, 1000), bot.log()
    assert took < 10
    assert "Traceback" not in bot.log()


def test_socket_mode_sigint_stops_the_same_way(bot: BotProcess, socket_slack: FakeSocketMode) -> None:
    link = socket_slack.newest_link()

    code, took = bot.stop(signal.SIGINT)

    socket_slack.wait_for_close(link, timeout=5)
    assert (code, link.close_code_from_app) == (0, 1000), bot.log()
    assert took < 10


def test_socket_mode_reconnects_within_15_s_of_slack_being_back_after_a_drop(
    bot: BotProcess, socket_slack: FakeSocketMode, slack: FakeSlack
) -> None:
    with socket_slack.outage():  # the link drops without a close frame; nothing answers for a while
        time.sleep(8)
    back = time.monotonic()
    new = socket_slack.wait_for_link(2, timeout=20)
    envelope = _ask(socket_slack, "vpn doet het niet", "1700000200.000100")

    assert new.opened_at - back < 15
    assert socket_slack.wait_for_ack(envelope, timeout=10).link == new.number
    assert any("VPN" in json.dumps(c.args) for c in slack.wait_for("chat.postMessage", timeout=10))
    assert "Traceback" not in bot.log()


def test_socket_mode_uses_the_new_link_at_once_after_refresh_requested(
    bot: BotProcess, socket_slack: FakeSocketMode
) -> None:
    for number in range(2, 8):  # Slack refreshes every few hours; six in a row catch a race that one may miss
        old = socket_slack.request_refresh()
        asked = time.monotonic()

        new = socket_slack.wait_for_link(number, timeout=10)
        ack = socket_slack.wait_for_ack(_ask(socket_slack, "outlook start niet", f"17000003{number}0.000100"))

        assert ack.link == new.number
        assert ack.at - asked < 1.0, f"refresh {number - 1}: served after {ack.at - asked:.2f} s"
        assert socket_slack.wait_for_close(old, timeout=5).close_code_from_app == 1000


def test_socket_mode_serves_metrics_and_health_on_metrics_port(
    bot: BotProcess, socket_slack: FakeSocketMode, metrics_port: int
) -> None:
    socket_slack.wait_for_ack(_ask(socket_slack, "printer doet raar", "1700000400.000100"))

    status, text = get(f"http://127.0.0.1:{metrics_port}/metrics")
    health, _ = get(f"http://127.0.0.1:{metrics_port}/healthz")

    assert (status, health) == (200, 200)
    assert "servicedesk_slack_connected 1.0" in text
    assert 'servicedesk_slack_requests_total{mode="socket"} 1.0' in text
    assert "servicedesk_database_up 1.0" in text
