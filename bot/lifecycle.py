"""Stopping in order: SIGTERM or SIGINT (Ctrl-C) in every mode, the process gone within 10 seconds.

A command adds its stop steps in the order they must run: stop taking new work (close the link to Slack, stop
the HTTP server), finish what was started (running listeners, the running tick), hand back what cannot be
finished (`hand_back`: e.g. release outbox leases so another process delivers those posts at once), then let go
of resources. Each step gets what is left of the deadline; a step that overruns is logged and left behind, and
the process still exits in time (its daemon threads die with it; unfinished posts stay in the outbox).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

log = logging.getLogger("servicedesk.lifecycle")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
DEADLINE_SECONDS = 8.0
"""Time for all stop steps after the signal: under Docker's and Kubernetes' default 10 s grace period."""


class StopRequested(SystemExit):
    """Raised in the main thread by the first signal when the command blocks in a loop it cannot wake
    otherwise (waitress' serving loop, reading the shell's input). Exits with 0 if nothing catches it."""

    def __init__(self) -> None:
        super().__init__(0)


class Shutdown:
    """The stop signal and the ordered steps that follow it; one per command run."""

    def __init__(self, *, deadline: float = DEADLINE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.requested = threading.Event()
        self._deadline, self._clock = deadline, clock
        self._requested_at: float | None = None
        self._steps: list[tuple[str, Callable[[], object]]] = []
        self._raise_in_main = False
        self.finished_in_time = True

    def add_step(self, name: str, step: Callable[[], object]) -> None:
        """Run `step` when stopping, after the steps added before it."""
        self._steps.append((name, step))

    def hand_back(self, name: str, release: Callable[[], object]) -> None:
        """Work this process holds but will not finish (e.g. outbox leases): `release` gives it back so another
        process takes it over at once instead of when a lease runs out. Runs after in-flight work had its
        chance to finish, before resources are let go."""
        self.add_step(f"hand back {name}", release)

    def install(self, *, raise_in_main: bool = False) -> None:
        """Catch SIGTERM and SIGINT from now on. With `raise_in_main`, the first one also raises
        `StopRequested` in the main thread (to leave a blocking loop); a second one exits at once."""
        self._raise_in_main = raise_in_main
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)

    def request(self, reason: str = "asked to stop") -> None:
        """Start stopping (as a signal would), e.g. because the link to Slack cannot be had."""
        if not self.requested.is_set():
            self._requested_at = self._clock()
            log.info("%s: stopping", reason)
            self.requested.set()

    def wait(self) -> None:
        """Block the calling (main) thread until a stop is requested."""
        while not self.requested.wait(timeout=1.0):  # the timeout keeps the main thread responsive to signals
            pass

    def run_steps(self) -> bool:
        """Run every step in order within the deadline; True when all finished in time."""
        self.request()
        for name, step in self._steps:
            left = self._left()
            if left <= 0 or not _finished(step, left):
                log.warning("stopping: %r did not finish within the %.0f s deadline; left behind", name, self._deadline)
                self.finished_in_time = False
            else:
                log.debug("stopping: %s done", name)
        return self.finished_in_time

    def exit_code(self, code: int = 0) -> int:
        """`code`; when a step overran, its threads may still be alive: exit right here rather than wait."""
        if not self.finished_in_time:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        return code

    def _left(self) -> float:
        started = self._requested_at if self._requested_at is not None else self._clock()
        return self._deadline - (self._clock() - started)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.requested.is_set():
            log.warning("%s again: exiting now", signal.Signals(signum).name)
            os._exit(0 if signum == signal.SIGTERM else 130)
        self.request(signal.Signals(signum).name)
        if self._raise_in_main:
            raise StopRequested


def _finished(step: Callable[[], object], seconds: float) -> bool:
    """Run `step` in a daemon thread; True when it returned (or failed, which is logged) within `seconds`."""

    def run() -> None:
        try:
            step()
        except Exception:
            log.exception("a stop step failed")

    thread = threading.Thread(target=run, name="stop-step", daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()
