"""Black-box intake: real `servicedesk run --http` processes, signed (and unsigned) HTTP from outside, the fake
Slack Web API. Nothing acked is lost (kill -9, SIGTERM, Slack unreachable), commands never wait behind events,
and no client error reaches a traceback."""

from __future__ import annotations

import http.client
import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import SIGNING_SECRET, warm_vector_cache
from tests.fakes.signing import signed_headers
from tests.fakes.slack_api import RESPONSE_URL_PREFIX, FakeSlack
from tests.fakes.slack_events import Answer, SlackSender, payload
from tests.ops.processes import BotProcess, environment, free_port, get, wait_for_http

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]
ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")

Start = Callable[[], tuple[BotProcess, SlackSender]]


@pytest.fixture
def start(slack: FakeSlack, engine: Engine, tmp_path: Path) -> Iterator[Start]:
    """Start a bot process on the shared database and fake Slack; every one is stopped afterwards."""
    warm_vector_cache(engine)
    started: list[BotProcess] = []

    def launch() -> tuple[BotProcess, SlackSender]:
        port = free_port()
        env = environment(engine, slack.url, tmp_path, LOG_LEVEL="WARNING")
        bot = BotProcess(["run", "--http", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path)
        started.append(bot)
        return bot, SlackSender(f"http://127.0.0.1:{port}", SIGNING_SECRET)

    yield launch
    for bot in started:
        bot.kill()


def _ready(bot: BotProcess, send: SlackSender) -> None:
    wait_for_http(send.url.removesuffix("/slack/events") + "/healthz", bot)


COLLEAGUES = 40
"""Questions come from this many colleagues, each in their own DM: Slack takes about one post a second per
channel, and the bot paces itself to that, so 200 questions from one colleague would measure Slack's pace."""


def _question(n: int, text: str = "mijn vpn werkt niet") -> dict[str, object]:
    colleague = f"{n % COLLEAGUES:04d}"
    return payload(
        "dm_message",
        ts=f"1700{n:06d}.000100",
        text=f"{text} ({n})",
        channel=f"D0ASK{colleague}",
        user=f"UASK{colleague}",
    )


def _send_all(send: SlackSender, numbers: range, threads: int = 8) -> dict[int, Answer | None]:
    """Deliver questions concurrently, as Slack does; None where the bot did not answer (it was gone)."""

    def deliver(n: int) -> Answer | None:
        try:
            return send.event(_question(n), event_id=f"Ev{n}")
        except OSError:
            return None

    with ThreadPoolExecutor(threads) as pool:
        return dict(zip(numbers, pool.map(deliver, numbers), strict=True))


def test_client_errors_get_4xx_and_the_process_stays_up_without_a_traceback(start: Start) -> None:
    bot, send = start()
    _ready(bot, send)
    body = json.dumps({"type": "event_callback", "event_id": "Ev1", "event": _question(1)})
    stale = signed_headers(SIGNING_SECRET, body, timestamp=int(time.time()) - 600)

    statuses = {
        "unsigned": send.raw(body, headers={"Content-Type": "application/json"}).status,
        "stale": send.raw(body, headers=stale).status,
        "bad timestamp": send.raw(body, headers={**stale, "X-Slack-Request-Timestamp": "nu"}).status,
        "bad json": send.raw(body[:-3]).status,
        "json array": send.raw(f"[{body}]").status,
        "bad form": send.raw("payload=%7B", content_type="application/x-www-form-urlencoded").status,
        "oversized": _oversized(send),
    }

    assert statuses == {
        "unsigned": 401, "stale": 401, "bad timestamp": 401, "bad json": 400, "json array": 400, "bad form": 400,
        "oversized": 413,
    }  # fmt: skip
    assert get(send.url.removesuffix("/slack/events") + "/healthz")[0] == 200
    assert "Traceback" not in bot.log()


def _oversized(send: SlackSender) -> int:
    connection = http.client.HTTPConnection(send.url.split("/")[2], timeout=10)
    connection.putrequest("POST", "/slack/events")
    for name, value in {**signed_headers(SIGNING_SECRET, "{}"), "Content-Length": str(100 * 1024 * 1024)}.items():
        connection.putheader(name, value)
    connection.endheaders(b"{}")
    with connection.getresponse() as response:
        status = response.status
    connection.close()
    return status


def test_one_word_questions_asked_while_slack_is_unreachable_are_all_answered_after_it_is_back(
    start: Start, slack: FakeSlack
) -> None:
    bot, send = start()
    _ready(bot, send)
    words = ["vpn", "outlook", "wifi", "printer", "wachtwoord"]

    slack.stop()
    try:
        acked = [send.event(_question(n, word), event_id=f"Ev{n}").status for n, word in enumerate(words)]
    finally:
        slack.start()
    replies = slack.wait_for("chat.postMessage", count=len(words), timeout=60)

    assert acked == [200] * len(words)
    assert sorted(_replied_to(r.args) for r in replies) == sorted(str(_question(n)["ts"]) for n in range(5))
    assert "Traceback" not in bot.log()


def test_helpdesk_command_is_acked_within_3_s_behind_500_queued_events(start: Start, slack: FakeSlack) -> None:
    bot, send = start()
    _ready(bot, send)
    acked = _send_all(send, range(500), threads=16)
    command = payload("helpdesk_command", text="vpn", response_url=slack.url + RESPONSE_URL_PREFIX + "cmd")

    started = time.monotonic()
    status = send.command(command).status
    took = time.monotonic() - started

    assert [a.status if a else None for a in acked.values()] == [200] * 500
    assert status == 200 and took < 3.0, took
    slack.wait_for(RESPONSE_URL_PREFIX + "cmd", timeout=30)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="several processes on one database: PostgreSQL (TEST_DATABASE_URL)")
