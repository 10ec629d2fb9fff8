"""The stop sequence: steps in order, each within what is left of the deadline, hand-back hooks included."""

from __future__ import annotations

import threading

from bot.lifecycle import Shutdown


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_shutdown_runs_steps_in_the_order_added_with_hand_back_before_resources() -> None:
    done: list[str] = []
    shutdown = Shutdown()
    shutdown.add_step("stop taking work", lambda: done.append("link closed"))
    shutdown.add_step("finish listeners", lambda: done.append("listeners done"))
    shutdown.hand_back("outbox leases", lambda: done.append("leases released"))
    shutdown.add_step("close the database", lambda: done.append("database closed"))

    finished = shutdown.run_steps()

    assert finished is True
    assert done == ["link closed", "listeners done", "leases released", "database closed"]
    assert shutdown.requested.is_set()


def test_shutdown_leaves_a_step_behind_that_overruns_and_still_runs_the_rest() -> None:
    never = threading.Event()
    done: list[str] = []
    shutdown = Shutdown(deadline=0.2)
    shutdown.add_step("stuck", never.wait)
    shutdown.add_step("after", lambda: done.append("after"))

    finished = shutdown.run_steps()

    assert finished is False and shutdown.finished_in_time is False
    assert done == []  # no time was left for it: the deadline counts from the stop request
    never.set()


def test_shutdown_gives_each_step_only_what_is_left_of_the_deadline() -> None:
    clock = FakeClock()
    shutdown = Shutdown(deadline=8.0, clock=clock)
    shutdown.request("test")
    clock.now += 9.0  # e.g. waitress spent it finishing requests
    ran: list[str] = []
    shutdown.add_step("late", lambda: ran.append("late"))

    assert shutdown.run_steps() is False
    assert ran == []


def test_a_failing_step_does_not_stop_the_others() -> None:
    done: list[str] = []
    shutdown = Shutdown()
    shutdown.add_step("broken", lambda: 1 / 0)
    shutdown.add_step("next", lambda: done.append("next"))

    assert shutdown.run_steps() is True
    assert done == ["next"]


def test_exit_code_returns_the_code_when_every_step_finished() -> None:
    shutdown = Shutdown()
    shutdown.run_steps()

    assert shutdown.exit_code(0) == 0
