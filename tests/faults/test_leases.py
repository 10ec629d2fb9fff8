"""A lease is short, and kept alive by the heartbeat while a slow Slack call runs: another process never takes
over a row that is still being posted (which would double it), and takes over a dead one's within seconds."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine

from bot.app import make_desk, make_poster
from bot.config import Settings
from bot.db import make_sessions, utcnow
from bot.desk import Desk
from bot.outbox.store import Kind, Post
from bot.outbox.worker import deliver_outbox
from tests.fakes.slack_api import FakeSlack

pytestmark = pytest.mark.timeout(60)


def _process(env: dict[str, str], engine: Engine) -> Desk:
    """One bot process's desk on the real clock, with a 1 s lease."""
    return make_desk(Settings.from_mapping({**env, "OUTBOX_LEASE_SECONDS": "1"}), make_sessions(engine), utcnow)


def test_slow_call_keeps_its_lease_so_another_process_does_not_post_it_again(
    env: dict[str, str], engine: Engine, slack: FakeSlack
) -> None:
    first, second = _process(env, engine), _process(env, engine)
    with first.work() as work:
        work.post(Post("k", Kind.REPLY, "C1", {"text": "antwoord"}, thread_ts="1700000000.000001"))
    slack.slow_down("chat.postMessage", 2.5)  # longer than two leases

    posting = threading.Thread(target=deliver_outbox, args=(first, make_poster(first.settings)))
    posting.start()
    time.sleep(1.5)  # the first lease would have run out by now
    taken_over = deliver_outbox(second, make_poster(second.settings))
    posting.join(timeout=10)

    assert taken_over == 0
    assert [call.outcome for call in slack.calls("chat.postMessage")] == ["ok"]
