"""`/slack/events` checks a request before anything reads it: size (413), Slack's signature and timestamp over
the raw body (401), its form (400); a signed payload of the wrong shape is logged once and ignored (200)."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select

from bot.models import InboxEvent, Question
from bot.web import MAX_BODY_BYTES
from tests.conftest import SIGNING_SECRET, RunningBot
from tests.fakes.slack_events import payload


def _post(bot: RunningBot, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(bot.send.url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code)


def _signed(body: bytes, *, timestamp: str | None = None, content_type: str = "application/json") -> dict[str, str]:
    stamp = timestamp or str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def _event(text: str = "vpn werkt niet", **changes: object) -> bytes:
    envelope = {"type": "event_callback", "event_id": "Ev1", "event": payload("dm_message", text=text, **changes)}
    return json.dumps(envelope).encode()


def _count(bot: RunningBot, model: type[InboxEvent] | type[Question]) -> int:
    with bot.desk.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


UNSIGNED = {
    "no signature": lambda body: {"Content-Type": "application/json"},
    "wrong signature": lambda body: {**_signed(body), "X-Slack-Signature": "v0=" + "0" * 64},
    "stale timestamp": lambda body: _signed(body, timestamp=str(int(time.time()) - 301)),
    "future timestamp": lambda body: _signed(body, timestamp=str(int(time.time()) + 301)),
    "timestamp not a number": lambda body: {**_signed(body), "X-Slack-Request-Timestamp": "soon"},
    "signed for another body": lambda body: _signed(body + b" "),
}


@pytest.mark.parametrize("headers", UNSIGNED.values(), ids=UNSIGNED.keys())
def test_slack_endpoint_refuses_an_unsigned_request_with_401_and_one_log_line(
    bot: RunningBot, headers: object, caplog: pytest.LogCaptureFixture
) -> None:
    body = _event()
    with caplog.at_level(logging.INFO):
        status = _post(bot, body, headers(body))  # type: ignore[operator]

    assert status == 401
    [line] = [r for r in caplog.records if r.name == "servicedesk.http"]
    assert "refused" in line.getMessage() and line.exc_info is None
    assert not any(r.exc_info for r in caplog.records)
    assert (_count(bot, InboxEvent), bot.slack.calls("chat.postMessage")) == (0, [])


MALFORMED = {
    "bad json": (b'{"type": "event_callback", ', "application/json"),
    "json array": (b'[{"type": "event_callback"}]', "application/json"),
    "json string": (b'"event_callback"', "application/json"),
    "not utf-8": (b'{"type": "event_callback", "text": "\xff\xfe"}', "application/json"),
    "bad form": (b"payload=%7B%22type%22", "application/x-www-form-urlencoded"),
    "form payload an array": (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
    "form not a form": (b"&&==&", "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize(("body", "content_type"), MALFORMED.values(), ids=MALFORMED.keys())
def test_slack_endpoint_answers_400_to_a_signed_body_slack_never_sends(
    bot: RunningBot, body: bytes, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        status = _post(bot, body, _signed(body, content_type=content_type))

    assert status == 400
    [line] = [r for r in caplog.records if r.name == "servicedesk.http"]
    assert "refused" in line.getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_slack_endpoint_answers_413_to_a_body_over_the_limit_without_reading_it(bot: RunningBot) -> None:
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(bot.url).netloc, timeout=10)
    connection.putrequest("POST", "/slack/events")
    for name, value in {**_signed(b"{}"), "Content-Length": str(MAX_BODY_BYTES + 1)}.items():
        connection.putheader(name, value)
    connection.endheaders(b"{}")  # the rest of the body never comes: the answer may not wait for it

    with connection.getresponse() as response:
        assert response.status == 413
    connection.close()
    assert _count(bot, InboxEvent) == 0


def test_slack_endpoint_takes_a_body_just_under_the_limit(bot: RunningBot) -> None:
    body = _event("bedankt", blocks=[{"type": "rich_text", "padding": "x" * (MAX_BODY_BYTES - 2000)}])

    assert _post(bot, body, _signed(body)) == 200
    assert _count(bot, InboxEvent) == 1


SHAPES = {
    "user as an object": {"user": {"id": "UASKER"}},
    "no user": {"user": None},
    "text as a list": {"text": ["vpn"]},
    "ts as a number": {"ts": 1700000100.0001},
}


@pytest.mark.parametrize("changes", SHAPES.values(), ids=SHAPES.keys())
def test_slack_endpoint_logs_and_ignores_a_signed_event_of_the_wrong_shape(
    bot: RunningBot, changes: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    event = {k: v for k, v in {**payload("dm_message"), **changes}.items() if v is not None}
    body = json.dumps({"type": "event_callback", "event_id": "Ev1", "event": event}).encode()

    with caplog.at_level(logging.INFO):
        status = _post(bot, body, _signed(body))

    assert status == 200  # Slack must not send it again
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "ignored" in line.getMessage() and line.exc_info is None
    assert (_count(bot, InboxEvent), _count(bot, Question), bot.slack.calls("chat.postMessage")) == (0, 0, [])


def test_slack_endpoint_logs_and_ignores_a_click_whose_user_is_not_an_object(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    body = payload("block_actions", user="UASKER")
    with caplog.at_level(logging.INFO):
        status = bot.send.interaction(body).status

    assert status == 200
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "ignored" in line.getMessage() and not any(r.exc_info for r in caplog.records)


def test_slack_endpoint_logs_and_ignores_a_command_without_its_user(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    fields = {k: v for k, v in payload("helpdesk_command").items() if k != "user_id"}
    with caplog.at_level(logging.INFO):
        status = bot.send.command(fields).status

    assert status == 200
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "ignored" in line.getMessage() and bot.slack.calls() == []
