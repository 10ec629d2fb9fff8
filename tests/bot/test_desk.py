"""The unit of work: one transaction, one moment, and the posts it queued (none once it rolled back)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from bot.desk import Desk
from bot.errors import ServiceDeskError
from bot.models import OutboxMessage
from bot.outbox.store import Kind, Post
from tests.conftest import START


class CountingClock:
    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return START


def test_unit_of_work_reads_the_clock_once(desk: Desk) -> None:
    clock = CountingClock()
    counted = Desk(desk.settings, desk.sessions, desk.knowledge, clock, desk.render)

    with counted.work() as work:
        work.post(Post("a", Kind.REPLY, "C1", {"text": "een"}))
        work.post(Post("b", Kind.REPLY, "C1", {"text": "twee"}))

    assert clock.reads == 1 and work.now == START


def test_posts_of_a_unit_that_rolled_back_are_not_delivered(desk: Desk) -> None:
    with pytest.raises(ServiceDeskError), desk.work() as work:
        work.post(Post("a", Kind.REPLY, "C1", {"text": "een"}))
        raise ServiceDeskError()

    with desk.work() as after:
        stored = after.session.scalars(select(OutboxMessage)).all()

    assert work.queued == [] and stored == []


def test_queuing_the_same_post_twice_queues_it_once(desk: Desk) -> None:
    with desk.work() as work:
        first = work.post(Post("a", Kind.REPLY, "C1", {"text": "een"}))
        second = work.post(Post("a", Kind.REPLY, "C1", {"text": "anders"}))

    assert first.id == second.id and work.queued == [first.id]
