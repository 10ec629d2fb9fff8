"""Durable intake: an event is in the database before Slack gets its 200, any process finishes what another
accepted, a restart or a stop hands work on within seconds, and a failed Slack lookup never loses a question."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from typing import Any
from wsgiref.simple_server import make_server

import pytest
from sqlalchemy import func, select

from bot.app import create_app, make_client, make_inbox, make_poster
from bot.db import database_answers
from bot.desk import Desk
from bot.executors import InlineExecutor
from bot.inbox.processing import Inbox
from bot.models import InboxEvent, OutboxMessage, Question
from bot.outbox.worker import deliver_outbox
from bot.web import make_wsgi_app
from tests.conftest import SIGNING_SECRET, Clock, RunningBot, _QuietHandler, _ThreadingWSGIServer
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_events import SlackSender, payload


class Parked(Executor):
    """An event lane that never gets to its work: the process died right after Slack got its 200."""

    def __init__(self) -> None:
        self.parked: list[Callable[[], Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.parked.append(lambda: fn(*args, **kwargs))
        return Future()


@pytest.fixture
def dying(desk: Desk, slack: FakeSlack) -> Iterator[tuple[SlackSender, Inbox]]:
    """A bot whose process dies after answering Slack: its inbox stores events but never processes them."""
    app = create_app(desk, make_client(desk.settings), listener_executor=InlineExecutor())
    inbox = make_inbox(desk, app, Parked())
    wsgi = make_wsgi_app(app, lambda: database_answers(desk.sessions.kw["bind"]), inbox, SIGNING_SECRET)
    server = make_server("127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    slack.clear()
    try:
        yield SlackSender(f"http://127.0.0.1:{server.server_port}", SIGNING_SECRET), inbox
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def survivor(desk: Desk) -> Inbox:
    """Another process on the same database: its pick-up job finishes what others left."""
    app = create_app(desk, make_client(desk.settings), listener_executor=InlineExecutor())
    return make_inbox(desk, app, InlineExecutor())


def _count(desk: Desk, model: type[Any], *where: Any) -> int:
    with desk.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _question(n: int, text: str = "vpn werkt niet") -> dict[str, Any]:
    return payload("dm_message", ts=f"1700000{n:03d}.000100", text=text)


def test_event_is_stored_before_slack_gets_its_200(dying: tuple[SlackSender, Inbox], desk: Desk) -> None:
    send, _inbox = dying

    answer = send.event(_question(1), event_id="Ev1")

    assert answer.status == 200
    assert _count(desk, InboxEvent, InboxEvent.processed_at.is_(None)) == 1


def test_another_process_answers_what_a_dead_process_accepted_once_its_lease_ran_out(
    dying: tuple[SlackSender, Inbox], survivor: Inbox, desk: Desk, clock: Clock, slack: FakeSlack
) -> None:
    send, _inbox = dying
    for n in range(3):
        send.event(_question(n), event_id=f"Ev{n}")

    early = survivor.pick_up()
    clock.advance(seconds=11)
    taken = survivor.pick_up()
    again = survivor.pick_up()

    assert (early, taken, again) == (0, 3, 0)
    assert len(slack.calls("chat.postMessage")) == 3
    assert _count(desk, InboxEvent, InboxEvent.processed_at.is_(None)) == 0


def test_stopping_process_hands_back_what_it_did_not_start_and_another_takes_it_at_once(
    dying: tuple[SlackSender, Inbox], survivor: Inbox, slack: FakeSlack
) -> None:
    send, inbox = dying
    for n in range(2):
        send.event(_question(n), event_id=f"Ev{n}")

    handed = inbox.hand_back()
    taken = survivor.pick_up()

    assert (handed, taken) == (2, 2)
    assert len(slack.calls("chat.postMessage")) == 2


def test_event_handed_back_is_not_started_by_the_process_that_gave_it_back(
    dying: tuple[SlackSender, Inbox], survivor: Inbox, desk: Desk, slack: FakeSlack
) -> None:
    send, inbox = dying
    send.event(_question(1), event_id="Ev1")
    inbox.hand_back()
    survivor.pick_up()

    for parked in inbox._executor.parked:  # type: ignore[attr-defined]  # the lane gets to it after all
        parked()

    assert len(slack.calls("chat.postMessage")) == 1
    assert _count(desk, Question) == 1


def test_event_delivered_again_is_stored_and_answered_once(bot: RunningBot) -> None:
    first = bot.send.event(_question(1), event_id="Ev1")
    retry = bot.send.event(_question(1), event_id="Ev1", retry_num=1)
    same_message = bot.send.event(_question(1), event_id="Ev2")

    assert [a.status for a in (first, retry, same_message)] == [200, 200, 200]
    assert _count(bot.desk, InboxEvent) == 1
    [_reply] = bot.slack.calls("chat.postMessage")


def test_message_and_its_mention_are_two_events(bot: RunningBot) -> None:
    message = payload("help_channel_message", text="<@UBOT> vpn werkt niet")
    mention = {**message, "type": "app_mention"}

    bot.send.event(message, event_id="Ev1")
    bot.send.event(mention, event_id="Ev2")

    assert _count(bot.desk, InboxEvent) == 2
    [_reply] = bot.slack.calls("chat.postMessage")  # answered once: the question's own idempotency


def test_answered_question_is_marked_processed_with_its_reply(bot: RunningBot) -> None:
    bot.send.event(_question(1), event_id="Ev1")

    with bot.desk.sessions() as session:
        [row] = session.scalars(select(InboxEvent))
        [reply] = session.scalars(select(OutboxMessage))
    assert row.processed_at is not None and row.processed_at == reply.created_at


@pytest.mark.parametrize("text", ["vpn", "outlook", "wifi"])
def test_one_word_question_is_answered_after_slack_comes_back_when_slack_was_unreachable(
    bot: RunningBot, desk: Desk, clock: Clock, text: str
) -> None:
    bot.slack.stop()  # users.info (the locale of a one-word question) and the reply both fail
    try:
        answer = bot.send.event(_question(1, text), event_id="Ev1")
    finally:
        bot.slack.start()
    clock.advance(minutes=5)  # the reply's back-off after a network error
    sent = deliver_outbox(desk, make_poster(desk.settings))

    assert (answer.status, sent) == (200, 1)
    [reply] = bot.slack.calls("chat.postMessage")
    assert reply.args["channel"] == "D0ASKER"
    assert _count(desk, InboxEvent, InboxEvent.processed_at.is_(None)) == 0
