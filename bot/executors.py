"""Where listeners run: in the caller's thread (the shell and tests, where `dispatch()` must return done), and
the lanes that keep commands and clicks from waiting behind events."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from bot.inbox import processing as inbox


class InlineExecutor(Executor):
    """An `Executor` that runs each call at once, in the submitting thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the future, as a thread pool would
            future.set_exception(error)
        return future


class Lanes(Executor):
    """The Bolt app's listener executor: commands, actions and view submissions run on the `interactive` pool,
    so they are acknowledged at once however many events wait; the listeners of an inbox event run inline, on
    the event lane thread that processes it (`bot.inbox`), which waits for them to finish."""

    def __init__(self, interactive: Executor) -> None:
        self.interactive = interactive

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if inbox.current() is not None:
            return InlineExecutor().submit(fn, *args, **kwargs)
        return self.interactive.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.interactive.shutdown(wait=wait, cancel_futures=cancel_futures)
