"""Slack's posting rate per channel, kept by this process: about one message a second per channel, with a short
burst allowed (chat.postMessage's special limit), and nothing to a channel while Slack's Retry-After runs.

A token bucket per channel: a call takes a token; tokens come back at `PER_SECOND`, up to `BURST`. Several
processes each keep their own pace; Slack's 429 (honoured through `hold_off`) covers the rest.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

PER_SECOND = 1.0
BURST = 8


class Pacing:
    """When the next call to each channel may go. Thread-safe; one per process (`Desk.pacing`).

    The pace is real time (`ticks`, monotonic seconds): it is about how fast calls really go. Retry-After is a
    moment on the desk's clock, like the rows' next attempt.
    """

    def __init__(
        self, per_second: float = PER_SECOND, burst: int = BURST, ticks: Callable[[], float] = time.monotonic
    ) -> None:
        self._per_second, self._burst, self._ticks = per_second, burst, ticks
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[float, float]] = {}  # channel: (tokens, as of)
        self._held_off: dict[str, float] = {}  # channel: no call before this moment

    def reserve(self, channel: str, now: datetime) -> float:
        """Take a turn to call Slack about `channel`; returns how many seconds to wait before the call."""
        moment, tick = now.timestamp(), self._ticks()
        with self._lock:
            tokens, since = self._tokens.get(channel, (float(self._burst), tick))
            tokens = min(float(self._burst), tokens + (tick - since) * self._per_second) - 1.0
            self._tokens[channel] = (tokens, tick)
            wait = 0.0 if tokens >= 0 else -tokens / self._per_second
            return max(wait, self._held_off.get(channel, moment) - moment)

    def give_back(self, channel: str) -> None:
        """A reserved turn that was not used (the call was not made)."""
        with self._lock:
            if channel in self._tokens:
                tokens, since = self._tokens[channel]
                self._tokens[channel] = (min(float(self._burst), tokens + 1.0), since)

    def hold_off(self, channel: str, seconds: float, now: datetime) -> None:
        """Slack answered 429 with Retry-After `seconds`: no call about `channel` until then."""
        with self._lock:
            until = now.timestamp() + seconds
            self._held_off[channel] = max(until, self._held_off.get(channel, until))
