"""Real bot processes on one database against the fake Slack, a burst of questions, and the replies counted.

Every question is a top-level message in a help channel; its reply is the bot's post in the question's thread.
`replies()` counts the posts Slack took (including ones whose answer never reached the bot) per question.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from bot.db import make_sessions, utcnow
from bot.models import OutboxMessage
from tests.conftest import SIGNING_SECRET, warm_vector_cache
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_events import SlackSender, payload
from tests.ops.processes import BotProcess, environment, free_port, wait_for_http

SEED = int(os.environ.get("FAULTS_SEED", "20261130"))
"""Random points (which process, when to kill) come from this seed; a failure names it to reproduce."""
CHANNELS = ("CHELP1", "CHELP2", "CHELP3", "CHELP4", "CHELP5", "CHELP6")
QUESTIONS = ("ik ben mijn wachtwoord vergeten", "mijn vpn doet het niet meer", "hoe sluit ik een printer aan")
RECOVERY_SECONDS = 30.0


def rng(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


@dataclass(frozen=True)
class Question:
    channel: str
    ts: str


class Bots:
    """Bot processes in HTTP mode sharing `engine`, all pointed at `slack`."""

    def __init__(self, slack: FakeSlack, engine: Engine, folder: Path) -> None:
        self.slack, self.engine, self.folder = slack, engine, folder
        self.url = slack.url  # kept: while Slack is stopped the fake has no url
        self.processes: list[tuple[BotProcess, SlackSender]] = []
        self._asked = 0
        warm_vector_cache(engine)  # a bot that ran before encoded the KB; starting must not take 30 s

    def start(self, count: int = 1) -> None:
        env = environment(self.engine, self.url, self.folder, HELP_CHANNELS=",".join(CHANNELS), LOG_LEVEL="WARNING")
        started = []
        for _ in range(count):
            port = free_port()
            process = BotProcess(["run", "--http", "--host", "127.0.0.1", "--port", str(port)], env, self.folder)
            started.append((process, port))
        for process, port in started:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", process, timeout=60)
            self.processes.append((process, SlackSender(f"http://127.0.0.1:{port}", SIGNING_SECRET)))

    def ask(self, count: int, *, to: int | None = None) -> list[Question]:
        """`count` questions, round-robin over the help channels (and over the processes, unless `to` names one);
        each must be acknowledged with 200."""
        asked = []
        for _ in range(count):
            self._asked += 1
            number = self._asked
            channel = CHANNELS[number % len(CHANNELS)]
            ts = f"{1_700_001_000 + number}.000100"
            event = payload("help_channel_message", channel=channel, ts=ts, event_ts=ts, text=QUESTIONS[number % 3])
            _, sender = self.processes[to if to is not None else number % len(self.processes)]
            answer = sender.event(event, event_id=f"EvFault{number}")
            assert answer.status == 200, answer
            asked.append(Question(channel, ts))
        return asked

    def replies(self, questions: Iterable[Question]) -> dict[Question, int]:
        """How many replies Slack took in each question's thread."""
        posted = Counter(
            (call.args.get("channel"), call.args.get("thread_ts"))
            for call in self.slack.calls("chat.postMessage")
            if call.outcome == "ok"
        )
        return {question: posted[(question.channel, question.ts)] for question in questions}

    def wait_for_replies(self, questions: list[Question], timeout: float, since: float | None = None) -> float:
        """Seconds from `since` (default: now) until every question has a reply (waiting at most `timeout`), then
        a grace period for doubles."""
        started = time.monotonic() if since is None else since
        while time.monotonic() - started < timeout:
            if all(self.replies(questions).values()):
                break
            time.sleep(0.1)  # polling Slack's side; bounded by the timeout
        took = time.monotonic() - started
        self.wait_until_settled()
        return took

    def wait_until_settled(self, timeout: float = 30.0) -> None:
        """Until no post waits in the outbox (a retry after an unknown outcome has happened, or not posted again),
        then a moment for a call still on its way."""
        deadline = time.monotonic() + timeout
        while self.pending() and time.monotonic() < deadline:
            time.sleep(0.1)  # polling the database; bounded by the deadline
        time.sleep(1.0)

    def pending(self) -> int:
        with make_sessions(self.engine)() as session:
            return int(session.scalar(select(func.count()).where(OutboxMessage.status == "pending")) or 0)

    def stored_replies(self) -> int:
        """Reply rows in the outbox (the questions the bots took in)."""
        with make_sessions(self.engine)() as session:
            return int(session.scalar(select(func.count()).where(OutboxMessage.kind == "reply")) or 0)

    def wait_until_stored(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.stored_replies() < count:
            assert time.monotonic() < deadline, f"only {self.stored_replies()} of {count} questions were stored"
            time.sleep(0.05)  # polling the database; bounded by the deadline

    def logs(self) -> str:
        return "\n".join(process.log()[-3000:] for process, _ in self.processes)

    def stop_all(self) -> None:
        for process, _ in self.processes:
            process.kill()


def held_rows(engine: Engine) -> dict[int, int]:
    """Reply rows some process holds right now (leased into the future): row id: attempts so far."""
    now = utcnow()
    with make_sessions(engine)() as session:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.attempts).where(
                OutboxMessage.status == "pending", OutboxMessage.next_attempt_at > now, OutboxMessage.attempts > 0
            )
        )
        return {row_id: attempts for row_id, attempts in rows}


def seconds_until_taken_over(engine: Engine, held: dict[int, int], since: float, timeout: float = 30.0) -> float:
    """Seconds from `since` until every `held` row was claimed again (its attempts grew) or got its outcome."""
    waiting = dict(held)
    while waiting and time.monotonic() - since < timeout:
        with make_sessions(engine)() as session:
            rows = session.execute(
                select(OutboxMessage.id, OutboxMessage.attempts, OutboxMessage.status).where(
                    OutboxMessage.id.in_(list(waiting))
                )
            )
            for row_id, attempts, status in rows:
                if status != "pending" or attempts > waiting[row_id]:
                    del waiting[row_id]
        time.sleep(0.05)  # polling the database; bounded by the timeout
    assert not waiting, f"rows {sorted(waiting)} were not taken over within {timeout} s"
    return time.monotonic() - since