def test_burst_of_200_questions_survives_kill_9_and_sigterm_with_one_reply_each(start: Start, slack: FakeSlack) -> None:
    (killed, to_killed), (stopped, to_stopped), (survivor, to_survivor) = start(), start(), start()
    for bot, send in ((killed, to_killed), (stopped, to_stopped), (survivor, to_survivor)):
        _ready(bot, send)
    slack.clear()

    first = _burst(to_killed, range(0, 100), lambda: killed.process.send_signal(signal.SIGKILL))
    second = _burst(to_stopped, range(100, 200), lambda: stopped.process.send_signal(signal.SIGTERM))
    retried = {n: to_survivor.event(_question(n), event_id=f"Ev{n}") for n in (*first, *second)}  # Slack retries
    replies = slack.wait_for("chat.postMessage", count=200, timeout=60)
    time.sleep(1.0)  # a grace period for any duplicate still on its way; nothing may arrive

    assert all(answer.status == 200 for answer in retried.values())
    threads = [_replied_to(r.args) for r in slack.calls("chat.postMessage")]
    assert len(replies) == len(threads) == len(set(threads)) == 200
    assert stopped.process.wait(timeout=15) == 0
    assert "Traceback" not in survivor.log() + stopped.log()


def _replied_to(args: dict[str, object]) -> str:
    """The ts of the question a reply answers, from the outbox key the bot puts in every post's metadata."""
    metadata = args["metadata"]
    found = json.loads(metadata) if isinstance(metadata, str) else metadata
    return str(found["event_payload"]["outbox_key"]).rsplit(":", 1)[-1]  # type: ignore[index]


def _burst(send: SlackSender, numbers: range, signal_halfway: Callable[[], None]) -> list[int]:
    """Send `numbers` with the signal sent halfway; the questions the bot did not ack (Slack sends them again)."""
    half = numbers.start + len(numbers) // 2
    first = _send_all(send, range(numbers.start, half))
    signal_halfway()
    rest = _send_all(send, range(half, numbers.stop))
    return [n for n, answer in {**first, **rest}.items() if answer is None or answer.status != 200]
