"""Black-box: `servicedesk run --http` as a real process, against the fake Slack Web API, checked from outside."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import BOT_TOKEN, NEVER_ANSWER, SIGNING_SECRET, warm_vector_cache
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_events import SlackSender, payload

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the bot exited with {process.returncode}: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)  # the process is still starting; bounded by the deadline
    raise AssertionError("the bot did not become healthy within 30 s")


@pytest.fixture
def running(slack: FakeSlack, engine: Engine, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SlackSender]:
    port = _free_port()
    warm_vector_cache(engine)  # a bot that ran before has encoded the KB; starting must not take 30 s
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
        DATABASE_URL=engine.url.render_as_string(hide_password=False),
        LOG_LEVEL="WARNING",
        TRIAGE_CHANNEL="CTRIAGE",
        AGENT_IDS="UAGENT1",
        HELP_CHANNELS="CHELP",
        DIGEST_SCHEDULE="off",  # no weekly digest in a test that happens to run on Monday morning
    )
    marker = request.node.get_closest_marker("settings")
    env.update(marker.kwargs if marker else {})
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process)
        slack.clear()
        yield SlackSender(url, SIGNING_SECRET)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def test_http_mode_answers_one_signed_dm_exactly_once(running: SlackSender, slack: FakeSlack) -> None:
    question = payload("dm_message", text="<!channel> ik ben mijn wachtwoord vergeten")
    first = running.event(question, event_id="Ev1")
    retry = running.event(question, event_id="Ev1", retry_num=1)
    own = running.event(payload("dm_message", bot_id="BBOT", ts="1700000400.000100", text="Antwoord: VPN"))
    body = json.dumps({"type": "event_callback", "event_id": "Ev3", "event": payload("dm_message", ts="2.0")})
    tampered = running.raw(body.replace("wachtwoord", "vpn"), headers=_signed_for(body))
    sentinel = running.event(payload("dm_message", ts="1700000500.000100", text="vpn werkt niet"), event_id="Ev4")

    replies = slack.wait_for("chat.postMessage", count=2)
    time.sleep(0.5)  # a grace period for any duplicate still on its way; nothing may arrive

    assert [a.status for a in (first, retry, own, sentinel)] == [200, 200, 200, 200]
    assert tampered.status == 401
    assert len(slack.calls("chat.postMessage")) == 2
    assert {r.args["channel"] for r in replies} == {"D0ASKER"}
    assert "<!channel>" not in json.dumps([c.args for c in slack.calls()])


def _signed_for(body: str) -> dict[str, str]:
    from tests.fakes.signing import signed_headers

    return signed_headers(SIGNING_SECRET, body)


def test_http_mode_health_check_answers_200(running: SlackSender) -> None:
    with urllib.request.urlopen(running.url.removesuffix("/slack/events") + "/healthz", timeout=5) as response:
        assert response.status == 200


@pytest.mark.settings(**NEVER_ANSWER)
def test_http_mode_unknown_question_becomes_a_ticket_an_agent_claims(running: SlackSender, slack: FakeSlack) -> None:
    question = payload("help_channel_message", text="de koffieautomaat geeft stroomstoten")
    running.event(question, event_id="Ev1")
    calls = slack.wait_for("chat.postMessage", count=2)
    [card] = [c for c in calls if c.args["channel"] == "CTRIAGE"]
    [reply] = [c for c in calls if c.args["channel"] == "CHELP"]
    [claim] = [
        e
        for b in card.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "ticket_claim"
    ]

    action = {"action_id": "ticket_claim", "block_id": "card", "type": "button", "value": claim["value"]}
    body = payload(
        "block_actions",
        actions=[action],
        user={"id": "UAGENT1"},
        channel={"id": "CTRIAGE"},
        response_url=slack.url + "response_url/claim",
    )
    assert running.interaction(body).status == 200
    [update] = slack.wait_for("chat.update")
    told = slack.wait_for("chat.postMessage", count=3)[-1]

    assert "SD-1001" in reply.args["text"]
    assert update.args["channel"] == "CTRIAGE" and "<@UAGENT1> werkt eraan" in json.dumps(update.args["blocks"])
    assert told.args["channel"] == "CHELP" and "opgepakt" in told.args["text"]


def test_http_mode_makes_spoed_phishing_a_spoed_ticket_and_alerts_the_triage_channel(
    running: SlackSender, slack: FakeSlack
) -> None:
    command = payload(
        "helpdesk_command",
        text="ticket SPOED phishing: ik heb op de link geklikt",
        response_url=slack.url + "response_url/c",
    )

    assert running.command(command).status == 200

    [answer] = slack.wait_for("response_url/c")
    posted = slack.wait_for("chat.postMessage", count=3)  # the card, the alert, and the DM thread of the ticket
    [alert] = [c for c in posted if c.args["channel"] == "CTRIAGE" and "Spoed" in c.args["text"]]
    assert "(prioriteit: spoed)" in answer.args["text"] and "P1" not in answer.args["text"]
    assert alert.args["text"].startswith("<!here> :rotating_light: *Spoed: SD-1001*")
