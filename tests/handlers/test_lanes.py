"""Separate lanes: commands, clicks and modals are acknowledged on their own path, never behind queued events,
and a click is acknowledged before its work has even started."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from wsgiref.simple_server import make_server

import pytest
from sqlalchemy import Engine

from bot.app import create_app, make_client, make_inbox
from bot.db import database_answers
from bot.desk import Desk
from bot.web import make_wsgi_app
from tests.conftest import SIGNING_SECRET, _QuietHandler, _ThreadingWSGIServer, warm_vector_cache
from tests.fakes.slack_api import RESPONSE_URL_PREFIX, FakeSlack
from tests.fakes.slack_events import SlackSender, payload


@dataclass
class Laned:
    send: SlackSender
    interactive: ThreadPoolExecutor
    events: ThreadPoolExecutor

    def busy(self, lane: ThreadPoolExecutor) -> threading.Event:
        """Keep the lane's only thread busy until the returned event is set."""
        release = threading.Event()
        lane.submit(release.wait, 30)
        return release


@pytest.fixture
def laned(desk: Desk, slack: FakeSlack, engine: Engine) -> Iterator[Laned]:
    """The bot with one thread per lane, as in production (threads, not inline), over real HTTP."""
    warm_vector_cache(engine)
    interactive, events = ThreadPoolExecutor(1), ThreadPoolExecutor(1)
    app = create_app(desk, make_client(desk.settings), listener_executor=interactive)
    inbox = make_inbox(desk, app, events)
    wsgi = make_wsgi_app(app, lambda: database_answers(engine), inbox, SIGNING_SECRET)
    server = make_server("127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    slack.clear()
    try:
        yield Laned(SlackSender(f"http://127.0.0.1:{server.server_port}", SIGNING_SECRET), interactive, events)
    finally:
        server.shutdown()
        server.server_close()
        interactive.shutdown(wait=True, cancel_futures=True)
        events.shutdown(wait=True, cancel_futures=True)


def _timed(call: object) -> tuple[int, float]:
    started = time.monotonic()
    status = call()  # type: ignore[operator]
    return status, time.monotonic() - started


def test_click_is_acknowledged_before_its_work_can_start(laned: Laned, slack: FakeSlack) -> None:
    action = {"action_id": "answer_not_helped", "block_id": "feedback", "value": "999:vpn", "type": "button"}
    click = payload("block_actions", actions=[action], response_url=slack.url + RESPONSE_URL_PREFIX + "click")
    release = laned.busy(laned.interactive)
    try:
        status, took = _timed(lambda: laned.send.interaction(click).status)
        waited = slack.calls(RESPONSE_URL_PREFIX + "click")
    finally:
        release.set()

    assert (status, waited) == (200, [])
    assert took < 1.0
    [_done] = slack.wait_for(RESPONSE_URL_PREFIX + "click", timeout=10)  # the work follows


def test_command_is_acknowledged_while_events_wait_for_their_lane(laned: Laned, slack: FakeSlack) -> None:
    command = payload("helpdesk_command", text="vpn", response_url=slack.url + RESPONSE_URL_PREFIX + "cmd")
    release = laned.busy(laned.events)
    try:
        for n in range(20):
            event = payload("dm_message", ts=f"1700000{n:03d}.000100", text="vpn werkt niet")
            assert laned.send.event(event, event_id=f"Ev{n}").status == 200
        status, took = _timed(lambda: laned.send.command(command).status)
        [answer] = slack.wait_for(RESPONSE_URL_PREFIX + "cmd", timeout=10)
        replies_meanwhile = slack.calls("chat.postMessage")
    finally:
        release.set()

    assert (status, replies_meanwhile) == (200, [])
    assert took < 1.0
    assert "vpn" in answer.args["text"].lower() or answer.args.get("blocks")
    assert len(slack.wait_for("chat.postMessage", count=20, timeout=30)) == 20
